package rules

import (
	"testing"

	"github.com/espo-oidc/espo-oidc/knowledge"
)

// What a user reads of a rule (docs/rules.md, `explain RULE`, SARIF help)
// cites the project's own pages, never the developers' reference files.
func TestRuleCitationsAreInTheRepository(t *testing.T) {
	for _, r := range All() {
		for _, text := range append([]string{r.Summary, r.Documentation().Why, r.Documentation().FixEspo, r.Documentation().FixEntra, r.Documentation().Unverified}, r.Documentation().Refs...) {
			if u := knowledge.Unresolved(text); len(u) > 0 {
				t.Errorf("%s %s cites %v: %q", r.ID, r.Name, u, text)
			}
		}
	}
}
