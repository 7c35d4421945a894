package knowledge

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestRewrite(t *testing.T) {
	for in, want := range map[string]string{
		"espocrm-oidc.md §2":            "docs/knowledge/espocrm-login.md#the-login-flow",
		"espocrm-oidc.md §4 (Matching)": "docs/knowledge/espocrm-users.md#matching (Matching)",
		"espocrm-oidc.md §10.3":         "docs/knowledge/espocrm-logs.md#id-token-messages",
		"espocrm-oidc.md §10.9":         "docs/knowledge/espocrm-logs.md", // unknown subsection: its section
		"entra.md §5.4":                 "docs/knowledge/entra.md#redirect-uris",
		"entra.md §2.6":                 "docs/knowledge/entra.md#claims",
		"entra.md":                      "docs/knowledge/entra.md",
		"failure-modes.md §1":           "docs/knowledge/failure-modes.md#symptoms-and-causes",
		"failure-modes.md":              "docs/knowledge/failure-modes.md#symptoms-and-causes",
		"entra-guide.md":                "docs/knowledge/entra-guide.md",
		"espocrm-oidc.md §15":           "docs/rules.md",
		"linter-conventions.md §1 (x)":  "docs/ci.md#the-config-file (x)",
		"general knowledge (espocrm-oidc.md §16), not verified":    "general knowledge (docs/knowledge/README.md#what-is-not-verified), not verified",
		"from espocrm-oidc.md §10.2 and failure-modes.md (public)": "from docs/knowledge/espocrm-logs.md#token-endpoint-messages and docs/knowledge/failure-modes.md#symptoms-and-causes (public)",
		"see docs/knowledge/entra.md#claims":                       "see docs/knowledge/entra.md#claims", // already a path
		"README.md and rules.md":                                   "README.md and rules.md",             // not reference files
		"nothing here":                                             "nothing here",
		"§4 alone":                                                 "§4 alone",
	} {
		if got := Rewrite(in); got != want {
			t.Errorf("Rewrite(%q)\n got %q\nwant %q", in, got, want)
		}
		if u := Unresolved(Rewrite(in)); len(u) > 0 {
			t.Errorf("Rewrite(%q) leaves %v", in, u)
		}
	}
	if got := Cites([]string{"entra.md §6", "espocrm-oidc.md §5"}); !slices.Equal(got, []string{"docs/knowledge/entra.md#aadsts-error-codes", "docs/knowledge/espocrm-users.md#fallback-and-admins"}) {
		t.Errorf("Cites = %q", got)
	}
	if u := Unresolved("as entra.md §6 says"); !slices.Equal(u, []string{"entra.md"}) {
		t.Errorf("Unresolved misses a raw key: %v", u)
	}
}

// slug is GitHub's heading anchor: lower case, punctuation dropped, spaces
// become dashes.
func slug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func anchors(t *testing.T, path string) map[string]bool {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v", err)
	}
	out := map[string]bool{}
	fence := false
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "```") {
			fence = !fence
		}
		if !fence && strings.HasPrefix(l, "#") {
			out[slug(strings.TrimLeft(l, "#"))] = true
		}
	}
	return out
}

// Every page and section a citation can resolve to exists in the repository.
func TestTargetsExist(t *testing.T) {
	root := filepath.Join("..")
	for _, tg := range Targets() {
		page, anchor, _ := strings.Cut(tg, "#")
		path := filepath.Join(root, page)
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%s: %v", tg, err)
			continue
		}
		if anchor != "" && !anchors(t, path)[anchor] {
			t.Errorf("%s: no heading with the anchor #%s", page, anchor)
		}
	}
}

// The pages' own links between each other resolve too.
func TestPagesLinkWithin(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join("..", Dir, "*.md"))
	if len(pages) < 8 {
		t.Fatalf("only %d knowledge pages", len(pages))
	}
	for _, p := range pages {
		b, _ := os.ReadFile(p)
		s := string(b)
		for i := strings.Index(s, "]("); i >= 0; i = strings.Index(s, "](") {
			s = s[i+2:]
			link, _, _ := strings.Cut(s, ")")
			if strings.Contains(link, "://") {
				continue
			}
			file, anchor, _ := strings.Cut(link, "#")
			target := filepath.Join(filepath.Dir(p), file)
			if _, err := os.Stat(target); err != nil {
				t.Errorf("%s: link %s: %v", filepath.Base(p), link, err)
				continue
			}
			if anchor != "" && !anchors(t, target)[anchor] {
				t.Errorf("%s: link %s: no such heading", filepath.Base(p), link)
			}
		}
		if strings.Contains(string(b), ".md §") {
			t.Errorf("%s cites a reference section (file.md §N) instead of linking a page", filepath.Base(p))
		}
	}
}
