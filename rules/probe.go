package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/probe"
)

// Rule set "probe": judgements of what the live probe saw (probe.Facts).
// The probe package does the network work; these rules only read Facts.
// Facts: ../shared/reference/espocrm-oidc.md §2, §4; entra.md §1, §6–§8;
// failure-modes.md §1, §3.

const probeSince = "0.1.0"

func probeRule(id, name string, sev Severity, summary string, doc Doc, check func(*Pass), needs ...Need) *Rule {
	if len(needs) == 0 {
		needs = []Need{NeedProbe}
	}
	return &Rule{ID: id, Name: name, Set: "probe", Severity: sev, Summary: summary, Doc: doc, Needs: needs, Since: probeSince, Check: check}
}

func init() {
	Register(
		probeRule("EO4001", "probe-discovery-failed", Error, "the identity provider's discovery document could not be fetched or is not valid", Doc{
			Why:      "The OpenID configuration at <issuer>/.well-known/openid-configuration is the provider's own statement of its issuer, endpoints, keys and algorithms. EspoCRM does not read it, but when it is missing or broken the endpoints EspoCRM uses cannot be checked, and an Entra tenant that does not exist answers here with AADSTS90002.",
			FixEspo:  "Check the endpoints' host and tenant; for a provider whose endpoints do not reveal the issuer, run the probe with --issuer.",
			FixEntra: "App registrations → your app → Endpoints: the 'OpenID Connect metadata document' URL shows the right tenant; use the Directory (tenant) ID, not the subscription ID or a secret ID.",
			Refs:     []string{"entra.md §1.1", "entra.md §1.9", "failure-modes.md §3"},
		}, checkDiscoveryFailed),
		probeRule("EO4002", "probe-discovery-issuer-mismatch", Error, "the discovery document's issuer is not the one the endpoints imply", Doc{
			Why:      "Strict OpenID clients compare the issuer exactly. Entra publishes the template https://login.microsoftonline.com/{tenantid}/v2.0 for common and organizations (every tenant's users get in, and EspoCRM never checks iss), and always names the tenant by its GUID, so domain-named endpoints never match. A mismatch means the endpoints are not the tenant-specific ones the app should use.",
			FixEspo:  "Use tenant-specific endpoints with the tenant ID (GUID): https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/authorize, …/token, …/discovery/v2.0/keys.",
			FixEntra: "Overview → Directory (tenant) ID is the GUID to put in the endpoints.",
			Refs:     []string{"entra.md §1.2", "entra.md §8 items 1–3", "failure-modes.md §3 item 1", "espocrm-oidc.md §2 step 9.2 (iss is not compared)"},
		}, checkIssuerMismatch),
		probeRule("EO4003", "probe-endpoint-differs", Warning, "a configured endpoint differs from the provider's discovery document", Doc{
			Why:     "EspoCRM calls exactly the URLs in its settings. When they differ from what the provider publishes (another tenant, v1 instead of v2, a stale copy), tokens come from one place and keys from another, or logout lands on a page that does not end the session.",
			FixEspo: uiOIDC + ": copy the endpoint from the provider's discovery document (the finding shows it).",
			Refs:    []string{"entra.md §1.3", "failure-modes.md §2", "espocrm-oidc.md §2 steps 4, 7, 11"},
		}, checkEndpointDiffs),
		probeRule("EO4004", "probe-client-auth-unsupported", Error, "the token endpoint does not accept client_secret_post, the only client authentication EspoCRM sends", Doc{
			Why:     "EspoCRM sends client_id and client_secret in the POST body (client_secret_post) and supports nothing else: no HTTP Basic, no private_key_jwt. A provider whose token_endpoint_auth_methods_supported lacks client_secret_post refuses every code redemption (Keycloak: 'Parameter client_assertion_type is missing').",
			FixEspo: "Configure the client at the identity provider for client secret sent in the request body (client_secret_post).",
			Refs:    []string{"espocrm-oidc.md §2 step 7", "failure-modes.md §1 row 7"},
		}, checkClientAuth),
		probeRule("EO4005", "probe-algorithm-unsupported", Error, "an allowed signature algorithm is not one the provider signs ID tokens with", Doc{
			Why:     "EspoCRM accepts only tokens whose alg is in oidcJwtSignatureAlgorithmList. If none of the listed algorithms is in the provider's id_token_signing_alg_values_supported, every token is rejected ('JWT signing algorithm … not allowed.'); extra algorithms the provider never uses only widen what EspoCRM would accept.",
			FixEspo: uiOIDC + " → Signature Algorithms: exactly the algorithms the provider signs with (Entra: RS256).",
			Refs:    []string{"espocrm-oidc.md §2 step 9.3", "entra.md §1.3 (RS256 only)", "failure-modes.md §1 row 10"},
		}, checkAlgorithms),
		probeRule("EO4010", "probe-jwks-failed", Error, "the JWKS URL EspoCRM uses does not serve a usable key set", Doc{
			Why:     "EspoCRM fetches oidcJwksEndpoint with curl (10 s, no redirects) and fails the login with 'OIDC: JWKS request error.' or 'OIDC: JWKS bad response.' when the answer is not a JSON object with keys (HTTP 500 for the user).",
			FixEspo: uiOIDC + " → JSON Web Key Set Endpoint: the provider's jwks_uri (Entra: https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys).",
			Refs:    []string{"espocrm-oidc.md §2 (JWKS fetching and caching)", "entra.md §1.5"},
		}, checkJWKSFailed),
		probeRule("EO4011", "probe-jwks-key-without-kid", Error, "an RSA key of the JWKS has no kid: EspoCRM fails hard on it ('Bad JWK value.')", Doc{
			Why:     "EspoCRM picks the verification key by exact kid and throws 'Bad JWK value.' (HTTP 500) for an RSA key without one, even if another key would have matched.",
			FixEspo: "Configure the identity provider to publish a kid on every key (some, like early pocket-id, did not).",
			Refs:    []string{"espocrm-oidc.md §2 (JWKS: 'Bad JWK value.')", "failure-modes.md §1 row 9"},
		}, checkJWKSKid),
		&Rule{ID: "EO4012", Name: "probe-jwks-key-weak", Set: "probe", Severity: Error, Security: true, Needs: []Need{NeedProbe}, Since: probeSince,
			Summary: "the JWKS holds a weak, private or symmetric key",
			Doc: Doc{
				Why:        "A JWKS is public. An RSA modulus under 2048 bits can be factored; private members (d, p, q, …) or a symmetric (kty oct) key published there let anyone sign tokens EspoCRM would accept.",
				FixEspo:    "Fix the identity provider's signing keys (rotate them) before using it; the private key material must be considered compromised.",
				Refs:       []string{"entra.md §1.5 (key fields)", "failure-modes.md §1 rows 8–9"},
				Unverified: "The 2048-bit minimum is general cryptographic guidance, not taken from EspoCRM or Entra documentation.",
			},
			Check: checkJWKSWeak},
		probeRule("EO4013", "probe-jwks-differs-from-discovery", Warning, "the configured JWKS does not hold the same keys as the provider's jwks_uri", Doc{
			Why:     "Tokens are signed with keys from the provider's jwks_uri. Keys published there but missing from the JWKS EspoCRM uses fail with 'JWT signature not verified.' once the provider signs with them. For Entra apps with custom signing keys (claims mapping), the JWKS must carry ?appid=<client id>.",
			FixEspo: uiOIDC + " → JSON Web Key Set Endpoint: the jwks_uri of the discovery document (with ?appid=<client id> for apps with custom signing keys).",
			Refs:    []string{"entra.md §1.1 (?appid=)", "entra.md §1.5", "failure-modes.md §1 row 8", "failure-modes.md §3 item 6"},
		}, checkJWKSDiffers),
		probeRule("EO4020", "probe-token-invalid-secret", Error, "the token endpoint refused the client secret", Doc{
			Why:      "EspoCRM redeems every login's code with this secret. Entra answers AADSTS7000215 for a wrong secret — very often the Secret ID (a GUID) pasted instead of the Value — and AADSTS7000218 for none; other providers answer invalid_client.",
			FixEspo:  uiOIDC + " → Client Secret: paste the secret's Value (it is saved to data/config-internal.php).",
			FixEntra: "App registrations → your app → Certificates & secrets: the Value column is shown only right after creation; create a new secret if it was not copied.",
			Refs:     []string{"entra.md §6 (AADSTS7000215, 7000218)", "entra-guide.md step 4", "failure-modes.md §1 row 6"},
		}, tokenRule(tokenSecret)),
		probeRule("EO4021", "probe-token-secret-expired", Error, "the client secret has expired (AADSTS7000222)", Doc{
			Why:      "Entra client secrets live at most 24 months. Once expired, every code redemption fails and nobody can sign in with OIDC.",
			FixEspo:  uiOIDC + " → Client Secret: paste a new secret's Value.",
			FixEntra: "App registrations → your app → Certificates & secrets → New client secret; note its expiry and set a reminder.",
			Refs:     []string{"entra.md §6 (AADSTS7000222)", "entra.md §5.5", "failure-modes.md §1 row 24"},
		}, tokenRule(tokenExpired)),
		probeRule("EO4022", "probe-token-app-not-found", Error, "the client ID is unknown to the tenant (AADSTS700016) or the app is disabled", Doc{
			Why:      "The token endpoint does not know an application with this client ID in this tenant: a typo, the display name or object ID instead of the Application (client) ID, another tenant's or cloud's endpoints, or a disabled app.",
			FixEspo:  uiOIDC + " → Client ID: the Application (client) ID; check that the endpoints carry the app's tenant.",
			FixEntra: "App registrations → your app → Overview: Application (client) ID and Directory (tenant) ID; Enterprise applications → the app → Properties: Enabled for users to sign in.",
			Refs:     []string{"entra.md §6 (AADSTS700016, 700011, 70001, 7000112)", "failure-modes.md §1 row 6"},
		}, tokenRule(tokenApp)),
		probeRule("EO4023", "probe-token-tenant-not-found", Error, "the tenant in the endpoints does not exist in this cloud (AADSTS90002)", Doc{
			Why:      "The tenant segment of the endpoints names no tenant of this Entra cloud: a typo, the subscription ID or a secret ID instead of the Directory (tenant) ID, or a tenant of another national cloud (AADSTS90038).",
			FixEspo:  "Put the Directory (tenant) ID in all endpoints.",
			FixEntra: "Microsoft Entra admin center → Overview: Tenant ID.",
			Refs:     []string{"entra.md §1.9", "entra.md §6 (AADSTS90002, 90038, 900023)"},
		}, tokenRule(tokenTenant)),
		probeRule("EO4024", "probe-token-request-failed", Error, "a token request failed for another reason", Doc{
			Why:      "The token endpoint refused the request. The AADSTS code (Entra) or OAuth error says why: a single-tenant app on /common (AADSTS50194), a public client that may not send a secret (700025), a SPA redirect URI (9002327), a client-credentials scope without /.default (1002012), a PKCE mismatch (501481), a reused code (54005), and more.",
			FixEspo:  "Follow the finding's fix; `espo-oidc explain AADSTS<code>` explains each code.",
			FixEntra: "See the finding; the Entra sign-in logs carry the same code.",
			Refs:     []string{"entra.md §6", "entra.md §7", "failure-modes.md §1 row 6"},
		}, tokenRule(tokenOther)),
		probeRule("EO4025", "probe-redirect-uri-mismatch", Error, "EspoCRM's redirect URI is not registered at the identity provider (AADSTS50011)", Doc{
			Why:      "EspoCRM sends rtrim(siteUrl,'/') + '/oauth-callback.php' as redirect_uri. The provider accepts only registered URIs, compared exactly (scheme, host, port, path, case, trailing slash).",
			FixEspo:  "Administration → Settings → Site URL must be the URL users browse; the redirect URI follows from it.",
			FixEntra: "App registrations → your app → Authentication → Web → Redirect URIs: add exactly the URI in the finding (Web platform, not SPA).",
			Refs:     []string{"espocrm-oidc.md §2 step 3", "entra.md §5.4", "entra.md §6 (AADSTS50011)", "failure-modes.md §1 row 16"},
		}, checkRedirectMismatch),
		probeRule("EO4026", "probe-authorization-error", Error, "the sign-in came back to the redirect URI with an error", Doc{
			Why:        "The identity provider redirected to oauth-callback.php with error= instead of a code: consent refused or required, user not assigned, Conditional Access, an unknown scope. EspoCRM's login page reads the non-standard errorDescription parameter, so users see only 'Error'.",
			FixEspo:    "Follow the finding's fix for the code.",
			FixEntra:   "Entra sign-in logs: the same AADSTS code, with the user and the policy involved.",
			Refs:       []string{"espocrm-oidc.md §2 step 5", "entra.md §6", "entra.md §7 (authorize-endpoint errors)", "entra.md §9 (GET the authorize URL)"},
			Unverified: "Reading errors from a browserless GET of the authorize URL is a technique entra.md §9 marks unverified; Entra may show some errors only after sign-in.",
		}, checkAuthorizationError),
		&Rule{ID: "EO4030", Name: "probe-id-token-strict-rejected", Set: "probe", Severity: Warning, Needs: []Need{NeedProbe, NeedIDToken}, Since: probeSince,
			Summary: "strict OpenID validation (go-oidc) rejects the ID token",
			Doc: Doc{
				Why:     "go-oidc checks what the OpenID Connect specification requires: the exact issuer, the audience, expiry without leeway, the signature with the provider's published keys and algorithms, and here also the nonce and Entra's per-key issuer. A token strict validation rejects is one a well-behaved relying party would refuse; EspoCRM may still accept it (see probe-id-token-foreign-issuer).",
				FixEspo: "Follow the reason given; usually the endpoints point at another tenant or version than the tokens come from.",
				Refs:    []string{"entra.md §8", "failure-modes.md §3"},
			},
			Check: checkStrictRejected},
		&Rule{ID: "EO4031", Name: "probe-id-token-espo-rejected", Set: "probe", Severity: Error, Needs: []Need{NeedProbe, NeedIDToken}, Since: probeSince,
			Summary: "EspoCRM would reject the ID token: the login fails after the identity provider's sign-in",
			Doc: Doc{
				Why:     "EspoCRM validates the ID token in a fixed order: exp and nbf with 240 s leeway, the client ID in aud, non-empty sub and iss, alg in oidcJwtSignatureAlgorithmList, the signature with the JWKS key of the exact kid (cached, never refetched on an unknown kid) or HMAC with the client secret, then the nonce. Any failure logs 'OIDC: …' and the user sees 'Failed to log in'.",
				FixEspo: "The finding names the failing check and the setting to change.",
				Refs:    []string{"espocrm-oidc.md §2 steps 8–10", "espocrm-oidc.md §10.3", "failure-modes.md §1 rows 8, 10, 12, 13"},
			},
			Check: checkEspoRejected},
		&Rule{ID: "EO4032", Name: "probe-id-token-foreign-issuer", Set: "probe", Severity: Error, Security: true, Needs: []Need{NeedProbe, NeedIDToken}, Since: probeSince,
			Summary: "EspoCRM accepts an ID token from another issuer or tenant than the configured one",
			Doc: Doc{
				Why:      "EspoCRM checks only that iss is non-empty; it never compares it with an expected issuer or tenant. A token from another tenant that carries the client ID in aud (a multi-tenant app, /common endpoints) signs in whoever matches the username claim — with email or UPN matching that is an account takeover.",
				FixEspo:  "Use tenant-specific endpoints; prefer an immutable username claim; do not enable oidcCreateUser for multi-tenant apps.",
				FixEntra: "Make the app single-tenant (Authentication → Supported account types: this organizational directory only).",
				Refs:     []string{"espocrm-oidc.md §2 step 9.2", "entra.md §1.2", "entra.md §2.5 (nOAuth)", "failure-modes.md §1 row 14"},
			},
			Check: checkForeignIssuer},
		&Rule{ID: "EO4040", Name: "probe-username-claim-missing", Set: "probe", Severity: Error, Needs: []Need{NeedProbe, NeedIDToken}, Since: probeSince,
			Summary: "the username claim is missing from the ID token and userinfo (or is not a string)",
			Doc: Doc{
				Why:      "EspoCRM takes oidcUsernameClaim from the ID token, then from userinfo (9.1+). When neither has it the login ends with 'No username claim `<claim>` in token and userinfo.' (HTTP 500). Entra sends preferred_username only with the profile scope on v2 endpoints, and email only with the email scope or optional claim and a mail attribute.",
				FixEspo:  uiOIDC + " → Username Claim: a claim the token carries (the finding lists them); add the scope it needs.",
				FixEntra: "Token configuration → Add optional claim (ID token): email or upn, as needed.",
				Refs:     []string{"espocrm-oidc.md §4 (Matching)", "espocrm-oidc.md §2 step 11", "entra.md §2.2", "entra.md §2.3", "failure-modes.md §1 rows 1, 4"},
			},
			Check: checkUsernameClaim},
		&Rule{ID: "EO4041", Name: "probe-user-outcome", Set: "probe", Severity: Error, Needs: []Need{NeedProbe, NeedIDToken}, Since: probeSince,
			Summary: "what EspoCRM would do with the signed-in user: found, not found, created, inactive, admin or portal refused",
			Doc: Doc{
				Why:     "EspoCRM normalises the username claim (lowercase, characters outside userNameRegularExpression → '_') and looks the user up by userName. Not found (without oidcCreateUser), inactive, admins without oidcAllowAdminUser, super-admins, portal and API users are refused with only 'Failed to log in'; sync fails with 'Username mismatch' when the stored userName differs in case.",
				FixEspo: "Make the EspoCRM userName equal the normalised claim value shown, or choose another username claim; for admins enable 'Allow OIDC login for admin users'.",
				Refs:    []string{"espocrm-oidc.md §4", "failure-modes.md §1 rows 1–3", "entra-guide.md step 0"},
			},
			Check: checkUserOutcome},
		&Rule{ID: "EO4042", Name: "probe-username-too-long", Set: "probe", Severity: Warning, Needs: []Need{NeedProbe, NeedIDToken}, Since: probeSince,
			Summary: "the normalised username is longer than User.userName's max length",
			Doc: Doc{
				Why:     "Creating or syncing a user validates the username: 'Value in username claim exceeds max length of `50`.' Long UPNs and email addresses hit the default of 50.",
				FixEspo: "Administration → Entity Manager → User → Fields → User Name: raise Max Length (up to 255), or use a shorter claim.",
				Refs:    []string{"espocrm-oidc.md §4 (maxLength)", "failure-modes.md §1 row 5"},
			},
			Check: checkUsernameLength},
		&Rule{ID: "EO4043", Name: "probe-group-claim", Set: "probe", Severity: Warning, Needs: []Need{NeedProbe, NeedIDToken}, Since: probeSince,
			Summary: "the group claim is missing, in overage, or maps to no team",
			Doc: Doc{
				Why:      "Team mapping compares oidcTeamsColumns[team].group with the values of oidcGroupClaim. Entra sends groups only when groupMembershipClaims is set, as object IDs (GUIDs), and replaces them by _claim_names/hasgroups past 200 groups; with team sync on, the user's teams are replaced by the mapped list on every login.",
				FixEspo:  uiOIDC + " → Teams: map each team to a group value the token carries (the finding lists them).",
				FixEntra: "Token configuration → Add groups claim; prefer 'Groups assigned to the application' to avoid overage.",
				Refs:     []string{"espocrm-oidc.md §4 (Sync, teams)", "entra.md §2.6", "failure-modes.md §1 row 19"},
			},
			Check: checkGroupClaim},
		probeRule("EO4050", "probe-clock-skew", Error, "the local clock differs from the identity provider's beyond EspoCRM's 240 s leeway", Doc{
			Why:     "EspoCRM checks exp and nbf with 240 s of leeway. A server clock off by more than that rejects fresh tokens ('JWT used before allowed time.') or accepts stale ones. The probe compares this machine's clock with the provider's Date header: run it on the EspoCRM server for a meaningful result.",
			FixEspo: "Synchronise the EspoCRM server's clock (NTP: systemd-timesyncd, chrony).",
			Refs:    []string{"espocrm-oidc.md §2 step 9.1", "failure-modes.md §1 row 12"},
		}, checkClockSkew),
		&Rule{ID: "EO4051", Name: "probe-userinfo-failed", Set: "probe", Severity: Error, Needs: []Need{NeedProbe, NeedIDToken}, Since: probeSince,
			Summary: "the userinfo call EspoCRM makes (9.1+) fails",
			Doc: Doc{
				Why:     "With oidcUserInfoEndpoint set, EspoCRM calls it on every login with the access token; a 4xx, a non-JSON answer or a missing access token fails the login (HTTP 500). Entra's userinfo lives on Microsoft Graph and works only with a Graph access token.",
				FixEspo: uiOIDC + " → UserInfo Endpoint: leave it empty unless a claim is only available there (the ID token is a superset on Entra).",
				Refs:    []string{"espocrm-oidc.md §2 step 11", "entra.md §1.6", "failure-modes.md §1 row 20"},
			},
			Check: checkUserInfo},
		probeRule("EO4060", "probe-incomplete", Error, "the probe could not complete a step (network, TLS or timeout)", Doc{
			Why:     "A step got no answer: DNS, connection, TLS verification or the 10 s timeout EspoCRM uses too. EspoCRM, on the same network, would fail the same way ('Status: 0').",
			FixEspo: "Check DNS, firewall and proxy (HTTPS_PROXY) from the EspoCRM server; for a private CA pass --ca-file (and install it in the server's CA bundle).",
			Refs:    []string{"espocrm-oidc.md §2 step 7 (curl options)", "espocrm-oidc.md §2 (JWKS fetching)"},
		}, checkIncomplete),
	)
}

// ---- discovery ----

func checkDiscoveryFailed(p *Pass) {
	f := p.Probe
	if f.Issuer == "" {
		p.ReportKeySeverity("oidcTokenEndpoint", Info, "discovery skipped: the endpoints do not reveal the provider's issuer, so they cannot be compared with its discovery document",
			"run the probe with --issuer https://<issuer> (the URL before /.well-known/openid-configuration)")
		return
	}
	d := f.Discovery
	if d == nil || d.Valid || d.Failed {
		return // a transport failure is probe-incomplete's
	}
	msg := fmt.Sprintf("discovery at %s failed: %s", d.URL, d.Problem)
	fix := "check the issuer " + f.Issuer + " (" + f.IssuerFrom + ")"
	if d.AADSTS == 90002 {
		msg = fmt.Sprintf("Entra does not know the tenant in the endpoints (AADSTS90002, HTTP %d at %s)", d.Status, d.URL)
		fix = "put the Directory (tenant) ID — not a subscription ID or secret ID — in every endpoint"
	}
	p.ReportKey("oidcAuthorizationEndpoint", msg, fix)
}

func checkIssuerMismatch(p *Pass) {
	d := p.Probe.Discovery
	if d == nil || !d.Valid || d.IssuerMatches {
		return
	}
	if d.IssuerTemplate {
		f := Finding{Key: "oidcAuthorizationEndpoint", Severity: Warning, Message: d.IssuerExplanation,
			Fix: "use https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/{authorize,token} and …/discovery/v2.0/keys, unless the app must admit several tenants"}
		reportAt(p, f)
		return
	}
	p.ReportKey("oidcAuthorizationEndpoint", d.IssuerExplanation, "use endpoints under the issuer "+d.Issuer)
}

func reportAt(p *Pass, f Finding) {
	if p.Settings != nil && f.Key != "" {
		loc := p.Settings.Locate(f.Key)
		f.File, f.Line, f.Column = loc.File, loc.Line, loc.Column
	}
	p.Report(f)
}

func checkEndpointDiffs(p *Pass) {
	d := p.Probe.Discovery
	if d == nil || !d.Valid {
		return
	}
	for _, df := range d.Diffs {
		sev := SeverityNone
		if df.Harmless {
			sev = Info
		}
		conf := df.Configured
		if conf == "" {
			conf = "(empty)"
		}
		p.ReportKeySeverity(df.Key, sev, fmt.Sprintf("%s: configured %s, the provider publishes %s", df.Note, conf, orNone(df.Discovered)),
			fmt.Sprintf("set %s to %s", df.Key, orNone(df.Discovered)))
	}
	for _, e := range d.InsecureEndpoints {
		p.ReportKeySeverity("oidcTokenEndpoint", Warning, "the discovery document lists a non-https endpoint: "+e, "serve the identity provider over https")
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func checkClientAuth(p *Pass) {
	d := p.Probe.Discovery
	if d == nil || !d.Valid || d.ClientSecretPostAllowed {
		return
	}
	methods := strings.Join(d.AuthMethods, ", ")
	if !d.AuthMethodsGiven {
		methods = "nothing (the default is client_secret_basic only)"
	}
	p.ReportKey("oidcTokenEndpoint", "the provider's token_endpoint_auth_methods_supported lists "+methods+"; EspoCRM only sends client_secret_post, so code redemption will be refused",
		"configure the client at the identity provider to accept the client secret in the request body (client_secret_post)")
}

func checkAlgorithms(p *Pass) {
	d := p.Probe.Discovery
	if d == nil || !d.Valid || len(d.SigningAlgs) == 0 || len(d.AlgsNotSupported) == 0 {
		return
	}
	if len(d.AlgsUsable) == 0 {
		p.ReportKey("oidcJwtSignatureAlgorithmList", fmt.Sprintf("none of the allowed algorithms %v is one the provider signs with (%v): every ID token is rejected", p.OIDC().Algorithms, d.SigningAlgs),
			fmt.Sprintf("allow %s", d.SigningAlgs[0]))
		return
	}
	p.ReportKeySeverity("oidcJwtSignatureAlgorithmList", Warning, fmt.Sprintf("%v are allowed but the provider signs only with %v; the extra algorithms only widen what EspoCRM accepts", d.AlgsNotSupported, d.SigningAlgs),
		fmt.Sprintf("allow only %v", d.AlgsUsable))
}

// ---- JWKS ----

func checkJWKSFailed(p *Pass) {
	j := p.Probe.JWKS
	if j == nil || j.Failed || (j.Valid && j.EspoFails == "" && len(j.Keys) > 0) {
		return // a transport failure is probe-incomplete's
	}
	if j.Valid && j.EspoFails != "" {
		return // probe-jwks-key-without-kid reports it
	}
	msg := fmt.Sprintf("the JWKS at %s is unusable: %s", j.URL, j.Problem)
	if j.EspoFails != "" {
		msg += fmt.Sprintf("; EspoCRM fails with '%s'", j.EspoFails)
	}
	fix := "set oidcJwksEndpoint to the provider's jwks_uri"
	if d := p.Probe.Discovery; d != nil && d.JwksURI != "" {
		fix = "set oidcJwksEndpoint to " + d.JwksURI
	}
	p.ReportKey("oidcJwksEndpoint", msg, fix)
}

func checkJWKSKid(p *Pass) {
	for _, j := range []*probe.JWKS{p.Probe.JWKS} {
		if j == nil {
			continue
		}
		n := 0
		for _, k := range j.Keys {
			if k.Kty == "RSA" && k.Kid == "" {
				n++
			}
		}
		if n > 0 {
			p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("%d RSA key(s) at %s have no kid: EspoCRM throws 'Bad JWK value.' (HTTP 500) on every login", n, j.URL),
				"make the identity provider publish a kid on every signing key")
		}
	}
}

func checkJWKSWeak(p *Pass) {
	for _, j := range []*probe.JWKS{p.Probe.JWKS, p.Probe.DiscoveryJWKS} {
		if j == nil {
			continue
		}
		for _, k := range j.Keys {
			name := k.Kid
			if name == "" {
				name = "(no kid)"
			}
			switch {
			case k.Private:
				p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("key %s at %s publishes private key material (d, p, q…): anyone can sign tokens with it", name, j.URL), "rotate the identity provider's signing key at once and publish only the public part")
			case k.Symmetric:
				p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("key %s at %s is a symmetric (kty oct) key in a public key set", name, j.URL), "remove symmetric keys from the JWKS and rotate them")
			case k.Kty == "RSA" && k.Bits > 0 && k.Bits < 2048:
				p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("key %s at %s has an RSA modulus of only %d bits", name, j.URL, k.Bits), "rotate to a key of at least 2048 bits")
			}
		}
	}
}

func checkJWKSDiffers(p *Pass) {
	j := p.Probe.JWKS
	if j == nil || j.SameAsDiscovery == nil || *j.SameAsDiscovery {
		return
	}
	msg := fmt.Sprintf("the JWKS at %s is not the provider's key set", j.URL)
	if len(j.OnlyInDiscovery) > 0 {
		msg += fmt.Sprintf("; keys %v signed by the provider are missing, and tokens signed with them fail with 'JWT signature not verified.'", j.OnlyInDiscovery)
	}
	if len(j.OnlyHere) > 0 {
		msg += fmt.Sprintf("; keys %v are not the provider's", j.OnlyHere)
	}
	fix := "set oidcJwksEndpoint to the provider's jwks_uri"
	if d := p.Probe.Discovery; d != nil && d.JwksURI != "" {
		fix = "set oidcJwksEndpoint to " + d.JwksURI
	}
	if o := p.OIDC(); p.Provider().Family() == string(entra.Entra) && !strings.Contains(o.JwksEndpoint, "appid=") {
		fix += " (if the app uses custom signing keys, add ?appid=" + o.ClientID + ")"
	}
	p.ReportKey("oidcJwksEndpoint", msg, fix)
}

// ---- token requests ----

type tokenClass int

const (
	tokenSecret tokenClass = iota
	tokenExpired
	tokenApp
	tokenTenant
	tokenOther
	tokenRedirect
	tokenNone
)

func classifyToken(t *probe.TokenResult) tokenClass {
	if t.OK || t.Failed {
		return tokenNone
	}
	switch t.AADSTS {
	case 7000215, 70002, 7000218:
		return tokenSecret
	case 7000222:
		return tokenExpired
	case 700016, 700011, 70001, 7000112:
		return tokenApp
	case 90002, 90038:
		return tokenTenant
	case 50011, 70004, 500113, 500112:
		return tokenRedirect
	case 0:
		switch t.OAuthError {
		case "invalid_client":
			return tokenSecret
		case "unauthorized_client":
			return tokenApp
		}
		if t.OAuthError == "invalid_grant" && strings.Contains(strings.ToLower(t.Description), "redirect") {
			return tokenRedirect
		}
	}
	return tokenOther
}

var grantWords = map[string]string{
	"client_credentials": "the client-credentials request",
	"password":           "the password grant",
	"authorization_code": "the code redemption (as EspoCRM does it)",
}

func tokenRule(want tokenClass) func(*Pass) {
	return func(p *Pass) {
		reported := false
		defer func() {
			if a := p.Probe.Authorize; want == tokenApp && !reported && a != nil && a.ClientRejected {
				p.ReportKey("oidcClientId", fmt.Sprintf("the authorize endpoint refuses the client ID %q before anyone signs in (HTTP %d%s): %s", p.OIDC().ClientID, a.Status, aadstsSuffix(a.AADSTS), a.Text),
					"set oidcClientId to the client ID registered at the identity provider (Entra: Application (client) ID)")
			}
		}()
		for _, t := range p.Probe.Tokens {
			if classifyToken(t) != want {
				continue
			}
			key := "oidcTokenEndpoint"
			switch want {
			case tokenSecret, tokenExpired:
				key = "oidcClientSecret"
			case tokenApp:
				key = "oidcClientId"
			}
			msg, fix := describeTokenError(p, t)
			p.ReportKey(key, msg, fix)
			reported = true
		}
	}
}

func aadstsSuffix(code int) string {
	if code == 0 {
		return ""
	}
	return fmt.Sprintf(", AADSTS%d", code)
}

func describeTokenError(p *Pass, t *probe.TokenResult) (string, string) {
	what := grantWords[t.Grant]
	code := t.OAuthError
	if t.AADSTS != 0 {
		code = fmt.Sprintf("AADSTS%d", t.AADSTS)
		if t.OAuthError != "" {
			code += " " + t.OAuthError
		}
	}
	if code == "" {
		code = "no OAuth error"
	}
	msg := fmt.Sprintf("%s to %s failed: HTTP %d, %s", what, t.URL, t.Status, code)
	if t.Description != "" {
		msg += ": " + explain.Redact(t.Description)
	} else if t.Snippet != "" {
		msg += ": " + t.Snippet
	}
	if t.AADSTS == 7000215 || (t.AADSTS == 0 && t.OAuthError == "invalid_client") {
		if s := p.OIDC().ClientSecret; entra.IsGUID(s.Reveal()) {
			msg += fmt.Sprintf(" — the configured secret %s has the shape of a GUID: it is the Secret ID, not the Value", s)
		}
	}
	if t.EspoOutcome != "" {
		msg += " (" + t.EspoOutcome + ")"
	}
	fix := ""
	if e, ok := explain.AADSTS(t.AADSTS); ok && t.AADSTS != 0 {
		fix = e.Fix
	} else if e, ok := explain.ByID(t.OAuthError); ok && t.OAuthError != "" {
		fix = e.Fix
	}
	if fix == "" {
		fix = "see the identity provider's logs for this request"
		if t.AADSTS != 0 {
			fix = fmt.Sprintf("look the code up: espo-oidc explain AADSTS%d, or https://login.microsoftonline.com/error?code=%d", t.AADSTS, t.AADSTS)
		}
	}
	return msg, fix
}

func checkRedirectMismatch(p *Pass) {
	f := p.Probe
	uri := f.RedirectURI
	if uri == "" {
		uri = espo.RedirectURI(p.OIDC().SiteURL)
	}
	fix := fmt.Sprintf("register %s as a Web redirect URI of the app (exactly), or correct siteUrl", uri)
	for _, t := range f.Tokens {
		if classifyToken(t) == tokenRedirect {
			msg, _ := describeTokenError(p, t)
			p.ReportKey("siteUrl", msg, fix)
		}
	}
	if a := f.Authorize; a != nil && a.RedirectRejected {
		p.ReportKey("siteUrl", fmt.Sprintf("the authorize endpoint refuses EspoCRM's redirect URI %s before anyone signs in (HTTP %d%s): %s", espo.RedirectURI(p.OIDC().SiteURL), a.Status, aadstsSuffix(a.AADSTS), a.Text), fix)
	}
	if cb := f.Callback; cb != nil {
		switch {
		case cb.AADSTS == 50011 || cb.AADSTS == 70004 || cb.AADSTS == 500113:
			p.ReportKey("siteUrl", fmt.Sprintf("the identity provider refused the redirect URI %s (AADSTS%d)", uri, cb.AADSTS), fix)
		case cb.RedirectURI != "" && cb.HasCode && !sameRedirect(cb.RedirectURI, uri):
			p.ReportKeySeverity("siteUrl", Warning, fmt.Sprintf("the sign-in ended on %s, not on EspoCRM's redirect URI %s", cb.RedirectURI, uri), fix)
		}
	}
}

func sameRedirect(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/"))
}

func checkAuthorizationError(p *Pass) {
	if a := p.Probe.Authorize; a != nil && !a.OK && !a.Failed && !a.RedirectRejected && !a.ClientRejected {
		msg := fmt.Sprintf("the authorize endpoint answers EspoCRM's authorize URL with an error (HTTP %d%s)", a.Status, aadstsSuffix(a.AADSTS))
		if a.OAuthError != "" {
			msg += ": error=" + a.OAuthError
		}
		if a.Text != "" {
			msg += ": " + explain.Redact(a.Text)
		}
		fix := "see the identity provider's logs"
		if e, ok := explain.AADSTS(a.AADSTS); ok && a.AADSTS != 0 {
			fix = e.Fix
		} else if e, ok := explain.ByID(a.OAuthError); ok && a.OAuthError != "" {
			fix = e.Fix
		}
		p.ReportKey("oidcAuthorizationEndpoint", msg, fix)
	}
	cb := p.Probe.Callback
	if cb == nil {
		return
	}
	if !cb.StateOK && cb.HasCode {
		p.ReportKeySeverity("oidcAuthorizationEndpoint", Warning, "the state on the pasted URL is not the one sent: the URL belongs to another sign-in (EspoCRM would show 'State mismatch')", "paste the URL of the sign-in the probe started")
	}
	if cb.Error == "" || cb.AADSTS == 50011 || cb.AADSTS == 70004 || cb.AADSTS == 500113 {
		return
	}
	msg := "the sign-in returned error=" + cb.Error
	if cb.ErrorDescription != "" {
		msg += ": " + explain.Redact(cb.ErrorDescription)
	}
	msg += " (EspoCRM shows users only 'Error')"
	fix := "see the identity provider's sign-in logs"
	if e, ok := explain.AADSTS(cb.AADSTS); ok && cb.AADSTS != 0 {
		fix = e.Fix
	} else if e, ok := explain.ByID(cb.Error); ok {
		fix = e.Fix
	}
	p.ReportKey("oidcAuthorizationEndpoint", msg, fix)
}

// ---- ID token ----

func checkStrictRejected(p *Pass) {
	s, e := p.Probe.Strict, p.Probe.Espo
	if s == nil || s.Accepted {
		return
	}
	if e != nil && e.Accepted && foreignIssuer(p) != "" {
		return // probe-id-token-foreign-issuer reports it, as a security problem
	}
	p.ReportKey("oidcTokenEndpoint", "strict OpenID validation (go-oidc) rejects the ID token: "+strings.Join(s.Reasons, "; "),
		"make the endpoints match the issuer the tokens come from (tenant, version)")
}

var espoCheckKey = map[string]string{
	"aud": "oidcClientId", "alg": "oidcJwtSignatureAlgorithmList", "signature": "oidcJwksEndpoint",
	"sub": "oidcTokenEndpoint", "iss": "oidcTokenEndpoint", "exp": "", "nbf": "", "nonce": "", "parse": "oidcTokenEndpoint",
}

var espoCheckFix = map[string]string{
	"aud":       "set oidcClientId to the ID token's audience (Entra: the Application (client) ID)",
	"alg":       "allow the token's algorithm in oidcJwtSignatureAlgorithmList (Entra: RS256)",
	"signature": "point oidcJwksEndpoint at the provider's jwks_uri (clear EspoCRM's cache after a key rollover: Administration → Clear Cache)",
	"exp":       "synchronise the EspoCRM server's clock",
	"nbf":       "synchronise the EspoCRM server's clock",
	"sub":       "the identity provider must send a sub claim",
	"iss":       "the identity provider must send an iss claim",
	"nonce":     "a proxy or the provider mixes up sign-ins; try again in a private window",
	"parse":     "the provider must return a signed JWT (JWS) as id_token",
}

func checkEspoRejected(p *Pass) {
	e := p.Probe.Espo
	if e == nil || e.Accepted {
		return
	}
	for _, c := range e.Checks {
		if c.OK {
			continue
		}
		key := espoCheckKey[c.Name]
		msg := fmt.Sprintf("EspoCRM would reject the ID token (%s check): %s", c.Name, c.Detail)
		fix := espoCheckFix[c.Name]
		if c.Name == "signature" && p.Probe.AppKidFound && p.Probe.AppJWKS != nil {
			msg += "; the key is in the app's own key set " + p.Probe.AppJWKS.URL + " (the app has custom signing keys)"
			fix = "set oidcJwksEndpoint to " + p.Probe.AppJWKS.URL
		}
		if key == "" {
			p.Report(Finding{Message: msg, Fix: fix})
			continue
		}
		p.ReportKey(key, msg, fix)
	}
}

// foreignIssuer says why the token's issuer is foreign, or "".
func foreignIssuer(p *Pass) string {
	f := p.Probe
	iss := probe.ClaimString(f.IDToken, "iss")
	tid := probe.ClaimString(f.IDToken, "tid")
	if len(p.Options.ExpectedTenants) > 0 && tid != "" {
		ok := false
		for _, t := range p.Options.ExpectedTenants {
			ok = ok || strings.EqualFold(t, tid)
		}
		if !ok {
			return fmt.Sprintf("the token's tenant %s is not among the expected tenants %v", tid, p.Options.ExpectedTenants)
		}
	}
	want := f.Issuer
	if d := f.Discovery; d != nil && d.Valid && d.IssuerMatches {
		want = d.Issuer
	}
	if want == "" || strings.Contains(want, "{") || iss == "" {
		return ""
	}
	if ep, ok := entra.ParseEndpoint(want); ok && entra.IsGenericTenant(ep.Tenant) {
		return ""
	}
	if iss != want {
		return fmt.Sprintf("the token's iss %q is not the configured issuer %q", iss, want)
	}
	return ""
}

func checkForeignIssuer(p *Pass) {
	e := p.Probe.Espo
	if e == nil || !e.Accepted {
		return
	}
	why := foreignIssuer(p)
	if why == "" {
		d := p.Probe.Discovery
		if d != nil && d.IssuerTemplate && len(p.Options.ExpectedTenants) == 0 {
			tid := probe.ClaimString(p.Probe.IDToken, "tid")
			p.ReportKeySeverity("oidcAuthorizationEndpoint", Warning, fmt.Sprintf("EspoCRM accepted a token from tenant %s through multi-tenant endpoints; it would accept any other tenant's just the same (no tenant allow-list is configured for espo-oidc either)", orNone(tid)),
				"use tenant-specific endpoints, or list the expected tenants in espo-oidc's config (expectedTenants) to check them")
		}
		return
	}
	p.ReportKey("oidcAuthorizationEndpoint", "EspoCRM would accept this ID token although "+why+": EspoCRM never compares iss, so this tenant's users can sign in",
		"use tenant-specific endpoints of your own tenant and make the app single-tenant")
}

// ---- the user ----

func claimNames(m map[string]any) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return strings.Join(out, ", ")
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func checkUsernameClaim(p *Pass) {
	u := p.Probe.User
	if u == nil || u.Outcome != "claim-missing" {
		return
	}
	p.ReportKey("oidcUsernameClaim", u.Detail+"; the ID token carries: "+claimNames(p.Probe.IDToken),
		"set oidcUsernameClaim to one of the claims the token carries (preferred_username needs the profile scope; email the email scope or optional claim)")
}

var outcomeSeverity = map[string]Severity{
	"found": Info, "unknown": Info, "would-be-created": Info,
	"not-found": Error, "inactive": Error, "admin-not-allowed": Error, "super-admin": Error,
	"portal": Error, "wrong-type": Error, "username-mismatch": Error, "too-long": Error,
}

func checkUserOutcome(p *Pass) {
	u := p.Probe.User
	if u == nil || u.Outcome == "claim-missing" {
		return
	}
	sev := outcomeSeverity[u.Outcome]
	key, fix := "oidcUsernameClaim", "no change needed"
	switch u.Outcome {
	case "unknown":
		fix = "give --users FILE (an export of EspoCRM users: userName,type,isActive) to predict the outcome"
	case "not-found":
		key, fix = "oidcCreateUser", fmt.Sprintf("create the EspoCRM user %q, set its userName to that value, or enable oidcCreateUser", u.Normalized)
	case "would-be-created":
		key, fix = "oidcCreateUser", "no change needed if self-provisioning is intended; the new user gets no roles, only mapped teams"
	case "admin-not-allowed":
		key, fix = "oidcAllowAdminUser", "enable 'Allow OIDC login for admin users' (oidcAllowAdminUser), or use a regular account"
	case "super-admin":
		fix = "super-admins cannot sign in through OIDC; use a regular or admin account"
	case "inactive":
		fix = "activate the user in Administration → Users"
	case "portal", "wrong-type":
		fix = "sign in with a regular or admin user of the CRM"
	case "username-mismatch":
		fix = fmt.Sprintf("rename the EspoCRM user %q to %q (lowercase)", u.Matched, u.Normalized)
	case "too-long":
		fix = "raise User.userName's max length (Entity Manager → User → User Name, up to 255)"
	}
	msg := fmt.Sprintf("username claim %s = %q → normalised %q: %s", u.Claim, u.Raw, u.Normalized, u.Detail)
	p.ReportKeySeverity(key, sev, msg, fix)
}

func checkUsernameLength(p *Pass) {
	u := p.Probe.User
	if u == nil || !u.TooLong || u.Outcome == "too-long" {
		return
	}
	p.ReportKey("oidcUsernameClaim", fmt.Sprintf("the normalised username %q is %d characters, more than User.userName's max length %d: creating or syncing this user fails", u.Normalized, len(u.Normalized), u.MaxLength),
		"raise User.userName's max length (Entity Manager → User → User Name, up to 255)")
}

func checkGroupClaim(p *Pass) {
	t := p.Probe.Teams
	if t == nil || t.Claim == "" {
		return
	}
	o := p.OIDC()
	switch {
	case t.Overage:
		p.ReportKey("oidcGroupClaim", fmt.Sprintf("the token carries no %s claim but an overage marker (_claim_names/hasgroups): the user is in more than 200 groups and EspoCRM maps no team", t.Claim),
			"in Entra → Token configuration → groups claim, emit only 'Groups assigned to the application' and assign the mapped groups to the enterprise app")
	case !t.Present:
		p.ReportKey("oidcGroupClaim", fmt.Sprintf("the ID token has no %s claim: team mapping gives only the teams without a group", t.Claim),
			"in Entra → App registrations → Token configuration → Add groups claim (ID token)")
	}
	if t.Present && len(o.TeamsIDs) > 0 {
		mapped := 0
		for _, id := range t.Assigned {
			if o.TeamGroups[id] != "" {
				mapped++
			}
		}
		if mapped == 0 {
			p.ReportKeySeverity("oidcTeamsColumns", Info, fmt.Sprintf("none of the user's %d group value(s) %v matches a mapped team; teams assigned: %v", len(t.Groups), firstN(t.Groups, 5), t.Assigned),
				"map teams to the group values the token carries (Entra: group object IDs)")
		}
	}
	if len(t.Removed) > 0 {
		p.ReportKeySeverity("oidcSyncTeams", Warning, fmt.Sprintf("team sync would remove the user from %v (the team list is replaced on every login)", t.Removed),
			"add these teams to the mapping, or turn off oidcSyncTeams")
	}
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(append([]string{}, s[:n]...), "…")
	}
	return s
}

// ---- clock, userinfo, incompleteness ----

func checkClockSkew(p *Pass) {
	c := p.Probe.Clock
	if c == nil {
		return
	}
	abs := c.Skew
	if abs < 0 {
		abs = -abs
	}
	dir := "ahead of"
	if c.Skew < 0 {
		dir = "behind"
	}
	switch {
	case abs > probe.EspoLeeway:
		p.Report(Finding{Message: fmt.Sprintf("this machine's clock is %s %s the identity provider's (Date header of %s): beyond EspoCRM's 240 s leeway, fresh tokens are rejected", abs.Round(time.Second), dir, c.From),
			Fix: "synchronise the clock with NTP (and run the probe on the EspoCRM server)"})
	case abs > 60*time.Second:
		p.Report(Finding{Severity: Warning, Message: fmt.Sprintf("this machine's clock is %s %s the identity provider's: within EspoCRM's 240 s leeway, but drifting", abs.Round(time.Second), dir),
			Fix: "synchronise the clock with NTP"})
	}
}

func checkUserInfo(p *Pass) {
	u := p.Probe.UserInfo
	if u == nil || u.OK {
		return
	}
	p.ReportKey("oidcUserInfoEndpoint", u.Problem, "leave oidcUserInfoEndpoint empty, or fix the scopes so the access token is for the userinfo host (Entra: Graph)")
}

func checkIncomplete(p *Pass) {
	for _, fl := range p.Probe.Failures {
		key := ""
		switch fl.Step {
		case "jwks":
			key = "oidcJwksEndpoint"
		case "client-credentials", "password", "authorization-code":
			key = "oidcTokenEndpoint"
		case "discovery", "discovery-jwks", "authorize", "authorize-redirect":
			key = "oidcAuthorizationEndpoint"
		case "userinfo":
			key = "oidcUserInfoEndpoint"
		}
		msg := fmt.Sprintf("%s did not complete (%s): %s", fl.Step, fl.Kind, fl.Message)
		if fl.URL != "" {
			u, _, _ := strings.Cut(fl.URL, "?") // the authorize URL's one-off state and nonce would make the fingerprint unstable
			msg = fmt.Sprintf("%s %s did not complete (%s): %s", fl.Step, u, fl.Kind, fl.Message)
		}
		fix := "check DNS, firewall and proxy from the EspoCRM server; for a private CA pass --ca-file"
		if fl.Kind == "input" || fl.Kind == "canceled" {
			fix = "run the step again"
		}
		if key == "" {
			p.Report(Finding{Message: msg, Fix: fix})
		} else {
			p.ReportKey(key, msg, fix)
		}
	}
}
