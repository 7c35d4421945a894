package provider

import (
	"net/url"
	"strings"
)

var keycloakPathRe = newPathRe(`^(.*?)/realms/([^/]+)(/.*)?$`, false, "/realms/")

const kcClient = "Keycloak admin console → your realm → Clients → your client"

// KeycloakProfile: Keycloak, the Red Hat build of Keycloak and RH-SSO.
var KeycloakProfile = &Profile{
	Kind:    Keycloak,
	Name:    "Keycloak",
	Console: "Keycloak admin console",
	Docs: []string{"https://www.keycloak.org/docs/latest/securing_apps/#_oidc",
		"https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients"},
	Shape: map[Role]string{
		RoleAuthorization: "{base}/realms/{realm}/protocol/openid-connect/auth",
		RoleToken:         "{base}/realms/{realm}/protocol/openid-connect/token",
		RoleJWKS:          "{base}/realms/{realm}/protocol/openid-connect/certs",
		RoleUserInfo:      "{base}/realms/{realm}/protocol/openid-connect/userinfo",
		RoleLogout:        "{base}/realms/{realm}/protocol/openid-connect/logout",
	},
	ScopeName: "realm",
	OneBase:   true,
	Issuer:    "{base}/realms/{realm} ({base} ends in /auth on Keycloak 16 and older and with --http-relative-path=/auth)",
	Claims: Claims{
		IDToken:      []string{"sub", "preferred_username", "name", "given_name", "family_name", "email", "email_verified"},
		Username:     "preferred_username",
		Alternatives: []string{"email"},
		UsernameWhy:  "preferred_username is the Keycloak username (always lower-case); sub is the user's UUID, which makes unreadable EspoCRM usernames.",
		Sub:          "the user's UUID",
		SubLength:    36,
		Setting:      kcClient + " → Client scopes",
		Unverified:   "That profile and email are default client scopes of a new client (so their claims are in the ID token) is from Keycloak's admin guide, not re-read.",
	},
	Groups: Groups{Claim: "groups", Format: GroupsFullPath,
		Setting:    kcClient + " → Client scopes → <client>-dedicated → Add mapper → By configuration → Group Membership (Token Claim Name, Full group path, Add to ID token)",
		Unverified: "The claim name is whatever the mapper's Token Claim Name says; groups is the usual choice."},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256", "HS384", "HS512", "EdDSA"},
		HMACKey:    "provider-key",
		Setting:    "Keycloak admin console → Realm settings → Tokens → Default signature algorithm, and " + kcClient + " → Advanced → Fine grain OpenID Connect configuration → ID token signature algorithm",
		Unverified: "That HS-signed Keycloak ID tokens use the realm's generated HMAC key (so EspoCRM, which verifies HS* with the client secret, cannot verify them) is an inference from Keycloak's key providers."},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Methods: []string{"client_secret_basic", "client_secret_post", "private_key_jwt", "client_secret_jwt", "tls_client_auth"},
		Setting: kcClient + " → Credentials → Client Authenticator: Client Id and Secret (and Settings → Client authentication: On)"},
	Logout: Logout{EndSession: true, NeedsClientID: true,
		Template: "{issuer}/protocol/openid-connect/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}",
		Setting:  kcClient + " → Settings → Valid post logout redirect URIs"},
	Prompt: Prompt{Values: []string{"none", "login", "consent", "select_account"},
		Note:       "prompt=consent shows a consent screen only when the client has Consent required on.",
		Unverified: "The consent behaviour is not verified."},
	PKCE: PKCE{Supported: true,
		Setting: kcClient + " → Advanced → Advanced settings → Proof Key for Code Exchange Code Challenge Method"},
	Errors: []ErrorText{
		{ID: "invalid-client-credentials", Text: "Invalid client or Invalid client credentials", Error: "invalid_client",
			Where: "token response (HTTP 401), in EspoCRM's log as `OIDC: Token request error.; Status: 401`",
			Cause: "Keycloak did not accept the client: the client secret is wrong (regenerated in Keycloak), the client ID is unknown or disabled, or the endpoints name another realm than the client's.",
			Fix:   "Copy the secret from " + kcClient + " → Credentials → Client Secret into Administration → Authentication → OIDC → Client Secret; check that Client ID is the client's Client ID and the realm in the endpoints is the client's realm.",
			Rules: []string{"client-secret-missing", "keycloak-realm-mismatch", "probe-token-invalid-secret"}},
		{ID: "client-assertion-type-missing", Text: "Parameter client_assertion_type is missing", Error: "invalid_client",
			Where: "token response (HTTP 400), in EspoCRM's log as `OIDC: Bad token request.; Status: 400`",
			Cause: "The client's Client Authenticator is Signed JWT (or Signed JWT with Client Secret): Keycloak expects a client_assertion, but EspoCRM only sends the secret in the POST body (client_secret_post).",
			Fix:   kcClient + " → Credentials → Client Authenticator: Client Id and Secret.",
			Rules: []string{"probe-client-auth-unsupported"}},
		{ID: "client-credentials-setup-required", Text: "Client credentials setup required", Error: "unauthorized_client",
			Where: "token response (HTTP 400)",
			Cause: "The client has no credentials set up for its authenticator.",
			Fix:   kcClient + " → Credentials: Client Authenticator Client Id and Secret, then Regenerate and copy the secret into EspoCRM.",
			Rules: []string{"probe-token-request-failed"}},
		{ID: "unexpected-error-authenticating", Text: "Unexpected error when authenticating client", Error: "unauthorized_client",
			Where: "token response (HTTP 400)",
			Cause: "Keycloak's client authenticator failed unexpectedly (see Keycloak's server log).",
			Fix:   "Read Keycloak's server log at the time of the login; check " + kcClient + " → Credentials.",
			Rules: []string{"probe-token-request-failed"}},
		{ID: "invalid-redirect-uri", Text: "Invalid parameter: redirect_uri",
			Where: "Keycloak's login page (HTTP 400), before EspoCRM gets a code; EspoCRM logs nothing",
			Cause: "The redirect URI EspoCRM sends ({siteUrl}/oauth-callback.php) is not among the client's Valid redirect URIs (also when a proxy makes EspoCRM build an http:// URL).",
			Fix:   kcClient + " → Settings → Valid redirect URIs: add exactly https://<your Site URL>/oauth-callback.php.",
			Rules: []string{"redirect-uri", "site-url-not-https"}, Unverified: "The wording is quoted by many public configurations; Keycloak's message bundle was not read."},
		{ID: "logout-client-id-required", Text: "Either the parameter 'client_id' or the parameter 'id_token_hint' is required when 'post_logout_redirect_uri' is used.",
			pattern: `Either the parameter 'client_id' or the parameter 'id_token_hint' is required`, Error: "invalid_request",
			Where: "Keycloak's server log and logout page (LOGOUT_ERROR event), when EspoCRM redirects to oidcLogoutUrl",
			Cause: "Keycloak 18+ needs client_id (or id_token_hint, which EspoCRM does not have) with post_logout_redirect_uri.",
			Fix:   "Administration → Authentication → OIDC → Logout URL: add client_id={clientId}, e.g. …/protocol/openid-connect/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}.",
			Rules: []string{"keycloak-logout-url"}},
		{ID: "missing-id-token-hint", Text: "Missing parameters: id_token_hint",
			Where: "Keycloak's logout page (\"We are sorry...\")",
			Cause: "The logout URL has no client_id; Keycloak then asks for id_token_hint, which EspoCRM cannot send.",
			Fix:   "Add client_id={clientId} to the Logout URL and register {siteUrl} under Valid post logout redirect URIs.",
			Rules: []string{"keycloak-logout-url"}},
		{ID: "invalid-id-token-hint", Text: "Invalid parameter: id_token_hint",
			Where: "Keycloak's logout page",
			Cause: "The logout URL carries an id_token_hint that is not a valid ID token (EspoCRM has none to send).",
			Fix:   "Remove id_token_hint from the Logout URL and use client_id={clientId}.",
			Rules: []string{"keycloak-logout-url"}, Unverified: "Wording from a public Keycloak probing tool, not from Keycloak's bundle."},
		{ID: "client-not-found", Text: "Client not found.",
			Where: "Keycloak's login page",
			Cause: "No client with EspoCRM's Client ID exists in the realm of the authorization endpoint.",
			Fix:   "Administration → Authentication → OIDC → Client ID: the Client ID from the realm's Clients list; check the realm in the endpoints.",
			Rules: []string{"keycloak-realm-mismatch"}, Unverified: "The exact wording is not verified."},
		{ID: "client-disabled", Text: "Client disabled.",
			Where: "Keycloak's login page",
			Cause: "The client is disabled.",
			Fix:   kcClient + " → Settings: Enabled on.", Unverified: "Wording from a public Keycloak probing tool.",
			Rules: []string{"probe-authorization-error"}},
		{ID: "bearer-only", Text: "Bearer-only applications are not allowed to initiate browser login",
			Where:      "Keycloak's login page",
			Cause:      "The client is bearer-only (no browser login).",
			Fix:        kcClient + " → Settings → Capability config: Standard flow on (a confidential client with Client authentication on).",
			Rules:      []string{"probe-authorization-error"},
			Unverified: "Wording from a public Keycloak probing tool."},
		{ID: "code-not-valid", Text: "Code not valid", Error: "invalid_grant",
			Where: "token response (HTTP 400), in EspoCRM's log as `OIDC: Bad token request.; Status: 400`",
			Cause: "The code expired (Keycloak's code lifespan is short), was used twice, or belongs to another realm than the token endpoint's.",
			Fix:   "Retry; keep the authorization and token endpoints in the same realm; synchronise clocks.",
			Rules: []string{"keycloak-realm-mismatch", "probe-clock-skew"}, Unverified: "The exact wording is not verified."},
		{ID: "pkce-method-missing", Text: "Missing parameter: code_challenge_method",
			Where: "Keycloak's login page or error redirect",
			Cause: "The client requires PKCE and EspoCRM's Authorization PKCE is off.",
			Fix:   "Tick Authorization PKCE in Administration → Authentication → OIDC (EspoCRM 10.0+), or clear " + kcClient + " → Advanced → Proof Key for Code Exchange Code Challenge Method.",
			Rules: []string{"pkce-off"}, Unverified: "The exact wording is not verified."},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		m := keycloakPathRe.find(cleanPath(u))
		if m == nil {
			return Endpoint{}, false
		}
		e := Endpoint{Base: origin(u) + m[1], Scope: m[2], Strength: Strong}
		rest := m[3]
		switch {
		case rest == "":
			e.Role = RoleOther // the issuer
		case rest == "/.well-known/openid-configuration":
			e.Role = RoleDiscovery
		case strings.HasPrefix(rest, "/protocol/openid-connect/"):
			switch strings.SplitN(strings.TrimPrefix(rest, "/protocol/openid-connect/"), "/", 2)[0] {
			case "auth":
				e.Role = RoleAuthorization
			case "token":
				e.Role = RoleToken
			case "certs":
				e.Role = RoleJWKS
			case "userinfo":
				e.Role = RoleUserInfo
			case "logout":
				e.Role = RoleLogout
			}
		default:
			return Endpoint{}, false
		}
		return e, true
	},
	issuer: func(eps []Endpoint) string {
		for _, e := range eps {
			if e.Scope != "" {
				return keycloakIssuer(e)
			}
		}
		return ""
	},
	logoutURL: func(d Detection) string {
		if d.Issuer == "" {
			return ""
		}
		return d.Issuer + "/protocol/openid-connect/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}"
	},
}

// keycloakIssuer keeps the URL's own spelling of scheme and host.
func keycloakIssuer(e Endpoint) string {
	u, err := url.Parse(e.Raw)
	if err != nil {
		return e.Base + "/realms/" + e.Scope
	}
	m := keycloakPathRe.find(cleanPath(u))
	return u.Scheme + "://" + u.Host + m[1] + "/realms/" + m[2]
}
