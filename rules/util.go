package rules

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/netutil"
)

// urlProblem says what is wrong with an endpoint URL for a server-side
// request, or "" when it is an absolute https URL (or http to loopback).
func urlProblem(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
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

var placeholderRe = regexp.MustCompile(`\{[^{}]*\}|<[^<>]*>`)

// placeholders returns the {...} and <...> placeholders left in s.
func placeholders(s string) []string { return placeholderRe.FindAllString(s, -1) }

// endpointKeys are the URL settings EspoCRM's server or browser calls.
var endpointKeys = []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint", "oidcJwksEndpoint", "oidcUserInfoEndpoint"}

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

func hasRSA(algs []string) bool {
	for _, a := range algs {
		if strings.HasPrefix(a, "RS") {
			return true
		}
	}
	return false
}

// absentNote explains the runtime meaning of an absent key in a message.
func absentNote(p *Pass, key, meaning string) string {
	if p.Settings.Get(key) == nil {
		return fmt.Sprintf(" (%s is not set, which EspoCRM reads as %s)", key, meaning)
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
