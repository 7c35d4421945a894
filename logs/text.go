package logs

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

const tsLayout = "2006-01-02 15:04:05"

// WriteText renders the analysis for people: a header, one block per
// incident, a summary table by cause, and what the logs cannot show.
func (a *Analysis) WriteText(w io.Writer) error {
	ew := &errWriter{w: w}
	var vers string
	if len(a.Versions) > 0 {
		vers = " (EspoCRM log format " + strings.Join(a.Versions, ", ") + ")"
	}
	ew.printf("Read %d file(s): %d lines, %d records%s; %d OIDC-related.\n", len(a.Files), a.Lines, a.Records, vers, a.OIDCRecords)
	if a.Since != nil || a.Until != nil {
		ew.printf("Time filter: %s → %s UTC; %d record(s) outside were ignored.\n", fmtBound(a.Since, "start"), fmtBound(a.Until, "end"), a.OutOfRange)
	}
	if n := a.Skipped.Total(); n > 0 || a.Skipped.Truncated > 0 {
		ew.printf("Skipped: %s.\n", a.Skipped.String())
		for _, f := range a.Files {
			if s := f.Skipped.String(); s != "" && len(a.Files) > 1 {
				ew.printf("  %s: %s\n", f.File, s)
			}
		}
	}
	for _, f := range a.Files {
		if f.Problem != "" {
			ew.printf("  %s: %s\n", f.File, f.Problem)
		}
	}
	ew.printf("\n")
	if len(a.Incidents) == 0 {
		ew.printf("No failed OIDC logins found in the logs.\n")
	} else {
		ew.printf("%d incident(s):\n", len(a.Incidents)+a.DroppedIncidents)
	}
	for i, inc := range a.Incidents {
		ew.printf("\n[%d] %s", i+1, inc.Cause)
		if inc.Code != "" && !strings.Contains(inc.Cause, inc.Code) {
			ew.printf(" (%s)", inc.Code)
		}
		ew.printf("\n")
		field(ew, "when", fmt.Sprintf("%s UTC, %s (%d record(s): %s)", timeRange(inc.First, inc.Last), plural(inc.Attempts, "login attempt"), inc.Records, strings.Join(inc.Levels, ", ")))
		where := inc.FirstAt.String()
		if inc.LastAt != inc.FirstAt {
			if inc.LastAt.File == inc.FirstAt.File {
				where += fmt.Sprintf(" … line %d", inc.LastAt.Line)
			} else {
				where += " … " + inc.LastAt.String()
			}
		}
		field(ew, "where", where)
		field(ew, "format", strings.Join(inc.Versions, ", "))
		field(ew, "log", inc.Message)
		if inc.CorrelationID != "" {
			field(ew, "corr. ID", inc.CorrelationID+" (Entra admin center → Sign-in logs, filter by correlation ID)")
		}
		field(ew, "cause", inc.Meaning)
		field(ew, "fix", inc.Fix)
		if len(inc.Rules) > 0 {
			field(ew, "rules", strings.Join(inc.Rules, ", "))
		}
		if inc.Unverified != "" {
			field(ew, "unverified", inc.Unverified)
		}
	}
	if a.DroppedIncidents > 0 {
		ew.printf("\n%d more incident(s) are counted in the summary only.\n", a.DroppedIncidents)
	}
	if len(a.Summary) > 0 && ew.err == nil {
		ew.printf("\nSummary by cause:\n")
		t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithTrimSpace(tw.On))
		t.Header("Cause", "Code", "Incidents", "Attempts", "First (UTC)", "Last (UTC)", "Rule")
		for _, s := range a.Summary {
			rule := ""
			if len(s.Rules) > 0 {
				rule = s.Rules[0]
			}
			if err := t.Append(clip(s.Cause, 48), clip(s.Code, 24), s.Incidents, s.Attempts, s.First.Format("2006-01-02 15:04"), s.Last.Format("2006-01-02 15:04"), rule); err != nil {
				return err
			}
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	if len(a.Notes) > 0 {
		ew.printf("\nWhat these logs cannot show:\n")
		for _, n := range a.Notes {
			ew.printf("\n* %s\n", n.Title)
			for _, l := range strings.Split(n.Text, "\n") {
				if strings.HasPrefix(l, "    ") || l == "" {
					ew.printf("%s\n", strings.TrimRight("  "+l, " "))
					continue
				}
				ew.printf("%s\n", wrap(l, "  ", 100))
			}
			if len(n.Rules) > 0 {
				ew.printf("  rules: %s\n", strings.Join(n.Rules, ", "))
			}
		}
	}
	return ew.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func field(ew *errWriter, name, text string) {
	if text == "" {
		return
	}
	head := fmt.Sprintf("    %-10s ", name)
	pad := strings.Repeat(" ", len(head))
	ew.printf("%s%s\n", head, strings.TrimPrefix(wrap(text, pad, 110), pad))
}

// wrap breaks text at spaces so lines stay under width, each prefixed.
func wrap(text, prefix string, width int) string {
	words := strings.Fields(text)
	var b strings.Builder
	line := prefix
	for _, w := range words {
		if len(line) > len(prefix) && len(line)+1+len(w) > width {
			b.WriteString(line)
			b.WriteByte('\n')
			line = prefix
		}
		if len(line) > len(prefix) {
			line += " "
		}
		line += w
	}
	b.WriteString(line)
	return b.String()
}

func timeRange(a, b time.Time) string {
	if a.Equal(b) {
		return a.Format(tsLayout)
	}
	if a.Format("2006-01-02") == b.Format("2006-01-02") {
		return a.Format(tsLayout) + " → " + b.Format("15:04:05")
	}
	return a.Format(tsLayout) + " → " + b.Format(tsLayout)
}

func fmtBound(t *time.Time, open string) string {
	if t == nil {
		return open
	}
	return t.Format(tsLayout)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func clip(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
