// Package termsafe makes text that espo-oidc did not write itself (settings,
// provider answers, token claims, certificate names, log lines) safe to
// print on a terminal or in a text, GitHub or Markdown report: no control
// character reaches the output raw, so no escape sequence can move the
// cursor, rewrite a line, change the title or write the clipboard (OSC 52),
// and no bidirectional override can reorder what is shown.
//
// Each unsafe rune is written visibly instead: C0 controls and DEL as \xHH
// (ESC as \x1b), C1 controls and the bidi and invisible formatting
// characters as \u{XXXX}, bytes that are not UTF-8 as \xHH. Backslashes are
// left alone: the output is for reading, not for decoding back.
package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Line makes s safe on one line: every control character, including tab,
// newline and carriage return, is written visibly.
func Line(s string) string { return clean(s, false) }

// Text makes s safe as a block: newlines and tabs stay, every other control
// character (carriage return included, which would overwrite a line) is
// written visibly.
func Text(s string) string { return clean(s, true) }

// Safe reports whether s needs no change for Line.
func Safe(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || Unsafe(r) {
			return false
		}
		i += n
	}
	return true
}

// Unsafe reports whether r must not be printed raw: C0 and C1 controls,
// DEL, and the bidirectional controls and invisible format characters
// that can make a terminal show something else than the bytes say.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, // ALM, LRM, RLM
		r >= 0x202a && r <= 0x202e,                           // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069,                           // LRI, RLI, FSI, PDI
		r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, // zero-width characters
		r >= 0xfff9 && r <= 0xfffb, // interlinear annotation
		r == 0x2028, r == 0x2029:   // line and paragraph separators
		return true
	}
	return false
}

func clean(s string, block bool) string {
	if quick(s, block) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case block && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case Unsafe(r):
			fmt.Fprintf(&b, `\u{%04x}`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// quick is the common case: printable ASCII only.
func quick(s string, block bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || block && (c == '\n' || c == '\t') {
			continue
		}
		return false
	}
	return true
}

// Strings applies Line to each of ss, in place, and returns it.
func Strings(ss []string) []string {
	for i := range ss {
		ss[i] = Line(ss[i])
	}
	return ss
}
