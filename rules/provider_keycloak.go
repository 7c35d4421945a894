package rules

// Rule set provider, Keycloak: realms, logout and group paths.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/provider"
)

const kcClientUI = "Keycloak admin console → your realm → Clients → your client"

var _ = declare(Rule{ID: "EO5001", Name: "keycloak-realm-mismatch", Set: SetProvider, Provider: string(provider.Keycloak), Severity: Error,
	Summary: "the Keycloak endpoints are not all in the same realm (or on the same host and path prefix)",
	Doc: Doc{
		Why:        "Each Keycloak realm has its own clients, codes and signing keys. An authorization endpoint in one realm and a token or certs endpoint in another (often 'master', copied from the admin console's URL) fails: the code is not valid in the other realm (invalid_grant 'Code not valid') and the other realm's keys never verify the ID token. Mixing …/auth/realms/… (Keycloak 16 and older, or --http-relative-path=/auth) with …/realms/… on one server gives 404s. Another host name with the same paths is only info: often the same server under an internal name for EspoCRM's server-side token and JWKS calls (EspoCRM does not compare the issuer); a cloud tenant's host (Okta, Auth0, Zitadel cloud) is always another tenant.",
		FixEspo:    uiOIDC + ": copy every endpoint from the realm's discovery document, https://<host>/realms/<realm>/.well-known/openid-configuration (authorization_endpoint, token_endpoint, jwks_uri, userinfo_endpoint, end_session_endpoint).",
		FixIdP:     "Keycloak admin console → your realm → Realm settings → General → Endpoints: OpenID Endpoint Configuration lists the realm's URLs.",
		Refs:       []string{"https://www.keycloak.org/docs/latest/securing_apps/#_oidc"},
		Unverified: "That a code from another realm fails with 'Code not valid' and that mixed /auth prefixes give 404 follow from Keycloak's per-realm design; the exact answers are not verified.",
	},
	Check: checkKeycloakRealm})

var _ = declare(Rule{ID: "EO5002", Name: "keycloak-logout-url", Set: SetProvider, Provider: string(provider.Keycloak), Severity: Warning,
	Summary: "the Keycloak logout URL lacks client_id (or uses redirect_uri): Keycloak 18+ does not return users to EspoCRM",
	Doc: Doc{
		Why:     "Since Keycloak 18, RP-initiated logout takes post_logout_redirect_uri together with id_token_hint or (since 19) client_id; redirect_uri is no longer accepted. EspoCRM has no ID token to send, so a logout URL without client_id ends on Keycloak's page 'Missing parameters: id_token_hint' or a logout confirmation, and the server logs \"Either the parameter 'client_id' or the parameter 'id_token_hint' is required when 'post_logout_redirect_uri' is used.\"",
		FixEspo: uiOIDC + " → Logout URL: https://<host>/realms/<realm>/protocol/openid-connect/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl} (EspoCRM fills in and URL-encodes both).",
		FixIdP:  kcClientUI + " → Settings → Valid post logout redirect URIs: add your Site URL.",
		Refs:    []string{"https://www.keycloak.org/docs/latest/upgrading/index.html#openid-connect-logout", "https://github.com/keycloak/keycloak-nodejs-connect/issues/425 (client_id since Keycloak 19)"},
	},
	Check: checkKeycloakLogout})

var _ = declare(Rule{ID: "EO5003", Name: "keycloak-group-full-path", Set: SetProvider, Provider: string(provider.Keycloak), Severity: Warning,
	Summary: "team groups are bare names while Keycloak's Group Membership mapper sends full paths (/sales)",
	Doc: Doc{
		Why:        "Keycloak's Group Membership mapper has 'Full group path' on by default, so the groups claim holds /sales and /emea/sales, not sales. EspoCRM compares the team's IdP Group with the claim's values exactly: a team mapped to 'sales' never matches, and with team sync on it is removed from every user at each login.",
		FixEspo:    uiOIDC + " → Teams: write the IdP Group as the full path (/sales, /parent/child).",
		FixIdP:     kcClientUI + " → Client scopes → <client>-dedicated → your Group Membership mapper: or turn 'Full group path' off (then the claim holds bare names; nested groups with equal names become ambiguous). Also check 'Add to ID token' is on.",
		Bad:        "'oidcTeamsColumns' => (object) ['<team id>' => (object) ['group' => 'sales']]",
		Good:       "'oidcTeamsColumns' => (object) ['<team id>' => (object) ['group' => '/sales']]",
		Refs:       []string{"Keycloak GroupMembershipMapper (full.path, default true): https://www.keycloak.org/docs-api/latest/javadocs/org/keycloak/protocol/oidc/mappers/GroupMembershipMapper.html"},
		Unverified: "Whether your mapper has 'Full group path' off cannot be seen in EspoCRM's settings; the rule assumes the default. Mixed values (some with /, some without) are reported for the bare ones.",
	},
	Check: checkKeycloakGroupPath})

func checkKeycloakRealm(p *Pass) {
	d := detection(p)
	if !d.Is(provider.Keycloak) {
		return
	}
	reportMismatches(p, d, "realm", "copy every endpoint from https://<host>/realms/<realm>/.well-known/openid-configuration of the client's realm")
}

func checkKeycloakLogout(p *Pass) {
	o := p.OIDC()
	d := detection(p)
	e, ok := d.Endpoint(provider.RoleLogout)
	if !d.Is(provider.Keycloak) || !ok || e.Role != provider.RoleLogout {
		return
	}
	u, err := p.parseURL(o.LogoutURL)
	if err != nil {
		return
	}
	q := u.Query()
	want := d.LogoutURL()
	switch {
	case q.Has("redirect_uri") && !q.Has("post_logout_redirect_uri"):
		p.ReportKey("oidcLogoutUrl", "the Keycloak logout URL passes redirect_uri, which Keycloak 18+ rejects ('Invalid redirect uri'); it needs post_logout_redirect_uri with client_id",
			"set the Logout URL to "+want+" and add your Site URL to Valid post logout redirect URIs ("+kcClientUI+" → Settings)")
	case q.Has("post_logout_redirect_uri") && !q.Has("client_id") && !q.Has("id_token_hint"):
		p.ReportKey("oidcLogoutUrl", "the Keycloak logout URL has post_logout_redirect_uri without client_id: Keycloak 18+ answers 'Missing parameters: id_token_hint' (EspoCRM has no ID token to send) and users are not returned to EspoCRM",
			"add client_id={clientId}: "+want)
	}
}

func checkKeycloakGroupPath(p *Pass) {
	o := p.OIDC()
	if !detection(p).Is(provider.Keycloak) || strings.TrimSpace(o.GroupClaim) == "" {
		return
	}
	var bare, paths []string
	for _, id := range o.TeamsIDs {
		g := o.TeamGroups[id]
		switch {
		case g == "":
		case strings.HasPrefix(g, "/"):
			paths = append(paths, g)
		default:
			bare = append(bare, fmt.Sprintf("'%s' (team %s)", g, teamLabel(o, id)))
		}
	}
	if len(bare) == 0 {
		return
	}
	msg := fmt.Sprintf("the IdP Group of %d team(s) is a bare name: %s; Keycloak's Group Membership mapper sends full paths such as '/%s' by default, so these teams never match",
		len(bare), strings.Join(bare, ", "), strings.Trim(strings.SplitN(bare[0], "'", 3)[1], "/"))
	if len(paths) > 0 {
		msg += fmt.Sprintf(" (other teams use paths: %s)", strings.Join(paths, ", "))
	}
	p.ReportKey("oidcTeamsColumns", msg,
		"write the groups as full paths ('/sales'), or turn 'Full group path' off in "+kcClientUI+" → Client scopes → <client>-dedicated → Group Membership mapper")
}
