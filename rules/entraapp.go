package rules

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/netutil"
	"github.com/espo-oidc/espo-oidc/lit"
)

// Rule set "entra-app": the EspoCRM settings cross-checked with the Entra app
// registration's manifest (App registrations → your app → Manifest →
// Download). Facts: ../shared/reference/entra.md §2, §3, §5, §6;
// espocrm-oidc.md §2, §4, §8; entra-guide.md steps 2–5.

const (
	appUIAuth    = "Entra admin center → App registrations → your app → Authentication"
	appUISecrets = "Entra admin center → App registrations → your app → Certificates & secrets"
	appUIPerms   = "Entra admin center → App registrations → your app → API permissions"
	appUIToken   = "Entra admin center → App registrations → your app → Token configuration"
	appUIOIDC    = "Administration → Authentication → OIDC"
)

func init() {
	manifestOIDC := []Need{NeedManifest, NeedOIDC}
	manifestSecret := []Need{NeedManifest, NeedOIDC, NeedSecret}
	Register(
		&Rule{ID: "EO3001", Name: "app-client-id-mismatch", Set: "entra-app", Severity: Error, Needs: manifestOIDC,
			Summary: "EspoCRM's client ID is not the manifest's appId (Application (client) ID)",
			Doc: Doc{
				Why:      "Entra looks the app up by client_id. Another app's ID, the Object ID or the Directory (tenant) ID gives AADSTS700016 ('Application with identifier ... was not found in the directory') before the sign-in page; an ID that differs only in letter case reaches Entra but EspoCRM then compares it with the ID token's aud case-sensitively and rejects the token.",
				FixEspo:  appUIOIDC + " → Client ID: paste the Application (client) ID from the app's Overview page (the manifest's appId).",
				FixEntra: "App registrations → your app → Overview → Application (client) ID (not the Object ID, not the Directory (tenant) ID).",
				Refs:     []string{"entra-guide.md step 3", "entra.md §5.2 (appId = client ID used in protocols)", "entra.md §6 (AADSTS700016)", "espocrm-oidc.md §2 step 9.2 (aud check)"},
				Unverified: "That Entra writes aud in lower case, so an upper-case client ID fails EspoCRM's case-sensitive aud check, " +
					"is general knowledge, not verified.",
			},
			Check: checkAppClientID},
		&Rule{ID: "EO3002", Name: "app-redirect-uri-unregistered", Set: "entra-app", Severity: Error, Needs: manifestOIDC,
			Summary: "the redirect URI EspoCRM sends is not registered in the app (AADSTS50011)",
			Doc: Doc{
				Why:      "EspoCRM sends redirect_uri = rtrim(siteUrl,'/') + '/oauth-callback.php'. Entra compares it byte for byte (scheme, host, path, case, trailing slash) with the app's registered redirect URIs and otherwise shows AADSTS50011 in the popup; EspoCRM's log shows nothing.",
				FixEspo:  "If the site URL is wrong, fix Administration → Settings → Site URL (it must be the URL users open).",
				FixEntra: appUIAuth + " → Web → Redirect URIs: add the URI exactly as the message shows it (copy it from EspoCRM's Authorization Redirect URI field).",
				Refs:     []string{"espocrm-oidc.md §2 step 3 (redirectUri)", "entra.md §5.4", "entra.md §6 (AADSTS50011)", "entra-guide.md step 2"},
				Unverified: "Portal redirect URIs ({portal URL}/oauth-callback.php) are not checked: portal OIDC settings live in the database, " +
					"not in the config files espo-oidc reads.",
			},
			Check: checkAppRedirectUnregistered},
		&Rule{ID: "EO3003", Name: "app-redirect-uri-spa", Set: "entra-app", Severity: Error, Needs: manifestOIDC,
			Summary: "the redirect URI is registered on the Single-page application platform, not Web (AADSTS9002327)",
			Doc: Doc{
				Why:      "EspoCRM redeems the code on its server with a client secret: a confidential web client. A redirect URI on the SPA platform 'can't be used with non-SPA flows'; the token request fails (AADSTS9002327) and EspoCRM logs 'OIDC: Bad token request.' with HTTP 500.",
				FixEntra: appUIAuth + ": remove the URI from Single-page application and add it under Web → Redirect URIs.",
				Refs:     []string{"entra.md §5.4 (Web platform; spa URIs can't be used with non-SPA flows)", "failure-modes.md §1 row 6 (AADSTS9002327)"},
				Unverified: "The AADSTS9002327 code for this case comes from failure-modes.md (public code explanations); " +
					"it is not in entra.md's error table.",
			},
			Check: checkAppRedirectSPA},
		&Rule{ID: "EO3004", Name: "app-redirect-uri-public-client", Set: "entra-app", Severity: Error, Needs: manifestOIDC,
			Summary: "the redirect URI is registered as a public client (mobile and desktop), which may not send a secret (AADSTS700025)",
			Doc: Doc{
				Why:        "A redirect URI on the 'Mobile and desktop applications' platform (publicClient, legacy type InstalledClient) makes Entra treat the request as a public client, which must not present a client secret; EspoCRM always sends one, so the token request fails with AADSTS700025. 'Allow public client flows' (isFallbackPublicClient) is not needed by EspoCRM either.",
				FixEntra:   appUIAuth + ": remove the URI from Mobile and desktop applications and add it under Web → Redirect URIs; set Allow public client flows to No unless another client of this app needs it.",
				Refs:       []string{"entra.md §5.2 (replyUrlsWithType types, allowPublicClient → isFallbackPublicClient)", "entra.md §6 (AADSTS700025)", "failure-modes.md §1 row 6"},
				Unverified: "Whether isFallbackPublicClient alone breaks EspoCRM's code flow is not verified; it is reported as info only.",
			},
			Check: checkAppRedirectPublic},
		&Rule{ID: "EO3005", Name: "app-redirect-uri-invalid", Set: "entra-app", Severity: Error, Needs: []Need{NeedManifest},
			Summary: "a registered redirect URI breaks Entra's rules (https, ≤ 256 characters, no forbidden characters, no wildcard)",
			Doc: Doc{
				Why:      "Entra accepts a Web redirect URI only with https (http only for localhost), at most 256 characters, without the characters ! $ ' ( ) , ; and, for apps open to personal accounts, without wildcards (wildcards are strongly discouraged for all apps). The admin center refuses to save such a manifest, and an uploaded one fails.",
				FixEntra: appUIAuth + ": correct or remove the URI; EspoCRM needs only https://<site>/oauth-callback.php on the Web platform.",
				Refs:     []string{"entra.md §5.4"},
			},
			Check: checkAppRedirectInvalid},
		&Rule{ID: "EO3006", Name: "app-graph-permissions-missing", Set: "entra-app", Severity: Warning, Needs: manifestOIDC,
			Summary: "Microsoft Graph delegated openid, email, profile or User.Read is not among the app's API permissions",
			Doc: Doc{
				Why:        "The community guide's step 5 adds the Microsoft Graph delegated permissions openid, email, profile and User.Read and grants admin consent. Without them in requiredResourceAccess, admin consent does not cover the scopes EspoCRM requests: users are asked to consent at their first sign-in, or, where user consent is off, see 'Need admin approval' (AADSTS65001 / AADSTS90094). The username claim email needs the email permission; preferred_username, name, given_name, family_name and upn need profile.",
				FixEntra:   appUIPerms + " → Add a permission → Microsoft Graph → Delegated permissions: openid, email, profile, User.Read; then Grant admin consent.",
				Refs:       []string{"entra-guide.md step 5", "entra.md §3.1", "entra.md §3.2 (permission ids)", "entra.md §3.3 (consent)", "entra.md §2.2 (claims that need profile)"},
				Unverified: "The permission ids come from many independent manifests and Microsoft samples; the official permissions reference was not consulted (entra.md §3.2).",
			},
			Check: checkAppGraphPermissions},
		&Rule{ID: "EO3007", Name: "app-no-secret", Set: "entra-app", Severity: Error, Needs: []Need{NeedManifest},
			Summary: "the app has no client secret, and EspoCRM can authenticate only with one",
			Doc: Doc{
				Why:      "EspoCRM redeems the code with client_secret_post only (no certificates, no private_key_jwt). An app without a password credential cannot accept any secret: every login ends at the token endpoint with AADSTS7000215 or AADSTS7000218.",
				FixEntra: appUISecrets + " → Client secrets → New client secret; copy its Value (shown once).",
				FixEspo:  appUIOIDC + " → Client Secret: paste the Value.",
				Refs:     []string{"entra-guide.md step 4", "espocrm-oidc.md §2 step 7 (client_secret_post only)", "entra.md §5.3 (passwordCredentials)", "entra.md §6"},
			},
			Check: checkAppNoSecret},
		&Rule{ID: "EO3008", Name: "app-secret-expired", Set: "entra-app", Severity: Error, Needs: []Need{NeedManifest},
			Summary: "every client secret of the app has expired, or the one EspoCRM uses has (AADSTS7000222)",
			Doc: Doc{
				Why:      "Entra refuses an expired secret at the token endpoint with AADSTS7000222 ('The provided client secret keys for app ... are expired'); EspoCRM logs 'OIDC: Bad token request.' and every OIDC login fails.",
				FixEntra: appUISecrets + " → New client secret; copy its Value.",
				FixEspo:  appUIOIDC + " → Client Secret: paste the new Value; then delete the expired secret in Entra.",
				Refs:     []string{"entra.md §5.3 (endDateTime)", "entra.md §5.5", "entra.md §6 (AADSTS7000222)", "entra-guide.md step 4"},
			},
			Check: checkAppSecretExpired},
		&Rule{ID: "EO3009", Name: "app-secret-expiring", Set: "entra-app", Severity: Warning, Needs: []Need{NeedManifest},
			Summary: "the newest client secret expires soon (default window 30 days)",
			Doc: Doc{
				Why:      "When the last valid secret expires every OIDC login fails with AADSTS7000222. The guide's author renews two weeks before expiry; the window is the config file's options.secretExpiryWarningDays (default 30).",
				FixEntra: appUISecrets + " → New client secret before the old one expires.",
				FixEspo:  appUIOIDC + " → Client Secret: paste the new Value, test a login, then delete the old secret in Entra.",
				Refs:     []string{"entra.md §5.5", "entra-guide.md step 4 (reminder two weeks before expiry)", "entra.md §9 (warn ~30 days before expiry)"},
			},
			Check: checkAppSecretExpiring},
		&Rule{ID: "EO3010", Name: "app-secret-is-key-id", Set: "entra-app", Severity: Error, Needs: manifestSecret,
			Summary: "the configured client secret is a credential's Secret ID (keyId), not its Value (AADSTS7000215)",
			Doc: Doc{
				Why:      "Certificates & secrets shows two columns, Value and Secret ID. The Secret ID is the credential's keyId, a GUID; Entra refuses it at the token endpoint with AADSTS7000215 ('Ensure the secret being sent in the request is the client secret value, not the client secret ID').",
				FixEntra: appUISecrets + " → New client secret (the Value of an existing one is shown only once).",
				FixEspo:  appUIOIDC + " → Client Secret: paste the Value column.",
				Refs:     []string{"entra-guide.md step 4", "entra.md §5.3 (keyId = Secret ID)", "entra.md §6 (AADSTS7000215)"},
			},
			Check: checkAppSecretIsKeyID},
		&Rule{ID: "EO3011", Name: "app-secret-hint-mismatch", Set: "entra-app", Severity: Error, Needs: manifestSecret,
			Summary: "the configured client secret does not start with any credential's hint (wrong or rotated secret)",
			Doc: Doc{
				Why:      "Each passwordCredential has a hint: the first three characters of its value. A configured secret that starts with none of them is not a secret of this app (another app's, a rotated or deleted one, or a paste error): Entra answers AADSTS7000215 at every login.",
				FixEntra: appUISecrets + ": the Value column starts with the hint; create a new secret if no one has the Value any more.",
				FixEspo:  appUIOIDC + " → Client Secret: paste the current Value.",
				Refs:     []string{"entra.md §5.3 (hint: first three characters of the password)", "entra-guide.md step 4"},
			},
			Check: checkAppSecretHint},
		&Rule{ID: "EO3012", Name: "app-single-tenant-common", Set: "entra-app", Severity: Error, Provider: "entra", Needs: manifestOIDC,
			Summary: "a single-tenant app is used through common / organizations / consumers endpoints (AADSTS50194)",
			Doc: Doc{
				Why:      "An app with signInAudience AzureADMyOrg ('this organizational directory only') cannot be used through /common (or /organizations): Entra answers AADSTS50194 'Application ... is not configured as a multi-tenant application'. /consumers is for personal accounts only (AADSTS9002332).",
				FixEspo:  appUIOIDC + ": use the tenant's endpoints, https://login.microsoftonline.com/<tenant ID>/oauth2/v2.0/authorize and .../token (App registrations → Endpoints).",
				FixEntra: "Keep the app single-tenant; that is the guide's choice and the safe one for EspoCRM.",
				Refs:     []string{"entra.md §5.3 (signInAudience)", "entra.md §6 (AADSTS50194, AADSTS9002332)", "entra-guide.md step 2"},
			},
			Check: checkAppSingleTenantCommon},
		&Rule{ID: "EO3013", Name: "app-multi-tenant-exposure", Set: "entra-app", Severity: Warning, Security: true, Provider: "entra", Needs: manifestOIDC,
			Summary: "a multi-tenant app with user creation or a mutable username claim lets other tenants' users in",
			Doc: Doc{
				Why:        "EspoCRM never checks the ID token's iss or tid. With a multi-tenant app, users of any Entra tenant (and personal accounts, depending on the audience) can sign in: with Create User on they get an EspoCRM account, and with the username claim email, upn or preferred_username an attacker who controls another tenant can set a victim's address and take over the victim's EspoCRM account (nOAuth). It is an error when the endpoints are common / organizations, a warning when they are tenant-specific.",
				FixEntra:   appUIAuth + " → Supported account types: Accounts in this organizational directory only (AzureADMyOrg).",
				FixEspo:    appUIOIDC + ": use tenant-specific endpoints; turn Create User off unless every tenant may sign up.",
				Refs:       []string{"entra.md §2.4", "entra.md §2.5 (nOAuth)", "entra.md §5.3 (signInAudience)", "espocrm-oidc.md §2 step 9.2 (iss not compared)", "espocrm-oidc.md §4 (creation)"},
				Unverified: "That tenant-specific token endpoints refuse codes issued for other tenants (AADSTS700005) is documented for the token endpoint; it is not verified that nothing else lets a foreign user through.",
			},
			Check: checkAppMultiTenant},
		&Rule{ID: "EO3014", Name: "app-optional-claim-missing", Set: "entra-app", Severity: Warning, Needs: manifestOIDC,
			Summary: "a claim EspoCRM reads is not in Entra's v2 ID token by default and no optional claim adds it",
			Doc: Doc{
				Why:      "v2 ID tokens carry given_name, family_name and upn only as optional claims; email only with the email scope or the email optional claim (and only for users with a mail attribute). A username claim missing from the token fails every login with 'No username claim ... in token and userinfo.' (HTTP 500); with Sync on, a missing claim blanks the EspoCRM field on every login (firstName ← given_name, lastName ← family_name, emailAddress ← email).",
				FixEntra: appUIToken + " → Add optional claim → ID → email / given_name / family_name / upn.",
				FixEspo:  appUIOIDC + ": alternatively set the UserInfo endpoint https://graph.microsoft.com/oidc/userinfo (EspoCRM 9.1+), which returns given_name, family_name and email.",
				Refs:     []string{"entra.md §2.2", "entra.md §2.3", "entra.md §5.3 (optionalClaims; not for personal-account apps)", "espocrm-oidc.md §4 (sync mapping)", "espocrm-oidc.md §14"},
			},
			Check: checkAppOptionalClaims},
		&Rule{ID: "EO3015", Name: "app-group-claims-missing", Set: "entra-app", Severity: Error, Needs: manifestOIDC,
			Summary: "EspoCRM reads a groups claim or syncs teams, but the app emits no groups (groupMembershipClaims)",
			Doc: Doc{
				Why:      "Entra puts groups into tokens only when groupMembershipClaims is set. Without it the groups claim is absent, EspoCRM's group list is empty and team sync assigns only the teams without a group, removing every mapped team on each login.",
				FixEntra: appUIToken + " → Add groups claim → Groups assigned to the application (ApplicationGroup), or Security groups.",
				FixEspo:  appUIOIDC + " → Group Claim: groups.",
				Refs:     []string{"entra.md §2.6", "espocrm-oidc.md §4 (teams)"},
			},
			Check: checkAppGroupClaims},
		&Rule{ID: "EO3016", Name: "app-group-overage", Set: "entra-app", Severity: Warning, Needs: manifestOIDC,
			Summary: "groupMembershipClaims All / SecurityGroup invites overage: past 200 groups the claim is dropped",
			Doc: Doc{
				Why:      "With All or SecurityGroup the token lists every group of the user, nested ones included. Past 200 groups Entra omits groups and sends _claim_names instead; EspoCRM does not resolve that, so team sync removes the user's mapped teams.",
				FixEntra: appUIToken + " → edit the groups claim → Groups assigned to the application (ApplicationGroup), and assign the mapped groups to the enterprise application.",
				Refs:     []string{"entra.md §2.6 (overage limits; ApplicationGroup recommendation)", "espocrm-oidc.md §4 (teams replaced)"},
			},
			Check: checkAppGroupOverage},
		&Rule{ID: "EO3017", Name: "app-implicit-id-token", Set: "entra-app", Severity: Info, Needs: []Need{NeedManifest},
			Summary: "implicit-flow ID tokens (or access tokens) are enabled though EspoCRM uses the code flow",
			Doc: Doc{
				Why:      "EspoCRM sends response_type=code and gets the ID token from the token endpoint. Issuing ID or access tokens from the authorize endpoint (implicit / hybrid flow) is not needed and widens what a leaked redirect can carry.",
				FixEntra: appUIAuth + " → Implicit grant and hybrid flows: untick ID tokens and Access tokens.",
				Refs:     []string{"entra.md §5.3 (enableIdTokenIssuance not needed for the code flow)", "espocrm-oidc.md §2 step 4 (response_type=code)"},
			},
			Check: checkAppImplicit},
		&Rule{ID: "EO3018", Name: "app-logout-redirect-unregistered", Set: "entra-app", Severity: Warning, Needs: manifestOIDC,
			Summary: "the logout URL's post_logout_redirect_uri is not a registered redirect URI",
			Doc: Doc{
				Why:        "Entra redirects after sign-out only to a post_logout_redirect_uri that matches one of the app's registered redirect URIs; otherwise the user stays on Microsoft's 'signed out' page.",
				FixEntra:   appUIAuth + " → Web → Redirect URIs: add the post-logout URI exactly as the message shows it.",
				FixEspo:    appUIOIDC + " → Logout URL: or point post_logout_redirect_uri at a registered URI.",
				Refs:       []string{"entra.md §1.6 (post_logout_redirect_uri must match a registered redirect URI)", "espocrm-oidc.md §8 ({siteUrl} substitution)"},
				Unverified: "Whether Entra ignores a trailing-slash difference here is not verified; the comparison is exact.",
			},
			Check: checkAppLogoutRedirect},
		&Rule{ID: "EO3019", Name: "app-application-permissions", Set: "entra-app", Severity: Info, Security: true, Needs: []Need{NeedManifest},
			Summary: "the app requests application permissions (app-only) that sign-in does not need",
			Doc: Doc{
				Why:      "EspoCRM's sign-in uses only delegated permissions (openid, email, profile, User.Read). Application permissions (type Role) let anyone holding the client secret act without a user, so a leaked EspoCRM config becomes access to the tenant's data. The retired Azure AD Graph is reported too.",
				FixEntra: appUIPerms + ": remove the application permissions (and Azure AD Graph entries), or move them to a separate app registration.",
				Refs:     []string{"entra.md §3.2 (Graph ids; AAD Graph retired)", "entra.md §3.3", "entra-guide.md step 5"},
			},
			Check: checkAppApplicationPermissions},
		&Rule{ID: "EO3020", Name: "app-secret-lifetime", Set: "entra-app", Severity: Warning, Needs: []Need{NeedManifest},
			Summary: "a client secret lives longer than allowed (default 24 months)",
			Doc: Doc{
				Why:      "Entra limits client secrets to 24 months in the admin center and recommends less than 12; a longer-lived secret (created through the Graph API) stays valid long after people who saw it have left. The limit is the config file's options.maxSecretLifetimeMonths (default 24).",
				FixEntra: appUISecrets + " → New client secret with 12 months (or 24 at most); switch EspoCRM to it, then delete the old one.",
				Refs:     []string{"entra.md §5.5"},
			},
			Check: checkAppSecretLifetime},
		&Rule{ID: "EO3021", Name: "app-group-values-format", Set: "entra-app", Severity: Warning, Needs: manifestOIDC,
			Summary: "team mapping values do not have the form the app's groups claim emits (object IDs or names)",
			Doc: Doc{
				Why:      "EspoCRM compares each team's group value with the claim's values as exact strings. Entra emits group object IDs (GUIDs) unless the groups optional claim asks for names (cloud_displayname, only with ApplicationGroup; sam_account_name and friends, only for groups synced from on-premises AD). A name where IDs are emitted (or the reverse) never matches, so the team is never assigned.",
				FixEspo:  appUIOIDC + " → Teams: write each group's Object ID (Entra admin center → Groups → the group → Object ID).",
				FixEntra: appUIToken + ": or emit names: groups optional claim with cloud_displayname and groupMembershipClaims ApplicationGroup.",
				Refs:     []string{"entra.md §2.6", "espocrm-oidc.md §4 (teams: exact in_array)"},
			},
			Check: checkAppGroupValues},
	)
}

// appReport reports a finding located in the manifest.
func appReport(p *Pass, loc entra.Loc, sev Severity, msg, fix string) {
	f := Finding{Key: loc.Key, File: loc.Pos.File, Line: loc.Pos.Line, Column: loc.Pos.Column, Severity: sev, Message: msg, Fix: fix}
	if f.File == "" {
		f.File = p.Manifest.Path
	}
	p.Report(f)
}

// appName names the app for messages.
func appName(m *entra.Manifest) string {
	if m.DisplayName.Value != "" {
		return fmt.Sprintf("%q", m.DisplayName.Value)
	}
	if m.AppID.Value != "" {
		return m.AppID.Value
	}
	return "the app"
}

func checkAppClientID(p *Pass) {
	m := p.Manifest
	cid := strings.TrimSpace(p.OIDC().ClientID)
	if cid == "" {
		return // required-setting reports it
	}
	if !m.AppID.Set {
		appReport(p, m.AppID.Loc, Warning, "the manifest has no appId, so the client ID cannot be compared; is this the manifest of the app EspoCRM uses?",
			"download the manifest again: App registrations → your app → Manifest → Download")
		return
	}
	appID := strings.TrimSpace(m.AppID.Value)
	if cid == appID {
		return
	}
	fix := fmt.Sprintf("%s → Client ID: %s (the Application (client) ID of %s)", appUIOIDC, appID, appName(m))
	if strings.EqualFold(cid, appID) {
		p.ReportKey("oidcClientId", fmt.Sprintf("the client ID %s differs from the manifest's appId %s (%s) only in letter case; Entra issues aud in lower case and EspoCRM compares it case-sensitively, so every ID token is rejected", cid, appID, m.AppID.Loc.Pos), fix)
		return
	}
	what := ""
	if id := m.Root.Get("id"); id != nil && id.Value.Kind == lit.String && strings.EqualFold(strings.TrimSpace(id.Value.Str), cid) {
		what = "; it is the app's Object ID, which no protocol uses"
	} else if t := p.Provider().Tenant; t != "" && strings.EqualFold(t, cid) {
		what = "; it is the Directory (tenant) ID"
	}
	p.ReportKey("oidcClientId", fmt.Sprintf("the client ID %s is not the appId %s of %s (%s)%s; Entra answers AADSTS700016 'Application with identifier ... was not found in the directory'", cid, appID, appName(m), m.AppID.Loc.Pos, what), fix)
}

// appRedirectMatches returns the registered redirect URIs equal to uri, by platform.
func appRedirectMatches(m *entra.Manifest, uri string) map[entra.Platform][]entra.RedirectURI {
	out := map[entra.Platform][]entra.RedirectURI{}
	for _, r := range m.RedirectURIs {
		if r.URI == uri {
			out[r.Platform] = append(out[r.Platform], r)
		}
	}
	return out
}

// appNearMiss describes a registered URI that differs from want only in a
// way people overlook (case, trailing slash, scheme, surrounding spaces).
func appNearMiss(m *entra.Manifest, want string) string {
	bare := func(s string) string { // without spaces, scheme and trailing slashes
		s = strings.TrimSpace(s)
		if i := strings.Index(s, "://"); i >= 0 {
			s = s[i+3:]
		}
		return strings.TrimRight(s, "/")
	}
	isHTTP := func(s string) bool { return strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "http://") }
	for _, r := range m.RedirectURIs {
		if r.URI == want || !strings.EqualFold(bare(r.URI), bare(want)) {
			continue
		}
		var how []string
		if strings.TrimSpace(r.URI) != r.URI {
			how = append(how, "surrounding spaces")
		}
		if isHTTP(r.URI) != isHTTP(want) {
			how = append(how, "http vs https")
		}
		if strings.HasSuffix(strings.TrimSpace(r.URI), "/") != strings.HasSuffix(want, "/") {
			how = append(how, "a trailing slash")
		}
		if bare(r.URI) != bare(want) {
			how = append(how, "letter case")
		}
		if len(how) == 0 {
			how = append(how, "the scheme's spelling")
		}
		return fmt.Sprintf("; %s (%s) is registered at %s and differs in %s", r.URI, r.Platform, r.Loc.Pos, strings.Join(how, ", "))
	}
	return ""
}

func checkAppRedirectUnregistered(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if strings.TrimSpace(o.SiteURL) == "" {
		return // site-url-missing reports it
	}
	want := espo.RedirectURI(o.SiteURL)
	if len(appRedirectMatches(m, want)) > 0 {
		return // registered somewhere; the platform rules judge where
	}
	msg := fmt.Sprintf("the redirect URI EspoCRM sends, %s, is not registered in %s (%d redirect URI(s) registered); Entra shows AADSTS50011 in the login popup", want, appName(m), len(m.RedirectURIs))
	msg += appNearMiss(m, want)
	appReport(p, m.RedirectLoc, SeverityNone, msg, fmt.Sprintf("%s → Web → Redirect URIs: add %s exactly (or correct Administration → Settings → Site URL if users open another URL)", appUIAuth, want))
}

func checkAppRedirectSPA(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if strings.TrimSpace(o.SiteURL) == "" {
		return
	}
	want := espo.RedirectURI(o.SiteURL)
	got := appRedirectMatches(m, want)
	if len(got[entra.PlatformWeb]) > 0 {
		return
	}
	for _, r := range got[entra.PlatformSPA] {
		appReport(p, r.Loc, SeverityNone, fmt.Sprintf("the redirect URI %s is registered on the Single-page application platform, not Web; EspoCRM redeems the code on its server with a secret, which Entra refuses for SPA redirect URIs (AADSTS9002327)", want),
			fmt.Sprintf("%s: remove %s from Single-page application and add it under Web → Redirect URIs", appUIAuth, want))
	}
}

func checkAppRedirectPublic(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if strings.TrimSpace(o.SiteURL) != "" {
		want := espo.RedirectURI(o.SiteURL)
		got := appRedirectMatches(m, want)
		if len(got[entra.PlatformWeb]) == 0 {
			for _, r := range got[entra.PlatformPublic] {
				appReport(p, r.Loc, SeverityNone, fmt.Sprintf("the redirect URI %s is registered as a public client (Mobile and desktop applications), not Web; a public client must not send a client secret and EspoCRM always does, so the token request fails with AADSTS700025", want),
					fmt.Sprintf("%s: remove %s from Mobile and desktop applications and add it under Web → Redirect URIs", appUIAuth, want))
			}
		}
	}
	if m.FallbackPublic.Set && m.FallbackPublic.Value {
		appReport(p, m.FallbackPublic.Loc, Info, "'Allow public client flows' is on; EspoCRM is a confidential client (it sends a client secret) and does not need it",
			appUIAuth+" → Advanced settings → Allow public client flows: No, unless another client of this app needs it")
	}
}

var appForbiddenURIChars = "!$'(),;"

func checkAppRedirectInvalid(p *Pass) {
	for _, r := range p.Manifest.RedirectURIs {
		if r.Platform == entra.PlatformPublic {
			continue // custom schemes are allowed for mobile and desktop apps
		}
		var probs []string
		sev := Error
		u, err := url.Parse(r.URI)
		switch {
		case err != nil || u.Host == "":
			probs = append(probs, "is not an absolute URL")
		case strings.EqualFold(u.Scheme, "http") && !netutil.IsLoopback(u.Hostname()):
			probs = append(probs, "uses http; Entra allows http only for localhost")
		case !strings.EqualFold(u.Scheme, "https") && !strings.EqualFold(u.Scheme, "http"):
			probs = append(probs, fmt.Sprintf("uses the scheme %q; a Web redirect URI must be https", u.Scheme))
		}
		if len(r.URI) > 256 {
			probs = append(probs, fmt.Sprintf("is %d characters long; Entra allows at most 256", len(r.URI)))
		}
		if i := strings.IndexAny(r.URI, appForbiddenURIChars); i >= 0 {
			probs = append(probs, fmt.Sprintf("contains %q, one of the characters Entra does not allow (! $ ' ( ) , ;)", r.URI[i]))
		}
		if err == nil && u.Hostname() == "::1" {
			probs = append(probs, "uses the IPv6 loopback [::1], which Entra does not support; use localhost or 127.0.0.1")
		}
		if strings.Contains(r.URI, "*") {
			if len(probs) == 0 {
				sev = Warning
			}
			probs = append(probs, "contains a wildcard; Entra rejects wildcards for apps open to personal accounts and strongly discourages them for all apps, and EspoCRM needs only its one exact callback URI")
		}
		if len(probs) == 0 {
			continue
		}
		appReport(p, r.Loc, sev, fmt.Sprintf("the %s redirect URI %s %s", r.Platform, appShorten(r.URI), strings.Join(probs, "; ")),
			appUIAuth+": correct or remove this URI; EspoCRM needs only https://<site>/oauth-callback.php on the Web platform")
	}
}

// appShorten keeps long values readable in messages.
func appShorten(s string) string {
	if len(s) > 120 {
		return s[:100] + "…(" + fmt.Sprint(len(s)) + " characters)"
	}
	return s
}

// appClaimPermission says which Graph delegated permission a claim needs.
func appClaimPermission(claim string) string {
	switch claim {
	case "email":
		return "email"
	case "preferred_username", "name", "given_name", "family_name", "upn", "oid":
		return "profile"
	}
	return ""
}

func checkAppGraphPermissions(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	have := map[string]bool{}
	var graphLoc *entra.Loc
	for _, perm := range m.Permissions {
		if strings.EqualFold(perm.ResourceAppID, entra.GraphAppID) && perm.Type == entra.PermissionDelegated {
			have[strings.ToLower(perm.ID)] = true
			if graphLoc == nil {
				l := perm.Loc
				graphLoc = &l
			}
		}
	}
	var missing, why []string
	for _, gp := range entra.SignInPermissions {
		if have[gp.ID] {
			continue
		}
		missing = append(missing, gp.Name)
		switch gp.Name {
		case "openid":
			why = append(why, "openid is what 'Sign you in' consents to")
		case appClaimPermission(o.UsernameClaim):
			why = append(why, fmt.Sprintf("the username claim %s needs %s", o.UsernameClaim, gp.Name))
		}
		if o.Sync && (gp.Name == "email" || gp.Name == "profile") {
			why = append(why, fmt.Sprintf("Sync reads claims that need %s", gp.Name))
		}
	}
	if len(missing) == 0 {
		return
	}
	loc := m.PermissionLoc
	msg := fmt.Sprintf("Microsoft Graph delegated %s %s not among the API permissions of %s (the guide's step 5 adds openid, email, profile and User.Read); admin consent then does not cover what EspoCRM requests, and users are asked to consent or see 'Need admin approval' (AADSTS65001/AADSTS90094)",
		strings.Join(missing, ", "), map[bool]string{true: "is", false: "are"}[len(missing) == 1], appName(m))
	if len(why) > 0 {
		msg += "; " + strings.Join(why, "; ")
	}
	appReport(p, loc, SeverityNone, msg, fmt.Sprintf("%s → Add a permission → Microsoft Graph → Delegated permissions: %s; then Grant admin consent", appUIPerms, strings.Join(missing, ", ")))
}

func checkAppApplicationPermissions(p *Pass) {
	for _, perm := range p.Manifest.Permissions {
		switch {
		case strings.EqualFold(perm.ResourceAppID, entra.AADGraphAppID):
			appReport(p, perm.Loc, Warning, fmt.Sprintf("a permission on Azure AD Graph (%s), which is retired; EspoCRM's sign-in needs only Microsoft Graph delegated openid, email, profile and User.Read", entra.AADGraphAppID),
				appUIPerms+": remove the Azure AD Graph permission; add the Microsoft Graph delegated ones")
		case perm.Type == entra.PermissionApplication:
			appReport(p, perm.Loc, SeverityNone, fmt.Sprintf("application permission %s on %s: app-only access that EspoCRM's sign-in does not need; whoever holds EspoCRM's client secret can use it without any user", perm.ID, entra.ResourceName(perm.ResourceAppID)),
				appUIPerms+": remove this application permission, or give the feature that needs it its own app registration")
		}
	}
}

// appHintMatches returns the credentials whose hint starts the secret.
func appHintMatches(m *entra.Manifest, secret string) []entra.PasswordCredential {
	var out []entra.PasswordCredential
	for _, c := range m.PasswordCredentials {
		if c.Hint != "" && strings.HasPrefix(secret, c.Hint) {
			out = append(out, c)
		}
	}
	return out
}

// appCredName names a credential for messages (never its hint or keyId:
// both are pieces of what could be the configured secret).
func appCredName(c entra.PasswordCredential) string {
	if c.DisplayName != "" {
		return fmt.Sprintf("%q (%s)", c.DisplayName, c.Loc.Key)
	}
	return c.Loc.Key
}

func appDate(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// appConfiguredSecret returns the configured secret when the inputs have it.
func appConfiguredSecret(p *Pass) string {
	if p.Settings == nil || !p.Settings.SecretKnown() {
		return ""
	}
	return strings.TrimSpace(p.OIDC().ClientSecret.Reveal())
}

func checkAppNoSecret(p *Pass) {
	m := p.Manifest
	if len(m.PasswordCredentials) > 0 {
		return
	}
	msg := fmt.Sprintf("%s has no client secret (passwordCredentials is empty); EspoCRM authenticates only with a client secret (client_secret_post), so every token request fails", appName(m))
	if kc := m.Root.Get("keyCredentials"); kc != nil && kc.Value.Kind == lit.Array && len(kc.Value.Entries) > 0 {
		msg += "; the app's certificates (keyCredentials) do not help, EspoCRM cannot use them"
	}
	appReport(p, m.PasswordLoc, SeverityNone, msg, appUISecrets+" → New client secret; paste its Value in "+appUIOIDC+" → Client Secret")
}

func checkAppSecretExpired(p *Pass) {
	m, now := p.Manifest, p.Now
	if len(m.PasswordCredentials) == 0 {
		return
	}
	var newest *entra.PasswordCredential
	allExpired := true
	for i := range m.PasswordCredentials {
		c := &m.PasswordCredentials[i]
		if c.End.IsZero() || c.End.After(now) {
			allExpired = false
		}
		if newest == nil || c.End.After(newest.End) {
			newest = c
		}
	}
	if allExpired {
		msg := fmt.Sprintf("every client secret of %s has expired (the newest, %s, on %s); the next login fails at the token endpoint with AADSTS7000222", appName(m), appCredName(*newest), appDate(newest.End))
		appReport(p, newest.EndLoc, SeverityNone, msg, appUISecrets+" → New client secret; paste its Value in "+appUIOIDC+" → Client Secret")
		return
	}
	secret := appConfiguredSecret(p)
	if secret == "" {
		return
	}
	matches := appHintMatches(m, secret)
	if len(matches) == 0 {
		return // app-secret-hint-mismatch reports it
	}
	for _, c := range matches {
		if c.End.IsZero() || c.End.After(now) {
			return // a matching credential is still valid
		}
	}
	c := matches[0]
	appReport(p, c.EndLoc, SeverityNone, fmt.Sprintf("the client secret EspoCRM uses (%s) matches only %s, which expired on %s; logins fail with AADSTS7000222 although the app has a valid secret", espo.Fingerprint(secret), appCredName(c), appDate(c.End)),
		appUIOIDC+" → Client Secret: paste the Value of a valid secret (or create a new one in "+appUISecrets+")")
}

func checkAppSecretExpiring(p *Pass) {
	m, now := p.Manifest, p.Now
	window := p.Options.SecretExpiryWindow
	if window <= 0 {
		window = DefaultOptions().SecretExpiryWindow
	}
	var newest *entra.PasswordCredential
	for i := range m.PasswordCredentials {
		c := &m.PasswordCredentials[i]
		if c.End.IsZero() {
			return // a secret that never expires (legacy) is never "expiring"
		}
		if c.End.After(now) && (newest == nil || c.End.After(newest.End)) {
			newest = c
		}
	}
	if newest == nil {
		return // none valid: app-no-secret or app-secret-expired
	}
	days := func(c *entra.PasswordCredential) int { return int(c.End.Sub(now).Hours() / 24) }
	if newest.End.Sub(now) <= window {
		appReport(p, newest.EndLoc, SeverityNone, fmt.Sprintf("the newest client secret of %s, %s, expires on %s (in %d days, within the %d-day window); after that every login fails with AADSTS7000222", appName(m), appCredName(*newest), appDate(newest.End), days(newest), int(window.Hours()/24)),
			appUISecrets+" → New client secret now; paste its Value in "+appUIOIDC+" → Client Secret, test a login, then delete the old secret")
		return
	}
	// The newest is fine; is EspoCRM still on an older one that is about to go?
	secret := appConfiguredSecret(p)
	if secret == "" {
		return
	}
	matches := appHintMatches(m, secret)
	if len(matches) == 0 {
		return
	}
	sort.Slice(matches, func(i, j int) bool { return matches[i].End.After(matches[j].End) })
	c := matches[0]
	if c.End.After(now) && c.End.Sub(now) <= window {
		appReport(p, c.EndLoc, SeverityNone, fmt.Sprintf("the client secret EspoCRM uses (%s) matches %s, which expires on %s (in %d days); a newer secret, %s, exists until %s", espo.Fingerprint(secret), appCredName(c), appDate(c.End), days(&c), appCredName(*newest), appDate(newest.End)),
			appUIOIDC+" → Client Secret: paste the newer secret's Value (or create one) before the old one expires")
	}
}

func checkAppSecretLifetime(p *Pass) {
	max := p.Options.MaxSecretLifetime
	if max <= 0 {
		max = DefaultOptions().MaxSecretLifetime
	}
	for _, c := range p.Manifest.PasswordCredentials {
		if c.Start.IsZero() || c.End.IsZero() || !c.End.After(p.Now) {
			continue
		}
		if life := c.End.Sub(c.Start); life > max {
			appReport(p, c.EndLoc, SeverityNone, fmt.Sprintf("client secret %s lives %d days (%s to %s), more than the %d-day limit; Entra allows at most 24 months in the admin center and recommends less than 12", appCredName(c), int(life.Hours()/24), appDate(c.Start), appDate(c.End), int(max.Hours()/24)),
				appUISecrets+" → New client secret with 12 months (24 at most); switch EspoCRM to it, then delete this one")
		}
	}
}

func checkAppSecretIsKeyID(p *Pass) {
	secret := appConfiguredSecret(p)
	if secret == "" {
		return
	}
	for _, c := range p.Manifest.PasswordCredentials {
		if c.KeyID != "" && strings.EqualFold(strings.TrimSpace(c.KeyID), secret) {
			p.ReportKey("oidcClientSecret", fmt.Sprintf("the configured client secret is the Secret ID (keyId) of %s in %s, not its Value; Entra answers AADSTS7000215 'Invalid client secret provided' at every login", appCredName(c), p.Manifest.Path),
				appUIOIDC+" → Client Secret: paste the secret's Value (shown once when it was created; create a new secret in "+appUISecrets+" if nobody has it)")
			return
		}
	}
}

func checkAppSecretHint(p *Pass) {
	m := p.Manifest
	secret := appConfiguredSecret(p)
	if secret == "" {
		return
	}
	withHint := 0
	for _, c := range m.PasswordCredentials {
		if c.Hint != "" {
			withHint++
		}
		if c.KeyID != "" && strings.EqualFold(strings.TrimSpace(c.KeyID), secret) {
			return // app-secret-is-key-id reports it
		}
	}
	if withHint == 0 || len(appHintMatches(m, secret)) > 0 {
		return // legacy manifests carry no hints: nothing to compare
	}
	p.ReportKey("oidcClientSecret", fmt.Sprintf("the configured client secret %s starts with none of the hints (first three characters) of the %d client secret(s) of %s in %s: it is not a current secret of this app (another app's, a deleted or rotated one); Entra answers AADSTS7000215", espo.Fingerprint(secret), withHint, appName(m), m.Path),
		appUIOIDC+" → Client Secret: paste the Value of a current secret (Certificates & secrets shows its first characters); create a new one if nobody has it")
}

// appGenericEndpoints returns the EspoCRM endpoint settings whose Entra
// tenant segment is common, organizations or consumers.
func appGenericEndpoints(p *Pass) (keys []string, tenants []string) {
	o := p.OIDC()
	for _, k := range []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint"} {
		v := o.AuthorizationEndpoint
		if k == "oidcTokenEndpoint" {
			v = o.TokenEndpoint
		}
		if e, ok := entra.ParseEndpoint(v); ok && entra.IsGenericTenant(e.Tenant) {
			keys = append(keys, k)
			tenants = append(tenants, strings.ToLower(e.Tenant))
		}
	}
	return keys, tenants
}

func checkAppSingleTenantCommon(p *Pass) {
	m := p.Manifest
	if !m.SignInAudience.Set || m.SignInAudience.Value != entra.AudienceMyOrg {
		return
	}
	keys, tenants := appGenericEndpoints(p)
	for i, k := range keys {
		code := "AADSTS50194 'Application ... is not configured as a multi-tenant application'"
		if tenants[i] == entra.TenantConsumers {
			code = "AADSTS9002332 (the app is for Entra users only; /consumers is for personal accounts)"
		}
		p.ReportKey(k, fmt.Sprintf("%s is single-tenant (signInAudience %s at %s) but %s uses the /%s endpoint; Entra answers %s", appName(m), m.SignInAudience.Value, m.SignInAudience.Loc.Pos, k, tenants[i], code),
			appUIOIDC+": replace /"+tenants[i]+"/ with the tenant ID (App registrations → your app → Endpoints)")
	}
}

// appMutableClaims are username claims another tenant's admin (or user) can set.
var appMutableClaims = map[string]bool{"email": true, "upn": true, "preferred_username": true, "unique_name": true, "name": true}

func checkAppMultiTenant(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if !m.SignInAudience.Set || !entra.MultiTenantAudience(m.SignInAudience.Value) {
		return
	}
	var why []string
	if o.CreateUser {
		why = append(why, "Create User is on, so any of them gets an EspoCRM account")
	}
	if appMutableClaims[o.UsernameClaim] {
		why = append(why, fmt.Sprintf("the username claim %s is set by the user's own tenant, so another tenant can claim an existing user's name and take over the account (nOAuth)", o.UsernameClaim))
	}
	if len(why) == 0 {
		return
	}
	sev := Warning
	where := "the endpoints are tenant-specific, which limits but does not remove the exposure"
	if keys, _ := appGenericEndpoints(p); len(keys) > 0 {
		sev = Error
		where = "the endpoints are " + strings.Join(keys, ", ") + " on a multi-tenant path, so any tenant's users reach EspoCRM"
	}
	appReport(p, m.SignInAudience.Loc, sev, fmt.Sprintf("%s is multi-tenant (signInAudience %s) and EspoCRM never checks the token's issuer or tenant: %s; %s", appName(m), m.SignInAudience.Value, strings.Join(why, "; "), where),
		appUIAuth+" → Supported account types: Accounts in this organizational directory only; in EspoCRM use the tenant's endpoints")
}

// appHasScope reports whether EspoCRM requests scope (openid is always added).
func appHasScope(o *espo.OIDC, scope string) bool {
	if scope == "openid" {
		return true
	}
	for _, s := range o.Scopes {
		if s == scope {
			return true
		}
	}
	return false
}

// appClaimEmitted says whether the ID token carries claim, given the
// manifest and EspoCRM's settings; when not, why.
func appClaimEmitted(p *Pass, claim string) (bool, string) {
	o, m := p.OIDC(), p.Manifest
	if m.IDTokenClaim(claim) != nil {
		return true, ""
	}
	v1 := false
	if e, ok := entra.ParseEndpoint(o.TokenEndpoint); ok && e.Version == "v1.0" {
		v1 = true
	}
	userinfo := strings.TrimSpace(o.UserInfoEndpoint) != ""
	switch claim {
	case "email":
		if !v1 && appHasScope(o, "email") {
			return true, ""
		}
		if userinfo {
			return true, ""
		}
		if v1 {
			return false, "v1 ID tokens carry email only as an optional claim"
		}
		return false, "EspoCRM does not request the email scope and no email optional claim is configured"
	case "given_name", "family_name":
		if v1 || userinfo {
			return true, ""
		}
		return false, "v2 ID tokens carry it only as an optional claim"
	case "upn":
		if v1 {
			return true, ""
		}
		return false, "v2 ID tokens carry it only as an optional claim (the userinfo endpoint does not return it)"
	}
	return true, ""
}

func checkAppOptionalClaims(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	fixClaims := func(claims []string) string {
		fix := fmt.Sprintf("%s → Add optional claim → ID → %s", appUIToken, strings.Join(claims, ", "))
		if entra.PersonalAccountsAudience(m.SignInAudience.Value) {
			fix += " (apps open to personal accounts cannot use optional claims: use the userinfo endpoint https://graph.microsoft.com/oidc/userinfo, EspoCRM 9.1+)"
		}
		return fix
	}
	elsewhere := func(claim string) string {
		for _, c := range m.OptionalClaims {
			if c.Name == claim && c.Token != "idToken" {
				return fmt.Sprintf(" (it is configured for the %s only, at %s)", c.Token, c.Loc.Pos)
			}
		}
		return ""
	}
	uc := strings.TrimSpace(o.UsernameClaim)
	switch uc {
	case "email", "upn", "given_name", "family_name":
		if ok, why := appClaimEmitted(p, uc); !ok {
			appReport(p, m.OptionalClaimsLoc, Error, fmt.Sprintf("the username claim %s is not in %s's ID tokens: %s%s; every login fails with 'No username claim `%s` in token and userinfo.' (HTTP 500)", uc, appName(m), why, elsewhere(uc), uc),
				fixClaims([]string{uc}))
		}
	}
	if !o.Sync {
		return
	}
	var missing, fields []string
	field := map[string]string{"email": "emailAddress", "given_name": "firstName", "family_name": "lastName"}
	for _, c := range []string{"email", "given_name", "family_name"} {
		if c == uc {
			continue // reported above
		}
		if ok, _ := appClaimEmitted(p, c); !ok {
			missing = append(missing, c+elsewhere(c))
			fields = append(fields, field[c])
		}
	}
	if len(missing) == 0 {
		return
	}
	names := make([]string, len(missing))
	for i, s := range missing {
		names[i] = strings.SplitN(s, " ", 2)[0]
	}
	appReport(p, m.OptionalClaimsLoc, SeverityNone, fmt.Sprintf("Sync is on but %s's ID tokens carry no %s; EspoCRM writes null to %s on every login", appName(m), strings.Join(missing, ", "), strings.Join(fields, ", ")),
		fixClaims(names))
}

// appUsesGroups reports whether EspoCRM reads Entra's groups claim.
func appUsesGroups(o *espo.OIDC) bool {
	gc := strings.TrimSpace(o.GroupClaim)
	return gc == "groups" || (gc == "" && o.SyncTeams)
}

func appGMC(m *entra.Manifest) string {
	if !m.GroupMembershipClaims.Set {
		return ""
	}
	return strings.TrimSpace(m.GroupMembershipClaims.Value)
}

func checkAppGroupClaims(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if !appUsesGroups(o) {
		return
	}
	gmc := appGMC(m)
	if gmc != "" && !strings.EqualFold(gmc, "None") {
		return
	}
	what := "reads the groups claim (oidcGroupClaim = groups)"
	if strings.TrimSpace(o.GroupClaim) == "" {
		what = "syncs teams (oidcSyncTeams) without a group claim"
	}
	state := "not set"
	if gmc != "" {
		state = "None"
	}
	appReport(p, m.GroupMembershipClaims.Loc, SeverityNone, fmt.Sprintf("EspoCRM %s, but groupMembershipClaims of %s is %s, so Entra emits no groups; every login assigns only the teams without a group and removes the mapped ones", what, appName(m), state),
		appUIToken+" → Add groups claim → Groups assigned to the application (ApplicationGroup); in EspoCRM set Group Claim to groups")
}

func checkAppGroupOverage(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if !appUsesGroups(o) {
		return
	}
	gmc := appGMC(m)
	var hit string
	for _, part := range strings.Split(gmc, ",") {
		switch strings.ToLower(strings.TrimSpace(part)) {
		case "all":
			hit = "All"
		case "securitygroup":
			if hit == "" {
				hit = "SecurityGroup"
			}
		}
	}
	if hit == "" {
		return
	}
	appReport(p, m.GroupMembershipClaims.Loc, SeverityNone, fmt.Sprintf("groupMembershipClaims is %s: tokens list every group of the user (nested ones too); past 200 groups Entra drops the groups claim (overage) and EspoCRM then removes the user's mapped teams on login", gmc),
		appUIToken+" → edit the groups claim → Groups assigned to the application (ApplicationGroup), and assign the mapped groups to the enterprise application")
}

// appGroupNameProps are groups optional-claim properties that emit names, not IDs.
var appGroupNameProps = []string{"cloud_displayname", "sam_account_name", "dns_domain_and_sam_account_name", "netbios_domain_and_sam_account_name"}

func checkAppGroupValues(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if strings.TrimSpace(o.GroupClaim) != "groups" || len(o.TeamGroups) == 0 {
		return
	}
	gmc := appGMC(m)
	if gmc == "" || strings.EqualFold(gmc, "None") {
		return // app-group-claims-missing reports it
	}
	names := ""
	if c := m.IDTokenClaim("groups"); c != nil {
		for _, ap := range c.AdditionalProperties {
			for _, n := range appGroupNameProps {
				if ap == n && names == "" {
					names = n
				}
			}
		}
		if names == "cloud_displayname" && !strings.EqualFold(gmc, "ApplicationGroup") {
			appReport(p, c.Loc, SeverityNone, fmt.Sprintf("the groups optional claim asks for cloud_displayname, which Entra honours only with groupMembershipClaims ApplicationGroup (it is %s), so object IDs are emitted", gmc),
				appUIToken+": set the groups claim to Groups assigned to the application, or map object IDs in EspoCRM")
			names = ""
		}
	}
	ids := make([]string, 0, len(o.TeamGroups))
	for id := range o.TeamGroups {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var bad []string
	for _, id := range ids {
		g := strings.TrimSpace(o.TeamGroups[id])
		if g == "" {
			continue
		}
		if (names == "") != entra.IsGUID(g) {
			bad = append(bad, fmt.Sprintf("%s → %q", teamLabel(o, id), g))
		}
	}
	if len(bad) == 0 {
		return
	}
	if names == "" {
		p.ReportKey("oidcTeamsColumns", fmt.Sprintf("%s emits group object IDs (GUIDs) in the groups claim, but these team mappings are not object IDs and never match: %s", appName(m), strings.Join(bad, ", ")),
			appUIOIDC+" → Teams: write each group's Object ID (Entra admin center → Groups → the group → Object ID)")
		return
	}
	p.ReportKey("oidcTeamsColumns", fmt.Sprintf("%s emits group names (%s), but these team mappings are object IDs and never match: %s", appName(m), names, strings.Join(bad, ", ")),
		appUIOIDC+" → Teams: write each group's name as Entra emits it")
}

func checkAppImplicit(p *Pass) {
	m := p.Manifest
	if m.ImplicitIDToken.Set && m.ImplicitIDToken.Value {
		appReport(p, m.ImplicitIDToken.Loc, SeverityNone, "implicit-flow ID tokens are enabled (ID tokens from the authorize endpoint); EspoCRM uses the authorization-code flow and gets its ID token from the token endpoint",
			appUIAuth+" → Implicit grant and hybrid flows: untick ID tokens")
	}
	if m.ImplicitAccessToken.Set && m.ImplicitAccessToken.Value {
		appReport(p, m.ImplicitAccessToken.Loc, SeverityNone, "implicit-flow access tokens are enabled; EspoCRM does not use them and they travel in the browser's URL",
			appUIAuth+" → Implicit grant and hybrid flows: untick Access tokens")
	}
}

func checkAppLogoutRedirect(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	raw := strings.TrimSpace(o.LogoutURL)
	if raw == "" {
		return
	}
	site := strings.TrimRight(strings.TrimSpace(o.SiteURL), "/")
	sub := strings.NewReplacer("{siteUrl}", url.QueryEscape(site), "{clientId}", url.QueryEscape(strings.TrimSpace(o.ClientID))).Replace(raw)
	u, err := url.Parse(sub)
	if err != nil {
		return // logout-url rules report a broken URL
	}
	post := u.Query().Get("post_logout_redirect_uri")
	if post == "" {
		return
	}
	for _, r := range m.RedirectURIs {
		if r.URI == post {
			return
		}
	}
	msg := fmt.Sprintf("the logout URL sends post_logout_redirect_uri=%s, which is not a registered redirect URI of %s; Entra then leaves the user on its 'signed out' page", post, appName(m))
	msg += appNearMiss(m, post)
	p.ReportKey("oidcLogoutUrl", msg, fmt.Sprintf("%s → Web → Redirect URIs: add %s (%s at %s)", appUIAuth, post, m.RedirectLoc.Key, m.RedirectLoc.Pos))
}
