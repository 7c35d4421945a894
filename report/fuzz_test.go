package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/rules"
)

// FuzzRenderers feeds hostile text (markup, control characters, workflow
// command syntax, invalid UTF-8) into every field a finding carries: every
// format must render it, SARIF and JSON must stay valid JSON, JUnit valid
// XML, each GitHub annotation one line, and the HTML must not grow markup.
func FuzzRenderers(f *testing.F) {
	f.Add("msg", "fix", "oidcClientId", "data/config.php", "reason")
	f.Add("<script>alert(1)</script>", "::error::x%0A", "a,b:c", "dir with space/ü.php", "")
	f.Add("line1\nline2\r\n|pipe|", "`code` **bold** [link](http://x)", "k]]>", "../x.php", "]]></failure>")
	f.Add("\x00\xff\xfe", "%25%0D", "\u2028", "-", "\x1b[31m")
	old := catalog
	catalog = func() []*rules.Rule { return testRules }
	f.Cleanup(func() { catalog = old })
	f.Fuzz(func(t *testing.T, msg, fix, key, file, reason string) {
		rep := fixtureReport()
		fs := rep.Results[0].Findings
		fs[0].Message, fs[0].Fix, fs[0].Key, fs[0].File = msg, fix, key, file
		fs[2].Suppressed = reason
		if reason == "" {
			fs[2].Suppressed = "r"
		}
		rep.Errors[0].Message = msg
		for _, format := range Formats() {
			var b bytes.Buffer
			if err := Write(&b, format, rep, Options{}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out := b.Bytes()
			switch format {
			case "sarif", "json":
				if !json.Valid(out) {
					t.Fatalf("%s: not valid JSON", format)
				}
			case "junit":
				var v junitSuites
				if err := xml.Unmarshal(out, &v); err != nil && strings.ToValidUTF8(msg+fix+key+file+reason, "") == msg+fix+key+file+reason {
					t.Fatalf("junit: not valid XML: %v", err)
				}
			case "github":
				lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
				if len(lines) != 3 {
					t.Fatalf("github: %d lines, want 3:\n%s", len(lines), out)
				}
				for _, l := range lines {
					if !strings.HasPrefix(l, "::") {
						t.Fatalf("github: line does not start a command: %q", l)
					}
				}
			case "html":
				for _, bad := range []string{"<script", "<img", "<iframe"} {
					if bytes.Contains(bytes.ToLower(out), []byte(bad)) {
						t.Fatalf("html: %s in the output", bad)
					}
				}
			}
		}
	})
}

func benchReport(n int) *Report {
	rep := fixtureSupportReport()
	var fs []rules.Finding
	for i := 0; i < n; i++ {
		f := rep.Results[0].Findings[i%3]
		f.Line = i + 1
		f.Message = fmt.Sprintf("%s (%d)", f.Message, i)
		fs = append(fs, f)
	}
	rep.Results[0].Findings = fs
	return rep
}

// BenchmarkRender measures each format on a report of 1000 findings.
func BenchmarkRender(b *testing.B) {
	rep := benchReport(1000)
	for _, format := range Formats() {
		b.Run(format, func(b *testing.B) {
			var buf bytes.Buffer
			for i := 0; i < b.N; i++ {
				buf.Reset()
				if err := Write(&buf, format, rep, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
