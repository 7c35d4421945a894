// Package rules is espo-oidc's one rule catalog: every check of the EspoCRM
// settings, of the Entra app registration and of the live probe is a Rule
// value here. A Rule is data (ID, name, severity, docs) plus one Check
// function that only reports; the inputs are loaded once and handed to it in
// a Pass, so a rule never reads a file or the network and every rule is a
// small deterministic test. `rules`, `explain`, SARIF rule metadata and
// docs/rules.md are all rendered from these values.
package rules

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Severity of a finding. The zero value means "the rule's default".
type Severity int

const (
	SeverityNone Severity = iota // unset: use the rule's default
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "none"
}

// ParseSeverity accepts error, warning, info (any case).
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "note":
		return Info, nil
	}
	return SeverityNone, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

func (s *Severity) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	v, err := ParseSeverity(str)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Need is an input a rule requires. When it is missing the rule is reported
// as skipped, never as passed.
type Need string

const (
	NeedSettings Need = "settings" // EspoCRM settings were loaded
	NeedOIDC     Need = "oidc"     // OIDC is the method (or is being configured)
	NeedManifest Need = "manifest" // an Entra app manifest was given (--app-manifest)
	NeedProbe    Need = "probe"    // a live probe ran (probe, lint --probe)
	NeedIDToken  Need = "id-token" // the probe obtained an ID token
)

// Doc is a rule's documentation. Every field is plain text (Markdown-safe).
type Doc struct {
	Why        string   // what goes wrong and why
	FixEspo    string   // how to fix it in EspoCRM (Administration → Authentication, or the config file)
	FixEntra   string   // how to fix it in the Entra admin center, when it applies
	FixIdP     string   // how to fix it at another identity provider (its screen or setting), when it applies
	Bad, Good  string   // examples (settings snippets), optional
	Refs       []string // reference sections the rule rests on, e.g. "espocrm-oidc.md §5"
	Unverified string   // which facts the rule relies on are not verified, if any
}

// Rule is one check of the catalog.
type Rule struct {
	ID       string   // stable, e.g. "EO1040"; never reused
	Name     string   // stable kebab-case slug, e.g. "admin-lockout"
	Set      string   // "core", "entra", "entra-app", "probe"
	Severity Severity // default severity
	Security bool     // a security weakness (SARIF security-severity, tags)
	Provider string   // "" for any identity provider, else the provider family it applies to ("entra")
	Summary  string   // one line, shown in lists and as the SARIF short description
	Doc      Doc
	Needs    []Need
	Since    string // espo-oidc version that added the rule
	Check    func(*Pass)
}

var (
	catalogMu sync.Mutex
	catalog   []*Rule
	byKey     = map[string]*Rule{}
	idRe      = regexp.MustCompile(`^EO[0-9]{4}$`)
	nameRe    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// Register adds rules to the catalog. Rule files call it from init; it panics
// on a malformed or duplicate rule, which the catalog test catches at once.
func Register(rs ...*Rule) {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	for _, r := range rs {
		if !idRe.MatchString(r.ID) || !nameRe.MatchString(r.Name) || r.Summary == "" || r.Check == nil ||
			r.Severity == SeverityNone || r.Set == "" {
			panic(fmt.Sprintf("rules: malformed rule %q %q", r.ID, r.Name))
		}
		if byKey[r.ID] != nil || byKey[r.Name] != nil {
			panic(fmt.Sprintf("rules: duplicate rule %s %s", r.ID, r.Name))
		}
		byKey[r.ID] = r
		byKey[r.Name] = r
		catalog = append(catalog, r)
	}
	sort.Slice(catalog, func(i, j int) bool { return catalog[i].ID < catalog[j].ID })
}

// All returns the catalog ordered by ID.
func All() []*Rule {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	return append([]*Rule(nil), catalog...)
}

// Lookup finds a rule by ID (case-insensitive) or name.
func Lookup(idOrName string) *Rule {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	k := strings.TrimSpace(idOrName)
	if r := byKey[strings.ToUpper(k)]; r != nil {
		return r
	}
	return byKey[strings.ToLower(k)]
}

// DocText renders the rule's documentation as plain text, as `explain` prints
// it and as SARIF rules[].help.text carries it.
func (r *Rule) DocText() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (%s, default severity %s", r.ID, r.Name, r.Set, r.Severity)
	if r.Security {
		b.WriteString(", security")
	}
	b.WriteString(")\n")
	fmt.Fprintf(&b, "%s\n", r.Summary)
	section := func(title, text string) {
		if text = strings.TrimSpace(text); text != "" {
			fmt.Fprintf(&b, "\n%s\n%s\n", title, indent(text))
		}
	}
	section("Why", r.Doc.Why)
	section("Fix in EspoCRM", r.Doc.FixEspo)
	section("Fix in the Entra admin center", r.Doc.FixEntra)
	section("Fix at the identity provider", r.Doc.FixIdP)
	section("Bad", r.Doc.Bad)
	section("Good", r.Doc.Good)
	if r.Doc.Unverified != "" {
		section("Not verified", r.Doc.Unverified)
	}
	var applies []string
	if r.Provider != "" {
		applies = append(applies, "provider "+r.Provider)
	}
	for _, n := range r.Needs {
		applies = append(applies, string(n))
	}
	if len(applies) > 0 {
		section("Needs", strings.Join(applies, ", "))
	}
	if len(r.Doc.Refs) > 0 {
		section("Reference", strings.Join(r.Doc.Refs, "\n"))
	}
	return b.String()
}

// HelpURI is the rule's anchor in docs/rules.md.
func (r *Rule) HelpURI() string {
	return "https://github.com/espo-oidc/espo-oidc/blob/main/docs/rules.md#" + strings.ToLower(r.ID) + "-" + r.Name
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}
