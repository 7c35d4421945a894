package rules

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
)

// Rule set "entra": applied when the endpoints are on a Microsoft Entra
// login host. Facts: ../shared/reference/entra.md, entra-guide.md.

const uiEntraApp = "Entra admin center → App registrations → your app"

func entraRule(r *Rule) *Rule {
	r.Set, r.Provider = "entra", "entra"
	if r.Needs == nil {
		r.Needs = []Need{NeedOIDC}
	}
	return r
}

func init() {
	Register(
		entraRule(&Rule{ID: "EO2001", Name: "entra-endpoint-mismatch", Severity: Error,
			Summary: "the Entra endpoints are not all on the same host and tenant",
			Doc: Doc{
				Why:      "The authorization code is issued by one tenant and must be redeemed at the same tenant's token endpoint (AADSTS700005 otherwise); keys come from the tenant that signs. Endpoints copied from two app registrations, two tenants or two clouds fail in ways that are hard to read.",
				FixEspo:  uiOIDC + ": copy all endpoints from the same App registrations → Endpoints page.",
				FixEntra: uiEntraApp + " → Endpoints: OAuth 2.0 authorization endpoint (v2), token endpoint (v2); the keys URL is https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys.",
				Refs:     []string{"entra.md §9 (endpoints share host + tenant + version)", "entra.md §6 (AADSTS700005)", "failure-modes.md §2"},
			},
			Check: checkEntraEndpointMismatch}),
		entraRule(&Rule{ID: "EO2002", Name: "entra-endpoint-version", Severity: Error,
			Summary: "an Entra endpoint is not a v2.0 endpoint, or not the path EspoCRM needs there",
			Doc: Doc{
				Why:      "v1 endpoints (…/oauth2/authorize, …/oauth2/token, …/discovery/keys) issue v1 ID tokens (issuer https://sts.windows.net/<tid>/, no preferred_username) and mixing v1 and v2 endpoints gives tokens signed by keys the other version's JWKS may not list. The configured username claim may be missing from v1 tokens.",
				FixEspo:  uiOIDC + ": use …/oauth2/v2.0/authorize, …/oauth2/v2.0/token and …/discovery/v2.0/keys.",
				FixEntra: uiEntraApp + " → Endpoints lists the v2 URLs.",
				Refs:     []string{"entra.md §1.1, §1.2 (v1 vs v2 issuers)", "entra.md §2.2", "failure-modes.md §3 item 2"},
			},
			Check: checkEntraEndpointVersion}),
		entraRule(&Rule{ID: "EO2003", Name: "entra-generic-tenant", Severity: Warning, Security: true,
			Summary: "the endpoints use common, organizations or consumers instead of your tenant",
			Doc: Doc{
				Why:      "A single-tenant app (the guide's choice) behind /common or /organizations fails with AADSTS50194. A multi-tenant app accepts users of any Entra tenant, and EspoCRM never checks the token's issuer or tenant: who may log in then depends only on the username matching.",
				FixEspo:  uiOIDC + ": replace common/organizations with your Directory (tenant) ID in every endpoint.",
				FixEntra: "Entra admin center → Overview → Tenant ID; App registrations → your app → Authentication → Supported account types: single tenant.",
				Refs:     []string{"entra.md §1.1, §1.2", "entra.md §6 (AADSTS50194)", "failure-modes.md §1 #14, #15", "espocrm-oidc.md §2 step 9.2 (iss not compared)"},
			},
			Check: checkEntraGenericTenant}),
		entraRule(&Rule{ID: "EO2004", Name: "entra-create-user-any-tenant", Severity: Error, Security: true,
			Summary: "user creation is on behind a multi-tenant endpoint: anyone with a Microsoft work account can sign up",
			Doc: Doc{
				Why:      "With common/organizations endpoints and oidcCreateUser, EspoCRM creates a user for whoever signs in, from any Entra tenant, because it never checks iss or tid.",
				FixEspo:  uiOIDC + ": use your tenant's endpoints, or untick Create User.",
				FixEntra: "Make the app single-tenant (Authentication → Supported account types).",
				Refs:     []string{"failure-modes.md §1 #14", "espocrm-oidc.md §4 (Creation)", "espocrm-oidc.md §2 step 9.2"},
			},
			Check: checkEntraCreateUserAnyTenant}),
		entraRule(&Rule{ID: "EO2005", Name: "entra-tenant-domain", Severity: Info,
			Summary: "the tenant is given as a domain name; the issuer uses the tenant GUID",
			Doc: Doc{
				Why:        "login.microsoftonline.com/contoso.onmicrosoft.com/... works for sign-in, but the discovery document and tokens carry the GUID issuer, so strict OIDC clients (and espo-oidc probe's strict check) see an issuer mismatch. A renamed or removed domain breaks the login.",
				FixEspo:    uiOIDC + ": use the Directory (tenant) ID GUID in the endpoints.",
				FixEntra:   "Entra admin center → Overview → Tenant ID.",
				Refs:       []string{"entra.md §1.2", "entra.md §8 item 2"},
				Unverified: "That a domain-based discovery returns the GUID issuer is marked unverified (high confidence) in entra.md §1.2.",
			},
			Check: checkEntraTenantDomain}),
		entraRule(&Rule{ID: "EO2006", Name: "entra-jwks-common-keys", Severity: Info,
			Summary: "the JWKS URL is the common keys URL (the guide's choice): it works, here is what it implies",
			Doc: Doc{
				Why:     "https://login.microsoftonline.com/common/discovery/v2.0/keys serves the same signing keys as your tenant's keys URL, so RS256 tokens verify. But it is not the jwks_uri of your tenant's discovery document, it cannot serve app-specific keys (apps with a claims-mapping signing key need …/<tenant>/discovery/v2.0/keys?appid=<client id>), and keys are not tied to your tenant.",
				FixEspo: uiOIDC + " → JSON Web Key Set Endpoint: https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys.",
				Refs:    []string{"entra-guide.md step 6", "entra.md §1.5", "failure-modes.md §1 #8"},
			},
			Check: checkEntraJwksCommon}),
		entraRule(&Rule{ID: "EO2007", Name: "entra-userinfo-host", Severity: Error,
			Summary: "the userinfo endpoint is not the cloud's Microsoft Graph /oidc/userinfo",
			Doc: Doc{
				Why:     "Entra's v2 userinfo endpoint is hosted on Microsoft Graph (https://graph.microsoft.com/oidc/userinfo; graph.microsoft.us, microsoftgraph.chinacloudapi.cn in other clouds). Any other URL (the v1 …/openid/userinfo, a login host, another cloud's Graph) answers with an error, and EspoCRM fails the login with 'OIDC: Userinfo request error.' (HTTP 500).",
				FixEspo: uiOIDC + " → UserInfo Endpoint: https://graph.microsoft.com/oidc/userinfo, or leave it empty (the ID token carries the claims).",
				Refs:    []string{"entra.md §1.6", "entra.md §1.7 (Graph roots)", "espocrm-oidc.md §2 step 11"},
			},
			Check: checkEntraUserinfoHost}),
		entraRule(&Rule{ID: "EO2008", Name: "entra-username-sub", Severity: Warning,
			Summary: "the username claim is sub, which Entra makes pairwise per app: it never equals a username",
			Doc: Doc{
				Why:     "EspoCRM's default username claim is sub. Entra's sub is an opaque value unique per user and app (pairwise), so it never matches an EspoCRM username: the #1 cause of 'user not found' after a successful Microsoft sign-in.",
				FixEspo: uiOIDC + " → Username Claim: preferred_username (the UPN; needs the profile scope) or email (needs the email scope and a mail attribute), and make EspoCRM usernames equal to it.",
				Refs:    []string{"entra-guide.md steps 0, 7", "entra.md §2.2 (sub pairwise)", "failure-modes.md §1 #1"},
			},
			Check: checkEntraUsernameSub}),
		entraRule(&Rule{ID: "EO2009", Name: "entra-username-email", Severity: Warning,
			Summary: "the username claim is email, which Entra omits for users without a mail attribute",
			Doc: Doc{
				Why:      "Entra puts email in the ID token only with the email scope (or optional claim) and only when the user has a mail address; members without a mailbox get none, and EspoCRM fails with 'No username claim `email` in token and userinfo.' (HTTP 500).",
				FixEspo:  uiOIDC + " → Scopes: keep email; or use preferred_username.",
				FixEntra: uiEntraApp + " → Token configuration → Add optional claim → ID → email; give every user a mail attribute.",
				Refs:     []string{"entra.md §2.3", "failure-modes.md §1 #4", "espocrm-oidc.md §10.5"},
			},
			Check: checkEntraUsernameEmail}),
		entraRule(&Rule{ID: "EO2010", Name: "entra-username-mutable", Severity: Info,
			Summary: "the username claim (email, preferred_username, upn) can change: a rename makes a new or unknown user",
			Doc: Doc{
				Why:     "Microsoft: email, preferred_username, upn and unique_name are mutable and must not be used as keys. When a user is renamed in Entra, EspoCRM no longer finds them (or creates a second account). This is the pragmatic choice the guide makes; know the trade-off.",
				FixEspo: "When you rename a user in Entra, rename the EspoCRM username the same way.",
				Refs:    []string{"entra.md §2.4", "failure-modes.md §2"},
			},
			Check: checkEntraUsernameMutable}),
		entraRule(&Rule{ID: "EO2011", Name: "entra-noauth-takeover", Severity: Error, Security: true,
			Summary: "multi-tenant endpoints plus an email/UPN username claim allow account takeover (nOAuth)",
			Doc: Doc{
				Why:      "With common/organizations endpoints any Entra tenant can sign in, and EspoCRM never checks iss/tid. An attacker in their own tenant sets a user's mail or UPN to your user's address and logs in as them (nOAuth).",
				FixEspo:  uiOIDC + ": use your tenant's endpoints (Directory (tenant) ID instead of common/organizations).",
				FixEntra: "Make the app single-tenant; keep removeUnverifiedEmailClaim on.",
				Refs:     []string{"entra.md §2.5 (nOAuth)", "failure-modes.md §1 #14", "espocrm-oidc.md §2 step 9.2"},
			},
			Check: checkEntraNOAuth}),
		entraRule(&Rule{ID: "EO2012", Name: "entra-unsupported-scope", Severity: Warning,
			Summary: "a scope Entra does not have (phone, address, groups, roles): sign-in may fail with AADSTS650053",
			Doc: Doc{
				Why:        "Entra supports the OIDC scopes openid, profile, email and offline_access; 'address' and 'phone' are not supported, and bare scope names are read as Microsoft Graph permissions, so groups, roles or sub fail with AADSTS650053. EspoCRM's default scopes include phone.",
				FixEspo:    uiOIDC + " → Scopes: profile, email (openid is added by EspoCRM). Groups come from the group claim, not a scope.",
				Refs:       []string{"entra.md §3.1", "failure-modes.md §1 #18", "entra-guide.md step 7"},
				Unverified: "What Entra answers for phone/address is unverified (entra.md §3.1); the AADSTS650053 answer is reported by third parties for groups, roles and sub.",
			},
			Check: checkEntraScopes}),
		entraRule(&Rule{ID: "EO2013", Name: "entra-prompt-consent", Severity: Warning,
			Summary: "prompt=consent (EspoCRM's default) shows Entra's consent page at every login",
			Doc: Doc{
				Why:      "EspoCRM sends prompt=consent when the setting is missing. Entra then shows the permissions page at each sign-in, and users who may not consent see 'Need admin approval'. The guide's author uses login; select_account is the other usual choice.",
				FixEspo:  uiOIDC + " → Authorization Prompt: login or select_account (8.3+; before 8.3 set 'oidcAuthorizationPrompt' in data/config.php).",
				FixEntra: "Grant admin consent once: API permissions → Grant admin consent.",
				Refs:     []string{"entra-guide.md step 8", "espocrm-oidc.md §1.2 (oidcAuthorizationPrompt)", "failure-modes.md §1 #17"},
			},
			Check: checkEntraPromptConsent}),
		entraRule(&Rule{ID: "EO2014", Name: "entra-group-values-not-object-ids", Severity: Warning,
			Summary: "team mapping values are not group object IDs, which is what Entra's groups claim carries",
			Doc: Doc{
				Why:      "Entra emits group object IDs (GUIDs) in the groups claim. A team mapped to a group name such as 'Sales' never matches, so sync removes the team. Names are emitted only for on-premises-synced groups (sAMAccountName options) or with cloud_displayname plus ApplicationGroup. With --app-manifest, app-group-values-format judges the mapping against what the app really emits, and this rule stays quiet.",
				FixEspo:  uiOIDC + " → Teams: set each IdP Group to the group's Object ID.",
				FixEntra: "Entra admin center → Groups → your group → Overview → Object ID.",
				Refs:     []string{"entra.md §2.6", "failure-modes.md §1 #19"},
			},
			Check: checkEntraGroupValues}),
		entraRule(&Rule{ID: "EO2015", Name: "entra-group-overage", Severity: Info,
			Summary: "users in more than 200 groups get no groups claim, and team sync removes their teams",
			Doc: Doc{
				Why:      "Past 200 groups Entra replaces the groups claim with _claim_names/_claim_sources (overage). EspoCRM then sees no groups and, with team sync, removes every mapped team.",
				FixEntra: uiEntraApp + " → Token configuration → Edit groups claim: 'Groups assigned to the application' (ApplicationGroup), and assign the mapped groups to the enterprise app.",
				Refs:     []string{"entra.md §2.6 (overage limits)", "failure-modes.md §1 #19"},
			},
			Check: checkEntraGroupOverage}),
		entraRule(&Rule{ID: "EO2016", Name: "entra-b2c-ciam", Severity: Info,
			Summary: "Azure AD B2C or Entra External ID: issuer and endpoints differ from workforce Entra",
			Doc: Doc{
				Why:     "B2C endpoints are per user flow and the issuer has a trailing slash without the policy; External ID (ciamlogin.com) issues tokens with the tenant GUID as host. EspoCRM does not compare iss, so logins can work, but strict OIDC clients and the probe's strict check report an issuer mismatch; the workforce Entra rules do not apply.",
				FixEspo: "Copy every endpoint from the user flow's (B2C) or tenant's (External ID) discovery document.",
				Refs:    []string{"entra.md §1.8"},
			},
			Check: checkEntraB2C}),
		entraRule(&Rule{ID: "EO2017", Name: "entra-userinfo-foreign-scope", Severity: Warning,
			Summary: "userinfo is on while a scope of another API is requested: the access token is not for Graph",
			Doc: Doc{
				Why:        "Entra issues one access token per resource. With a custom API scope (api://…) the token EspoCRM gets is for that API, and Graph's /oidc/userinfo refuses it with 401: 'OIDC: UserInfo response error.' (HTTP 500).",
				FixEspo:    uiOIDC + ": remove the API scope, or clear the UserInfo Endpoint (the ID token has the claims).",
				Refs:       []string{"entra.md §1.6", "espocrm-oidc.md §10.4", "espocrm-oidc.md §15 rule 5"},
				Unverified: "The 401 from userinfo is an inference in entra.md §1.6.",
			},
			Check: checkEntraUserinfoScope}),
		entraRule(&Rule{ID: "EO2018", Name: "entra-sync-missing-claims", Severity: Warning,
			Summary: "user sync clears names and phone numbers: Entra's v2 ID token lacks given_name, family_name, phone_number",
			Doc: Doc{
				Why:      "With oidcSync, every login writes null for claims the token lacks. Entra v2 ID tokens carry given_name/family_name only as optional claims, never phone_number, and email only with the email scope and a mail attribute. So first and last names are blanked at each login unless optional claims or the userinfo endpoint provide them, and phone numbers always are.",
				FixEspo:  uiOIDC + ": set the UserInfo Endpoint (https://graph.microsoft.com/oidc/userinfo gives given_name, family_name), or untick Sync.",
				FixEntra: uiEntraApp + " → Token configuration → Add optional claim → ID: given_name, family_name, email.",
				Refs:     []string{"entra.md §2.2", "espocrm-oidc.md §4 (Sync)", "espocrm-oidc.md §14"},
			},
			Check: checkEntraSyncClaims}),
		entraRule(&Rule{ID: "EO2019", Name: "entra-max-age", Severity: Info,
			Summary: "max_age is not documented by Entra",
			Doc: Doc{
				Why:        "Entra does not document max_age; auth_time is only present as an optional claim. Prefer prompt=login to force a fresh sign-in.",
				FixEspo:    "Remove 'oidcAuthorizationMaxAge' from data/config.php and use Authorization Prompt: login.",
				Refs:       []string{"entra.md §4"},
				Unverified: "Entra's handling of max_age is undocumented.",
			},
			Check: checkEntraMaxAge}),
		entraRule(&Rule{ID: "EO2020", Name: "entra-logout-url", Severity: Info,
			Summary: "logout does not sign users out of Entra, or returns them nowhere",
			Doc: Doc{
				Why:      "Without oidcLogoutUrl an EspoCRM logout leaves the Microsoft session alive: the next login goes through without a password. With it, post_logout_redirect_uri must be a registered redirect URI or Entra stays on its own page.",
				FixEspo:  uiOIDC + " → Logout URL: https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}",
				FixEntra: "Register the post-logout URI as a Web redirect URI.",
				Refs:     []string{"entra.md §1.6", "espocrm-oidc.md §8", "failure-modes.md §1 #23"},
			},
			Check: checkEntraLogout}),
		entraRule(&Rule{ID: "EO2021", Name: "entra-unexpected-tenant", Severity: Error, Security: true,
			Summary: "the endpoints' tenant is not one of the tenants the config file expects",
			Doc: Doc{
				Why:     "Organisations that list their tenant IDs (option expectedTenants) want a config pointing elsewhere (a test tenant, a customer's tenant, a typo) caught before it is deployed.",
				FixEspo: uiOIDC + ": use the expected tenant's endpoints, or add the tenant to expectedTenants in .espo-oidc.yaml.",
				Refs:    []string{"entra.md §2.4 (restrict allowed tenants)"},
			},
			Check: checkEntraExpectedTenant}),
	)
}

// entraEndpoints parses the configured Entra endpoints by key.
func entraEndpoints(p *Pass) map[string]entra.Endpoint {
	if p.entraEPs != nil {
		return p.entraEPs
	}
	o := p.OIDC()
	out := map[string]entra.Endpoint{}
	for _, k := range []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint", "oidcJwksEndpoint", "oidcLogoutUrl"} {
		if e, ok := entra.ParseEndpoint(endpointValue(o, k)); ok {
			out[k] = e
		}
	}
	p.entraEPs = out
	return out
}

func isWorkforce(p *Pass) bool { return p.Provider().Kind == entra.Entra }

func checkEntraEndpointMismatch(p *Pass) {
	if !isWorkforce(p) {
		return
	}
	eps := entraEndpoints(p)
	ref, ok := eps["oidcAuthorizationEndpoint"]
	refKey := "oidcAuthorizationEndpoint"
	if !ok {
		ref, ok = eps["oidcTokenEndpoint"]
		refKey = "oidcTokenEndpoint"
	}
	o := p.OIDC()
	for _, k := range []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint", "oidcJwksEndpoint"} {
		v := strings.TrimSpace(endpointValue(o, k))
		if v == "" || !strings.Contains(v, "://") {
			continue
		}
		e, isEntra := eps[k]
		if !isEntra {
			p.ReportKey(k, fmt.Sprintf("%s is not on an Entra login host while the other endpoints are on %s", k, p.Provider().Host),
				"copy the endpoint from "+uiEntraApp+" → Endpoints")
			continue
		}
		if !ok || k == refKey {
			continue
		}
		if e.Cloud != ref.Cloud {
			p.ReportKey(k, fmt.Sprintf("%s is on %s (%s cloud) but %s is on %s (%s cloud)", k, e.Host, e.Cloud.Name, refKey, ref.Host, ref.Cloud.Name),
				"use one cloud's login host for every endpoint")
		} else if e.Host != ref.Host {
			p.ReportKeySeverity(k, Warning, fmt.Sprintf("%s uses the alias host %s while %s uses %s; use one host", k, e.Host, refKey, ref.Host),
				"write every endpoint with "+ref.Cloud.LoginHost)
		}
		if k == "oidcJwksEndpoint" && strings.EqualFold(e.Tenant, entra.TenantCommon) {
			continue // the guide's common keys URL: entra-jwks-common-keys
		}
		if !strings.EqualFold(e.Tenant, ref.Tenant) {
			p.ReportKey(k, fmt.Sprintf("%s is for tenant '%s' but %s is for tenant '%s'", k, e.Tenant, refKey, ref.Tenant),
				"use the same Directory (tenant) ID in every endpoint (a code issued by one tenant cannot be redeemed at another: AADSTS700005)")
		}
	}
	if e, ok := eps["oidcJwksEndpoint"]; ok && e.AppID != "" && !strings.EqualFold(e.AppID, o.ClientID) {
		p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("the JWKS URL asks for the keys of app %s, but the client ID is %s", e.AppID, o.ClientID),
			"set ?appid= to the Application (client) ID, or remove it if the app has no custom signing key")
	}
}

var entraPaths = map[string]string{
	"oidcAuthorizationEndpoint": "authorize", "oidcTokenEndpoint": "token", "oidcJwksEndpoint": "keys",
}

func checkEntraEndpointVersion(p *Pass) {
	if !isWorkforce(p) {
		return
	}
	eps := entraEndpoints(p)
	for _, k := range []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint", "oidcJwksEndpoint"} {
		e, ok := eps[k]
		if !ok {
			continue
		}
		want := entraPaths[k]
		if e.Kind != want {
			what := "an Entra " + e.Kind + " URL"
			if e.Kind == "other" {
				what = "not an Entra " + want + " URL"
			}
			p.ReportKey(k, fmt.Sprintf("%s '%s' is %s; EspoCRM needs the v2.0 %s endpoint here", k, e.Raw, what, want),
				fmt.Sprintf("use https://%s/%s/%s", e.Host, e.Tenant, map[string]string{"authorize": "oauth2/v2.0/authorize", "token": "oauth2/v2.0/token", "keys": "discovery/v2.0/keys"}[want]))
			continue
		}
		if e.Version == "v1.0" {
			p.ReportKey(k, fmt.Sprintf("%s is a v1.0 endpoint: v1 ID tokens have issuer https://sts.windows.net/<tid>/ and no preferred_username, and mixing versions breaks signature checks", k),
				fmt.Sprintf("use the v2.0 endpoint: https://%s/%s/%s", e.Host, e.Tenant, map[string]string{"authorize": "oauth2/v2.0/authorize", "token": "oauth2/v2.0/token", "keys": "discovery/v2.0/keys"}[want]))
		}
	}
}

// entraTenant is the tenant segment of the authorization (or token) endpoint.
func entraTenant(p *Pass) (string, string) {
	eps := entraEndpoints(p)
	for _, k := range []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint"} {
		if e, ok := eps[k]; ok && e.Tenant != "" {
			return e.Tenant, k
		}
	}
	return "", ""
}

func isMultiTenant(t string) bool {
	t = strings.ToLower(t)
	return t == entra.TenantCommon || t == entra.TenantOrganizations
}

func checkEntraGenericTenant(p *Pass) {
	t, key := entraTenant(p)
	if !isWorkforce(p) || !entra.IsGenericTenant(t) {
		return
	}
	msg := fmt.Sprintf("the endpoints use the '%s' tenant: a single-tenant app fails with AADSTS50194, and a multi-tenant app lets users of any Entra tenant sign in (EspoCRM never checks the token's issuer)", t)
	if strings.EqualFold(t, entra.TenantConsumers) {
		msg = "the endpoints use the 'consumers' tenant: only personal Microsoft accounts can sign in, not work or school accounts"
	}
	p.ReportKey(key, msg, "replace '"+t+"' with your Directory (tenant) ID in every endpoint")
}

func checkEntraCreateUserAnyTenant(p *Pass) {
	t, _ := entraTenant(p)
	if !isWorkforce(p) || !isMultiTenant(t) || !p.OIDC().CreateUser {
		return
	}
	p.ReportKey("oidcCreateUser", fmt.Sprintf("user creation is on behind the '%s' endpoint: anyone with an account in any Entra tenant can sign in and get an EspoCRM user", t),
		"use your tenant's endpoints, or untick Create User in "+uiOIDC)
}

func checkEntraTenantDomain(p *Pass) {
	t, key := entraTenant(p)
	if !isWorkforce(p) || t == "" || entra.IsGUID(t) || entra.IsGenericTenant(t) || !strings.Contains(t, ".") {
		return
	}
	p.ReportKey(key, fmt.Sprintf("the tenant is given as the domain '%s'; tokens and discovery carry the tenant GUID, so strict issuer checks see a mismatch, and the login breaks if the domain is removed", t),
		"use the Directory (tenant) ID GUID from the Entra admin center → Overview")
}

func checkEntraJwksCommon(p *Pass) {
	e, ok := entraEndpoints(p)["oidcJwksEndpoint"]
	t, _ := entraTenant(p)
	if !ok || !isWorkforce(p) || !strings.EqualFold(e.Tenant, entra.TenantCommon) || isMultiTenant(t) || t == "" || len(placeholders(t)) > 0 {
		return
	}
	p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("the JWKS URL is the common keys URL: it serves the same signing keys as tenant %s, so tokens verify, but it is not your tenant's jwks_uri and cannot serve an app-specific signing key", t),
		fmt.Sprintf("use https://%s/%s/discovery/v2.0/keys", e.Host, t))
}

func checkEntraUserinfoHost(p *Pass) {
	v := strings.TrimSpace(p.OIDC().UserInfoEndpoint)
	if v == "" || p.Provider().Kind != entra.Entra {
		return
	}
	want := "graph.microsoft.com"
	if c := p.Provider().Cloud; c != nil {
		want = c.GraphHost
	}
	u, err := url.Parse(v)
	if err != nil {
		return // endpoint-not-https reports it
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case !entra.IsGraphHost(host):
		p.ReportKey("oidcUserInfoEndpoint", fmt.Sprintf("the userinfo endpoint is on %s; Entra's v2 userinfo is https://%s/oidc/userinfo, and other URLs make every login fail with 'OIDC: Userinfo request error.'", host, want),
			fmt.Sprintf("set it to https://%s/oidc/userinfo, or leave it empty", want))
	case host != want && !(want == "graph.microsoft.us" && host == "dod-graph.microsoft.us"):
		p.ReportKey("oidcUserInfoEndpoint", fmt.Sprintf("the userinfo endpoint is on %s but the login host belongs to the cloud whose Graph is %s", host, want),
			fmt.Sprintf("set it to https://%s/oidc/userinfo", want))
	case strings.TrimRight(u.Path, "/") != "/oidc/userinfo":
		p.ReportKey("oidcUserInfoEndpoint", fmt.Sprintf("the userinfo path is '%s'; Entra's is /oidc/userinfo", u.Path),
			fmt.Sprintf("set it to https://%s/oidc/userinfo", want))
	}
}

func checkEntraUsernameSub(p *Pass) {
	if strings.TrimSpace(p.OIDC().UsernameClaim) != "sub" {
		return
	}
	p.ReportKey("oidcUsernameClaim", "the username claim is 'sub': Entra's sub is an opaque value per user and app, so it never equals an EspoCRM username and every login ends in 'user not found'",
		uiOIDC+" → Username Claim: preferred_username (or email), and make EspoCRM usernames equal to it")
}

func hasScope(p *Pass, s string) bool {
	for _, x := range p.OIDC().Scopes {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func checkEntraUsernameEmail(p *Pass) {
	if strings.TrimSpace(p.OIDC().UsernameClaim) != "email" {
		return
	}
	if !hasScope(p, "email") {
		p.ReportKeySeverity("oidcScopes", Error, "the username claim is 'email' but the email scope is not requested: members get no email claim and every login fails with 'No username claim `email` in token and userinfo.'",
			"add email to "+uiOIDC+" → Scopes (or the email optional claim in Token configuration)")
		return
	}
	p.ReportKey("oidcUsernameClaim", "the username claim is 'email': Entra omits it for users without a mail attribute (no mailbox, UPN-only), and those logins fail with 'No username claim `email` in token and userinfo.' (HTTP 500)",
		"give every user a mail attribute, or use preferred_username")
}

var mutableClaims = map[string]bool{"email": true, "preferred_username": true, "upn": true, "unique_name": true}

func checkEntraUsernameMutable(p *Pass) {
	c := strings.TrimSpace(p.OIDC().UsernameClaim)
	t, _ := entraTenant(p)
	if !mutableClaims[c] || isMultiTenant(t) {
		return // entra-noauth-takeover covers multi-tenant
	}
	p.ReportKey("oidcUsernameClaim", fmt.Sprintf("the username claim '%s' is mutable: when a user is renamed in Entra, EspoCRM no longer finds them (or creates a second account)", c),
		"rename EspoCRM usernames whenever Entra names change; oid is immutable but needs usernames set to object IDs")
}

func checkEntraNOAuth(p *Pass) {
	c := strings.TrimSpace(p.OIDC().UsernameClaim)
	t, key := entraTenant(p)
	if !isWorkforce(p) || !isMultiTenant(t) || !mutableClaims[c] {
		return
	}
	p.ReportKey(key, fmt.Sprintf("the '%s' endpoints accept any Entra tenant and users are matched by '%s', which another tenant's admin controls: an attacker can log in as your users (nOAuth)", t, c),
		"use your tenant's endpoints (Directory (tenant) ID instead of '"+t+"')")
}

func checkEntraScopes(p *Pass) {
	for _, s := range p.OIDC().Scopes {
		switch strings.ToLower(s) {
		case "phone", "address":
			p.ReportKey("oidcScopes", fmt.Sprintf("the scope '%s' is not supported by Entra (EspoCRM's default scopes include phone); sign-in may fail with AADSTS650053 (unverified for this scope)", s),
				"remove "+s+" from "+uiOIDC+" → Scopes")
		case "groups", "roles", "sub", "group":
			p.ReportKeySeverity("oidcScopes", Error, fmt.Sprintf("the scope '%s' does not exist in Entra: sign-in fails with AADSTS650053 (asked for scope '%s' that doesn't exist on the resource 00000003-…)", s, s),
				"remove "+s+" from Scopes; group membership comes from the group claim (Token configuration → Add groups claim)")
		}
	}
}

func checkEntraPromptConsent(p *Pass) {
	if p.OIDC().Prompt != "consent" {
		return
	}
	note := ""
	if !p.Settings.IsSet("oidcAuthorizationPrompt") {
		note = " (oidcAuthorizationPrompt is not set, and EspoCRM sends consent then)"
	}
	p.ReportKey("oidcAuthorizationPrompt", "prompt=consent makes Entra show the consent page at every login; users who may not consent see 'Need admin approval'"+note,
		uiOIDC+" → Authorization Prompt: login or select_account, and grant admin consent once in the app's API permissions")
}

func checkEntraGroupValues(p *Pass) {
	o := p.OIDC()
	if strings.TrimSpace(o.GroupClaim) != "groups" || p.Manifest != nil {
		// With a manifest, app-group-values-format knows what the claim emits.
		return
	}
	var bad []string
	for _, id := range o.TeamsIDs {
		if g := o.TeamGroups[id]; g != "" && !entra.IsGUID(g) {
			bad = append(bad, fmt.Sprintf("%s → '%s'", teamLabel(o, id), g))
		}
	}
	if len(bad) == 0 {
		return
	}
	sort.Strings(bad)
	p.ReportKey("oidcTeamsColumns", fmt.Sprintf("team mapping values are not group object IDs (%s); Entra's groups claim carries object IDs, so these teams never match and sync removes them", strings.Join(bad, ", ")),
		"set each team's IdP Group to the group's Object ID (Entra admin center → Groups → group → Overview)")
}

func checkEntraGroupOverage(p *Pass) {
	o := p.OIDC()
	if strings.TrimSpace(o.GroupClaim) != "groups" || !o.SyncTeams {
		return
	}
	p.ReportKey("oidcGroupClaim", "users in more than 200 groups get no groups claim (overage), and team sync then removes all their mapped teams",
		"in the app's Token configuration emit 'Groups assigned to the application' (ApplicationGroup) and assign the mapped groups to the enterprise app")
}

func checkEntraB2C(p *Pass) {
	prov := p.Provider()
	switch prov.Kind {
	case entra.EntraB2C:
		p.ReportKey("oidcAuthorizationEndpoint", fmt.Sprintf("%s is Azure AD B2C: endpoints are per user flow, the issuer is https://%s/<tenant-guid>/v2.0/ (trailing slash, no policy); EspoCRM does not compare iss, strict clients do; the workforce Entra rules do not apply", prov.Host, prov.Host),
			"copy all endpoints from the user flow's discovery document")
	case entra.EntraCIAM:
		p.ReportKey("oidcAuthorizationEndpoint", fmt.Sprintf("%s is Entra External ID (CIAM): the issuer uses the tenant GUID as host (https://<tenant-guid>.ciamlogin.com/<tenant-guid>/v2.0); the workforce Entra rules do not apply", prov.Host),
			"copy all endpoints from the tenant's discovery document")
	}
}

func checkEntraUserinfoScope(p *Pass) {
	if strings.TrimSpace(p.OIDC().UserInfoEndpoint) == "" {
		return
	}
	for _, s := range p.OIDC().Scopes {
		if strings.HasPrefix(s, "api://") || (strings.HasPrefix(s, "https://") && !entra.IsGraphHost(hostOf(s))) {
			p.ReportKey("oidcScopes", fmt.Sprintf("userinfo is on and the scope '%s' asks for another API's token: Graph's userinfo then refuses the access token (401) and logins fail with 'OIDC: UserInfo response error.'", s),
				"remove the API scope, or clear the UserInfo Endpoint")
			return
		}
	}
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

func checkEntraSyncClaims(p *Pass) {
	o := p.OIDC()
	if !o.Sync || p.Provider().Kind != entra.Entra {
		return
	}
	var lost []string
	if strings.TrimSpace(o.UserInfoEndpoint) == "" {
		lost = append(lost, "first and last name (given_name/family_name are optional claims in v2 ID tokens)")
	}
	lost = append(lost, "phone number (Entra sends no phone_number)")
	if !hasScope(p, "email") {
		lost = append(lost, "email address (no email scope)")
	}
	p.ReportKey("oidcSync", "user sync clears at every login: "+strings.Join(lost, "; "),
		"add the optional claims given_name, family_name, email (Token configuration → Add optional claim → ID), or set the UserInfo Endpoint, or untick Sync")
}

func checkEntraMaxAge(p *Pass) {
	if p.OIDC().MaxAge == nil {
		return
	}
	p.ReportKey("oidcAuthorizationMaxAge", "max_age is sent, which Entra does not document; auth_time is only an optional claim",
		"remove oidcAuthorizationMaxAge and use Authorization Prompt: login to force a fresh sign-in")
}

func checkEntraLogout(p *Pass) {
	v := strings.TrimSpace(p.OIDC().LogoutURL)
	if p.Provider().Kind != entra.Entra {
		return
	}
	t, _ := entraTenant(p)
	if t == "" || len(placeholders(t)) > 0 {
		t = "<tenant-id>"
	}
	host := p.Provider().Host
	suggest := fmt.Sprintf("https://%s/%s/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}", host, t)
	if v == "" {
		p.ReportKey("oidcLogoutUrl", "no logout URL: logging out of EspoCRM leaves the Microsoft session alive, and the next login needs no password",
			uiOIDC+" → Logout URL: "+suggest)
		return
	}
	e, ok := entra.ParseEndpoint(v)
	if !ok || e.Kind != "logout" {
		return
	}
	if u, err := url.Parse(v); err == nil && u.Query().Get("post_logout_redirect_uri") == "" {
		p.ReportKey("oidcLogoutUrl", "the logout URL has no post_logout_redirect_uri: users stay on Microsoft's signed-out page",
			"append ?post_logout_redirect_uri={siteUrl} and register that URI on the app's Web platform")
	}
}

func checkEntraExpectedTenant(p *Pass) {
	if len(p.Options.ExpectedTenants) == 0 || !isWorkforce(p) {
		return
	}
	t, key := entraTenant(p)
	if t == "" {
		return
	}
	for _, want := range p.Options.ExpectedTenants {
		if strings.EqualFold(strings.TrimSpace(want), t) {
			return
		}
	}
	p.ReportKey(key, fmt.Sprintf("the endpoints use tenant '%s', which is not in expectedTenants (%s)", t, strings.Join(p.Options.ExpectedTenants, ", ")),
		"use the expected tenant's endpoints, or add the tenant to expectedTenants in .espo-oidc.yaml")
}
