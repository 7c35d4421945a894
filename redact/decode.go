package redact

import (
	"unicode/utf8"
)

// A view is the text as one more layer of escaping would read it: each of
// its bytes remembers the span of the original text it came from, so what
// is found in a decoded view is removed from the original bytes.
type view struct {
	b    []byte
	span []span // nil: the identity (the original text)
}

type span struct{ lo, hi int }

// raw maps [a,b) of the view back to the original text.
func (v *view) raw(a, b int) (int, int) {
	if v.span == nil {
		return a, b
	}
	return v.span[a].lo, v.span[b-1].hi
}

// maxRounds bounds how many layers of escaping are undone (a JSON string
// holding a percent-encoded form holding a JSON string is three).
const maxRounds = 3

// views returns the original text and up to maxRounds decoded readings of
// it; it stops as soon as a round changes nothing. The list is a value, so
// a text with nothing to decode (most) costs no allocation.
func views(b []byte) (l viewList) {
	l.v[0], l.n = view{b: b}, 1
	for range maxRounds {
		last := &l.v[l.n-1]
		if !mayDecode(last.b) {
			break
		}
		d, changed := decode(last)
		if !changed {
			break
		}
		l.v[l.n] = *d
		l.n++
	}
	return l
}

// viewList is what views returns: the first n of v.
type viewList struct {
	n int
	v [maxRounds + 1]view
}

// mayDecode is the cheap test: no backslash, percent or ampersand means
// nothing to undo.
func mayDecode(b []byte) bool {
	for _, c := range b {
		if c == '\\' || c == '%' || c == '&' {
			return true
		}
	}
	return false
}

// decode undoes one layer of the escapings a secret can hide behind in an
// answer, an error or a log: JSON and Go string escapes (\/, \", \uXXXX
// with surrogate pairs, \UXXXXXXXX, \xHH), percent-encoding in either case
// and HTML character references. A '+' stays a '+' (secret matching treats
// '+' and ' ' alike, since form encoding turns one into the other).
func decode(v *view) (*view, bool) {
	in := v.b
	out := &view{b: make([]byte, 0, len(in)), span: make([]span, 0, len(in))}
	changed := false
	emit := func(bs []byte, a, b int) {
		lo, hi := v.raw(a, b)
		for _, c := range bs {
			out.b = append(out.b, c)
			out.span = append(out.span, span{lo, hi})
		}
	}
	var tmp [utf8.UTFMax]byte
	for i := 0; i < len(in); {
		c := in[i]
		n, r, isByte := 0, rune(0), false
		switch c {
		case '\\':
			n, r, isByte = backslash(in[i:])
		case '%':
			if i+3 <= len(in) {
				if h, ok := hexVal(in[i+1 : i+3]); ok {
					n, r, isByte = 3, rune(h), true
				}
			}
		case '&':
			n, r = entity(in[i:])
		}
		if n == 0 {
			emit(in[i:i+1], i, i+1)
			i++
			continue
		}
		changed = true
		if isByte {
			tmp[0] = byte(r)
			emit(tmp[:1], i, i+n)
		} else {
			k := utf8.EncodeRune(tmp[:], r)
			emit(tmp[:k], i, i+n)
		}
		i += n
	}
	return out, changed
}

// backslash reads one backslash escape at the start of b: its length, the
// rune (or byte, isByte) it stands for; 0 when it is not one.
func backslash(b []byte) (n int, r rune, isByte bool) {
	if len(b) < 2 {
		return 0, 0, false
	}
	switch b[1] {
	case '/', '\\', '"', '\'', '`':
		return 2, rune(b[1]), false
	case 'n':
		return 2, '\n', false
	case 'r':
		return 2, '\r', false
	case 't':
		return 2, '\t', false
	case 'b':
		return 2, '\b', false
	case 'f':
		return 2, '\f', false
	case 'a':
		return 2, '\a', false
	case 'v':
		return 2, '\v', false
	case 'x':
		if len(b) >= 4 {
			if h, ok := hexVal(b[2:4]); ok {
				return 4, rune(h), true
			}
		}
	case 'u':
		if len(b) >= 6 {
			if h, ok := hexVal(b[2:6]); ok {
				r := rune(h)
				if r >= 0xD800 && r < 0xDC00 && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
					if l, ok := hexVal(b[8:12]); ok && l >= 0xDC00 && l < 0xE000 {
						return 12, (r-0xD800)<<10 | (rune(l) - 0xDC00) + 0x10000, false
					}
				}
				if r >= 0xD800 && r < 0xE000 {
					r = utf8.RuneError
				}
				return 6, r, false
			}
		}
	case 'U':
		if len(b) >= 10 {
			if h, ok := hexVal(b[2:10]); ok && h <= utf8.MaxRune {
				return 10, rune(h), false
			}
		}
	}
	return 0, 0, false
}

// entity reads one HTML character reference at the start of b.
func entity(b []byte) (int, rune) {
	if len(b) < 4 {
		return 0, 0
	}
	end := -1
	for j := 1; j < len(b) && j < 12; j++ {
		if b[j] == ';' {
			end = j
			break
		}
	}
	if end < 0 {
		return 0, 0
	}
	name := b[1:end]
	switch string(name) {
	case "amp":
		return end + 1, '&'
	case "lt":
		return end + 1, '<'
	case "gt":
		return end + 1, '>'
	case "quot":
		return end + 1, '"'
	case "apos":
		return end + 1, '\''
	case "sol":
		return end + 1, '/'
	case "plus":
		return end + 1, '+'
	case "percnt":
		return end + 1, '%'
	case "bsol":
		return end + 1, '\\'
	case "equals":
		return end + 1, '='
	}
	if len(name) >= 2 && name[0] == '#' {
		var v uint64
		digits := name[1:]
		base := uint64(10)
		if digits[0] == 'x' || digits[0] == 'X' {
			digits, base = digits[1:], 16
		}
		if len(digits) == 0 {
			return 0, 0
		}
		for _, c := range digits {
			d, ok := digit(c, base)
			if !ok {
				return 0, 0
			}
			v = v*base + d
			if v > utf8.MaxRune {
				return 0, 0
			}
		}
		return end + 1, rune(v)
	}
	return 0, 0
}

func digit(c byte, base uint64) (uint64, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint64(c - '0'), true
	case base == 16 && c >= 'a' && c <= 'f':
		return uint64(c-'a') + 10, true
	case base == 16 && c >= 'A' && c <= 'F':
		return uint64(c-'A') + 10, true
	}
	return 0, false
}

func hexVal(b []byte) (uint32, bool) {
	var v uint32
	for _, c := range b {
		d, ok := digit(c, 16)
		if !ok {
			return 0, false
		}
		v = v<<4 | uint32(d)
	}
	return v, true
}
