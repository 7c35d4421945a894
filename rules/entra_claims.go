package rules

// Rule set entra, theme claims: username claim, scopes, prompt and synced claims against what Entra sends.

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/provider"
)

var _ = declare(Rule{ID: "EO2008", Name: "entra-username-sub", Set: SetEntra, Severity: Warning,
	Summary: "the username claim is sub, which Entra makes pairwise per app: it never equals a username",
	Doc: Doc{
		Why:     "EspoCRM's default username claim is sub. Entra's sub is an opaque value unique per user and app (pairwise), so it never matches an EspoCRM username: the #1 cause of 'user not found' after a successful Microsoft sign-in.",
		FixEspo: uiOIDC + " → Username Claim: preferred_username (the UPN; needs the profile scope) or email (needs the email scope and a mail attribute), and make EspoCRM usernames equal to it.",
		Refs:    []string{"entra-guide.md steps 0, 7", "entra.md §2.2 (sub pairwise)", "failure-modes.md §1 #1"},
	},
	Check: checkEntraUsernameSub})

func checkEntraUsernameSub(p *Pass) {
	if strings.TrimSpace(p.OIDC().UsernameClaim) != "sub" {
		return
	}
	p.ReportKey("oidcUsernameClaim", "the username claim is 'sub': Entra's sub is an opaque value per user and app, so it never equals an EspoCRM username and every login ends in 'user not found'",
		uiOIDC+" → Username Claim: preferred_username (or email), and make EspoCRM usernames equal to it")
}

var _ = declare(Rule{ID: "EO2009", Name: "entra-username-email", Set: SetEntra, Severity: Warning,
	Summary: "the username claim is email, which Entra omits for users without a mail attribute",
	Doc: Doc{
		Why:      "Entra puts email in the ID token only with the email scope (or optional claim) and only when the user has a mail address; members without a mailbox get none, and EspoCRM fails with 'No username claim `email` in token and userinfo.' (HTTP 500).",
		FixEspo:  uiOIDC + " → Scopes: keep email; or use preferred_username.",
		FixEntra: uiEntraApp + " → Token configuration → Add optional claim → ID → email; give every user a mail attribute.",
		Refs:     []string{"entra.md §2.3", "failure-modes.md §1 #4", "espocrm-oidc.md §10.5"},
	},
	Check: checkEntraUsernameEmail})

func checkEntraUsernameEmail(p *Pass) {
	if strings.TrimSpace(p.OIDC().UsernameClaim) != "email" {
		return
	}
	if !requestsScope(p.OIDC(), "email") {
		p.ReportKeySeverity("oidcScopes", Error, "the username claim is 'email' but the email scope is not requested: members get no email claim and every login fails with 'No username claim `email` in token and userinfo.'",
			"add email to "+uiOIDC+" → Scopes (or the email optional claim in Token configuration)")
		return
	}
	p.ReportKey("oidcUsernameClaim", "the username claim is 'email': Entra omits it for users without a mail attribute (no mailbox, UPN-only), and those logins fail with 'No username claim `email` in token and userinfo.' (HTTP 500)",
		"give every user a mail attribute, or use preferred_username")
}

var _ = declare(Rule{ID: "EO2010", Name: "entra-username-mutable", Set: SetEntra, Severity: Info,
	Summary: "the username claim (email, preferred_username, upn) can change: a rename makes a new or unknown user",
	Doc: Doc{
		Why:     "Microsoft: email, preferred_username, upn and unique_name are mutable and must not be used as keys. When a user is renamed in Entra, EspoCRM no longer finds them (or creates a second account). This is the pragmatic choice the guide makes; know the trade-off.",
		FixEspo: "When you rename a user in Entra, rename the EspoCRM username the same way.",
		Refs:    []string{"entra.md §2.4", "failure-modes.md §2"},
	},
	Check: checkEntraUsernameMutable})

func checkEntraUsernameMutable(p *Pass) {
	c := strings.TrimSpace(p.OIDC().UsernameClaim)
	t, _ := entraTenant(p)
	if !mutableClaims[c] || isMultiTenant(t) {
		return // entra-noauth-takeover covers multi-tenant
	}
	p.ReportKey("oidcUsernameClaim", fmt.Sprintf("the username claim '%s' is mutable: when a user is renamed in Entra, EspoCRM no longer finds them (or creates a second account)", c),
		"rename EspoCRM usernames whenever Entra names change; oid is immutable but needs usernames set to object IDs")
}

var _ = declare(Rule{ID: "EO2012", Name: "entra-unsupported-scope", Set: SetEntra, Severity: Warning,
	Summary: "a scope Entra does not have (phone, address, groups, roles): sign-in may fail with AADSTS650053",
	Doc: Doc{
		Why:        "Entra supports the OIDC scopes openid, profile, email and offline_access; 'address' and 'phone' are not supported, and bare scope names are read as Microsoft Graph permissions, so groups, roles or sub fail with AADSTS650053. EspoCRM's default scopes include phone.",
		FixEspo:    uiOIDC + " → Scopes: profile, email (openid is added by EspoCRM). Groups come from the group claim, not a scope.",
		Refs:       []string{"entra.md §3.1", "failure-modes.md §1 #18", "entra-guide.md step 7"},
		Unverified: "What Entra answers for phone/address is unverified (entra.md §3.1); the AADSTS650053 answer is reported by third parties for groups, roles and sub.",
	},
	Check: checkEntraScopes})

func checkEntraScopes(p *Pass) {
	for _, s := range p.OIDC().Scopes {
		switch strings.ToLower(s) {
		case "phone", "address":
			note := ""
			if strings.EqualFold(s, "phone") {
				note = " (it is one of EspoCRM's default scopes)"
			}
			p.ReportKey("oidcScopes", fmt.Sprintf("the scope '%s' is not supported by Entra%s; sign-in may fail with AADSTS650053 (unverified for this scope)", s, note),
				"remove "+s+" from "+uiOIDC+" → Scopes")
		case "groups", "roles", "sub", "group":
			p.ReportKeySeverity("oidcScopes", Error, fmt.Sprintf("the scope '%s' does not exist in Entra: sign-in fails with AADSTS650053 (asked for scope '%s' that doesn't exist on the resource 00000003-…)", s, s),
				"remove "+s+" from Scopes; group membership comes from the group claim (Token configuration → Add groups claim)")
		}
	}
}

var _ = declare(Rule{ID: "EO2013", Name: "entra-prompt-consent", Set: SetEntra, Severity: Warning,
	Summary: "prompt=consent (EspoCRM's default) shows Entra's consent page at every login",
	Doc: Doc{
		Why:      "EspoCRM sends prompt=consent when the setting is missing. Entra then shows the permissions page at each sign-in, and users who may not consent see 'Need admin approval'. The guide's author uses login; select_account is the other usual choice.",
		FixEspo:  uiOIDC + " → Authorization Prompt: login or select_account (8.3+; before 8.3 set 'oidcAuthorizationPrompt' in data/config.php).",
		FixEntra: "Grant admin consent once: API permissions → Grant admin consent.",
		Refs:     []string{"entra-guide.md step 8", "espocrm-oidc.md §1.2 (oidcAuthorizationPrompt)", "failure-modes.md §1 #17"},
	},
	Check: checkEntraPromptConsent})

func checkEntraPromptConsent(p *Pass) {
	if p.OIDC().Prompt != "consent" {
		return
	}
	note := ""
	if !p.Settings.IsSet("oidcAuthorizationPrompt") {
		note = " (oidcAuthorizationPrompt is not set, and EspoCRM sends consent then" + p.Settings.RebuildNote("oidcAuthorizationPrompt") + ")"
	}
	p.ReportKey("oidcAuthorizationPrompt", "prompt=consent makes Entra show the consent page at every login; users who may not consent see 'Need admin approval'"+note,
		uiOIDC+" → Authorization Prompt: login or select_account, and grant admin consent once in the app's API permissions")
}

var _ = declare(Rule{ID: "EO2017", Name: "entra-userinfo-foreign-scope", Set: SetEntra, Severity: Warning, Versions: espo.Since("9.1.0"),
	Summary: "userinfo is on while a scope of another API is requested: the access token is not for Graph",
	Doc: Doc{
		Why:        "Entra issues one access token per resource. With a custom API scope (api://…) the token EspoCRM gets is for that API, and Graph's /oidc/userinfo refuses it with 401: 'OIDC: UserInfo response error.' (HTTP 500).",
		FixEspo:    uiOIDC + ": remove the API scope, or clear the UserInfo Endpoint (the ID token has the claims).",
		Refs:       []string{"entra.md §1.6", "espocrm-oidc.md §10.4", "espocrm-oidc.md §15 rule 5"},
		Unverified: "The 401 from userinfo is an inference in entra.md §1.6.",
	},
	Check: checkEntraUserinfoScope})

func checkEntraUserinfoScope(p *Pass) {
	if strings.TrimSpace(p.OIDC().UserInfoEndpoint) == "" {
		return
	}
	for _, s := range p.OIDC().Scopes {
		if strings.HasPrefix(s, "api://") || (strings.HasPrefix(s, "https://") && !entra.IsGraphHost(hostOf(s))) {
			p.ReportKey("oidcScopes", fmt.Sprintf("userinfo is on and the scope '%s' asks for another API's token: Graph's userinfo then refuses the access token (401) and logins fail with 'OIDC: UserInfo response error.'", s),
				"remove the API scope, or clear the UserInfo Endpoint")
			return
		}
	}
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

var _ = declare(Rule{ID: "EO2018", Name: "entra-sync-missing-claims", Set: SetEntra, Severity: Warning,
	Summary: "user sync clears names and phone numbers: Entra's v2 ID token lacks given_name, family_name, phone_number",
	Doc: Doc{
		Why:      "With oidcSync, every login writes null for claims the token lacks. Entra v2 ID tokens carry given_name/family_name only as optional claims, never phone_number, and email only with the email scope and a mail attribute. So first and last names are blanked at each login unless optional claims or the userinfo endpoint provide them, and phone numbers always are.",
		FixEspo:  uiOIDC + ": set the UserInfo Endpoint (https://graph.microsoft.com/oidc/userinfo gives given_name, family_name), or untick Sync.",
		FixEntra: uiEntraApp + " → Token configuration → Add optional claim → ID: given_name, family_name, email.",
		Refs:     []string{"entra.md §2.2", "espocrm-oidc.md §4 (Sync)", "espocrm-oidc.md §14"},
	},
	Check: checkEntraSyncClaims})

func checkEntraSyncClaims(p *Pass) {
	o := p.OIDC()
	if !o.Sync || p.Provider().Kind != provider.Entra {
		return
	}
	var lost []string
	if strings.TrimSpace(o.UserInfoEndpoint) == "" {
		lost = append(lost, "first and last name (given_name/family_name are optional claims in v2 ID tokens)")
	}
	lost = append(lost, "phone number (Entra sends no phone_number)")
	if !requestsScope(p.OIDC(), "email") {
		lost = append(lost, "email address (no email scope)")
	}
	p.ReportKey("oidcSync", "user sync clears at every login: "+strings.Join(lost, "; "),
		"add the optional claims given_name, family_name, email (Token configuration → Add optional claim → ID), or set the UserInfo Endpoint, or untick Sync")
}
