// Package rules is espo-oidc's one rule catalog: every check of the EspoCRM
// settings, of the Entra app registration and of the live probe is a Rule
// value here. A Rule is data (ID, name, set, severity, docs) plus one Check
// function that only reports; the inputs are loaded once and handed to it in
// a Pass, so a rule never reads a file or the network and every rule is a
// small deterministic test. `rules`, `explain`, SARIF rule metadata and
// docs/rules.md are all rendered from these values.
//
// Finding a rule. Each rule is declared once, with declare, in the file of
// its theme, and its Check function and private helpers follow it there:
//
//	grep -n '"EO1040"' rules/*.go            → lockout.go: ID, name "admin-lockout", doc, then its check and helpers
//	grep -n '"admin-lockout"' rules/*_test.go → its test cases (tables name rules by Name)
//
// Files by set and theme (the file name is the theme; entra_*, app_*,
// probe_*, provider_* and database_* prefix the sets entra, entra-app,
// probe, provider and database):
//
//	core       settings.go      EO1001-EO1004, EO1010, EO1066
//	           signing.go       EO1011-EO1014, EO1034
//	           secrets.go       EO1015, EO1064, EO1065
//	           endpoints.go     EO1020-EO1022, EO1063, EO1072
//	           redirect.go      EO1023-EO1025
//	           authorize.go     EO1030-EO1033, EO1062
//	           lockout.go       EO1040-EO1044, EO1060, EO1061
//	           teams.go         EO1050-EO1053
//	           users.go         EO1054
//	           versions.go      EO1068-EO1071
//	config     config.go        EO1067, EO9001, EO9002 (the driver reports EO90xx)
//	entra      entra_endpoints.go  EO2001, EO2002, EO2005-EO2007, EO2016, EO2019, EO2020
//	           entra_tenant.go     EO2003, EO2004, EO2011, EO2021
//	           entra_claims.go     EO2008-EO2010, EO2012, EO2013, EO2017, EO2018
//	           entra_groups.go     EO2014, EO2015
//	entra-app  app_client.go    EO3001, EO3006, EO3019
//	           app_redirect.go  EO3002-EO3005, EO3017, EO3018
//	           app_secrets.go   EO3007-EO3011, EO3020
//	           app_tenant.go    EO3012, EO3013
//	           app_claims.go    EO3014
//	           app_groups.go    EO3015, EO3016, EO3021
//	probe      probe_discovery.go  EO4001-EO4005, EO4060
//	           probe_jwks.go       EO4010-EO4014
//	           probe_token.go      EO4020-EO4026
//	           probe_idtoken.go    EO4030-EO4032
//	           probe_clock.go      EO4050
//	           probe_user.go       EO4040-EO4043, EO4051
//	provider   provider_keycloak.go   EO5001-EO5003  (a profile of package provider each)
//	           provider_okta.go       EO5010, EO5011
//	           provider_authentik.go  EO5020, EO5021
//	           provider_google.go     EO5040, EO5041
//	           provider_kanidm.go     EO5050
//	           provider_profile.go    EO5060-EO5069 (every provider but Entra, from its profile's data)
//	database   database_portals.go EO6001-EO6004
//	           database_users.go   EO6010-EO6014
//	           database_teams.go   EO6020, EO6021
//	           database_authlog.go EO6030, EO6031
//	           database.go         what the database rules need; which rules run on a portal
//
// Tests: one harness (harness_test.go: fixture in, exact findings out); the
// tables are rules_test.go (core, entra), entraapp_test.go (entra-app) and
// probe_test.go (probe, on hand-built facts.Facts).
//
// Helpers used by rules of several themes are in shared.go; the driver
// (Run, Pass, Finding) is driver.go, the config-file policy policy.go.
//
// Adding a rule: pick the next free ID of its set, add one declare(...) and
// its Check to the theme's file, add its cases to the test table, and
// regenerate docs/rules.md with `go test ./report -run TestRulesDoc -update`.
package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/jsonw"
	"github.com/espo-oidc/espo-oidc/knowledge"
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

// AppendJSON is MarshalJSON for internal/jsonw, without encoding/json.
func (s Severity) AppendJSON(dst []byte) []byte { return jsonw.String(dst, s.String()) }

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
	Set      Set      // the rule set: SetCore, SetEntra, SetEntraApp, SetProbe or SetConfig
	Severity Severity // default severity
	Security bool     // a security weakness (SARIF security-severity, tags)
	Provider string   // "" for any identity provider, else the provider family it applies to ("entra")
	Summary  string   // one line, shown in lists and as the SARIF short description
	// Doc is the documentation as declared: its citations name the
	// developers' reference files. Read it through Documentation, which
	// rewrites them to the project's own pages on first use.
	Doc      Doc
	Needs    []Need
	Since    string     // espo-oidc version that added the rule
	Versions espo.Range // the EspoCRM versions the rule applies to (zero: every version); outside it the rule is skipped
	Check    func(*Pass)

	docReady bool // Doc's citations are rewritten (under catalogMu)
}

// Set is a rule set: which inputs and which identity provider its rules are
// about. `rules --set` and the reports name sets by these values.
type Set string

const (
	SetCore     Set = "core"      // EspoCRM settings, any identity provider
	SetEntra    Set = "entra"     // EspoCRM settings, when the endpoints are Microsoft Entra's
	SetEntraApp Set = "entra-app" // EspoCRM settings against the Entra app manifest (--app-manifest)
	SetProbe    Set = "probe"     // facts the live probe observed
	SetProvider Set = "provider"  // EspoCRM settings, judged by the profile of a provider other than Entra
	SetDatabase Set = "database"  // the instance's database rows (--db, --dsn)
	SetConfig   Set = "config"    // the config file (.espo-oidc.yaml) itself
)

// Sets lists every rule set in catalog order.
var Sets = []Set{SetCore, SetEntra, SetEntraApp, SetProbe, SetProvider, SetDatabase, SetConfig}

// SetNames is Sets as a comma-separated list, for help texts and messages.
func SetNames() string {
	names := make([]string, len(Sets))
	for i, s := range Sets {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// declare is the one way a rule file declares a rule:
//
//	var _ = declare(Rule{ID: "EO1234", Name: "some-name", Set: SetCore, ..., Check: checkSomeName})
//
// It fills in what a set implies and registers the rule. Entra rules apply
// to provider "entra" and need OIDC settings unless they say otherwise;
// probe rules need a probe unless they say otherwise and date from 0.1.0.
func declare(r Rule) *Rule {
	switch r.Set {
	case SetEntra:
		r.Provider = "entra"
		if r.Needs == nil {
			r.Needs = []Need{NeedOIDC}
		}
	case SetProbe:
		if len(r.Needs) == 0 {
			r.Needs = []Need{NeedProbe}
		}
		r.Since = "0.1.0"
	case SetProvider:
		if r.Needs == nil {
			r.Needs = []Need{NeedOIDC}
		}
	}
	Register(&r)
	return &r
}

// Documentation returns the rule's documentation with its citations pointing
// at the project's own pages (docs/knowledge/), never at the developers'
// reference files. The rewriting is done on first use: a lint that prints no
// documentation does not pay for it at start-up.
func (r *Rule) Documentation() Doc {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	if !r.docReady {
		r.Doc.Refs = knowledge.Cites(r.Doc.Refs)
		r.Doc.Why, r.Doc.Unverified = knowledge.Rewrite(r.Doc.Why), knowledge.Rewrite(r.Doc.Unverified)
		r.docReady = true
	}
	return r.Doc
}

var (
	catalogMu sync.Mutex
	catalog   []*Rule
	sorted    bool                          // catalog is in ID order
	byKey     = make(map[string]*Rule, 512) // two keys per rule; sized so that start-up does not grow it
)

// validID reports whether id has the form EO followed by four digits.
func validID(id string) bool {
	if len(id) != 6 || id[:2] != "EO" {
		return false
	}
	for _, c := range []byte(id[2:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// validName reports whether name is kebab-case: words of a-z and 0-9 joined
// by single hyphens.
func validName(name string) bool {
	if name == "" || name[0] == '-' || name[len(name)-1] == '-' || strings.Contains(name, "--") {
		return false
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Register adds rules to the catalog. Rule files call it from init; it panics
// on a malformed or duplicate rule, which the catalog test catches at once.
func Register(rs ...*Rule) {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	for _, r := range rs {
		if !validID(r.ID) || !validName(r.Name) || r.Summary == "" || r.Check == nil ||
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
	sorted = false
}

// sortCatalog puts the catalog in ID order once, after the rule files have
// registered theirs (sorting at each registration cost start-up time).
// catalogMu is held.
func sortCatalog() {
	if !sorted {
		slices.SortFunc(catalog, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
		sorted = true
		snapshot = slices.Clone(catalog)
	}
}

// snapshot is the catalog in ID order as of the last sort: a copy that is
// never changed (a registration makes the next sort take a new one), so Run
// reads it without copying it for each instance.
var snapshot []*Rule

// All returns the catalog ordered by ID.
func All() []*Rule {
	return slices.Clone(sortedCatalog())
}

// sortedCatalog is All without the copy: the caller must not change it.
func sortedCatalog() []*Rule {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	sortCatalog()
	return snapshot
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

// DocSection is one titled part of a rule's documentation.
type DocSection struct {
	Title string
	Text  string // trimmed, never empty
	Code  bool   // a settings snippet (Bad, Good), not prose
}

// Sections returns the documentation's non-empty parts, references aside, in
// the order every renderer prints them (explain, SARIF help, docs/rules.md).
func (d Doc) Sections() []DocSection {
	all := []DocSection{
		{Title: "Why", Text: d.Why},
		{Title: "Fix in EspoCRM", Text: d.FixEspo},
		{Title: "Fix in the Entra admin center", Text: d.FixEntra},
		{Title: "Fix at the identity provider", Text: d.FixIdP},
		{Title: "Bad", Text: d.Bad, Code: true},
		{Title: "Good", Text: d.Good, Code: true},
		{Title: "Not verified", Text: d.Unverified},
	}
	out := all[:0]
	for _, sec := range all {
		if sec.Text = strings.TrimSpace(sec.Text); sec.Text != "" {
			out = append(out, sec)
		}
	}
	return out
}

// DocText renders the rule's documentation as plain text, as `explain` prints
// it and as SARIF rules[].help.text carries it.
func (r *Rule) DocText() string {
	d := r.Documentation()
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
	for _, sec := range d.Sections() {
		section(sec.Title, sec.Text)
	}
	section("EspoCRM versions", r.Versions.String())
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
	if len(d.Refs) > 0 {
		section("Reference", strings.Join(d.Refs, "\n"))
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
