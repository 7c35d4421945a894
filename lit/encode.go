package lit

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonEncodeMaxDepth is json_encode's default $depth.
const jsonEncodeMaxDepth = 512

// ToJSON encodes v exactly as PHP's json_encode($v) does with default flags:
// lists become JSON arrays, other arrays and objects JSON objects, "/" is
// escaped, non-ASCII is escaped as \uXXXX, floats are printed as PHP prints
// them with serialize_precision=-1. Like json_encode, it fails on invalid
// UTF-8, INF/NAN and nesting deeper than 512; the error is a *ParseError at
// the offending value.
func (v *Value) ToJSON() ([]byte, error) {
	return appendJSON(nil, v, 0)
}

func appendJSON(b []byte, v *Value, depth int) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	switch v.Kind {
	case Null:
		return append(b, "null"...), nil
	case Bool:
		if v.Bool {
			return append(b, "true"...), nil
		}
		return append(b, "false"...), nil
	case Int:
		return strconv.AppendInt(b, v.Int, 10), nil
	case Float:
		if math.IsInf(v.Float, 0) || math.IsNaN(v.Float) {
			return nil, &ParseError{Pos: v.Pos, Msg: "json_encode fails: Inf and NaN cannot be JSON encoded"}
		}
		return append(b, formatPHPFloat(v.Float, 17, 'e')...), nil
	case String:
		return appendJSONString(b, v.Str, v.Pos)
	case Array:
	default:
		return nil, &ParseError{Pos: v.Pos, Msg: "json_encode fails: unknown value kind"}
	}
	depth++
	if depth > jsonEncodeMaxDepth {
		return nil, &ParseError{Pos: v.Pos, Msg: "json_encode fails: Maximum stack depth exceeded"}
	}
	var err error
	if v.IsList() {
		b = append(b, '[')
		for i := range v.Entries {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, v.Entries[i].Value, depth); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	b = append(b, '{')
	for i := range v.Entries {
		e := &v.Entries[i]
		if i > 0 {
			b = append(b, ',')
		}
		if b, err = appendJSONString(b, e.Key, e.KeyPos); err != nil {
			return nil, err
		}
		b = append(b, ':')
		if b, err = appendJSON(b, e.Value, depth); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

const hexDigits = "0123456789abcdef"

func appendJSONString(b []byte, s string, pos Pos) ([]byte, error) {
	b = append(b, '"')
	seg := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '/' {
			i++
			continue
		}
		b = append(b, s[seg:i]...)
		if c < 0x80 {
			switch c {
			case '"', '\\', '/':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			seg = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return nil, &ParseError{Pos: pos, Msg: "json_encode fails: Malformed UTF-8 characters, possibly incorrectly encoded"}
		}
		if r >= 0x10000 {
			r -= 0x10000
			b = appendU4(b, 0xD800+(r>>10))
			b = appendU4(b, 0xDC00+(r&0x3FF))
		} else {
			b = appendU4(b, r)
		}
		i += size
		seg = i
	}
	b = append(b, s[seg:]...)
	return append(b, '"'), nil
}

func appendU4(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}

// formatPHPFloat prints f as PHP's php_gcvt does: precision 17 means
// serialize_precision=-1 (shortest round-trip digits, as json_encode and
// var_export use); 14 is the default `precision` used when a float becomes a
// string (e.g. in a . concatenation). expChar is 'e' (json_encode) or 'E'
// (string conversion).
func formatPHPFloat(f float64, precision int, expChar byte) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		switch {
		case math.IsNaN(f):
			return "NAN"
		case f < 0:
			return "-INF"
		}
		return "INF"
	}
	var out []byte
	if math.Signbit(f) {
		out = append(out, '-')
		f = -f
	}
	if f == 0 {
		return string(append(out, '0'))
	}
	var repr string
	if precision == 17 {
		repr = strconv.FormatFloat(f, 'e', -1, 64)
	} else {
		repr = strconv.FormatFloat(f, 'e', precision-1, 64)
	}
	ePos := strings.IndexByte(repr, 'e')
	exp, _ := strconv.Atoi(repr[ePos+1:])
	digits := strings.Replace(repr[:ePos], ".", "", 1)
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		digits = "0"
	}
	decpt := exp + 1
	switch {
	case (decpt < 0 && decpt < -3) || (decpt >= 0 && decpt > precision):
		// exponential format, e.g. 1.0e+25
		e := decpt - 1
		out = append(out, digits[0], '.')
		if len(digits) == 1 {
			out = append(out, '0')
		} else {
			out = append(out, digits[1:]...)
		}
		out = append(out, expChar)
		if e < 0 {
			out = append(out, '-')
			e = -e
		} else {
			out = append(out, '+')
		}
		out = strconv.AppendInt(out, int64(e), 10)
	case decpt < 0:
		out = append(out, '0', '.')
		for i := decpt; i < 0; i++ {
			out = append(out, '0')
		}
		out = append(out, digits...)
	default:
		for i := 0; i < decpt; i++ {
			if i < len(digits) {
				out = append(out, digits[i])
			} else {
				out = append(out, '0')
			}
		}
		if len(digits) > decpt {
			if decpt == 0 {
				out = append(out, '0')
			}
			out = append(out, '.')
			out = append(out, digits[decpt:]...)
		}
	}
	return string(out)
}
