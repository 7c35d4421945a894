package rules

// Rule set provider, every recognised provider but Entra: the checks that
// read the detected profile's data (claims, groups, scopes, prompt,
// signing, PKCE, logout, endpoint consistency).

import (
	"fmt"
	"slices"
	"strings"

	"github.com/espo-oidc/espo-oidc/provider"
)

// specificMismatch: providers whose own rule reports endpoint mismatches.
var specificMismatch = []provider.Kind{provider.Keycloak, provider.Okta, provider.Authentik, provider.Kanidm}

var _ = declare(Rule{ID: "EO5060", Name: "provider-endpoint-mismatch", Set: SetProvider, Severity: Error,
	Summary: "the endpoints are not all on the same identity provider (host and path prefix)",
	Doc: Doc{
		Why:     "One identity provider issues the code, redeems it, signs the ID token and serves userinfo. Endpoints copied from two installations (staging and production, two hosts, another path prefix) fail: the code is unknown at the other token endpoint (invalid_grant) and the other key set does not verify the token. Another host name with the same paths is only info: often the same server under an internal name for EspoCRM's server-side token and JWKS calls (EspoCRM does not compare the issuer); a cloud tenant's host (Okta, Auth0, Zitadel cloud) is always another tenant.",
		FixEspo: uiOIDC + ": copy every endpoint from the provider's discovery document (<issuer>/.well-known/openid-configuration).",
		FixIdP:  "The provider's discovery document lists authorization_endpoint, token_endpoint, jwks_uri, userinfo_endpoint and end_session_endpoint.",
		Refs:    []string{"https://openid.net/specs/openid-connect-discovery-1_0.html"},
	},
	Check: checkProviderMismatch})

var _ = declare(Rule{ID: "EO5061", Name: "provider-username-claim-absent", Set: SetProvider, Severity: Error,
	Summary: "the username claim is one this identity provider never issues (Google and Auth0 have no preferred_username)",
	Doc: Doc{
		Why:        "EspoCRM reads the username from oidcUsernameClaim in the ID token (and, 9.1+, userinfo). A claim the provider never issues fails every login with 'No username claim `<claim>` in token and userinfo.' (HTTP 500).",
		FixEspo:    uiOIDC + " → Username Claim: the claim the message names (Google and Auth0: email).",
		FixIdP:     "Or add the claim at the provider (Auth0: a post-login Action).",
		Refs:       []string{"https://developers.google.com/identity/openid-connect/openid-connect (Google's ID token claims)", "https://auth0.com/docs/manage-users/user-accounts/user-profiles/user-profile-structure"},
		Unverified: "Google's and Auth0's claim lists are from their docs, not re-read.",
	},
	Check: checkProviderUsernameAbsent})

var _ = declare(Rule{ID: "EO5062", Name: "provider-username-sub-too-long", Set: SetProvider, Severity: Warning,
	Summary: "the username claim is sub, which this provider makes longer than EspoCRM's usernames (authentik: 64 characters)",
	Doc: Doc{
		Why:     "EspoCRM's userName holds 50 characters. authentik's default subject mode ('Based on the Hashed User ID') makes sub a 64-character hash: user creation fails with 'Value in username claim exceeds max length of `50`', and existing users never match.",
		FixEspo: uiOIDC + " → Username Claim: preferred_username.",
		FixIdP:  "authentik admin interface → Applications → Providers → your provider → Edit → Advanced protocol settings → Subject mode: 'Based on the User's username' if sub must be the username.",
		Refs:    []string{"https://docs.rs/authentik-client/latest/authentik_client/models/enum.SubModeEnum.html (default: hashed_user_id)"},
	},
	Check: checkProviderSubLength})

var _ = declare(Rule{ID: "EO5063", Name: "provider-claims-userinfo-only", Set: SetProvider, Severity: Warning,
	Summary: "the username or group claim is only at userinfo with this provider (Authelia 4.39+, Zitadel) and no userinfo endpoint is set",
	Doc: Doc{
		Why:        "Authelia 4.39 and later put scope claims (preferred_username, email, groups) only at the userinfo endpoint unless a claims policy lists them for the ID token; Zitadel puts profile claims into the ID token only with 'User Info inside ID Token'. EspoCRM reads missing claims from userinfo only from 9.1 on and only when oidcUserInfoEndpoint is set; otherwise every login fails with 'No username claim `preferred_username` in token.' and groups are empty.",
		FixEspo:    uiOIDC + " → UserInfo Endpoint (EspoCRM 9.1+): the provider's userinfo URL (Authelia: https://<authelia>/api/oidc/userinfo).",
		FixIdP:     "Authelia: identity_providers.oidc.claims_policies.<name>.id_token: [preferred_username, email, name, groups] and claims_policy: <name> on the client. Zitadel: the app's Token Settings → User Info inside ID Token.",
		Refs:       []string{"https://github.com/authelia/authelia/releases/tag/v4.39.0", "https://www.authelia.com/integration/openid-connect/openid-connect-1.0-claims/"},
		Unverified: "Zitadel's default ('User Info inside ID Token' off) is not verified; a claims policy or a newer Authelia default cannot be seen from EspoCRM's settings.",
	},
	Check: checkProviderUserinfoOnly})

var _ = declare(Rule{ID: "EO5064", Name: "provider-group-claim-unsupported", Set: SetProvider, Severity: Warning,
	Summary: "a group claim is set but this provider issues no group list EspoCRM can read (Google has none; Zitadel's roles are an object)",
	Doc: Doc{
		Why:     "EspoCRM reads oidcGroupClaim as a string or a list of strings. Google's ID tokens carry no groups at all; Zitadel's urn:zitadel:iam:org:project:roles is a JSON object, which EspoCRM reads as no groups. With team sync on, every team mapped to a group is removed at each login.",
		FixEspo: uiOIDC + ": clear Group Claim and untick Sync Teams (Google), or use a claim the provider fills with a list.",
		FixIdP:  "Zitadel: an Action that sets a flat groups claim. Google: none (Workspace groups are only in the Admin SDK).",
		Refs:    []string{"https://developers.google.com/identity/openid-connect/openid-connect", "https://zitadel.com/docs/apis/openidoauth/scopes"},
	},
	Check: checkProviderGroups})

var _ = declare(Rule{ID: "EO5065", Name: "provider-scope-unsupported", Set: SetProvider, Severity: Warning,
	Summary: "a scope in OIDC Scopes is not one this provider offers (EspoCRM's default includes phone)",
	Doc: Doc{
		Why:        "EspoCRM's default scopes are profile, email and phone. Google, Dex and kanidm refuse an authorization request with a scope they do not offer (Google: 'Error 400: invalid_scope'; Dex: 'Unrecognized scope(s) [\"phone\"]'; kanidm: every scope must be in the user's scope map); an Authelia client may use only the scopes of its scopes list (openid, groups, profile, email by default).",
		FixEspo:    uiOIDC + " → Scopes: remove the scope (profile and email are enough for the username).",
		FixIdP:     "Or allow it at the provider: Authelia: the client's scopes list; kanidm: kanidm system oauth2 update-scope-map.",
		Refs:       []string{"https://github.com/dexidp/dex (authorization requests: Unrecognized scope(s))", "https://kanidm.github.io/kanidm/stable/integrations/oauth2.html", "https://www.authelia.com/configuration/identity-providers/openid-connect/clients/#scopes"},
		Unverified: "Google's refusal wording and pocket-id's behaviour are not verified; Authelia's refusal of an unlisted scope is not verified.",
	},
	Check: checkProviderScopes})

var _ = declare(Rule{ID: "EO5066", Name: "provider-prompt-unsupported", Set: SetProvider, Severity: Warning,
	Summary: "the authorization prompt is a value this provider does not support (Google has no login; AD FS only login and none)",
	Doc: Doc{
		Why:        "EspoCRM always sends prompt (default consent). Google accepts only none, consent and select_account: prompt=login does not force a new sign-in. AD FS knows only login and none.",
		FixEspo:    uiOIDC + " → Authorization Prompt: one the provider supports (Google: select_account; AD FS: login).",
		Refs:       []string{"https://dev.to/googleworkspace/google-oidc-and-prompt-login-4d5o (Google Workspace Developers)", "https://learn.microsoft.com/en-us/windows-server/identity/ad-fs/development/ad-fs-openid-connect-oauth-concepts"},
		Unverified: "What Google does with prompt=login (ignore or refuse) and AD FS's prompt support are not verified.",
	},
	Check: checkProviderPrompt})

var _ = declare(Rule{ID: "EO5067", Name: "provider-algorithm-unverifiable", Set: SetProvider, Severity: Error,
	Summary: "the provider signs ID tokens with an algorithm EspoCRM's list does not allow, or cannot verify at all (ES256, PS256, EdDSA)",
	Doc: Doc{
		Why:        "EspoCRM verifies RS256/384/512 and HS256/384/512 only, and only those in oidcJwtSignatureAlgorithmList. kanidm signs with ES256 by default; ES*, PS* and EdDSA tokens cannot be fixed in EspoCRM's list: the provider's signing algorithm must change. A list without the provider's default (RS256) fails every login with 'JWT signing algorithm `RS256` not allowed.'; Keycloak's HS256 uses a realm key, not the client secret, so EspoCRM cannot verify it either.",
		FixEspo:    uiOIDC + " → JSON Web Key Set Signature Algorithms: RS256.",
		FixIdP:     "kanidm: kanidm system oauth2 warning-enable-legacy-crypto <client> (RS256). Keycloak: Realm settings → Tokens → Default signature algorithm RS256. authentik: a provider Signing Key with an RSA certificate.",
		Refs:       []string{"https://kanidm.github.io/kanidm/stable/supported_features.html (ES256 id_token signatures)", "https://kanidm.github.io/kanidm/stable/integrations/oauth2.html (warning-enable-legacy-crypto)"},
		Unverified: "Without a probe, the provider's current algorithm is its default (kanidm: ES256 unless legacy crypto is enabled), which the settings cannot show.",
	},
	Check: checkProviderAlgorithm})

var _ = declare(Rule{ID: "EO5068", Name: "provider-pkce-required", Set: SetProvider, Severity: Error,
	Summary: "the provider requires PKCE (kanidm) and Authorization PKCE is off",
	Doc: Doc{
		Why:     "kanidm requires PKCE (S256) from every client unless it is disabled per client; without it the authorization request is refused.",
		FixEspo: uiOIDC + " → tick Authorization PKCE (EspoCRM 10.0+).",
		FixIdP:  "kanidm system oauth2 warning-insecure-client-disable-pkce <client> (not recommended).",
		Refs:    []string{"https://kanidm.github.io/kanidm/stable/integrations/oauth2.html"},
	},
	Check: checkProviderPKCE})

var _ = declare(Rule{ID: "EO5069", Name: "provider-logout-unsupported", Set: SetProvider, Severity: Warning,
	Summary: "the logout URL points at an end-session endpoint this provider does not have (Authelia, Google, kanidm, Dex)",
	Doc: Doc{
		Why:        "Authelia (RP-initiated logout is on its roadmap), Google, kanidm and Dex without sessions have no end-session endpoint: a logout URL that looks like one answers 404 or an error page after EspoCRM's logout.",
		FixEspo:    uiOIDC + " → Logout URL: clear it (only EspoCRM's session ends), or use the provider's portal logout (Authelia: https://<authelia>/logout?rd={siteUrl}).",
		FixIdP:     "Dex: enable sessions in config.yaml, then {issuer}/logout is its end-session endpoint. Authelia, Google, kanidm: nothing to enable.",
		Refs:       []string{"https://github.com/authelia/authelia/blob/master/docs/content/roadmap/active/openid-connect-1.0-provider.md (RP-initiated logout: roadmap)", "https://github.com/dexidp/dex (discovery: end_session_endpoint only with sessions)"},
		Unverified: "kanidm's lack of an end-session endpoint and Authelia's rd= portal logout are not verified.",
	},
	Check: checkProviderLogout})

func checkProviderMismatch(p *Pass) {
	d, prof, ok := profileOf(p)
	if !ok || slices.Contains(specificMismatch, prof.Kind) {
		return
	}
	reportMismatches(p, d, prof.ScopeName, "copy every endpoint from "+d.Name()+"'s discovery document (<issuer>/.well-known/openid-configuration)")
}

func checkProviderUsernameAbsent(p *Pass) {
	d, prof, ok := profileOf(p)
	claim := usernameClaim(p.OIDC())
	if !ok || !slices.Contains(prof.Claims.Absent, claim) {
		return
	}
	p.ReportKey("oidcUsernameClaim", fmt.Sprintf("the username claim is '%s', which %s never issues: every login fails with 'No username claim `%s` in token and userinfo.' (%s)",
		claim, d.Name(), claim, prof.Claims.UsernameWhy),
		fmt.Sprintf("set Username Claim to %s in %s", prof.Claims.Username, uiOIDC))
}

func checkProviderSubLength(p *Pass) {
	d, prof, ok := profileOf(p)
	max := p.Options.UserNameMaxLength
	if !ok || usernameClaim(p.OIDC()) != "sub" || max <= 0 || prof.Claims.SubLength <= max {
		return
	}
	p.ReportKey("oidcUsernameClaim", fmt.Sprintf("the username claim is sub, which %s fills with %s (%d characters): longer than EspoCRM's %d-character usernames, so user creation fails and no existing user matches",
		d.Name(), prof.Claims.Sub, prof.Claims.SubLength, max),
		fmt.Sprintf("set Username Claim to %s in %s", prof.Claims.Username, uiOIDC))
}

func checkProviderUserinfoOnly(p *Pass) {
	d, prof, ok := profileOf(p)
	o := p.OIDC()
	if !ok || strings.TrimSpace(o.UserInfoEndpoint) != "" || len(prof.Claims.UserInfoOnly) == 0 {
		return
	}
	userinfo := prof.Shape[provider.RoleUserInfo]
	if len(d.Endpoints) > 0 {
		userinfo = strings.ReplaceAll(userinfo, "{base}", d.Endpoints[0].Base)
	}
	fix := fmt.Sprintf("set UserInfo Endpoint to %s (EspoCRM 9.1+), or at the provider: %s", userinfo, prof.Claims.Setting)
	if c := usernameClaim(o); slices.Contains(prof.Claims.UserInfoOnly, c) {
		p.ReportKey("oidcUsernameClaim", fmt.Sprintf("%s puts '%s' only at the userinfo endpoint (%s) and no UserInfo Endpoint is set: every login fails with 'No username claim `%s` in token.'", d.Name(), c, prof.Claims.UserInfoNote, c), fix)
	}
	if g := strings.TrimSpace(o.GroupClaim); g != "" && slices.Contains(prof.Claims.UserInfoOnly, g) {
		p.ReportKey("oidcGroupClaim", fmt.Sprintf("%s puts '%s' only at the userinfo endpoint (%s) and no UserInfo Endpoint is set: EspoCRM sees no groups", d.Name(), g, prof.Claims.UserInfoNote), fix)
	}
}

func checkProviderGroups(p *Pass) {
	d, prof, ok := profileOf(p)
	o := p.OIDC()
	g := strings.TrimSpace(o.GroupClaim)
	if !ok || g == "" {
		return
	}
	switch {
	case prof.Groups.Format == provider.GroupsNone && !prof.Groups.Custom:
		p.ReportKey("oidcGroupClaim", fmt.Sprintf("the group claim is '%s', but %s issues no group claim: EspoCRM sees no groups%s", g, d.Name(), syncEffect(o.SyncTeams)),
			"clear Group Claim (and untick Sync Teams) in "+uiOIDC+"; "+prof.Groups.Setting)
	case prof.Groups.Format == provider.GroupsObject && g == prof.Groups.Claim:
		p.ReportKey("oidcGroupClaim", fmt.Sprintf("the group claim '%s' is a JSON object at %s, which EspoCRM reads as no groups%s", g, d.Name(), syncEffect(o.SyncTeams)),
			prof.Groups.Setting)
	}
}

func syncEffect(sync bool) string {
	if sync {
		return ", and team sync removes every team mapped to a group at each login"
	}
	return ""
}

func checkProviderScopes(p *Pass) {
	d, prof, ok := profileOf(p)
	if !ok || prof.Claims.Scopes == nil {
		return
	}
	o := p.OIDC()
	for _, s := range o.Scopes {
		if slices.Contains(prof.Claims.Scopes, strings.ToLower(s)) {
			continue
		}
		sev, effect := SeverityNone, "the provider may refuse the login or ignore the scope"
		if prof.Claims.ScopesRefused {
			sev, effect = Error, "the provider refuses the authorization request (invalid_scope) and nobody can log in"
		}
		p.ReportKeySeverity("oidcScopes", sev, fmt.Sprintf("the scope '%s' is not one %s offers (%s): %s", s, d.Name(), strings.Join(prof.Claims.Scopes, ", "), effect),
			fmt.Sprintf("remove '%s' from Scopes in %s, or allow it at the provider (%s)", s, uiOIDC, prof.Claims.Setting))
	}
}

func checkProviderPrompt(p *Pass) {
	d, prof, ok := profileOf(p)
	o := p.OIDC()
	if !ok || prof.Prompt.Values == nil || slices.Contains(prof.Prompt.Values, o.Prompt) {
		return
	}
	p.ReportKey("oidcAuthorizationPrompt", fmt.Sprintf("the authorization prompt is '%s', which %s does not support (it accepts %s)", o.Prompt, d.Name(), strings.Join(prof.Prompt.Values, ", ")),
		fmt.Sprintf("set Authorization Prompt to %s in %s", prof.Prompt.Values[len(prof.Prompt.Values)-1], uiOIDC))
}

func checkProviderAlgorithm(p *Pass) {
	d, prof, ok := profileOf(p)
	if !ok {
		return
	}
	o := p.OIDC()
	alg, seen := tokenAlg(p), true
	if alg == "" {
		alg, seen = prof.Signing.Default, false
	}
	switch {
	case !provider.EspoVerifies(alg):
		sev, how := Error, "the probe's ID token is signed with "+alg
		if !seen {
			sev, how = Warning, d.Name()+" signs ID tokens with "+alg+" by default"
		}
		p.ReportKeySeverity("oidcJwtSignatureAlgorithmList", sev, fmt.Sprintf("%s, which EspoCRM cannot verify (it knows RS256/384/512 and HS256/384/512 only): no entry of this list fixes that, the provider's signing algorithm must change", how),
			"make the provider sign with RS256: "+prof.Signing.Setting)
	case len(o.Algorithms) > 0 && !slices.Contains(o.Algorithms, alg):
		if !seen && prof.Signing.HMACKey == "client-secret" && hasHMACAlg(o.Algorithms) {
			return // authentik without a signing key: HS256 with the secret (authentik-hs256-no-signing-key)
		}
		msg := fmt.Sprintf("%s signs ID tokens with %s but the list allows only %s: every login fails with 'JWT signing algorithm `%s` not allowed.'", d.Name(), alg, strings.Join(o.Algorithms, ", "), alg)
		if seen {
			msg = fmt.Sprintf("the probe's ID token is signed with %s but the list allows only %s: every login fails with 'JWT signing algorithm `%s` not allowed.'", alg, strings.Join(o.Algorithms, ", "), alg)
		}
		if prof.Signing.HMACKey == "provider-key" && hasHMACAlg(o.Algorithms) {
			msg += fmt.Sprintf("; %s's HS* tokens are signed with its own key, not the client secret, so EspoCRM cannot verify them", d.Name())
		}
		p.ReportKey("oidcJwtSignatureAlgorithmList", msg, fmt.Sprintf("allow %s in %s → JSON Web Key Set Signature Algorithms", alg, uiOIDC))
	}
}

func checkProviderPKCE(p *Pass) {
	d, prof, ok := profileOf(p)
	if !ok || !prof.PKCE.Required || p.OIDC().PKCE {
		return
	}
	p.ReportKey("oidcAuthorizationPkce", fmt.Sprintf("%s requires PKCE and Authorization PKCE is off: the authorization request is refused", d.Name()),
		"tick Authorization PKCE in "+uiOIDC+" (EspoCRM 10.0+); at the provider only: "+prof.PKCE.Setting)
}

func checkProviderLogout(p *Pass) {
	d, prof, ok := profileOf(p)
	raw := strings.TrimSpace(p.OIDC().LogoutURL)
	if !ok || prof.Logout.EndSession || raw == "" {
		return
	}
	u, err := p.parseURL(raw)
	if err != nil || !strings.EqualFold(u.Hostname(), d.Host) {
		return
	}
	path := strings.ToLower(u.Path)
	if !strings.Contains(path, "session") && !strings.Contains(path, "/api/oidc/") && !strings.Contains(path, "/oauth2/") && !strings.Contains(path, "/oidc/") {
		return // a portal page (Authelia's /logout): fine
	}
	p.ReportKey("oidcLogoutUrl", fmt.Sprintf("the logout URL points at %s, but %s has no end-session endpoint: users land on an error page after logging out of EspoCRM", u.Path, d.Name()),
		"clear the Logout URL in "+uiOIDC+" (only EspoCRM's session ends)"+portal(prof, d))
}

func portal(prof *provider.Profile, d provider.Detection) string {
	if prof.Logout.Template == "" || len(d.Endpoints) == 0 {
		return ""
	}
	return ", or use " + strings.ReplaceAll(prof.Logout.Template, "{base}", d.Endpoints[0].Base)
}
