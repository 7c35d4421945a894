// Package knowledge maps the facts espo-oidc's rules and explanations rest
// on to the project's own pages under docs/knowledge/, so that every citation
// a user reads points at something in this repository.
//
// Rule docs and explain entries name their sources by a short key, the
// reference file and section they were written from ("espocrm-oidc.md §2",
// "entra.md §5.4"). Those reference files are the developers' and are not
// shipped; Cite turns a key into the page and section that tell the same
// facts in the project's words ("docs/knowledge/espocrm-login.md#the-login-flow"),
// and Rewrite does it for every key inside a text. It is a leaf package: plain
// string scanning, nothing at init.
package knowledge

import "strings"

// Dir is where the pages live, relative to the repository root.
const Dir = "docs/knowledge/"

// target is a page (relative to Dir, or "../x.md" for another doc) and an
// optional anchor.
type target struct{ page, anchor string }

func (t target) String() string {
	p := Dir + t.page
	if strings.HasPrefix(t.page, "../") {
		p = "docs/" + strings.TrimPrefix(t.page, "../")
	}
	if t.anchor != "" {
		p += "#" + t.anchor
	}
	return p
}

// sources maps a reference file to its page ("" key) and to the section of a
// page for each of its sections ("2", "10.3"). A section that is not listed
// falls back to its major section, then to the file's page.
var sources = map[string]map[string]target{
	"espocrm-oidc.md": {
		"":     {"espocrm-login.md", ""},
		"0":    {"README.md", "how-these-facts-were-established"},
		"1":    {"espocrm-settings.md", "where-settings-live"},
		"1.1":  {"espocrm-settings.md", "where-settings-live"},
		"1.2":  {"espocrm-settings.md", "the-oidc-settings"},
		"2":    {"espocrm-login.md", "the-login-flow"},
		"3":    {"espocrm-login.md", "errors-and-http-status"},
		"4":    {"espocrm-users.md", "matching"},
		"5":    {"espocrm-users.md", "fallback-and-admins"},
		"6":    {"espocrm-users.md", "portals"},
		"7":    {"espocrm-users.md", "two-factor-authentication"},
		"8":    {"espocrm-users.md", "logout"},
		"9":    {"espocrm-logs.md", "log-files"},
		"10":   {"espocrm-logs.md", ""},
		"10.1": {"espocrm-logs.md", "configuration-messages"},
		"10.2": {"espocrm-logs.md", "token-endpoint-messages"},
		"10.3": {"espocrm-logs.md", "id-token-messages"},
		"10.4": {"espocrm-logs.md", "userinfo-messages"},
		"10.5": {"espocrm-logs.md", "user-resolution-messages"},
		"10.6": {"espocrm-logs.md", "general-auth-messages"},
		"11":   {"espocrm-settings.md", "the-config-file-format"},
		"12":   {"espocrm-settings.md", "other-details"},
		"13":   {"espocrm-versions.md", ""},
		"14":   {"entra.md", ""},
		"15":   {"../rules.md", ""},
		"16":   {"README.md", "what-is-not-verified"},
	},
	"espocrm-versions.md": {"": {"espocrm-versions.md", ""}},
	"entra.md": {
		"":    {"entra.md", ""},
		"1":   {"entra.md", "endpoints-and-issuers"},
		"2":   {"entra.md", "claims"},
		"3":   {"entra.md", "scopes-and-consent"},
		"4":   {"entra.md", "prompt"},
		"5":   {"entra.md", "app-manifest"},
		"5.4": {"entra.md", "redirect-uris"},
		"5.5": {"entra.md", "client-secrets"},
		"6":   {"entra.md", "aadsts-error-codes"},
		"7":   {"entra.md", "token-endpoint"},
		"8":   {"entra.md", "go-oidc-with-entra"},
		"9":   {"../rules.md", ""},
		"10":  {"README.md", "how-these-facts-were-established"},
	},
	"failure-modes.md": {
		"":  {"failure-modes.md", "symptoms-and-causes"},
		"2": {"failure-modes.md", "what-known-good-looks-like-for-entra"},
		"3": {"failure-modes.md", "go-oidc-and-entra"},
	},
	"entra-guide.md":        {"": {"entra-guide.md", ""}},
	"linter-conventions.md": {"": {"../ci.md", "the-config-file"}},
}

// lookup resolves a file and a section ("" for none).
func lookup(file, section string) (target, bool) {
	secs, ok := sources[file]
	if !ok {
		return target{}, false
	}
	for s := section; s != ""; {
		if t, ok := secs[s]; ok {
			return t, true
		}
		i := strings.LastIndexByte(s, '.')
		if i < 0 {
			break
		}
		s = s[:i]
	}
	return secs[""], true
}

// Cite resolves one reference key, with anything after it kept:
// "espocrm-oidc.md §4 (Matching)" → "docs/knowledge/espocrm-users.md#matching (Matching)".
// A text that names no reference file is returned as it is.
func Cite(ref string) string { return Rewrite(ref) }

// Cites resolves a list of reference keys into a new list.
func Cites(refs []string) []string {
	if refs == nil {
		return nil
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = Rewrite(r)
	}
	return out
}

// Rewrite replaces every reference key in s ("entra.md §6", "failure-modes.md")
// by the page that tells the same facts. Paths already under docs/ stay.
func Rewrite(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; ; {
		j := strings.Index(s[i:], ".md")
		if j < 0 {
			break
		}
		end := i + j + 3
		start := i + j
		for start > 0 && (s[start-1] >= 'a' && s[start-1] <= 'z' || s[start-1] == '-') {
			start--
		}
		i = end
		if start > 0 && (s[start-1] == '/' || s[start-1] == '.' || s[start-1] >= 'A' && s[start-1] <= 'Z' || s[start-1] >= '0' && s[start-1] <= '9') {
			continue // part of a path or a longer name
		}
		file := s[start:end]
		if _, ok := sources[file]; !ok {
			continue
		}
		section, after := sectionAt(s, end)
		t, _ := lookup(file, section)
		b.WriteString(s[last:start])
		b.WriteString(t.String())
		last = after
		i = after
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// sectionAt reads " §10.2" (or "§10.2", "§ 10.2") at s[i:]; it returns the
// section and the index after it, or "" and i.
func sectionAt(s string, i int) (string, int) {
	k := i
	for k < len(s) && s[k] == ' ' {
		k++
	}
	if !strings.HasPrefix(s[k:], "§") {
		return "", i
	}
	k += len("§")
	for k < len(s) && s[k] == ' ' {
		k++
	}
	n := k
	for n < len(s) && (s[n] >= '0' && s[n] <= '9' || s[n] == '.' && n+1 < len(s) && s[n+1] >= '0' && s[n+1] <= '9') {
		n++
	}
	if n == k {
		return "", i
	}
	return s[k:n], n
}

// Unresolved returns the reference file names (".md" words that are not a
// docs/ path) left in s: a test helper's question, empty when every
// citation in s points into the repository.
func Unresolved(s string) []string {
	var out []string
	for _, f := range []string{"espocrm-oidc.md", "espocrm-versions.md", "espocrm-database.md", "entra.md", "entra-guide.md",
		"failure-modes.md", "linter-conventions.md", "providers.md"} {
		for i := 0; ; {
			j := strings.Index(s[i:], f)
			if j < 0 {
				break
			}
			at := i + j
			i = at + len(f)
			if at > 0 && (s[at-1] == '/' || s[at-1] == '-' || s[at-1] >= 'a' && s[at-1] <= 'z') {
				continue
			}
			out = append(out, f)
		}
	}
	return out
}

// Targets lists every page and anchor a key can resolve to, for the test
// that each exists.
func Targets() []string {
	seen := map[string]bool{}
	var out []string
	for _, secs := range sources {
		for _, t := range secs {
			if s := t.String(); !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}
