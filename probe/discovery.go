package probe

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/netutil"
	"github.com/espo-oidc/espo-oidc/provider"
	"github.com/espo-oidc/espo-oidc/redact"
)

// WellKnown is the discovery path appended to an issuer.
const WellKnown = "/.well-known/openid-configuration"

// DiscoveryURL is the issuer's discovery document URL.
func DiscoveryURL(issuer string) string {
	return strings.TrimSuffix(issuer, "/") + WellKnown
}

// AADSTS returns the first AADSTS code in s, or 0 (entra.Code).
func AADSTS(s string) int { return entra.Code(s) }

// ParseDiscovery reads a discovery document. It never fails: problems are
// recorded in Valid/Problem.
func ParseDiscovery(ex Answer, body []byte) *Discovery {
	d := &Discovery{Answer: ex}
	if ex.Failed {
		d.Problem = ex.Error
		return d
	}
	if ex.Status >= 300 && ex.Status < 400 {
		d.Problem = fmt.Sprintf("HTTP %d redirect to %s instead of the document (go-oidc and most clients follow it, but the issuer then rarely matches)", ex.Status, ex.Location)
		return d
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil || raw == nil {
		if ex.Status != 200 {
			d.Problem = fmt.Sprintf("HTTP %d and no JSON document: %s", ex.Status, snippet(body))
		} else if ex.Truncated {
			d.Problem = fmt.Sprintf("the document is larger than %d KiB and was cut off", MaxBody>>10)
		} else {
			d.Problem = "the answer is not a JSON object: " + snippet(body)
		}
		return d
	}
	str := func(k string) string {
		var s string
		if v, ok := raw[k]; ok {
			_ = json.Unmarshal(v, &s)
		}
		return s
	}
	list := func(k string) []string {
		var l []string
		if v, ok := raw[k]; ok {
			_ = json.Unmarshal(v, &l)
		}
		return l
	}
	if ex.Status != 200 {
		e, desc := str("error"), str("error_description")
		d.OAuthError = e
		d.AADSTS = AADSTS(desc)
		first, _, _ := strings.Cut(desc, "\n")
		d.Problem = fmt.Sprintf("HTTP %d: %s %s", ex.Status, e, strings.TrimSpace(first))
		return d
	}
	d.Issuer = str("issuer")
	d.AuthorizationEndpoint = str("authorization_endpoint")
	d.TokenEndpoint = str("token_endpoint")
	d.JwksURI = str("jwks_uri")
	d.UserInfoEndpoint = str("userinfo_endpoint")
	d.EndSessionEndpoint = str("end_session_endpoint")
	_, d.AuthMethodsGiven = raw["token_endpoint_auth_methods_supported"]
	d.AuthMethods = list("token_endpoint_auth_methods_supported")
	d.SigningAlgs = list("id_token_signing_alg_values_supported")
	d.ScopesSupported = list("scopes_supported")
	d.GrantTypes = list("grant_types_supported")
	d.CodeChallengeMethods = list("code_challenge_methods_supported")
	if ct := strings.ToLower(ex.ContentType); ct != "" && !strings.Contains(ct, "json") {
		d.Problem = "served as " + ex.ContentType + ", not application/json (most clients still read it)"
	}
	if d.Issuer == "" {
		d.Problem = "the document has no issuer"
		return d
	}
	d.Valid = true
	for _, e := range []string{d.Issuer, d.AuthorizationEndpoint, d.TokenEndpoint, d.JwksURI, d.UserInfoEndpoint, d.EndSessionEndpoint} {
		if e == "" {
			continue
		}
		if u, err := url.Parse(e); err != nil || (u.Scheme != "https" && !netutil.IsLoopback(u.Hostname())) {
			d.InsecureEndpoints = append(d.InsecureEndpoints, e)
		}
	}
	return d
}

// judgeDiscovery compares the document with the expected issuer and the
// settings.
func judgeDiscovery(d *Discovery, expected string, o *espo.OIDC) {
	if !d.Valid {
		return
	}
	d.IssuerMatches = d.Issuer == expected
	if strings.Contains(d.Issuer, "{tenantid}") {
		d.IssuerTemplate = true
		d.IssuerMatches = false
		d.IssuerExplanation = fmt.Sprintf("The endpoints use a multi-tenant alias (common or organizations). For these Entra publishes the issuer as the template %q: every sign-in gets a token whose iss names the user's own tenant, so no issuer can be checked exactly (go-oidc refuses the document: 'issuer did not match the issuer returned by provider'). EspoCRM never compares iss, so users of ANY Entra tenant can sign in. Use the tenant-specific endpoints (https://%s/<tenant-id>/oauth2/v2.0/...) unless the app really is multi-tenant.", d.Issuer, hostOf(d.Issuer))
	} else if !d.IssuerMatches {
		hint := ""
		if ep, ok := entra.ParseEndpoint(expected); ok && !entra.IsGUID(ep.Tenant) && !entra.IsGenericTenant(ep.Tenant) {
			hint = " The endpoints name the tenant by its domain; Entra's issuer always carries the tenant ID (a GUID), so use the GUID in the endpoints."
		}
		d.IssuerExplanation = fmt.Sprintf("The document's issuer is %q, not %q as the endpoints imply; strict OIDC clients reject every token.%s", d.Issuer, expected, hint)
	}
	if !d.AuthMethodsGiven {
		d.ClientSecretPostAllowed = false // the spec default is client_secret_basic only
	}
	for _, m := range d.AuthMethods {
		if m == "client_secret_post" {
			d.ClientSecretPostAllowed = true
		}
	}
	supported := d.SigningAlgs
	for _, a := range o.Algorithms {
		if contains(supported, a) {
			d.AlgsUsable = append(d.AlgsUsable, a)
		} else {
			d.AlgsNotSupported = append(d.AlgsNotSupported, a)
		}
	}
	diff := func(key, conf, disc, what string) {
		if disc == "" && conf == "" {
			return
		}
		if sameURL(conf, disc) {
			return
		}
		ed := EndpointDiff{Key: key, Configured: conf, Discovered: disc}
		switch {
		case conf == "" && disc != "":
			ed.Note = what + " is not configured; the provider publishes " + disc
			ed.Harmless = key == "oidcUserInfoEndpoint" || key == "oidcLogoutUrl"
		case disc == "":
			ed.Note = "the provider publishes no " + what
		default:
			ed.Note = what + " differs from the provider's"
			if key == "oidcJwksEndpoint" {
				ed.Note += "; the keys are compared below"
			}
		}
		d.Diffs = append(d.Diffs, ed)
	}
	diff("oidcAuthorizationEndpoint", o.AuthorizationEndpoint, d.AuthorizationEndpoint, "the authorization endpoint")
	diff("oidcTokenEndpoint", o.TokenEndpoint, d.TokenEndpoint, "the token endpoint")
	diff("oidcJwksEndpoint", o.JwksEndpoint, d.JwksURI, "the JWKS URL")
	if o.UserInfoEndpoint != "" {
		diff("oidcUserInfoEndpoint", o.UserInfoEndpoint, d.UserInfoEndpoint, "the userinfo endpoint")
	}
	if o.LogoutURL != "" && d.EndSessionEndpoint != "" {
		if lu := stripQuery(o.LogoutURL); !sameURL(lu, d.EndSessionEndpoint) {
			d.Diffs = append(d.Diffs, EndpointDiff{Key: "oidcLogoutUrl", Configured: lu, Discovered: d.EndSessionEndpoint,
				Note: "the logout URL does not point at the provider's end_session_endpoint"})
		}
	}
}

func stripQuery(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// sameURL compares two URLs as the IdP would treat them: scheme and host
// case-insensitively, a trailing slash ignored; Entra's {tenantid} template
// matches any tenant.
func sameURL(a, b string) bool {
	na, nb := normURL(a), normURL(b)
	if na == nb {
		return true
	}
	if strings.Contains(nb, "{tenantid}") {
		re := regexp.QuoteMeta(nb)
		re = strings.ReplaceAll(re, `\{tenantid\}`, `[^/]+`)
		ok, _ := regexp.MatchString("^"+re+"$", na)
		return ok
	}
	return false
}

func normURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return strings.TrimSpace(s)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if c := entra.CloudOf(u.Host); c != nil {
		u.Host = c.LoginHost // aliases of one Entra cloud serve the same endpoints (entra.md §1.7)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u.String()
}

func hostOf(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return u.Host
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// ExpectedIssuer is the issuer to discover: --issuer, else what the
// endpoints imply, else a guess from the token endpoint of a generic IdP.
func ExpectedIssuer(o *espo.OIDC, override string) (issuer, from string) {
	if override != "" {
		iss, _ := redact.StripUserinfo(strings.TrimSpace(override))
		return iss, "--issuer"
	}
	p := provider.Detect(provider.Endpoints{Authorization: o.AuthorizationEndpoint, Token: o.TokenEndpoint, JWKS: o.JwksEndpoint, UserInfo: o.UserInfoEndpoint, Logout: o.LogoutURL}, "")
	if p.Issuer != "" {
		return p.Issuer, "the " + string(p.Kind) + " endpoints"
	}
	if p.Kind == provider.Generic {
		for _, e := range []string{o.TokenEndpoint, o.AuthorizationEndpoint} {
			u, err := url.Parse(strings.TrimSpace(e))
			if err != nil || u.Host == "" {
				continue
			}
			for _, suf := range []string{"/oauth2/v1/token", "/oauth2/token", "/oauth/token", "/protocol/openid-connect/token", "/token",
				"/oauth2/v1/authorize", "/oauth2/authorize", "/oauth/authorize", "/protocol/openid-connect/auth", "/authorize", "/auth"} {
				if strings.HasSuffix(u.Path, suf) {
					u.Path = strings.TrimSuffix(u.Path, suf)
					u.RawQuery, u.Fragment = "", ""
					u.User = nil // a password in the endpoint is never sent on (nor printed)
					return u.String(), "a guess from the token endpoint (pass --issuer to be exact)"
				}
			}
		}
	}
	return "", ""
}
