package rules

// Rules about the config file (.espo-oidc.yaml) itself. The driver, not a
// Check, reports EO9001 and EO9002 (SuppressionFindings), because they judge
// the policy, not an instance.

import (
	"fmt"
	"strings"
	"time"
)

var _ = declare(Rule{ID: "EO1067", Name: "username-claim-not-allowed", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "the username claim is not one the config file allows (option allowedUsernameClaims)",
	Doc: Doc{
		Why:     "Organisations that fix the username claim (for example preferred_username everywhere) want a config that uses another claim caught in CI: users would not be found, or accounts would be matched on the wrong attribute.",
		FixEspo: uiOIDC + " → Username Claim: one of the allowed claims.",
		Refs:    []string{"espocrm-oidc.md §4 (Matching)", "linter-conventions.md §1 (Config: allowed username claims)"},
	},
	Check: func(p *Pass) {
		allowed := p.Options.AllowedUsernameClaims
		c := strings.TrimSpace(p.OIDC().UsernameClaim)
		if len(allowed) == 0 || c == "" {
			return
		}
		for _, a := range allowed {
			if a == c {
				return
			}
		}
		p.ReportKey("oidcUsernameClaim", fmt.Sprintf("the username claim '%s' is not in allowedUsernameClaims (%s)", c, strings.Join(allowed, ", ")),
			uiOIDC+" → Username Claim: "+allowed[0])
	}})

var unusedSuppression = declare(Rule{ID: "EO9001", Name: "unused-suppression", Set: SetConfig, Severity: Warning, Needs: []Need{needPolicy},
	Summary: "a suppression in the config file matched no finding",
	Doc: Doc{
		Why:     "A suppression that matches nothing is stale: the problem was fixed, the rule or key was renamed, or the instance path changed. Left in place it may silence a future finding nobody reviewed.",
		FixEspo: "Remove the suppression from .espo-oidc.yaml.",
		Refs:    []string{"linter-conventions.md §1 (Inline suppression: report unused suppressions)"},
	},
	Check: func(*Pass) {}})

// needPolicy marks rules that the driver reports from the policy; Run never
// runs or lists them.
const needPolicy Need = "policy"

var expiredSuppression = declare(Rule{ID: "EO9002", Name: "expired-suppression", Set: SetConfig, Severity: Warning, Needs: []Need{needPolicy},
	Summary: "a suppression in the config file has expired; its findings count again",
	Doc: Doc{
		Why:     "Suppressions may carry an expiry date, so an accepted risk is looked at again. Past the date the finding is reported as usual, and this finding says so.",
		FixEspo: "Fix the finding, or renew the suppression's expires date with a reason.",
		Refs:    []string{"linter-conventions.md §1 (Inline suppression: expires)"},
	},
	Check: func(*Pass) {}})

// SuppressionFindings reports the unused and expired suppressions of a
// policy after all instances ran. configPath is the config file they are
// written in.
func SuppressionFindings(pol *Policy, configPath string, now time.Time) []Finding {
	unused, expired := pol.Unused(now)
	var out []Finding
	add := func(r *Rule, s *Suppression, msg string) {
		f := Finding{Rule: r.ID, Name: r.Name, Severity: pol.SeverityFor(r, r.Severity), Message: msg, Key: s.Rule,
			File: configPath, Line: max(s.Line, 1), Column: 1, Instance: configPath,
			Fix: "remove or update the suppression in " + configPath}
		f.Fingerprint = fingerprint(f)
		out = append(out, f)
	}
	for _, s := range unused {
		add(unusedSuppression, s, fmt.Sprintf("the suppression of %s (%s) matched no finding", s.Rule, s.Reason))
	}
	for _, s := range expired {
		add(expiredSuppression, s, fmt.Sprintf("the suppression of %s expired on %s; its findings count again", s.Rule, s.Expires.Format("2006-01-02")))
	}
	return out
}
