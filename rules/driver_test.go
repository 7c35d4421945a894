package rules

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/internal/jsonw"
)

// A severity writes the same JSON through jsonw (AppendJSON) as through
// encoding/json (MarshalJSON), the default severity and unknown ones too.
func TestSeverityJSON(t *testing.T) {
	for s := Severity(-1); s <= Error+1; s++ {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonw.Append(nil, s, 0); string(got) != string(want) {
			t.Errorf("severity %d: jsonw %s, encoding/json %s", int(s), got, want)
		}
	}
}

// A panic in one rule becomes one error finding of that rule for that
// instance; the findings it reported before panicking are dropped.
func TestCheckRecoversPanic(t *testing.T) {
	r := &Rule{ID: "EO0999", Name: "panics", Set: SetCore, Severity: Info, Summary: "x",
		Check: func(p *Pass) {
			p.Report(Finding{Message: "partial"})
			var m map[string]int
			m["boom"]++ // assignment to entry in nil map
		}}
	p := &Pass{Input: &Input{Instance: "site1"}, Rule: r}
	failed := check(p)
	if failed == nil {
		t.Fatal("check returned no failure for a panicking rule")
	}
	if failed.Rule != "EO0999" || failed.Name != "panics" || failed.Severity != Error || failed.Instance != "site1" ||
		failed.File != "site1" || failed.Line != 1 || failed.Fingerprint == "" {
		t.Errorf("failure finding = %+v", *failed)
	}
	if !strings.Contains(failed.Message, "internal error: rule EO0999 panics failed on this instance (assignment to entry in nil map)") {
		t.Errorf("message = %q", failed.Message)
	}
	if len(p.findings) != 1 || strings.Contains(p.findings[0].Message, "partial") {
		t.Errorf("partial findings kept: %+v", p.findings)
	}

	ok := &Rule{ID: "EO0998", Name: "fine", Set: SetCore, Severity: Info, Summary: "x",
		Check: func(p *Pass) { p.Report(Finding{Message: "fine"}) }}
	p = &Pass{Input: &Input{Instance: "site1"}, Rule: ok}
	if failed := check(p); failed != nil || len(p.findings) != 1 {
		t.Errorf("check of a good rule: failed=%v findings=%v", failed, p.findings)
	}
}
