package lit

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParseJSON parses a JSON document (RFC 8259, optionally preceded by a UTF-8
// BOM) into the same tree as ParsePHP: objects become arrays with Object set
// and string keys, arrays become lists with int keys 0..n-1. Numbers without
// fraction or exponent that fit an int64 are Int, other numbers Float. A
// later duplicate object key overwrites the earlier value in place, as PHP's
// json_decode does. Errors are *ParseError and never quote string contents.
func ParseJSON(file string, src []byte) (*Value, error) {
	p := &jsonParser{file: file, s: string(src), line: 1}
	if isUTF16(src) {
		return nil, p.errf(p.pos(0), "the file is UTF-16 encoded: save it as UTF-8")
	}
	if strings.HasPrefix(p.s, "\xEF\xBB\xBF") {
		p.off = 3
	}
	p.skipSpace()
	if p.off >= len(p.s) {
		if len(p.s) == 0 {
			return nil, p.errf(p.pos(p.off), "empty file: expected a JSON value")
		}
		return nil, p.errf(p.pos(p.off), "unexpected end of JSON input: expected a value")
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.off < len(p.s) {
		return nil, p.errf(p.pos(p.off), "invalid %s after top-level value", p.describe(p.off))
	}
	return v, nil
}

type jsonParser struct {
	file      string
	s         string
	off       int
	line      int
	lineStart int
	slab      []Value
	stack     entryStack // entries of the arrays being parsed
}

func (p *jsonParser) pos(off int) Pos {
	return Pos{File: p.file, Line: p.line, Column: off - p.lineStart + 1}
}

func (p *jsonParser) errf(pos Pos, format string, args ...any) error {
	return &ParseError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) newValue(k Kind, pos Pos) *Value {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]Value, 0, 256)
	}
	p.slab = p.slab[:len(p.slab)+1]
	v := &p.slab[len(p.slab)-1]
	v.Kind = k
	v.Pos = pos
	return v
}

// describe names the character at off, e.g. "character 'x'".
func (p *jsonParser) describe(off int) string {
	d := describeChar(p.s, off)
	if d[0] == '\'' {
		return "character " + d
	}
	return strings.TrimPrefix(d, "invalid ") // "invalid UTF-8 byte ..."
}

func (p *jsonParser) skipSpace() {
	s := p.s
	for p.off < len(s) {
		switch s[p.off] {
		case ' ', '\t', '\r':
		case '\n':
			p.line++
			p.lineStart = p.off + 1
		default:
			return
		}
		p.off++
	}
}

func (p *jsonParser) eof(what string) error {
	return p.errf(p.pos(p.off), "unexpected end of JSON input: %s", what)
}

func (p *jsonParser) value(depth int) (*Value, error) {
	s := p.s
	if p.off >= len(s) {
		return nil, p.eof("expected a value")
	}
	start := p.pos(p.off)
	switch c := s[p.off]; {
	case c == '{':
		return p.object(depth+1, start)
	case c == '[':
		return p.array(depth+1, start)
	case c == '"':
		str, err := p.str()
		if err != nil {
			return nil, err
		}
		v := p.newValue(String, start)
		v.Str = str
		return v, nil
	case c == '-' || isDigit(c):
		return p.number(start)
	case c == 't':
		return p.literal("true", start)
	case c == 'f':
		return p.literal("false", start)
	case c == 'n':
		return p.literal("null", start)
	}
	return nil, p.errf(start, "invalid %s looking for beginning of value", p.describe(p.off))
}

func (p *jsonParser) literal(word string, start Pos) (*Value, error) {
	for i := 1; i < len(word); i++ {
		off := p.off + i
		if off >= len(p.s) {
			p.off = off
			return nil, p.eof(fmt.Sprintf("in literal %s", word))
		}
		if p.s[off] != word[i] {
			p.off = off
			return nil, p.errf(p.pos(off), "invalid %s in literal %s (expecting '%c')", p.describe(off), word, word[i])
		}
	}
	p.off += len(word)
	v := p.newValue(Null, start)
	switch word {
	case "true":
		v.Kind, v.Bool = Bool, true
	case "false":
		v.Kind = Bool
	}
	return v, nil
}

func (p *jsonParser) number(start Pos) (*Value, error) {
	s := p.s
	i := p.off
	isFloat := false
	bad := func(j int, where string) (*Value, error) {
		p.off = j
		if j >= len(s) {
			return nil, p.eof("in numeric literal")
		}
		return nil, p.errf(p.pos(j), "invalid %s %s", p.describe(j), where)
	}
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && isDigit(s[i]):
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return bad(i, "in numeric literal")
	}
	if i < len(s) && s[i] == '.' {
		isFloat = true
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return bad(i, "after decimal point in numeric literal")
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		isFloat = true
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return bad(i, "in exponent of numeric literal")
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	lit := s[p.off:i]
	p.off = i
	if !isFloat {
		if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
			v := p.newValue(Int, start)
			v.Int = n
			return v, nil
		}
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) { // out of range: ±Inf or 0, as PHP
		return nil, p.errf(start, "invalid numeric literal")
	}
	v := p.newValue(Float, start)
	v.Float = f
	return v, nil
}

// str reads a JSON string at p.off (the opening quote).
func (p *jsonParser) str() (string, error) {
	s := p.s
	open := p.pos(p.off)
	i := p.off + 1
	var b []byte // nil until the first escape
	seg := i
	for {
		if i >= len(s) {
			p.off = i
			return "", p.eof(fmt.Sprintf("the string opened at line %d, column %d is not closed", open.Line, open.Column))
		}
		c := s[i]
		switch {
		case c == '"':
			p.off = i + 1
			if b == nil {
				return s[seg:i], nil
			}
			return string(append(b, s[seg:i]...)), nil
		case c == '\\':
			if b == nil {
				b = make([]byte, 0, quotedEnd(s, seg-1)-seg)
			}
			b = append(b, s[seg:i]...)
			if i+1 >= len(s) {
				p.off = i + 1
				return "", p.eof(fmt.Sprintf("the string opened at line %d, column %d is not closed", open.Line, open.Column))
			}
			epos := p.pos(i)
			if x, ok := JSONEscape(s[i+1]); ok {
				b = append(b, x)
				i += 2
				seg = i
				continue
			}
			switch s[i+1] {
			case 'u':
				r, ok := Hex4(s, i+2)
				if !ok {
					return "", p.errf(epos, "invalid \\u escape in string literal: expected 4 hex digits")
				}
				i += 4
				if r >= 0xD800 && r < 0xDC00 {
					r2, ok := rune(0), false
					if i+2 < len(s) && s[i+2] == '\\' && i+3 < len(s) && s[i+3] == 'u' {
						r2, ok = Hex4(s, i+4)
					}
					if !ok || r2 < 0xDC00 || r2 >= 0xE000 {
						return "", p.errf(epos, "invalid \\u escape in string literal: unpaired UTF-16 surrogate")
					}
					r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
					i += 6
				} else if r >= 0xDC00 && r < 0xE000 {
					return "", p.errf(epos, "invalid \\u escape in string literal: unpaired UTF-16 surrogate")
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", p.errf(epos, "invalid escape sequence in string literal")
			}
			i += 2
			seg = i
		case c < 0x20:
			return "", p.errf(p.pos(i), "invalid control character 0x%02X in string literal (control characters must be escaped)", c)
		case c < 0x80:
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size <= 1 {
				return "", p.errf(p.pos(i), "invalid UTF-8 in string literal")
			}
			i += size
		}
	}
}

// JSONEscape is the byte a one-letter JSON escape (the letter after the
// backslash) stands for; ok is false for \u and anything else.
func JSONEscape(e byte) (c byte, ok bool) {
	switch e {
	case '"', '\\', '/':
		return e, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// Hex4 reads the four hex digits of a \u escape at s[i:].
func Hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for j := i; j < i+4; j++ {
		if !isHex(s[j]) {
			return 0, false
		}
		r = r*16 + rune(hexVal(s[j]))
	}
	return r, true
}

func (p *jsonParser) object(depth int, start Pos) (*Value, error) {
	if depth > MaxDepth {
		return nil, p.errf(start, "JSON nested more than %d levels deep", MaxDepth)
	}
	obj := p.newValue(Array, start)
	obj.Object = true
	a := newArrayBuilder(&p.stack)
	p.off++
	unclosed := func() error {
		return p.eof(fmt.Sprintf("the object opened at line %d is not closed", start.Line))
	}
	p.skipSpace()
	if p.off < len(p.s) && p.s[p.off] == '}' {
		p.off++
		return obj, nil
	}
	for {
		if p.off >= len(p.s) {
			return nil, unclosed()
		}
		if p.s[p.off] != '"' {
			return nil, p.errf(p.pos(p.off), "invalid %s looking for beginning of object key string", p.describe(p.off))
		}
		keyPos := p.pos(p.off)
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.off >= len(p.s) {
			return nil, unclosed()
		}
		if p.s[p.off] != ':' {
			return nil, p.errf(p.pos(p.off), "invalid %s after object key", p.describe(p.off))
		}
		p.off++
		p.skipSpace()
		if p.off >= len(p.s) {
			return nil, unclosed()
		}
		val, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		a.set(arrayKey{s: key}, keyPos, val)
		p.skipSpace()
		if p.off >= len(p.s) {
			return nil, unclosed()
		}
		switch p.s[p.off] {
		case ',':
			p.off++
			p.skipSpace()
		case '}':
			p.off++
			a.finish(obj)
			return obj, nil
		default:
			return nil, p.errf(p.pos(p.off), "invalid %s after object key:value pair", p.describe(p.off))
		}
	}
}

func (p *jsonParser) array(depth int, start Pos) (*Value, error) {
	if depth > MaxDepth {
		return nil, p.errf(start, "JSON nested more than %d levels deep", MaxDepth)
	}
	arr := p.newValue(Array, start)
	a := newArrayBuilder(&p.stack)
	p.off++
	unclosed := func() error {
		return p.eof(fmt.Sprintf("the array opened at line %d is not closed", start.Line))
	}
	p.skipSpace()
	if p.off < len(p.s) && p.s[p.off] == ']' {
		p.off++
		return arr, nil
	}
	for {
		if p.off >= len(p.s) {
			return nil, unclosed()
		}
		valPos := p.pos(p.off)
		val, err := p.value(depth)
		if err != nil {
			return nil, err
		}
		a.set(intKey(int64(a.len())), valPos, val)
		p.skipSpace()
		if p.off >= len(p.s) {
			return nil, unclosed()
		}
		switch p.s[p.off] {
		case ',':
			p.off++
			p.skipSpace()
		case ']':
			p.off++
			a.finish(arr)
			return arr, nil
		default:
			return nil, p.errf(p.pos(p.off), "invalid %s after array element", p.describe(p.off))
		}
	}
}
