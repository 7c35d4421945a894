package lit

import (
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestToJSON(t *testing.T) {
	str := func(s string) *Value { return &Value{Kind: String, Str: s} }
	flt := func(f float64) *Value { return &Value{Kind: Float, Float: f} }
	list := func(vs ...*Value) *Value {
		v := &Value{Kind: Array}
		for i, x := range vs {
			v.Entries = append(v.Entries, Entry{Key: strconv.Itoa(i), IntKey: true, Value: x})
		}
		return v
	}
	tests := []struct {
		name string
		v    *Value
		want string
	}{
		{"nil", nil, "null"},
		{"null", &Value{}, "null"},
		{"bools", list(&Value{Kind: Bool, Bool: true}, &Value{Kind: Bool}), "[true,false]"},
		{"ints", list(&Value{Kind: Int, Int: -5}, &Value{Kind: Int, Int: math.MaxInt64}, &Value{Kind: Int, Int: math.MinInt64}),
			"[-5,9223372036854775807,-9223372036854775808]"},
		// expected outputs verified with PHP 8.2 json_encode
		{"floats", list(flt(1), flt(math.Copysign(0, -1)), flt(0.1), flt(1e25), flt(1e17), flt(1e16), flt(0.0001), flt(0.00001),
			flt(1751446931.482913), flt(123456789012345678), flt(-1.5e-7), flt(5e-324), flt(math.MaxFloat64), flt(0.5), flt(100)),
			"[1,-0,0.1,1.0e+25,1.0e+17,10000000000000000,0.0001,1.0e-5,1751446931.482913,1.2345678901234568e+17,-1.5e-7,5.0e-324,1.7976931348623157e+308,0.5,100]"},
		{"string escapes", str("\"\\/\b\f\n\r\t\x00\x01\x1f\x7f"), `"\"\\\/\b\f\n\r\t\u0000\u0001\u001f` + "\x7f" + `"`},
		{"unicode", str("é€😀\uFFFD"), `"\u00e9\u20ac\ud83d\ude00\ufffd"`},
		{"empty array", &Value{Kind: Array}, "[]"},
		{"empty object", &Value{Kind: Array, Object: true}, "{}"},
		{"list", list(str("a"), list()), `["a",[]]`},
		{"map", &Value{Kind: Array, Entries: []Entry{{Key: "a/b", Value: str("x")}, {Key: "5", IntKey: true, Value: &Value{}}}}, `{"a\/b":"x","5":null}`},
		{"list not starting at 0", &Value{Kind: Array, Entries: []Entry{{Key: "1", IntKey: true, Value: str("a")}}}, `{"1":"a"}`},
		{"string key 0 is not a list", &Value{Kind: Array, Entries: []Entry{{Key: "0", Value: str("a")}}}, `{"0":"a"}`},
		{"object with int keys", &Value{Kind: Array, Object: true, Entries: []Entry{{Key: "0", IntKey: true, Value: str("a")}}}, `{"0":"a"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.v.ToJSON()
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestToJSONErrors(t *testing.T) {
	pos := Pos{File: "f.php", Line: 3, Column: 7}
	deep := &Value{Kind: Array, Pos: pos}
	for range 512 {
		deep = &Value{Kind: Array, Entries: []Entry{{Key: "0", IntKey: true, Value: deep}}, Pos: pos}
	}
	tests := []struct {
		name string
		v    *Value
		want string
	}{
		{"NaN", &Value{Kind: Float, Float: math.NaN(), Pos: pos}, "f.php:3:7: json_encode fails: Inf and NaN cannot be JSON encoded"},
		{"Inf", &Value{Kind: Float, Float: math.Inf(-1), Pos: pos}, "f.php:3:7: json_encode fails: Inf and NaN cannot be JSON encoded"},
		{"invalid UTF-8", &Value{Kind: String, Str: "hunter2\xff", Pos: pos}, "f.php:3:7: json_encode fails: Malformed UTF-8 characters, possibly incorrectly encoded"},
		{"encoded surrogate", &Value{Kind: String, Str: "\xed\xa0\x80", Pos: pos}, "f.php:3:7: json_encode fails: Malformed UTF-8 characters, possibly incorrectly encoded"},
		{"invalid UTF-8 key", &Value{Kind: Array, Entries: []Entry{{Key: "\xc3", KeyPos: pos, Value: &Value{}}}}, "f.php:3:7: json_encode fails: Malformed UTF-8 characters, possibly incorrectly encoded"},
		{"too deep", deep, "f.php:3:7: json_encode fails: Maximum stack depth exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.v.ToJSON()
			if err == nil {
				t.Fatalf("no error, got %s", got)
			}
			if err.Error() != tt.want {
				t.Errorf("\n got: %s\nwant: %s", err, tt.want)
			}
		})
	}
	// 512 levels are fine, as in PHP.
	if _, err := deep.Entries[0].Value.ToJSON(); err != nil {
		t.Errorf("512 levels: %v", err)
	}
}

func TestFormatPHPFloat(t *testing.T) {
	// (string)$f in PHP 8.2 (precision=14), as . concatenation prints floats
	for f, want := range map[float64]string{
		1.5: "1.5", 1e25: "1.0E+25", 0.1 + 0.2: "0.3", 1.0 / 3: "0.33333333333333", 1e15: "1.0E+15",
		1e14: "1.0E+14", 1e13: "10000000000000", 0: "0", 1e-5: "1.0E-5", 0.0001: "0.0001",
		123456789012345678: "1.2345678901235E+17", 99999999999999.99: "1.0E+14", math.Inf(1): "INF",
		math.Inf(-1): "-INF",
	} {
		if got := formatPHPFloat(f, 14, 'E'); got != want {
			t.Errorf("formatPHPFloat(%v, 14) = %s, want %s", f, got, want)
		}
	}
	if got := formatPHPFloat(math.Copysign(0, -1), 14, 'E'); got != "-0" {
		t.Errorf("-0: %s", got)
	}
	if got := formatPHPFloat(math.NaN(), 14, 'E'); got != "NAN" {
		t.Errorf("NaN: %s", got)
	}
}

// TestFloatOracle compares float printing with real PHP for many floats:
// json_encode (serialize_precision -1) and string conversion (precision 14).
func TestFloatOracle(t *testing.T) {
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("php not on PATH")
	}
	r := rand.New(rand.NewPCG(1, 2))
	var fs []float64
	for i := range 3000 {
		switch i % 3 {
		case 0: // any bit pattern
			f := math.Float64frombits(r.Uint64())
			if math.IsNaN(f) || math.IsInf(f, 0) {
				continue
			}
			fs = append(fs, f)
		case 1: // human-scale numbers
			fs = append(fs, math.Round(r.NormFloat64()*1e6)/math.Pow(10, float64(r.IntN(12))))
		case 2: // powers of ten and neighbours
			e := r.IntN(60) - 30
			f := math.Pow(10, float64(e))
			fs = append(fs, f, math.Nextafter(f, 0), math.Nextafter(f, math.Inf(1)))
		}
	}
	var src strings.Builder
	src.WriteString("<?php\n$a = [\n")
	for _, f := range fs {
		src.WriteString(strconv.FormatFloat(f, 'g', -1, 64) + ",\n")
	}
	src.WriteString("];\necho json_encode($a), \"\\n\", implode('|', array_map('strval', $a));\n")
	script := filepath.Join(t.TempDir(), "floats.php")
	if err := os.WriteFile(script, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(php, "-n", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	jsonLine, strLine, _ := strings.Cut(string(out), "\n")
	jsonOut := strings.Split(strings.Trim(jsonLine, "[]"), ",")
	strOut := strings.Split(strLine, "|")
	if len(jsonOut) != len(fs) || len(strOut) != len(fs) {
		t.Fatalf("php printed %d/%d floats, want %d", len(jsonOut), len(strOut), len(fs))
	}
	bad := 0
	for i, f := range fs {
		if got := formatPHPFloat(f, 17, 'e'); got != jsonOut[i] && bad < 20 {
			bad++
			t.Errorf("json_encode(%v): go %s, php %s", f, got, jsonOut[i])
		}
		if got := formatPHPFloat(f, 14, 'E'); got != strOut[i] && bad < 20 {
			bad++
			t.Errorf("strval(%v): go %s, php %s", f, got, strOut[i])
		}
	}
}
