package knowledge_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/knowledge"
	"github.com/espo-oidc/espo-oidc/rules"
)

// Every rule reference, once its reference keys are resolved, names a docs/
// page and heading that exist.
func TestRuleDocsRefsExist(t *testing.T) {
	n := 0
	for _, r := range rules.All() {
		for _, ref := range r.Documentation().Refs {
			if !strings.HasPrefix(ref, "docs/") {
				continue
			}
			n++
			ref, _, _ = strings.Cut(ref, " ") // "docs/x.md#a (what)", "docs/x.md#a, §2"
			ref = strings.TrimRight(ref, ",;.")
			page, anchor, _ := strings.Cut(ref, "#")
			path := filepath.Join("..", page)
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s %s cites %s: %v", r.ID, r.Name, ref, err)
				continue
			}
			if anchor != "" && !knowledge.Anchors(t, path)[anchor] {
				t.Errorf("%s %s cites %s: %s has no heading with that anchor", r.ID, r.Name, ref, page)
			}
		}
	}
	if n == 0 {
		t.Fatal("no rule cites a docs/ page directly; the test checks nothing")
	}
}
