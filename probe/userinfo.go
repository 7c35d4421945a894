package probe

import (
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/redact"
)

// withoutUserinfo returns a copy of the settings with the userinfo
// (user:password@) removed from every URL: the probe never sends it (Go's
// client would turn it into Authorization: Basic, even over plain http) and
// never prints it. The rule url-userinfo reports it from the settings.
func withoutUserinfo(o *espo.OIDC) (*espo.OIDC, []string) {
	c := *o
	var keys []string
	for _, u := range []struct {
		key string
		p   *string
	}{
		{"siteUrl", &c.SiteURL}, {"oidcAuthorizationEndpoint", &c.AuthorizationEndpoint}, {"oidcTokenEndpoint", &c.TokenEndpoint},
		{"oidcJwksEndpoint", &c.JwksEndpoint}, {"oidcUserInfoEndpoint", &c.UserInfoEndpoint}, {"oidcLogoutUrl", &c.LogoutURL},
	} {
		if clean, had := redact.StripUserinfo(*u.p); had {
			*u.p = clean
			keys = append(keys, u.key)
		}
	}
	return &c, keys
}
