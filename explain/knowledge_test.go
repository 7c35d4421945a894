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
