// Package jsonw appends Go values as indented JSON, byte for byte as
// encoding/json's Encoder writes them with SetIndent("", "  ") and
// SetEscapeHTML(false), but value by value at a given depth: a renderer can
// stream a long array (one finding, one instance at a time) without
// building the whole document and re-indenting it, which is what the
// Encoder does.
//
// Structs of exported fields with plain json tags (name, omitempty), strings,
// bools, integers, slices, string-keyed maps and pointers are written
// directly; anything else (floats, json.Marshaler, embedded fields, ",string"
// options, ...) goes through json.Marshal and json.Indent, so the output is
// always what encoding/json writes.
package jsonw

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Append appends v, indented as at the given depth (the depth of the value
// inside the document: 0 for the top level, 2 for an element of a top-level
// array field), without a trailing newline.
func Append(dst []byte, v any, depth int) []byte {
	return appendValue(dst, reflect.ValueOf(v), depth)
}

// Indent appends a newline and the indentation of depth.
func Indent(dst []byte, depth int) []byte {
	dst = append(dst, '\n')
	for range depth {
		dst = append(dst, "  "...)
	}
	return dst
}

// String appends s as a JSON string (HTML characters not escaped).
func String(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				const hex = "0123456789abcdef"
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', byte('8'+r-'\u2028'))
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// field is one JSON member of a struct type.
type field struct {
	index     int
	name      []byte // `"name": `
	omitEmpty bool
}

// structInfo is a struct type's members, or direct=false when the type
// needs encoding/json.
type structInfo struct {
	fields []field
	direct bool
}

var structs sync.Map // reflect.Type → *structInfo

func infoOf(t reflect.Type) *structInfo {
	if si, ok := structs.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{direct: true}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			si.direct = false
			break
		}
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := cutComma(tag)
		if name == "" {
			name = f.Name
		}
		omit := false
		for opts != "" {
			var o string
			o, opts, _ = cutComma(opts)
			switch o {
			case "omitempty":
				omit = true
			default: // string, omitzero, ...: leave it to encoding/json
				si.direct = false
			}
		}
		if !validName(name) {
			si.direct = false
		}
		si.fields = append(si.fields, field{index: i, name: append(String(nil, name), ':', ' '), omitEmpty: omit})
	}
	structs.Store(t, si)
	return si
}

func cutComma(s string) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// validName: names encoding/json takes as they are (letters, digits and a
// few punctuation characters); others fall back.
func validName(s string) bool {
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-', c == '.':
		default:
			return false
		}
	}
	return s != ""
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// fallback writes v with encoding/json and indents it at depth.
func fallback(dst []byte, v reflect.Value, depth int) []byte {
	var raw []byte
	var err error
	if v.IsValid() {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		x := v.Interface()
		if v.CanAddr() {
			x = v.Addr().Interface() // encoding/json calls pointer methods of addressable values
		}
		err = enc.Encode(x)
		raw = bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	} else {
		raw = []byte("null")
	}
	if err != nil {
		// as encoding/json would fail; the caller's document stays valid
		return append(dst, "null"...)
	}
	var out bytes.Buffer
	prefix := make([]byte, 0, 2*depth)
	for range depth {
		prefix = append(prefix, "  "...)
	}
	if json.Indent(&out, raw, string(prefix), "  ") != nil {
		return append(dst, raw...)
	}
	return append(dst, out.Bytes()...)
}

// An Appender writes its own JSON: exactly what encoding/json writes for
// the value (its MarshalJSON, compacted), on one line. Append uses it
// instead of encoding/json.
type Appender interface {
	AppendJSON(dst []byte) []byte
}

var appenderType = reflect.TypeFor[Appender]()

// How a type is written, worked out once per type.
const (
	marshals    = 1 << iota // the type is a json.Marshaler or encoding.TextMarshaler
	ptrMarshals             // its pointer is (an addressable value goes through it)
	appends                 // the type is an Appender
)

var methods sync.Map // reflect.Type → uint8

func methodsOf(t reflect.Type) uint8 {
	if k := t.Kind(); (k <= reflect.Complex128 || k == reflect.String) && t.PkgPath() == "" {
		return 0 // bool, string and the numbers: predeclared types have no methods
	}
	if m, ok := methods.Load(t); ok {
		return m.(uint8)
	}
	var m uint8
	if t.Implements(marshalerType) || t.Implements(textMarshalerType) {
		m |= marshals
	}
	if pt := reflect.PointerTo(t); pt.Implements(marshalerType) || pt.Implements(textMarshalerType) {
		m |= ptrMarshals
	}
	if t.Implements(appenderType) {
		m |= appends
	}
	methods.Store(t, m)
	return m
}

func appendValue(dst []byte, v reflect.Value, depth int) []byte {
	if !v.IsValid() {
		return append(dst, "null"...)
	}
	t := v.Type()
	if m := methodsOf(t); m&appends != 0 && (t.Kind() != reflect.Pointer || !v.IsNil()) {
		return v.Interface().(Appender).AppendJSON(dst)
	} else if m&marshals != 0 || m&ptrMarshals != 0 && v.CanAddr() {
		return fallback(dst, v, depth)
	}
	switch v.Kind() {
	case reflect.String:
		return String(dst, v.String())
	case reflect.Bool:
		return strconv.AppendBool(dst, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(dst, v.Int(), 10)
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(dst, v.Uint(), 10)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(dst, "null"...)
		}
		return appendValue(dst, v.Elem(), depth)
	case reflect.Slice:
		if v.IsNil() {
			return append(dst, "null"...)
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return fallback(dst, v, depth) // base64
		}
		fallthrough
	case reflect.Array:
		n := v.Len()
		if n == 0 {
			return append(dst, "[]"...)
		}
		dst = append(dst, '[')
		for i := range n {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = Indent(dst, depth+1)
			dst = appendValue(dst, v.Index(i), depth+1)
		}
		dst = Indent(dst, depth)
		return append(dst, ']')
	case reflect.Map:
		if t.Key().Kind() != reflect.String || t.Key().Implements(textMarshalerType) {
			return fallback(dst, v, depth)
		}
		if v.IsNil() {
			return append(dst, "null"...)
		}
		if v.Len() == 0 {
			return append(dst, "{}"...)
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			switch x, y := a.String(), b.String(); {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		})
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = Indent(dst, depth+1)
			dst = String(dst, k.String())
			dst = append(dst, ':', ' ')
			dst = appendValue(dst, v.MapIndex(k), depth+1)
		}
		dst = Indent(dst, depth)
		return append(dst, '}')
	case reflect.Struct:
		si := infoOf(t)
		if !si.direct {
			return fallback(dst, v, depth)
		}
		first := true
		for _, f := range si.fields {
			fv := v.Field(f.index)
			if f.omitEmpty && isEmpty(fv) {
				continue
			}
			if first {
				dst = append(dst, '{')
				first = false
			} else {
				dst = append(dst, ',')
			}
			dst = Indent(dst, depth+1)
			dst = append(dst, f.name...)
			dst = appendValue(dst, fv, depth+1)
		}
		if first {
			return append(dst, "{}"...)
		}
		dst = Indent(dst, depth)
		return append(dst, '}')
	}
	return fallback(dst, v, depth)
}
