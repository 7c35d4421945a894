package provider

import (
	"net/url"
)

var (
	authentikGlobalRe = newPathRe(`^(.*?)/application/o/(authorize|token|userinfo|introspect|revoke|device)$`, false, "/application/o/")
	authentikAppRe    = newPathRe(`^(.*?)/application/o/([^/]+)(?:/(jwks|end-session|\.well-known/openid-configuration))?$`, false, "/application/o/")
)

const akProvider = "authentik admin interface → Applications → Providers → your OAuth2/OpenID provider → Edit"

// AuthentikProfile: authentik's OAuth2/OpenID provider.
var AuthentikProfile = &Profile{
	Kind:    Authentik,
	Name:    "authentik",
	Console: "authentik admin interface",
	Docs:    []string{"https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/"},
	Shape: map[Role]string{
		RoleAuthorization: "{base}/application/o/authorize/",
		RoleToken:         "{base}/application/o/token/",
		RoleJWKS:          "{base}/application/o/{slug}/jwks/",
		RoleUserInfo:      "{base}/application/o/userinfo/",
		RoleLogout:        "{base}/application/o/{slug}/end-session/",
	},
	ScopeName:  "application",
	ScopeRoles: []Role{RoleJWKS, RoleLogout, RoleDiscovery, RoleOther},
	OneBase:    true,
	Issuer:     "{base}/application/o/{slug}/ (with the trailing slash; the slug is the Application's slug)",
	Claims: Claims{
		IDToken:      []string{"sub", "preferred_username", "name", "given_name", "nickname", "email", "email_verified", "groups"},
		Username:     "preferred_username",
		Alternatives: []string{"email"},
		UsernameWhy:  "preferred_username is the authentik username; the default sub (subject mode 'Based on the Hashed User ID') is a 64-character hash, longer than EspoCRM's 50-character usernames.",
		Sub:          "a SHA-256 hash of the user ID (subject mode 'Based on the Hashed User ID', the default)",
		SubLength:    64,
		Setting:      akProvider + " → Advanced protocol settings → Scopes, Subject mode, Include claims in id_token",
		Unverified:   "That the profile scope mapping carries groups and that 'Include claims in id_token' is on by default are from authentik's docs, not re-read.",
	},
	Groups: Groups{Claim: "groups", Default: true, Format: GroupsNames,
		Setting:    akProvider + " → Advanced protocol settings → Scopes (the 'authentik default OAuth Mapping: OpenID profile' mapping emits groups)",
		Unverified: "Group names without parents; not re-read."},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256", "HS256", "ES256", "ES384", "ES512"}, HMACKey: "client-secret",
		Setting:    akProvider + " → Signing Key (with no key selected authentik signs HS256 with the client secret)",
		Unverified: "That an EC signing key gives ES256/ES384 tokens is not verified. HS256 without a signing key is sourced (https://github.com/immich-app/immich/issues/6818), the JWKS answering {} then too (a public authentik 2025.10 integration note)."},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Methods: []string{"client_secret_basic", "client_secret_post"},
		Setting:    akProvider + " → Client type: Confidential",
		Unverified: "The accepted methods are from authentik's discovery documentation, not re-read."},
	Logout: Logout{EndSession: true,
		Template:   "{issuer}end-session/",
		Setting:    akProvider + " → Redirect URIs/Origins (newer authentik checks post-logout redirect URIs) and Invalidation flow",
		Unverified: "How newer authentik validates post_logout_redirect_uri is not verified."},
	Prompt: Prompt{ // accepted values not verified: not judged
		Note:       "prompt=consent shows the consent stage only when the authorization flow has one (default-provider-authorization-explicit-consent).",
		Unverified: "Not verified."},
	PKCE: PKCE{Supported: true, Unverified: "Not verified."},
	Errors: []ErrorText{
		{ID: "redirect-uri-error", Shared: true, Text: "The request fails due to a missing, invalid, or mismatching redirection URI (redirect_uri).",
			pattern: `mismatching redirection URI \(redirect_uri\)`,
			Where:   "authentik's 'Redirect URI Error' page, before EspoCRM gets a code",
			Cause:   "{siteUrl}/oauth-callback.php is not among the provider's Redirect URIs (strict matching compares the whole URL).",
			Fix:     akProvider + " → Redirect URIs/Origins: add https://<your Site URL>/oauth-callback.php (strict).",
			Rules:   []string{"redirect-uri"}, Unverified: "The wording (HTTP 400) is quoted by public authentik integration notes; authentik's source was not read."},
		{ID: "request-denied", Text: "Request has been denied.",
			Where:      "authentik's flow page",
			Cause:      "A policy bound to the application denies this user.",
			Fix:        "authentik admin interface → Applications → Applications → your application → Policy / Group / User Bindings: bind the users' group.",
			Rules:      []string{"probe-authorization-error"},
			Unverified: "The exact wording is not verified."},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		p := cleanPath(u)
		if m := authentikGlobalRe.find(p); m != nil {
			e := Endpoint{Base: origin(u) + m[1], Strength: Strong}
			switch m[2] {
			case "authorize":
				e.Role = RoleAuthorization
			case "token":
				e.Role = RoleToken
			case "userinfo":
				e.Role = RoleUserInfo
			}
			return e, true
		}
		if m := authentikAppRe.find(p); m != nil {
			e := Endpoint{Base: origin(u) + m[1], Scope: m[2], Strength: Strong}
			switch m[3] {
			case "jwks":
				e.Role = RoleJWKS
			case "end-session":
				e.Role = RoleLogout
			case ".well-known/openid-configuration":
				e.Role = RoleDiscovery
			}
			return e, true
		}
		return Endpoint{}, false
	},
	issuer: func(eps []Endpoint) string {
		for _, e := range eps {
			if e.Scope != "" {
				u, _ := url.Parse(e.Raw)
				m := authentikAppRe.find(cleanPath(u))
				return u.Scheme + "://" + u.Host + m[1] + "/application/o/" + m[2] + "/"
			}
		}
		return ""
	},
	logoutURL: func(d Detection) string {
		if d.Issuer == "" {
			return ""
		}
		return d.Issuer + "end-session/"
	},
}
