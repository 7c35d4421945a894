package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/internal/textwrap"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { registerCommand("rules", newRulesCmd) }

type rulesOptions struct {
	Format string
	Set    string
}

func newRulesCmd(a *app) *cobra.Command {
	o := &rulesOptions{}
	cmd := &cobra.Command{
		Use:   "rules [RULE|SET...]",
		Short: "List the rule catalog, or show rules",
		Long: `rules lists every rule: ID, name, set, default severity and summary. Given rule
IDs or names, it prints their documentation (as explain does); given a set
name, that set's rules. Formats: text, json, markdown.`,
		Example: `  espo-oidc rules
  espo-oidc rules EO1040
  espo-oidc rules admin-lockout
  espo-oidc rules entra --format json`,
		RunE: func(cmd *cobra.Command, args []string) error { return runRules(a, o, args) },
	}
	cmd.Flags().StringVarP(&o.Format, "format", "f", "text", "text, json or markdown (docs/rules.md)")
	cmd.Flags().StringVar(&o.Set, "set", "", "only this rule set: "+rules.SetNames())
	return cmd
}

// ruleJSON is a rule as `rules --format json` prints it.
type ruleJSON struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Set      string   `json:"set"`
	Severity string   `json:"severity"`
	Security bool     `json:"security"`
	Provider string   `json:"provider,omitempty"`
	Summary  string   `json:"summary"`
	Needs    []string `json:"needs"`
	EspoCRM  string   `json:"espocrm"` // the EspoCRM versions the rule applies to
	Doc      struct {
		Why        string   `json:"why"`
		FixEspo    string   `json:"fixEspo,omitempty"`
		FixEntra   string   `json:"fixEntra,omitempty"`
		FixIdP     string   `json:"fixIdP,omitempty"`
		Bad        string   `json:"bad,omitempty"`
		Good       string   `json:"good,omitempty"`
		Refs       []string `json:"refs"`
		Unverified string   `json:"unverified,omitempty"`
	} `json:"doc"`
	HelpURI string `json:"helpUri"`
}

func runRules(a *app, o *rulesOptions, args []string) error {
	w := a.stdout
	var rs []*rules.Rule
	sets := map[rules.Set]bool{}
	if o.Set != "" {
		sets[rules.Set(strings.ToLower(o.Set))] = true
	}
	var named []*rules.Rule
	for _, arg := range args {
		if set := rules.Set(strings.ToLower(arg)); slices.Contains(rules.Sets, set) {
			sets[set] = true
			continue
		}
		r := rules.Lookup(arg)
		if r == nil {
			return inputError("rules %s: no such rule or set (sets: %s)", arg, rules.SetNames())
		}
		named = append(named, r)
	}
	for _, r := range rules.All() {
		if (len(sets) == 0 && len(named) == 0) || sets[r.Set] || slices.Contains(named, r) {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return inputError("no rule in set %q (sets: %s)", o.Set, rules.SetNames())
	}
	format := strings.ToLower(o.Format)
	if len(named) > 0 && len(sets) == 0 && format == "text" {
		for i, r := range rs {
			if i > 0 {
				fmt.Fprintln(w)
			}
			if _, err := io.WriteString(w, textwrap.Lines(r.DocText(), docWidth(a))); err != nil {
				return err
			}
		}
		return nil
	}
	switch format {
	case "json":
		out := make([]ruleJSON, 0, len(rs))
		for _, r := range rs {
			j := ruleJSON{ID: r.ID, Name: r.Name, Set: string(r.Set), Severity: r.Severity.String(), Security: r.Security,
				Provider: r.Provider, Summary: r.Summary, Needs: []string{}, EspoCRM: r.Versions.String(), HelpURI: r.HelpURI()}
			for _, n := range r.Needs {
				j.Needs = append(j.Needs, string(n))
			}
			d := r.Documentation()
			j.Doc.Why, j.Doc.FixEspo, j.Doc.FixEntra, j.Doc.FixIdP = d.Why, d.FixEspo, d.FixEntra, d.FixIdP
			j.Doc.Bad, j.Doc.Good, j.Doc.Refs, j.Doc.Unverified = d.Bad, d.Good, d.Refs, d.Unverified
			if j.Doc.Refs == nil {
				j.Doc.Refs = []string{}
			}
			out = append(out, j)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	case "markdown":
		return report.RulesMarkdown(w, rs)
	case "text":
		if err := rulesTable(w, rs, textwrap.Width(a.stdoutFile())); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "%d rules. espo-oidc explain ID|NAME prints a rule's documentation.\n", len(rs))
		return err
	}
	return inputError("unknown format %q (text, json or markdown)", o.Format)
}

// rulesTable lists rules; at a known width the summary column wraps so the
// table fits (or, narrower still, each rule is a short paragraph).
func rulesTable(w io.Writer, rs []*rules.Rule, width int) error {
	fixed := 0
	for _, r := range rs {
		fixed = max(fixed, len(r.ID)+len(r.Name)+len(r.Set)+len("warning (security)")+len("7.3.0–8.3.x")+16)
	}
	summaryWidth := 0
	if width > 0 {
		summaryWidth = width - fixed - 4
		if summaryWidth < 24 {
			for i, r := range rs {
				if i > 0 {
					fmt.Fprintln(w)
				}
				vers := ""
				if !r.Versions.All() {
					vers = ", EspoCRM " + r.Versions.String()
				}
				fmt.Fprintf(w, "%s %s (%s, %s%s)\n%s\n", r.ID, r.Name, r.Set, r.Severity, vers, textwrap.Wrap(r.Summary, "  ", width))
			}
			return nil
		}
	}
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
	t.Header("ID", "Name", "Set", "Severity", "EspoCRM", "Summary")
	for _, r := range rs {
		sev := r.Severity.String()
		if r.Security {
			sev += " (security)"
		}
		vers := "all"
		if !r.Versions.All() {
			vers = r.Versions.String()
		}
		summary := r.Summary
		if summaryWidth > 0 {
			summary = textwrap.Wrap(summary, "", summaryWidth)
		}
		if err := t.Append(r.ID, r.Name, r.Set, sev, vers, summary); err != nil {
			return err
		}
	}
	return t.Render()
}

// docWidth is the width rule documentation wraps at: the terminal's (or
// COLUMNS), at most explain's default; a pipe gets the default.
func docWidth(a *app) int { return explainWidth(a) }
