// Package entra is espo-oidc's knowledge of Microsoft Entra ID: login hosts
// and sovereign clouds, endpoint and tenant parsing, Graph identifiers, app
// manifests and AADSTS codes. Recognising Entra among the other identity
// providers is package provider's (its Entra profile wraps this package).
package entra

import (
	"net/url"
	"strings"
)

// Cloud is one Entra cloud: its login hosts and Microsoft Graph host
// (entra.md §1.7).
type Cloud struct {
	Name      string
	LoginHost string   // preferred token-service host
	Aliases   []string // other hosts of the same cloud
	GraphHost string   // Microsoft Graph, which hosts /oidc/userinfo
}

// Clouds are the Entra clouds, global first.
var Clouds = []Cloud{
	{Name: "global", LoginHost: "login.microsoftonline.com", Aliases: []string{"login.windows.net", "login.microsoft.com", "sts.windows.net"}, GraphHost: "graph.microsoft.com"},
	{Name: "us-government", LoginHost: "login.microsoftonline.us", Aliases: []string{"login.usgovcloudapi.net"}, GraphHost: "graph.microsoft.us"},
	{Name: "china", LoginHost: "login.partner.microsoftonline.cn", Aliases: []string{"login.chinacloudapi.cn"}, GraphHost: "microsoftgraph.chinacloudapi.cn"},
	{Name: "germany (closed 2021)", LoginHost: "login.microsoftonline.de", GraphHost: "graph.microsoft.de"},
}

// CloudOf returns the cloud whose login host or alias is host, or nil.
func CloudOf(host string) *Cloud {
	host = strings.ToLower(host)
	for i := range Clouds {
		c := &Clouds[i]
		if host == c.LoginHost {
			return c
		}
		for _, a := range c.Aliases {
			if host == a {
				return c
			}
		}
	}
	return nil
}

// IsGraphHost reports whether host is some cloud's Microsoft Graph host
// (including US Gov DoD).
func IsGraphHost(host string) bool {
	host = strings.ToLower(host)
	if host == "dod-graph.microsoft.us" {
		return true
	}
	for _, c := range Clouds {
		if host == c.GraphHost {
			return true
		}
	}
	return false
}

// Generic tenant segments (entra.md §1.1). consumers is the MSA tenant.
const (
	TenantCommon        = "common"
	TenantOrganizations = "organizations"
	TenantConsumers     = "consumers"
	ConsumersTenantID   = "9188040d-6c67-4c5b-b112-36a304b66dad"
)

// IsGUID reports whether s has the shape of a GUID: 8-4-4-4-12 hex digits,
// what ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$
// matches (FuzzIsGUID), spaces around it aside.
func IsGUID(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// IsGenericTenant reports whether the tenant segment is common,
// organizations or consumers.
func IsGenericTenant(t string) bool {
	switch strings.ToLower(t) {
	case TenantCommon, TenantOrganizations, TenantConsumers:
		return true
	}
	return false
}

// Endpoint is an Entra login-host URL taken apart.
type Endpoint struct {
	Raw     string
	Host    string
	Cloud   *Cloud
	Tenant  string // the first path segment: GUID, domain, common, ...
	Version string // "v2.0", "v1.0", or "" when the path does not say
	Kind    string // authorize, token, keys, logout, discovery, userinfo, other
	AppID   string // ?appid= on a keys URL
}

// ParseEndpoint parses a URL on an Entra login host. ok is false for any
// other URL.
func ParseEndpoint(raw string) (Endpoint, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return Endpoint{}, false
	}
	return EndpointOf(raw, u)
}

// EndpointOf is ParseEndpoint of a URL already parsed from raw (provider
// detection and the rules parse each configured URL once). A URL without a
// host is no endpoint.
func EndpointOf(raw string, u *url.URL) (Endpoint, bool) {
	if u == nil || u.Host == "" {
		return Endpoint{}, false
	}
	var rest string
	host := strings.ToLower(u.Hostname())
	c := CloudOf(host)
	if c == nil {
		return Endpoint{}, false
	}
	e := Endpoint{Raw: raw, Host: host, Cloud: c, Kind: "other"}
	if q := u.RawQuery; strings.Contains(q, "appid") || strings.Contains(q, "%") {
		// only then can a key unescape to "appid": the query is parsed
		// for the URLs that may have one
		e.AppID = u.Query().Get("appid")
	}
	// the first path segment, and the rest as written
	e.Tenant, rest, _ = strings.Cut(strings.Trim(u.Path, "/"), "/")
	rest = strings.ToLower(rest)
	switch rest {
	case "oauth2/v2.0/authorize":
		e.Kind, e.Version = "authorize", "v2.0"
	case "oauth2/authorize":
		e.Kind, e.Version = "authorize", "v1.0"
	case "oauth2/v2.0/token":
		e.Kind, e.Version = "token", "v2.0"
	case "oauth2/token":
		e.Kind, e.Version = "token", "v1.0"
	case "discovery/v2.0/keys":
		e.Kind, e.Version = "keys", "v2.0"
	case "discovery/keys":
		e.Kind, e.Version = "keys", "v1.0"
	case "oauth2/v2.0/logout":
		e.Kind, e.Version = "logout", "v2.0"
	case "oauth2/logout":
		e.Kind, e.Version = "logout", "v1.0"
	case "v2.0/.well-known/openid-configuration":
		e.Kind, e.Version = "discovery", "v2.0"
	case ".well-known/openid-configuration":
		e.Kind, e.Version = "discovery", "v1.0"
	case "openid/userinfo":
		e.Kind, e.Version = "userinfo", "v1.0"
	default:
		if strings.Contains(rest, "v2.0") {
			e.Version = "v2.0"
		}
	}
	return e, true
}
