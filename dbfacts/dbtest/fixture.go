// Package dbtest is the snapshot of testdata/db/fixtures.sql as
// espodb.Read returns it from a real server: the server tests check Read
// against it, and the rule and command tests use it as their database.
package dbtest

import (
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
)

// ProviderSecret is the client secret of the Customers provider: a canary
// no output may contain.
const ProviderSecret = "Portal-Secret-Canary-7Qx9"

func at(s string, frac float64) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t.Add(time.Duration(frac * float64(time.Second)))
}

func ptr(s string) *string { return &s }

// Snapshot returns a fresh copy of the fixtures' snapshot.
func Snapshot() *dbfacts.Snapshot {
	tenant := "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47"
	all := map[string]bool{"oidc_logout_url": true, "oidc_user_info_endpoint": true, "oidc_authorization_prompt": true, "oidc_authorization_pkce": true}
	has := func() map[string]bool {
		m := map[string]bool{}
		for k, v := range all {
			m[k] = v
		}
		return m
	}
	providers := []dbfacts.Provider{
		{ID: "ap-customers", Name: "Customers Entra", Method: "Oidc", ClientID: "11111111-2222-3333-4444-555555555555",
			ClientSecret: espo.NewSecret(ProviderSecret), AuthorizationEndpoint: tenant + "/oauth2/v2.0/authorize",
			TokenEndpoint: tenant + "/oauth2/v2.0/token", JwksEndpoint: tenant + "/discovery/v2.0/keys",
			Algorithms: []string{"RS256"}, AlgorithmsRaw: ptr(`["RS256"]`), Scopes: []string{"profile", "email"}, ScopesRaw: ptr(`["profile","email"]`),
			UsernameClaim: "email", Prompt: "select_account", PKCE: true, Has: has()},
		{ID: "ap-partners", Name: "Partners IdP", Method: "Oidc", ClientID: "partners-client", ClientSecret: espo.NewSecret(""),
			AuthorizationEndpoint: "https://idp.partners.example/authorize", TokenEndpoint: "https://idp.partners.example/token",
			JwksEndpoint: "https://idp.partners.example/jwks", AlgorithmsRaw: ptr("RS256"), UsernameClaim: "preferred_username", CreateUser: true, Has: has(),
			Problems: []string{`oidc_jwt_signature_algorithm_list "RS256" is not a JSON list (EspoCRM reads it as an empty list: every token is rejected)`}},
		{ID: "ap-removed", Name: "Removed IdP", Method: "Oidc", Deleted: true, ClientID: "removed-client", ClientSecret: espo.NewSecret("x"),
			AuthorizationEndpoint: "https://idp.removed.example/authorize", TokenEndpoint: "https://idp.removed.example/token",
			Algorithms: []string{"RS256"}, AlgorithmsRaw: ptr(`["RS256"]`), Scopes: []string{}, ScopesRaw: ptr(`[]`), UsernameClaim: "sub", PKCE: true, Has: has()},
	}
	s := &dbfacts.Snapshot{
		Driver: dbfacts.MySQL, ReadOnly: true, Providers: providers, UserNameMaxLength: 50,
		Loaded: map[string]bool{dbfacts.PartProviders: true, dbfacts.PartPortals: true, dbfacts.PartUsers: true, dbfacts.PartTeams: true,
			dbfacts.PartTeamUsers: true, dbfacts.PartPortalUsers: true, dbfacts.PartAuthLog: true},
	}
	s.Providers = providers
	s.Portals = []dbfacts.Portal{
		{ID: "p-broken", Name: "Broken Link", IsActive: true, ProviderID: "ap-removed", Provider: &s.Providers[2]},
		{ID: "p-customers", Name: "Customers", CustomID: "customers", IsActive: true, ProviderID: "ap-customers", Provider: &s.Providers[0]},
		{ID: "p-default", Name: "Main Portal", CustomID: "main", IsActive: true},
		{ID: "p-partners", Name: "Partners", CustomURL: "https://partners.example.com/", IsActive: true, ProviderID: "ap-partners", Provider: &s.Providers[1]},
	}
	s.Teams = []dbfacts.Team{{ID: "t-old", Name: "Old Team", Deleted: true}, {ID: "t-sales", Name: "Sales"}, {ID: "t-support", Name: "Support"}, {ID: "t-unmapped", Name: "Unmapped"}}
	u := func(id, name, typ string, active bool, teams, portals []string) dbfacts.User {
		return dbfacts.User{ID: id, UserName: name, Type: typ, IsActive: active, TeamIDs: teams, PortalIDs: portals}
	}
	s.Users = []dbfacts.User{
		u("u-admin", "admin", "admin", true, nil, nil),
		u("u-alice", "alice@example.com", "regular", true, []string{"t-sales", "t-support"}, nil),
		u("u-api", "api-bot", "api", true, nil, nil),
		u("u-bob", "bob", "regular", true, []string{"t-support", "t-unmapped"}, nil),
		u("u-carol", "carol", "regular", true, []string{"t-old"}, nil),
		u("u-dave1", "dave smith", "regular", true, nil, nil),
		u("u-dave2", "dave_smith", "regular", true, nil, nil),
		u("u-erin", "erin.marie.longname-consult@subsidiary.example.com", "regular", true, nil, nil),
		u("u-frank", "frank@example.com", "regular", false, nil, nil),
		u("u-itadmin", "it-admin@example.com", "admin", true, nil, nil),
		u("u-pat", "pat@customer.example", "portal", true, nil, []string{"p-customers"}),
		u("u-super", "root@example.com", "super-admin", true, nil, nil),
		u("u-system", "system", "system", true, nil, nil),
	}
	s.Users[2].AuthMethod = "ApiKey"
	row := func(id, when string, frac float64, user, name, portal, token, reason, ip, url string) dbfacts.AuthLogRecord {
		return dbfacts.AuthLogRecord{ID: id, Username: "**oidc", UserID: user, UserName: name, PortalID: portal, IPAddress: ip,
			CreatedAt: at(when, 0), RequestTime: at(when, frac), IsDenied: reason != "", DenialReason: reason, RequestURL: url, Method: "Oidc", AuthTokenID: token}
	}
	crm := "https://crm.example.com/api/v1/App/user"
	s.AuthLog = dbfacts.AuthLog{Total: 14, First: at("2026-01-30 09:00:00", 0), Last: at("2026-02-01 08:00:00", 0), Rows: []dbfacts.AuthLogRecord{
		row("al-15", "2026-02-01 08:00:00", .75, "u-alice", "alice@example.com", "", "at-15", "", "203.0.113.10", crm),
		row("al-12", "2026-01-31 13:00:00", 0, "u-carol", "carol", "", "", "WRONG_CODE", "203.0.113.17", crm),
		row("al-11", "2026-01-31 12:30:00", 0, "u-bob", "bob", "", "", "FORBIDDEN", "198.51.100.7", crm),
		row("al-10", "2026-01-31 12:20:00", 0, "u-system", "system", "", "", "IS_SYSTEM_USER", "203.0.113.16", crm),
		row("al-09", "2026-01-31 12:10:00", 0, "u-pat", "pat@customer.example", "p-partners", "", "USER_IS_NOT_IN_PORTAL", "203.0.113.15", "https://partners.example.com/api/v1/App/user"),
		row("al-08", "2026-01-31 12:00:00", 0, "u-alice", "alice@example.com", "p-customers", "", "IS_NOT_PORTAL_USER", "203.0.113.10", "https://crm.example.com/portal/customers/api/v1/App/user"),
		row("al-07", "2026-01-31 11:30:00", 0, "u-pat", "pat@customer.example", "", "", "IS_PORTAL_USER", "203.0.113.15", crm),
		row("al-06", "2026-01-31 11:00:00", 0, "u-frank", "frank@example.com", "", "", "INACTIVE_USER", "203.0.113.14", crm),
		row("al-05", "2026-01-31 10:01:10", 0, "", "", "", "", "CREDENTIALS", "203.0.113.13", crm),
		row("al-04", "2026-01-31 10:00:30", 0, "", "", "", "", "CREDENTIALS", "203.0.113.12", crm),
		row("al-03", "2026-01-31 10:00:00", 0, "", "", "", "", "CREDENTIALS", "203.0.113.12", crm),
		row("al-02", "2026-01-30 09:05:00", .5, "u-bob", "bob", "", "at-02", "", "203.0.113.11", crm),
		row("al-01", "2026-01-30 09:00:00", .25, "u-alice", "alice@example.com", "", "at-01", "", "203.0.113.10", crm),
	}}
	return s
}
