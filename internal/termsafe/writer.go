package termsafe

import (
	"io"
)

// NewWriter returns a writer that passes text to w as Text would write it:
// newlines and tabs stay, every other control character, C1 control, bidi
// override and invisible format character is written visibly. With
// keepColor, SGR sequences (ESC [ digits and ';' m: colors and bold, what
// espo-oidc writes with --color) pass unchanged; nothing else that starts
// with ESC does. Each Write is cleaned on its own (writers above it write
// whole strings).
func NewWriter(w io.Writer, keepColor bool) io.Writer {
	return &writer{w: w, color: keepColor}
}

type writer struct {
	w     io.Writer
	color bool
}

func (t *writer) Write(p []byte) (int, error) {
	if quick(string(p), true) {
		return t.w.Write(p)
	}
	var out []byte
	s := string(p)
	for len(s) > 0 {
		if t.color {
			if n := sgrLen(s); n > 0 {
				out = append(out, s[:n]...)
				s = s[n:]
				continue
			}
		}
		// up to the next ESC (or the end), cleaned as a block
		j := 1
		for j < len(s) && s[j] != 0x1b {
			j++
		}
		out = append(out, Text(s[:j])...)
		s = s[j:]
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// sgrLen is the length of the SGR sequence s starts with, 0 if none.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s) && i < 64; i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9' || c == ';':
		case c == 'm':
			return i + 1
		default:
			return 0
		}
	}
	return 0
}
