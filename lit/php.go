package lit

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// NonLiteralAdvice ends the message of every error about PHP code that is not
// a literal (a variable, a function call, a constant, ...).
const NonLiteralAdvice = `espo-oidc reads only literal PHP; export the effective settings as JSON instead: php -r 'echo json_encode(include "data/config.php");' > settings.json (or, on EspoCRM 10, php command.php config:get <key> --json), and lint that file`

// MaxDepth is how deeply arrays (and parentheses) may nest in the files that
// ParsePHP and ParseJSON read.
const MaxDepth = 500

// IsNonLiteral reports whether err is a *ParseError about PHP code that is
// valid PHP but not a literal, such as getenv('X') or $var.
func IsNonLiteral(err error) bool {
	var pe *ParseError
	return errors.As(err, &pe) && strings.HasSuffix(pe.Msg, NonLiteralAdvice)
}

// Detect sniffs the syntax of a settings file: "php" when it starts (after an
// optional UTF-8 BOM and whitespace) with <?php, "json" when it starts with
// { or [, and "" otherwise.
func Detect(src []byte) string {
	s := skipBOMAndSpace(src)
	switch {
	case len(s) >= 5 && strings.EqualFold(string(s[:5]), "<?php"):
		return "php"
	case len(s) > 0 && (s[0] == '{' || s[0] == '['):
		return "json"
	}
	return ""
}

func skipBOMAndSpace(src []byte) []byte {
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		src = src[3:]
	}
	for len(src) > 0 && isSpace(src[0]) {
		src = src[1:]
	}
	return src
}

// isUTF16 reports whether src starts with a UTF-16 byte order mark.
func isUTF16(src []byte) bool {
	return len(src) >= 2 && ((src[0] == 0xFF && src[1] == 0xFE) || (src[0] == 0xFE && src[1] == 0xFF))
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) int {
	switch {
	case c >= 'a':
		return int(c-'a') + 10
	case c >= 'A':
		return int(c-'A') + 10
	}
	return int(c - '0')
}

// isNameStart reports whether c can start a PHP label. PHP also allows bytes
// 0x80-0xFF; this parser reports them as unexpected characters instead, so no
// message ever quotes undecodable bytes.
func isNameStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }

func isNameChar(c byte) bool { return isNameStart(c) || isDigit(c) }

// describeChar names the character at s[off] for a message without dumping
// binary data: printable ASCII is quoted, anything else is described.
func describeChar(s string, off int) string {
	c := s[off]
	switch {
	case c == 0:
		return "NUL byte (binary data?)"
	case c < 0x20 || c == 0x7f:
		return fmt.Sprintf("control character 0x%02X", c)
	case c < 0x80:
		return strconv.QuoteRune(rune(c))
	}
	r, size := utf8.DecodeRuneInString(s[off:])
	if r == utf8.RuneError && size <= 1 {
		return fmt.Sprintf("invalid UTF-8 byte 0x%02X (binary data?)", c)
	}
	return fmt.Sprintf("character %U", r)
}

// ---------------------------------------------------------------------------
// Lexer

type tokKind int

const (
	tEOF      tokKind = iota
	tName             // identifier or keyword, possibly namespaced (text)
	tVar              // $name (text, with the $)
	tString           // string literal (str, decoded)
	tInt              // integer literal (i)
	tFloat            // float literal (f)
	tPunct            // operator or punctuation (text)
	tCast             // (type) cast (text: the lower-case type)
	tCloseTag         // ?>
)

type token struct {
	kind tokKind
	text string
	str  string
	i    int64
	f    float64
	pos  Pos
	off  int
}

// operators, longest first within each first byte (the lexer takes the first
// match).
var operators = []string{
	"<<<", "===", "!==", "<=>", "**=", "...", "<<=", ">>=", "??=", "?->",
	"=>", "?>", "::", "->", "**", "++", "--", "==", "!=", "<>", "<=", ">=",
	"&&", "||", "??", "<<", ">>", "+=", "-=", "*=", "/=", ".=", "%=", "&=",
	"|=", "^=", "#[",
}

var castTypes = map[string]bool{
	"object": true, "array": true, "int": true, "integer": true, "bool": true,
	"boolean": true, "float": true, "double": true, "real": true, "string": true,
	"binary": true, "unset": true,
}

type phpParser struct {
	file      string
	s         string
	off       int
	line      int
	lineStart int

	closed   bool // a ?> was lexed; the lexer returns EOF from then on
	closeEnd int  // offset just after the ?>

	tok    token
	ahead  [3]token // lookahead
	nahead int

	slab  []Value
	stack entryStack // entries of the arrays being parsed
}

func (p *phpParser) pos(off int) Pos {
	return Pos{File: p.file, Line: p.line, Column: off - p.lineStart + 1}
}

func (p *phpParser) errf(pos Pos, format string, args ...any) error {
	return &ParseError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// nonLiteral reports valid PHP that is not a literal. what names the
// construct and must not quote string contents.
func (p *phpParser) nonLiteral(pos Pos, what string) error {
	return &ParseError{Pos: pos, Msg: what + " is not a literal; " + NonLiteralAdvice}
}

func (p *phpParser) newline(at int) {
	p.line++
	p.lineStart = at + 1
}

func (p *phpParser) newValue(k Kind, pos Pos) *Value {
	if len(p.slab) == cap(p.slab) {
		// slabs grow 16, 32, ... 256: a small file does not pay for 256
		// values (a config.php holds a few dozen)
		p.slab = make([]Value, 0, min(max(2*cap(p.slab), 16), 256))
	}
	p.slab = p.slab[:len(p.slab)+1]
	v := &p.slab[len(p.slab)-1]
	v.Kind = k
	v.Pos = pos
	return v
}

// release gives back v's slot if v was the last value allocated (an
// operand of a concatenation, which is not part of the tree).
func (p *phpParser) release(v *Value) {
	if n := len(p.slab); n > 0 && &p.slab[n-1] == v {
		p.slab[n-1] = Value{}
		p.slab = p.slab[:n-1]
	}
}

// next advances to the next token.
func (p *phpParser) next() error {
	if p.nahead > 0 {
		p.tok = p.ahead[0]
		copy(p.ahead[:], p.ahead[1:p.nahead])
		p.nahead--
		return nil
	}
	return p.lex(&p.tok)
}

// peek returns the n-th token after the current one (1 <= n <= 3).
func (p *phpParser) peek(n int) (token, error) {
	for p.nahead < n {
		if err := p.lex(&p.ahead[p.nahead]); err != nil {
			return token{}, err
		}
		p.nahead++
	}
	return p.ahead[n-1], nil
}

func (p *phpParser) skipSpaceAndComments() error {
	s := p.s
	for p.off < len(s) {
		switch c := s[p.off]; c {
		case ' ', '\t', '\r':
			p.off++
		case '\n':
			p.newline(p.off)
			p.off++
		case '#':
			if p.off+1 < len(s) && s[p.off+1] == '[' {
				return nil
			}
			p.skipLineComment()
		case '/':
			if p.off+1 < len(s) && s[p.off+1] == '/' {
				p.skipLineComment()
			} else if p.off+1 < len(s) && s[p.off+1] == '*' {
				if err := p.skipBlockComment(); err != nil {
					return err
				}
			} else {
				return nil
			}
		default:
			return nil
		}
	}
	return nil
}

// skipLineComment skips a // or # comment up to (not including) the end of
// the line or a ?> tag, which ends such a comment in PHP.
func (p *phpParser) skipLineComment() {
	s := p.s
	i := p.off
	for i < len(s) {
		c := s[i]
		if c == '\n' || c == '\r' || (c == '?' && i+1 < len(s) && s[i+1] == '>') {
			break
		}
		i++
	}
	p.off = i
}

func (p *phpParser) skipBlockComment() error {
	start := p.pos(p.off)
	s := p.s
	i := p.off + 2
	for {
		j := strings.IndexAny(s[i:], "*\n")
		if j < 0 {
			return p.errf(start, "unterminated comment: the /* comment opened here is not closed before the end of the file")
		}
		i += j
		if s[i] == '\n' {
			p.newline(i)
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '/' {
			p.off = i + 2
			return nil
		}
		i++
	}
}

func (p *phpParser) lex(t *token) error {
	if p.closed {
		*t = token{kind: tEOF, pos: p.pos(p.off), off: p.off}
		return nil
	}
	if err := p.skipSpaceAndComments(); err != nil {
		return err
	}
	s := p.s
	start := p.off
	*t = token{pos: p.pos(start), off: start}
	if start >= len(s) {
		t.kind = tEOF
		return nil
	}
	c := s[start]
	switch {
	case c == '\'':
		return p.lexSingle(t, start)
	case c == '"':
		return p.lexDouble(t, start)
	case c == '`':
		return p.nonLiteral(t.pos, "a shell command in backticks")
	case isDigit(c) || (c == '.' && start+1 < len(s) && isDigit(s[start+1])):
		return p.lexNumber(t)
	case (c == 'b' || c == 'B') && start+1 < len(s) && (s[start+1] == '\'' || s[start+1] == '"'):
		// binary string prefix b'...' / b"..."
		if s[start+1] == '\'' {
			return p.lexSingle(t, start+1)
		}
		return p.lexDouble(t, start+1)
	case isNameStart(c) || (c == '\\' && start+1 < len(s) && isNameStart(s[start+1])):
		i := start
		for i < len(s) && (isNameChar(s[i]) || (s[i] == '\\' && i+1 < len(s) && isNameStart(s[i+1]))) {
			i++
		}
		p.off = i
		t.kind = tName
		t.text = s[start:i]
		return nil
	case c == '$':
		if start+1 < len(s) && isNameStart(s[start+1]) {
			i := start + 1
			for i < len(s) && isNameChar(s[i]) {
				i++
			}
			p.off = i
			t.kind = tVar
			t.text = s[start:i]
			return nil
		}
		return p.nonLiteral(t.pos, "a variable variable ($$ or ${...})")
	case c == '(':
		if typ, end, ok := p.castAt(start); ok {
			p.off = end
			t.kind = tCast
			t.text = typ
			return nil
		}
	case c < 0x20 || c >= 0x7f:
		return p.errf(t.pos, "unexpected %s", describeChar(s, start))
	}
	if c == '<' && strings.HasPrefix(s[start:], "<<<") {
		return &ParseError{Pos: t.pos, Msg: "heredoc and nowdoc strings (<<<) are not supported; " + NonLiteralAdvice}
	}
	t.kind = tPunct
	switch c {
	case ',', ';', '[', ']', '(', ')', '{', '}', '@', '~', '\\', '$':
		t.text = s[start : start+1]
		p.off = start + 1
		return nil
	}
	if c == '=' && start+1 < len(s) && s[start+1] == '>' {
		// "=>" between every key and value: no operator starts with it
		t.text = "=>"
		p.off = start + 2
		return nil
	}
	for _, op := range operators {
		if op[0] == c && strings.HasPrefix(s[start:], op) {
			t.text = op
			p.off = start + len(op)
			if op == "?>" {
				t.kind = tCloseTag
				p.closed = true
				p.closeEnd = p.off
			}
			return nil
		}
	}
	t.text = s[start : start+1]
	p.off = start + 1
	return nil
}

// castAt recognizes a cast such as "( object )" at s[off]; like PHP, only
// spaces and tabs may surround the type.
func (p *phpParser) castAt(off int) (typ string, end int, ok bool) {
	s := p.s
	i := off + 1
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	j := i
	for j < len(s) && isNameChar(s[j]) {
		j++
	}
	if j == i || j-i > 7 {
		return "", 0, false
	}
	typ = strings.ToLower(s[i:j])
	if !castTypes[typ] {
		return "", 0, false
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j >= len(s) || s[j] != ')' {
		return "", 0, false
	}
	return typ, j + 1, true
}

func (p *phpParser) lexSingle(t *token, q int) error {
	s := p.s
	var b []byte // nil until the first escape
	seg := q + 1
	for i := q + 1; i < len(s); i++ {
		switch s[i] {
		case '\'':
			t.kind = tString
			if b == nil {
				t.str = s[q+1 : i]
			} else {
				b = append(b, s[seg:i]...)
				t.str = string(b)
			}
			p.off = i + 1
			return nil
		case '\n':
			p.newline(i)
		case '\\':
			if i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '\'') {
				if b == nil {
					b = make([]byte, 0, quotedEnd(s, q)-q)
				}
				b = append(b, s[seg:i]...)
				b = append(b, s[i+1])
				i++
				seg = i + 1
			}
		}
	}
	return p.errf(t.pos, "unterminated string: the single-quoted string opened here is not closed before the end of the file")
}

func (p *phpParser) lexDouble(t *token, q int) error {
	s := p.s
	var b []byte
	seg := q + 1
	flush := func(i int) {
		if b == nil {
			b = make([]byte, 0, quotedEnd(s, q)-q)
		}
		b = append(b, s[seg:i]...)
	}
	for i := q + 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			t.kind = tString
			if b == nil {
				t.str = s[q+1 : i]
			} else {
				b = append(b, s[seg:i]...)
				t.str = string(b)
			}
			p.off = i + 1
			return nil
		case '\n':
			p.newline(i)
		case '$':
			// The variable's name is not quoted: inside a string it may
			// be part of a password ("pa$word").
			if i+1 < len(s) && (isNameStart(s[i+1]) || s[i+1] >= 0x80) {
				return p.nonLiteral(p.pos(i), "a double-quoted string interpolating a variable ($name)")
			}
			if i+1 < len(s) && s[i+1] == '{' {
				return p.nonLiteral(p.pos(i), "a double-quoted string interpolating ${...}")
			}
		case '{':
			if i+1 < len(s) && s[i+1] == '$' {
				return p.nonLiteral(p.pos(i), "a double-quoted string interpolating {$...}")
			}
		case '\\':
			if i+1 >= len(s) {
				continue // unterminated; reported below
			}
			e := s[i+1]
			var out byte
			switch e {
			case 'n':
				out = '\n'
			case 't':
				out = '\t'
			case 'r':
				out = '\r'
			case 'v':
				out = '\v'
			case 'e':
				out = 0x1b
			case 'f':
				out = '\f'
			case '\\', '$', '"':
				out = e
			case '0', '1', '2', '3', '4', '5', '6', '7':
				flush(i)
				v, j := 0, i+1
				for j < len(s) && j < i+4 && s[j] >= '0' && s[j] <= '7' {
					v = v*8 + int(s[j]-'0')
					j++
				}
				b = append(b, byte(v)) // PHP keeps the low byte of \400-\777
				seg = j
				i = j - 1
				continue
			case 'x':
				if i+2 < len(s) && isHex(s[i+2]) {
					flush(i)
					v, j := 0, i+2
					for j < len(s) && j < i+4 && isHex(s[j]) {
						v = v*16 + hexVal(s[j])
						j++
					}
					b = append(b, byte(v))
					seg = j
					i = j - 1
				}
				continue
			case 'u':
				if i+2 < len(s) && s[i+2] == '{' {
					epos := p.pos(i)
					j := i + 3
					v := 0
					for j < len(s) && isHex(s[j]) {
						if v <= 0x10FFFF {
							v = v*16 + hexVal(s[j])
						}
						j++
					}
					if j == i+3 || j >= len(s) || s[j] != '}' {
						return p.errf(epos, "invalid \\u{...} escape in a double-quoted string: expected hex digits and }")
					}
					if v > 0x10FFFF {
						return p.errf(epos, "invalid \\u{...} escape in a double-quoted string: code point above U+10FFFF")
					}
					flush(i)
					b = appendUTF8(b, v)
					seg = j + 1
					i = j
				}
				continue
			default:
				continue // not an escape: the backslash stays
			}
			flush(i)
			b = append(b, out)
			i++
			seg = i + 1
		}
	}
	return p.errf(t.pos, "unterminated string: the double-quoted string opened here is not closed before the end of the file")
}

// quotedEnd returns the offset of the quote closing the string opened at
// s[q], skipping backslash pairs, or len(s). Decoding never makes a string
// longer than its source, so this sizes the buffer once.
func quotedEnd(s string, q int) int {
	for i := q + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case s[q]:
			return i
		}
	}
	return len(s)
}

// appendUTF8 encodes a code point as PHP's \u{} escape does, surrogates
// included (which makes the string invalid UTF-8, as in PHP).
func appendUTF8(b []byte, v int) []byte {
	switch {
	case v < 0x80:
		return append(b, byte(v))
	case v < 0x800:
		return append(b, byte(0xC0|v>>6), byte(0x80|v&0x3F))
	case v < 0x10000:
		return append(b, byte(0xE0|v>>12), byte(0x80|(v>>6)&0x3F), byte(0x80|v&0x3F))
	}
	return append(b, byte(0xF0|v>>18), byte(0x80|(v>>12)&0x3F), byte(0x80|(v>>6)&0x3F), byte(0x80|v&0x3F))
}

// scanDigits scans digits accepted by ok, with single underscores between
// them, from s[i]; it returns the end and whether the run was well formed.
func scanDigits(s string, i int, ok func(byte) bool) (int, bool) {
	start := i
	for i < len(s) {
		if ok(s[i]) {
			i++
			continue
		}
		if s[i] == '_' {
			if i == start || i+1 >= len(s) || !ok(s[i+1]) || s[i-1] == '_' {
				return i, false
			}
			i++
			continue
		}
		break
	}
	return i, i > start
}

func isOct(c byte) bool { return c >= '0' && c <= '7' }
func isBin(c byte) bool { return c == '0' || c == '1' }

func (p *phpParser) lexNumber(t *token) error {
	s := p.s
	start := p.off
	bad := func() error {
		return p.errf(t.pos, "invalid numeric literal")
	}
	if s[start] == '0' && start+1 < len(s) {
		base, ok := 0, isDigit
		switch s[start+1] {
		case 'x', 'X':
			base, ok = 16, isHex
		case 'o', 'O':
			base, ok = 8, isOct
		case 'b', 'B':
			base, ok = 2, isBin
		}
		if base != 0 {
			end, good := scanDigits(s, start+2, ok)
			if !good || (end < len(s) && isNameChar(s[end])) {
				return bad()
			}
			p.off = end
			setRadix(t, strings.ReplaceAll(s[start+2:end], "_", ""), base)
			return nil
		}
	}
	i := start
	isFloat := false
	if s[i] != '.' {
		end, good := scanDigits(s, i, isDigit)
		if !good {
			return bad()
		}
		i = end
	}
	if i < len(s) && s[i] == '.' {
		isFloat = true
		i++
		if i < len(s) && isDigit(s[i]) {
			end, good := scanDigits(s, i, isDigit)
			if !good {
				return bad()
			}
			i = end
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			end, good := scanDigits(s, j, isDigit)
			if !good {
				return bad()
			}
			isFloat = true
			i = end
		}
	}
	if i < len(s) && (isNameChar(s[i]) || s[i] >= 0x80) {
		return bad()
	}
	p.off = i
	lit := strings.ReplaceAll(s[start:i], "_", "")
	if isFloat {
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return bad()
		}
		t.kind, t.f = tFloat, f
		return nil
	}
	if len(lit) > 1 && lit[0] == '0' { // legacy octal 0777
		for j := 1; j < len(lit); j++ {
			if !isOct(lit[j]) {
				return bad()
			}
		}
		setRadix(t, lit[1:], 8)
		return nil
	}
	n, err := strconv.ParseInt(lit, 10, 64)
	if err != nil { // too big for an int: PHP makes it a float
		f, _ := strconv.ParseFloat(lit, 64)
		t.kind, t.f = tFloat, f
		return nil
	}
	t.kind, t.i = tInt, n
	return nil
}

// setRadix converts hex/octal/binary digits like PHP: an int when it fits,
// else a float accumulated digit by digit (zend_hex_strtod and friends).
func setRadix(t *token, digits string, base int) {
	if n, err := strconv.ParseInt(digits, base, 64); err == nil {
		t.kind, t.i = tInt, n
		return
	}
	// The explicit float64 conversions keep each step rounded (no fused
	// multiply-add), as in PHP's C code. zend_oct_strtod and zend_bin_strtod
	// compute value*base + c - '0' with c the digit's character code, which
	// rounds differently from adding the digit; mirror that.
	f, b := 0.0, float64(base)
	for i := 0; i < len(digits); i++ {
		if base == 16 {
			f = float64(f*b) + float64(hexVal(digits[i]))
		} else {
			f = float64(float64(f*b)+float64(digits[i])) - '0'
		}
	}
	t.kind, t.f = tFloat, f
}

// ---------------------------------------------------------------------------
// Parser

// ParsePHP parses a PHP file of the form `<?php return <literal>;` as EspoCRM
// writes data/config.php and people edit it. Anything that is not a literal
// (variables, calls, constants, interpolation, ...) is reported, never
// evaluated; see NonLiteralAdvice. Errors are *ParseError.
func ParsePHP(file string, src []byte) (*Value, error) {
	return parsePHP(file, string(src))
}

// ParsePHPOwned is ParsePHP for a src that nobody changes afterwards: the
// values' strings share its bytes instead of a copy (a fleet reads
// thousands of files once each).
func ParsePHPOwned(file string, src []byte) (*Value, error) {
	return parsePHP(file, unsafe.String(unsafe.SliceData(src), len(src)))
}

// slabMax bounds the values and entries ParsePHP allocates up front.
const slabMax = 4096

func parsePHP(file, src string) (*Value, error) {
	p := &phpParser{file: file, s: src, line: 1}
	defer p.stack.release()
	// One slab for the values and one for the arrays' entries, sized from
	// the file: an array has at most one entry more than it has commas,
	// and an array is '[' or array(. Commas and brackets in strings and
	// comments only make the slabs larger; past them, or past slabMax, the
	// parser allocates as it goes.
	if n := strings.Count(src, ",") + strings.Count(src, "[") + strings.Count(src, "("); n > 0 {
		n = min(n, slabMax)
		p.slab = make([]Value, 0, n+1)
		p.stack.slab = make([]Entry, 0, n)
	}
	return p.parseFile()
}

func (p *phpParser) parseFile() (*Value, error) {
	s := p.s
	first := Pos{File: p.file, Line: 1, Column: 1}
	if isUTF16([]byte(s[:min(len(s), 2)])) {
		return nil, p.errf(first, "the file is UTF-16 encoded: save it as UTF-8")
	}
	if strings.HasPrefix(s, "\xEF\xBB\xBF") {
		p.off = 3
	}
	for p.off < len(s) && isSpace(s[p.off]) {
		if s[p.off] == '\n' {
			p.newline(p.off)
		}
		p.off++
	}
	if p.off >= len(s) {
		if len(s) == 0 {
			return nil, p.errf(first, "empty file: expected <?php")
		}
		return nil, p.errf(first, "the file holds only whitespace: expected <?php")
	}
	if len(s)-p.off < 5 || !strings.EqualFold(s[p.off:p.off+5], "<?php") {
		if bad, off := binaryAt(s); bad {
			return nil, &ParseError{Pos: p.offPos(off), Msg: "binary data, not a PHP file: " + describeChar(s, off)}
		}
		switch c := s[p.off]; {
		case c == '{' || c == '[':
			return nil, p.errf(p.pos(p.off), "this looks like JSON, not PHP: a PHP settings file must start with <?php")
		case strings.HasPrefix(s[p.off:], "<?"):
			return nil, p.errf(p.pos(p.off), "expected <?php: short open tags are not supported")
		}
		return nil, p.errf(p.pos(p.off), "not a PHP file: expected <?php at the start")
	}
	p.off += 5
	if p.off < len(s) && !isSpace(s[p.off]) {
		return nil, p.errf(p.pos(p.off-5), "expected whitespace after <?php")
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	for p.tok.kind == tPunct && p.tok.text == ";" {
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if err := p.expectReturn(); err != nil {
		return nil, err
	}
	retPos := p.tok.pos
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind == tPunct && p.tok.text == ";" {
		return nil, p.errf(retPos, "return without a value: expected return followed by an array")
	}
	v, err := p.parseExpr(0)
	if err != nil {
		return nil, err
	}
	switch {
	case p.tok.kind == tPunct && p.tok.text == ";":
	case p.tok.kind == tCloseTag: // ?> ends a statement too
	case p.tok.kind == tEOF:
		return nil, p.errf(p.tok.pos, "unexpected end of file: expected ';' after the returned value")
	default:
		return nil, p.errf(p.tok.pos, "expected ';' after the returned value, found %s", p.describe(p.tok))
	}
	for p.tok.kind == tPunct && p.tok.text == ";" {
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	switch p.tok.kind {
	case tEOF:
	case tCloseTag:
		for i := p.closeEnd; i < len(s); i++ {
			if !isSpace(s[i]) {
				// positions: count lines up to i
				return nil, &ParseError{Pos: p.offPos(i), Msg: "unexpected content after the closing ?> tag (PHP would print it)"}
			}
		}
	default:
		return nil, p.errf(p.tok.pos, "unexpected %s after the return statement: the file must end after `return ...;`", p.describe(p.tok))
	}
	return v, nil
}

// offPos computes the position of any offset by counting lines (used only
// for errors, off the hot path).
func (p *phpParser) offPos(off int) Pos {
	line := 1 + strings.Count(p.s[:off], "\n")
	ls := strings.LastIndexByte(p.s[:off], '\n') + 1
	return Pos{File: p.file, Line: line, Column: off - ls + 1}
}

// binaryAt finds the first NUL byte, control character other than
// whitespace, or invalid UTF-8 in s (at most the first 8 KiB are examined).
func binaryAt(s string) (bool, int) {
	n := min(len(s), 8192)
	for i := 0; i < n; {
		c := s[i]
		if c < 0x80 {
			if c == 0 || (c < 0x20 && !isSpace(c) && c != '\f' && c != '\v') {
				return true, i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return true, i
		}
		i += size
	}
	return false, 0
}

var stmtKeywords = map[string]bool{
	"declare": true, "namespace": true, "use": true, "if": true, "else": true,
	"elseif": true, "echo": true, "function": true, "class": true, "const": true,
	"global": true, "foreach": true, "for": true, "while": true, "do": true,
	"switch": true, "try": true, "unset": true, "goto": true, "abstract": true,
	"final": true, "interface": true, "trait": true, "enum": true, "readonly": true,
	"static": true,
}

func (p *phpParser) expectReturn() error {
	t := p.tok
	switch t.kind {
	case tName:
		low := strings.ToLower(t.text)
		if low == "return" {
			return nil
		}
		if stmtKeywords[low] {
			if low == "static" {
				if nt, err := p.peek(1); err == nil && nt.kind == tName && (strings.EqualFold(nt.text, "fn") || strings.EqualFold(nt.text, "function")) {
					break
				}
			}
			return p.nonLiteral(t.pos, fmt.Sprintf("a %s statement", low))
		}
	case tVar:
		return p.nonLiteral(t.pos, "variable "+t.text)
	case tEOF, tCloseTag:
		return p.errf(t.pos, "missing return statement: expected `return [ ... ];` after <?php")
	}
	if _, err := p.parsePrimary(0); err != nil {
		return err
	}
	return p.errf(t.pos, "expected `return`, found %s: a settings file must be `<?php return [ ... ];`", p.describe(t))
}

// describe names a token for a message; it never quotes string contents.
func (p *phpParser) describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tName:
		return "'" + t.text + "'"
	case tVar:
		return "variable " + t.text
	case tString:
		return "a string"
	case tInt, tFloat:
		return "a number"
	case tCast:
		return "(" + t.text + ") cast"
	case tCloseTag:
		return "closing tag ?>"
	}
	return "'" + t.text + "'"
}

func (p *phpParser) isPunct(text string) bool {
	return p.tok.kind == tPunct && p.tok.text == text
}

// parseExpr parses a value with optional `.` concatenation.
func (p *phpParser) parseExpr(depth int) (*Value, error) {
	v, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	if p.isPunct(".") {
		var b strings.Builder
		if err := p.appendConcat(&b, v); err != nil {
			return nil, err
		}
		for p.isPunct(".") {
			if err := p.next(); err != nil {
				return nil, err
			}
			w, err := p.parseUnary(depth)
			if err != nil {
				return nil, err
			}
			if err := p.appendConcat(&b, w); err != nil {
				return nil, err
			}
			p.release(w)
		}
		*v = Value{Kind: String, Str: b.String(), Pos: v.Pos} // v is a scalar: reuse it
	}
	if err := p.checkOperator(); err != nil {
		return nil, err
	}
	return v, nil
}

// checkOperator reports an operator after a value as non-literal PHP.
func (p *phpParser) checkOperator() error {
	t := p.tok
	switch t.kind {
	case tName:
		switch low := strings.ToLower(t.text); low {
		case "and", "or", "xor", "instanceof":
			return p.nonLiteral(t.pos, "the "+low+" operator")
		}
		return nil
	case tPunct:
	default:
		return nil
	}
	switch t.text {
	case ",", "]", ")", "=>", ";", ".":
		return nil
	case "?":
		return p.nonLiteral(t.pos, "the ternary operator ?:")
	case "??":
		return p.nonLiteral(t.pos, "the null-coalescing operator ??")
	case "[", "{":
		return p.nonLiteral(t.pos, "array access [...]")
	case "->", "?->":
		return p.nonLiteral(t.pos, "property access "+t.text)
	case "::":
		return p.nonLiteral(t.pos, "class member access ::")
	case "(":
		return p.nonLiteral(t.pos, "a call")
	case "=", "+=", "-=", "*=", "/=", ".=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=", "??=":
		return p.nonLiteral(t.pos, "assignment "+t.text)
	case "+", "-", "*", "/", "%", "**", "<<", ">>", "<", ">", "<=", ">=", "==", "!=",
		"===", "!==", "<>", "<=>", "&", "|", "^", "&&", "||", "++", "--", ":":
		return p.nonLiteral(t.pos, "the "+t.text+" operator")
	}
	return nil
}

func (p *phpParser) appendConcat(b *strings.Builder, v *Value) error {
	switch v.Kind {
	case String:
		b.WriteString(v.Str)
	case Int:
		b.WriteString(strconv.FormatInt(v.Int, 10))
	case Float:
		b.WriteString(formatPHPFloat(v.Float, 14, 'E'))
	case Bool:
		if v.Bool {
			b.WriteByte('1')
		}
	case Null:
	default:
		return p.errf(v.Pos, "an array cannot be concatenated with . (PHP would make it the string \"Array\")")
	}
	return nil
}

// parseUnary parses a value with optional unary minus/plus signs.
func (p *phpParser) parseUnary(depth int) (*Value, error) {
	if !(p.isPunct("-") || p.isPunct("+")) {
		return p.parsePrimary(depth)
	}
	pos := p.tok.pos
	neg := false
	for p.isPunct("-") || p.isPunct("+") {
		if p.tok.text == "-" {
			neg = !neg
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	v, err := p.parsePrimary(depth)
	if err != nil {
		return nil, err
	}
	switch v.Kind {
	case Int:
		if neg {
			if v.Int == math.MinInt64 {
				v.Kind, v.Float, v.Int = Float, -float64(v.Int), 0
			} else {
				v.Int = -v.Int
			}
		}
	case Float:
		if neg {
			v.Float = -v.Float
		}
	default:
		sign := "+"
		if neg {
			sign = "-"
		}
		return nil, p.nonLiteral(pos, fmt.Sprintf("unary %s applied to a value of type %s", sign, v.TypeName()))
	}
	v.Pos = pos
	return v, nil
}

var magicConstants = map[string]bool{
	"__dir__": true, "__file__": true, "__line__": true, "__class__": true,
	"__function__": true, "__method__": true, "__namespace__": true,
	"__trait__": true, "__compiler_halt_offset__": true, "__property__": true,
}

var exprKeywords = map[string]string{
	"include": "an include expression", "include_once": "an include_once expression",
	"require": "a require expression", "require_once": "a require_once expression",
	"new": "a new expression", "clone": "a clone expression", "match": "a match expression",
	"isset": "isset()", "empty": "empty()", "eval": "eval()", "exit": "exit()", "die": "die()",
	"print": "a print expression", "echo": "an echo statement", "list": "list()",
	"yield": "a yield expression", "throw": "a throw expression",
	"fn": "an arrow function (fn)", "function": "a closure (function)",
	"static": "a static closure",
}

func (p *phpParser) parsePrimary(depth int) (*Value, error) {
	t := p.tok
	switch t.kind {
	case tString:
		v := p.newValue(String, t.pos)
		v.Str = t.str
		return v, p.next()
	case tInt:
		v := p.newValue(Int, t.pos)
		v.Int = t.i
		return v, p.next()
	case tFloat:
		v := p.newValue(Float, t.pos)
		v.Float = t.f
		return v, p.next()
	case tVar:
		return nil, p.nonLiteral(t.pos, "variable "+t.text)
	case tName:
		return p.parseName(depth)
	case tCast:
		if t.text != "object" {
			return nil, p.nonLiteral(t.pos, "a ("+t.text+") cast")
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		isArr := p.isPunct("[")
		if !isArr && p.tok.kind == tName && strings.EqualFold(p.tok.text, "array") {
			nt, err := p.peek(1)
			if err != nil {
				return nil, err
			}
			isArr = nt.kind == tPunct && nt.text == "("
		}
		if !isArr {
			if p.tok.kind == tEOF {
				return nil, p.errf(p.tok.pos, "unexpected end of file: expected an array after (object)")
			}
			return nil, p.nonLiteral(t.pos, "an (object) cast of something other than an array literal")
		}
		v, err := p.parsePrimary(depth)
		if err != nil {
			return nil, err
		}
		v.Object = true
		v.Pos = t.pos
		for i := range v.Entries { // object properties have string names
			v.Entries[i].IntKey = false
		}
		return v, nil
	case tPunct:
		switch t.text {
		case "[":
			return p.parseArray(depth+1, "]")
		case "(":
			if depth+1 > MaxDepth {
				return nil, p.errf(t.pos, "parentheses and arrays nested more than %d levels deep", MaxDepth)
			}
			if err := p.next(); err != nil {
				return nil, err
			}
			v, err := p.parseExpr(depth + 1)
			if err != nil {
				return nil, err
			}
			if !p.isPunct(")") {
				if p.tok.kind == tEOF {
					return nil, p.errf(p.tok.pos, "unexpected end of file: the parenthesis opened at line %d is not closed", t.pos.Line)
				}
				return nil, p.errf(p.tok.pos, "expected ')' to close the parenthesis opened at line %d, found %s", t.pos.Line, p.describe(p.tok))
			}
			return v, p.next()
		case "#[":
			return nil, p.nonLiteral(t.pos, "an attribute #[...]")
		case "@":
			return nil, p.nonLiteral(t.pos, "the error-suppression operator @")
		case "&":
			return nil, p.nonLiteral(t.pos, "a reference &")
		case "...":
			return nil, p.nonLiteral(t.pos, "the spread operator ...")
		case "!", "~", "++", "--":
			return nil, p.nonLiteral(t.pos, "the "+t.text+" operator")
		}
	case tEOF:
		return nil, p.errf(t.pos, "unexpected end of file: expected a value")
	}
	return nil, p.errf(t.pos, "unexpected %s, expected a value", p.describe(t))
}

func (p *phpParser) parseName(depth int) (*Value, error) {
	t := p.tok
	name := t.text
	low := strings.ToLower(strings.TrimPrefix(name, "\\"))
	nt, err := p.peek(1)
	if err != nil {
		return nil, err
	}
	call := nt.kind == tPunct && nt.text == "("
	switch low {
	case "true", "false", "null":
		if call || (nt.kind == tPunct && nt.text == "::") {
			break
		}
		v := p.newValue(Null, t.pos)
		switch low {
		case "true":
			v.Kind, v.Bool = Bool, true
		case "false":
			v.Kind = Bool
		}
		return v, p.next()
	case "array":
		if call && !strings.HasPrefix(name, "\\") {
			return p.parseArray(depth+1, ")")
		}
		return nil, p.errf(t.pos, "unexpected 'array' without '('")
	}
	if low == "static" && nt.kind == tName && (strings.EqualFold(nt.text, "fn") || strings.EqualFold(nt.text, "function")) {
		return nil, p.nonLiteral(t.pos, "a static closure")
	}
	if nt.kind == tPunct && nt.text == "::" {
		mt, err := p.peek(2)
		if err != nil {
			return nil, err
		}
		switch mt.kind {
		case tName:
			if strings.EqualFold(mt.text, "class") {
				return nil, p.nonLiteral(t.pos, name+"::class")
			}
			if at, err := p.peek(3); err == nil && at.kind == tPunct && at.text == "(" {
				return nil, p.nonLiteral(t.pos, "static call "+name+"::"+mt.text+"()")
			}
			return nil, p.nonLiteral(t.pos, "class constant "+name+"::"+mt.text)
		case tVar:
			return nil, p.nonLiteral(t.pos, "static property "+name+"::"+mt.text)
		}
		return nil, p.nonLiteral(t.pos, "class member access "+name+"::")
	}
	if what, ok := exprKeywords[low]; ok && !strings.HasPrefix(name, "\\") {
		return nil, p.nonLiteral(t.pos, what)
	}
	if magicConstants[low] {
		return nil, p.nonLiteral(t.pos, "magic constant "+name)
	}
	if call {
		return nil, p.nonLiteral(t.pos, name+"() call")
	}
	if stmtKeywords[low] {
		return nil, p.nonLiteral(t.pos, "the "+low+" keyword")
	}
	// The bare word is not named: an unquoted password would be one.
	return nil, p.nonLiteral(t.pos, "an unquoted name (a PHP constant; quote it if it is a value)")
}

// entryStack holds the entries of the arrays being parsed: an array pushes
// its entries, nested arrays push above them and pop before the outer array
// continues. It grows in fixed chunks that are reused, so a huge array costs
// one copy of its entries, into an exactly-sized slice, however it grows.
type entryStack struct {
	chunks [][]Entry
	n      int
	// slab holds the finished arrays' entries, sized from the file (see
	// ParsePHP); an array that does not fit gets a slice of its own
	slab []Entry
}

const entryChunk = 256

// entryChunks keeps the scratch chunks between parses (a fleet parses
// thousands of files).
var entryChunks = sync.Pool{New: func() any { return new([entryChunk]Entry) }}

func (s *entryStack) push(e Entry) {
	ci := s.n / entryChunk
	if ci == len(s.chunks) {
		s.chunks = append(s.chunks, entryChunks.Get().(*[entryChunk]Entry)[:])
	}
	s.chunks[ci][s.n%entryChunk] = e
	s.n++
}

// release clears the chunks and gives them back to the pool.
func (s *entryStack) release() {
	for _, c := range s.chunks {
		clear(c)
		entryChunks.Put((*[entryChunk]Entry)(c))
	}
	s.chunks, s.n, s.slab = nil, 0, nil
}

func (s *entryStack) at(i int) *Entry { return &s.chunks[i/entryChunk][i%entryChunk] }

// popTo moves the entries from base up into a new slice.
func (s *entryStack) popTo(base int) []Entry {
	if s.n == base {
		return nil
	}
	var out []Entry
	if k := s.n - base; cap(s.slab)-len(s.slab) >= k {
		out = s.slab[len(s.slab) : len(s.slab) : len(s.slab)+k]
		s.slab = s.slab[:len(s.slab)+k]
	} else {
		out = make([]Entry, 0, k)
	}
	for i := base; i < s.n; {
		c := s.chunks[i/entryChunk][i%entryChunk:]
		c = c[:min(len(c), s.n-i)]
		out = append(out, c...)
		clear(c) // drop references held by the scratch chunks
		i += len(c)
	}
	s.n = base
	return out
}

// arrayBuilder adds entries to an array with PHP's key semantics.
type arrayBuilder struct {
	stack  *entryStack
	base   int
	hasInt bool
	maxInt int64
	// unchecked: an entry past the first few may repeat an earlier key;
	// finish merges the repeats (one map of the final size, instead of an
	// index grown entry by entry: a config.php is an array of ~100 keys)
	unchecked bool
}

// arrayKey is a converted array key; s is the Entry.Key string.
type arrayKey struct {
	s     string
	i     int64
	isInt bool
}

type mapKey struct {
	s     string
	isInt bool
}

func intKey(n int64) arrayKey { return arrayKey{s: strconv.FormatInt(n, 10), i: n, isInt: true} }

const linearScanMax = 8

func newArrayBuilder(stack *entryStack) arrayBuilder {
	return arrayBuilder{stack: stack, base: stack.n}
}

func (a *arrayBuilder) len() int { return a.stack.n - a.base }

func (a *arrayBuilder) at(i int) *Entry { return a.stack.at(a.base + i) }

// set inserts or overwrites (in place, like PHP) the entry for key k.
func (a *arrayBuilder) set(k arrayKey, keyPos Pos, val *Value) {
	// An int key above every int key so far is new: no lookup needed, which
	// keeps lists (written with or without keys) free of an index.
	if !k.isInt || (a.hasInt && k.i <= a.maxInt) {
		if n := a.len(); n <= linearScanMax {
			for i := range n {
				if e := a.at(i); e.IntKey == k.isInt && e.Key == k.s {
					e.KeyPos = keyPos
					e.Value = val
					return
				}
			}
		} else {
			a.unchecked = true
		}
	}
	if k.isInt && (!a.hasInt || k.i > a.maxInt) {
		a.hasInt, a.maxInt = true, k.i
	}
	a.stack.push(Entry{Key: k.s, IntKey: k.isInt, KeyPos: keyPos, Value: val})
}

// finish moves the entries into v and pops them off the stack; a repeated
// key keeps its first place and takes the last value and key position.
func (a *arrayBuilder) finish(v *Value) {
	v.Entries = a.stack.popTo(a.base)
	if !a.unchecked {
		return
	}
	if len(v.Entries) <= mergeTable/2 {
		v.Entries = mergeRepeats(v.Entries)
	} else {
		v.Entries = mergeByMap(v.Entries)
	}
}

// mergeByMap is finish's merge for a long array: the entries are
// compacted in place, a repeated key keeping its first place and taking
// the last value and key position.
func mergeByMap(entries []Entry) []Entry {
	first := make(map[mapKey]int, len(entries))
	out := entries[:0]
	for _, e := range entries {
		k := mapKey{e.Key, e.IntKey}
		if j, ok := first[k]; ok {
			out[j].KeyPos, out[j].Value = e.KeyPos, e.Value
			continue
		}
		first[k] = len(out)
		out = append(out, e)
	}
	clear(entries[len(out):]) // no stale pointers past the end
	return out
}

// mergeTable is the size of mergeRepeats' table: arrays of up to half as
// many entries (a config.php's) are merged without a map.
const mergeTable = 256

// mergeRepeats is mergeByMap for a short array, in a hash table on the
// stack.
func mergeRepeats(entries []Entry) []Entry {
	var table [mergeTable]int16 // 1 + the entry's place in out; 0: empty
	out := entries[:0]
	for _, e := range entries {
		h := uint32(2166136261) // FNV-1a of the key, and whether it is an int
		for i := 0; i < len(e.Key); i++ {
			h = (h ^ uint32(e.Key[i])) * 16777619
		}
		if e.IntKey {
			h = (h ^ 1) * 16777619
		}
		for slot := h % mergeTable; ; slot = (slot + 1) % mergeTable {
			j := table[slot]
			if j == 0 {
				table[slot] = int16(len(out) + 1)
				out = append(out, e)
				break
			}
			if o := &out[j-1]; o.IntKey == e.IntKey && o.Key == e.Key {
				o.KeyPos, o.Value = e.KeyPos, e.Value
				break
			}
		}
	}
	clear(entries[len(out):]) // no stale pointers past the end
	return out
}

// nextKey is the key PHP gives an element without one: one more than the
// largest int key so far (PHP >= 8.0 also after negative keys), else 0.
func (a *arrayBuilder) nextKey() (int64, bool) {
	if !a.hasInt {
		return 0, true
	}
	if a.maxInt == math.MaxInt64 {
		return 0, false
	}
	return a.maxInt + 1, true
}

// phpKey converts a key value the way PHP does for array literals.
func (p *phpParser) phpKey(v *Value) (arrayKey, error) {
	switch v.Kind {
	case Int:
		return intKey(v.Int), nil
	case String:
		if n, ok := numericKey(v.Str); ok {
			return arrayKey{s: v.Str, i: n, isInt: true}, nil
		}
		return arrayKey{s: v.Str}, nil
	case Bool:
		if v.Bool {
			return intKey(1), nil
		}
		return intKey(0), nil
	case Null:
		return arrayKey{s: ""}, nil
	case Float:
		if v.Float == math.Trunc(v.Float) && v.Float >= -0x1p63 && v.Float < 0x1p63 {
			return intKey(int64(v.Float)), nil
		}
		return arrayKey{}, p.errf(v.Pos, "a float array key that is not a whole number (PHP truncates it with a deprecation warning)")
	}
	return arrayKey{}, p.errf(v.Pos, "an array cannot be an array key (illegal offset type)")
}

// numericKey reports whether PHP turns the string key s into an int key: a
// canonical decimal int in range ("5", "-3"; not "05", "-0", "+5", " 5").
func numericKey(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 20 {
		return 0, false
	}
	c := s[0]
	if !(isDigit(c) || (c == '-' && len(s) > 1)) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || strconv.FormatInt(n, 10) != s {
		return 0, false
	}
	return n, true
}

func (p *phpParser) parseArray(depth int, closer string) (*Value, error) {
	open := p.tok
	if closer == ")" { // array(: skip the name, then the (
		if err := p.next(); err != nil {
			return nil, err
		}
	}
	if depth > MaxDepth {
		return nil, p.errf(open.pos, "arrays nested more than %d levels deep", MaxDepth)
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	arr := p.newValue(Array, open.pos)
	a := newArrayBuilder(&p.stack)
	unclosed := func() error {
		return p.errf(p.tok.pos, "unexpected end of file: the array opened at line %d is not closed", open.pos.Line)
	}
	for {
		if p.isPunct(closer) {
			a.finish(arr)
			return arr, p.next()
		}
		if p.tok.kind == tEOF {
			return nil, unclosed()
		}
		if p.isPunct(",") {
			return nil, p.errf(p.tok.pos, "unexpected ',' in the array opened at line %d: empty array elements are not allowed", open.pos.Line)
		}
		elemPos := p.tok.pos
		v, err := p.parseExpr(depth)
		if err != nil {
			return nil, err
		}
		if p.isPunct("=>") {
			k, err := p.phpKey(v)
			if err != nil {
				return nil, err
			}
			p.release(v) // the key value is not part of the tree
			if err := p.next(); err != nil {
				return nil, err
			}
			val, err := p.parseExpr(depth)
			if err != nil {
				return nil, err
			}
			a.set(k, elemPos, val)
		} else {
			n, ok := a.nextKey()
			if !ok {
				return nil, p.errf(elemPos, "cannot add an element without a key: the next int key after PHP_INT_MAX is already occupied")
			}
			a.set(intKey(n), elemPos, v)
		}
		switch {
		case p.isPunct(","):
			if err := p.next(); err != nil {
				return nil, err
			}
		case p.isPunct(closer):
		case p.tok.kind == tEOF:
			return nil, unclosed()
		default:
			return nil, p.errf(p.tok.pos, "expected ',' or '%s' in the array opened at line %d, found %s", closer, open.pos.Line, p.describe(p.tok))
		}
	}
}
