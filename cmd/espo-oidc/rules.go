package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/cobra"

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
		Use:   "rules",
		Short: "List the rule catalog",
		Long:  "rules lists every rule: ID, name, set, default severity and summary. espo-oidc explain ID|NAME prints one rule's documentation.",
		Example: `  espo-oidc rules
  espo-oidc rules --set entra
  espo-oidc rules --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runRules(a.stdout, o) },
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
	Doc      struct {
		Why        string   `json:"why"`
		FixEspo    string   `json:"fixEspo,omitempty"`
		FixEntra   string   `json:"fixEntra,omitempty"`
		Bad        string   `json:"bad,omitempty"`
		Good       string   `json:"good,omitempty"`
		Refs       []string `json:"refs"`
		Unverified string   `json:"unverified,omitempty"`
	} `json:"doc"`
	HelpURI string `json:"helpUri"`
}

func runRules(w io.Writer, o *rulesOptions) error {
	var rs []*rules.Rule
	for _, r := range rules.All() {
		if o.Set == "" || strings.EqualFold(o.Set, string(r.Set)) {
			rs = append(rs, r)
		}
	}
	if len(rs) == 0 {
		return inputError("no rule in set %q (sets: %s)", o.Set, rules.SetNames())
	}
	switch o.Format {
	case "json":
		out := make([]ruleJSON, 0, len(rs))
		for _, r := range rs {
			j := ruleJSON{ID: r.ID, Name: r.Name, Set: string(r.Set), Severity: r.Severity.String(), Security: r.Security,
				Provider: r.Provider, Summary: r.Summary, Needs: []string{}, HelpURI: r.HelpURI()}
			for _, n := range r.Needs {
				j.Needs = append(j.Needs, string(n))
			}
			j.Doc.Why, j.Doc.FixEspo, j.Doc.FixEntra = r.Doc.Why, r.Doc.FixEspo, r.Doc.FixEntra
			j.Doc.Bad, j.Doc.Good, j.Doc.Refs, j.Doc.Unverified = r.Doc.Bad, r.Doc.Good, r.Doc.Refs, r.Doc.Unverified
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
		t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
		t.Header("ID", "Name", "Set", "Severity", "Summary")
		for _, r := range rs {
			sev := r.Severity.String()
			if r.Security {
				sev += " (security)"
			}
			if err := t.Append(r.ID, r.Name, r.Set, sev, r.Summary); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "%d rules. espo-oidc explain ID|NAME prints a rule's documentation.\n", len(rs))
		return err
	}
	return inputError("unknown format %q (text, json or markdown)", o.Format)
}
