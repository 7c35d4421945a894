package rules

// Rule set probe, theme user: what EspoCRM would do with the signed-in user.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
)

var _ = declare(Rule{ID: "EO4040", Name: "probe-username-claim-missing", Set: SetProbe, Severity: Error, Needs: []Need{NeedProbe, NeedIDToken},
	Summary: "the username claim is missing from the ID token and userinfo (or is not a string)",
	Doc: Doc{
		Why:      "EspoCRM takes oidcUsernameClaim from the ID token, then from userinfo (9.1+). When neither has it the login ends with 'No username claim `<claim>` in token and userinfo.' (HTTP 500). Entra sends preferred_username only with the profile scope on v2 endpoints, and email only with the email scope or optional claim and a mail attribute.",
		FixEspo:  uiOIDC + " → Username Claim: a claim the token carries (the finding lists them); add the scope it needs.",
		FixEntra: "Token configuration → Add optional claim (ID token): email or upn, as needed.",
		Refs:     []string{"espocrm-oidc.md §4 (Matching)", "espocrm-oidc.md §2 step 11", "entra.md §2.2", "entra.md §2.3", "failure-modes.md §1 rows 1, 4"},
	},
	Check: checkUsernameClaim})

func checkUsernameClaim(p *Pass) {
	u := p.Probe.User
	if u == nil || u.Outcome != facts.OutcomeClaimMissing {
		return
	}
	p.ReportKey("oidcUsernameClaim", u.Detail+"; the ID token carries: "+claimNames(p.Probe.IDToken),
		"set oidcUsernameClaim to one of the claims the token carries (preferred_username needs the profile scope; email the email scope or optional claim)")
}

func claimNames(m map[string]any) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

var _ = declare(Rule{ID: "EO4041", Name: "probe-user-outcome", Set: SetProbe, Severity: Error, Needs: []Need{NeedProbe, NeedIDToken},
	Summary: "what EspoCRM would do with the signed-in user: found, not found, created, inactive, admin or portal refused",
	Doc: Doc{
		Why:     "EspoCRM normalises the username claim (lowercase, characters outside userNameRegularExpression → '_') and looks the user up by userName. Not found (without oidcCreateUser), inactive, admins without oidcAllowAdminUser, super-admins, portal and API users are refused with only 'Failed to log in'; sync fails with 'Username mismatch' when the stored userName differs in case.",
		FixEspo: "Make the EspoCRM userName equal the normalised claim value shown, or choose another username claim; for admins enable 'Allow OIDC login for admin users'.",
		Refs:    []string{"espocrm-oidc.md §4", "failure-modes.md §1 rows 1–3", "entra-guide.md step 0"},
	},
	Check: checkUserOutcome})

func checkUserOutcome(p *Pass) {
	u := p.Probe.User
	if u == nil || u.Outcome == facts.OutcomeClaimMissing {
		return
	}
	sev := outcomeSeverity[u.Outcome]
	key, fix := "oidcUsernameClaim", "no change needed"
	switch u.Outcome {
	case facts.OutcomeUnknown:
		fix = "give --users FILE (an export of EspoCRM users: userName,type,isActive) to predict the outcome"
	case facts.OutcomeNotFound:
		key, fix = "oidcCreateUser", fmt.Sprintf("create the EspoCRM user %q, set its userName to that value, or enable oidcCreateUser", u.Normalized)
	case facts.OutcomeWouldBeCreated:
		key, fix = "oidcCreateUser", "no change needed if self-provisioning is intended; the new user gets no roles, only mapped teams"
	case facts.OutcomeAdminNotAllowed:
		key, fix = "oidcAllowAdminUser", "enable 'Allow OIDC login for admin users' (oidcAllowAdminUser), or use a regular account"
	case facts.OutcomeSuperAdmin:
		fix = "super-admins cannot sign in through OIDC; use a regular or admin account"
	case facts.OutcomeInactive:
		fix = "activate the user in Administration → Users"
	case facts.OutcomePortal, facts.OutcomeWrongType:
		fix = "sign in with a regular or admin user of the CRM"
	case facts.OutcomeUsernameMismatch:
		fix = fmt.Sprintf("rename the EspoCRM user %q to %q (lowercase)", u.Matched, u.Normalized)
	case facts.OutcomeTooLong:
		fix = "raise User.userName's max length (Entity Manager → User → User Name, up to 255)"
	case facts.OutcomeBadClaim:
		fix = "choose a username claim whose value is a JSON string (Entra: preferred_username, email or oid), or turn off oidcCreateUser, oidcSync and oidcSyncTeams"
	}
	msg := fmt.Sprintf("username claim %s = %q → normalised %q: %s", u.Claim, u.Raw, u.Normalized, u.Detail)
	p.ReportKeySeverity(key, sev, msg, fix)
}

var outcomeSeverity = map[facts.Outcome]Severity{
	facts.OutcomeFound: Info, facts.OutcomeUnknown: Info, facts.OutcomeWouldBeCreated: Info,
	facts.OutcomeNotFound: Error, facts.OutcomeInactive: Error, facts.OutcomeAdminNotAllowed: Error, facts.OutcomeSuperAdmin: Error,
	facts.OutcomePortal: Error, facts.OutcomeWrongType: Error, facts.OutcomeUsernameMismatch: Error, facts.OutcomeTooLong: Error,
	facts.OutcomeBadClaim: Error,
}

var _ = declare(Rule{ID: "EO4042", Name: "probe-username-too-long", Set: SetProbe, Severity: Warning, Needs: []Need{NeedProbe, NeedIDToken},
	Summary: "the normalised username is longer than User.userName's max length",
	Doc: Doc{
		Why:     "Creating or syncing a user validates the username: 'Value in username claim exceeds max length of `50`.' Long UPNs and email addresses hit the default of 50.",
		FixEspo: "Administration → Entity Manager → User → Fields → User Name: raise Max Length (up to 255), or use a shorter claim.",
		Refs:    []string{"espocrm-oidc.md §4 (maxLength)", "failure-modes.md §1 row 5"},
	},
	Check: checkUsernameLength})

func checkUsernameLength(p *Pass) {
	u := p.Probe.User
	if u == nil || !u.TooLong || u.Outcome == facts.OutcomeTooLong {
		return
	}
	p.ReportKey("oidcUsernameClaim", fmt.Sprintf("the normalised username %q is %d characters, more than User.userName's max length %d: creating or syncing this user fails", u.Normalized, len(u.Normalized), u.MaxLength),
		"raise User.userName's max length (Entity Manager → User → User Name, up to 255)")
}

var _ = declare(Rule{ID: "EO4043", Name: "probe-group-claim", Set: SetProbe, Severity: Warning, Needs: []Need{NeedProbe, NeedIDToken},
	Summary: "the group claim is missing, in overage, or maps to no team",
	Doc: Doc{
		Why:      "Team mapping compares oidcTeamsColumns[team].group with the values of oidcGroupClaim. Entra sends groups only when groupMembershipClaims is set, as object IDs (GUIDs), and replaces them by _claim_names/hasgroups past 200 groups; with team sync on, the user's teams are replaced by the mapped list on every login.",
		FixEspo:  uiOIDC + " → Teams: map each team to a group value the token carries (the finding lists them).",
		FixEntra: "Token configuration → Add groups claim; prefer 'Groups assigned to the application' to avoid overage.",
		Refs:     []string{"espocrm-oidc.md §4 (Sync, teams)", "entra.md §2.6", "failure-modes.md §1 row 19"},
	},
	Check: checkGroupClaim})

func checkGroupClaim(p *Pass) {
	t := p.Probe.Teams
	if t == nil || t.Claim == "" {
		return
	}
	o := p.OIDC()
	switch {
	case t.Overage:
		p.ReportKey("oidcGroupClaim", fmt.Sprintf("the token carries no %s claim but an overage marker (_claim_names/hasgroups): the user is in more than 200 groups and EspoCRM maps no team", t.Claim),
			"in Entra → Token configuration → groups claim, emit only 'Groups assigned to the application' and assign the mapped groups to the enterprise app")
	case !t.Present:
		p.ReportKey("oidcGroupClaim", fmt.Sprintf("the ID token has no %s claim: team mapping gives only the teams without a group", t.Claim),
			"in Entra → App registrations → Token configuration → Add groups claim (ID token)")
	}
	if t.Present && len(o.TeamsIDs) > 0 {
		mapped := 0
		for _, id := range t.Assigned {
			if o.TeamGroups[id] != "" {
				mapped++
			}
		}
		if mapped == 0 {
			p.ReportKeySeverity("oidcTeamsColumns", Info, fmt.Sprintf("none of the user's %d group value(s) %v matches a mapped team; teams assigned: %v", len(t.Groups), firstN(t.Groups, 5), t.Assigned),
				"map teams to the group values the token carries (Entra: group object IDs)")
		}
	}
	if len(t.Removed) > 0 {
		p.ReportKeySeverity("oidcSyncTeams", Warning, fmt.Sprintf("team sync would remove the user from %v (the team list is replaced on every login)", t.Removed),
			"add these teams to the mapping, or turn off oidcSyncTeams")
	}
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(append([]string{}, s[:n]...), "…")
	}
	return s
}

var _ = declare(Rule{ID: "EO4051", Name: "probe-userinfo-failed", Set: SetProbe, Severity: Error, Versions: espo.Since("9.1.0"), Needs: []Need{NeedProbe, NeedIDToken},
	Summary: "the userinfo call EspoCRM makes (9.1+) fails",
	Doc: Doc{
		Why:     "With oidcUserInfoEndpoint set, EspoCRM calls it on every login with the access token; a 4xx, a non-JSON answer or a missing access token fails the login (HTTP 500). Entra's userinfo lives on Microsoft Graph and works only with a Graph access token.",
		FixEspo: uiOIDC + " → UserInfo Endpoint: leave it empty unless a claim is only available there (the ID token is a superset on Entra).",
		Refs:    []string{"espocrm-oidc.md §2 step 11", "entra.md §1.6", "failure-modes.md §1 row 20"},
	},
	Check: checkUserInfo})

func checkUserInfo(p *Pass) {
	u := p.Probe.UserInfo
	if u == nil || u.OK {
		return
	}
	p.ReportKey("oidcUserInfoEndpoint", u.Problem, "leave oidcUserInfoEndpoint empty, or fix the scopes so the access token is for the userinfo host (Entra: Graph)")
}
