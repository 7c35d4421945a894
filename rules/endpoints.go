package rules

// Rule set core, theme endpoints: the provider URLs EspoCRM calls or sends the browser to.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/redact"
)

var _ = declare(Rule{ID: "EO1020", Name: "endpoint-not-https", Set: SetCore, Severity: Error, Security: true, Needs: []Need{NeedOIDC},
	Summary: "an endpoint is not an absolute https URL (http is fine only for loopback)",
	Doc: Doc{
		Why:     "EspoCRM calls the token, JWKS and userinfo endpoints with curl without following redirects, and the browser opens the authorization endpoint. The admin UI's URL validator accepts values without a scheme. Plain http sends the client secret and tokens in clear text, and the usual http→https redirect breaks the call ('Bad token response').",
		FixEspo: uiOIDC + ": write every endpoint as https://host/path, copied from the provider's discovery document.",
		Refs:    []string{"espocrm-oidc.md §2 step 7 (no FOLLOWLOCATION)", "espocrm-oidc.md §11 (uriOptionalProtocol)", "espocrm-oidc.md §15 rule 3"},
	},
	Check: checkEndpointsHTTPS})

func checkEndpointsHTTPS(p *Pass) {
	o := p.OIDC()
	for _, k := range endpointKeys {
		v := endpointValue(o, k)
		if strings.TrimSpace(v) == "" || len(placeholders(v)) > 0 && !strings.Contains(v, "://") {
			continue
		}
		if prob := urlProblem(p, v); prob != "" {
			p.ReportKey(k, fmt.Sprintf("%s '%s' %s", k, v, prob), "write the endpoint as an absolute https:// URL, as the provider's discovery document gives it")
		}
	}
}

// endpointKeys are the URL settings EspoCRM's server or browser calls.
var endpointKeys = []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint", "oidcJwksEndpoint", "oidcUserInfoEndpoint"}

var _ = declare(Rule{ID: "EO1021", Name: "authorization-endpoint-query", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "the authorization endpoint contains '?', so the login URL gets a second '?' and breaks",
	Doc: Doc{
		Why:        "The login page builds endpoint + '?' + parameters. An endpoint that already has a query string yields https://idp/authorize?x=1?client_id=..., and the provider sees a garbled first parameter.",
		FixEspo:    uiOIDC + " → Authorization Endpoint: remove the query string. Entra needs none.",
		Refs:       []string{"espocrm-oidc.md §2 step 4"},
		Unverified: "The broken URL is inferred from the client code, not run.",
	},
	Check: checkAuthzQuery})

func checkAuthzQuery(p *Pass) {
	v := p.OIDC().AuthorizationEndpoint
	if !strings.Contains(v, "?") {
		return
	}
	p.ReportKey("oidcAuthorizationEndpoint", "the authorization endpoint contains '?': EspoCRM appends '?client_id=...', so the login URL gets two '?' and the provider sees a garbled parameter",
		"remove the query string from "+uiOIDC+" → Authorization Endpoint")
}

var _ = declare(Rule{ID: "EO1022", Name: "endpoint-placeholder", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "an endpoint still contains a placeholder such as {tenant} or <tenant-id>",
	Doc: Doc{
		Why:      "Documentation and discovery documents show templates like https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token. EspoCRM uses the text as it is: the provider answers 'tenant not found' (Entra AADSTS90002) or 404.",
		FixEspo:  uiOIDC + ": replace the placeholder with the real value (the UI validator refuses braces, so these come from hand edits).",
		FixEntra: "Directory (tenant) ID: Entra admin center → Overview; or copy the endpoints from App registrations → Endpoints.",
		Refs:     []string{"espocrm-oidc.md §15 rule 3", "entra.md §1.9 (AADSTS90002)"},
	},
	Check: checkPlaceholders})

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

var _ = declare(Rule{ID: "EO1063", Name: "logout-url-placeholder", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "the logout URL has a placeholder EspoCRM does not replace, or is not https",
	Doc: Doc{
		Why:     "EspoCRM replaces only {siteUrl} and {clientId} (URL-encoded) in oidcLogoutUrl; anything else such as {tenant} or {redirect} is sent literally and the provider shows an error after logout.",
		FixEspo: uiOIDC + " → Logout URL, e.g. https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}.",
		Refs:    []string{"espocrm-oidc.md §8", "espocrm-oidc.md §15 rule 15"},
	},
	Check: checkLogoutURL})

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
	probe := logoutPlaceholders.Replace(v)
	if prob := urlProblem(p, probe); prob != "" {
		p.ReportKey("oidcLogoutUrl", "the logout URL "+prob, "write it as an absolute https:// URL (the provider's end_session_endpoint)")
	}
}

// logoutPlaceholders stands a value in for EspoCRM's logout URL placeholders.
var logoutPlaceholders = strings.NewReplacer("{siteUrl}", "x", "{clientId}", "x")

var _ = declare(Rule{ID: "EO1072", Name: "url-userinfo", Set: SetCore, Severity: Error, Security: true, Needs: []Need{NeedOIDC},
	Summary: "a URL setting carries a user name or password (https://user:password@host/...)",
	Doc: Doc{
		Why:     "A password written into siteUrl or an endpoint ends up wherever the URL goes: EspoCRM sends it to the identity provider (the redirect URI is built from siteUrl; curl turns the userinfo of an endpoint into an Authorization: Basic header, even over plain http), and it is in every log, screenshot and support ticket that shows the setting. No identity provider needs it. espo-oidc never prints it and the probe never sends it.",
		FixEspo: uiOIDC + " (and Administration → Settings → Site URL): remove the user:password@ part; if a proxy needs credentials, configure them in the proxy, not in the URL.",
		Refs:    []string{"https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1", "docs/probe.md (Secrets)"},
	},
	Check: checkURLUserinfo})

func checkURLUserinfo(p *Pass) {
	o := p.OIDC()
	for _, k := range append([]string{"siteUrl"}, append(endpointKeys, "oidcLogoutUrl")...) {
		v := o.SiteURL
		if k != "siteUrl" {
			v = endpointValue(o, k)
		}
		if !redact.HasUserinfo(strings.TrimSpace(v)) {
			continue
		}
		p.ReportKey(k, k+" carries a user name or password in the URL (user:password@host): EspoCRM sends it on to the identity provider and it shows wherever the setting is shown; espo-oidc removed it from this report and the probe never sends it",
			"remove the user:password@ part from "+k)
	}
}
