package rules

// Rule set provider, Okta: authorization servers and logout.

import (
	"fmt"

	"github.com/espo-oidc/espo-oidc/provider"
)

const oktaAppUI = "Okta Admin Console → Applications → Applications → your app"

var _ = declare(Rule{ID: "EO5010", Name: "okta-auth-server-mismatch", Set: SetProvider, Provider: string(provider.Okta), Severity: Error,
	Summary: "the Okta endpoints belong to different authorization servers (org server /oauth2/v1 versus a custom one /oauth2/<id>/v1)",
	Doc: Doc{
		Why:     "Every Okta authorization server has its own issuer and its own signing keys: the org server (https://<org>.okta.com/oauth2/v1/…) and each custom server, including the built-in 'default' (…/oauth2/default/v1/…). Tokens from one are never verified with the keys of another, so authorize and token at /oauth2/default and keys at /oauth2/v1/keys (or the reverse) fail every login with 'OIDC: JWT signature not verified.' (or no matching key); a code from one server is not valid at another's token endpoint.",
		FixEspo: uiOIDC + ": use one server's URLs throughout, from its discovery document https://<org>.okta.com/oauth2/default/.well-known/openid-configuration (org server: https://<org>.okta.com/.well-known/openid-configuration).",
		FixIdP:  "Okta Admin Console → Security → API → Authorization Servers: the server's Issuer URI and Metadata URI (custom servers need API Access Management in production orgs).",
		Refs:    []string{"https://developer.okta.com/docs/concepts/auth-servers/ (each authorization server has its own issuer and signing keys)"},
	},
	Check: checkOktaServers})

var _ = declare(Rule{ID: "EO5011", Name: "okta-logout-needs-id-token", Set: SetProvider, Provider: string(provider.Okta), Severity: Warning,
	Summary: "the logout URL is Okta's /v1/logout, which needs id_token_hint: EspoCRM cannot send it",
	Doc: Doc{
		Why:        "Okta's logout endpoint (…/oauth2/v1/logout, …/oauth2/<id>/v1/logout) ends the Okta session only with id_token_hint, the ID token of the login, and redirects only to a registered Sign-out redirect URI. EspoCRM's logout URL knows only {clientId} and {siteUrl}, so users get Okta's error page instead of being signed out and sent back.",
		FixEspo:    uiOIDC + " → Logout URL: leave it empty (EspoCRM's own session ends; the Okta session stays), or point it at a page of your own.",
		FixIdP:     oktaAppUI + " → General → Sign-out redirect URIs lists where Okta may send users after logout.",
		Refs:       []string{"https://developer.okta.com/docs/reference/api/oidc/#logout"},
		Unverified: "That Okta refuses a logout request without id_token_hint is from Okta's API reference, not re-read; the exact error text is not verified.",
	},
	Check: checkOktaLogout})

func checkOktaServers(p *Pass) {
	d := detection(p)
	if !d.Is(provider.Okta) {
		return
	}
	reportMismatches(p, d, "authorization server", "use one authorization server's endpoints everywhere (its discovery document lists them); "+
		"Okta Admin Console → Security → API → Authorization Servers shows each server's Issuer URI")
}

func checkOktaLogout(p *Pass) {
	o := p.OIDC()
	d := detection(p)
	e, ok := d.Endpoint(provider.RoleLogout)
	if !d.Is(provider.Okta) || !ok || e.Role != provider.RoleLogout {
		return
	}
	if u, err := p.parseURL(o.LogoutURL); err == nil && u.Query().Has("id_token_hint") {
		return // someone wrote a fixed hint: not ours to judge here
	}
	p.ReportKey("oidcLogoutUrl", fmt.Sprintf("the logout URL is Okta's logout endpoint (%s), which needs id_token_hint; EspoCRM cannot send one, so users see Okta's error page after logging out of EspoCRM", serverName(e.Scope)),
		"clear the Logout URL in "+uiOIDC+" (only EspoCRM's session ends), or point it at a page of your own")
}

func serverName(scope string) string {
	if scope == provider.OrgServer {
		return "org authorization server"
	}
	return "authorization server '" + scope + "'"
}
