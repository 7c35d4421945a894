package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/rules"
)

// The GitLab Code Quality report is what GitLab's widget reads: an array of
// issues, each with a description, check_name, fingerprint, one of GitLab's
// five severities and location.path + location.lines.begin. Suppressed
// findings are left out; fingerprints are unique.
func TestGitLabCodeQualityShape(t *testing.T) {
	rep := fixtureReport()
	var issues []map[string]any
	if err := json.Unmarshal(render(t, "gitlab", rep), &issues); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	want := 0
	for _, f := range rep.Findings() {
		if f.Suppressed == "" {
			want++
		}
	}
	if len(issues) != want+len(rep.Errors) {
		t.Fatalf("%d issues, want %d unsuppressed findings + %d input errors", len(issues), want, len(rep.Errors))
	}
	seen := map[string]bool{}
	for i, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, _ := is[k].(string); s == "" {
				t.Errorf("issue %d: %s missing", i, k)
			}
		}
		if !slices.Contains([]string{"info", "minor", "major", "critical", "blocker"}, is["severity"].(string)) {
			t.Errorf("issue %d: severity %v is not one of GitLab's", i, is["severity"])
		}
		loc, _ := is["location"].(map[string]any)
		lines, _ := loc["lines"].(map[string]any)
		if p, _ := loc["path"].(string); p == "" || lines["begin"].(float64) < 1 {
			t.Errorf("issue %d: location %v", i, loc)
		}
		fp := is["fingerprint"].(string)
		if seen[fp] {
			t.Errorf("fingerprint %s twice", fp)
		}
		seen[fp] = true
	}
}

// Checkstyle: parses as XML; one <error> per unsuppressed finding, in the
// file the finding names, with its line and the rule as source.
func TestCheckstyleShape(t *testing.T) {
	rep := fixtureReport()
	var doc csReport
	if err := xml.Unmarshal(render(t, "checkstyle", rep), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	got := map[string]int{}
	for _, f := range doc.Files {
		for _, e := range f.Errors {
			got[f.Name+"|"+e.Source+"|"+e.Severity]++
			if e.Line < 1 {
				t.Errorf("%s: line %d", f.Name, e.Line)
			}
		}
	}
	want := map[string]int{}
	for _, f := range rep.Findings() {
		if f.Suppressed == "" {
			want[artifactPath(f.File)+"|espo-oidc."+f.Rule+"."+f.Name+"|"+csSeverity(f.Severity)]++
		}
	}
	for _, e := range rep.Errors {
		want[artifactPath(e.Instance)+"|espo-oidc.input-error|error"]++
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d error(s), want %d", k, got[k], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if csSeverity(rules.Info) != "info" || csSeverity(rules.Warning) != "warning" {
		t.Error("severity mapping")
	}
}

// The HTML report's "Fix first" list links to each error's finding, which
// carries the fix; every in-page link has its target; ids are unique; within
// an instance the findings go from error to info, suppressed last.
func TestHTMLLinksAndOrder(t *testing.T) {
	for name, rep := range map[string]*Report{"lint": fixtureReport(), "support": fixtureSupportReport()} {
		for _, res := range rep.Results { // least severe first, so the order has to be made
			slices.SortStableFunc(res.Findings, func(a, b rules.Finding) int { return int(a.Severity) - int(b.Severity) })
		}
		out := string(render(t, "html", rep))
		ids := map[string]int{}
		for _, m := range regexp.MustCompile(` id="([^"]+)"`).FindAllStringSubmatch(out, -1) {
			ids[m[1]]++
		}
		for id, n := range ids {
			if n > 1 {
				t.Errorf("%s: id %q used %d times", name, id, n)
			}
		}
		links := regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(out, -1)
		errs := 0
		for _, f := range rep.Findings() {
			if f.Suppressed == "" && f.Severity == rules.Error {
				errs++
			}
		}
		if len(links) < errs {
			t.Errorf("%s: %d in-page links for %d errors to fix first", name, len(links), errs)
		}
		for _, l := range links {
			if ids[l[1]] != 1 {
				t.Errorf("%s: link to #%s has no target", name, l[1])
			}
		}
		for _, sec := range strings.Split(out, `<h2 id="instance-`)[1:] {
			last := -1
			for _, m := range regexp.MustCompile(`<div class="finding s-([a-z]+)"`).FindAllStringSubmatch(sec, -1) {
				if r := severityRank[m[1]]; r < last {
					t.Errorf("%s: %s after a less severe finding", name, m[1])
				} else {
					last = r
				}
			}
		}
		if !strings.Contains(out, `<a class="rule" href="https://github.com/espo-oidc/espo-oidc/blob/main/docs/rules.md#`) && name == "lint" {
			t.Errorf("%s: rule documentation is not a link", name)
		}
	}
}

// The effective-settings table shows PHP types: the string 'false' (a type
// error EspoCRM reads as true) never looks like the boolean false.
func TestDisplayValueShowsPHPTypes(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{"false", "'false'"}, {false, "false"}, {nil, "NULL"}, {float64(3600), "3600"}, {"3600", "'3600'"},
		{[]any{"RS256"}, "['RS256']"}, {"RS256", "'RS256'"}, {"it's", `'it\'s'`},
		{map[string]any{"level": "DEBUG", "rotation": true}, "['level' => 'DEBUG', 'rotation' => true]"},
	} {
		if got := displayValue(RedactedSetting{Key: "k", Value: c.v, Set: true}); got != c.want {
			t.Errorf("%#v shown as %s, want %s", c.v, got, c.want)
		}
	}
	if got := displayValue(RedactedSetting{Key: "oidcClientSecret", Value: "[redacted: 3 chars, sha256 00]", Secret: true, Set: true}); got != "[redacted: 3 chars, sha256 00]" {
		t.Errorf("a redacted secret is shown as %s", got)
	}
}

// At a known width (a terminal, or COLUMNS) the text output wraps messages
// and fixes and shrinks the summary table; every line fits, and each finding's
// file:line:col head stays whole. Without a width nothing is wrapped.
func TestTextWraps(t *testing.T) {
	rep := fixtureReport()
	var b strings.Builder
	if err := Write(&b, "text", rep, Options{Width: 80}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, l := range strings.Split(out, "\n") {
		if n := len([]rune(l)); n > 80 && !strings.Contains(l, ".php:") {
			t.Errorf("line of %d columns at width 80: %q", n, l)
		}
	}
	for _, f := range rep.Findings() {
		if !strings.Contains(out, fmt.Sprintf("%s:%d:%d: ", f.File, f.Line, f.Column)) {
			t.Errorf("the head of %s is broken", f.Rule)
		}
	}
	var wide strings.Builder
	if err := Write(&wide, "text", rep, Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Count(wide.String(), "\n") >= strings.Count(out, "\n") {
		t.Error("width 0 wraps as much as width 80")
	}
}
