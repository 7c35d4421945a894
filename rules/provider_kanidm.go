package rules

// Rule set provider, kanidm: the per-client URLs.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/provider"
)

var _ = declare(Rule{ID: "EO5050", Name: "kanidm-client-mismatch", Set: SetProvider, Provider: string(provider.Kanidm), Severity: Error,
	Summary: "the kanidm JWKS or userinfo URL names another OAuth2 client than the Client ID",
	Doc: Doc{
		Why:     "kanidm gives each OAuth2 client its own signing keys and URLs: https://<idm>/oauth2/openid/<client>/public_key.jwk and …/<client>/userinfo. Another client's key set never verifies EspoCRM's tokens; another client's userinfo refuses EspoCRM's access token.",
		FixEspo: uiOIDC + ": use the Client ID in the JWKS and userinfo URLs: https://<idm>/oauth2/openid/<client id>/public_key.jwk.",
		FixIdP:  "kanidm system oauth2 get <client> shows the client's name (the Client ID) and URLs.",
		Refs:    []string{"https://kanidm.github.io/kanidm/stable/integrations/oauth2.html (each client has unique signing keys)"},
	},
	Check: checkKanidmClient})

func checkKanidmClient(p *Pass) {
	o := p.OIDC()
	d := detection(p)
	if !d.Is(provider.Kanidm) {
		return
	}
	reported := map[string]bool{}
	if cid := strings.TrimSpace(o.ClientID); cid != "" {
		for _, e := range d.Endpoints {
			if e.Scope == "" || e.Scope == cid {
				continue
			}
			key := settingOf[e.Setting]
			reported[key] = true
			p.ReportKey(key, fmt.Sprintf("%s names the kanidm client '%s' but the Client ID is '%s': %s", key, e.Scope, cid, mismatchEffect(e.Setting)),
				"use https://<idm>/oauth2/openid/"+cid+"/… in "+key)
		}
	}
	for _, m := range d.Mismatches(endpointsOf(o)) {
		if key := settingOf[m.Setting]; !reported[key] && m.Foreign {
			p.ReportKey(key, fmt.Sprintf("%s is not a kanidm URL while the other endpoints are", key), "use the kanidm server's "+key+" URL")
		}
	}
}
