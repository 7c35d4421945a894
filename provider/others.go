package provider

import (
	"net/url"
	"strings"
)

// The providers with less depth: Zitadel, Auth0, kanidm, pocket-id, AD FS,
// Dex, and the generic profile for everything else.

var (
	zitadelRe = newPathRe(`^(.*?)/(oauth/v2/(authorize|token|keys|introspect|revoke)|oidc/v1/(userinfo|end_session))$`, false, "/oauth/v2/", "/oidc/v1/")
	kanidmRe  = newPathRe(`^/oauth2/openid/([^/]+)/(public_key\.jwk|userinfo|\.well-known/openid-configuration)$`, false, "/oauth2/openid/")
	adfsRe    = newPathRe(`(?i)^/adfs/(oauth2/(authorize|token|logout|userinfo)|userinfo|discovery/keys|\.well-known/openid-configuration)$`, true, "/adfs/")
	dexRe     = newPathRe(`^(.*/dex)/(auth|token|keys|userinfo|logout)(/[^/]+)?$`, false, "/dex/")
)

// ZitadelProfile: Zitadel (cloud or self-hosted).
var ZitadelProfile = &Profile{
	Kind: Zitadel, Name: "Zitadel", Console: "Zitadel console",
	Docs: []string{"https://zitadel.com/docs/apis/openidoauth/endpoints"},
	Shape: map[Role]string{
		RoleAuthorization: "{base}/oauth/v2/authorize", RoleToken: "{base}/oauth/v2/token", RoleJWKS: "{base}/oauth/v2/keys",
		RoleUserInfo: "{base}/oidc/v1/userinfo", RoleLogout: "{base}/oidc/v1/end_session",
	},
	OneBase: true,
	Issuer:  "{base} (the instance domain)",
	Claims: Claims{
		IDToken:      []string{"sub", "iss", "aud", "exp", "iat", "auth_time", "amr", "azp"},
		UserInfoOnly: []string{"preferred_username", "name", "given_name", "family_name", "email", "email_verified"},
		UserInfoNote: "unless the app's 'User Info inside ID Token' is on",
		Username:     "preferred_username", Alternatives: []string{"email"},
		UsernameWhy: "preferred_username is the login name (user or user@org.domain); profile claims are in the ID token only with the app's 'User Info inside ID Token' on.",
		Sub:         "the numeric user ID", SubLength: 18,
		Setting:    "Zitadel console → Projects → your project → your app → Token Settings → User Info inside ID Token",
		Unverified: "That 'User Info inside ID Token' is off by default rests on the console's app form; the sub format is not verified.",
	},
	Groups: Groups{Claim: "urn:zitadel:iam:org:project:roles", Format: GroupsObject, Custom: true,
		Setting:    "Zitadel console → Projects → your project → Assert Roles on Authentication and the app's Token Settings → Include user's profile info / roles in the ID token; EspoCRM needs a flat list: a Zitadel Action that sets a groups claim",
		Unverified: "The Action workaround is from Zitadel's docs, not re-read."},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256"}, Setting: "none", Unverified: "Not verified."},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Enforced: true, Methods: []string{"client_secret_basic", "client_secret_post", "private_key_jwt", "none"},
		Setting:    "Zitadel console → Projects → your project → your app → Authentication Method: POST",
		Unverified: "That a new Web app gets Basic and that Zitadel enforces the chosen method are not verified."},
	Logout: Logout{EndSession: true, NeedsClientID: true,
		Setting:    "Zitadel console → your app → Redirect Settings → Post Logout URIs",
		Unverified: "That client_id replaces id_token_hint is not verified."},
	Prompt: Prompt{Unverified: "The accepted values (none, login, consent, select_account, create) are from Zitadel's docs, not re-read: not judged."},
	PKCE:   PKCE{Supported: true},
	Errors: []ErrorText{
		{ID: "redirect-uri-missing", Text: "The requested redirect_uri is missing in the client configuration.",
			pattern: `redirect_uri is missing in the client configuration`, Where: "Zitadel's login page, before EspoCRM gets a code",
			Cause: "{siteUrl}/oauth-callback.php is not a Redirect URI of the app (http:// URIs need Dev Mode).",
			Fix:   "Zitadel console → your app → Redirect Settings → Redirect URIs: add https://<your Site URL>/oauth-callback.php.",
			Rules: []string{"redirect-uri"}, Unverified: "The exact wording is not verified."},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		m := zitadelRe.find(cleanPath(u))
		if m == nil {
			if hostIs(u, ".zitadel.cloud") {
				return Endpoint{Strength: Strong}, true
			}
			return Endpoint{}, false
		}
		e := Endpoint{Base: origin(u) + m[1], Strength: Strong}
		switch m[3] + m[4] {
		case "authorize":
			e.Role = RoleAuthorization
		case "token":
			e.Role = RoleToken
		case "keys":
			e.Role = RoleJWKS
		case "userinfo":
			e.Role = RoleUserInfo
		case "end_session":
			e.Role = RoleLogout
		}
		return e, true
	},
	issuer: firstBase,
	logoutURL: func(d Detection) string {
		if len(d.Endpoints) == 0 {
			return ""
		}
		return d.Endpoints[0].Base + "/oidc/v1/end_session?client_id={clientId}&post_logout_redirect_uri={siteUrl}"
	},
}

// Auth0Profile: Auth0 (Okta Customer Identity Cloud).
var Auth0Profile = &Profile{
	Kind: Auth0, Name: "Auth0", Console: "Auth0 Dashboard",
	Docs: []string{"https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery"},
	Shape: map[Role]string{
		RoleAuthorization: "https://{tenant}.{region}.auth0.com/authorize", RoleToken: "https://{tenant}.{region}.auth0.com/oauth/token",
		RoleJWKS: "https://{tenant}.{region}.auth0.com/.well-known/jwks.json", RoleUserInfo: "https://{tenant}.{region}.auth0.com/userinfo",
		RoleLogout: "https://{tenant}.{region}.auth0.com/oidc/logout",
	},
	OneBase: true,
	Issuer:  "https://{tenant}.{region}.auth0.com/ (with the trailing slash) or the custom domain",
	Claims: Claims{
		IDToken:  []string{"sub", "name", "nickname", "picture", "updated_at", "email", "email_verified"},
		Absent:   []string{"preferred_username", "upn", "groups"},
		Username: "email", Alternatives: []string{"nickname"},
		UsernameWhy: "Auth0 database connections have no preferred_username; sub is '<connection>|<id>' (auth0|…, google-oauth2|…), whose '|' EspoCRM replaces.",
		Sub:         "<connection>|<id>", SubLength: 30,
		Setting:    "Auth0 Dashboard → Actions → Library → a post-login Action (api.idToken.setCustomClaim)",
		Unverified: "The claim list for database connections is from Auth0's docs, not re-read.",
	},
	Groups: Groups{Format: GroupsNone, Custom: true,
		Setting: "Auth0 Dashboard → Actions: a post-login Action that sets a (namespaced) custom claim with the user's groups or roles"},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256", "HS256", "PS256"}, HMACKey: "client-secret",
		Setting: "Auth0 Dashboard → Applications → your application → Settings → Advanced Settings → OAuth → JSON Web Token (JWT) Signature Algorithm"},
	ClientAuth: ClientAuth{Default: "client_secret_post", Enforced: true, Methods: []string{"client_secret_post", "client_secret_basic", "private_key_jwt", "none"},
		Setting:    "Auth0 Dashboard → Applications → your application → Credentials → Authentication Method: Client Secret (Post)",
		Unverified: "That Regular Web Applications default to Client Secret (Post) is not verified."},
	Logout: Logout{EndSession: true, NeedsClientID: true,
		// /oidc/logout without id_token_hint takes client_id, and then the
		// URI must be in the application's Allowed Logout URLs
		// (https://auth0.com/docs/api/authentication/logout/oidc-logout).
		Setting: "Auth0 Dashboard → Applications → your application → Settings → Allowed Logout URLs"},
	Prompt: Prompt{Unverified: "The accepted values (none, login, consent, select_account) are from Auth0's docs, not re-read: not judged."},
	PKCE:   PKCE{Supported: true},
	Errors: []ErrorText{
		{ID: "callback-url-mismatch", Text: "Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs.",
			pattern: `Callback URL mismatch`, Where: "Auth0's error page, before EspoCRM gets a code",
			Cause: "{siteUrl}/oauth-callback.php is not among the application's Allowed Callback URLs.",
			Fix:   "Auth0 Dashboard → Applications → your application → Settings → Allowed Callback URLs: add https://<your Site URL>/oauth-callback.php.",
			Rules: []string{"redirect-uri"}},
		{ID: "unknown-client", Text: "Unknown client: <client id>", pattern: `Unknown client: ?\S*`,
			Where:      "Auth0's error page",
			Cause:      "The Client ID is not an application of this tenant.",
			Fix:        "Copy the Client ID from Auth0 Dashboard → Applications → your application → Settings.",
			Rules:      []string{"probe-authorization-error"},
			Unverified: "The exact wording is not verified."},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		p := cleanPath(u)
		e := Endpoint{Strength: Weak}
		switch p {
		case "/authorize":
			e.Role = RoleAuthorization
		case "/oauth/token":
			e.Role = RoleToken
		case "/.well-known/jwks.json":
			e.Role = RoleJWKS
		case "/userinfo":
			e.Role = RoleUserInfo
		case "/oidc/logout", "/v2/logout":
			e.Role = RoleLogout
		default:
			if !hostIs(u, ".auth0.com") {
				return Endpoint{}, false
			}
			e.Role = RoleOther
		}
		if hostIs(u, ".auth0.com") {
			e.Strength = Strong
		}
		return e, true
	},
	issuer: func(eps []Endpoint) string {
		if b := firstBase(eps); b != "" {
			return b + "/"
		}
		return ""
	},
	logoutURL: func(d Detection) string {
		if len(d.Endpoints) == 0 {
			return ""
		}
		return d.Endpoints[0].Base + "/oidc/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}"
	},
}

const kanidmCLI = "kanidm system oauth2"

// KanidmProfile: kanidm's OAuth2 resource servers.
var KanidmProfile = &Profile{
	Kind: Kanidm, Name: "kanidm", Console: "the kanidm CLI (" + kanidmCLI + ")",
	Docs: []string{"https://kanidm.github.io/kanidm/stable/integrations/oauth2.html", "https://kanidm.github.io/kanidm/stable/supported_features.html"},
	Shape: map[Role]string{
		RoleAuthorization: "{base}/ui/oauth2", RoleToken: "{base}/oauth2/token",
		RoleJWKS: "{base}/oauth2/openid/{client}/public_key.jwk", RoleUserInfo: "{base}/oauth2/openid/{client}/userinfo",
	},
	ScopeName:  "client",
	ScopeRoles: []Role{RoleJWKS, RoleUserInfo, RoleDiscovery},
	OneBase:    true,
	Issuer:     "{base}/oauth2/openid/{client}",
	Claims: Claims{
		IDToken:  []string{"sub", "preferred_username", "name", "email", "email_verified"},
		Username: "preferred_username", Alternatives: []string{"email"},
		UsernameWhy: "preferred_username is the SPN (name@idm.example.com) by default; " + kanidmCLI + " prefer-short-username <client> makes it the short name.",
		Sub:         "the user's UUID", SubLength: 36,
		Scopes:        []string{"openid", "profile", "email", "address", "phone", "groups", "groups_name", "groups_spn", "groups_uuid", "ssh_publickeys"},
		ScopesRefused: true,
		Setting:       kanidmCLI + " update-scope-map <client> <group> openid profile email …",
		Unverified:    "The sub format is not verified; every requested scope must be in the user's scope map (kanidm's book).",
	},
	Groups: Groups{Claim: "groups", Format: GroupsMixed, Scope: "groups",
		Setting: kanidmCLI + " update-scope-map: request the groups_name scope (names) or groups_spn (name@domain) instead of groups (UUIDs and SPNs)"},
	Signing: Signing{Default: "ES256", Possible: []string{"ES256", "RS256"},
		Setting: kanidmCLI + " warning-enable-legacy-crypto <client> (RS256 instead of ES256)"},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Methods: []string{"client_secret_basic", "client_secret_post"},
		Setting: kanidmCLI + " show-basic-secret <client>", Unverified: "That kanidm accepts client_secret_post is not verified."},
	Logout: Logout{EndSession: false, Setting: "none", Unverified: "That kanidm has no RP-initiated logout is not verified."},
	PKCE: PKCE{Supported: true, Required: true,
		Setting: kanidmCLI + " warning-insecure-client-disable-pkce <client> (not recommended)"},
	parse: func(u *url.URL) (Endpoint, bool) {
		p := cleanPath(u)
		if m := kanidmRe.find(p); m != nil {
			e := Endpoint{Scope: m[1], Strength: Strong, Role: RoleDiscovery}
			switch m[2] {
			case "public_key.jwk":
				e.Role = RoleJWKS
			case "userinfo":
				e.Role = RoleUserInfo
			}
			return e, true
		}
		switch p {
		case "/ui/oauth2", "/oauth2/authorise":
			return Endpoint{Strength: Strong, Role: RoleAuthorization}, true
		case "/oauth2/token":
			return Endpoint{Strength: Weak, Role: RoleToken}, true
		case "/oauth2/openid":
			return Endpoint{}, false
		}
		if strings.HasPrefix(p, "/oauth2/openid/") && strings.Count(p, "/") == 3 { // the issuer
			return Endpoint{Scope: strings.TrimPrefix(p, "/oauth2/openid/"), Strength: Strong}, true
		}
		return Endpoint{}, false
	},
	issuer: func(eps []Endpoint) string {
		for _, e := range eps {
			if e.Scope != "" {
				return e.Base + "/oauth2/openid/" + e.Scope
			}
		}
		return ""
	},
}

// PocketIDProfile: pocket-id, the passkey-only provider.
var PocketIDProfile = &Profile{
	Kind: PocketID, Name: "pocket-id", Console: "pocket-id admin (OIDC Clients)",
	Docs: []string{"https://pocket-id.org/docs"},
	Shape: map[Role]string{
		RoleAuthorization: "{base}/authorize", RoleToken: "{base}/api/oidc/token", RoleJWKS: "{base}/.well-known/jwks.json",
		RoleUserInfo: "{base}/api/oidc/userinfo", RoleLogout: "{base}/api/oidc/end-session",
	},
	OneBase: true,
	Issuer:  "{base} (APP_URL)",
	Claims: Claims{
		IDToken:  []string{"sub", "given_name", "family_name", "name", "email", "email_verified", "preferred_username", "picture"},
		Username: "preferred_username", Alternatives: []string{"email"},
		Sub: "the user's UUID", SubLength: 36,
		Scopes:     []string{"openid", "profile", "email", "groups"},
		Setting:    "pocket-id admin → OIDC Clients → your client",
		Unverified: "From an older version's discovery handler; groups and custom claims of newer versions are not verified; whether an unknown scope (phone) is refused or ignored is not verified.",
	},
	Groups: Groups{Claim: "groups", Format: GroupsNames, Scope: "groups", Setting: "pocket-id admin → User Groups; EspoCRM must request the groups scope",
		Unverified: "Not verified."},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256", "ES256", "EdDSA"}, Setting: "pocket-id's signing key",
		Unverified: "Other key types in newer versions are not verified."},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Methods: []string{"client_secret_basic", "client_secret_post"},
		Setting: "pocket-id admin → OIDC Clients → your client", Unverified: "Not verified."},
	Logout: Logout{EndSession: true, Setting: "pocket-id admin → OIDC Clients → your client → Logout Callback URLs",
		Unverified: "Whether post_logout_redirect_uri is honoured without id_token_hint is not verified."},
	PKCE: PKCE{Supported: true},
	parse: func(u *url.URL) (Endpoint, bool) {
		switch cleanPath(u) {
		case "/authorize":
			return Endpoint{Strength: Weak, Role: RoleAuthorization}, true
		case "/api/oidc/token":
			return Endpoint{Strength: Weak, Role: RoleToken}, true
		case "/.well-known/jwks.json":
			return Endpoint{Strength: Weak, Role: RoleJWKS}, true
		case "/api/oidc/userinfo":
			return Endpoint{Strength: Weak, Role: RoleUserInfo}, true
		case "/api/oidc/end-session":
			return Endpoint{Strength: Strong, Role: RoleLogout}, true
		}
		return Endpoint{}, false
	},
	issuer: firstBase,
	logoutURL: func(d Detection) string {
		if len(d.Endpoints) == 0 {
			return ""
		}
		return d.Endpoints[0].Base + "/api/oidc/end-session?post_logout_redirect_uri={siteUrl}"
	},
}

// ADFSProfile: Active Directory Federation Services (Windows Server 2016+).
var ADFSProfile = &Profile{
	Kind: ADFS, Name: "AD FS", Console: "AD FS Management",
	Docs: []string{"https://learn.microsoft.com/en-us/windows-server/identity/ad-fs/development/ad-fs-openid-connect-oauth-concepts"},
	Shape: map[Role]string{
		RoleAuthorization: "https://{adfs}/adfs/oauth2/authorize/", RoleToken: "https://{adfs}/adfs/oauth2/token/",
		RoleJWKS: "https://{adfs}/adfs/discovery/keys", RoleUserInfo: "https://{adfs}/adfs/userinfo", RoleLogout: "https://{adfs}/adfs/oauth2/logout",
	},
	OneBase: true,
	Issuer:  "https://{adfs}/adfs",
	Claims: Claims{
		IDToken:  []string{"sub", "upn", "unique_name"},
		Username: "upn", Alternatives: []string{"email"},
		UsernameWhy: "AD FS puts upn (user@corp.example.com) into the ID token with a claim rule; preferred_username and email only through issuance transform rules; unique_name is DOMAIN\\user, whose backslash EspoCRM replaces.",
		Sub:         "an opaque value per application",
		Setting:     "AD FS Management → Application Groups → your group → Web API → Issuance Transform Rules",
		Unverified:  "From Microsoft's AD FS docs, not re-read.",
	},
	Groups: Groups{Claim: "group", Format: GroupsNames,
		Setting: "AD FS Management → Application Groups → Web API → Issuance Transform Rules → Send LDAP Attributes as Claims (Token-Groups - Unqualified Names)", Unverified: "Not verified."},
	Signing:    Signing{Default: "RS256", Possible: []string{"RS256"}, Setting: "the AD FS token-signing certificate", Unverified: "Not verified."},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Methods: []string{"client_secret_basic", "client_secret_post", "private_key_jwt"}, Setting: "AD FS Management → Application Groups → Server application → Client secret", Unverified: "Not verified."},
	Logout: Logout{EndSession: true, Template: "https://{adfs}/adfs/oauth2/logout?post_logout_redirect_uri={siteUrl}",
		Setting: "AD FS Management → Application Groups → Server application → Redirect URIs", Unverified: "Not verified."},
	Prompt: Prompt{Values: []string{"login", "none"},
		Note: "AD FS knows only prompt=login and prompt=none; EspoCRM's default consent may be refused.", Unverified: "Not verified."},
	PKCE: PKCE{Supported: true, Unverified: "Not verified."},
	Errors: []ErrorText{
		{ID: "msis9224-redirect-uri", Text: "MSIS9224: Received invalid OAuth authorization request. The received 'redirect_uri' parameter is not a valid registered redirect URI for the client identifier",
			pattern: `MSIS9224`, Where: "AD FS's error page and the AD FS Admin event log",
			Cause: "{siteUrl}/oauth-callback.php is not a redirect URI of the server application.",
			Fix:   "AD FS Management → Application Groups → your group → Server application → Redirect URI: add https://<your Site URL>/oauth-callback.php.",
			Rules: []string{"redirect-uri"}, Unverified: "The exact wording is not verified."},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		p := cleanPath(u)
		if strings.EqualFold(p, "/adfs") {
			return Endpoint{Strength: Strong}, true
		}
		m := adfsRe.find(p)
		if m == nil {
			return Endpoint{}, false
		}
		e := Endpoint{Strength: Strong, Role: RoleOther}
		switch strings.ToLower(m[2]) {
		case "authorize":
			e.Role = RoleAuthorization
		case "token":
			e.Role = RoleToken
		case "logout":
			e.Role = RoleLogout
		case "userinfo":
			e.Role = RoleUserInfo
		}
		switch strings.ToLower(m[1]) {
		case "userinfo":
			e.Role = RoleUserInfo
		case "discovery/keys":
			e.Role = RoleJWKS
		}
		return e, true
	},
	issuer: func(eps []Endpoint) string {
		if b := firstBase(eps); b != "" {
			return b + "/adfs"
		}
		return ""
	},
}

// DexProfile: Dex (facts read in Dex's source: server/discovery,
// server/authflow, server/grants).
var DexProfile = &Profile{
	Kind: Dex, Name: "Dex", Console: "Dex's config.yaml",
	Docs: []string{"https://dexidp.io/docs/"},
	Shape: map[Role]string{
		RoleAuthorization: "{issuer}/auth", RoleToken: "{issuer}/token", RoleJWKS: "{issuer}/keys", RoleUserInfo: "{issuer}/userinfo",
	},
	OneBase: true,
	Issuer:  "the issuer in config.yaml (often https://host/dex)",
	Claims: Claims{
		IDToken:  []string{"sub", "email", "email_verified", "name", "preferred_username", "groups"},
		Username: "email", Alternatives: []string{"preferred_username"},
		UsernameWhy: "Dex's sub is an opaque base64 value of user and connector ID; email is there for every connector that knows one, preferred_username depends on the connector.",
		Sub:         "base64 of the user and connector ID", SubLength: 40,
		Scopes:        []string{"openid", "email", "groups", "profile", "offline_access", "federated:id"},
		ScopesRefused: true,
		Setting:       "Dex's config.yaml → connectors",
	},
	Groups: Groups{Claim: "groups", Format: GroupsNames, Scope: "groups",
		Setting: "Dex's config.yaml → the connector's group settings; EspoCRM must request the groups scope"},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256", "ES256"},
		Setting: "Dex's config.yaml → signer (algorithm RS256 or ES256)"},
	ClientAuth: ClientAuth{Default: "client_secret_basic", Methods: []string{"client_secret_basic", "client_secret_post"},
		Setting: "Dex's config.yaml → staticClients[]"},
	Logout: Logout{EndSession: false, Setting: "Dex's config.yaml: end_session_endpoint ({issuer}/logout) exists only when sessions are enabled"},
	PKCE:   PKCE{Supported: true, Setting: "Dex's config.yaml → oauth2.pkce.enforce"},
	Errors: []ErrorText{
		{ID: "invalid-client-credentials", Text: "Invalid client credentials.", pattern: `Invalid client credentials\.?`, Error: "invalid_client",
			Where: "token response (HTTP 401), in EspoCRM's log as `OIDC: Token request error.; Status: 401`",
			Cause: "The client ID or secret is not one of Dex's staticClients.",
			Fix:   "Dex's config.yaml → staticClients[]: id = EspoCRM's Client ID, secret = EspoCRM's Client Secret.",
			Rules: []string{"probe-token-invalid-secret"}},
		{ID: "unregistered-redirect-uri", Text: "Unregistered redirect_uri.", pattern: `Unregistered redirect_uri`,
			Where: "Dex's error page (HTTP 400), before EspoCRM gets a code",
			Cause: "{siteUrl}/oauth-callback.php is not among the client's redirectURIs.",
			Fix:   "Dex's config.yaml → staticClients[] → redirectURIs: add https://<your Site URL>/oauth-callback.php.",
			Rules: []string{"redirect-uri"}},
		{ID: "unrecognized-scope", Text: "Unrecognized scope(s) [\"<scope>\"]", pattern: `Unrecognized scope\(s\)`, Error: "invalid_scope",
			Where: "the callback (error=invalid_scope)",
			Cause: "EspoCRM requests a scope Dex does not know; EspoCRM's default scopes include phone, which Dex has not.",
			Fix:   "Administration → Authentication → OIDC → Scopes: profile and email (and groups).",
			Rules: []string{"provider-scope-unsupported"}},
		{ID: "pkce-required", Text: "PKCE is required. The code_challenge parameter must be provided.", pattern: `PKCE is required\. The code_challenge parameter`, Error: "invalid_request",
			Where: "the callback (error=invalid_request)",
			Cause: "Dex enforces PKCE and EspoCRM's Authorization PKCE is off.",
			Fix:   "Tick Authorization PKCE in Administration → Authentication → OIDC (EspoCRM 10.0+).",
			Rules: []string{"pkce-off"}},
	},
	parse: func(u *url.URL) (Endpoint, bool) {
		p := cleanPath(u)
		if m := dexRe.find(p); m != nil {
			e := Endpoint{Base: origin(u) + m[1], Strength: Strong}
			switch m[2] {
			case "auth":
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
		}
		if base, last, ok := dexPlain(p); ok {
			e := Endpoint{Base: origin(u) + base, Strength: Weak, Role: RoleAuthorization}
			if last == "keys" {
				e.Role = RoleJWKS
			}
			return e, true
		}
		return Endpoint{}, false
	},
	issuer: firstBase,
}

// dexPlain reads a path Dex serves without its /dex prefix: what
// ^(.*?)/(auth|keys)$ matches (base = group 1, last = group 2), by hand:
// it runs on every configured URL of a fleet. As in the pattern, the base
// holds no newline.
func dexPlain(p string) (base, last string, ok bool) {
	for _, l := range [...]string{"auth", "keys"} {
		if len(p) > len(l) && p[len(p)-len(l)-1] == '/' && p[len(p)-len(l):] == l {
			base = p[:len(p)-len(l)-1]
			return base, l, !strings.Contains(base, "\n")
		}
	}
	return "", "", false
}

// GenericProfile is any other provider: only the checklist facts every
// OpenID provider shares.
var GenericProfile = &Profile{
	Kind: Generic, Name: "the identity provider", Console: "the identity provider's admin console",
	Claims: Claims{Username: "preferred_username", Alternatives: []string{"email"}},
	Logout: Logout{EndSession: true},
}

func firstBase(eps []Endpoint) string {
	for _, e := range eps {
		return e.Base
	}
	return ""
}
