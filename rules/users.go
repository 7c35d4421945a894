package rules

// Rule set core, theme users: creating and syncing users from the claims.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
)

// emailShapedClaims are claims whose values are email addresses or UPNs,
// which may be up to 254 characters long.
var emailShapedClaims = []string{"email", "preferred_username", "upn", "unique_name", "mail", "emailaddress"}

var _ = declare(Rule{ID: "EO1054", Name: "username-claim-too-long", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "user creation or sync with an email-shaped username claim: an address longer than User.userName's 50 characters fails",
	Doc: Doc{
		Why: "With oidcCreateUser (or oidcSync, oidcSyncTeams) EspoCRM checks the normalized username claim against User.userName's maxLength, 50 by default, and fails the login with HTTP 500: " +
			"'Value in username claim exceeds max length of `50`. Increase maxLength parameter for User.userName field (up to 255).' (from 7.4; before 7.4 the database refuses or truncates the value). Email addresses and UPNs may be up to 254 characters; long ones are common with long domain names.",
		FixEspo: "Administration → Entity Manager → User → Fields → User Name: raise Max Length (up to 255), then rebuild; or use a shorter claim.",
		Refs:    []string{espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Oidc/UserProvider/UsernameValidator.php:48"), espo.SourceURL("10.0.0", "application/Espo/Resources/metadata/entityDefs/User.json:5")},
	},
	Check: checkUsernameTooLong})

func checkUsernameTooLong(p *Pass) {
	o := p.OIDC()
	if !o.CreateUser && !o.Sync && !o.SyncTeams {
		return
	}
	claim := strings.TrimSpace(o.UsernameClaim)
	shaped := false
	for _, c := range emailShapedClaims {
		shaped = shaped || strings.EqualFold(claim, c)
	}
	if !shaped {
		return
	}
	maxLen := p.Options.UserNameMaxLength
	if maxLen <= 0 {
		maxLen = 50
	}
	what := "user creation (oidcCreateUser)"
	if !o.CreateUser {
		what = "user sync (oidcSync / oidcSyncTeams)"
	}
	fails := fmt.Sprintf("EspoCRM fails the login with 'Value in username claim exceeds max length of `%d`.' (HTTP 500)", maxLen)
	if !p.Version().Has(espo.UsernameLengthCheck) {
		fails = fmt.Sprintf("EspoCRM %s has no length check, so the database refuses or truncates the value (inferred)", p.Version())
	}
	p.ReportKey("oidcUsernameClaim", fmt.Sprintf("%s uses the username claim '%s', an address that can be longer than User.userName's %d characters: %s", what, claim, maxLen, fails),
		"raise User → User Name → Max Length (up to 255) in Administration → Entity Manager, or set options.userNameMaxLength in .espo-oidc.yaml if it is already raised")
}
