package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/rules"
)

// versionCell is a rule's EspoCRM range for the overview table.
func versionCell(r espo.Range) string {
	if r.All() {
		return "all"
	}
	return r.String()
}

// RulesDocFile writes docs/rules.md: RulesMarkdown with the note that the
// file is generated.
func RulesDocFile(w io.Writer, rs []*rules.Rule) error {
	if _, err := io.WriteString(w, "<!-- Generated from the rule catalog by report.RulesDocFile; do not edit.\n"+
		"     Regenerate: go test ./report -run TestRulesDoc -update -->\n\n"); err != nil {
		return err
	}
	return RulesMarkdown(w, rs)
}

// RulesMarkdown writes the rule catalog in Markdown (rules --format
// markdown, docs/rules.md), one section per rule, from the same Rule values
// `explain` and SARIF use. The section headings give the anchors
// Rule.HelpURI points at ("#eo1040-admin-lockout").
func RulesMarkdown(w io.Writer, rs []*rules.Rule) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# espo-oidc rules\n\n")
	p("Every rule has a stable ID and a name; both are accepted wherever a rule is named\n")
	p("(`explain`, `.espo-oidc.yaml`, suppressions). `espo-oidc explain RULE` prints the same text.\n\n")
	sets := []rules.Set{}
	bySet := map[rules.Set][]*rules.Rule{}
	for _, r := range rs {
		if _, ok := bySet[r.Set]; !ok {
			sets = append(sets, r.Set)
		}
		bySet[r.Set] = append(bySet[r.Set], r)
	}
	p("Each rule states the EspoCRM versions it applies to; on an instance outside them it is skipped.\n")
	p("espo-oidc reads the instance's version from data/state.php (9.3+) or data/config.php, or takes\n")
	p("`--espocrm-version`; see [espocrm-fidelity.md](espocrm-fidelity.md).\n\n")
	p("| ID | Name | Set | Severity | EspoCRM | Summary |\n|---|---|---|---|---|---|\n")
	for _, r := range rs {
		sev := r.Severity.String()
		if r.Security {
			sev += " (security)"
		}
		p("| [%s](#%s) | %s | %s | %s | %s | %s |\n", r.ID, anchor(r), r.Name, r.Set, sev, versionCell(r.Versions), mdCell(r.Summary))
	}
	p("\n")
	for _, set := range sets {
		p("## Set %s\n\n", set)
		for _, r := range bySet[set] {
			p("### %s %s\n\n", r.ID, r.Name)
			p("%s\n\n", mdCell(r.Summary))
			meta := []string{"default severity **" + r.Severity.String() + "**", "EspoCRM " + r.Versions.String()}
			if r.Security {
				meta = append(meta, "security")
			}
			if r.Provider != "" {
				meta = append(meta, "provider "+r.Provider)
			}
			if len(r.Needs) > 0 {
				var ns []string
				for _, n := range r.Needs {
					ns = append(ns, string(n))
				}
				meta = append(meta, "needs "+strings.Join(ns, ", "))
			}
			if r.Since != "" {
				meta = append(meta, "since "+r.Since)
			}
			p("%s\n\n", strings.Join(meta, " · "))
			d := r.Documentation()
			for _, sec := range d.Sections() {
				if sec.Code {
					p("**%s**\n\n```php\n%s\n```\n\n", sec.Title, sec.Text)
				} else {
					p("**%s**\n\n%s\n\n", sec.Title, mdProse(sec.Text))
				}
			}
			if len(d.Refs) > 0 {
				p("**Reference**: %s\n\n", mdProse(strings.Join(d.Refs, "; ")))
			}
		}
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// anchor is the GitHub heading anchor of a rule's section.
func anchor(r *rules.Rule) string { return strings.ToLower(r.ID) + "-" + r.Name }

// mdProse keeps angle-bracket placeholders (<tenant-id>) visible: Markdown
// would take them for HTML tags.
func mdProse(s string) string {
	return strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)
}
