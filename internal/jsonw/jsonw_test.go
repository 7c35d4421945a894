package jsonw_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/internal/jsonw"
)

func encoded(t testing.TB, v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type sev int

func (s sev) MarshalJSON() ([]byte, error) { return json.Marshal([]string{"error", "warning"}[s]) }

// label writes itself both ways: Append must use AppendJSON and give
// what encoding/json gives through MarshalJSON.
type label string

func (l label) MarshalJSON() ([]byte, error) { return jsonw.String(nil, "L:"+string(l)), nil }
func (l label) AppendJSON(dst []byte) []byte {
	labelAppends++
	return jsonw.String(dst, "L:"+string(l))
}

var labelAppends int // AppendJSON calls, for TestAppender

type ptrM struct{ N int }

func (p *ptrM) MarshalJSON() ([]byte, error) {
	return []byte(`{"n":` + string(rune('0'+p.N)) + `}`), nil
}

type inner struct {
	A string   `json:"a"`
	B []string `json:"b,omitempty"`
	C int      `json:"c,omitempty"`
}

type embed struct {
	inner
	D bool `json:"d"`
}

type doc struct {
	Name     string            `json:"name"`
	Sev      sev               `json:"severity"`
	Opt      string            `json:"opt,omitempty"`
	Num      int64             `json:"num"`
	U        uint32            `json:"u"`
	F        float64           `json:"f"`
	Flag     bool              `json:"flag,omitempty"`
	Ptr      *inner            `json:"ptr"`
	NilPtr   *inner            `json:"nilPtr"`
	List     []inner           `json:"list"`
	Empty    []inner           `json:"empty"`
	Nil      []inner           `json:"nil"`
	Map      map[string]int64  `json:"map"`
	EmptyMap map[string]string `json:"emptyMap"`
	Any      any               `json:"any"`
	When     time.Time         `json:"when"`
	Embed    embed             `json:"embed"`
	Ptrs     []ptrM            `json:"ptrs"`
	Bytes    []byte            `json:"bytes"`
	Raw      json.RawMessage   `json:"raw"`
	Str      int               `json:"str,string"`
	skip     int
	Dash     int `json:"-"`
	NoTag    string
	Nested   [][]int `json:"nested"`
	Allempty inner   `json:"allEmpty"`
}

func sample(s string) doc {
	return doc{Name: s, Sev: 1, Num: -42, U: 7, F: 1.5e-7, Ptr: &inner{A: s, B: []string{s, ""}, C: 3},
		List: []inner{{A: "x"}, {A: s, B: []string{"y"}}}, Empty: []inner{}, Map: map[string]int64{"z": 1, "a": 2, s: 3},
		EmptyMap: map[string]string{}, Any: map[string]any{"k": []any{1, "two", nil, true}}, When: time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC),
		Embed: embed{inner: inner{A: "e"}, D: true}, Ptrs: []ptrM{{1}, {2}}, Bytes: []byte("hi"), Raw: json.RawMessage(`{"r": [1, 2]}`),
		Str: 5, NoTag: s, Nested: [][]int{{1, 2}, {}}, Allempty: inner{}}
}

var strs = []string{"", "plain", `quote " and \ backslash`, "<html> & </html>", "tab\tnl\nret\rbs\bff\f", "\x00\x01\x1f\x7f",
	"ünïcödé → ✓", "\u2028\u2029", "bad \xff\xfe utf8", "emoji 😀", "a\u00e9b"}

func TestMatchesEncodingJSON(t *testing.T) {
	for _, s := range strs {
		d := sample(s)
		want := encoded(t, d)
		got := append(jsonw.Append(nil, d, 0), '\n')
		if !bytes.Equal(got, want) {
			t.Errorf("%q:\ngot  %s\nwant %s", s, got, want)
		}
		// inside an array at depth 1, as a streaming renderer writes it
		want = encoded(t, []doc{d})
		got = append(append(jsonw.Indent([]byte("["), 1), jsonw.Append(nil, d, 1)...), '\n', ']', '\n')
		if !bytes.Equal(got, want) {
			t.Errorf("%q in an array:\ngot  %s\nwant %s", s, got, want)
		}
	}
}

// Values that are Appenders are written by their AppendJSON (doc goes
// through encoding/json as a whole: its ",string" field).
type labelled struct {
	Label    label   `json:"label"`
	LabelPtr *label  `json:"labelPtr"`
	LabelNil *label  `json:"labelNil"`
	Labels   []label `json:"labels"`
}

func TestAppender(t *testing.T) {
	for _, s := range strs {
		v := labelled{Label: label(s), LabelPtr: new(label(s + "p")), Labels: []label{"a", label(s)}}
		labelAppends = 0
		got := append(jsonw.Append(nil, v, 0), '\n')
		if labelAppends != 4 { // Label, *LabelPtr and the two Labels; not the nil LabelNil
			t.Errorf("%q: AppendJSON called %d times, want 4", s, labelAppends)
		}
		if want := encoded(t, v); !bytes.Equal(got, want) {
			t.Errorf("%q:\ngot  %s\nwant %s", s, got, want)
		}
	}
}

func FuzzString(f *testing.F) {
	for _, s := range strs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := encoded(t, s)
		got := append(jsonw.String(nil, s), '\n')
		if !bytes.Equal(got, want) {
			t.Errorf("%q: got %s want %s", s, got, want)
		}
		d := sample(s)
		if w, g := encoded(t, d), append(jsonw.Append(nil, d, 0), '\n'); !bytes.Equal(g, w) {
			t.Errorf("%q: doc differs", s)
		}
	})
}
