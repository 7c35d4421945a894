package dbfacts

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/lit"
)

// RoleDatabase marks a settings source that is a database record.
const RoleDatabase espo.Role = "database"

// RecordPrefix starts every database record location.
const RecordPrefix = "database: "

// Record names a database record, as the location of findings about it.
func Record(table, id, name string) string {
	if id == "" {
		return RecordPrefix + table
	}
	if name == "" {
		return fmt.Sprintf(RecordPrefix+"%s %s", table, id)
	}
	return fmt.Sprintf(RecordPrefix+"%s %s (%q)", table, id, name)
}

// PortalRecord is the location of a portal's OIDC settings: the portal and
// its authentication provider record.
func PortalRecord(p Portal) string {
	s := Record("portal", p.ID, p.Name)
	if p.Provider != nil {
		s += fmt.Sprintf(", authentication_provider %s (%q)", p.Provider.ID, p.Provider.Name)
	}
	return s
}

// forcedForPortals are the settings EspoCRM fixes for a portal's provider
// whatever the main settings say (docs/database.md).
var forcedForPortals = map[string]*lit.Value{
	"authenticationMethod":         {Kind: lit.String, Str: "Oidc"},
	"oidcGroupClaim":               {Kind: lit.Null},
	"oidcTeamsIds":                 {Kind: lit.Array},
	"oidcTeamsColumns":             {Kind: lit.Array, Object: true},
	"oidcTeamsNames":               {Kind: lit.Array, Object: true},
	"oidcSyncTeams":                {Kind: lit.Bool, Bool: false},
	"oidcFallback":                 {Kind: lit.Bool, Bool: false},
	"oidcAllowRegularUserFallback": {Kind: lit.Bool, Bool: false},
	"oidcAllowAdminUser":           {Kind: lit.Bool, Bool: false},
}

// PortalSettings is the settings EspoCRM uses for a portal's OIDC login:
// the provider record's values, the portal's URL as siteUrl (so the
// redirect URI is the portal's), the values forced for portals (no group
// claim, teams, team sync, fallback or admins), and the main settings for
// the rest (max age, JWKS cache period, username expression, logger). A
// setting from the provider is located at the provider record, one from the
// portal URL at the portal record, the rest where the main settings have
// them. The instance name says which portal it is.
func PortalSettings(main *espo.Settings, p Portal, defaultPortalID string) *espo.Settings {
	siteURL := ""
	if main != nil {
		if st := main.Get("siteUrl"); st != nil && st.Value != nil && st.Value.Kind == lit.String {
			siteURL = st.Value.Str
		}
	}
	instance := "portal " + p.Name
	if main != nil && main.Instance != "" {
		instance = main.Instance + " (portal " + p.Name + ")"
	}
	s := &espo.Settings{Instance: instance, Values: map[string]*espo.Setting{}}
	s.InheritVersion(main) // the portal runs on the instance's EspoCRM
	if main != nil {
		s.DataDir = main.DataDir
		s.Sources = append(s.Sources, main.Sources...)
		for _, k := range main.Order {
			s.Values[k] = main.Values[k]
			s.Order = append(s.Order, k)
		}
	}
	set := func(src *espo.Source, key string, v *lit.Value) {
		v.Pos = lit.Pos{File: src.Path}
		if _, ok := s.Values[key]; !ok {
			s.Order = append(s.Order, key)
		}
		s.Values[key] = &espo.Setting{Key: key, Value: v, Source: src, KeyPos: lit.Pos{File: src.Path}}
	}
	unset := func(key string) {
		delete(s.Values, key)
		for i, k := range s.Order {
			if k == key {
				s.Order = append(s.Order[:i:i], s.Order[i+1:]...)
				break
			}
		}
	}
	portalSrc := &espo.Source{Path: Record("portal", p.ID, p.Name), Role: RoleDatabase, Root: &lit.Value{Kind: lit.Array}}
	s.Sources = append(s.Sources, portalSrc)
	set(portalSrc, "siteUrl", str(strings.TrimRight(p.URL(siteURL, defaultPortalID), "/")))
	for k, v := range forcedForPortals {
		c := *v
		set(portalSrc, k, &c)
	}
	pr := p.Provider
	if pr == nil {
		return s
	}
	src := &espo.Source{Path: Record("authentication_provider", pr.ID, pr.Name), Role: RoleDatabase, Root: &lit.Value{Kind: lit.Array}}
	s.Sources = append(s.Sources, src)
	set(src, "oidcClientId", str(pr.ClientID))
	set(src, "oidcClientSecret", str(pr.ClientSecret.Reveal()))
	set(src, "oidcAuthorizationEndpoint", str(pr.AuthorizationEndpoint))
	set(src, "oidcTokenEndpoint", str(pr.TokenEndpoint))
	set(src, "oidcJwksEndpoint", str(pr.JwksEndpoint))
	set(src, "oidcJwtSignatureAlgorithmList", list(pr.Algorithms))
	set(src, "oidcScopes", list(pr.Scopes))
	if pr.UsernameClaimNull {
		set(src, "oidcUsernameClaim", &lit.Value{Kind: lit.Null})
	} else {
		set(src, "oidcUsernameClaim", str(pr.UsernameClaim))
	}
	set(src, "oidcCreateUser", &lit.Value{Kind: lit.Bool, Bool: pr.CreateUser})
	set(src, "oidcSync", &lit.Value{Kind: lit.Bool, Bool: pr.Sync})
	set(src, "oidcLogoutUrl", str(pr.LogoutURL))
	if pr.Has["oidc_user_info_endpoint"] {
		set(src, "oidcUserInfoEndpoint", str(pr.UserInfoEndpoint))
	} else {
		unset("oidcUserInfoEndpoint") // before 9.1 portals have none
	}
	if pr.Has["oidc_authorization_prompt"] {
		if pr.Prompt == "" {
			set(src, "oidcAuthorizationPrompt", &lit.Value{Kind: lit.Null})
		} else {
			set(src, "oidcAuthorizationPrompt", str(pr.Prompt))
		}
	}
	if pr.Has["oidc_authorization_pkce"] {
		set(src, "oidcAuthorizationPkce", &lit.Value{Kind: lit.Bool, Bool: pr.PKCE})
	} else {
		unset("oidcAuthorizationPkce") // before 10.0 there is no PKCE
	}
	return s
}

func str(v string) *lit.Value { return &lit.Value{Kind: lit.String, Str: v} }

func list(vs []string) *lit.Value {
	out := &lit.Value{Kind: lit.Array}
	for i, v := range vs {
		out.Entries = append(out.Entries, lit.Entry{Key: fmt.Sprint(i), IntKey: true, Value: str(v)})
	}
	return out
}
