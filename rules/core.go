package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
)

// Rule set "core": checks that hold for any identity provider.
// Facts: ../shared/reference/espocrm-oidc.md.

const uiOIDC = "Administration → Authentication → OIDC"

func init() {
	Register(
		&Rule{ID: "EO1001", Name: "method-value", Set: "core", Severity: Error, Needs: []Need{NeedSettings},
			Summary: "authenticationMethod must be exactly Espo, LDAP or Oidc (case-sensitive)",
			Doc: Doc{
				Why:     "EspoCRM picks the login class by the exact method name. 'oidc' or 'OIDC' is not 'Oidc': the factory then looks for a class Espo\\Core\\Authentication\\Logins\\<Name> that does not exist and every login fails with a fatal error.",
				FixEspo: "Administration → Authentication → Method: choose OIDC and save, or write 'authenticationMethod' => 'Oidc' in data/config.php.",
				Bad:     "'authenticationMethod' => 'oidc',", Good: "'authenticationMethod' => 'Oidc',",
				Refs:       []string{"espocrm-oidc.md §1.2 (authenticationMethod)", "espocrm-oidc.md §15 rule 1"},
				Unverified: "The fatal error for an unknown method name is inferred from LoginFactory, not run.",
			},
			Check: checkMethodValue},
		&Rule{ID: "EO1002", Name: "oidc-not-active", Set: "core", Severity: Info, Needs: []Need{NeedOIDC},
			Summary: "oidc* settings are set but OIDC is not the authentication method",
			Doc: Doc{
				Why:     "The OIDC settings have values but authenticationMethod is not Oidc, so the login page shows the password form and none of these settings is used. That is fine while preparing a switch; it is a surprise if you expected single sign-on.",
				FixEspo: "Administration → Authentication → Method: OIDC, when you are ready.",
				Refs:    []string{"espocrm-oidc.md §1.2 (authenticationMethod: absent ⇒ 'Espo')"},
			},
			Check: checkOIDCNotActive},
		&Rule{ID: "EO1003", Name: "setting-type", Set: "core", Severity: Error, Needs: []Need{NeedSettings},
			Summary: "a setting has a PHP type EspoCRM does not expect",
			Doc: Doc{
				Why:        "Hand-edited config files often hold 'true' (a string) where EspoCRM expects true, or 'RS256' where it expects ['RS256']. PHP converts silently: the non-empty string 'false' is true, and a string where a list is expected makes in_array()/array_unshift() throw a TypeError, so the login ends in HTTP 500.",
				FixEspo:    "Save the setting once through " + uiOIDC + " (the UI writes the right type), or correct the literal in the config file: true/false without quotes, lists as ['a', 'b'].",
				Bad:        "'oidcFallback' => 'false',\n'oidcJwtSignatureAlgorithmList' => 'RS256',",
				Good:       "'oidcFallback' => false,\n'oidcJwtSignatureAlgorithmList' => ['RS256'],",
				Refs:       []string{"espocrm-oidc.md §1.2 (Type column)", "espocrm-oidc.md §11"},
				Unverified: "The TypeError consequences are inferred from PHP's semantics and EspoCRM's strict types, not run.",
			},
			Check: checkSettingType},
		&Rule{ID: "EO1004", Name: "unknown-setting", Set: "core", Severity: Warning, Needs: []Need{NeedSettings},
			Summary: "an oidc* setting name EspoCRM does not know (a typo is silently ignored)",
			Doc: Doc{
				Why:     "EspoCRM reads settings by exact name. 'oidcClientID' or 'oidcScope' is never read: the real setting stays at its fallback and nothing says so.",
				FixEspo: "Rename the key to the one EspoCRM reads (the message suggests it), or remove it.",
				Refs:    []string{"espocrm-oidc.md §1.2 (key table)", "espocrm-oidc.md §13 (no key was renamed or removed)"},
			},
			Check: checkUnknownSetting},
		&Rule{ID: "EO1010", Name: "required-setting", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "a setting EspoCRM needs for every OIDC login is empty",
			Doc: Doc{
				Why:      "Without a client ID or authorization endpoint the OIDC button fails with HTTP 500 (No client ID. / No authorization endpoint.); without a token endpoint or username claim every login fails with HTTP 500 after the identity provider's sign-in. The admin UI marks these fields required, but the server does not check, so a hand-edited config gets through.",
				FixEspo:  uiOIDC + ": fill in Client ID, Authorization Endpoint, Token Endpoint and Username Claim.",
				FixEntra: "App registrations → your app → Overview: Application (client) ID; Endpoints: OAuth 2.0 authorization endpoint (v2) and token endpoint (v2).",
				Refs:     []string{"espocrm-oidc.md §1.2 (Req column, Absent ⇒)", "espocrm-oidc.md §10.1", "espocrm-oidc.md §15 rule 2"},
			},
			Check: checkRequired},
		&Rule{ID: "EO1011", Name: "algorithm-list-empty", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "no JWT signature algorithm is allowed, so every ID token is rejected",
			Doc: Doc{
				Why:     "EspoCRM accepts an ID token only if its alg is in oidcJwtSignatureAlgorithmList. An empty or missing list (the code's fallback is [], not the installer's ['RS256']) rejects every token: 'JWT signing algorithm `RS256` not allowed.', HTTP 401.",
				FixEspo: uiOIDC + " → JSON Web Key Set Signature Algorithms: RS256 (Entra signs with RS256 only).",
				Good:    "'oidcJwtSignatureAlgorithmList' => ['RS256'],",
				Refs:    []string{"espocrm-oidc.md §1.2 (oidcJwtSignatureAlgorithmList)", "espocrm-oidc.md §2 step 9.3"},
			},
			Check: checkAlgorithmsEmpty},
		&Rule{ID: "EO1012", Name: "algorithm-unknown", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "an allowed algorithm is not one EspoCRM supports (RS256/384/512, HS256/384/512)",
			Doc: Doc{
				Why:     "EspoCRM verifies only RSA PKCS#1 (RS*) and HMAC (HS*) signatures, and compares names case-sensitively. PS256, ES256 or 'rs256' never match a token's alg, so tokens signed that way are rejected.",
				FixEspo: uiOIDC + " → Signature Algorithms: pick from the list; configure the identity provider to sign ID tokens with RS256.",
				Refs:    []string{"espocrm-oidc.md §1.2 (multiEnum values)", "failure-modes.md §1 #10"},
			},
			Check: checkAlgorithmsUnknown},
		&Rule{ID: "EO1013", Name: "jwks-endpoint-missing", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "an RS* algorithm is allowed but no JSON Web Key Set URL is set",
			Doc: Doc{
				Why:      "RS256 signatures are checked with the identity provider's public keys from the JWKS URL. Without it every login fails with HTTP 500: 'JSON Web Key Set endpoint not specified in settings.'",
				FixEspo:  uiOIDC + " → JSON Web Key Set Endpoint.",
				FixEntra: "Use https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys (the jwks_uri of your tenant's discovery document).",
				Refs:     []string{"espocrm-oidc.md §1.2 (oidcJwksEndpoint)", "espocrm-oidc.md §10.1"},
			},
			Check: checkJwksMissing},
		&Rule{ID: "EO1014", Name: "hmac-algorithm-allowed", Set: "core", Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
			Summary: "an HS* algorithm is allowed: the client secret becomes a token signing key",
			Doc: Doc{
				Why:     "With HS256/384/512 allowed, EspoCRM accepts any ID token whose HMAC was made with the client secret. Whoever knows the secret (anyone who saw the config, a log, a support ticket) can mint tokens for any user. Entra never signs ID tokens with HMAC, so allowing it only widens what EspoCRM accepts.",
				FixEspo: uiOIDC + " → Signature Algorithms: remove HS256/HS384/HS512, keep RS256.",
				Refs:    []string{"espocrm-oidc.md §2 step 9.3 (HS* uses oidcClientSecret)", "failure-modes.md §1 #11"},
			},
			Check: checkHMAC},
		&Rule{ID: "EO1015", Name: "client-secret-missing", Set: "core", Severity: Error, Needs: []Need{NeedOIDC, NeedSecret},
			Summary: "no client secret: the admin UI does not require it, but every login fails without it",
			Doc: Doc{
				Why:      "Since 7.3.2 EspoCRM sends client_secret to the token endpoint and throws 'No client secret.' (HTTP 500) when it is empty. The admin UI does not mark the field required, so this is easy to miss.",
				FixEspo:  uiOIDC + " → Client Secret. EspoCRM stores it in data/config-internal.php.",
				FixEntra: "App registrations → your app → Certificates & secrets → New client secret; copy the secret's Value (not the Secret ID).",
				Refs:     []string{"espocrm-oidc.md §1.2 (oidcClientSecret)", "espocrm-oidc.md §10.1", "espocrm-oidc.md §13 (7.3.2)"},
			},
			Check: checkSecretMissing},
		&Rule{ID: "EO1020", Name: "endpoint-not-https", Set: "core", Severity: Error, Security: true, Needs: []Need{NeedOIDC},
			Summary: "an endpoint is not an absolute https URL (http is fine only for loopback)",
			Doc: Doc{
				Why:     "EspoCRM calls the token, JWKS and userinfo endpoints with curl without following redirects, and the browser opens the authorization endpoint. The admin UI's URL validator accepts values without a scheme. Plain http sends the client secret and tokens in clear text, and the usual http→https redirect breaks the call ('Bad token response').",
				FixEspo: uiOIDC + ": write every endpoint as https://host/path, copied from the provider's discovery document.",
				Refs:    []string{"espocrm-oidc.md §2 step 7 (no FOLLOWLOCATION)", "espocrm-oidc.md §11 (uriOptionalProtocol)", "espocrm-oidc.md §15 rule 3"},
			},
			Check: checkEndpointsHTTPS},
		&Rule{ID: "EO1021", Name: "authorization-endpoint-query", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "the authorization endpoint contains '?', so the login URL gets a second '?' and breaks",
			Doc: Doc{
				Why:        "The login page builds endpoint + '?' + parameters. An endpoint that already has a query string yields https://idp/authorize?x=1?client_id=..., and the provider sees a garbled first parameter.",
				FixEspo:    uiOIDC + " → Authorization Endpoint: remove the query string. Entra needs none.",
				Refs:       []string{"espocrm-oidc.md §2 step 4"},
				Unverified: "The broken URL is inferred from the client code, not run.",
			},
			Check: checkAuthzQuery},
		&Rule{ID: "EO1022", Name: "endpoint-placeholder", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "an endpoint still contains a placeholder such as {tenant} or <tenant-id>",
			Doc: Doc{
				Why:      "Documentation and discovery documents show templates like https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token. EspoCRM uses the text as it is: the provider answers 'tenant not found' (Entra AADSTS90002) or 404.",
				FixEspo:  uiOIDC + ": replace the placeholder with the real value (the UI validator refuses braces, so these come from hand edits).",
				FixEntra: "Directory (tenant) ID: Entra admin center → Overview; or copy the endpoints from App registrations → Endpoints.",
				Refs:     []string{"espocrm-oidc.md §15 rule 3", "entra.md §1.9 (AADSTS90002)"},
			},
			Check: checkPlaceholders},
		&Rule{ID: "EO1023", Name: "site-url-missing", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "siteUrl is empty: EspoCRM cannot build its redirect URI",
			Doc: Doc{
				Why:     "The redirect URI EspoCRM sends is rtrim(siteUrl, '/') + '/oauth-callback.php'. Without siteUrl it is '/oauth-callback.php', which no provider accepts.",
				FixEspo: "Administration → Settings → Site URL: the exact URL users open (scheme, host, port).",
				Refs:    []string{"espocrm-oidc.md §1.2 (siteUrl)", "espocrm-oidc.md §2 step 3"},
			},
			Check: checkSiteURLMissing},
		&Rule{ID: "EO1024", Name: "site-url-not-https", Set: "core", Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
			Summary: "siteUrl is not a plain https URL, so the redirect URI is not one either",
			Doc: Doc{
				Why:      "The redirect URI inherits siteUrl's scheme and host. Entra accepts http only for localhost; a query or fragment in siteUrl ends up before /oauth-callback.php. The login popup also completes only when siteUrl's origin equals the origin users browse.",
				FixEspo:  "Administration → Settings → Site URL: https://host[:port][/path], no query, no fragment, as users open it.",
				FixEntra: "Register the https redirect URI on the Web platform.",
				Refs:     []string{"espocrm-oidc.md §12 (same origin)", "entra.md §5.4 (redirect URI rules)", "espocrm-oidc.md §15 rule 4"},
			},
			Check: checkSiteURLScheme},
		&Rule{ID: "EO1025", Name: "redirect-uri", Set: "core", Severity: Info, Needs: []Need{NeedOIDC},
			Summary: "the exact redirect URI to register at the identity provider",
			Doc: Doc{
				Why:      "The provider compares the redirect URI byte for byte (Entra: case-sensitive, on the Web platform). This finding prints the URI EspoCRM sends, so it can be copied into the app registration.",
				FixEntra: "App registrations → your app → Authentication → Add a platform → Web → Redirect URIs: paste the URI.",
				Refs:     []string{"espocrm-oidc.md §2 step 3", "entra.md §5.4"},
			},
			Check: checkRedirectURI},
		&Rule{ID: "EO1030", Name: "scope-duplicate", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "a scope is listed twice, or openid is listed although EspoCRM always adds it",
			Doc: Doc{
				Why:     "EspoCRM prepends openid to oidcScopes on its own; listing it sends 'openid openid ...'. Duplicates are harmless for most providers but show a config nobody reviewed.",
				FixEspo: uiOIDC + " → Scopes: remove openid and duplicates.",
				Refs:    []string{"espocrm-oidc.md §1.2 (oidcScopes)", "espocrm-oidc.md §15 rule 5"},
			},
			Check: checkScopes},
		&Rule{ID: "EO1031", Name: "prompt-value", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "oidcAuthorizationPrompt is not one of none, consent, login, select_account",
			Doc: Doc{
				Why:     "EspoCRM sends the value as prompt= unchanged. Providers reject unknown values; Entra accepts exactly one value and answers AADSTS90023 for anything else, including two values separated by a space.",
				FixEspo: uiOIDC + " → Authorization Prompt: login or select_account for Entra.",
				Refs:    []string{"espocrm-oidc.md §1.2 (oidcAuthorizationPrompt)", "entra.md §4 (AADSTS90023)"},
			},
			Check: checkPromptValue},
		&Rule{ID: "EO1032", Name: "prompt-none", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "prompt=none fails for every user without an existing session at the provider",
			Doc: Doc{
				Why:     "prompt=none forbids any sign-in page. A user without a live provider session gets login_required / interaction_required, and EspoCRM shows only 'Error'.",
				FixEspo: uiOIDC + " → Authorization Prompt: login or select_account.",
				Refs:    []string{"espocrm-oidc.md §14 (prompt)", "entra.md §4"},
			},
			Check: checkPromptNone},
		&Rule{ID: "EO1033", Name: "max-age-value", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "oidcAuthorizationMaxAge is not a whole number of seconds ≥ 0",
			Doc: Doc{
				Why:     "max_age is sent as given whenever the key is not null (0 included). A negative or non-numeric value is rejected or ignored by the provider.",
				FixEspo: "The setting has no UI: edit 'oidcAuthorizationMaxAge' in data/config.php (an int, or remove the key).",
				Refs:    []string{"espocrm-oidc.md §1.2 (oidcAuthorizationMaxAge)", "espocrm-oidc.md §15 rule 7"},
			},
			Check: checkMaxAge},
		&Rule{ID: "EO1034", Name: "jwks-cache-period", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "oidcJwksCachePeriod is not a PHP relative time, or so long that key rollovers lock users out",
			Doc: Doc{
				Why:        "EspoCRM caches the JWKS for this period and does not refetch when a token's kid is unknown. After the provider rolls its keys, logins fail with 'JWT signature not verified.' until the cache expires. The value must be a PHP relative time such as '10 minutes'.",
				FixEspo:    "Edit 'oidcJwksCachePeriod' in data/config.php (no UI), e.g. '10 minutes'; after a key rollover, Administration → Clear Cache.",
				Refs:       []string{"espocrm-oidc.md §1.2 (oidcJwksCachePeriod)", "espocrm-oidc.md §2 (JWKS fetching and caching)"},
				Unverified: "What PHP does with an unparsable period is inferred, not run.",
			},
			Check: checkJwksCachePeriod},
		&Rule{ID: "EO1040", Name: "admin-lockout", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "no admin can log in: password fallback is off and admins may not use OIDC",
			Doc: Doc{
				Why:     "With oidcFallback false, nobody may log in with a password; with oidcAllowAdminUser false, admins may not log in through OIDC. Together no admin can reach Administration. The UI refuses to save this pair, but a hand-edited config, or a missing key (a missing oidcFallback means false), produces it.",
				FixEspo: uiOIDC + ": tick Fallback Login, or Allow OIDC login for admin users. Recovery without UI: 'oidcFallback' => true in data/config.php (or data/config-override.php on 8.2+); on 10.0: php command.php config:set oidcFallback true --type=bool.",
				Refs:    []string{"espocrm-oidc.md §5 (Lockout)", "espocrm-oidc.md §15 rule 8"},
			},
			Check: checkAdminLockout},
		&Rule{ID: "EO1041", Name: "super-admin-lockout", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "password fallback is off: super-admins can never log in",
			Doc: Doc{
				Why:     "EspoCRM never lets a super-admin log in through OIDC; with oidcFallback false they cannot use a password either. Regular admins still can through OIDC when allowed.",
				FixEspo: uiOIDC + " → Fallback Login, if super-admins need access.",
				Refs:    []string{"espocrm-oidc.md §5 (table: super-admin)", "espocrm-oidc.md §15 rule 8"},
			},
			Check: checkSuperAdminLockout},
		&Rule{ID: "EO1042", Name: "regular-fallback-ineffective", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "password fallback for regular users is on, but fallback itself is off: it does nothing",
			Doc: Doc{
				Why:     "oidcAllowRegularUserFallback only widens oidcFallback. Without oidcFallback, regular users still cannot use passwords; the UI marks this combination invalid.",
				FixEspo: uiOIDC + ": tick Fallback Login as well, or untick Allow fallback login for regular users.",
				Refs:    []string{"espocrm-oidc.md §1.2 (oidcAllowRegularUserFallback)", "espocrm-oidc.md §5"},
			},
			Check: checkRegularFallbackIneffective},
		&Rule{ID: "EO1043", Name: "password-fallback-bypasses-mfa", Set: "core", Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
			Summary: "regular users may log in with an EspoCRM password, bypassing the provider's MFA and policies",
			Doc: Doc{
				Why:      "With oidcFallback and oidcAllowRegularUserFallback both on, every regular user with an EspoCRM password can skip the identity provider, and with it MFA, Conditional Access and account disabling. The community guide turns this on for convenience; decide it deliberately.",
				FixEspo:  uiOIDC + ": untick Allow fallback login for regular users (admins keep the fallback).",
				FixEntra: "If fallback stays on, remember that Conditional Access does not apply to these logins.",
				Refs:     []string{"espocrm-oidc.md §5", "entra-guide.md step 7"},
			},
			Check: checkFallbackBypassesMFA},
		&Rule{ID: "EO1050", Name: "team-sync-empty-team-list", Set: "core", Severity: Error, Needs: []Need{NeedOIDC},
			Summary: "team sync is on with an empty team list: every user loses every team at each login",
			Doc: Doc{
				Why:     "With oidcSyncTeams, EspoCRM replaces a user's teams with the teams of oidcTeamsIds whose group matches. An empty list replaces them with nothing, at every login, silently.",
				FixEspo: uiOIDC + ": add the teams to Teams (with their IdP group), or untick Sync Teams.",
				Refs:    []string{"espocrm-oidc.md §4 (Sync, teams)", "espocrm-oidc.md §15 rule 9"},
			},
			Check: checkTeamSyncEmpty},
		&Rule{ID: "EO1051", Name: "team-sync-without-group-claim", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "team sync is on without a group claim: only teams with an empty group are assigned",
			Doc: Doc{
				Why:     "Without oidcGroupClaim the user's group list is empty, so only teams whose IdP Group is blank are kept; every team mapped to a group is removed at each login.",
				FixEspo: uiOIDC + " → Group Claim: groups (Entra) or your provider's group claim.",
				Refs:    []string{"espocrm-oidc.md §4 (teams)", "espocrm-oidc.md §15 rule 9"},
			},
			Check: checkTeamSyncNoClaim},
		&Rule{ID: "EO1052", Name: "group-claim-unmapped", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "a group claim is requested but no team is mapped to a group",
			Doc: Doc{
				Why:     "oidcGroupClaim makes EspoCRM request the claim (claims={\"id_token\":{...:{\"essential\":true}}}), but its values matter only when a team in Teams has an IdP Group. With no mapping the claim changes nothing.",
				FixEspo: uiOIDC + " → Teams: set the IdP Group of each team (Entra: the group's object ID), or clear Group Claim.",
				Refs:    []string{"espocrm-oidc.md §1.2 (oidcGroupClaim, oidcTeamsColumns)"},
			},
			Check: checkGroupClaimUnmapped},
		&Rule{ID: "EO1053", Name: "sync-blanks-fields", Set: "core", Severity: Info, Needs: []Need{NeedOIDC},
			Summary: "user sync writes null into every field the provider does not send",
			Doc: Doc{
				Why:     "With oidcSync, each login copies email, phone_number, given_name, family_name, middle_name and gender into the user. A claim the provider does not send is written as null, clearing what an admin typed.",
				FixEspo: "Check which claims your provider sends (espo-oidc probe shows them), or untick Sync.",
				Refs:    []string{"espocrm-oidc.md §4 (Sync)", "espocrm-oidc.md §15 rule 10"},
			},
			Check: checkSyncBlanks},
		&Rule{ID: "EO1060", Name: "espo-2fa-with-oidc", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "EspoCRM's own 2FA is on: it applies only to password fallback logins (and breaks OIDC before 8.4)",
			Doc: Doc{
				Why:      "Since 8.4 an OIDC login skips EspoCRM 2FA; before 8.4 it asked for a second step that re-sent the same authorization code, which Entra refuses (AADSTS54005) and the login ended in HTTP 500. MFA belongs to the identity provider; the community guide turns EspoCRM 2FA off.",
				FixEspo:  "Administration → Authentication → 2-Factor Authentication: untick, unless fallback password logins need it.",
				FixEntra: "Require MFA with Conditional Access or security defaults instead.",
				Refs:     []string{"espocrm-oidc.md §7", "entra-guide.md step 1"},
			},
			Check: check2FA},
		&Rule{ID: "EO1061", Name: "forced-2fa-with-oidc", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "forced 2FA makes OIDC users set up a second factor that is never asked for",
			Doc: Doc{
				Why:        "auth2FAForced still flags regular users as needing 2FA setup after an OIDC login, although OIDC logins never check it: users are pushed to enrol a factor that is never used.",
				FixEspo:    "Administration → Authentication → 2-Factor Authentication: untick Force for regular users.",
				Refs:       []string{"espocrm-oidc.md §7", "espocrm-oidc.md §15 rule 11"},
				Unverified: "The setup prompt is inferred from AppService::getAppParams, not observed.",
			},
			Check: checkForced2FA},
		&Rule{ID: "EO1062", Name: "pkce-off", Set: "core", Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
			Summary: "PKCE is off (a missing oidcAuthorizationPkce means off)",
			Doc: Doc{
				Why:     "PKCE (S256) binds the authorization code to the browser session that asked for it, so an intercepted code cannot be redeemed. EspoCRM 10.0 supports it and the UI defaults it on, but a config without the key (older installs, hand-written files) runs without. PKCE needs PHP sessions shared by all app servers. Before 10.0 the setting does not exist.",
				FixEspo: uiOIDC + " → Authorization PKCE (EspoCRM 10.0+).",
				Refs:    []string{"espocrm-oidc.md §1.2 (oidcAuthorizationPkce)", "espocrm-oidc.md §2 step 3", "espocrm-oidc.md §15 rule 13"},
			},
			Check: checkPKCE},
		&Rule{ID: "EO1063", Name: "logout-url-placeholder", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC},
			Summary: "the logout URL has a placeholder EspoCRM does not replace, or is not https",
			Doc: Doc{
				Why:     "EspoCRM replaces only {siteUrl} and {clientId} (URL-encoded) in oidcLogoutUrl; anything else such as {tenant} or {redirect} is sent literally and the provider shows an error after logout.",
				FixEspo: uiOIDC + " → Logout URL, e.g. https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}.",
				Refs:    []string{"espocrm-oidc.md §8", "espocrm-oidc.md §15 rule 15"},
			},
			Check: checkLogoutURL},
		&Rule{ID: "EO1064", Name: "secret-in-config-php", Set: "core", Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
			Summary: "the client secret is in data/config.php instead of data/config-internal.php",
			Doc: Doc{
				Why:     "EspoCRM writes oidcClientSecret to data/config-internal.php, which holds the internal and system settings. A secret in config.php (or config-override.php) was put there by hand; that file is more often copied, shared in support tickets and kept in backups.",
				FixEspo: "Move 'oidcClientSecret' to data/config-internal.php, or re-enter it in " + uiOIDC + " and remove the line from config.php.",
				Refs:    []string{"espocrm-oidc.md §1.1 (level internal)", "espocrm-oidc.md §11"},
			},
			Check: checkSecretFile},
		&Rule{ID: "EO1065", Name: "secret-looks-like-guid", Set: "core", Severity: Warning, Needs: []Need{NeedOIDC, NeedSecret},
			Summary: "the client secret has the shape of a GUID: almost surely the Secret ID, not the secret's value",
			Doc: Doc{
				Why:      "Entra shows two columns for a client secret: Value (shown once, ~40 characters with '~') and Secret ID (a GUID). Pasting the Secret ID gives AADSTS7000215 'Invalid client secret provided' at every login. Other providers rarely use GUID-shaped secrets.",
				FixEspo:  uiOIDC + " → Client Secret: paste the secret's Value.",
				FixEntra: "Certificates & secrets → New client secret; copy the Value column at once (it is shown only once).",
				Refs:     []string{"entra-guide.md step 4", "entra.md §6 (AADSTS7000215)", "failure-modes.md §1 #6"},
			},
			Check: checkSecretGUID},
		&Rule{ID: "EO1066", Name: "logger-level-hides-oidc", Set: "core", Severity: Info, Needs: []Need{NeedOIDC},
			Summary: "the log level hides why OIDC users are refused (INFO and DEBUG messages)",
			Doc: Doc{
				Why:     "At the default WARNING level EspoCRM does not log why a found user was refused (INFO: not active, admin not allowed, ...) nor 'OIDC: User not found.' (DEBUG). When diagnosing, raise the level, then set it back: DEBUG also logs token payloads.",
				FixEspo: "In data/config-internal.php set 'logger' => [..., 'level' => 'DEBUG'] while diagnosing, then back to 'WARNING'.",
				Refs:    []string{"espocrm-oidc.md §9", "espocrm-oidc.md §15 rule 14"},
			},
			Check: checkLoggerLevel},
	)
}

func checkMethodValue(p *Pass) {
	st := p.Settings.Get("authenticationMethod")
	if st == nil || !p.Settings.IsSet("authenticationMethod") {
		return
	}
	m := strings.TrimSpace(p.OIDC().Method)
	for _, ok := range []string{"Espo", "LDAP", "Oidc"} {
		if m == ok && p.OIDC().Method == ok {
			return
		}
		if strings.EqualFold(m, ok) {
			p.ReportKey("authenticationMethod", fmt.Sprintf("authenticationMethod is '%s'; EspoCRM compares it case-sensitively, so it is not '%s' and every login fails with a fatal error", p.OIDC().Method, ok),
				fmt.Sprintf("write %s in %s", phpLine("authenticationMethod", "'"+ok+"'"), espo.FileFor("authenticationMethod")))
			return
		}
	}
	p.ReportKey("authenticationMethod", fmt.Sprintf("authenticationMethod is '%s', which is not a login method (Espo, LDAP or Oidc); every login fails", p.OIDC().Method),
		"Administration → Authentication → Method: choose OIDC (or Espo to switch OIDC off)")
}

func checkOIDCNotActive(p *Pass) {
	m := p.OIDC().Method
	if strings.EqualFold(strings.TrimSpace(m), "oidc") {
		return // active, or misspelled (method-value)
	}
	p.ReportKey("authenticationMethod", fmt.Sprintf("oidc* settings are filled in, but authenticationMethod is '%s': OIDC is not used and the login page shows the password form", m),
		"Administration → Authentication → Method: OIDC, when you are ready to switch")
}

func checkSettingType(p *Pass) {
	for _, ti := range p.Settings.TypeIssues() {
		sev := Error
		if ti.Want == espo.TInt || strings.Contains(ti.Effect, "non-sequential") {
			sev = Warning
		}
		fix := "save the setting once in " + uiOIDC + ", or write it as a " + ti.Want.String()
		if ki := espo.Key(ti.Key); ki != nil && ki.Type == espo.TBool {
			fix = "write true or false without quotes"
		} else if ki != nil && ki.Type == espo.TList {
			fix = "write a list, e.g. " + phpLine(ti.Key, "['RS256']")
			if ti.Key == "oidcScopes" {
				fix = "write a list, e.g. " + phpLine(ti.Key, "['profile', 'email']")
			}
		}
		p.ReportKeySeverity(ti.Key, sev, fmt.Sprintf("%s is a %s: %s", ti.Key, ti.Got, ti.Effect), fix)
	}
}

func checkUnknownSetting(p *Pass) {
	for _, k := range p.Settings.Order {
		if espo.Key(k) != nil || espo.KnownOIDCKey(k) {
			continue
		}
		if s := espo.SuggestKey(k); s != "" {
			p.ReportKey(k, fmt.Sprintf("'%s' is not a setting EspoCRM reads; did you mean '%s'? (names are case-sensitive)", k, s),
				fmt.Sprintf("rename the key to '%s'", s))
			continue
		}
		if strings.HasPrefix(strings.ToLower(k), "oidc") {
			p.ReportKey(k, fmt.Sprintf("'%s' is not an OIDC setting of EspoCRM 7.3–10.0; EspoCRM ignores it", k),
				"remove it, or rename it to the setting you meant (espo-oidc rules lists the settings each rule reads)")
		}
	}
}

var requiredKeys = []struct{ key, label, effect string }{
	{"oidcClientId", "Client ID", "the OIDC button fails with 'No client ID.' (HTTP 500)"},
	{"oidcAuthorizationEndpoint", "Authorization Endpoint", "the OIDC button fails with 'No authorization endpoint.' (HTTP 500)"},
	{"oidcTokenEndpoint", "Token Endpoint", "every login fails after sign-in with 'No token endpoint.' (HTTP 500)"},
	{"oidcUsernameClaim", "Username Claim", "every login fails with 'No username claim in config.' (HTTP 500)"},
}

func checkRequired(p *Pass) {
	for _, r := range requiredKeys {
		if p.Settings.IsSet(r.key) {
			continue
		}
		state := "is empty"
		if p.Settings.Get(r.key) == nil {
			state = "is not set"
		}
		p.ReportKey(r.key, fmt.Sprintf("%s %s: %s", r.key, state, r.effect), fmt.Sprintf("%s → %s", uiOIDC, r.label))
	}
}

func checkSecretMissing(p *Pass) {
	if !p.OIDC().ClientSecret.Empty() && strings.TrimSpace(p.OIDC().ClientSecret.Reveal()) != "" {
		return
	}
	p.ReportKey("oidcClientSecret", "oidcClientSecret is empty: every login fails with 'No client secret.' (HTTP 500) although the admin UI does not require the field",
		uiOIDC+" → Client Secret (Entra: the secret's Value, not its Secret ID); EspoCRM keeps it in data/config-internal.php")
}

func checkAlgorithmsEmpty(p *Pass) {
	if len(p.OIDC().Algorithms) > 0 {
		return
	}
	note := absentNote(p, "oidcJwtSignatureAlgorithmList", "an empty list; the installer's ['RS256'] does not apply at runtime")
	p.ReportKey("oidcJwtSignatureAlgorithmList", "no signature algorithm is allowed: EspoCRM rejects every ID token with 'JWT signing algorithm `RS256` not allowed.'"+note,
		"write "+phpLine("oidcJwtSignatureAlgorithmList", "['RS256']")+" in data/config.php, or pick RS256 in "+uiOIDC)
}

func checkAlgorithmsUnknown(p *Pass) {
	seen := map[string]bool{}
	for _, inv := range p.Settings.InvalidValues() {
		if inv.Key != "oidcJwtSignatureAlgorithmList" || seen[inv.Value] {
			continue
		}
		seen[inv.Value] = true
		msg := fmt.Sprintf("'%s' is not an algorithm EspoCRM supports (RS256, RS384, RS512, HS256, HS384, HS512); tokens signed with it are rejected", inv.Value)
		for _, ok := range []string{"RS256", "RS384", "RS512", "HS256", "HS384", "HS512"} {
			if strings.EqualFold(inv.Value, ok) {
				msg = fmt.Sprintf("'%s' is not '%s': EspoCRM compares algorithm names case-sensitively", inv.Value, ok)
			}
		}
		p.ReportKey("oidcJwtSignatureAlgorithmList", msg, "allow RS256 (the provider must sign ID tokens with RS256, RS384 or RS512)")
	}
}

func checkJwksMissing(p *Pass) {
	o := p.OIDC()
	if !hasRSA(o.Algorithms) || p.Settings.IsSet("oidcJwksEndpoint") {
		return
	}
	fix := uiOIDC + " → JSON Web Key Set Endpoint: the jwks_uri of the provider's discovery document"
	if prov := p.Provider(); prov.Family() == "entra" && prov.Tenant != "" {
		fix += fmt.Sprintf(" (Entra: https://%s/%s/discovery/v2.0/keys)", prov.Host, prov.Tenant)
	}
	p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("%s is allowed but oidcJwksEndpoint is empty: every login fails with 'JSON Web Key Set endpoint not specified in settings.' (HTTP 500)", strings.Join(o.Algorithms, ", ")), fix)
}

func checkHMAC(p *Pass) {
	var hs []string
	for _, a := range p.OIDC().Algorithms {
		if strings.HasPrefix(a, "HS") {
			hs = append(hs, a)
		}
	}
	if len(hs) == 0 {
		return
	}
	p.ReportKey("oidcJwtSignatureAlgorithmList", fmt.Sprintf("%s allowed: EspoCRM accepts any ID token signed with the client secret as HMAC key, so whoever knows the secret can log in as anyone", strings.Join(hs, ", ")),
		"remove the HS* algorithms and keep "+phpLine("oidcJwtSignatureAlgorithmList", "['RS256']"))
}

func checkEndpointsHTTPS(p *Pass) {
	o := p.OIDC()
	for _, k := range endpointKeys {
		v := endpointValue(o, k)
		if strings.TrimSpace(v) == "" || len(placeholders(v)) > 0 && !strings.Contains(v, "://") {
			continue
		}
		if prob := urlProblem(v); prob != "" {
			p.ReportKey(k, fmt.Sprintf("%s '%s' %s", k, v, prob), "write the endpoint as an absolute https:// URL, as the provider's discovery document gives it")
		}
	}
}

func checkAuthzQuery(p *Pass) {
	v := p.OIDC().AuthorizationEndpoint
	if !strings.Contains(v, "?") {
		return
	}
	p.ReportKey("oidcAuthorizationEndpoint", "the authorization endpoint contains '?': EspoCRM appends '?client_id=...', so the login URL gets two '?' and the provider sees a garbled parameter",
		"remove the query string from "+uiOIDC+" → Authorization Endpoint")
}

func checkPlaceholders(p *Pass) {
	o := p.OIDC()
	for _, k := range endpointKeys {
		v := endpointValue(o, k)
		if ph := placeholders(v); len(ph) > 0 {
			p.ReportKey(k, fmt.Sprintf("%s contains the placeholder %s, which EspoCRM sends literally", k, strings.Join(ph, ", ")),
				"replace it with the real value (Entra: the Directory (tenant) ID GUID from the Entra admin center → Overview)")
		}
	}
}

func checkSiteURLMissing(p *Pass) {
	if p.Settings.IsSet("siteUrl") {
		return
	}
	p.ReportKey("siteUrl", "siteUrl is empty: the redirect URI EspoCRM sends is '/oauth-callback.php', which no identity provider accepts",
		"Administration → Settings → Site URL: the exact URL users open, e.g. https://crm.example.com")
}

func checkSiteURLScheme(p *Pass) {
	site := strings.TrimSpace(p.OIDC().SiteURL)
	if site == "" {
		return
	}
	ru := espo.RedirectURI(site)
	if prob := urlProblem(site); prob != "" {
		p.ReportKey("siteUrl", fmt.Sprintf("siteUrl '%s' %s; the redirect URI would be %s", site, prob, ru),
			"Administration → Settings → Site URL: https://host as users open it")
		return
	}
	if strings.ContainsAny(site, "?#") {
		p.ReportKey("siteUrl", fmt.Sprintf("siteUrl '%s' has a query or fragment, so the redirect URI becomes %s", site, ru),
			"Administration → Settings → Site URL: scheme, host, port and path only")
	}
}

func checkRedirectURI(p *Pass) {
	site := strings.TrimSpace(p.OIDC().SiteURL)
	if site == "" {
		return
	}
	msg := "register this exact redirect URI at the identity provider: " + espo.RedirectURI(site)
	fix := "add it as a redirect URI of the OIDC client"
	if p.Provider().Family() == "entra" {
		fix = "Entra admin center → App registrations → your app → Authentication → Web platform → Redirect URIs"
	}
	p.ReportKey("siteUrl", msg, fix)
}

func checkScopes(p *Pass) {
	seen := map[string]bool{}
	for _, s := range p.OIDC().Scopes {
		switch {
		case s == "openid":
			p.ReportKey("oidcScopes", "oidcScopes lists openid, which EspoCRM always adds itself: the request says 'openid openid ...'", "remove openid from "+uiOIDC+" → Scopes")
		case seen[s]:
			p.ReportKey("oidcScopes", fmt.Sprintf("the scope '%s' is listed twice", s), "remove the duplicate from "+uiOIDC+" → Scopes")
		}
		seen[s] = true
	}
}

func checkPromptValue(p *Pass) {
	for _, inv := range p.Settings.InvalidValues() {
		if inv.Key != "oidcAuthorizationPrompt" {
			continue
		}
		msg := fmt.Sprintf("the prompt '%s' is not none, consent, login or select_account; the provider rejects the login request", inv.Value)
		if strings.ContainsAny(strings.TrimSpace(inv.Value), " ,") {
			msg = fmt.Sprintf("the prompt '%s' has several values; Entra accepts exactly one (AADSTS90023)", inv.Value)
		}
		p.ReportKey("oidcAuthorizationPrompt", msg, uiOIDC+" → Authorization Prompt: login or select_account")
	}
}

func checkPromptNone(p *Pass) {
	if p.OIDC().Prompt != "none" {
		return
	}
	p.ReportKey("oidcAuthorizationPrompt", "prompt=none: every user without a live session at the identity provider gets login_required and EspoCRM shows only 'Error'",
		uiOIDC+" → Authorization Prompt: login or select_account")
}

func checkMaxAge(p *Pass) {
	ma := p.OIDC().MaxAge
	if ma == nil || *ma >= 0 {
		return
	}
	p.ReportKey("oidcAuthorizationMaxAge", "oidcAuthorizationMaxAge is not a whole number of seconds ≥ 0; it is sent as max_age and the provider rejects or ignores it",
		"write an int, e.g. "+phpLine("oidcAuthorizationMaxAge", "3600")+", or remove the key")
}

var relTimeRe = regexp.MustCompile(`^\+?\s*(\d+)\s*(sec|secs|second|seconds|min|mins|minute|minutes|hour|hours|day|days|week|weeks|month|months|year|years)$`)

func checkJwksCachePeriod(p *Pass) {
	if !p.Settings.IsSet("oidcJwksCachePeriod") {
		return
	}
	v := strings.ToLower(strings.TrimSpace(p.OIDC().JwksCachePeriod))
	m := relTimeRe.FindStringSubmatch(v)
	if m == nil {
		p.ReportKey("oidcJwksCachePeriod", fmt.Sprintf("'%s' is not a PHP relative time such as '10 minutes'", p.OIDC().JwksCachePeriod),
			"write "+phpLine("oidcJwksCachePeriod", "'10 minutes'"))
		return
	}
	n, _ := strconv.Atoi(m[1])
	unit := map[byte]time.Duration{'s': time.Second, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}[m[2][0]]
	if strings.HasPrefix(m[2], "min") {
		unit = time.Minute
	} else if strings.HasPrefix(m[2], "mon") {
		unit = 30 * 24 * time.Hour
	}
	if d := time.Duration(n) * unit; d > 24*time.Hour {
		p.ReportKey("oidcJwksCachePeriod", fmt.Sprintf("the JWKS is cached for %s and EspoCRM does not refetch on an unknown kid: after a key rollover logins fail with 'JWT signature not verified.' for up to that long", p.OIDC().JwksCachePeriod),
			"use a period of at most a few hours (the default is '10 minutes')")
	}
}

func checkAdminLockout(p *Pass) {
	o := p.OIDC()
	if o.Fallback || o.AllowAdminUser {
		return
	}
	note := absentNote(p, "oidcFallback", "false; the installer's true does not apply at runtime")
	p.ReportKey("oidcFallback", "no admin can log in: password fallback is off and admins may not use OIDC"+note,
		"write "+phpLine("oidcFallback", "true")+" in data/config.php, or tick Allow OIDC login for admin users in "+uiOIDC)
}

func checkSuperAdminLockout(p *Pass) {
	o := p.OIDC()
	if o.Fallback || !o.AllowAdminUser {
		return // admin-lockout covers the other case
	}
	p.ReportKey("oidcFallback", "password fallback is off: super-admins can never log in (EspoCRM refuses super-admins through OIDC)"+absentNote(p, "oidcFallback", "false"),
		"tick Fallback Login in "+uiOIDC+" if super-admins need access")
}

func checkRegularFallbackIneffective(p *Pass) {
	o := p.OIDC()
	if !o.AllowRegularUserFallback || o.Fallback {
		return
	}
	p.ReportKey("oidcAllowRegularUserFallback", "fallback for regular users is on but oidcFallback is off, so it has no effect"+absentNote(p, "oidcFallback", "false"),
		"tick Fallback Login as well, or untick Allow fallback login for regular users")
}

func checkFallbackBypassesMFA(p *Pass) {
	o := p.OIDC()
	if !o.Fallback || !o.AllowRegularUserFallback {
		return
	}
	p.ReportKey("oidcAllowRegularUserFallback", "regular users can log in with an EspoCRM password, bypassing the identity provider's MFA, Conditional Access and account disabling",
		"untick Allow fallback login for regular users in "+uiOIDC+" unless you accept that")
}

func checkTeamSyncEmpty(p *Pass) {
	o := p.OIDC()
	if !o.SyncTeams || len(o.TeamsIDs) > 0 {
		return
	}
	p.ReportKey("oidcSyncTeams", "team sync is on and the team list is empty: every user loses all teams at each login",
		"add teams with their IdP group in "+uiOIDC+" → Teams, or untick Sync Teams")
}

func checkTeamSyncNoClaim(p *Pass) {
	o := p.OIDC()
	if !o.SyncTeams || len(o.TeamsIDs) == 0 || strings.TrimSpace(o.GroupClaim) != "" {
		return
	}
	mapped := 0
	for _, id := range o.TeamsIDs {
		if o.TeamGroups[id] != "" {
			mapped++
		}
	}
	p.ReportKey("oidcGroupClaim", fmt.Sprintf("team sync is on without a group claim: the group list is empty, so the %d team(s) mapped to a group are removed at each login and only unmapped teams are kept", mapped),
		uiOIDC+" → Group Claim (Entra: groups)")
}

func checkGroupClaimUnmapped(p *Pass) {
	o := p.OIDC()
	if strings.TrimSpace(o.GroupClaim) == "" {
		return
	}
	for _, id := range o.TeamsIDs {
		if o.TeamGroups[id] != "" {
			return
		}
	}
	p.ReportKey("oidcGroupClaim", fmt.Sprintf("the group claim '%s' is requested but no team in Teams has an IdP Group, so group membership changes nothing", o.GroupClaim),
		"set the IdP Group of each team in "+uiOIDC+" → Teams, or clear Group Claim")
}

func checkSyncBlanks(p *Pass) {
	if !p.OIDC().Sync || p.Provider().Family() == "entra" {
		return // entra-sync-missing-claims says it precisely for Entra
	}
	p.ReportKey("oidcSync", "user sync is on: at each login EspoCRM writes null into email, phone, first, middle and last name when the provider does not send email, phone_number, given_name, middle_name, family_name",
		"check the claims the provider sends (espo-oidc probe), or untick Sync")
}

func check2FA(p *Pass) {
	if !p.OIDC().Auth2FA {
		return
	}
	p.ReportKey("auth2FA", "EspoCRM 2FA is on: since 8.4 OIDC logins skip it (it protects only password fallback logins); before 8.4 it breaks OIDC logins (code redeemed twice, AADSTS54005, HTTP 500)",
		"Administration → Authentication → 2-Factor Authentication: untick, and require MFA at the identity provider")
}

func checkForced2FA(p *Pass) {
	if !p.OIDC().Auth2FAForced {
		return
	}
	p.ReportKey("auth2FAForced", "2FA is forced for regular users: OIDC users are asked to set up a second factor that OIDC logins never check",
		"Administration → Authentication → 2-Factor Authentication: untick Force")
}

func checkPKCE(p *Pass) {
	if p.OIDC().PKCE {
		return
	}
	msg := "PKCE is off: an intercepted authorization code can be redeemed by whoever has the client secret"
	if p.Settings.Get("oidcAuthorizationPkce") == nil {
		msg = "oidcAuthorizationPkce is not set, which EspoCRM 10.0 reads as off (the UI's default is on): " + msg[len("PKCE is off: "):]
	}
	p.ReportKey("oidcAuthorizationPkce", msg, "tick Authorization PKCE in "+uiOIDC+" (EspoCRM 10.0+; needs PHP sessions shared by all app servers)")
}

func checkLogoutURL(p *Pass) {
	v := strings.TrimSpace(p.OIDC().LogoutURL)
	if v == "" {
		return
	}
	var unknown []string
	for _, ph := range placeholders(v) {
		if ph != "{siteUrl}" && ph != "{clientId}" {
			unknown = append(unknown, ph)
		}
	}
	if len(unknown) > 0 {
		p.ReportKey("oidcLogoutUrl", fmt.Sprintf("the logout URL contains %s; EspoCRM replaces only {siteUrl} and {clientId} and sends the rest literally", strings.Join(unknown, ", ")),
			"replace the placeholder with its value; keep {siteUrl} for post_logout_redirect_uri")
		return
	}
	probe := strings.NewReplacer("{siteUrl}", "x", "{clientId}", "x").Replace(v)
	if prob := urlProblem(probe); prob != "" {
		p.ReportKey("oidcLogoutUrl", "the logout URL "+prob, "write it as an absolute https:// URL (the provider's end_session_endpoint)")
	}
}

func checkSecretFile(p *Pass) {
	st := p.Settings.Get("oidcClientSecret")
	if st == nil || !p.Settings.IsSet("oidcClientSecret") {
		return
	}
	switch st.Source.Role {
	case espo.RoleConfig, espo.RoleConfigOverride:
		p.ReportKey("oidcClientSecret", fmt.Sprintf("the client secret is written in %s; EspoCRM keeps it in data/config-internal.php, and config.php is the file that gets copied into tickets and backups", st.Source.Path),
			"move the 'oidcClientSecret' line to data/config-internal.php (or re-enter the secret in "+uiOIDC+")")
	}
}

func checkSecretGUID(p *Pass) {
	sec := strings.TrimSpace(p.OIDC().ClientSecret.Reveal())
	if !entra.IsGUID(sec) {
		return
	}
	sev := Warning
	if p.Provider().Family() == "entra" {
		sev = Error
	}
	p.ReportKeySeverity("oidcClientSecret", sev, "the client secret is shaped like a GUID: almost surely the Secret ID, not the secret's Value; Entra answers AADSTS7000215 'Invalid client secret provided' at every login",
		"Entra admin center → App registrations → your app → Certificates & secrets: create a new secret and paste its Value in "+uiOIDC+" → Client Secret")
}

func checkLoggerLevel(p *Pass) {
	if p.Settings.Get("logger") == nil {
		return // the logger lives in config-internal.php; not given
	}
	switch p.OIDC().LoggerLevel {
	case "DEBUG", "INFO":
		return
	}
	p.ReportKey("logger", fmt.Sprintf("the log level is %s: EspoCRM does not log why OIDC users are refused (INFO) or 'OIDC: User not found.' (DEBUG)", p.OIDC().LoggerLevel),
		"while diagnosing set 'level' => 'DEBUG' in the 'logger' array of data/config-internal.php, then set it back to 'WARNING' (DEBUG logs token payloads)")
}
