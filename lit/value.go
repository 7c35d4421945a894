// Package lit holds literal values read from EspoCRM config files (PHP) and
// JSON documents (settings exports, Entra manifests), each value and key with
// the file, line and column it came from.
//
// Both parsers in this package (ParsePHP, ParseJSON) produce the same tree, so
// the settings loader and the manifest loader do not care which syntax a file
// used. Arrays keep PHP's semantics: an ordered map whose keys are strings or
// ints; IsList tells whether json_encode would print it as a JSON list.
package lit

import (
	"fmt"
	"strconv"
)

// Pos is a place in a file. Line and Column are 1-based; Column counts bytes.
type Pos struct {
	File   string
	Line   int
	Column int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Kind is the type of a literal value.
type Kind int

const (
	Null Kind = iota
	Bool
	Int
	Float
	String
	Array // PHP array or JSON array/object: ordered entries
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "bool"
	case Int:
		return "int"
	case Float:
		return "float"
	case String:
		return "string"
	case Array:
		return "array"
	}
	return "unknown"
}

// Value is one literal. For Kind Array, Entries holds the elements in order;
// Object is true for PHP `(object) [...]` and JSON objects `{...}`.
type Value struct {
	Kind    Kind
	Bool    bool
	Int     int64
	Float   float64
	Str     string
	Entries []Entry
	Object  bool
	Pos     Pos // where the value starts
}

// Entry is one element of an array. Key is the PHP array key as a string
// (int keys in decimal); IntKey is true when the key is an int.
type Entry struct {
	Key    string
	IntKey bool
	KeyPos Pos // where the key starts; for list elements without a key, the value's position
	Value  *Value
}

// IsList reports whether v is an array (not an object) whose keys are the ints
// 0..n-1 in order, which is what json_encode prints as a JSON list.
func (v *Value) IsList() bool {
	if v == nil || v.Kind != Array || v.Object {
		return false
	}
	for i, e := range v.Entries {
		if !e.IntKey || e.Key != strconv.Itoa(i) {
			return false
		}
	}
	return true
}

// Get returns the entry with the given key, or nil.
func (v *Value) Get(key string) *Entry {
	if v == nil || v.Kind != Array {
		return nil
	}
	for i := len(v.Entries) - 1; i >= 0; i-- { // PHP: a later duplicate key wins
		if v.Entries[i].Key == key {
			return &v.Entries[i]
		}
	}
	return nil
}

// Truthy is PHP's boolean conversion of v: false, 0, 0.0, "", "0", an
// empty array and null (or nil) are false; everything else is true.
func (v *Value) Truthy() bool {
	if v == nil {
		return false
	}
	switch v.Kind {
	case Bool:
		return v.Bool
	case Int:
		return v.Int != 0
	case Float:
		return v.Float != 0
	case String:
		return v.Str != "" && v.Str != "0"
	case Array:
		return len(v.Entries) > 0
	}
	return false
}

// TypeName describes the value's type as PHP would, for messages.
func (v *Value) TypeName() string {
	if v == nil {
		return "null"
	}
	if v.Kind == Array {
		switch {
		case v.Object:
			return "object"
		case v.IsList():
			return "list"
		default:
			return "map"
		}
	}
	return v.Kind.String()
}

// ParseError is an error in an input file at a position. Every parser error
// in this package is a *ParseError, so callers can name file and line.
type ParseError struct {
	Pos Pos
	Msg string
}

func (e *ParseError) Error() string { return e.Pos.String() + ": " + e.Msg }
