package rules

import (
	"testing"

	"github.com/espo-oidc/espo-oidc/espo"
)

// BenchmarkRunCatalog: the whole catalog on one loaded instance, without
// file I/O (what linting costs once the inputs are in memory).
func BenchmarkRunCatalog(b *testing.B) {
	cfg := []byte(phpFile(edit(entraBase(), []string{"oidcAuthorizationPrompt='consent'", "oidcSync=true"})))
	internal := []byte(phpFile(internalBase()))
	b.ReportAllocs()
	for b.Loop() {
		s, err := espo.FromFiles("inst", espo.File{Name: cfgFile, Data: cfg}, espo.File{Name: intFile, Data: internal})
		if err != nil {
			b.Fatal(err)
		}
		res := Run(&Input{Instance: "inst", Settings: s, Options: DefaultOptions()}, nil)
		if len(res.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}
