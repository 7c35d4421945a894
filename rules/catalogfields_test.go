package rules

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/espo"
)

// Redaction passes by the fields tagged redact:"-" (package redact): they
// must hold catalog values only. On every example instance, each such
// field of the result is a rule's ID or name, and the tagged fields are
// exactly these.
func TestRedactionFreeFieldsHoldCatalogValues(t *testing.T) {
	ids, names := map[string]bool{}, map[string]bool{}
	for _, r := range All() {
		ids[r.ID], names[r.Name] = true, true
	}
	tagged := map[string]bool{}
	for _, typ := range []reflect.Type{reflect.TypeFor[Result](), reflect.TypeFor[Finding](), reflect.TypeFor[Skip]()} {
		for i := range typ.NumField() {
			if typ.Field(i).Tag.Get("redact") == "-" {
				tagged[typ.Name()+"."+typ.Field(i).Name] = true
			}
		}
	}
	want := map[string]bool{"Result.Ran": true, "Finding.Rule": true, "Finding.Name": true, "Skip.Rule": true, "Skip.Name": true}
	if !reflect.DeepEqual(tagged, want) {
		t.Errorf("fields tagged redact:\"-\": %v, want %v (a new one must hold catalog values only, and be checked here)", tagged, want)
	}
	dirs, _ := filepath.Glob("../testdata/instances/*")
	if len(dirs) == 0 {
		t.Fatal("no example instances")
	}
	judged := 0
	for _, dir := range dirs {
		s, err := espo.Load(dir, nil)
		if err != nil {
			if _, statErr := os.Stat(filepath.Join(dir, "data")); statErr == nil {
				t.Errorf("%s: %v", dir, err)
			}
			continue
		}
		res := Run(&Input{Instance: dir, Settings: s, Options: DefaultOptions()}, nil)
		judged++
		for _, id := range res.Ran {
			if !ids[id] {
				t.Errorf("%s: Ran holds %q, not a rule ID", dir, id)
			}
		}
		for _, f := range res.Findings {
			if !ids[f.Rule] || !names[f.Name] {
				t.Errorf("%s: finding rule %q name %q", dir, f.Rule, f.Name)
			}
		}
		for _, k := range res.Skipped {
			if !ids[k.Rule] || !names[k.Name] {
				t.Errorf("%s: skip rule %q name %q", dir, k.Rule, k.Name)
			}
			// Elsewhere marks exactly the rules for another version or provider
			if other := strings.HasPrefix(k.Reason, "applies to "); k.Elsewhere != other || k.Elsewhere && !k.NotApplicable {
				t.Errorf("%s: %s skipped for %q: elsewhere %v", dir, k.Rule, k.Reason, k.Elsewhere)
			}
		}
	}
	if judged < len(dirs)/2 {
		t.Errorf("judged %d of %d example instances", judged, len(dirs))
	}
}
