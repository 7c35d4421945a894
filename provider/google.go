package provider

import (
	"net/url"
	"strings"
)

const googleClient = "Google Cloud console → APIs & Services → Credentials → your OAuth 2.0 Client ID"

// GoogleProfile: Google (Google accounts and Google Workspace).
var GoogleProfile = &Profile{
	Kind:    Google,
	Name:    "Google",
	Console: "Google Cloud console",
	Docs:    []string{"https://developers.google.com/identity/openid-connect/openid-connect"},
	Shape: map[Role]string{
		RoleAuthorization: "https://accounts.google.com/o/oauth2/v2/auth",
		RoleToken:         "https://oauth2.googleapis.com/token",
		RoleJWKS:          "https://www.googleapis.com/oauth2/v3/certs",
		RoleUserInfo:      "https://openidconnect.googleapis.com/v1/userinfo",
	},
	Issuer: "https://accounts.google.com",
	Claims: Claims{
		IDToken:       []string{"sub", "email", "email_verified", "name", "given_name", "family_name", "picture", "locale", "hd"},
		Absent:        []string{"preferred_username", "upn", "unique_name", "nickname", "groups"},
		Username:      "email",
		UsernameWhy:   "Google has no preferred_username; email (with the email scope) is the address, sub a number of up to 21 digits.",
		Sub:           "a number of up to 21 digits, unique per Google account",
		SubLength:     21,
		Scopes:        []string{"openid", "email", "profile"},
		ScopesRefused: true,
		Setting:       "Google Cloud console → APIs & Services → OAuth consent screen → Scopes",
		// scopes, claims, auth methods, RS256 only, no end_session_endpoint,
		// PKCE: read in a snapshot of Google's discovery document
		// (panva/wellknown issuers/google/google.mjs).
		Unverified: "What Google answers to the phone scope (invalid_scope) is not verified.",
	},
	Groups: Groups{Format: GroupsNone,
		Setting: "none: Google's ID tokens carry no groups (Workspace groups need the Admin SDK)"},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256"}, Setting: "none: Google signs with RS256"},
	ClientAuth: ClientAuth{Default: "client_secret_post", Methods: []string{"client_secret_post", "client_secret_basic"},
		Setting: googleClient},
	Logout: Logout{EndSession: false, Setting: "none: Google has no end-session endpoint",
		Unverified: "https://accounts.google.com/Logout signs the user out of every Google service and does not return; not verified."},
	Prompt: Prompt{Values: []string{"none", "consent", "select_account"},
		Note: "Google has no prompt=login; prompt=consent (EspoCRM's default) shows the consent screen at every login, select_account the account chooser."},
	PKCE: PKCE{Supported: true},
	Errors: []ErrorText{
		{ID: "redirect-uri-mismatch", Text: "Error 400: redirect_uri_mismatch", pattern: `redirect_uri_mismatch`,
			Where: "Google's 'Access blocked: This app's request is invalid' page, before EspoCRM gets a code",
			Cause: "{siteUrl}/oauth-callback.php is not among the OAuth client's Authorized redirect URIs (scheme, host, port, path and trailing slash all count).",
			Fix:   googleClient + " → Authorized redirect URIs: add exactly https://<your Site URL>/oauth-callback.php.",
			Rules: []string{"redirect-uri", "site-url-not-https"}},
		{ID: "access-blocked-invalid", Text: "Access blocked: This app's request is invalid", pattern: `Access blocked: This app.s request is invalid`,
			Where: "Google's sign-in page",
			Cause: "Google refused the authorization request; the error line under it names why (redirect_uri_mismatch, invalid_scope, …).",
			Fix:   "Paste the whole page, including the 'Error 400: …' line, into espo-oidc explain -.",
			Rules: []string{"probe-authorization-error"}},
		{ID: "invalid-scope", Text: "Error 400: invalid_scope", pattern: `Error 400: invalid_scope|Some requested scopes were invalid`, Error: "invalid_scope",
			Where: "Google's sign-in page",
			Cause: "EspoCRM requests a scope Google does not know; EspoCRM's default scopes include phone, which Google has not.",
			Fix:   "Administration → Authentication → OIDC → Scopes: profile and email only.",
			Rules: []string{"provider-scope-unsupported"}, Unverified: "The exact wording is not verified."},
		{ID: "client-not-found", Text: "The OAuth client was not found.", Error: "invalid_client",
			Where:      "Google's sign-in page (Error 401: invalid_client)",
			Cause:      "The Client ID is wrong or the OAuth client was deleted.",
			Fix:        "Copy the Client ID from " + googleClient + " into Administration → Authentication → OIDC → Client ID.",
			Rules:      []string{"probe-authorization-error"},
			Unverified: "The exact wording is not verified."},
		{ID: "org-internal", Text: "Error 403: org_internal", pattern: `org_internal`,
			Where:      "Google's sign-in page",
			Cause:      "The OAuth consent screen is Internal and the user is outside the Workspace organisation.",
			Fix:        "Sign in with an account of the organisation; or make the consent screen External (then anyone with a Google account can sign in).",
			Rules:      []string{"probe-authorization-error"},
			Unverified: "The exact wording is not verified."},
		{ID: "admin-policy-enforced", Text: "Error 400: admin_policy_enforced", pattern: `admin_policy_enforced`,
			Where:      "Google's sign-in page",
			Cause:      "A Workspace admin blocks third-party app access for this user.",
			Fix:        "Google Admin console → Security → Access and data control → API controls: trust the OAuth client.",
			Rules:      []string{"probe-authorization-error"},
			Unverified: "Not verified."},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		if !hostIs(u, "accounts.google.com", "oauth2.googleapis.com", "www.googleapis.com", "openidconnect.googleapis.com") {
			return Endpoint{}, false
		}
		e := Endpoint{Strength: Strong, Role: RoleOther}
		p := cleanPath(u)
		switch {
		case strings.HasSuffix(p, "/auth"):
			e.Role = RoleAuthorization
		case strings.HasSuffix(p, "/token"):
			e.Role = RoleToken
		case strings.HasSuffix(p, "/certs"):
			e.Role = RoleJWKS
		case strings.HasSuffix(p, "/userinfo"):
			e.Role = RoleUserInfo
		}
		return e, true
	},
	issuer: func([]Endpoint) string { return "https://accounts.google.com" },
}

// GooglePEMCerts reports whether a JWKS URL is Google's v1 certs URL, which
// serves PEM certificates by key ID instead of a JSON Web Key Set.
func GooglePEMCerts(raw string) bool {
	u, ok := parseURL(raw)
	return ok && hostIs(u, "www.googleapis.com") && cleanPath(u) == "/oauth2/v1/certs"
}
