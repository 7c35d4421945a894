package provider

import (
	"net/url"
)

// Okta: /oauth2/v1/... is the org authorization server, /oauth2/{id}/v1/...
// a custom one ("default" is the built-in custom server).
var oktaRe = newPathRe(`^/oauth2(?:/([^/]+))?/v1/(authorize|token|keys|userinfo|logout|introspect|revoke)$`, false, "/v1/")

const oktaApp = "Okta Admin Console → Applications → Applications → your app"

// OrgServer is the Scope of endpoints on Okta's org authorization server.
const OrgServer = "(org)"

// OktaProfile: Okta Workforce Identity, org and custom authorization servers.
var OktaProfile = &Profile{
	Kind:    Okta,
	Name:    "Okta",
	Console: "Okta Admin Console",
	Docs: []string{"https://developer.okta.com/docs/concepts/auth-servers/",
		"https://developer.okta.com/docs/reference/api/oidc/"},
	Shape: map[Role]string{
		RoleAuthorization: "https://{org}.okta.com/oauth2/{authServerId}/v1/authorize (org server: /oauth2/v1/authorize)",
		RoleToken:         "https://{org}.okta.com/oauth2/{authServerId}/v1/token",
		RoleJWKS:          "https://{org}.okta.com/oauth2/{authServerId}/v1/keys",
		RoleUserInfo:      "https://{org}.okta.com/oauth2/{authServerId}/v1/userinfo",
		RoleLogout:        "https://{org}.okta.com/oauth2/{authServerId}/v1/logout",
	},
	ScopeName: "authorization server",
	OneBase:   true,
	Issuer:    "https://{org}.okta.com/oauth2/{authServerId} (org server: https://{org}.okta.com)",
	Claims: Claims{
		IDToken:      []string{"sub", "preferred_username", "name", "given_name", "family_name", "locale", "zoneinfo", "updated_at", "email", "email_verified"},
		Username:     "preferred_username",
		Alternatives: []string{"email"},
		UsernameWhy:  "preferred_username is the Okta login (usually an e-mail address; Okta allows up to 100 characters, EspoCRM 50); sub is the Okta user ID (00u…).",
		Sub:          "the Okta user ID (00u…)",
		SubLength:    20,
		Setting:      oktaApp + " → Sign On → OpenID Connect ID Token",
		Unverified:   "Which profile claims a code-flow ID token carries ('thin' tokens) is from Okta's docs, not re-read.",
	},
	Groups: Groups{Claim: "groups", Format: GroupsNames,
		Setting: oktaApp + " → Sign On → OpenID Connect ID Token → Groups claim type: Filter, Groups claim filter: groups Matches regex .* (org server); custom server: Security → API → Authorization Servers → your server → Claims → Add Claim (value type Groups, include in ID Token: Always)"},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256"},
		Setting: "none: Okta signs ID tokens with RS256", Unverified: "RS256-only is from Okta's docs, not re-read."},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Methods: []string{"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"},
		Setting:    oktaApp + " → General → Client Credentials → Client authentication: Client secret",
		Unverified: "That a client-secret app accepts the secret in the body as well as in the header is inferred from Okta's 'Cannot supply multiple client credentials' text."},
	Logout: Logout{EndSession: true, NeedsIDTokenHint: true,
		Setting:    oktaApp + " → General → Sign-out redirect URIs",
		Unverified: "That Okta's /v1/logout needs id_token_hint is from Okta's docs, not re-read (a third-party issue says the same: https://github.com/openanalytics/containerproxy/issues/56)."},
	Prompt: Prompt{ // accepted values not verified: not judged
		Note:       "prompt=consent shows consent only when the app requires consent.",
		Unverified: "Not verified."},
	PKCE: PKCE{Supported: true, Setting: oktaApp + " → General → Client Credentials → Require PKCE as additional verification"},
	Errors: []ErrorText{
		{ID: "redirect-uri-not-registered", Text: "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings",
			Where: "Okta's error page (HTTP 400), before EspoCRM gets a code",
			Cause: "{siteUrl}/oauth-callback.php is not among the app's Sign-in redirect URIs.",
			Fix:   oktaApp + " → General → LOGIN → Sign-in redirect URIs: add https://<your Site URL>/oauth-callback.php.",
			Rules: []string{"redirect-uri"}},
		{ID: "redirect-uri-not-whitelisted", Text: "The 'redirect_uri' parameter must be an absolute URI that is whitelisted in the client app settings.",
			pattern: `The 'redirect_uri' parameter must be an absolute URI that is whitelisted`,
			Where:   "Okta's error page (older wording)",
			Cause:   "{siteUrl}/oauth-callback.php is not among the app's Sign-in redirect URIs.",
			Fix:     oktaApp + " → General → LOGIN → Sign-in redirect URIs: add https://<your Site URL>/oauth-callback.php.",
			Rules:   []string{"redirect-uri"}},
		{ID: "user-not-assigned", Text: "User is not assigned to the client application.", Error: "access_denied",
			Where: "the callback (error=access_denied) or Okta's error page",
			Cause: "The user (or a group of theirs) is not assigned to the Okta app.",
			Fix:   oktaApp + " → Assignments → Assign → to People or Groups (e.g. Everyone).",
			Rules: []string{"probe-authorization-error"}},
		{ID: "policy-evaluation-failed", Text: "Policy evaluation failed for this request, please check the policy configurations.",
			pattern: `Policy evaluation failed for this request`, Error: "access_denied",
			Where: "the callback (error=access_denied)",
			Cause: "The custom authorization server has no access policy (or rule) covering this app, grant or scopes; new orgs' default server ships without one.",
			Fix:   "Okta Admin Console → Security → API → Authorization Servers → your server → Access Policies → Add Policy (assigned to the app) and Add Rule (Authorization Code grant, the scopes EspoCRM requests).",
			Rules: []string{"okta-auth-server-mismatch"}},
		{ID: "pkce-required", Text: "PKCE code challenge is required by the application.",
			Where: "Okta's error page",
			Cause: "The app has 'Require PKCE as additional verification' on and EspoCRM's Authorization PKCE is off.",
			Fix:   "Tick Authorization PKCE in Administration → Authentication → OIDC (EspoCRM 10.0+), or untick " + oktaApp + " → General → Require PKCE as additional verification.",
			Rules: []string{"pkce-off"}},
		{ID: "multiple-client-credentials", Text: "Cannot supply multiple client credentials.",
			pattern: `Cannot supply multiple client credentials`, Error: "invalid_request",
			Where: "token response (HTTP 400)",
			Cause: "The token request carried the secret both in an Authorization header and in the body (a proxy adding Basic credentials; EspoCRM itself sends only the body).",
			Fix:   "Remove the Authorization header a proxy adds to requests to Okta's token endpoint.",
			Rules: []string{"probe-token-request-failed"}},
		{ID: "client-authentication-failed", Text: "Client authentication failed. Either the client or the client credentials are invalid.",
			pattern: `Client authentication failed\. Either the client or the client credentials are invalid`, Error: "invalid_client",
			Where: "token response (HTTP 401), in EspoCRM's log as `OIDC: Token request error.; Status: 401`",
			Cause: "The client ID or secret is wrong, or the app uses Public key / Private key authentication.",
			Fix:   oktaApp + " → General → Client Credentials: Client authentication Client secret; copy the Client ID and secret into EspoCRM.",
			Rules: []string{"probe-token-invalid-secret"}, Unverified: "The exact wording is not verified."},
		{ID: "code-invalid-or-expired", Text: "The authorization code is invalid or has expired.", Error: "invalid_grant",
			Where: "token response (HTTP 400)",
			Cause: "The code was used twice, expired, or was issued by another authorization server than the token endpoint's.",
			Fix:   "Use endpoints of one authorization server; retry the login.",
			Rules: []string{"okta-auth-server-mismatch"}, Unverified: "The exact wording is not verified."},
		{ID: "scopes-not-configured", Text: "One or more scopes are not configured for the authorization server resource.",
			Error:      "invalid_scope",
			Where:      "the callback (error=invalid_scope)",
			Cause:      "EspoCRM requests a scope the custom authorization server does not define.",
			Fix:        "Okta Admin Console → Security → API → Authorization Servers → your server → Scopes: add it, or remove it from EspoCRM's OIDC Scopes.",
			Rules:      []string{"probe-authorization-error"},
			Unverified: "The exact wording is not verified."},
		{ID: "e0000-api-error", Text: "E0000<nnn> (an Okta API error code)", pattern: `\bE0000[0-9]{3}\b`,
			Where:      "Okta's management API (/api/v1) and admin console, not an OIDC login",
			Cause:      "E0000… codes (E0000011 Invalid token provided, E0000007 Not found, …) belong to Okta's management API; EspoCRM's login only talks to the OAuth endpoints, which answer with OAuth errors (invalid_client, invalid_grant, access_denied).",
			Fix:        "Look at the OAuth error of the login instead (EspoCRM's log line `OIDC: Bad token request.` or the callback's error=); Okta's System Log (Reports → System Log) shows the login's events.",
			Rules:      []string{"probe-token-request-failed"},
			Unverified: "Okta's error-code reference was not re-read."},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		m := oktaRe.find(cleanPath(u))
		okHost := hostIs(u, ".okta.com", ".oktapreview.com", ".okta-emea.com", ".okta-gov.com", ".okta.mil")
		if m == nil {
			if okHost {
				return Endpoint{Strength: Strong, Role: RoleOther}, true
			}
			return Endpoint{}, false
		}
		e := Endpoint{Scope: m[1], Strength: Strong}
		if !okHost {
			e.Strength = Weak // a custom URL domain: recognised by the path alone
		}
		if e.Scope == "" {
			e.Scope = OrgServer
		}
		switch m[2] {
		case "authorize":
			e.Role = RoleAuthorization
		case "token":
			e.Role = RoleToken
		case "keys":
			e.Role = RoleJWKS
		case "userinfo":
			e.Role = RoleUserInfo
		case "logout":
			e.Role = RoleLogout
		}
		return e, true
	},
	issuer: func(eps []Endpoint) string {
		for _, e := range eps {
			if e.Scope == "" {
				continue
			}
			u, _ := url.Parse(e.Raw)
			if e.Scope == OrgServer {
				return u.Scheme + "://" + u.Host
			}
			return u.Scheme + "://" + u.Host + "/oauth2/" + e.Scope
		}
		return ""
	},
	logoutURL: func(d Detection) string { return "" },
}
