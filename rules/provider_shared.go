package rules

// Rule set provider: the mistakes each identity provider other than Entra
// makes likely, judged from its profile (package provider). Rules named
// after a provider apply to it alone; the provider-* rules read the
// detected profile's data and apply to every recognised provider except
// Entra, whose entra rule set says the same things in Entra's terms.

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/provider"
)

// settingOf is the EspoCRM setting an endpoint role is configured in.
var settingOf = map[provider.Role]string{
	provider.RoleAuthorization: "oidcAuthorizationEndpoint",
	provider.RoleToken:         "oidcTokenEndpoint",
	provider.RoleJWKS:          "oidcJwksEndpoint",
	provider.RoleUserInfo:      "oidcUserInfoEndpoint",
	provider.RoleLogout:        "oidcLogoutUrl",
}

func endpointsOf(o *espo.OIDC) provider.Endpoints {
	return provider.Endpoints{Authorization: o.AuthorizationEndpoint, Token: o.TokenEndpoint, JWKS: o.JwksEndpoint,
		UserInfo: o.UserInfoEndpoint, Logout: o.LogoutURL}
}

// profileOf is the profile of the provider the settings point at; ok is
// false for Entra (its own rule set), generic and unknown providers.
func profileOf(p *Pass) (provider.Detection, *provider.Profile, bool) {
	d := detection(p)
	if d.Profile == nil || d.Is(provider.Entra) || d.Is(provider.Generic) {
		return d, nil, false
	}
	return d, d.Profile, true
}

// reportMismatches reports the endpoints that do not belong with the
// others, in the provider's words for what they must share.
func reportMismatches(p *Pass, d provider.Detection, what, fix string) {
	o := p.OIDC()
	for _, m := range d.Mismatches(endpointsOf(o)) {
		key, ref := settingOf[m.Setting], settingOf[m.Reference]
		switch {
		case m.Foreign:
			p.ReportKey(key, fmt.Sprintf("%s is not a %s URL while %s is: every login that needs it fails", key, d.Name(), orNone(ref)), fix)
		case m.Scope != "":
			p.ReportKey(key, fmt.Sprintf("%s names the %s '%s' while %s names '%s': %s", key, what, m.Scope, ref, m.Want, mismatchEffect(m.Setting)), fix)
		case samePath(m.Base, m.WantBase):
			// another host name, same paths: often the same server reached by
			// an internal name for EspoCRM's server-side calls
			p.ReportKeySeverity(key, Info, fmt.Sprintf("%s is on %s while %s is on %s: fine if both names reach the same %s (an internal URL for EspoCRM's server-side calls); endpoints of two installations fail every login", key, m.Base, ref, m.WantBase, d.Name()), fix)
		default:
			p.ReportKey(key, fmt.Sprintf("%s is on %s while %s is on %s: one %s serves all of EspoCRM's endpoints", key, m.Base, ref, m.WantBase, d.Name()), fix)
		}
	}
}

// samePath: two bases differ only in scheme, host or port, and neither is
// a cloud tenant's host (where another host is another tenant).
func samePath(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && strings.TrimSuffix(ua.Path, "/") == strings.TrimSuffix(ub.Path, "/") &&
		!provider.SaaSHost(ua.Hostname()) && !provider.SaaSHost(ub.Hostname())
}

func mismatchEffect(r provider.Role) string {
	switch r {
	case provider.RoleJWKS:
		return "its keys never verify the ID tokens (EspoCRM: 'OIDC: JWT signature not verified.' or no matching key)"
	case provider.RoleToken:
		return "the authorization code cannot be redeemed there (invalid_grant)"
	case provider.RoleLogout:
		return "logout ends the session of another application"
	case provider.RoleUserInfo:
		return "the access token is not valid there, so the userinfo request fails"
	}
	return "the endpoints belong to different configurations"
}

// usernameClaim is the claim EspoCRM reads the username from (sub when unset).
func usernameClaim(o *espo.OIDC) string {
	if c := strings.TrimSpace(o.UsernameClaim); c != "" {
		return c
	}
	return "sub"
}

func hasHMACAlg(algs []string) bool {
	return slices.ContainsFunc(algs, func(a string) bool { return strings.HasPrefix(a, "HS") })
}

// tokenAlg is the alg of the ID token the probe obtained ("" without one).
func tokenAlg(p *Pass) string {
	if p.Probe == nil || p.Probe.IDTokenHeader == nil {
		return ""
	}
	a, _ := p.Probe.IDTokenHeader["alg"].(string)
	return a
}

// detection is what the endpoints say about the provider.
func detection(p *Pass) provider.Detection { return p.Provider() }
