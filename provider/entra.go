package provider

import (
	"net/url"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
)

// The Entra profile wraps package entra (login hosts, sovereign clouds,
// endpoint and tenant parsing); its error codes are explain's AADSTS
// catalogue and its detailed checks are the entra and entra-app rule sets.
var EntraProfile = &Profile{
	Kind:     Entra,
	Variants: []Kind{EntraB2C, EntraCIAM},
	Name:     "Microsoft Entra ID",
	Console:  "Entra admin center",
	Docs:     []string{"https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc"},
	Shape: map[Role]string{
		RoleAuthorization: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
		RoleToken:         "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
		RoleJWKS:          "https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys",
		RoleUserInfo:      "https://graph.microsoft.com/oidc/userinfo",
		RoleLogout:        "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/logout",
	},
	ScopeName:  "tenant",
	ScopeRoles: []Role{RoleAuthorization, RoleToken, RoleJWKS, RoleLogout},
	scopeFold:  true,
	Issuer:     "https://login.microsoftonline.com/{tenant-id}/v2.0 (v1: https://sts.windows.net/{tenant-id}/)",
	Claims: Claims{
		IDToken:      []string{"sub", "oid", "tid", "preferred_username", "name", "email"},
		Username:     "preferred_username",
		Alternatives: []string{"email", "upn"},
		UsernameWhy:  "preferred_username is the user's UPN (needs the profile scope); email exists only for users with a mail attribute; sub is pairwise per app and never equals a username.",
		Sub:          "an opaque value, pairwise per user and application",
		SubLength:    43,
		Setting:      "Entra admin center → App registrations → your app → Token configuration",
	},
	Groups: Groups{Claim: "groups", Format: GroupsIDs,
		Setting: "Entra admin center → App registrations → your app → Token configuration → Add groups claim (groupMembershipClaims); names only for groups synced from AD (sAMAccountName) or with cloud_displayname + ApplicationGroup"},
	Signing: Signing{Default: "RS256", Possible: []string{"RS256"},
		Setting: "none: Entra signs ID tokens with RS256 only"},
	ClientAuth: ClientAuth{Default: "client_secret_post", Methods: []string{"client_secret_post", "client_secret_basic", "private_key_jwt"},
		Setting: "Entra admin center → App registrations → your app → Certificates & secrets"},
	Logout: Logout{EndSession: true,
		Template: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}",
		Setting:  "Entra admin center → App registrations → your app → Authentication (post_logout_redirect_uri must be a registered redirect URI)"},
	Prompt: Prompt{Values: []string{"login", "none", "consent", "select_account"},
		Note: "prompt=consent shows the consent page at every login; users who may not consent see 'Need admin approval'."},
	PKCE: PKCE{Supported: true},
	parse: func(u *url.URL) (Endpoint, bool) {
		host := strings.ToLower(u.Hostname())
		switch {
		case entra.IsGraphHost(host):
			e := Endpoint{Strength: Strong, Role: RoleOther}
			if strings.EqualFold(cleanPath(u), "/oidc/userinfo") {
				e.Role = RoleUserInfo
			}
			return e, true
		case strings.HasSuffix(host, ".b2clogin.com"), strings.HasSuffix(host, ".ciamlogin.com"):
			segs := strings.Split(strings.Trim(u.Path, "/"), "/")
			return Endpoint{Strength: Strong, Scope: segs[0], Role: entraRole(u.Path)}, true
		}
		ep, ok := entra.EndpointOf("", u)
		if !ok {
			return Endpoint{}, false
		}
		e := Endpoint{Strength: Strong, Scope: ep.Tenant, Role: RoleOther}
		switch ep.Kind {
		case "authorize":
			e.Role = RoleAuthorization
		case "token":
			e.Role = RoleToken
		case "keys":
			e.Role = RoleJWKS
		case "userinfo":
			e.Role = RoleUserInfo
		case "logout":
			e.Role = RoleLogout
		case "discovery":
			e.Role = RoleDiscovery
		}
		return e, true
	},
	variant: func(eps []Located) (Kind, *entra.Cloud, string) {
		for _, e := range eps {
			switch {
			case strings.HasSuffix(e.Host, ".b2clogin.com"):
				return EntraB2C, nil, ""
			case strings.HasSuffix(e.Host, ".ciamlogin.com"):
				return EntraCIAM, nil, e.Scope
			}
			if c := entra.CloudOf(e.Host); c != nil {
				return Entra, c, e.Scope
			}
		}
		return Entra, nil, ""
	},
	issuer: func(eps []Endpoint) string {
		for _, e := range eps {
			ep, ok := entra.ParseEndpoint(e.Raw)
			if !ok {
				if strings.HasSuffix(e.Host, ".b2clogin.com") || strings.HasSuffix(e.Host, ".ciamlogin.com") {
					return ""
				}
				continue
			}
			if ep.Tenant == "" || strings.Contains(ep.Tenant, "{") {
				return ""
			}
			if ep.Version == "v1.0" {
				return "https://sts.windows.net/" + ep.Tenant + "/"
			}
			return "https://" + ep.Host + "/" + ep.Tenant + "/v2.0"
		}
		return ""
	},
	logoutURL: func(d Detection) string {
		host := d.Host
		if d.Cloud != nil {
			host = d.Cloud.LoginHost
		}
		if host == "" || d.Scope == "" || d.Kind != Entra {
			return ""
		}
		return "https://" + host + "/" + d.Scope + "/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}"
	},
	baseEqual: func(a, b Endpoint) bool {
		ca, cb := entra.CloudOf(a.Host), entra.CloudOf(b.Host)
		return ca != nil && ca == cb
	},
}

func entraRole(path string) Role {
	p := strings.ToLower(path)
	switch {
	case strings.HasSuffix(p, "/authorize"):
		return RoleAuthorization
	case strings.HasSuffix(p, "/token"):
		return RoleToken
	case strings.HasSuffix(p, "/keys"):
		return RoleJWKS
	case strings.HasSuffix(p, "/logout"):
		return RoleLogout
	}
	return RoleOther
}
