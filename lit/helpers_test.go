package lit

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// dump renders a value tree with every position, for exact comparisons:
//
//	null@1:1  bool(true)@1:1  int(5)@1:1  float(1.5)@1:1  string("x")@1:1
//	list@1:1[0@1:2=int(1)@1:2]  map@..[...]  object@..{"k"@2:3=...}
//
// Positions omit the file name; int keys print bare, string keys quoted.
func dump(v *Value) string {
	var b strings.Builder
	dumpTo(&b, v)
	return b.String()
}

func dumpTo(b *strings.Builder, v *Value) {
	if v == nil {
		b.WriteString("<nil>")
		return
	}
	at := func(p Pos) string { return "@" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column) }
	switch v.Kind {
	case Null:
		b.WriteString("null")
	case Bool:
		b.WriteString("bool(" + strconv.FormatBool(v.Bool) + ")")
	case Int:
		b.WriteString("int(" + strconv.FormatInt(v.Int, 10) + ")")
	case Float:
		f, format := v.Float, byte('g')
		if a := math.Abs(f); a == 0 || (a >= 1e-6 && a < 1e21) {
			format = 'f'
		}
		b.WriteString("float(" + strconv.FormatFloat(f, format, -1, 64) + ")")
	case String:
		b.WriteString("string(" + strconv.Quote(v.Str) + ")")
	case Array:
		open, closer := "[", "]"
		if v.Object {
			open, closer = "{", "}"
		}
		b.WriteString(v.TypeName() + at(v.Pos) + open)
		for i, e := range v.Entries {
			if i > 0 {
				b.WriteString(", ")
			}
			if e.IntKey {
				b.WriteString(e.Key)
			} else {
				b.WriteString(strconv.Quote(e.Key))
			}
			b.WriteString(at(e.KeyPos) + "=")
			dumpTo(b, e.Value)
		}
		b.WriteString(closer)
		return
	}
	b.WriteString(at(v.Pos))
}

// fixtures lists the files matching pattern under testdata.
func fixtures(t testing.TB, pattern string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures %s: %v", pattern, err)
	}
	return files
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkParseError asserts that err is a *ParseError with a sane position.
func checkParseError(t testing.TB, file string, err error) *ParseError {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Pos.Line < 1 || pe.Pos.Column < 1 || pe.Pos.File != file {
		t.Fatalf("error %q has a bad position %+v", pe, pe.Pos)
	}
	return pe
}
