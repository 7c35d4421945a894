package report

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/rules"
)

// docs/rules.md is generated from the catalog; this test fails when it is
// stale. Regenerate with: go test ./report -run TestRulesDoc -update
func TestRulesDoc(t *testing.T) {
	all := rules.All()
	if len(all) == 0 {
		t.Fatal("empty rule catalog")
	}
	var b bytes.Buffer
	if err := RulesDocFile(&b, all); err != nil {
		t.Fatal(err)
	}
	const path = "../docs/rules.md"
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (generate it with go test ./report -run TestRulesDoc -update)", err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("docs/rules.md is stale: the rule catalog changed. Regenerate it with go test ./report -run TestRulesDoc -update")
	}
	// Every rule has the section its HelpURI points at.
	for _, r := range all {
		frag := r.HelpURI()[strings.Index(r.HelpURI(), "#")+1:]
		if !strings.Contains(b.String(), "\n### "+r.ID+" "+r.Name+"\n") || frag != anchor(r) {
			t.Errorf("%s: no section for its help URI %s", r.ID, r.HelpURI())
		}
	}
}
