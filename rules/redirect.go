package rules

// Rule set core, theme redirect: siteUrl and the redirect URI EspoCRM builds from it.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
)

var _ = declare(Rule{ID: "EO1023", Name: "site-url-missing", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "siteUrl is empty: EspoCRM cannot build its redirect URI",
	Doc: Doc{
		Why:     "The redirect URI EspoCRM sends is rtrim(siteUrl, '/') + '/oauth-callback.php'. Without siteUrl it is '/oauth-callback.php', which no provider accepts.",
		FixEspo: "Administration → Settings → Site URL: the exact URL users open (scheme, host, port).",
		Refs:    []string{"espocrm-oidc.md §1.2 (siteUrl)", "espocrm-oidc.md §2 step 3"},
	},
	Check: checkSiteURLMissing})

func checkSiteURLMissing(p *Pass) {
	if p.Settings.IsSet("siteUrl") {
		return
	}
	p.ReportKey("siteUrl", "siteUrl is empty: the redirect URI EspoCRM sends is '/oauth-callback.php', which no identity provider accepts",
		"Administration → Settings → Site URL: the exact URL users open, e.g. https://crm.example.com")
}

var _ = declare(Rule{ID: "EO1024", Name: "site-url-not-https", Set: SetCore, Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
	Summary: "siteUrl is not a plain https URL, so the redirect URI is not one either",
	Doc: Doc{
		Why:      "The redirect URI inherits siteUrl's scheme and host. Entra accepts http only for localhost; a query or fragment in siteUrl ends up before /oauth-callback.php. The login popup also completes only when siteUrl's origin equals the origin users browse.",
		FixEspo:  "Administration → Settings → Site URL: https://host[:port][/path], no query, no fragment, as users open it.",
		FixEntra: "Register the https redirect URI on the Web platform.",
		Refs:     []string{"espocrm-oidc.md §12 (same origin)", "entra.md §5.4 (redirect URI rules)", "espocrm-oidc.md §15 rule 4"},
	},
	Check: checkSiteURLScheme})

func checkSiteURLScheme(p *Pass) {
	site := strings.TrimSpace(p.OIDC().SiteURL)
	if site == "" {
		return
	}
	ru := espo.RedirectURI(site)
	if prob := urlProblem(p, site); prob != "" {
		p.ReportKey("siteUrl", fmt.Sprintf("siteUrl '%s' %s; the redirect URI would be %s", site, prob, ru),
			"Administration → Settings → Site URL: https://host as users open it")
		return
	}
	if strings.ContainsAny(site, "?#") {
		p.ReportKey("siteUrl", fmt.Sprintf("siteUrl '%s' has a query or fragment, so the redirect URI becomes %s", site, ru),
			"Administration → Settings → Site URL: scheme, host, port and path only")
	}
}

var _ = declare(Rule{ID: "EO1025", Name: "redirect-uri", Set: SetCore, Severity: Info, Needs: []Need{NeedOIDC},
	Summary: "the exact redirect URI to register at the identity provider",
	Doc: Doc{
		Why:      "The provider compares the redirect URI byte for byte (Entra: case-sensitive, on the Web platform). This finding prints the URI EspoCRM sends, so it can be copied into the app registration.",
		FixEntra: "App registrations → your app → Authentication → Add a platform → Web → Redirect URIs: paste the URI.",
		Refs:     []string{"espocrm-oidc.md §2 step 3", "entra.md §5.4"},
	},
	Check: checkRedirectURI})

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
