package redact

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

type inner struct {
	Msg    string
	Claims map[string]any
}

type record struct {
	URL      string
	Notes    []string
	In       *inner
	List     []inner
	ByName   map[string]string
	Any      any
	Steps    map[string]inner
	hidden   string
	Count    int
	Named    kind
	AnySlice []any
}

type kind string

func TestWalk(t *testing.T) {
	set := New(secret)
	r := &record{
		URL:      "https://u:p@h/?code=abc",
		Notes:    []string{"echo " + fullEscape(secret, true)},
		In:       &inner{Msg: "x " + secret, Claims: map[string]any{"nonce": "n1", "name": "Bob", "deep": map[string]any{"sid": "s1", "v": secret}}},
		List:     []inner{{Msg: "password=hunter2"}},
		ByName:   map[string]string{"a": secret},
		Any:      "Bearer abcdefghijklmnopq",
		Steps:    map[string]inner{"s": {Msg: secret}},
		hidden:   secret,
		Named:    kind(secret),
		AnySlice: []any{secret, 3, map[string]any{"at_hash": "h"}},
	}
	set.Walk(r)
	if r.hidden != secret {
		t.Error("an unexported field was changed (it cannot be output)")
	}
	r.hidden = ""
	got := fmt.Sprintf("%+v %+v %+v", *r, *r.In, r.In.Claims["deep"])
	if strings.Contains(got, secret[:Window]) || strings.Contains(got, "hunter2") || strings.Contains(got, "abcdefghijklmnopq") || strings.Contains(got, "u:p@") || strings.Contains(got, "code=abc") {
		t.Errorf("left: %s", got)
	}
	if r.In.Claims["nonce"] != Fingerprint("n1") || r.In.Claims["name"] != "Bob" || r.In.Claims["deep"].(map[string]any)["sid"] != Fingerprint("s1") {
		t.Errorf("claims: %v", r.In.Claims)
	}
	if r.AnySlice[1] != 3 || r.AnySlice[2].(map[string]any)["at_hash"] != Fingerprint("h") {
		t.Errorf("any slice: %v", r.AnySlice)
	}
	set.Walk(nil)
	set.Walk(*r) // not a pointer: nothing
}

func TestKnown(t *testing.T) {
	set := New(secret)
	in := `{"id_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln","echo":"` + fullEscape(secret, false) + `"}`
	out := string(set.Known([]byte(in)))
	if !strings.Contains(out, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln") || leaks(out, secret) != "" {
		t.Errorf("Known = %s", out)
	}
	if string((*Set)(nil).Known([]byte("x"))) != "x" {
		t.Error("nil Known")
	}
}

type catalogued struct {
	ID     string   `redact:"-"`
	IDs    []string `redact:"-"`
	Msg    string
	Nested struct{ Text string }
	Count  int
}

// Fields tagged redact:"-" (catalog values: rule IDs and names) are passed
// by; every other field, at any depth, is still redacted, and a string
// repeated within one record is redacted wherever it appears.
func TestWalkPassesCatalogFields(t *testing.T) {
	set := New(secret)
	c := &catalogued{ID: "EO1001 " + secret, IDs: []string{secret}, Msg: "x " + secret, Count: 7}
	c.Nested.Text = "x " + secret
	set.Walk(c)
	if c.ID != "EO1001 "+secret || c.IDs[0] != secret {
		t.Errorf("a redact:\"-\" field was changed: %q %q", c.ID, c.IDs)
	}
	if leaks(c.Msg, secret) != "" || leaks(c.Nested.Text, secret) != "" || c.Msg != c.Nested.Text {
		t.Errorf("left: %q, %q", c.Msg, c.Nested.Text)
	}
	if got := fieldsOf(reflect.TypeFor[catalogued]()); !slices.Equal(got, []int{2, 3}) {
		t.Errorf("fields walked: %v, want Msg and Nested", got)
	}
}

// Walk keeps the last strings it redacted and matches a repeat by its
// bytes' address and length: strings that start at the same byte but are
// longer, and equal strings elsewhere in memory, are each redacted.
func TestWalkRepeats(t *testing.T) {
	set := NewWhole(secret)
	long := "reason: the value is " + secret + " here"
	r := &record{Notes: []string{
		long[:20], long, long[:20], long,
		strings.Clone(long), "another " + secret,
	}}
	for range 10 { // more distinct strings than are kept
		r.Notes = append(r.Notes, fmt.Sprintf("n%d", len(r.Notes)), long)
	}
	set.Walk(r)
	for i, n := range r.Notes {
		if strings.Contains(n, secret) {
			t.Errorf("note %d keeps the secret: %q", i, n)
		}
	}
	if r.Notes[0] != long[:20] || r.Notes[2] != long[:20] {
		t.Errorf("the clean prefix changed: %q, %q", r.Notes[0], r.Notes[2])
	}
	if want := "reason: the value is " + Mark + " here"; r.Notes[1] != want || r.Notes[3] != want || r.Notes[4] != want {
		t.Errorf("repeats redacted differently: %q %q %q", r.Notes[1], r.Notes[3], r.Notes[4])
	}
}
