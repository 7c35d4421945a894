package rules

// Rule set database, theme users: the users against the username claim.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
)

// usernameCheck compares the users OIDC could sign in with the username
// claim: the CRM's regular and admin users, or a portal's portal users.
func usernameCheck(p *Pass) dbfacts.UsernameCheck {
	if p.dbUsers != nil {
		return *p.dbUsers
	}
	o := p.OIDC()
	maxLen := p.DB.UserNameMaxLength
	if maxLen <= 0 {
		maxLen = p.Options.UserNameMaxLength
	}
	portalID := ""
	if p.Portal != nil {
		portalID = p.Portal.ID
	}
	norm, err := espo.UsernameNormalizer(o.UserNameRegex)
	if err != nil {
		norm = func(s string) string { return s } // the settings rules report the expression
	}
	c := dbfacts.CheckUsernames(p.DB.Users, o.UsernameClaim, maxLen, norm, portalID)
	p.dbUsers = &c
	return c
}

func examples(list []string, n int) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	s := strings.Join(q, ", ")
	if n > len(list) {
		s += fmt.Sprintf(" and %d more", n-len(list))
	}
	return s
}

func (p *Pass) whose() string {
	if p.Portal != nil {
		return fmt.Sprintf("portal users of %q", p.Portal.Name)
	}
	return "users OIDC can sign in (regular and admin)"
}

var _ = declare(Rule{ID: "EO6010", Name: "usernames-not-claim-shaped", Set: SetDatabase, Severity: Warning, Needs: []Need{NeedOIDC, NeedDB, NeedDBUsers},
	Summary: "active users' user names do not look like the username claim's values (the claim is email, most user names are not)",
	Doc: Doc{
		Why:      "EspoCRM signs a user in only when the normalised username claim equals the user's User Name. The first step of every setup guide is to set the user names to the value the IdP sends; a user whose name has another shape (a short login name when the claim is an email address, say) is never found.",
		FixEspo:  "Administration → Users: set each User Name to the value the IdP sends for that person, or choose a username claim whose values are the user names (" + uiOIDC + " → Username Claim).",
		FixEntra: "Entra sends the UPN in preferred_username and the mail attribute in email: compare them with the user names.",
		Refs:     []string{dbDoc, "docs/knowledge/espocrm-users.md#matching"},
	},
	Check: checkUsernameShape})

func checkUsernameShape(p *Pass) {
	c := usernameCheck(p)
	if c.Shape == "unknown" || c.Users == 0 || c.NotShapedN == 0 {
		return
	}
	sev := SeverityNone
	if c.Matching == 0 {
		sev = Error
	}
	what := map[string]string{"email": "email addresses", "guid": "object ids (GUIDs)", "opaque": "opaque ids"}[c.Shape]
	p.ReportKeySeverity("oidcUsernameClaim", sev,
		fmt.Sprintf("%d of %d active %s have user names that are not %s, but the username claim is %s: they cannot sign in with OIDC (%s)",
			c.NotShapedN, c.Users, p.whose(), what, c.Claim, examples(c.NotShaped, c.NotShapedN)),
		"set those users' User Name to the value the IdP sends ("+c.Claim+"), or choose another username claim")
}

var _ = declare(Rule{ID: "EO6011", Name: "usernames-not-normalized", Set: SetDatabase, Severity: Warning, Needs: []Need{NeedOIDC, NeedDB, NeedDBUsers},
	Summary: "user names a normalised claim can never equal (upper case, spaces, characters outside userNameRegularExpression)",
	Doc: Doc{
		Why:     "EspoCRM lower-cases the claim and turns every character outside userNameRegularExpression (and spaces) into '_' before looking the user up. A stored user name with upper case, a space or such a character is never equal to it: on PostgreSQL the user is not found, on MySQL/MariaDB the case-insensitive collation finds it but sync fails with 'Username mismatch'.",
		FixEspo: "Administration → Users: rename the users to the normalised form (lower case, '_' for other characters).",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#matching"},
	},
	Check: checkUsernamesNormalized})

func checkUsernamesNormalized(p *Pass) {
	c := usernameCheck(p)
	if c.NotNormalN == 0 {
		return
	}
	p.ReportKey("oidcUsernameClaim",
		fmt.Sprintf("%d active %s have user names a normalised claim never equals (upper case, spaces or characters EspoCRM replaces with '_'): %s",
			c.NotNormalN, p.whose(), examples(c.NotNormalized, c.NotNormalN)),
		"rename them in Administration → Users to lower case with '_' for other characters")
}

var _ = declare(Rule{ID: "EO6012", Name: "usernames-duplicate-normalized", Set: SetDatabase, Severity: Warning, Needs: []Need{NeedOIDC, NeedDB, NeedDBUsers},
	Summary: "several users' names normalise to the same value: OIDC can sign in only one of them",
	Doc: Doc{
		Why:     "Two user names that differ only in case or in characters EspoCRM normalises to '_' are one person to OIDC: the lookup finds at most the one stored in normalised form, the others can never sign in.",
		FixEspo: "Administration → Users: merge the accounts or rename one of them.",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#matching"},
	},
	Check: checkUsernamesDuplicate})

func checkUsernamesDuplicate(p *Pass) {
	c := usernameCheck(p)
	for i, g := range c.Duplicates {
		if i == dbfacts.MaxExamples {
			p.ReportKey("oidcUsernameClaim", fmt.Sprintf("%d more groups of user names normalise to the same value", len(c.Duplicates)-i), "rename or merge them")
			break
		}
		p.ReportKey("oidcUsernameClaim", fmt.Sprintf("the user names %s normalise to the same value: OIDC can sign in only one of these users", examples(g, len(g))),
			"rename or merge these users in Administration → Users")
	}
}

var _ = declare(Rule{ID: "EO6013", Name: "usernames-at-max-length", Set: SetDatabase, Severity: Info, Needs: []Need{NeedOIDC, NeedDB, NeedDBUsers},
	Summary: "user names as long as User.userName allows: the name may have been cut off, and longer claims cannot be created or synced",
	Doc: Doc{
		Why:     "User.userName holds 50 characters unless changed. A claim value longer than that cannot be created or synced ('Value in username claim exceeds max length of `50`.', HTTP 500), and a user name exactly that long was often cut off on import, so it no longer equals the claim.",
		FixEspo: "Entity Manager → User → User Name: raise the max length (up to 255), then rebuild; fix the cut-off names.",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#matching"},
	},
	Check: checkUsernamesMaxLength})

func checkUsernamesMaxLength(p *Pass) {
	c := usernameCheck(p)
	if c.AtMaxLengthN == 0 {
		return
	}
	p.ReportKey("oidcUsernameClaim",
		fmt.Sprintf("%d active %s have user names of exactly %d characters, the column's limit: perhaps cut off, and a longer claim value cannot be created or synced: %s",
			c.AtMaxLengthN, p.whose(), c.MaxLength, examples(c.AtMaxLength, c.AtMaxLengthN)),
		"raise User.userName's max length (Entity Manager → User → User Name) and correct the names")
}

var _ = declare(Rule{ID: "EO6014", Name: "admins-matched-but-refused", Set: SetDatabase, Severity: Info, Needs: []Need{NeedOIDC, NeedDB, NeedDBUsers},
	Summary: "admins whose user names the claim can match, but whom OIDC refuses (oidcAllowAdminUser off, or super-admins)",
	Doc: Doc{
		Why:     "EspoCRM refuses admins through OIDC unless oidcAllowAdminUser is on, and super-admins always. Such users need the password login (oidcFallback); without it they are locked out.",
		FixEspo: uiOIDC + ": tick 'Allow OIDC login for admin users', or keep Fallback on for them.",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#fallback-and-admins"},
	},
	Check: checkAdminsRefused})

func checkAdminsRefused(p *Pass) {
	if p.Portal != nil {
		return
	}
	c := usernameCheck(p)
	o := p.OIDC()
	if c.AdminsN > 0 && !o.AllowAdminUser {
		p.ReportKey("oidcAllowAdminUser",
			fmt.Sprintf("%d admin(s) have user names the %s claim can match, but oidcAllowAdminUser is off: OIDC refuses them (%s)", c.AdminsN, c.Claim, examples(c.Admins, c.AdminsN)),
			"tick 'Allow OIDC login for admin users' in "+uiOIDC+", or let them use the password login (oidcFallback)")
	}
	if c.SuperAdminsN > 0 {
		p.ReportKey("oidcFallback",
			fmt.Sprintf("%d super-admin(s) have user names the %s claim can match, but OIDC never signs in a super-admin (%s)", c.SuperAdminsN, c.Claim, examples(c.SuperAdmins, c.SuperAdminsN)),
			"keep the password login (oidcFallback) for super-admins")
	}
}
