package rules

// Rule set entra, theme endpoints: the Entra login, key, userinfo and logout URLs.

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/provider"
)

var _ = declare(Rule{ID: "EO2001", Name: "entra-endpoint-mismatch", Set: SetEntra, Severity: Error,
	Summary: "the Entra endpoints are not all on the same host and tenant",
	Doc: Doc{
		Why:      "The authorization code is issued by one tenant and must be redeemed at the same tenant's token endpoint (AADSTS700005 otherwise); keys come from the tenant that signs. Endpoints copied from two app registrations, two tenants or two clouds fail in ways that are hard to read.",
		FixEspo:  uiOIDC + ": copy all endpoints from the same App registrations → Endpoints page.",
		FixEntra: uiEntraApp + " → Endpoints: OAuth 2.0 authorization endpoint (v2), token endpoint (v2); the keys URL is https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys.",
		Refs:     []string{"entra.md §9 (endpoints share host + tenant + version)", "entra.md §6 (AADSTS700005)", "failure-modes.md §2"},
	},
	Check: checkEntraEndpointMismatch})

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

var _ = declare(Rule{ID: "EO2002", Name: "entra-endpoint-version", Set: SetEntra, Severity: Error,
	Summary: "an Entra endpoint is not a v2.0 endpoint, or not the path EspoCRM needs there",
	Doc: Doc{
		Why:      "v1 endpoints (…/oauth2/authorize, …/oauth2/token, …/discovery/keys) issue v1 ID tokens (issuer https://sts.windows.net/<tid>/, no preferred_username) and mixing v1 and v2 endpoints gives tokens signed by keys the other version's JWKS may not list. The configured username claim may be missing from v1 tokens.",
		FixEspo:  uiOIDC + ": use …/oauth2/v2.0/authorize, …/oauth2/v2.0/token and …/discovery/v2.0/keys.",
		FixEntra: uiEntraApp + " → Endpoints lists the v2 URLs.",
		Refs:     []string{"entra.md §1.1, §1.2 (v1 vs v2 issuers)", "entra.md §2.2", "failure-modes.md §3 item 2"},
	},
	Check: checkEntraEndpointVersion})

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

var entraPaths = map[string]string{
	"oidcAuthorizationEndpoint": "authorize", "oidcTokenEndpoint": "token", "oidcJwksEndpoint": "keys",
}

var _ = declare(Rule{ID: "EO2005", Name: "entra-tenant-domain", Set: SetEntra, Severity: Info,
	Summary: "the tenant is given as a domain name; the issuer uses the tenant GUID",
	Doc: Doc{
		Why:        "login.microsoftonline.com/contoso.onmicrosoft.com/... works for sign-in, but the discovery document and tokens carry the GUID issuer, so strict OIDC clients (and espo-oidc probe's strict check) see an issuer mismatch. A renamed or removed domain breaks the login.",
		FixEspo:    uiOIDC + ": use the Directory (tenant) ID GUID in the endpoints.",
		FixEntra:   "Entra admin center → Overview → Tenant ID.",
		Refs:       []string{"entra.md §1.2", "entra.md §8 item 2"},
		Unverified: "That a domain-based discovery returns the GUID issuer is marked unverified (high confidence) in entra.md §1.2.",
	},
	Check: checkEntraTenantDomain})

func checkEntraTenantDomain(p *Pass) {
	t, key := entraTenant(p)
	if !isWorkforce(p) || t == "" || entra.IsGUID(t) || entra.IsGenericTenant(t) || !strings.Contains(t, ".") {
		return
	}
	p.ReportKey(key, fmt.Sprintf("the tenant is given as the domain '%s'; tokens and discovery carry the tenant GUID, so strict issuer checks see a mismatch, and the login breaks if the domain is removed", t),
		"use the Directory (tenant) ID GUID from the Entra admin center → Overview")
}

var _ = declare(Rule{ID: "EO2006", Name: "entra-jwks-common-keys", Set: SetEntra, Severity: Info,
	Summary: "the JWKS URL is the common keys URL (the guide's choice): it works, here is what it implies",
	Doc: Doc{
		Why:     "https://login.microsoftonline.com/common/discovery/v2.0/keys serves the same signing keys as your tenant's keys URL, so RS256 tokens verify. But it is not the jwks_uri of your tenant's discovery document, it cannot serve app-specific keys (apps with a claims-mapping signing key need …/<tenant>/discovery/v2.0/keys?appid=<client id>), and keys are not tied to your tenant.",
		FixEspo: uiOIDC + " → JSON Web Key Set Endpoint: https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys.",
		Refs:    []string{"entra-guide.md step 6", "entra.md §1.5", "failure-modes.md §1 #8"},
	},
	Check: checkEntraJwksCommon})

func checkEntraJwksCommon(p *Pass) {
	e, ok := entraEndpoints(p)["oidcJwksEndpoint"]
	t, _ := entraTenant(p)
	if !ok || !isWorkforce(p) || !strings.EqualFold(e.Tenant, entra.TenantCommon) || isMultiTenant(t) || t == "" || len(placeholders(t)) > 0 {
		return
	}
	p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("the JWKS URL is the common keys URL: it serves the same signing keys as tenant %s, so tokens verify, but it is not your tenant's jwks_uri and cannot serve an app-specific signing key", t),
		fmt.Sprintf("use https://%s/%s/discovery/v2.0/keys", e.Host, t))
}

var _ = declare(Rule{ID: "EO2007", Name: "entra-userinfo-host", Set: SetEntra, Severity: Error, Versions: espo.Since("9.1.0"),
	Summary: "the userinfo endpoint is not the cloud's Microsoft Graph /oidc/userinfo",
	Doc: Doc{
		Why:     "Entra's v2 userinfo endpoint is hosted on Microsoft Graph (https://graph.microsoft.com/oidc/userinfo; graph.microsoft.us, microsoftgraph.chinacloudapi.cn in other clouds). Any other URL (the v1 …/openid/userinfo, a login host, another cloud's Graph) answers with an error, and EspoCRM fails the login with 'OIDC: Userinfo request error.' (HTTP 500).",
		FixEspo: uiOIDC + " → UserInfo Endpoint: https://graph.microsoft.com/oidc/userinfo, or leave it empty (the ID token carries the claims).",
		Refs:    []string{"entra.md §1.6", "entra.md §1.7 (Graph roots)", "espocrm-oidc.md §2 step 11"},
	},
	Check: checkEntraUserinfoHost})

func checkEntraUserinfoHost(p *Pass) {
	v := strings.TrimSpace(p.OIDC().UserInfoEndpoint)
	if v == "" || p.Provider().Kind != provider.Entra {
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

var _ = declare(Rule{ID: "EO2016", Name: "entra-b2c-ciam", Set: SetEntra, Severity: Info,
	Summary: "Azure AD B2C or Entra External ID: issuer and endpoints differ from workforce Entra",
	Doc: Doc{
		Why:     "B2C endpoints are per user flow and the issuer has a trailing slash without the policy; External ID (ciamlogin.com) issues tokens with the tenant GUID as host. EspoCRM does not compare iss, so logins can work, but strict OIDC clients and the probe's strict check report an issuer mismatch; the workforce Entra rules do not apply.",
		FixEspo: "Copy every endpoint from the user flow's (B2C) or tenant's (External ID) discovery document.",
		Refs:    []string{"entra.md §1.8"},
	},
	Check: checkEntraB2C})

func checkEntraB2C(p *Pass) {
	prov := p.Provider()
	switch prov.Kind {
	case provider.EntraB2C:
		p.ReportKey("oidcAuthorizationEndpoint", fmt.Sprintf("%s is Azure AD B2C: endpoints are per user flow, the issuer is https://%s/<tenant-guid>/v2.0/ (trailing slash, no policy); EspoCRM does not compare iss, strict clients do; the workforce Entra rules do not apply", prov.Host, prov.Host),
			"copy all endpoints from the user flow's discovery document")
	case provider.EntraCIAM:
		p.ReportKey("oidcAuthorizationEndpoint", fmt.Sprintf("%s is Entra External ID (CIAM): the issuer uses the tenant GUID as host (https://<tenant-guid>.ciamlogin.com/<tenant-guid>/v2.0); the workforce Entra rules do not apply", prov.Host),
			"copy all endpoints from the tenant's discovery document")
	}
}

var _ = declare(Rule{ID: "EO2019", Name: "entra-max-age", Set: SetEntra, Severity: Info,
	Summary: "max_age is not documented by Entra",
	Doc: Doc{
		Why:        "Entra does not document max_age; auth_time is only present as an optional claim. Prefer prompt=login to force a fresh sign-in.",
		FixEspo:    "Remove 'oidcAuthorizationMaxAge' from data/config.php and use Authorization Prompt: login.",
		Refs:       []string{"entra.md §4"},
		Unverified: "Entra's handling of max_age is undocumented.",
	},
	Check: checkEntraMaxAge})

func checkEntraMaxAge(p *Pass) {
	if p.OIDC().MaxAge == nil {
		return
	}
	p.ReportKey("oidcAuthorizationMaxAge", "max_age is sent, which Entra does not document; auth_time is only an optional claim",
		"remove oidcAuthorizationMaxAge and use Authorization Prompt: login to force a fresh sign-in")
}

var _ = declare(Rule{ID: "EO2020", Name: "entra-logout-url", Set: SetEntra, Severity: Info,
	Summary: "logout does not sign users out of Entra, or returns them nowhere",
	Doc: Doc{
		Why:      "Without oidcLogoutUrl an EspoCRM logout leaves the Microsoft session alive: the next login goes through without a password. With it, post_logout_redirect_uri must be a registered redirect URI or Entra stays on its own page.",
		FixEspo:  uiOIDC + " → Logout URL: https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}",
		FixEntra: "Register the post-logout URI as a Web redirect URI.",
		Refs:     []string{"entra.md §1.6", "espocrm-oidc.md §8", "failure-modes.md §1 #23"},
	},
	Check: checkEntraLogout})

func checkEntraLogout(p *Pass) {
	v := strings.TrimSpace(p.OIDC().LogoutURL)
	if p.Provider().Kind != provider.Entra {
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
	e, ok := p.entraEndpoint(v)
	if !ok || e.Kind != "logout" {
		return
	}
	if u, err := p.parseURL(v); err == nil && u.Query().Get("post_logout_redirect_uri") == "" {
		p.ReportKey("oidcLogoutUrl", "the logout URL has no post_logout_redirect_uri: users stay on Microsoft's signed-out page",
			"append ?post_logout_redirect_uri={siteUrl} and register that URI on the app's Web platform")
	}
}
