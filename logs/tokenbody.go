package logs

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/espo-oidc/espo-oidc/lit"
)

// decodeTokenBody reads a token endpoint's error answer as
// json.Unmarshal(raw, &tb) would. A failed login logs one in every record
// it writes, and reflection was a third of the cost of classifying one;
// this reads the common answer (a flat object of strings, numbers and
// arrays of integers, as Entra, Keycloak and the others send) by hand and
// hands anything else to encoding/json: ok is false when it did not decide,
// never when it decided differently (FuzzDecodeTokenBody holds it to that).
func decodeTokenBody(raw string) (tb tokenBody, valid, ok bool) {
	tb, _, valid, ok = decodeTokenBodyErr(raw)
	return tb, valid, ok
}

// decodeTokenBodyErr is decodeTokenBody that also returns the error
// field's string, decoded (what json.Unmarshal(tb.Error, &s) gives).
func decodeTokenBodyErr(raw string) (tb tokenBody, oauthErr string, valid, ok bool) {
	d := flatJSON{s: raw}
	d.space()
	if !d.eat('{') {
		return tb, "", false, false
	}
	seen := 0 // the fields of tokenBody already set (a repeat goes to encoding/json)
	d.space()
	if d.eat('}') {
		return tb, d.err, d.end(), true
	}
	for {
		d.space()
		key, plain := d.str()
		if !plain {
			return tb, "", false, false
		}
		d.space()
		if !d.eat(':') {
			return tb, "", false, false
		}
		d.space()
		field := -1
		switch key {
		case "error":
			field = 0
		case "error_description":
			field = 1
		case "error_codes":
			field = 2
		case "correlation_id":
			field = 3
		default:
			for _, k := range [...]string{"error", "error_description", "error_codes", "correlation_id"} {
				if strings.EqualFold(key, k) {
					return tb, "", false, false // encoding/json matches keys ignoring case
				}
			}
		}
		if field >= 0 {
			if seen&(1<<field) != 0 {
				return tb, "", false, false
			}
			seen |= 1 << field
		}
		switch field {
		case 0, 1, 3:
			start := d.i
			v, plain := d.str()
			if !plain {
				return tb, "", false, false
			}
			switch field {
			case 0:
				tb.Error = json.RawMessage(raw[start:d.i])
				d.err = v
			case 1:
				tb.Description = v
			case 3:
				tb.CorrelationID = v
			}
		case 2:
			codes, good := d.ints()
			if !good {
				return tb, "", false, false
			}
			tb.Codes = codes
		default:
			if !d.skipValue() {
				return tb, "", false, false
			}
		}
		d.space()
		if d.eat(',') {
			continue
		}
		if d.eat('}') {
			return tb, d.err, d.end(), true
		}
		return tb, "", false, false
	}
}

// flatJSON is the little reader decodeTokenBody needs.
type flatJSON struct {
	s   string
	i   int
	err string // the error field's string, decoded
}

func (d *flatJSON) space() {
	for d.i < len(d.s) && (d.s[d.i] == ' ' || d.s[d.i] == '\t' || d.s[d.i] == '\n' || d.s[d.i] == '\r') {
		d.i++
	}
}

func (d *flatJSON) eat(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (d *flatJSON) end() bool {
	d.space()
	return d.i == len(d.s)
}

// str reads a string of printable ASCII with JSON's escapes (\uXXXX
// outside the surrogates); plain is false for anything else
// (encoding/json then decides).
func (d *flatJSON) str() (string, bool) {
	if !d.eat('"') {
		return "", false
	}
	start := d.i
	var b []byte // the decoded string, once an escape was seen
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			if b == nil {
				return d.s[start : d.i-1], true
			}
			return string(b), true
		case c < 0x20 || c >= 0x80:
			return "", false
		case c == '\\':
			if b == nil {
				b = append(make([]byte, 0, 2*(d.i-start)+16), d.s[start:d.i]...)
			}
			if d.i+1 >= len(d.s) {
				return "", false
			}
			d.i += 2
			if x, ok := lit.JSONEscape(d.s[d.i-1]); ok {
				b = append(b, x)
				continue
			}
			if d.s[d.i-1] != 'u' {
				return "", false
			}
			r, ok := lit.Hex4(d.s, d.i)
			if !ok || r >= 0xD800 && r <= 0xDFFF {
				return "", false // surrogates: encoding/json decides
			}
			b = utf8.AppendRune(b, r)
			d.i += 4
			continue
		default:
			if b != nil {
				b = append(b, c)
			}
		}
		d.i++
	}
	return "", false
}

// ints reads an array of integers that fit an int.
func (d *flatJSON) ints() ([]int, bool) {
	if !d.eat('[') {
		return nil, false
	}
	out := []int{}
	d.space()
	if d.eat(']') {
		return out, true
	}
	for {
		d.space()
		start := d.i
		if !d.number() {
			return nil, false
		}
		n, err := strconv.Atoi(d.s[start:d.i])
		if err != nil || strings.ContainsAny(d.s[start:d.i], ".eE") {
			return nil, false
		}
		out = append(out, n)
		d.space()
		if d.eat(',') {
			continue
		}
		if d.eat(']') {
			return out, true
		}
		return nil, false
	}
}

// number reads a JSON number.
func (d *flatJSON) number() bool {
	digits := func() int {
		n := 0
		for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	d.eat('-')
	switch {
	case d.eat('0'):
	case d.i < len(d.s) && d.s[d.i] >= '1' && d.s[d.i] <= '9':
		digits()
	default:
		return false
	}
	if d.eat('.') && digits() == 0 {
		return false
	}
	if d.eat('e') || d.eat('E') {
		if !d.eat('+') {
			d.eat('-')
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// skipValue passes a string, number, true, false, null or an array of
// them (no objects, no nested arrays: those go to encoding/json).
func (d *flatJSON) skipValue() bool {
	if d.i >= len(d.s) {
		return false
	}
	switch c := d.s[d.i]; {
	case c == '"':
		_, plain := d.str()
		return plain
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	case c == '[':
		d.i++
		d.space()
		if d.eat(']') {
			return true
		}
		for {
			d.space()
			if d.i < len(d.s) && d.s[d.i] == '[' || !d.skipValue() {
				return false
			}
			d.space()
			if d.eat(',') {
				continue
			}
			return d.eat(']')
		}
	}
	for _, w := range [...]string{"true", "false", "null"} {
		if strings.HasPrefix(d.s[d.i:], w) {
			d.i += len(w)
			return true
		}
	}
	return false
}
