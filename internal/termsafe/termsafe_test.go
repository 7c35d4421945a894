package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	cases := map[string]string{
		"plain issuer https://login.example/": "plain issuer https://login.example/",
		"Ünïcödé ok, 日本":                      "Ünïcödé ok, 日本",
		"\x1b]52;c;ZWNobyBoaQ==\x07":          `\x1b]52;c;ZWNobyBoaQ==\x07`, // OSC 52 writes the clipboard
		"\x1b[2J\x1b[H":                       `\x1b[2J\x1b[H`,
		"ok\rFAKE":                            `ok\x0dFAKE`,
		"a\nb\tc":                             `a\x0ab\x09c`,
		"\u009b31m C1 CSI":                    `\u{009b}31m C1 CSI`,
		"user\u202egnp.exe":                   `user\u{202e}gnp.exe`,
		"\u2066isolate\u2069":                 `\u{2066}isolate\u{2069}`,
		"zero\u200bwidth\ufeff":               `zero\u{200b}width\u{feff}`,
		"bad \xff\xfe bytes":                  `bad \xff\xfe bytes`,
		"del\x7f":                             `del\x7f`,
		"":                                    "",
	}
	for in, want := range cases {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	if got := Text("line 1\n\tline 2\r\x1b[31m"); got != "line 1\n\tline 2\\x0d\\x1b[31m" {
		t.Errorf("Text = %q", got)
	}
	if !Safe("ok") || Safe("\x1b") || Safe("\xff") || Safe("a\u202e") {
		t.Error("Safe")
	}
	if got := Strings([]string{"a\x1b", "b"}); got[0] != `a\x1b` || got[1] != "b" {
		t.Errorf("Strings = %q", got)
	}
}

// FuzzLine: nothing unsafe survives, UTF-8 comes out valid, and cleaning
// twice changes nothing.
func FuzzLine(f *testing.F) {
	for _, s := range []string{"\x1b]52;c;ZWNobw==\x07", "a\u202eb", "\xff\x00\u0085", "plain", "tab\tnl\ncr\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fn := range []func(string) string{Line, Text} {
			out := fn(s)
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8: %q", out)
			}
			for _, r := range out {
				if Unsafe(r) && r != '\n' && r != '\t' {
					t.Fatalf("%q left in %q", r, out)
				}
			}
			if fn(out) != out {
				t.Fatalf("not stable: %q -> %q", out, fn(out))
			}
		}
		if strings.ContainsAny(Line(s), "\n\t\r\x1b") {
			t.Fatalf("Line kept a control: %q", Line(s))
		}
		if Safe(s) != (Line(s) == s) {
			t.Fatalf("Safe(%q) = %v, Line = %q", s, Safe(s), Line(s))
		}
	})
}

func TestWriter(t *testing.T) {
	var b strings.Builder
	w := NewWriter(&b, true)
	w.Write([]byte("\x1b[1;31mred\x1b[0m issuer \x1b]52;c;ZXZpbA==\x07 \x1b[2J done\n\ttab\r\u202e"))
	if got := b.String(); got != "\x1b[1;31mred\x1b[0m issuer \\x1b]52;c;ZXZpbA==\\x07 \\x1b[2J done\n\ttab\\x0d\\u{202e}" {
		t.Errorf("color: %q", got)
	}
	b.Reset()
	n, err := NewWriter(&b, false).Write([]byte("\x1b[31mx\x1b[0m"))
	if got := b.String(); got != `\x1b[31mx\x1b[0m` || n != len("\x1b[31mx\x1b[0m") || err != nil {
		t.Errorf("no color: %q %d %v", got, n, err)
	}
}
