package rules

// Helpers shared by rules of several themes.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/netutil"
	"github.com/espo-oidc/espo-oidc/provider"
)

// The admin UI paths messages and docs point to, declared once.
const (
	uiOIDC       = "Administration → Authentication → OIDC"
	uiEntraApp   = "Entra admin center → App registrations → your app"
	appUIAuth    = uiEntraApp + " → Authentication"
	appUISecrets = uiEntraApp + " → Certificates & secrets"
	appUIPerms   = uiEntraApp + " → API permissions"
	appUIToken   = uiEntraApp + " → Token configuration"
)

// entraEndpoints parses the configured Entra endpoints by key.
func entraEndpoints(p *Pass) map[string]entra.Endpoint {
	if p.entraEPs != nil {
		return p.entraEPs
	}
	o := p.OIDC()
	out := map[string]entra.Endpoint{}
	for _, k := range []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint", "oidcJwksEndpoint", "oidcLogoutUrl"} {
		if e, ok := p.entraEndpoint(endpointValue(o, k)); ok {
			out[k] = e
		}
	}
	p.entraEPs = out
	return out
}

func isWorkforce(p *Pass) bool { return p.Provider().Kind == provider.Entra }

// entraTenant is the tenant segment of the authorization (or token) endpoint.
func entraTenant(p *Pass) (string, string) {
	eps := entraEndpoints(p)
	for _, k := range []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint"} {
		if e, ok := eps[k]; ok && e.Tenant != "" {
			return e.Tenant, k
		}
	}
	return "", ""
}

func isMultiTenant(t string) bool {
	t = strings.ToLower(t)
	return t == entra.TenantCommon || t == entra.TenantOrganizations
}

// mutableClaims are the claims Microsoft documents as mutable: a rename in
// Entra changes them, so they must not be used as keys.
var mutableClaims = map[string]bool{"email": true, "preferred_username": true, "upn": true, "unique_name": true}

// settableClaim: a username claim another tenant's admin (or user) can set:
// every mutable claim, and the display name.
func settableClaim(c string) bool { return mutableClaims[c] || c == "name" }

// appReport reports a finding located in the manifest.
func appReport(p *Pass, loc entra.Loc, sev Severity, msg, fix string) {
	f := Finding{Key: loc.Key, File: loc.Pos.File, Line: loc.Pos.Line, Column: loc.Pos.Column, Severity: sev, Message: msg, Fix: fix}
	if f.File == "" {
		f.File = p.Manifest.Path
	}
	p.Report(f)
}

// appName names the app for messages.
func appName(m *entra.Manifest) string {
	if m.DisplayName.Value != "" {
		return fmt.Sprintf("%q", m.DisplayName.Value)
	}
	if m.AppID.Value != "" {
		return m.AppID.Value
	}
	return "the app"
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// urlProblem says what is wrong with an endpoint URL for a server-side
// request, or "" when it is an absolute https URL (or http to loopback).
func urlProblem(p *Pass, raw string) string {
	u, err := p.parseURL(raw)
	if err != nil {
		return "is not a valid URL"
	}
	if u.Scheme == "" || u.Host == "" {
		return "has no https:// scheme; the admin UI accepts it, but curl then guesses http or fails, and EspoCRM follows no redirect"
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return ""
	case "http":
		if netutil.IsLoopback(u.Hostname()) {
			return ""
		}
		return "uses plain http; the client secret, codes and tokens cross the network unencrypted, and identity providers redirect http to https, which EspoCRM does not follow"
	}
	return fmt.Sprintf("uses the scheme %q; EspoCRM only speaks http and https (curl protocols are restricted since 8.0.5)", u.Scheme)
}

// placeholders returns the {...} and <...> placeholders left in s: what the
// regular expression \{[^{}]*\}|<[^<>]*> finds, left to right without
// overlap (FuzzPlaceholders holds the two the same), without its cost on
// every logout URL of a fleet.
func placeholders(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		var closer byte
		var stops string // the opener and its closer
		switch s[i] {
		case '{':
			closer, stops = '}', "{}"
		case '<':
			closer, stops = '>', "<>"
		default:
			continue
		}
		// the first opener or closer after i decides
		if j := strings.IndexAny(s[i+1:], stops); j >= 0 && s[i+1+j] == closer {
			out = append(out, s[i:i+2+j])
			i += 1 + j
		}
	}
	return out
}

// endpointValue returns the typed value of an endpoint key.
func endpointValue(o *espo.OIDC, key string) string {
	switch key {
	case "oidcAuthorizationEndpoint":
		return o.AuthorizationEndpoint
	case "oidcTokenEndpoint":
		return o.TokenEndpoint
	case "oidcJwksEndpoint":
		return o.JwksEndpoint
	case "oidcUserInfoEndpoint":
		return o.UserInfoEndpoint
	case "oidcLogoutUrl":
		return o.LogoutURL
	}
	return ""
}

// absentNote explains the runtime meaning of an absent key in a message.
func absentNote(p *Pass, key, meaning string) string {
	if p.Settings.Get(key) == nil {
		return fmt.Sprintf(" (%s is not set, which EspoCRM reads as %s%s)", key, meaning, p.Settings.RebuildNote(key))
	}
	return ""
}

// phpArrayLine renders a config line to add or change, as EspoCRM writes it.
func phpLine(key, value string) string {
	return fmt.Sprintf("'%s' => %s,", key, value)
}

// teamLabel names a team of oidcTeamsIds in messages: its name from
// oidcTeamsNames, else its ID.
func teamLabel(o *espo.OIDC, id string) string {
	if name := o.TeamNames[id]; name != "" {
		return name
	}
	return id
}

// requestsScope: EspoCRM's authorization request asks for scope. EspoCRM
// always sends openid; the others are oidcScopes, compared without regard to
// letter case, so no finding rests on 'Email' versus 'email'.
func requestsScope(o *espo.OIDC, scope string) bool {
	if scope == "openid" {
		return true
	}
	for _, s := range o.Scopes {
		if strings.EqualFold(s, scope) {
			return true
		}
	}
	return false
}
