package rules

// Rule set entra-app, theme claims: optional claims EspoCRM reads.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
)

var _ = declare(Rule{ID: "EO3014", Name: "app-optional-claim-missing", Set: SetEntraApp, Severity: Warning, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "a claim EspoCRM reads is not in Entra's v2 ID token by default and no optional claim adds it",
	Doc: Doc{
		Why:      "v2 ID tokens carry given_name, family_name and upn only as optional claims; email only with the email scope or the email optional claim (and only for users with a mail attribute). A username claim missing from the token fails every login with 'No username claim ... in token and userinfo.' (HTTP 500); with Sync on, a missing claim blanks the EspoCRM field on every login (firstName ← given_name, lastName ← family_name, emailAddress ← email).",
		FixEntra: appUIToken + " → Add optional claim → ID → email / given_name / family_name / upn.",
		FixEspo:  uiOIDC + ": alternatively set the UserInfo endpoint https://graph.microsoft.com/oidc/userinfo (EspoCRM 9.1+), which returns given_name, family_name and email.",
		Refs:     []string{"entra.md §2.2", "entra.md §2.3", "entra.md §5.3 (optionalClaims; not for personal-account apps)", "espocrm-oidc.md §4 (sync mapping)", "espocrm-oidc.md §14"},
	},
	Check: checkAppOptionalClaims})

func checkAppOptionalClaims(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	fixClaims := func(claims []string) string {
		fix := fmt.Sprintf("%s → Add optional claim → ID → %s", appUIToken, strings.Join(claims, ", "))
		if entra.PersonalAccountsAudience(m.SignInAudience.Value) {
			fix += " (apps open to personal accounts cannot use optional claims: use the userinfo endpoint https://graph.microsoft.com/oidc/userinfo, EspoCRM 9.1+)"
		}
		return fix
	}
	elsewhere := func(claim string) string {
		for _, c := range m.OptionalClaims {
			if c.Name == claim && c.Token != "idToken" {
				return fmt.Sprintf(" (it is configured for the %s only, at %s)", c.Token, c.Loc.Pos)
			}
		}
		return ""
	}
	uc := strings.TrimSpace(o.UsernameClaim)
	switch uc {
	case "email", "upn", "given_name", "family_name":
		if ok, why := appClaimEmitted(p, uc); !ok {
			appReport(p, m.OptionalClaimsLoc, Error, fmt.Sprintf("the username claim %s is not in %s's ID tokens: %s%s; every login fails with 'No username claim `%s` in token and userinfo.' (HTTP 500)", uc, appName(m), why, elsewhere(uc), uc),
				fixClaims([]string{uc}))
		}
	}
	if !o.Sync {
		return
	}
	var missing, fields []string
	field := map[string]string{"email": "emailAddress", "given_name": "firstName", "family_name": "lastName"}
	for _, c := range []string{"email", "given_name", "family_name"} {
		if c == uc {
			continue // reported above
		}
		if ok, _ := appClaimEmitted(p, c); !ok {
			missing = append(missing, c+elsewhere(c))
			fields = append(fields, field[c])
		}
	}
	if len(missing) == 0 {
		return
	}
	names := make([]string, len(missing))
	for i, s := range missing {
		names[i] = strings.SplitN(s, " ", 2)[0]
	}
	appReport(p, m.OptionalClaimsLoc, SeverityNone, fmt.Sprintf("Sync is on but %s's ID tokens carry no %s; EspoCRM writes null to %s on every login", appName(m), strings.Join(missing, ", "), strings.Join(fields, ", ")),
		fixClaims(names))
}

// appClaimEmitted says whether the ID token carries claim, given the
// manifest and EspoCRM's settings; when not, why.
func appClaimEmitted(p *Pass, claim string) (bool, string) {
	o, m := p.OIDC(), p.Manifest
	if m.IDTokenClaim(claim) != nil {
		return true, ""
	}
	v1 := false
	if e, ok := p.entraEndpoint(o.TokenEndpoint); ok && e.Version == "v1.0" {
		v1 = true
	}
	userinfo := strings.TrimSpace(o.UserInfoEndpoint) != ""
	switch claim {
	case "email":
		if !v1 && requestsScope(o, "email") {
			return true, ""
		}
		if userinfo {
			return true, ""
		}
		if v1 {
			return false, "v1 ID tokens carry email only as an optional claim"
		}
		return false, "EspoCRM does not request the email scope and no email optional claim is configured"
	case "given_name", "family_name":
		if v1 || userinfo {
			return true, ""
		}
		return false, "v2 ID tokens carry it only as an optional claim"
	case "upn":
		if v1 {
			return true, ""
		}
		return false, "v2 ID tokens carry it only as an optional claim (the userinfo endpoint does not return it)"
	}
	return true, ""
}
