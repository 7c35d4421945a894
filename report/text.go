package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/espo-oidc/espo-oidc/internal/textwrap"
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
		fmt.Fprintf(w, "%s %s\n", paint(c, ansiRed+ansiBold, "input error:"), textwrap.Hang(e.Message, len("input error: "), "  ", opts.Width))
	}
	for _, res := range r.Results {
		if !opts.Quiet {
			prov := res.Provider
			if prov == "unknown" {
				prov = "unknown: no endpoint set yet, so the Entra rules that need none apply"
			}
			fmt.Fprintf(w, "%s %s\n", paint(c, ansiBold, "instance"), textwrap.Hang(res.Instance+" (provider: "+prov+")", len("instance "), "  ", opts.Width))
			if res.EspoCRM.Version != "" {
				fmt.Fprintf(w, "  %s\n", textwrap.Hang("EspoCRM "+res.EspoCRM.String(), 2, "  ", opts.Width))
			}
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
					paint(c && f.Suppressed == "", sevColor(f.Severity), sev), f.Rule, f.Name,
					wrapMessage(f, sev, opts.Width))
				if f.Fix != "" {
					fix := indentLines(f.Fix, "           ")
					if opts.Width > 0 {
						fix = textwrap.Hang(f.Fix, len("      fix: "), "           ", opts.Width)
					}
					fmt.Fprintf(w, "      %s %s\n", paint(c, ansiDim, "fix:"), fix)
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
			if notes := skipNotes(res); len(notes) > 0 {
				fmt.Fprintln(w)
				for _, n := range notes {
					fmt.Fprintln(w, textwrap.Wrap(n, "  ", opts.Width))
				}
			}
			fmt.Fprintln(w)
		}
	}
	if opts.Quiet {
		return nil
	}
	return summaryTable(w, r, opts.Width)
}

// wrapMessage wraps a finding's message to width after its location and
// rule, continuing on indented lines; when those already fill most of the
// line (a long path), the message starts on the next line. The
// file:line:col: head itself is never broken, so editors still find it.
func wrapMessage(f rules.Finding, sev string, width int) string {
	if width <= 0 {
		return f.Message
	}
	head := utf8.RuneCountInString(fmt.Sprintf("  %s: %s %s %s: ", f.Where(), sev, f.Rule, f.Name))
	if head > width-20 {
		return "\n" + textwrap.Wrap(f.Message, "      ", width)
	}
	return textwrap.Hang(f.Message, head, "      ", width)
}

// skipNotes says how many rules were skipped because an input was missing,
// grouped by reason (rules that do not apply are not worth a line).
func skipNotes(res *rules.Result) []string {
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
		lines = append(lines, fmt.Sprintf("skipped %d rule(s): %s", count[reason], reason))
	}
	return lines
}

func summaryTable(w io.Writer, r *Report, width int) error {
	var buf strings.Builder
	t := tablewriter.NewTable(&buf, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithTrimSpace(tw.On))
	t.Header("Instance", "Provider", "Errors", "Warnings", "Info", "Suppressed", "Rules run")
	var total rules.Counts
	var lines []string // the same rows as prose, for a terminal narrower than the table
	for _, res := range r.Results {
		cnt := rules.Count(res.Findings)
		total.Error += cnt.Error
		total.Warning += cnt.Warning
		total.Info += cnt.Info
		total.Suppressed += cnt.Suppressed
		if err := t.Append(res.Instance, res.Provider, cnt.Error, cnt.Warning, cnt.Info, cnt.Suppressed, len(res.Ran)); err != nil {
			return err
		}
		lines = append(lines, textwrap.Wrap(fmt.Sprintf("%s (%s): %d error(s), %d warning(s), %d info, %d suppressed; %d rule(s) run",
			res.Instance, res.Provider, cnt.Error, cnt.Warning, cnt.Info, cnt.Suppressed, len(res.Ran)), "", width))
	}
	if err := t.Render(); err != nil {
		return err
	}
	out := buf.String()
	switch {
	case len(r.Results) == 0:
		out = "" // no instance could be read: no table of none
	case width > 0 && widest(out) > width:
		out = strings.Join(lines, "\n") + "\n"
	}
	if _, err := io.WriteString(w, out); err != nil {
		return err
	}
	verdict := r.StatusLine()
	failOn := r.FailOn.String()
	if r.FailOn == rules.SeverityNone {
		failOn = "never"
	}
	hidden := ""
	if r.Hidden > 0 {
		hidden = fmt.Sprintf(", %d below --min-severity not shown", r.Hidden)
	}
	why := ""
	switch {
	case len(r.Errors) > 0:
		why = fmt.Sprintf("; %d input(s) could not be used", len(r.Errors))
	case len(r.Incomplete) > 0:
		why = "; a live check could not complete"
	}
	line := fmt.Sprintf("%s: %d error(s), %d warning(s), %d info, %d suppressed%s (--fail-on %s)%s",
		verdict, total.Error, total.Warning, total.Info, total.Suppressed, hidden, failOn, why)
	_, err := fmt.Fprintln(w, textwrap.Wrap(line, "", width))
	return err
}

// widest is the width in columns of s's longest line.
func widest(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, utf8.RuneCountInString(l))
	}
	return n
}

func indentLines(s, pad string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+pad)
}
