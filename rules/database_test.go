package rules

import (
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/dbfacts/dbtest"
	"github.com/espo-oidc/espo-oidc/entra"
)

// dbFindings runs the catalog on the guide instance (plus edits) with the
// fixtures' database (testdata/db/fixtures.sql, as dbtest has it) and
// returns one rule's findings as "location key: message".
func dbFindings(t *testing.T, ruleName string, edits []string, mutate func(*Input)) ([]string, builtInstance) {
	t.Helper()
	r := Lookup(ruleName)
	if r == nil {
		t.Fatalf("no rule %q", ruleName)
	}
	b := build(t, instanceSpec{edits: edits})
	b.in.DB = dbtest.Snapshot()
	if mutate != nil {
		mutate(b.in)
	}
	var out []string
	for _, f := range findingsOf(t, b.in, dbtest.ProviderSecret, func(x *Rule) bool { return x == r }) {
		if strings.Contains(f.Message+f.Fix, dbtest.ProviderSecret) {
			t.Errorf("%s: a finding carries the provider's secret", ruleName)
		}
		loc := fmt.Sprintf("%s:%d", f.File, f.Line)
		if strings.HasPrefix(f.File, "database: ") {
			loc = f.File // a record has no line
		}
		out = append(out, fmt.Sprintf("%s %s: %s", loc, f.Key, f.Message))
	}
	slices.Sort(out)
	return out, b
}

var keyRef = regexp.MustCompile(`\{[a-zA-Z]+\}`)

func expectDB(t *testing.T, ruleName string, edits []string, mutate func(*Input), want ...string) {
	t.Helper()
	got, b := dbFindings(t, ruleName, edits, mutate)
	// "{key}" in a wanted line is where a finding about key must point.
	for i, w := range want {
		want[i] = keyRef.ReplaceAllStringFunc(w, func(m string) string { return b.locate(m[1 : len(m)-1]) })
	}
	slices.Sort(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got:\n%s\nwant:\n%s", ruleName, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDatabasePortalRules(t *testing.T) {
	expectDB(t, "portal-provider-missing", nil, nil,
		`database: portal p-broken ("Broken Link") authenticationProvider: portal "Broken Link" links to authentication provider ap-removed, which ("Removed IdP") is deleted: EspoCRM finds no provider for it and falls back to the main settings`)
	expectDB(t, "portal-provider-not-oidc", nil, func(in *Input) { in.DB.Providers[1].Method = "Espo" },
		`database: portal p-partners ("Partners"), authentication_provider ap-partners ("Partners IdP") method: portal "Partners" uses authentication provider "Partners IdP", whose method is "Espo", not Oidc: the portal does not sign in with OIDC`)
	expectDB(t, "portal-redirect-ui-differs", nil, nil)
	expectDB(t, "portal-redirect-ui-differs", nil, func(in *Input) { in.DB.Portals[1].CustomID = "" },
		`database: portal p-customers ("Customers"), authentication_provider ap-customers ("Customers Entra") redirectUri: portal "Customers" has no custom id: EspoCRM sends the redirect URI https://crm.example.com/portal/p-customers/oauth-callback.php, but the provider's Redirect URI field shows https://crm.example.com/portal/oauth-callback.php; register the first one`)
	expectDB(t, "portal-provider-bad-value", nil, nil,
		`database: authentication_provider ap-partners ("Partners IdP") oidc_jwt_signature_algorithm_list: authentication provider "Partners IdP": oidc_jwt_signature_algorithm_list "RS256" is not a JSON list (EspoCRM reads it as an empty list: every token is rejected)`)
}

func TestDatabaseUserRules(t *testing.T) {
	claim := "{oidcUsernameClaim} oidcUsernameClaim: "
	expectDB(t, "usernames-not-claim-shaped", nil, nil,
		claim+`5 of 8 active users OIDC can sign in (regular and admin) have user names that are not email addresses, but the username claim is preferred_username: they cannot sign in with OIDC ("admin", "bob", "carol" and 2 more)`)
	// No user of the claim's shape: nobody can sign in.
	got, _ := dbFindings(t, "usernames-not-claim-shaped", []string{"oidcUsernameClaim='oid'"}, nil)
	if len(got) != 1 || !strings.Contains(got[0], "8 of 8 active users") {
		t.Errorf("oid claim: %q", got)
	}
	expectDB(t, "usernames-not-claim-shaped", []string{"oidcUsernameClaim='employee_number'"}, nil)

	expectDB(t, "usernames-not-normalized", nil, nil,
		claim+`1 active users OIDC can sign in (regular and admin) have user names a normalised claim never equals (upper case, spaces or characters EspoCRM replaces with '_'): "dave smith"`)
	expectDB(t, "usernames-duplicate-normalized", nil, nil,
		claim+`the user names "dave smith", "dave_smith" normalise to the same value: OIDC can sign in only one of these users`)
	expectDB(t, "usernames-at-max-length", nil, nil,
		claim+`1 active users OIDC can sign in (regular and admin) have user names of exactly 50 characters, the column's limit: perhaps cut off, and a longer claim value cannot be created or synced: "erin.marie.longname-consult@subsidiary.example.com"`)
	// oidcAllowAdminUser is on in the guide instance: only the super-admin.
	expectDB(t, "admins-matched-but-refused", nil, nil,
		`{oidcFallback} oidcFallback: 1 super-admin(s) have user names the preferred_username claim can match, but OIDC never signs in a super-admin ("root@example.com")`)
	expectDB(t, "admins-matched-but-refused", []string{"oidcAllowAdminUser=false"}, nil,
		`{oidcAllowAdminUser} oidcAllowAdminUser: 1 admin(s) have user names the preferred_username claim can match, but oidcAllowAdminUser is off: OIDC refuses them ("it-admin@example.com")`,
		`{oidcFallback} oidcFallback: 1 super-admin(s) have user names the preferred_username claim can match, but OIDC never signs in a super-admin ("root@example.com")`)
}

func TestDatabaseTeamRules(t *testing.T) {
	teams := []string{
		"oidcTeamsIds=['t-sales', 't-old', 't-ghost']",
		"oidcTeamsColumns=(object) ['t-sales' => (object) ['group' => 'g1'], 't-gone' => (object) ['group' => 'g2']]",
		"oidcTeamsNames=(object) ['t-ghost' => 'Ghosts']",
		"oidcSyncTeams=true", "oidcGroupClaim='groups'",
	}
	expectDB(t, "mapped-team-missing", teams, nil,
		`{oidcTeamsIds} oidcTeamsIds: oidcTeamsIds names team t-old, which is the deleted team "Old Team"`,
		`{oidcTeamsIds} oidcTeamsIds: oidcTeamsIds names team t-ghost, which does not exist in the team table (the settings call it "Ghosts")`,
		`{oidcTeamsColumns} oidcTeamsColumns: oidcTeamsColumns names team t-gone, which does not exist in the team table`)
	expectDB(t, "team-sync-removes-teams", teams, nil,
		`{oidcTeamsIds} oidcTeamsIds: team sync would remove team "Support" from 2 active user(s) at their next login, because it is not in the OIDC team list: "alice@example.com", "bob"`,
		`{oidcTeamsIds} oidcTeamsIds: team sync would remove team "Unmapped" from 1 active user(s) at their next login, because it is not in the OIDC team list: "bob"`)
	expectDB(t, "team-sync-removes-teams", teams[:3], nil) // no team sync: nothing is removed
}

func TestDatabaseAuthLogRules(t *testing.T) {
	expectDB(t, "auth-log-disabled", nil, nil)
	expectDB(t, "auth-log-disabled", []string{"authLogDisabled=true"}, nil,
		`{authLogDisabled} authLogDisabled: authLogDisabled is on: EspoCRM records no login attempt, so the auth log cannot show who was refused or why`)
	expectDB(t, "auth-log-oidc-denials", nil, nil,
		`database: auth_log_record : 10 of 13 OIDC login attempts between 2026-01-30 09:00 and 2026-02-01 08:00 were denied: CREDENTIALS ×3 (no user), FORBIDDEN ×1 (bob), INACTIVE_USER ×1 (frank@example.com), IS_NOT_PORTAL_USER ×1 (alice@example.com), IS_PORTAL_USER ×1 (pat@customer.example), IS_SYSTEM_USER ×1 (system), USER_IS_NOT_IN_PORTAL ×1 (pat@customer.example), WRONG_CODE ×1 (carol); 3 succeeded`)
	expectDB(t, "auth-log-oidc-denials", nil, func(in *Input) { in.DB.AuthLog.Rows = nil },
		`database: auth_log_record : the auth log has no OIDC rows (14 rows of other methods): nobody has tried OIDC, every attempt ended in an HTTP 500 (no row is written then), or the log was cleared`)
}

// Without a database, or with a part unread, the rules are skipped with the reason.
func TestDatabaseRulesSkipped(t *testing.T) {
	b := build(t, instanceSpec{})
	skipped := func(in *Input) map[string]string {
		out := map[string]string{}
		for _, s := range Run(in, nil).Skipped {
			out[s.Name] = s.Reason
		}
		return out
	}
	if got := skipped(b.in)["usernames-not-claim-shaped"]; got != "no database read (give --db to use the instance's database setting, or --dsn)" {
		t.Errorf("no database: %q", got)
	}
	b.in.DBMissing = "database mysql espo@127.0.0.1:3306/espo (from --dsn): could not connect (nothing answers at that address)"
	if got := skipped(b.in)["portal-provider-missing"]; got != b.in.DBMissing {
		t.Errorf("unreachable: %q", got)
	}
	b.in.DB = dbtest.Snapshot()
	b.in.DB.Loaded[dbfacts.PartProviders] = false
	b.in.DB.Skipped = []dbfacts.Skip{{Part: dbfacts.PartProviders, Table: "authentication_provider", Reason: "table authentication_provider does not exist (EspoCRM before 7.4 has no portal providers)"}}
	s := skipped(b.in)
	if got := s["portal-provider-missing"]; got != "the database's portal providers could not be read: table authentication_provider does not exist (EspoCRM before 7.4 has no portal providers)" {
		t.Errorf("7.3: %q", got)
	}
	if _, ok := s["usernames-not-claim-shaped"]; ok {
		t.Errorf("the user rules need no providers")
	}
}

// Every portal with an OIDC provider is linted like the main instance; its
// findings name the portal and the provider record, and the manifest
// cross-check uses the portal's redirect URI (the fixture's app registers
// the UI-shown {siteUrl}/portal/oauth-callback.php, not the customers
// portal's own URI).
func TestPortalInputs(t *testing.T) {
	b := build(t, instanceSpec{edits: []string{"oidcUsernameClaim='email'", "defaultPortalId='p-default'"}})
	m, err := entra.LoadManifest("../testdata/db/portal-app-manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	b.in.Manifest = m
	b.in.DB = dbtest.Snapshot()
	main := Run(b.in, nil)
	var got []string
	for _, in := range PortalInputs(b.in) {
		res := Run(in, nil)
		for _, f := range PortalOwn(in, res.Findings, main.Findings) {
			if strings.Contains(f.Message+f.Fix, dbtest.ProviderSecret) {
				t.Errorf("%s carries the provider's secret", f.Rule)
			}
			loc := f.File
			if !strings.HasPrefix(loc, dbfacts.RecordPrefix) {
				loc = fmt.Sprintf("%s:%d", filepath.Base(f.File), f.Line)
			}
			got = append(got, fmt.Sprintf("%s | %s %s | %s | %s", f.Instance, f.Rule, f.Name, loc, f.Message))
		}
		for _, s := range res.Skipped {
			if s.Name == "admin-lockout" && s.Reason != "EspoCRM fixes this for portals (no password fallback, no admins, no Espo 2FA step, no config file)" {
				t.Errorf("admin-lockout on a portal: %q", s.Reason)
			}
		}
	}
	want := []string{
		"inst (portal Customers) | EO3002 app-redirect-uri-unregistered | portal-app-manifest.json:115 | the redirect URI EspoCRM sends, https://crm.example.com/portal/customers/oauth-callback.php, is not registered in \"EspoCRM\" (3 redirect URI(s) registered); Entra shows AADSTS50011 in the login popup",
		"inst (portal Customers) | EO2009 entra-username-email | database: authentication_provider ap-customers (\"Customers Entra\") | the username claim is 'email': Entra omits it for users without a mail attribute (no mailbox, UPN-only), and those logins fail with 'No username claim `email` in token and userinfo.' (HTTP 500)",
		"inst (portal Customers) | EO2010 entra-username-mutable | database: authentication_provider ap-customers (\"Customers Entra\") | the username claim 'email' is mutable: when a user is renamed in Entra, EspoCRM no longer finds them (or creates a second account)",
		"inst (portal Customers) | EO2020 entra-logout-url | database: authentication_provider ap-customers (\"Customers Entra\") | no logout URL: logging out of EspoCRM leaves the Microsoft session alive, and the next login needs no password",
		"inst (portal Customers) | EO3011 app-secret-hint-mismatch | database: authentication_provider ap-customers (\"Customers Entra\") | the configured client secret [redacted: 25 chars, sha256 68d0b4dd] starts with none of the hints (first three characters) of the 1 client secret(s) of \"EspoCRM\" in ../testdata/db/portal-app-manifest.json: it is not a current secret of this app (another app's, a deleted or rotated one); Entra answers AADSTS7000215",
		"inst (portal Customers) | EO1025 redirect-uri | database: portal p-customers (\"Customers\") | register this exact redirect URI at the identity provider: https://crm.example.com/portal/customers/oauth-callback.php",
		"inst (portal Partners) | EO1011 algorithm-list-empty | database: authentication_provider ap-partners (\"Partners IdP\") | no signature algorithm is allowed: EspoCRM rejects every ID token with 'JWT signing algorithm `RS256` not allowed.'",
		"inst (portal Partners) | EO1015 client-secret-missing | database: authentication_provider ap-partners (\"Partners IdP\") | oidcClientSecret is empty: every login fails with 'No client secret.' (HTTP 500) although the admin UI does not require the field",
		"inst (portal Partners) | EO1054 username-claim-too-long | database: authentication_provider ap-partners (\"Partners IdP\") | user creation (oidcCreateUser) uses the username claim 'preferred_username', an address that can be longer than User.userName's 50 characters: EspoCRM fails the login with 'Value in username claim exceeds max length of `50`.' (HTTP 500)",
		"inst (portal Partners) | EO1062 pkce-off | database: authentication_provider ap-partners (\"Partners IdP\") | PKCE is off: an intercepted authorization code can be redeemed by whoever has the client secret",
		"inst (portal Partners) | EO1025 redirect-uri | database: portal p-partners (\"Partners\") | register this exact redirect URI at the identity provider: https://partners.example.com/oauth-callback.php",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("portal findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
