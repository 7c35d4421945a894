package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/knowledge"
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

// Every citation a user reads points into the repository (docs/knowledge/
// and the other docs/ pages) or at a public URL, never at the developers'
// reference files (issue 11 item 11): the README, docs/, every rule's doc
// and every explain entry.
func TestCitationsResolve(t *testing.T) {
	linkRe := regexp.MustCompile(`\[[^\]]*\]\(([^)\s]+)\)`)
	files, _ := filepath.Glob("../../docs/*.md")
	files = append(files, "../../README.md")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			// a Markdown link to a file of the repository is a citation that resolves
			line = linkRe.ReplaceAllStringFunc(line, func(m string) string {
				target := linkRe.FindStringSubmatch(m)[1]
				file, anchor, _ := strings.Cut(target, "#")
				if strings.Contains(file, "://") {
					return m
				}
				p := filepath.Join(filepath.Dir(f), file)
				if file == "" {
					p = f
				}
				page, err := os.ReadFile(p)
				if err != nil {
					return m
				}
				if anchor != "" && !hasAnchor(string(page), anchor) {
					t.Errorf("%s:%d links %s: no heading with that anchor", f, i+1, target)
				}
				return ""
			})
			if u := knowledge.Unresolved(line); len(u) > 0 {
				t.Errorf("%s:%d cites %v: %s", f, i+1, u, line)
			}
		}
	}
	for _, r := range rules.All() {
		d := r.Documentation()
		for _, s := range append([]string{d.Why, d.FixEspo, d.FixEntra, d.FixIdP, d.Unverified}, d.Refs...) {
			if u := knowledge.Unresolved(s); len(u) > 0 {
				t.Errorf("rule %s cites %v: %s", r.ID, u, s)
			}
		}
	}
	for _, e := range explain.All() {
		for _, s := range append([]string{e.Meaning, e.Fix, e.Unverified}, e.Refs...) {
			if u := knowledge.Unresolved(s); len(u) > 0 {
				t.Errorf("explain %s cites %v: %s", e.ID, u, s)
			}
		}
	}
}

// hasAnchor says whether a Markdown page has a heading whose GitHub anchor
// is anchor (lower case, spaces as dashes, punctuation dropped).
func hasAnchor(page, anchor string) bool {
	for _, l := range strings.Split(page, "\n") {
		if !strings.HasPrefix(l, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(l, "#")))
		var b strings.Builder
		for _, r := range h {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && !strings.ContainsRune("→›…–—§·", r):
				b.WriteRune(r)
			}
		}
		if b.String() == anchor {
			return true
		}
	}
	return false
}
