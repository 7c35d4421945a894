package rules

// Rule set core, theme secrets: the client secret's presence, place and shape.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/provider"
)

var _ = declare(Rule{ID: "EO1015", Name: "client-secret-missing", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC, NeedSecret}, Versions: espo.Since("7.3.2"),
	Summary: "no client secret: the admin UI does not require it, but every login fails without it",
	Doc: Doc{
		Why:      "Since 7.3.2 EspoCRM sends client_secret to the token endpoint and throws 'No client secret.' (HTTP 500) when it is empty. The admin UI does not mark the field required, so this is easy to miss.",
		FixEspo:  uiOIDC + " → Client Secret. EspoCRM stores it in data/config-internal.php.",
		FixEntra: "App registrations → your app → Certificates & secrets → New client secret; copy the secret's Value (not the Secret ID).",
		Refs:     []string{"espocrm-oidc.md §1.2 (oidcClientSecret)", "espocrm-oidc.md §10.1", "espocrm-oidc.md §13 (7.3.2)"},
	},
	Check: checkSecretMissing})

func checkSecretMissing(p *Pass) {
	if !p.OIDC().ClientSecret.Empty() && strings.TrimSpace(p.OIDC().ClientSecret.Reveal()) != "" {
		return
	}
	p.ReportKey("oidcClientSecret", "oidcClientSecret is empty: every login fails with 'No client secret.' (HTTP 500) although the admin UI does not require the field",
		uiOIDC+" → Client Secret (Entra: the secret's Value, not its Secret ID); EspoCRM keeps it in data/config-internal.php")
}

var _ = declare(Rule{ID: "EO1064", Name: "secret-in-config-php", Set: SetCore, Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
	Summary: "the client secret is in data/config.php instead of data/config-internal.php",
	Doc: Doc{
		Why:     "EspoCRM writes oidcClientSecret to data/config-internal.php, which holds the internal and system settings. A secret in config.php (or config-override.php) was put there by hand; that file is more often copied, shared in support tickets and kept in backups.",
		FixEspo: "Move 'oidcClientSecret' to data/config-internal.php, or re-enter it in " + uiOIDC + " and remove the line from config.php.",
		Refs:    []string{"espocrm-oidc.md §1.1 (level internal)", "espocrm-oidc.md §11"},
	},
	Check: checkSecretFile})

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

var _ = declare(Rule{ID: "EO1065", Name: "secret-looks-like-guid", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC, NeedSecret},
	Summary: "the client secret has the shape of a GUID: almost surely the Secret ID, not the secret's value",
	Doc: Doc{
		Why:      "Entra shows two columns for a client secret: Value (shown once, ~40 characters with '~') and Secret ID (a GUID). Pasting the Secret ID gives AADSTS7000215 'Invalid client secret provided' at every login. Other providers rarely use GUID-shaped secrets.",
		FixEspo:  uiOIDC + " → Client Secret: paste the secret's Value.",
		FixEntra: "Certificates & secrets → New client secret; copy the Value column at once (it is shown only once).",
		Refs:     []string{"entra-guide.md step 4", "entra.md §6 (AADSTS7000215)", "failure-modes.md §1 #6"},
	},
	Check: checkSecretGUID})

func checkSecretGUID(p *Pass) {
	sec := strings.TrimSpace(p.OIDC().ClientSecret.Reveal())
	if !entra.IsGUID(sec) {
		return
	}
	sev := Warning
	if p.Provider().Family() == "entra" {
		sev = Error
	}
	if d := p.Provider(); d.Profile != nil && !d.Is(provider.Entra) && d.Kind != provider.Unknown {
		p.ReportKeySeverity("oidcClientSecret", sev, "the client secret is shaped like a GUID, as IDs are rather than secrets: check that it is the client's secret and not a client or key ID",
			"copy the client secret from "+d.Profile.Console+" into "+uiOIDC+" → Client Secret")
		return
	}
	p.ReportKeySeverity("oidcClientSecret", sev, "the client secret is shaped like a GUID: almost surely the Secret ID, not the secret's Value; Entra answers AADSTS7000215 'Invalid client secret provided' at every login",
		"Entra admin center → App registrations → your app → Certificates & secrets: create a new secret and paste its Value in "+uiOIDC+" → Client Secret")
}
