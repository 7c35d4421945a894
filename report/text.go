package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { Register("text", writeText) }

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
)

func paint(on bool, code, s string) string {
	if !on {
		return s
	}
	return code + s + ansiReset
}

func sevColor(s rules.Severity) string {
	switch s {
	case rules.Error:
		return ansiRed
	case rules.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// writeText prints findings grouped by instance and file, each as
// file:line:col, severity, rule and message with the fix below it, then a
// summary table.
func writeText(w io.Writer, r *Report, opts Options) error {
	c := opts.Color
	for _, e := range r.Errors {
		fmt.Fprintf(w, "%s %s\n", paint(c, ansiRed+ansiBold, "input error:"), e.Message)
	}
	for _, res := range r.Results {
		if !opts.Quiet {
			prov := res.Provider
			if prov == "unknown" {
				prov = "unknown: no endpoint set yet, so the Entra rules that need none apply"
			}
			fmt.Fprintf(w, "%s %s (provider: %s)\n", paint(c, ansiBold, "instance"), res.Instance, prov)
		}
		byFile := map[string][]rules.Finding{}
		var files []string
		for _, f := range res.Findings {
			if _, ok := byFile[f.File]; !ok {
				files = append(files, f.File)
			}
			byFile[f.File] = append(byFile[f.File], f)
		}
		sort.Strings(files)
		for _, file := range files {
			if !opts.Quiet {
				fmt.Fprintf(w, "\n  %s\n", paint(c, ansiBold, file))
			}
			for _, f := range byFile[file] {
				sev := f.Severity.String()
				if f.Suppressed != "" {
					sev = "suppressed"
				}
				fmt.Fprintf(w, "  %s: %s %s %s: %s\n", f.Where(),
					paint(c && f.Suppressed == "", sevColor(f.Severity), sev), f.Rule, f.Name, f.Message)
				if f.Fix != "" {
					fmt.Fprintf(w, "      %s %s\n", paint(c, ansiDim, "fix:"), indentLines(f.Fix, "           "))
				}
				if f.Suppressed != "" {
					fmt.Fprintf(w, "      %s %s\n", paint(c, ansiDim, "suppressed:"), f.Suppressed)
				}
			}
		}
		if len(res.Findings) == 0 && !opts.Quiet {
			fmt.Fprintln(w, "  no findings")
		}
		if !opts.Quiet {
			if notes := skipNotes(res); notes != "" {
				fmt.Fprintf(w, "\n  %s\n", notes)
			}
			fmt.Fprintln(w)
		}
	}
	if opts.Quiet {
		return nil
	}
	return summaryTable(w, r)
}

// skipNotes says how many rules were skipped because an input was missing,
// grouped by reason (rules that do not apply are not worth a line).
func skipNotes(res *rules.Result) string {
	count := map[string]int{}
	var reasons []string
	for _, s := range res.Skipped {
		if s.NotApplicable {
			continue
		}
		if count[s.Reason] == 0 {
			reasons = append(reasons, s.Reason)
		}
		count[s.Reason]++
	}
	var lines []string
	for _, reason := range reasons {
		lines = append(lines, fmt.Sprintf("skipped %d rule(s): %s", count[reason], strings.TrimPrefix(reason, "skipped: ")))
	}
	return strings.Join(lines, "\n  ")
}

func summaryTable(w io.Writer, r *Report) error {
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithTrimSpace(tw.On))
	t.Header("Instance", "Provider", "Errors", "Warnings", "Info", "Suppressed", "Rules run")
	var total rules.Counts
	for _, res := range r.Results {
		cnt := rules.Count(res.Findings)
		total.Error += cnt.Error
		total.Warning += cnt.Warning
		total.Info += cnt.Info
		total.Suppressed += cnt.Suppressed
		if err := t.Append(res.Instance, res.Provider, cnt.Error, cnt.Warning, cnt.Info, cnt.Suppressed, len(res.Ran)); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	verdict := "passed"
	if r.Failed() {
		verdict = "FAILED"
	}
	failOn := r.FailOn.String()
	if r.FailOn == rules.SeverityNone {
		failOn = "never"
	}
	_, err := fmt.Fprintf(w, "%s: %d error(s), %d warning(s), %d info, %d suppressed (--fail-on %s)\n",
		verdict, total.Error, total.Warning, total.Info, total.Suppressed, failOn)
	return err
}

func indentLines(s, pad string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+pad)
}
