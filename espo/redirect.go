package espo

import "strings"

// RedirectURI is the redirect URI EspoCRM sends for a site URL, exactly as
// its code builds it: rtrim(siteUrl, '/') . '/oauth-callback.php'
// (espocrm-oidc.md §2 step 3). Portals use their portal URL instead.
func RedirectURI(siteURL string) string {
	return strings.TrimRight(siteURL, "/") + "/oauth-callback.php"
}
