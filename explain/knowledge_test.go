package explain

import (
	"testing"

	"github.com/espo-oidc/espo-oidc/knowledge"
)

// Every explain entry cites the project's own pages, never the developers'
// reference files.
func TestEntryCitationsAreInTheRepository(t *testing.T) {
	for _, e := range All() {
		for _, text := range append([]string{e.Title, e.Meaning, e.Fix, e.Unverified}, e.Refs...) {
			if u := knowledge.Unresolved(text); len(u) > 0 {
				t.Errorf("%s cites %v: %q", e.ID, u, text)
			}
		}
	}
}

// The rules an entry names are those that catch its cause: a wrong secret
// is not a missing one, and EspoCRM only fetches keys from a JWKS URL that
// is set.
func TestEntryRulesFitTheCause(t *testing.T) {
	for _, c := range []struct{ q, not string }{
		{"AADSTS7000215", "client-secret-missing"},
		{"invalid_client", "client-secret-missing"},
		{"OIDC: Token request error.; Status: 401; Response: x", "client-secret-missing"},
		{"OIDC: JWT signature not verified.", "jwks-endpoint-missing"},
		{"OIDC: JWKS request error. Status: 0.", "jwks-endpoint-missing"},
	} {
		es := Lookup(c.q)
		if len(es) == 0 {
			t.Fatalf("%s: not found", c.q)
		}
		for _, r := range es[0].Rules {
			if r == c.not {
				t.Errorf("%s names %s", c.q, c.not)
			}
		}
	}
}
