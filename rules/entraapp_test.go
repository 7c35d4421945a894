package rules

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
)

const (
	appManifestDir = "../testdata/manifests"
	appSettingsNm  = "espo.json"
	appTenant      = "72f988bf-86f1-41af-91ab-2d7cd011db47"
	appCanary      = "CANARY~Secret~Value~123"
)

var appNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// appBase is the guide-following instance as a JSON settings export, one key
// per line (the secret starts with the guide manifest's hint "abc").
var appBase = [][2]string{
	{"authenticationMethod", `"Oidc"`},
	{"siteUrl", `"https://crm.example.com"`},
	{"oidcClientId", `"11111111-2222-3333-4444-555555555555"`},
	{"oidcClientSecret", `"abc8Q~` + appCanary + `"`},
	{"oidcAuthorizationEndpoint", `"https://login.microsoftonline.com/` + appTenant + `/oauth2/v2.0/authorize"`},
	{"oidcTokenEndpoint", `"https://login.microsoftonline.com/` + appTenant + `/oauth2/v2.0/token"`},
	{"oidcJwksEndpoint", `"https://login.microsoftonline.com/` + appTenant + `/discovery/v2.0/keys"`},
	{"oidcJwtSignatureAlgorithmList", `["RS256"]`},
	{"oidcScopes", `["profile", "email"]`},
	{"oidcUsernameClaim", `"preferred_username"`},
	{"oidcCreateUser", `false`},
	{"oidcSync", `false`},
	{"oidcFallback", `true`},
	{"oidcAllowAdminUser", `true`},
	{"oidcLogoutUrl", `"https://login.microsoftonline.com/` + appTenant + `/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}"`},
	{"oidcAuthorizationPrompt", `"login"`},
	{"oidcAuthorizationPkce", `true`},
}

// appSettings renders appBase with overrides (raw JSON values; "" deletes a
// key; unknown keys are appended).
func appSettings(over map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	seen := map[string]bool{}
	var lines []string
	for _, kv := range appBase {
		v := kv[1]
		if o, ok := over[kv[0]]; ok {
			v = o
			seen[kv[0]] = true
		}
		if v != "" {
			lines = append(lines, "  "+strconvQuote(kv[0])+": "+v)
		}
	}
	for _, k := range sortedKeys(over) {
		if !seen[k] && over[k] != "" {
			lines = append(lines, "  "+strconvQuote(k)+": "+over[k])
		}
	}
	b.WriteString(strings.Join(lines, ",\n"))
	b.WriteString("\n}\n")
	return b.Bytes()
}

func strconvQuote(s string) string { q, _ := json.Marshal(s); return string(q) }

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

// appLine is the 1-based line where needle starts in b (0 if absent).
func appLine(b []byte, needle string) int {
	i := bytes.Index(b, []byte(needle))
	if i < 0 {
		return 0
	}
	return bytes.Count(b[:i], []byte("\n")) + 1
}

type appCase struct {
	manifest string            // file in testdata/manifests
	over     map[string]string // settings overrides
	opts     *Options
}

// run returns the entra-app findings (through the one harness, findingsOf)
// and the settings bytes.
func (c appCase) run(t *testing.T) ([]Finding, []byte) {
	t.Helper()
	sb := appSettings(c.over)
	s, err := espo.FromBytes(appSettingsNm, sb)
	if err != nil {
		t.Fatalf("settings: %v\n%s", err, sb)
	}
	m, err := entra.LoadManifest(filepath.Join(appManifestDir, c.manifest))
	if err != nil {
		t.Fatal(err)
	}
	opts := DefaultOptions()
	if c.opts != nil {
		opts = *c.opts
	}
	in := &Input{Instance: appSettingsNm, Settings: s, Manifest: m, Options: opts, Now: appNow}
	return findingsOf(t, in, appCanary, func(r *Rule) bool { return r.Set == SetEntraApp }), sb
}

// appWant is one expected finding: the rule name, key, and where. In is
// "manifest" or "settings"; Needle locates the expected line in that file.
type appWant struct {
	rule, key, in, needle string
	sev                   Severity
}

func TestEntraAppRulesFire(t *testing.T) {
	cases := []struct {
		name string
		c    appCase
		want []appWant
	}{
		{"client id is another app's", appCase{manifest: "client-id-mismatch.json"},
			[]appWant{{"app-client-id-mismatch", "oidcClientId", "settings", `"oidcClientId"`, Error}}},
		{"client id equal", appCase{manifest: "entra-guide.json"}, nil},
		{"client id upper case", appCase{manifest: "entra-guide.json", over: map[string]string{"oidcClientId": `"11111111-2222-3333-4444-55555555555A"`}},
			[]appWant{{"app-client-id-mismatch", "oidcClientId", "settings", `"oidcClientId"`, Error}}},
		{"redirect trailing slash", appCase{manifest: "redirect-unregistered.json"},
			[]appWant{{"app-redirect-uri-unregistered", "web.redirectUris", "manifest", "\"redirectUris\": [\n\t\t\t\"https://crm.example.com/oauth-callback.php/\"", Error}}},
		{"redirect other site url", appCase{manifest: "entra-guide.json", over: map[string]string{"siteUrl": `"https://crm.example.com/espo/"`}},
			[]appWant{
				{"app-redirect-uri-unregistered", "web.redirectUris", "manifest", "\"redirectUris\": [\n\t\t\t\"https://crm.example.com/oauth-callback.php\"", Error},
				{"app-logout-redirect-unregistered", "oidcLogoutUrl", "settings", `"oidcLogoutUrl"`, Warning},
			}},
		{"redirect legacy other site url", appCase{manifest: "legacy-entra-guide.json", over: map[string]string{"siteUrl": `"https://espo.example.com"`, "oidcLogoutUrl": ""}},
			[]appWant{{"app-redirect-uri-unregistered", "replyUrlsWithType", "manifest", `"replyUrlsWithType"`, Error}}},
		{"redirect on spa", appCase{manifest: "redirect-spa.json"},
			[]appWant{{"app-redirect-uri-spa", "spa.redirectUris[0]", "manifest", `"https://crm.example.com/oauth-callback.php"`, Error}}},
		{"redirect public client", appCase{manifest: "legacy-redirect-public-client.json"},
			[]appWant{
				{"app-redirect-uri-public-client", "allowPublicClient", "manifest", `"allowPublicClient": true`, Info},
				{"app-redirect-uri-public-client", "replyUrlsWithType[0].url", "manifest", `"url": "https://crm.example.com/oauth-callback.php"`, Error},
			}},
		{"redirect invalid", appCase{manifest: "redirect-invalid.json"},
			[]appWant{
				{"app-redirect-uri-invalid", "web.redirectUris[2]", "manifest", `"http://crm.example.com/oauth-callback.php"`, Error},
				{"app-redirect-uri-invalid", "web.redirectUris[4]", "manifest", `"https://*.example.com/oauth-callback.php"`, Warning},
				{"app-redirect-uri-invalid", "web.redirectUris[5]", "manifest", `"https://crm.example.com/callback;jsessionid=1"`, Error},
				{"app-redirect-uri-invalid", "web.redirectUris[6]", "manifest", `"https://crm.example.com/aaaa`, Error},
			}},
		{"graph permissions and excess", appCase{manifest: "permissions-missing.json", over: map[string]string{"oidcUsernameClaim": `"email"`}},
			[]appWant{
				{"app-graph-permissions-missing", "requiredResourceAccess", "manifest", `"requiredResourceAccess"`, Warning},
				{"app-application-permissions", "requiredResourceAccess[0].resourceAccess[1]", "manifest", "{\n\t\t\t\t\t\"id\": \"df021288", Info},
				{"app-application-permissions", "requiredResourceAccess[1].resourceAccess[0]", "manifest", "{\n\t\t\t\t\t\"id\": \"311a71cc", Warning},
			}},
		{"no secret", appCase{manifest: "no-secret.json"},
			[]appWant{{"app-no-secret", "passwordCredentials", "manifest", `"passwordCredentials": []`, Error}}},
		{"all secrets expired", appCase{manifest: "secret-expired.json"},
			[]appWant{{"app-secret-expired", "passwordCredentials[1].endDateTime", "manifest", `"endDateTime": "2026-10-01`, Error}}},
		{"used secret expired, newer exists", appCase{manifest: "secret-old-expired.json"},
			[]appWant{{"app-secret-expired", "passwordCredentials[0].endDateTime", "manifest", `"endDateTime": "2026-10-01`, Error}}},
		{"secret expiring", appCase{manifest: "secret-expiring.json"},
			[]appWant{{"app-secret-expiring", "passwordCredentials[0].endDateTime", "manifest", `"endDateTime"`, Warning}}},
		{"secret lifetime", appCase{manifest: "secret-lifetime.json"},
			[]appWant{{"app-secret-lifetime", "passwordCredentials[0].endDateTime", "manifest", `"endDateTime"`, Warning}}},
		{"secret is key id", appCase{manifest: "entra-guide.json", over: map[string]string{"oidcClientSecret": `"5C1E2D3F-6A7B-4C8D-9E0F-A1B2C3D4E5F6"`}},
			[]appWant{{"app-secret-is-key-id", "oidcClientSecret", "settings", `"oidcClientSecret"`, Error}}},
		{"secret rotated", appCase{manifest: "secret-rotated.json"},
			[]appWant{{"app-secret-hint-mismatch", "oidcClientSecret", "settings", `"oidcClientSecret"`, Error}}},
		{"single tenant behind common", appCase{manifest: "entra-guide.json", over: map[string]string{
			"oidcAuthorizationEndpoint": `"https://login.microsoftonline.com/common/oauth2/v2.0/authorize"`,
			"oidcTokenEndpoint":         `"https://login.microsoftonline.com/organizations/oauth2/v2.0/token"`}},
			[]appWant{
				{"app-single-tenant-common", "oidcAuthorizationEndpoint", "settings", `"oidcAuthorizationEndpoint"`, Error},
				{"app-single-tenant-common", "oidcTokenEndpoint", "settings", `"oidcTokenEndpoint"`, Error},
			}},
		{"multi tenant, tenant endpoints", appCase{manifest: "multi-tenant.json"},
			[]appWant{{"app-multi-tenant-exposure", "signInAudience", "manifest", `"signInAudience"`, Warning}}},
		{"multi tenant, common endpoints, create user", appCase{manifest: "multi-tenant.json", over: map[string]string{
			"oidcUsernameClaim": `"oid"`, "oidcCreateUser": "true",
			"oidcAuthorizationEndpoint": `"https://login.microsoftonline.com/common/oauth2/v2.0/authorize"`,
			"oidcTokenEndpoint":         `"https://login.microsoftonline.com/common/oauth2/v2.0/token"`}},
			[]appWant{{"app-multi-tenant-exposure", "signInAudience", "manifest", `"signInAudience"`, Error}}},
		{"username claim upn without optional claim", appCase{manifest: "entra-guide.json", over: map[string]string{"oidcUsernameClaim": `"upn"`}},
			[]appWant{{"app-optional-claim-missing", "optionalClaims.idToken", "manifest", "\"idToken\": [\n", Error}}},
		{"sync without name claims", appCase{manifest: "no-optional-claims.json", over: map[string]string{"oidcSync": "true", "oidcScopes": `["profile"]`}},
			[]appWant{{"app-optional-claim-missing", "optionalClaims.idToken", "manifest", `"idToken": []`, Warning}}},
		{"group claim without groupMembershipClaims", appCase{manifest: "entra-guide.json", over: map[string]string{"oidcGroupClaim": `"groups"`}},
			[]appWant{{"app-group-claims-missing", "groupMembershipClaims", "manifest", `"groupMembershipClaims"`, Error}}},
		{"team sync with All groups", appCase{manifest: "groups-all.json", over: map[string]string{"oidcSyncTeams": "true"}},
			[]appWant{{"app-group-overage", "groupMembershipClaims", "manifest", `"groupMembershipClaims"`, Warning}}},
		{"team mapping by name while IDs are emitted", appCase{manifest: "groups-application.json", over: map[string]string{
			"oidcGroupClaim": `"groups"`, "oidcSyncTeams": "true", "oidcTeamsIds": `["t1", "t2"]`,
			"oidcTeamsColumns": `{"t1": {"group": "Sales"}, "t2": {"group": "0b6d4f2e-1c3a-4e5f-9a8b-7c6d5e4f3a2b"}}`,
			"oidcTeamsNames":   `{"t1": "Sales team", "t2": "Support"}`}},
			[]appWant{{"app-group-values-format", "oidcTeamsColumns", "settings", `"oidcTeamsColumns"`, Warning}}},
		{"team mapping by ID while names are emitted", appCase{manifest: "groups-names.json", over: map[string]string{
			"oidcGroupClaim": `"groups"`, "oidcTeamsIds": `["t2"]`,
			"oidcTeamsColumns": `{"t2": {"group": "0b6d4f2e-1c3a-4e5f-9a8b-7c6d5e4f3a2b"}}`}},
			[]appWant{{"app-group-values-format", "oidcTeamsColumns", "settings", `"oidcTeamsColumns"`, Warning}}},
		{"implicit id tokens", appCase{manifest: "implicit-id-token.json"},
			[]appWant{{"app-implicit-id-token", "web.implicitGrantSettings.enableIdTokenIssuance", "manifest", `"enableIdTokenIssuance": true`, Info}}},
		{"logout redirect unregistered", appCase{manifest: "entra-guide.json", over: map[string]string{
			"oidcLogoutUrl": `"https://login.microsoftonline.com/` + appTenant + `/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}%2Fsigned-out"`}},
			[]appWant{{"app-logout-redirect-unregistered", "oidcLogoutUrl", "settings", `"oidcLogoutUrl"`, Warning}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, sb := tc.c.run(t)
			mb, err := os.ReadFile(filepath.Join(appManifestDir, tc.c.manifest))
			if err != nil {
				t.Fatal(err)
			}
			mpath := filepath.Join(appManifestDir, tc.c.manifest)
			if len(got) != len(tc.want) {
				t.Errorf("got %d findings, want %d:", len(got), len(tc.want))
				for _, f := range got {
					t.Errorf("  %s %s %s %s:%d %s", f.Name, f.Severity, f.Key, f.File, f.Line, f.Message)
				}
				return
			}
			for i, w := range tc.want {
				f := got[i]
				file, line := mpath, appLine(mb, w.needle)
				if w.in == "settings" {
					file, line = appSettingsNm, appLine(sb, w.needle)
				}
				if line == 0 {
					t.Fatalf("needle %q not found in %s", w.needle, file)
				}
				r := Lookup(w.rule)
				if r == nil {
					t.Fatalf("no rule %s", w.rule)
				}
				if f.Rule != r.ID || f.Name != w.rule || f.Key != w.key || f.File != file || f.Line != line || f.Severity != w.sev {
					t.Errorf("finding %d: got %s %s %s %s:%d:%d %s\n  want %s %s %s %s:%d %s\n  message: %s", i, f.Rule, f.Name, f.Key, f.File, f.Line, f.Column, f.Severity,
						r.ID, w.rule, w.key, file, line, w.sev, f.Message)
				}
				if f.Message == "" || f.Fix == "" || f.Column < 1 {
					t.Errorf("finding %d lacks message, fix or column: %+v", i, f)
				}
			}
		})
	}
}

// TestEntraAppRulesQuiet: the guide-following instance with its manifest in
// both formats, and near misses of every rule, report nothing.
func TestEntraAppRulesQuiet(t *testing.T) {
	for _, mf := range []string{"entra-guide.json", "legacy-entra-guide.json"} {
		s, err := espo.Load("../testdata/instances/entra-guide", nil)
		if err != nil {
			t.Fatal(err)
		}
		m, err := entra.LoadManifest(filepath.Join(appManifestDir, mf))
		if err != nil {
			t.Fatal(err)
		}
		res := Run(&Input{Instance: "entra-guide", Settings: s, Manifest: m, Options: DefaultOptions(), Now: appNow}, nil)
		ran := 0
		for _, id := range res.Ran {
			if Lookup(id).Set == "entra-app" {
				ran++
			}
		}
		if ran != appRuleCount() {
			t.Errorf("%s: %d entra-app rules ran, want all %d; skipped: %+v", mf, ran, appRuleCount(), res.Skipped)
		}
		for _, f := range res.Findings {
			if Lookup(f.Rule).Set == "entra-app" {
				t.Errorf("%s: unexpected %s %s %s:%d %s", mf, f.Name, f.Key, f.File, f.Line, f.Message)
			}
		}
	}
	window := DefaultOptions()
	window.SecretExpiryWindow = 5 * 24 * time.Hour
	quiet := []struct {
		name string
		c    appCase
	}{
		{"used secret is the valid newer one", appCase{manifest: "secret-old-expired.json", over: map[string]string{"oidcClientSecret": `"Xy9-newer-secret-value"`}}},
		{"expiry outside a 5-day window", appCase{manifest: "secret-expiring.json", opts: &window}},
		{"multi tenant with oid and no user creation", appCase{manifest: "multi-tenant.json", over: map[string]string{"oidcUsernameClaim": `"oid"`}}},
		{"sync with the guide's optional claims", appCase{manifest: "entra-guide.json", over: map[string]string{"oidcSync": "true", "oidcUsernameClaim": `"email"`}}},
		{"sync through the userinfo endpoint", appCase{manifest: "no-optional-claims.json", over: map[string]string{"oidcSync": "true", "oidcUserInfoEndpoint": `"https://graph.microsoft.com/oidc/userinfo"`}}},
		{"upn on v1 endpoints", appCase{manifest: "no-optional-claims.json", over: map[string]string{"oidcUsernameClaim": `"upn"`,
			"oidcAuthorizationEndpoint": `"https://login.microsoftonline.com/` + appTenant + `/oauth2/authorize"`,
			"oidcTokenEndpoint":         `"https://login.microsoftonline.com/` + appTenant + `/oauth2/token"`}}},
		{"group claim with ApplicationGroup and ID mapping", appCase{manifest: "groups-application.json", over: map[string]string{
			"oidcGroupClaim": `"groups"`, "oidcSyncTeams": "true", "oidcTeamsIds": `["t2"]`,
			"oidcTeamsColumns": `{"t2": {"group": "0b6d4f2e-1c3a-4e5f-9a8b-7c6d5e4f3a2b"}}`}}},
		{"name mapping with cloud_displayname", appCase{manifest: "groups-names.json", over: map[string]string{
			"oidcGroupClaim": `"groups"`, "oidcTeamsIds": `["t1"]`, "oidcTeamsColumns": `{"t1": {"group": "Sales"}}`}}},
		{"roles as group claim", appCase{manifest: "entra-guide.json", over: map[string]string{"oidcGroupClaim": `"roles"`, "oidcSyncTeams": "true"}}},
		{"no logout url", appCase{manifest: "entra-guide.json", over: map[string]string{"oidcLogoutUrl": ""}}},
		{"localhost over http", appCase{manifest: "entra-guide.json", over: map[string]string{"siteUrl": `"https://crm.example.com/"`}}},
		{"no site url (core rule's business)", appCase{manifest: "redirect-spa.json", over: map[string]string{"siteUrl": ""}}},
	}
	for _, q := range quiet {
		t.Run(q.name, func(t *testing.T) {
			got, _ := q.c.run(t)
			for _, f := range got {
				t.Errorf("unexpected %s %s %s:%d %s", f.Name, f.Key, f.File, f.Line, f.Message)
			}
		})
	}
}

func appRuleCount() int {
	n := 0
	for _, r := range All() {
		if r.Set == "entra-app" {
			n++
		}
	}
	return n
}

// TestEntraAppSkippedWithoutManifest: no manifest means skipped, not passed.
func TestEntraAppSkippedWithoutManifest(t *testing.T) {
	s, err := espo.FromBytes(appSettingsNm, appSettings(nil))
	if err != nil {
		t.Fatal(err)
	}
	res := Run(&Input{Instance: appSettingsNm, Settings: s, Options: DefaultOptions(), Now: appNow}, nil)
	skipped := 0
	for _, sk := range res.Skipped {
		if Lookup(sk.Rule).Set != "entra-app" {
			continue
		}
		skipped++
		if !strings.HasPrefix(sk.Reason, "no manifest (") || sk.NotApplicable {
			t.Errorf("%s skipped for %q (notApplicable %v)", sk.Name, sk.Reason, sk.NotApplicable)
		}
	}
	if skipped != appRuleCount() || appRuleCount() < 18 {
		t.Errorf("%d of %d entra-app rules skipped", skipped, appRuleCount())
	}
	for _, id := range res.Ran {
		if Lookup(id).Set == "entra-app" {
			t.Errorf("%s ran without a manifest", id)
		}
	}
}

// TestEntraAppCatalog: every reserved name exists with docs and references.
func TestEntraAppCatalog(t *testing.T) {
	reserved := []string{"app-client-id-mismatch", "app-redirect-uri-unregistered", "app-redirect-uri-spa", "app-redirect-uri-public-client",
		"app-redirect-uri-invalid", "app-graph-permissions-missing", "app-no-secret", "app-secret-expired", "app-secret-expiring",
		"app-secret-is-key-id", "app-secret-hint-mismatch", "app-single-tenant-common", "app-multi-tenant-exposure",
		"app-optional-claim-missing", "app-group-claims-missing", "app-group-overage", "app-implicit-id-token", "app-logout-redirect-unregistered"}
	for _, n := range reserved {
		r := Lookup(n)
		if r == nil {
			t.Errorf("rule %s missing", n)
			continue
		}
		if r.Set != "entra-app" || !strings.HasPrefix(r.ID, "EO30") || r.Documentation().Why == "" || r.Documentation().FixEntra == "" || len(r.Documentation().Refs) == 0 || r.Needs[0] != NeedManifest {
			t.Errorf("rule %s %s: incomplete %+v", r.ID, n, r)
		}
	}
}

// TestEntraAppNeverPrintsSecret: a canary secret, configured in EspoCRM and
// also sitting in the manifest as a keyId, never appears in any output.
func TestEntraAppNeverPrintsSecret(t *testing.T) {
	manifest := []byte(`{"appId": "11111111-2222-3333-4444-555555555555", "displayName": "x", "signInAudience": "AzureADMultipleOrgs",
"web": {"redirectUris": ["http://crm.example.com/x"]},
"passwordCredentials": [
 {"displayName": "a", "keyId": "` + appCanary + `", "hint": "CAN", "endDateTime": "2026-01-01T00:00:00Z"},
 {"displayName": "b", "keyId": "k2", "hint": "Zz1", "startDateTime": "2026-11-01T00:00:00Z", "endDateTime": "2026-12-01T00:00:00Z"}]}`)
	secrets := []string{appCanary, "CANxx" + appCanary, "Zz1" + appCanary, "q" + appCanary}
	for _, secret := range secrets {
		s, err := espo.FromBytes(appSettingsNm, appSettings(map[string]string{"oidcClientSecret": strconvQuote(secret)}))
		if err != nil {
			t.Fatal(err)
		}
		m, err := entra.ParseManifest("manifest.json", manifest)
		if err != nil {
			t.Fatal(err)
		}
		res := Run(&Input{Instance: appSettingsNm, Settings: s, Manifest: m, Options: DefaultOptions(), Now: appNow}, nil)
		if len(res.Findings) == 0 {
			t.Fatal("no findings: the canary test proves nothing")
		}
		out, _ := json.Marshal(res)
		leaks := []string{secret, "CANARY", "Secret~Value"}
		for _, l := range leaks {
			for _, f := range res.Findings {
				if strings.Contains(f.Message+f.Fix+f.Key, l) {
					t.Errorf("secret %q: %s leaks %q: %s / %s", secret, f.Name, l, f.Message, f.Fix)
				}
			}
		}
		if strings.Contains(string(out), secret) {
			t.Errorf("secret %q appears in the JSON result", secret)
		}
	}
	// The rules that compare the secret did fire in these runs.
	s, _ := espo.FromBytes(appSettingsNm, appSettings(map[string]string{"oidcClientSecret": strconvQuote(appCanary)}))
	m, _ := entra.ParseManifest("manifest.json", manifest)
	res := Run(&Input{Instance: appSettingsNm, Settings: s, Manifest: m, Options: DefaultOptions(), Now: appNow}, nil)
	fired := map[string]bool{}
	for _, f := range res.Findings {
		fired[f.Name] = true
	}
	for _, n := range []string{"app-secret-is-key-id", "app-secret-expiring", "app-multi-tenant-exposure", "app-redirect-uri-invalid"} {
		if !fired[n] {
			t.Errorf("%s did not fire in the canary run", n)
		}
	}
}

func BenchmarkEntraAppRules(b *testing.B) {
	s, err := espo.FromBytes(appSettingsNm, appSettings(nil))
	if err != nil {
		b.Fatal(err)
	}
	m, err := entra.LoadManifest(filepath.Join(appManifestDir, "typical-mistakes.json"))
	if err != nil {
		b.Fatal(err)
	}
	var set []*Rule
	for _, r := range All() {
		if r.Set == "entra-app" {
			set = append(set, r)
		}
	}
	in := &Input{Instance: appSettingsNm, Settings: s, Manifest: m, Options: DefaultOptions(), Now: appNow}
	for b.Loop() {
		for _, r := range set {
			r.Check(&Pass{Input: in, Rule: r})
		}
	}
}

func TestAppNearMiss(t *testing.T) {
	m, err := entra.ParseManifest("m.json", []byte(`{"appId": "a", "web": {"redirectUris": [
"https://crm.example.com/oauth-callback.php/", "HTTP://CRM.example.com/oauth-callback.php", "https://other.example.com/oauth-callback.php"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"https://crm.example.com/oauth-callback.php":   "https://crm.example.com/oauth-callback.php/ (web) is registered at m.json:2:1 and differs in a trailing slash",
		"http://crm.example.com/oauth-callback.php/":   "https://crm.example.com/oauth-callback.php/ (web) is registered at m.json:2:1 and differs in http vs https",
		"https://crm.example.com/Oauth-callback.php/":  "differs in letter case",
		"https://third.example.com/oauth-callback.php": "",
	}
	for want, sub := range cases {
		got := appNearMiss(m, want)
		if sub == "" && got != "" || sub != "" && !strings.Contains(got, sub) {
			t.Errorf("appNearMiss(%s) = %q, want it to contain %q", want, got, sub)
		}
		if strings.Contains(got, "letter case") && !strings.Contains(sub, "letter case") {
			t.Errorf("appNearMiss(%s) = %q claims a case difference", want, got)
		}
	}
}

// FuzzEntraAppRules: any manifest ParseManifest accepts runs through the
// entra-app rules without a panic, every finding is located, and the
// configured (canary) secret never appears.
func FuzzEntraAppRules(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(appManifestDir, "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b, true)
		}
	}
	f.Add([]byte(`{"appId":"x","passwordCredentials":[{"keyId":"`+appCanary+`","hint":"CAN","endDateTime":"2026-12-01"}],"web":{"redirectUris":["http://[::1]/x*"]}}`), false)
	secret := "CANzz" + appCanary
	settings, err := espo.FromBytes(appSettingsNm, appSettings(map[string]string{
		"oidcClientSecret": strconvQuote(secret), "oidcSync": "true", "oidcGroupClaim": `"groups"`, "oidcSyncTeams": "true",
		"oidcTeamsIds": `["t1"]`, "oidcTeamsColumns": `{"t1": {"group": "Sales"}}`, "oidcUsernameClaim": `"upn"`, "oidcCreateUser": "true",
		"oidcAuthorizationEndpoint": `"https://login.microsoftonline.com/common/oauth2/v2.0/authorize"`}))
	if err != nil {
		f.Fatal(err)
	}
	pol := &Policy{}
	for _, r := range All() {
		if r.Set != "entra-app" {
			pol.Disable = append(pol.Disable, r.ID)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte, withSettings bool) {
		m, err := entra.ParseManifest("fuzz.json", b)
		if err != nil {
			return
		}
		in := &Input{Instance: appSettingsNm, Manifest: m, Options: DefaultOptions(), Now: appNow}
		if withSettings {
			in.Settings = settings
		}
		res := Run(in, pol)
		for _, fd := range res.Findings {
			if fd.File == "" || fd.Line < 1 || fd.Column < 1 || fd.Message == "" {
				t.Fatalf("finding without location or message: %+v", fd)
			}
			if strings.Contains(fd.Message+fd.Fix, secret) || strings.Contains(fd.Message+fd.Fix, "zz"+appCanary) {
				t.Fatalf("secret leaked by %s: %s", fd.Name, fd.Message)
			}
		}
	})
}
