package provider

import (
	"net/url"
)

var autheliaRe = newPathRe(`^(.*?)/api/oidc/(authorization|token|userinfo|introspection|revocation|pushed-authorization-request|device-authorization)$`, false, "/api/oidc/")

const autheliaClient = "Authelia configuration.yml → identity_providers.oidc.clients[] (your EspoCRM client)"

// AutheliaProfile: Authelia's OpenID Connect 1.0 provider.
var AutheliaProfile = &Profile{
	Kind:    Authelia,
	Name:    "Authelia",
	Console: "Authelia's configuration.yml",
	Docs: []string{"https://www.authelia.com/integration/openid-connect/openid-connect-1.0-claims/",
		"https://www.authelia.com/configuration/identity-providers/openid-connect/clients/"},
	Shape: map[Role]string{
		RoleAuthorization: "{base}/api/oidc/authorization",
		RoleToken:         "{base}/api/oidc/token",
		RoleJWKS:          "{base}/jwks.json",
		RoleUserInfo:      "{base}/api/oidc/userinfo",
	},
	OneBase: true,
	Issuer:  "{base} (the Authelia root URL)",
	Claims: Claims{
		IDToken:      []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "amr", "azp", "nonce"},
		UserInfoOnly: []string{"preferred_username", "name", "email", "email_verified", "groups"},
		UserInfoNote: "since Authelia 4.39, unless a claims policy lists it for the ID token",
		Username:     "preferred_username",
		Alternatives: []string{"email"},
		UsernameWhy:  "preferred_username is the Authelia username; since 4.39 it is only at userinfo unless a claims policy puts it into the ID token. sub is an opaque UUID since 4.35.",
		Sub:          "an opaque UUID per user (since 4.35)",
		SubLength:    36,
		// the scopes a client may use unless its scopes list says otherwise
		Scopes:  []string{"openid", "groups", "profile", "email"},
		Setting: "Authelia configuration.yml → identity_providers.oidc.claims_policies.<name>.id_token: [preferred_username, email, name, groups] and claims_policy: <name> on the client",
	},
	Groups: Groups{Claim: "groups", Default: true, Format: GroupsNames, Scope: "groups",
		Setting: autheliaClient + " → scopes: [openid, profile, email, groups]; in the ID token only through a claims policy (4.39+)"},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"},
		Setting:    autheliaClient + " → id_token_signed_response_alg (needs a matching key in identity_providers.oidc.jwks)",
		Unverified: "That Authelia never issues HS256 ID tokens is not verified."},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Enforced: true,
		Methods: []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"},
		Setting: autheliaClient + " → token_endpoint_auth_method: client_secret_post"},
	Logout: Logout{EndSession: false,
		Template:   "{base}/logout?rd={siteUrl}",
		Setting:    "none: Authelia has no RP-initiated logout (on its roadmap)",
		Unverified: "The portal logout URL with rd= is not verified."},
	Prompt: Prompt{ // accepted values not verified: not judged
		Note:       "prompt=consent (EspoCRM's default) makes Authelia show the consent screen at every login.",
		Unverified: "The prompt values and the consent behaviour are not verified."},
	PKCE: PKCE{Supported: true, Setting: autheliaClient + " → require_pkce, pkce_challenge_method: S256"},
	Errors: []ErrorText{
		{ID: "client-authentication-failed", Shared: true, Text: "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).",
			pattern: `Client authentication failed \(e\.g\., unknown client`, Error: "invalid_client",
			Where: "token response (HTTP 401), in EspoCRM's log as `OIDC: Token request error.; Status: 401`",
			Cause: "Wrong secret, or the client is registered with token_endpoint_auth_method client_secret_basic (the default) while EspoCRM sends client_secret_post.",
			Fix:   autheliaClient + " → token_endpoint_auth_method: client_secret_post, and client_secret the hash of the secret in EspoCRM's OIDC Client Secret.",
			Rules: []string{"probe-client-auth-unsupported", "probe-token-invalid-secret"}, Unverified: "The wording is the standard text of fosite, Authelia's OAuth library, not checked against a running Authelia."},
		{ID: "auth-method-mismatch", Text: "the client is registered with '<method>'",
			pattern: `(?:client is|was) registered with (?:the )?'?client_secret_basic`, Error: "invalid_client",
			Where: "token response (HTTP 401)",
			Cause: "The client's token_endpoint_auth_method is client_secret_basic; EspoCRM sends client_secret_post.",
			Fix:   autheliaClient + " → token_endpoint_auth_method: client_secret_post.",
			Rules: []string{"probe-client-auth-unsupported"}, Unverified: "The exact wording is not verified."},
		{ID: "redirect-uri-mismatch", Shared: true, Text: "The 'redirect_uri' parameter does not match any of the OAuth 2.0 Client's pre-registered 'redirect_uris'.",
			pattern: `does not match any of the OAuth 2\.0 Client's pre-registered 'redirect_uris'`, Error: "invalid_request",
			Where: "Authelia's error page, before EspoCRM gets a code",
			Cause: "{siteUrl}/oauth-callback.php is not in the client's redirect_uris.",
			Fix:   autheliaClient + " → redirect_uris: add https://<your Site URL>/oauth-callback.php.",
			Rules: []string{"redirect-uri"}, Unverified: "fosite's standard text, not checked against a running Authelia."},
		{ID: "invalid-scope", Shared: true, Text: "The requested scope is invalid, unknown, or malformed.",
			pattern: `requested scope is invalid, unknown, or malformed`, Error: "invalid_scope",
			Where: "Authelia's error page or the callback (error=invalid_scope)",
			Cause: "EspoCRM asks for a scope the client may not use; EspoCRM's default scopes include phone, which the client's scopes list may lack.",
			Fix:   autheliaClient + " → scopes: add phone (or remove phone from EspoCRM's OIDC Scopes).",
			Rules: []string{"provider-scope-unsupported"}, Unverified: "fosite's standard text; that Authelia refuses an unlisted scope this way is not verified."},
		{ID: "pkce-required", Text: "Clients must include a code_challenge when performing the authorize code flow",
			Error: "invalid_request",
			Where: "Authelia's error page",
			Cause: "The client has require_pkce: true and EspoCRM's Authorization PKCE is off.",
			Fix:   "Tick Authorization PKCE in Administration → Authentication → OIDC (EspoCRM 10.0+), or set require_pkce: false.",
			Rules: []string{"pkce-off"}, Unverified: "The exact wording is not verified."},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		p := cleanPath(u)
		if m := autheliaRe.find(p); m != nil {
			e := Endpoint{Base: origin(u) + m[1], Strength: Weak}
			switch m[2] {
			case "authorization":
				e.Role, e.Strength = RoleAuthorization, Strong
			case "token":
				e.Role = RoleToken
			case "userinfo":
				e.Role = RoleUserInfo
			default:
				e.Strength = Strong
			}
			return e, true
		}
		if len(p) >= len("/jwks.json") && p[len(p)-len("/jwks.json"):] == "/jwks.json" && p[max(0, len(p)-len("/.well-known/jwks.json")):] != "/.well-known/jwks.json" {
			return Endpoint{Base: origin(u) + p[:len(p)-len("/jwks.json")], Role: RoleJWKS, Strength: Weak}, true
		}
		return Endpoint{}, false
	},
	issuer: func(eps []Endpoint) string {
		for _, e := range eps {
			return e.Base
		}
		return ""
	},
	logoutURL: func(d Detection) string { return "" },
}
