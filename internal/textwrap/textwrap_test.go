package textwrap

import (
	"os"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	got := Wrap("the quick brown fox jumps over the lazy dog\nsecond paragraph", "  ", 16)
	want := "  the quick\n  brown fox\n  jumps over the\n  lazy dog\n  second\n  paragraph"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, l := range strings.Split(Wrap(strings.Repeat("word ", 50), "> ", 80), "\n") {
		if cols(l) > 80 {
			t.Errorf("line of %d columns: %q", cols(l), l)
		}
	}
	if got := Wrap("a  b   c", "", 0); got != "a b c" {
		t.Errorf("width 0: %q", got)
	}
	long := strings.Repeat("x", 30)
	if got := Wrap("a "+long+" b", "", 10); got != "a\n"+long+"\nb" {
		t.Errorf("long word: %q", got)
	}
	if got := Wrap("Administration → Authentication → OIDC", "", 20); got != "Administration →\nAuthentication →\nOIDC" {
		t.Errorf("arrows count one column: %q", got)
	}
}

func TestHang(t *testing.T) {
	got := Hang("one two three four five six", 10, "    ", 20)
	want := "one two\n    three four five\n    six"
	if got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestWidth(t *testing.T) {
	t.Setenv("COLUMNS", "72")
	if w := Width(nil); w != 72 {
		t.Errorf("COLUMNS=72: %d", w)
	}
	t.Setenv("COLUMNS", "")
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if w := Width(f); w != 0 {
		t.Errorf("a file is not a terminal: width %d", w)
	}
	t.Setenv("COLUMNS", "junk")
	if w := Width(f); w != 0 {
		t.Errorf("COLUMNS=junk: %d", w)
	}
}

func TestLines(t *testing.T) {
	in := "Why\n  one two three four five six seven\nshort\n"
	want := "Why\n  one two three\n  four five six\n  seven\nshort\n"
	if got := Lines(in, 16); got != want {
		t.Errorf("got %q want %q", got, want)
	}
	if Lines(in, 0) != in {
		t.Error("width 0 changes the text")
	}
}
