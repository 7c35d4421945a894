package lit

import (
	"bytes"
	"errors"
	"testing"
)

func addSeeds(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		for _, name := range fixtures(f, p) {
			f.Add(readFile(f, name))
		}
	}
}

// checkFuzzError asserts the error contract: a *ParseError with a position.
func checkFuzzError(t *testing.T, err error) {
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Pos.Line < 1 || pe.Pos.Column < 1 || pe.Pos.File != "fuzz" {
		t.Fatalf("error %q has a bad position %+v", pe, pe.Pos)
	}
}

// checkJSONStable: what ToJSON prints, ParseJSON reads back, and printing
// that again changes nothing after the first round (the first round may turn
// -0.0 into the int 0, as PHP does).
func checkJSONStable(t *testing.T, v *Value) {
	j1, err := v.ToJSON()
	if err != nil {
		return // json_encode fails too (invalid UTF-8, INF/NAN)
	}
	v2, err := ParseJSON("fuzz", j1)
	if err != nil {
		t.Fatalf("ParseJSON(ToJSON()) failed: %v\n%s", err, j1)
	}
	j2, err := v2.ToJSON()
	if err != nil {
		t.Fatalf("ToJSON after round trip: %v", err)
	}
	v3, err := ParseJSON("fuzz", j2)
	if err != nil {
		t.Fatalf("second ParseJSON: %v", err)
	}
	j3, err := v3.ToJSON()
	if err != nil || !bytes.Equal(j2, j3) {
		t.Fatalf("ToJSON not stable: %v\n%s\n%s", err, j2, j3)
	}
}

func FuzzParsePHP(f *testing.F) {
	addSeeds(f, "php/*.php", "php/bad/*.php")
	for _, s := range []string{
		"<?php return ['a' => \"\\u{1F600}\\x41\\101\", 0x1F => -0b1, 1_0.5e3 => (object) array()];",
		"<?php return 'a' . 1.5 . true . null . -3;",
		"<?php return [5 => 1, 2, '7' => 3, 4, -1 => 5];",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		v, err := ParsePHP("fuzz", src)
		if err != nil {
			if v != nil {
				t.Fatal("value and error")
			}
			checkFuzzError(t, err)
			return
		}
		if v == nil {
			t.Fatal("nil value without error")
		}
		checkJSONStable(t, v)
	})
}

func FuzzParseJSON(f *testing.F) {
	addSeeds(f, "json/*.json", "php/*.json")
	for _, s := range []string{`{"a":[1,-0,1e999,"\ud83d\ude00"],"b":{}}`, "\xEF\xBB\xBF[]", `"\u0000"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		v, err := ParseJSON("fuzz", src)
		if err != nil {
			if v != nil {
				t.Fatal("value and error")
			}
			checkFuzzError(t, err)
			return
		}
		if v == nil {
			t.Fatal("nil value without error")
		}
		checkJSONStable(t, v)
	})
}
