package report

import (
	"fmt"
	"io"
	"strings"
)

func init() { Register("markdown", writeMarkdown) }

// mdCell makes text safe inside a Markdown table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "<", "&lt;")
	s = strings.ReplaceAll(s, ">", "&gt;")
	s = strings.ReplaceAll(s, "\r", "")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// codeCell is an inline code span inside a table cell: only the pipe and
// line breaks need care there (GFM unescapes \| inside code in tables).
func codeCell(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r", ""), "\n", " ")
	return mdCode(strings.ReplaceAll(s, "|", "\\|"))
}

// mdCode wraps s in an inline code span that s cannot close.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// mdText escapes Markdown markup characters in running text.
func mdText(s string) string { return mdTextEsc.Replace(s) }

var mdTextEsc = strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "<", "&lt;", ">", "&gt;", "[", "\\[", "]", "\\]", "#", "\\#")

func writeMarkdown(w io.Writer, r *Report, _ Options) error {
	v := buildView(r)
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# espo-oidc report: %s\n\n", v.Verdict)
	p("**%s**: %s\n\n", v.Verdict, mdText(v.VerdictDetail))
	for _, e := range v.Errors {
		p("- **input error** %s: %s\n", mdCode(e.Instance), mdText(e.Message))
	}
	if len(v.Errors) > 0 {
		p("\n")
	}
	if len(v.Top) > 0 {
		p("## Fix first\n\n")
		for _, f := range v.Top {
			p("1. **%s %s** at %s: %s\n", f.Rule, f.Name, mdCode(f.Location), mdText(f.Message))
		}
		p("\n")
	}
	for _, iv := range v.Instances {
		p("## Instance %s\n\n", mdCode(iv.Instance))
		p("Identity provider: %s · ", mdText(orDash(iv.Provider)))
		if iv.EspoVersion != "" {
			p("EspoCRM %s · ", mdText(iv.EspoVersion))
		}
		p("rules run: %d · %d error(s), %d warning(s), %d info, %d suppressed\n\n",
			iv.Ran, iv.Counts.Error, iv.Counts.Warning, iv.Counts.Info, iv.Counts.Suppressed)
		p("### Findings\n\n")
		if len(iv.Findings) == 0 {
			p("No findings.\n\n")
		}
		for _, f := range iv.Findings {
			p("#### %s %s %s\n\n", strings.ToUpper(f.Severity), f.Rule, f.Name)
			p("%s\n\n", mdText(f.Message))
			loc := "- Where: " + mdCode(f.Location)
			if f.Key != "" {
				loc += ", setting " + mdCode(f.Key)
			}
			p("%s\n", loc)
			if f.Fix != "" {
				p("- Fix: %s\n", strings.ReplaceAll(mdText(f.Fix), "\n", "\n  "))
			}
			if f.Suppressed != "" {
				p("- Suppressed: %s\n", mdText(f.Suppressed))
			}
			if f.HelpURI != "" {
				p("- Rule documentation: <%s>\n", f.HelpURI)
			}
			p("\n")
		}
		for _, s := range iv.Skipped {
			p("Skipped %d rule(s): %s (%s)\n\n", len(s.Rules), mdText(s.Reason), strings.Join(s.Rules, ", "))
		}
		if iv.HasSettings {
			p("### Effective settings\n\n")
			p("Secret values are shown as their length and a SHA-256 prefix only.\n\n")
			p("| Setting | Value | From |\n|---|---|---|\n")
			for _, s := range iv.Settings {
				val := codeCell(s.Value)
				if !s.Set {
					val = "*(not set)*"
				}
				p("| %s | %s | %s |\n", mdCode(s.Key), val, mdCell(orDash(s.Source)))
			}
			if iv.OtherSettings > 0 {
				p("\n%d other setting(s) not related to the login are not shown.\n", iv.OtherSettings)
			}
			p("\n")
		}
		if m := iv.Manifest; m != nil {
			p("### Entra app registration (%s)\n\n", mdCode(m.Path))
			p("| Field | Value |\n|---|---|\n")
			for _, row := range [][2]string{{"Application (client) ID", m.AppID}, {"Display name", m.DisplayName},
				{"Supported account types (signInAudience)", m.SignInAudience}, {"Manifest format", m.Format},
				{"Group claims (groupMembershipClaims)", m.GroupClaims}, {"Implicit ID tokens", m.ImplicitIDToken},
				{"Optional ID token claims", orDash(strings.Join(m.IDTokenClaims, ", "))}} {
				p("| %s | %s |\n", row[0], mdCell(row[1]))
			}
			p("\n")
			if len(m.Redirects) > 0 {
				p("| Platform | Redirect URI |\n|---|---|\n")
				for _, rd := range m.Redirects {
					p("| %s | %s |\n", mdCell(rd.Platform), codeCell(rd.URI))
				}
				p("\n")
			}
			if len(m.Secrets) > 0 {
				p("| Client secret | Secret ID | Expires | State |\n|---|---|---|---|\n")
				for _, s := range m.Secrets {
					p("| %s | %s | %s | %s |\n", mdCell(s.Name), mdCode(s.KeyID), s.Expires, s.State)
				}
				p("\n")
			}
		}
		if pr := iv.Probe; pr != nil {
			p("### Probe\n\n")
			p("Started %s · issuer %s\n\n", orDash(pr.Started), mdCode(pr.Issuer))
			if len(pr.Timeline) > 0 {
				p("| Step | Request | Status | ms | Error |\n|---|---|---|---|---|\n")
				for _, s := range pr.Timeline {
					p("| %s | %s | %s | %s | %s |\n", mdCell(s.Step), codeCell(s.Method+" "+s.URL), s.Status, s.MS, mdCell(s.Error))
				}
				p("\n")
			}
			for _, f := range pr.Failures {
				p("- **incomplete**: %s\n", mdText(f))
			}
			for _, n := range pr.Notes {
				p("- note: %s\n", mdText(n))
			}
			for _, vd := range pr.Verdicts {
				p("- ID token %s\n", mdText(vd))
			}
			if pr.User != "" {
				p("- user: %s\n", mdText(pr.User))
			}
			p("\n")
			if len(pr.Claims) > 0 {
				p("#### ID token claims\n\n| Claim | Value | Meaning |\n|---|---|---|\n")
				for _, c := range pr.Claims {
					p("| %s | %s | %s |\n", mdCode(c.Name), codeCell(c.Value), mdCell(c.Meaning))
				}
				p("\n")
			}
		}
	}
	if lv := v.Logs; lv != nil {
		p("## EspoCRM logs\n\n")
		p("Read %d line(s), %d record(s), %d about OIDC, from %s.\n\n", lv.Lines, lv.Records, lv.OIDCRecords, mdText(strings.Join(lv.Files, ", ")))
		if len(lv.Versions) > 0 {
			p("Log format of EspoCRM %s.\n\n", mdText(strings.Join(lv.Versions, ", ")))
		}
		if lv.Skipped != "" {
			p("Skipped: %s.\n\n", mdText(lv.Skipped))
		}
		if len(lv.Summary) == 0 {
			p("No failed OIDC login in the logs.\n\n")
		} else {
			p("| Cause | Code | Incidents | Attempts | First | Last | Rules |\n|---|---|---|---|---|---|---|\n")
			for _, c := range lv.Summary {
				p("| %s | %s | %s | %s | %s | %s | %s |\n", mdCell(c.Cause), mdCell(c.Code), c.Incidents, c.Attempts, c.First, c.Last, mdCell(c.Rules))
			}
			p("\n")
		}
		for _, in := range lv.Incidents {
			p("- **%s** (%s, %s attempt(s), %s): %s at %s\n", mdText(in.Cause), mdText(in.Code), in.Attempts, in.When, mdText(in.Message), mdCode(in.At))
			if in.Fix != "" {
				p("  Fix: %s\n", strings.ReplaceAll(mdText(in.Fix), "\n", "\n  "))
			}
		}
		if lv.More > 0 {
			p("- … and %d more incident(s)\n", lv.More)
		}
		if len(lv.Incidents) > 0 {
			p("\n")
		}
		for _, n := range lv.Notes {
			p("> **%s** %s\n\n", mdText(n.Title), strings.ReplaceAll(mdText(n.Text), "\n", "\n> "))
		}
	}
	if v.AuthLog != "" {
		p("## Auth log\n\n````text\n%s````\n\n", strings.ReplaceAll(v.AuthLog, "````", "` ` ` `"))
	}
	p("---\n\n%s %s", v.Tool, mdText(v.Version))
	if v.Command != "" {
		p(" · command %s", mdCode(v.Command))
	}
	if v.Generated != "" {
		p(" · generated %s", v.Generated)
	}
	p("\n")
	_, err := io.WriteString(w, b.String())
	return err
}
