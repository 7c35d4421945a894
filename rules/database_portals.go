package rules

// Rule set database, theme portals: portals and their authentication providers.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/dbfacts"
)

var _ = declare(Rule{ID: "EO6001", Name: "portal-provider-missing", Set: SetDatabase, Severity: Warning, Needs: []Need{NeedDB, NeedDBPortals},
	Summary: "a portal links to an authentication provider that is deleted or does not exist",
	Doc: Doc{
		Why:     "EspoCRM looks the portal's provider up by id and finds nothing when the record was deleted; the portal then has no OIDC settings of its own and falls back to the main settings, which is rarely what was meant.",
		FixEspo: uiPortals + " → the portal → Authentication Provider: choose an existing provider, or clear it.",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#portals"},
	},
	Check: checkPortalProviderMissing})

func checkPortalProviderMissing(p *Pass) {
	for _, pt := range p.DB.Portals {
		if !pt.ProviderBroken() {
			continue
		}
		state := "does not exist"
		if pt.Provider != nil {
			state = fmt.Sprintf("(%q) is deleted", pt.Provider.Name)
		}
		p.reportRecord(dbfacts.Record("portal", pt.ID, pt.Name), "authenticationProvider",
			fmt.Sprintf("portal %q links to authentication provider %s, which %s: EspoCRM finds no provider for it and falls back to the main settings", pt.Name, pt.ProviderID, state),
			uiPortals+" → "+pt.Name+" → Authentication Provider: choose an existing provider or clear the field")
	}
}

var _ = declare(Rule{ID: "EO6002", Name: "portal-provider-not-oidc", Set: SetDatabase, Severity: Warning, Needs: []Need{NeedDB, NeedDBPortals},
	Summary: "a portal's authentication provider is not an OIDC provider",
	Doc: Doc{
		Why:     "A portal uses OIDC only when its provider's method is Oidc (the only method a provider can have in EspoCRM's UI). Any other value, set by hand or by an import, leaves the portal without OIDC.",
		FixEspo: uiProviders + " → the provider → Method: OIDC.",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#portals"},
	},
	Check: checkPortalProviderNotOIDC})

func checkPortalProviderNotOIDC(p *Pass) {
	for _, pt := range p.DB.Portals {
		if pt.Provider == nil || pt.Provider.Deleted || pt.Provider.Method == "Oidc" {
			continue
		}
		p.reportRecord(dbfacts.PortalRecord(pt), "method",
			fmt.Sprintf("portal %q uses authentication provider %q, whose method is %q, not Oidc: the portal does not sign in with OIDC", pt.Name, pt.Provider.Name, pt.Provider.Method),
			uiProviders+" → "+pt.Provider.Name+" → Method: OIDC")
	}
}

var _ = declare(Rule{ID: "EO6003", Name: "portal-redirect-ui-differs", Set: SetDatabase, Severity: Warning, Needs: []Need{NeedDB, NeedDBPortals, NeedSettings},
	Summary: "a portal reached by its id: the redirect URI EspoCRM sends differs from the one the admin UI shows",
	Doc: Doc{
		Why:        "For a portal that is not the default one and has neither a custom URL nor a custom id, EspoCRM sends {siteUrl}/portal/{id}/oauth-callback.php, while the provider's read-only Redirect URI field strips the id and shows {siteUrl}/portal/oauth-callback.php. Registering what the UI shows makes the IdP reject the login (Entra: AADSTS50011).",
		FixEspo:    uiPortals + " → the portal: give it a Custom ID (the URL becomes {siteUrl}/portal/{customId}/), then register that redirect URI.",
		FixEntra:   appUIAuth + " → add the redirect URI this finding names.",
		Refs:       []string{dbDoc, "docs/knowledge/espocrm-users.md#portals"},
		Unverified: "the UI field's behaviour is read from its JavaScript, not observed",
	},
	Check: checkPortalRedirectUI})

func checkPortalRedirectUI(p *Pass) {
	o := p.OIDC()
	def := defaultPortalID(p.Settings)
	for _, pt := range p.DB.Portals {
		if !pt.UsesOIDC() || pt.CustomURL != "" || pt.CustomID != "" || pt.ID == def {
			continue
		}
		sent := pt.RedirectURI(o.SiteURL, def)
		shown := strings.TrimRight(o.SiteURL, "/") + "/portal/oauth-callback.php"
		p.reportRecord(dbfacts.PortalRecord(pt), "redirectUri",
			fmt.Sprintf("portal %q has no custom id: EspoCRM sends the redirect URI %s, but the provider's Redirect URI field shows %s; register the first one", pt.Name, sent, shown),
			"register "+sent+" at the identity provider, or give the portal a Custom ID and register {siteUrl}/portal/{customId}/oauth-callback.php")
	}
}

var _ = declare(Rule{ID: "EO6004", Name: "portal-provider-bad-value", Set: SetDatabase, Severity: Error, Needs: []Need{NeedDB, NeedDBPortals},
	Summary: "a portal provider's stored value is not what EspoCRM can read (a list that is not JSON, a flag that is not a boolean)",
	Doc: Doc{
		Why:     "EspoCRM stores the algorithm list and the scopes as JSON text. A value that is not a JSON list reads as an empty list: no algorithm means every ID token is rejected ('JWT signing algorithm `RS256` not allowed.'); no scope means only openid is asked for.",
		FixEspo: uiProviders + " → the provider: pick the algorithms and scopes again and save, so EspoCRM rewrites them.",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#portals"},
	},
	Check: checkProviderBadValue})

func checkProviderBadValue(p *Pass) {
	for _, pr := range p.DB.Providers {
		if pr.Deleted {
			continue
		}
		for _, prob := range pr.Problems {
			p.reportRecord(dbfacts.Record("authentication_provider", pr.ID, pr.Name), strings.Fields(prob)[0],
				fmt.Sprintf("authentication provider %q: %s", pr.Name, prob),
				uiProviders+" → "+pr.Name+": set the field again and save")
		}
	}
}
