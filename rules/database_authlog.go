package rules

// Rule set database, theme auth log: what EspoCRM recorded of OIDC logins.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/dbfacts"
)

var _ = declare(Rule{ID: "EO6030", Name: "auth-log-disabled", Set: SetDatabase, Severity: Info, Needs: []Need{NeedOIDC},
	Summary: "the auth log is disabled: EspoCRM records no login attempt, so nobody can see who was refused",
	Doc: Doc{
		Why:     "With authLogDisabled, EspoCRM writes no auth log row for any login (7.4+). Refused OIDC users then leave a trace only in the log file, and only at log level INFO.",
		FixEspo: "Administration → Settings → Auth Log: enable it (authLogDisabled = false).",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-login.md#the-auth-log"},
	},
	Check: checkAuthLogDisabled})

func checkAuthLogDisabled(p *Pass) {
	if !dbfacts.AuthLogDisabled(p.Settings) {
		return
	}
	p.ReportKey("authLogDisabled", "authLogDisabled is on: EspoCRM records no login attempt, so the auth log cannot show who was refused or why",
		"set authLogDisabled to false (Administration → Settings → Auth Log)")
}

var _ = declare(Rule{ID: "EO6031", Name: "auth-log-oidc-denials", Set: SetDatabase, Severity: Info, Needs: []Need{NeedDB, NeedDBAuthLog},
	Summary: "OIDC login attempts the auth log recorded as denied, by reason",
	Doc: Doc{
		Why:     "EspoCRM records each OIDC login under the user name '**oidc'. Since 8.2.3 most denials say CREDENTIALS without a user (unknown, inactive, wrong type or portal, bad token); a login that ends in HTTP 500 writes no row at all. espo-oidc logs --db shows the attempts over time next to the log file's incidents.",
		FixEspo: "Read the log file at level INFO for the cause of CREDENTIALS denials ('Oidc: User <id> found but …'); see " + dbDoc + ".",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-login.md#the-auth-log"},
	},
	Check: checkAuthLogDenials})

func checkAuthLogDenials(p *Pass) {
	s := dbfacts.Summarize(p.DB.AuthLog.Rows)
	if s.Rows == 0 {
		if p.Settings != nil && p.Settings.OIDCConfigured() {
			p.reportRecord(dbfacts.Record("auth_log_record", "", ""), "",
				fmt.Sprintf("the auth log has no OIDC rows (%d rows of other methods): nobody has tried OIDC, every attempt ended in an HTTP 500 (no row is written then), or the log was cleared", p.DB.AuthLog.Total),
				"try a login and run espo-oidc logs on the log file")
		}
		return
	}
	var parts []string
	denied := 0
	for _, d := range s.Denials {
		denied += d.Count
		part := fmt.Sprintf("%s ×%d", d.Reason, d.Count)
		if d.NoUser == d.Count {
			part += " (no user)"
		} else if len(d.Users) > 0 {
			part += " (" + strings.Join(d.Users, ", ") + ")"
		}
		parts = append(parts, part)
	}
	if denied == 0 {
		return
	}
	ok := 0
	for _, u := range s.Successes {
		ok += u.Count
	}
	p.reportRecord(dbfacts.Record("auth_log_record", "", ""), "",
		fmt.Sprintf("%d of %d OIDC login attempts between %s and %s were denied: %s; %d succeeded", denied, s.Rows,
			s.First.Format("2006-01-02 15:04"), s.Last.Format("2006-01-02 15:04"), strings.Join(parts, ", "), ok),
		"run espo-oidc logs --db with the log file to see the causes; CREDENTIALS covers unknown, inactive and refused users since EspoCRM 8.2.3")
}
