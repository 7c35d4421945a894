package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/espo-oidc/espo-oidc/rules"
)

func renderJSON(t *testing.T, r *Report, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, "json", r, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// JSON counts the skipped rules per reason; --skipped full lists them.
func TestJSONSkipped(t *testing.T) {
	r := fixtureReport()
	r.Results[0].Skipped = append(r.Results[0].Skipped,
		rules.Skip{Rule: "EO8705", Name: "test-probe", Reason: "no probe ran (run espo-oidc probe, or lint --probe)"},
		rules.Skip{Rule: "EO8706", Name: "test-app-other", Reason: "skipped: no manifest (give the Entra app manifest with --app-manifest FILE)"},
		rules.Skip{Rule: "EO8707", Name: "test-keycloak", Reason: "the provider is not Keycloak", NotApplicable: true, Elsewhere: true},
		rules.Skip{Rule: "EO8708", Name: "test-old-espocrm", Reason: "applies to EspoCRM 7.3.0–7.3.1; the instance runs 10.0.0", NotApplicable: true, Elsewhere: true},
		rules.Skip{Rule: "EO8709", Name: "test-oidc-off", Reason: "OIDC is not the login method; --assume-oidc judges it", NotApplicable: true})
	compact := renderJSON(t, r, Options{})
	full := renderJSON(t, r, Options{SkippedFull: true})
	golden(t, "lint.json", compact)
	golden(t, "lint-skipped-full.json", full)

	var c, f JSONReport
	if err := json.Unmarshal(compact, &c); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(full, &f); err != nil {
		t.Fatal(err)
	}
	want := []JSONSkipReason{
		{Reason: "skipped: no manifest (give the Entra app manifest with --app-manifest FILE)", Rules: 2},
		{Reason: "no probe ran (run espo-oidc probe, or lint --probe)", Rules: 1},
		{Reason: NotApplicableReason, NotApplicable: true, Rules: 2},                                     // another version or provider: one entry
		{Reason: "OIDC is not the login method; --assume-oidc judges it", NotApplicable: true, Rules: 1}, // kept: it asks something of the user
	}
	in := c.Instances[0]
	if in.SkippedCount != 6 || len(in.Skipped) != 0 || len(in.SkippedByReason) != len(want) {
		t.Fatalf("compact: %+v", in)
	}
	for i, w := range want {
		if in.SkippedByReason[i] != w {
			t.Errorf("reason %d: %+v, want %+v", i, in.SkippedByReason[i], w)
		}
	}
	if got := f.Instances[0].Skipped; len(got) != 6 || got[3].Rule != "EO8707" || !got[3].NotApplicable || got[4].Reason != "applies to EspoCRM 7.3.0–7.3.1; the instance runs 10.0.0" {
		t.Errorf("full: %+v", got)
	}
	if o := c.Instances[1]; o.SkippedCount != 0 || o.SkippedByReason == nil || len(o.SkippedByReason) != 0 {
		t.Errorf("an instance without skipped rules: %+v", o)
	}
	if c.SchemaVersion != 2 {
		t.Errorf("schemaVersion %d", c.SchemaVersion)
	}
}
