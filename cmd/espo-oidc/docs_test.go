package main

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/rules"
)

// The rule and code counts written in prose in the README and docs/ are the
// catalog's: a rule added without updating them fails here.
func TestProseCounts(t *testing.T) {
	count := func(set rules.Set) int {
		n := 0
		for _, r := range rules.All() {
			if set == "" || r.Set == set {
				n++
			}
		}
		return n
	}
	aadsts := 0
	for _, e := range explain.All() {
		if e.Kind == explain.KindAADSTS {
			aadsts++
		}
	}
	checks := []struct {
		file string
		re   string
		want int
	}{
		{"../../README.md", `(\d+) rules\. espo-oidc explain`, count("")},
		{"../../README.md", `the (\d+) rules that cross-check the Entra app registration`, count(rules.SetEntraApp)},
		{"../../docs/manifest.md", `All (\d+) entra-app rules run`, count(rules.SetEntraApp)},
		{"../../docs/logs.md", `The catalogue holds (\d+) AADSTS codes`, aadsts},
	}
	for _, c := range checks {
		b, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		ms := regexp.MustCompile(c.re).FindAllStringSubmatch(string(b), -1)
		if len(ms) == 0 {
			t.Errorf("%s: no sentence matching %q (update this test with the prose)", c.file, c.re)
		}
		for _, m := range ms {
			if n, _ := strconv.Atoi(m[1]); n != c.want {
				t.Errorf("%s says %q; the catalog has %d", c.file, m[0], c.want)
			}
		}
	}
}
