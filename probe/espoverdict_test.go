package probe

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
)

// verdictFixture is one file of testdata/versions/idtokens: claims the fake
// identity provider puts into a real signed ID token, the EspoCRM version,
// and what EspoCRM's code does with it (source names the line it follows).
type verdictFixture struct {
	Why      string         `json:"why"`
	Source   string         `json:"source"`
	Version  string         `json:"version"`
	Claims   map[string]any `json:"claims"`
	JWKS     string         `json:"jwks"` // a fakeidp jwks mode
	Accepted bool           `json:"accepted"`
	Status   int            `json:"status"`
	Check    string         `json:"check"`
	Reason   string         `json:"reason"`
}

// TestEspoVerdictFixtures runs the probe against the fake identity provider
// (real HTTP on loopback, real RS256 tokens) once per fixture and checks the
// EspoCRM verdict: accepted or not, the HTTP status the login ends in, the
// failing check and its reason.
func TestEspoVerdictFixtures(t *testing.T) {
	files, _ := filepath.Glob("../testdata/versions/idtokens/*.json")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	f := newFake(t)
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var fx verdictFixture
		if err := json.Unmarshal(b, &fx); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(file), ".json"), func(t *testing.T) {
			f.Extra = fx.Claims
			f.SetMode("jwks", fx.JWKS)
			defer func() { f.Extra = nil; f.SetMode("jwks", "") }()
			o := opts(f)
			o.ClientCredentials = false
			o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
			facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"version": fx.Version}), o)
			v := facts.Espo
			if v == nil {
				t.Fatalf("no EspoCRM verdict (%s)", fx.Source)
			}
			if v.Accepted != fx.Accepted || v.Status != fx.Status {
				t.Fatalf("%s: accepted %v status %d, want %v %d (%s): %v", fx.Why, v.Accepted, v.Status, fx.Accepted, fx.Status, fx.Source, v.Reasons)
			}
			if fx.Accepted {
				return
			}
			first := ""
			for _, c := range v.Checks {
				if !c.OK {
					first = c.Name
					break
				}
			}
			if first != fx.Check || !strings.Contains(v.Reasons[0], fx.Reason) {
				t.Errorf("%s: first failing check %s %q, want %s with %q (%s)", fx.Why, first, v.Reasons[0], fx.Check, fx.Reason, fx.Source)
			}
		})
	}
}
