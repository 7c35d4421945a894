package entra

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const manifestDir = "../testdata/manifests"

func loadTestManifest(t *testing.T, name string) *Manifest {
	t.Helper()
	m, err := LoadManifest(filepath.Join(manifestDir, name))
	if err != nil {
		t.Fatalf("LoadManifest(%s): %v", name, err)
	}
	return m
}

// lineOf returns the 1-based line of the first occurrence of needle in the file.
func lineOf(t *testing.T, name, needle string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(manifestDir, name))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte(needle))
	if i < 0 {
		t.Fatalf("%s: %q not found", name, needle)
	}
	return bytes.Count(b[:i], []byte("\n")) + 1
}

func TestParseGraphManifest(t *testing.T) {
	m := loadTestManifest(t, "entra-guide.json")
	path := filepath.Join(manifestDir, "entra-guide.json")
	if m.Format != FormatGraph {
		t.Errorf("format %s, want %s", m.Format, FormatGraph)
	}
	if m.AppID.Value != "11111111-2222-3333-4444-555555555555" || m.AppID.Loc.Pos.Line != 4 || m.AppID.Loc.Pos.Column != 2 || m.AppID.Loc.Pos.File != path {
		t.Errorf("appId %+v", m.AppID)
	}
	if m.DisplayName.Value != "EspoCRM" || m.SignInAudience.Value != AudienceMyOrg {
		t.Errorf("displayName %q signInAudience %q", m.DisplayName.Value, m.SignInAudience.Value)
	}
	if len(m.RedirectURIs) != 2 {
		t.Fatalf("redirect URIs %+v", m.RedirectURIs)
	}
	r := m.RedirectURIs[0]
	if r.URI != "https://crm.example.com/oauth-callback.php" || r.Platform != PlatformWeb || r.Loc.Key != "web.redirectUris[0]" ||
		r.Loc.Pos.Line != lineOf(t, "entra-guide.json", `"https://crm.example.com/oauth-callback.php",`) || r.Loc.Pos.Column != 4 {
		t.Errorf("redirect %+v", r)
	}
	if m.RedirectLoc.Key != "web.redirectUris" || m.RedirectLoc.Pos.Line != lineOf(t, "entra-guide.json", `"redirectUris": [`+"\n\t\t\t\"https") {
		t.Errorf("redirect loc %+v", m.RedirectLoc)
	}
	if len(m.PasswordCredentials) != 1 {
		t.Fatalf("credentials %+v", m.PasswordCredentials)
	}
	c := m.PasswordCredentials[0]
	wantEnd := time.Date(2028, 1, 15, 9, 20, 11, 417e6, time.UTC)
	if c.Hint != "abc" || c.KeyID != "5c1e2d3f-6a7b-4c8d-9e0f-a1b2c3d4e5f6" || c.DisplayName != "EspoCRM login" || !c.End.Equal(wantEnd) ||
		c.EndLoc.Key != "passwordCredentials[0].endDateTime" || c.EndLoc.Pos.Line != lineOf(t, "entra-guide.json", `"endDateTime"`) {
		t.Errorf("credential %+v", c)
	}
	if len(m.Permissions) != 4 || m.Permissions[0].ResourceAppID != GraphAppID || m.Permissions[0].Type != PermissionDelegated ||
		GraphPermissionName(m.Permissions[0].ID) != "email" {
		t.Errorf("permissions %+v", m.Permissions)
	}
	if m.IDTokenClaim("email") == nil || m.IDTokenClaim("upn") != nil || m.OptionalClaimsLoc.Key != "optionalClaims.idToken" {
		t.Errorf("optional claims %+v", m.OptionalClaims)
	}
	if !m.ImplicitIDToken.Set || m.ImplicitIDToken.Value || m.ImplicitIDToken.Loc.Key != "web.implicitGrantSettings.enableIdTokenIssuance" {
		t.Errorf("implicit %+v", m.ImplicitIDToken)
	}
	if m.GroupMembershipClaims.Set || m.FallbackPublic.Set {
		t.Errorf("null fields must read as unset: %+v %+v", m.GroupMembershipClaims, m.FallbackPublic)
	}
	if !m.AccessTokenVersion.Set || m.AccessTokenVersion.Value != 2 {
		t.Errorf("token version %+v", m.AccessTokenVersion)
	}
}

func TestParseLegacyManifest(t *testing.T) {
	m := loadTestManifest(t, "legacy-entra-guide.json")
	if m.Format != FormatAADGraph {
		t.Errorf("format %s", m.Format)
	}
	if m.DisplayName.Value != "EspoCRM" || m.AppID.Value != "11111111-2222-3333-4444-555555555555" {
		t.Errorf("name %q appId %q", m.DisplayName.Value, m.AppID.Value)
	}
	if len(m.RedirectURIs) != 2 || m.RedirectURIs[0].Platform != PlatformWeb || m.RedirectURIs[0].Loc.Key != "replyUrlsWithType[0].url" ||
		m.RedirectURIs[0].Loc.Pos.Line != lineOf(t, "legacy-entra-guide.json", `"url": "https://crm.example.com/oauth-callback.php"`) {
		t.Errorf("redirects %+v", m.RedirectURIs)
	}
	if m.RedirectLoc.Key != "replyUrlsWithType" {
		t.Errorf("redirect loc %+v", m.RedirectLoc)
	}
	c := m.PasswordCredentials[0]
	if c.End.IsZero() || c.EndLoc.Key != "passwordCredentials[0].endDate" || c.Hint != "abc" {
		t.Errorf("credential %+v", c)
	}
	if !m.ImplicitIDToken.Set || m.ImplicitIDToken.Loc.Key != "oauth2AllowIdTokenImplicitFlow" {
		t.Errorf("implicit %+v", m.ImplicitIDToken)
	}
	if m.AccessTokenVersion.Loc.Key != "accessTokenAcceptedVersion" || m.AccessTokenVersion.Value != 2 {
		t.Errorf("token version %+v", m.AccessTokenVersion)
	}

	pc := loadTestManifest(t, "legacy-redirect-public-client.json")
	if pc.RedirectURIs[0].Platform != PlatformPublic || !pc.FallbackPublic.Value || pc.FallbackPublic.Loc.Key != "allowPublicClient" {
		t.Errorf("public client %+v %+v", pc.RedirectURIs, pc.FallbackPublic)
	}
}

func TestParseManifestVariants(t *testing.T) {
	// Very old legacy: availableToOtherTenants, replyUrls, no hints.
	m, err := ParseManifest("old.json", []byte(`{"appId":"a","availableToOtherTenants":true,"replyUrls":["https://x/oauth-callback.php"],
"passwordCredentials":[{"customKeyIdentifier":null,"endDate":"2018-10-19T17:59:59.6521653Z","keyId":"k","startDate":"2016-10-19T17:59:59.6521653Z","value":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if m.SignInAudience.Value != AudienceMultipleOrgs || m.SignInAudience.Loc.Key != "availableToOtherTenants" || m.Format != FormatAADGraph {
		t.Errorf("audience %+v format %s", m.SignInAudience, m.Format)
	}
	if len(m.RedirectURIs) != 1 || m.RedirectURIs[0].Loc.Key != "replyUrls[0]" || m.PasswordCredentials[0].End.Year() != 2018 {
		t.Errorf("%+v %+v", m.RedirectURIs, m.PasswordCredentials)
	}
	// A BOM: positions count its bytes; line 2 is unaffected.
	m, err = ParseManifest("bom.json", []byte("\xEF\xBB\xBF{\"appId\": \"x\",\n\"signInAudience\": \"AzureADMyOrg\"}"))
	if err != nil {
		t.Fatal(err)
	}
	if m.AppID.Loc.Pos.Column != 5 || m.SignInAudience.Loc.Pos.Line != 2 || m.SignInAudience.Loc.Pos.Column != 1 {
		t.Errorf("BOM positions %+v %+v", m.AppID.Loc.Pos, m.SignInAudience.Loc.Pos)
	}
	// Absent sections point at the root object.
	if m.RedirectLoc.Pos.Line != 1 || !m.RedirectLoc.Absent || m.PasswordLoc.Key != "passwordCredentials" {
		t.Errorf("absent locs %+v %+v", m.RedirectLoc, m.PasswordLoc)
	}
}

func TestParseManifestErrors(t *testing.T) {
	huge := append([]byte(`{"appId":"`), bytes.Repeat([]byte("a"), MaxManifestSize)...)
	cases := []struct {
		name, in string
		want     string // in the message
		line     int
	}{
		{"empty", "  \n", "the file is empty", 0},
		{"garbage", "hello", "not JSON; expected an Entra app manifest", 1},
		{"php", "<?php return [];", "a PHP file", 1},
		{"list", `[{"appId":"x"}]`, "a JSON list", 1},
		{"truncated", "{\n\"appId\": \"x\",\n\"web\": {", "not valid JSON", 3},
		{"other shape", "{\n  \"authenticationMethod\": \"Oidc\"\n}", "another shape", 1},
		{"binary", "{\x00}", "binary data", 0},
		{"web not object", "{\"appId\":\"x\",\n\"web\": \"https://x\"}", "web: expected a JSON object, got a string", 2},
		{"redirect not string", "{\"appId\":\"x\",\"web\":{\"redirectUris\":[\n42]}}", "web.redirectUris[0]: expected a string", 2},
		{"redirects not list", "{\"appId\":\"x\",\"web\":{\"redirectUris\":{\"a\":1}}}", "web.redirectUris: expected a JSON list, got an object", 1},
		{"appId number", "{\n\"appId\": 7}", "appId: expected a string, got a number", 2},
		{"bad date", "{\"appId\":\"x\",\"passwordCredentials\":[{\n\"endDateTime\": \"next tuesday\"}]}", "passwordCredentials[0].endDateTime: not a date", 2},
		{"credential not object", "{\"appId\":\"x\",\"passwordCredentials\":[\"s3cr3t\"]}", "passwordCredentials[0]: expected an object", 1},
		{"bool wrong", "{\"appId\":\"x\",\"isFallbackPublicClient\":\"yes\"}", "isFallbackPublicClient: expected true or false", 1},
		{"version wrong", "{\"appId\":\"x\",\"api\":{\"requestedAccessTokenVersion\":\"2\"}}", "api.requestedAccessTokenVersion: expected 1, 2 or null", 1},
		{"reply no url", "{\"appId\":\"x\",\"replyUrlsWithType\":[{\"type\":\"Web\"}]}", "replyUrlsWithType[0]: no url", 1},
		{"huge", string(huge), "larger than 16 MiB", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := ParseManifest("app.json", []byte(c.in))
			if err == nil {
				t.Fatalf("no error, manifest %+v", m)
			}
			var me *ManifestError
			if !errors.As(err, &me) {
				t.Fatalf("error %T %v is not a *ManifestError", err, err)
			}
			if !strings.HasPrefix(err.Error(), "app.json") || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q: want file name and %q", err, c.want)
			}
			if me.Pos.Line != c.line {
				t.Errorf("error %q: line %d, want %d", err, me.Pos.Line, c.line)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error quotes a value: %q", err)
			}
		})
	}
	if _, err := LoadManifest(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "missing.json") {
		t.Errorf("missing file: %v", err)
	}
}

// TestTestdataManifestsParse keeps every manifest fixture loadable.
func TestTestdataManifestsParse(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(manifestDir, "*.json"))
	if len(files) < 15 {
		t.Fatalf("only %d manifest fixtures", len(files))
	}
	for _, f := range files {
		if _, err := LoadManifest(f); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func FuzzParseManifest(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(manifestDir, "*.json"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"appId":"x","web":{"redirectUris":[1]}}`))
	f.Add([]byte(`{"replyUrlsWithType":[{"url":"u","type":"Spa"}],"passwordCredentials":[{"endDate":"2018-10-19T17:59:59.6521653Z"}]}`))
	f.Add([]byte("\xEF\xBB\xBF{\"appId\":null,\"optionalClaims\":{\"idToken\":[{\"name\":\"groups\",\"additionalProperties\":[\"x\"]}]}}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest("fuzz.json", b)
		if err != nil {
			var me *ManifestError
			if !errors.As(err, &me) || !strings.HasPrefix(err.Error(), "fuzz.json") {
				t.Fatalf("bad error %T %q", err, err)
			}
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("panic recovered: %v", err)
			}
			return
		}
		if m.Root == nil || m.Path != "fuzz.json" {
			t.Fatalf("manifest without root")
		}
		for _, r := range m.RedirectURIs {
			if r.Loc.Pos.Line < 1 || r.Loc.Key == "" {
				t.Fatalf("redirect without position: %+v", r)
			}
		}
	})
}

func BenchmarkParseManifest(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(manifestDir, "entra-guide.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseManifest("m.json", data); err != nil {
			b.Fatal(err)
		}
	}
}
