// Package entra is espo-oidc's knowledge of Microsoft Entra ID (and of the
// URL shapes of other identity providers): login hosts and sovereign clouds,
// endpoint and tenant parsing, Graph identifiers, app manifests and AADSTS
// codes. Facts: ../shared/reference/entra.md.
package entra

import (
	"net/url"
	"regexp"
	"strings"
)

// Kind is an identity provider family recognised from endpoint URLs.
type Kind string

const (
	Unknown   Kind = "unknown" // no endpoints configured
	Entra     Kind = "entra"
	EntraB2C  Kind = "entra-b2c"
	EntraCIAM Kind = "entra-external-id"
	Keycloak  Kind = "keycloak"
	Authentik Kind = "authentik"
	Authelia  Kind = "authelia"
	Okta      Kind = "okta"
	Google    Kind = "google"
	Generic   Kind = "generic"
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

var guidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// IsGUID reports whether s has the shape of a GUID.
func IsGUID(s string) bool { return guidRe.MatchString(strings.TrimSpace(s)) }

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
	if err != nil || u.Host == "" {
		return Endpoint{}, false
	}
	host := strings.ToLower(u.Hostname())
	c := CloudOf(host)
	if c == nil {
		return Endpoint{}, false
	}
	e := Endpoint{Raw: raw, Host: host, Cloud: c, Kind: "other", AppID: u.Query().Get("appid")}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) > 0 {
		e.Tenant = segs[0]
	}
	rest := strings.ToLower(strings.Join(segs[min(1, len(segs)):], "/"))
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

// Provider is what the configured endpoints say about the identity provider.
type Provider struct {
	Kind   Kind
	Host   string
	Tenant string // Entra: the tenant segment of the endpoints; Keycloak: the realm; authentik: the app slug
	Cloud  *Cloud // Entra only
	// Issuer is the issuer the endpoints imply, for discovery; "" when they
	// do not determine one (then the probe needs --issuer).
	Issuer string
}

// Family groups the Entra variants under "entra"; other kinds are their own family.
func (p Provider) Family() string {
	switch p.Kind {
	case Entra, EntraB2C, EntraCIAM:
		return string(Entra)
	}
	return string(p.Kind)
}

var (
	keycloakRe  = regexp.MustCompile(`^(.*)/realms/([^/]+)/protocol/openid-connect/`)
	authentikRe = regexp.MustCompile(`/application/o/([^/]+)/(jwks|\.well-known)`)
	oktaRe      = regexp.MustCompile(`^(/oauth2/[^/]+)?/v1/(authorize|token|keys|userinfo|logout)$`)
)

// DetectProvider recognises the identity provider from the endpoint URLs
// (the first non-empty ones decide). Unrecognised https endpoints are Generic.
func DetectProvider(endpoints ...string) Provider {
	var first *url.URL
	for _, raw := range endpoints {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			continue
		}
		if first == nil {
			first = u
		}
		host := strings.ToLower(u.Hostname())
		scheme := u.Scheme + "://" + u.Host
		switch {
		case CloudOf(host) != nil:
			e, _ := ParseEndpoint(raw)
			p := Provider{Kind: Entra, Host: host, Tenant: e.Tenant, Cloud: e.Cloud}
			if e.Tenant != "" && !strings.Contains(e.Tenant, "{") {
				if e.Version == "v1.0" {
					p.Issuer = "https://sts.windows.net/" + e.Tenant + "/"
				} else {
					p.Issuer = "https://" + host + "/" + e.Tenant + "/v2.0"
				}
			}
			return p
		case strings.HasSuffix(host, ".b2clogin.com"):
			return Provider{Kind: EntraB2C, Host: host}
		case strings.HasSuffix(host, ".ciamlogin.com"):
			segs := strings.Split(strings.Trim(u.Path, "/"), "/")
			return Provider{Kind: EntraCIAM, Host: host, Tenant: segs[0]}
		case keycloakRe.MatchString(u.Path + "/"):
			m := keycloakRe.FindStringSubmatch(u.Path + "/")
			return Provider{Kind: Keycloak, Host: host, Tenant: m[2], Issuer: scheme + m[1] + "/realms/" + m[2]}
		case strings.HasPrefix(u.Path, "/application/o/"):
			p := Provider{Kind: Authentik, Host: host}
			for _, r2 := range endpoints { // the slug is only in the JWKS / discovery URL
				if m := authentikRe.FindStringSubmatch(r2); m != nil {
					p.Tenant = m[1]
					p.Issuer = scheme + "/application/o/" + m[1] + "/"
				}
			}
			return p
		case strings.HasPrefix(u.Path, "/api/oidc/"):
			return Provider{Kind: Authelia, Host: host, Issuer: scheme}
		case strings.HasSuffix(host, ".okta.com") || strings.HasSuffix(host, ".oktapreview.com") || strings.HasSuffix(host, ".okta-emea.com"):
			p := Provider{Kind: Okta, Host: host, Issuer: scheme}
			if m := oktaRe.FindStringSubmatch(u.Path); m != nil && m[1] != "" {
				p.Issuer = scheme + m[1]
			}
			return p
		case host == "accounts.google.com" || host == "oauth2.googleapis.com" || host == "www.googleapis.com":
			return Provider{Kind: Google, Host: host, Issuer: "https://accounts.google.com"}
		}
	}
	if first == nil {
		return Provider{Kind: Unknown}
	}
	return Provider{Kind: Generic, Host: strings.ToLower(first.Hostname())}
}
