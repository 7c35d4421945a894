package report

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/espo-oidc/espo-oidc/internal/sarifschema"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/lit"
	"github.com/espo-oidc/espo-oidc/logs"
	"github.com/espo-oidc/espo-oidc/probe"
	"github.com/espo-oidc/espo-oidc/rules"
)

var update = flag.Bool("update", false, "rewrite golden files and docs/rules.md")

// Canary secrets: none of them may appear in any output.
const (
	canaryClientSecret = "CANARYclientSecret~8Q~aZ9xLmN0pQ"
	canaryDBPassword   = "CANARYdbPassw0rd!x7"
	canaryAPIKey       = "c0ffee00c0ffee00c0ffee00c0ffee00"
	canaryAPISecret    = "CANARYapiSecretValue42"
	canarySalt         = "CANARYpasswordSaltZZ"
	canaryCryptKey     = "CANARYcryptKey0123456789abcdef"
	canarySMTP         = "CANARYsmtpPasswordQQ"
	canaryNonce        = "CANARYnonceValue77"
)

var canaries = []string{canaryClientSecret, canaryDBPassword, canaryAPIKey, canaryAPISecret, canarySalt, canaryCryptKey, canarySMTP, canaryNonce}

// Test rules, outside the catalog: the goldens must not change when the
// real catalog grows.
var testRules = []*rules.Rule{
	{ID: "EO8701", Name: "test-admin-lockout", Set: "core", Severity: rules.Error, Security: true,
		Summary: "Admins | cannot log in", Doc: rules.Doc{Why: "Why text.", FixEspo: "Set it.", Refs: []string{"espocrm-oidc.md §5"}}},
	{ID: "EO8702", Name: "test-pkce-off", Set: "core", Severity: rules.Warning, Summary: "PKCE is off"},
	{ID: "EO8703", Name: "test-entra-generic", Set: "entra", Provider: "entra", Severity: rules.Info, Summary: "Generic tenant"},
	{ID: "EO8704", Name: "test-app-secret", Set: "entra-app", Provider: "entra", Severity: rules.Warning, Summary: "Secret expiring", Needs: []rules.Need{rules.NeedManifest}},
}

func str(s string, line int, file string) *lit.Value {
	return &lit.Value{Kind: lit.String, Str: s, Pos: lit.Pos{File: file, Line: line, Column: 20}}
}

func entry(key string, v *lit.Value) lit.Entry {
	return lit.Entry{Key: key, KeyPos: lit.Pos{File: v.Pos.File, Line: v.Pos.Line, Column: 5}, Value: v}
}

func assoc(file string, line int, es ...lit.Entry) *lit.Value {
	return &lit.Value{Kind: lit.Array, Entries: es, Pos: lit.Pos{File: file, Line: line, Column: 1}}
}

// fixtureSettings builds an instance's settings as the loader would, so this
// package's tests do not depend on the PHP parser.
func fixtureSettings() *espo.Settings {
	cfg := "testdata/instance/data/config.php"
	internal := "testdata/instance/data/config-internal.php"
	s := &espo.Settings{Instance: "testdata/instance", DataDir: "testdata/instance/data", Values: map[string]*espo.Setting{}}
	src1 := &espo.Source{Path: cfg, Role: espo.RoleConfig, Root: assoc(cfg, 2,
		entry("authenticationMethod", str("Oidc", 3, cfg)),
		entry("siteUrl", str("https://crm.example.com", 4, cfg)),
		entry("oidcClientId", str("11111111-2222-3333-4444-555555555555", 5, cfg)),
		entry("oidcAuthorizationEndpoint", str("https://login.microsoftonline.com/common/oauth2/v2.0/authorize", 6, cfg)),
		entry("oidcScopes", &lit.Value{Kind: lit.Array, Pos: lit.Pos{File: cfg, Line: 7, Column: 20}, Entries: []lit.Entry{
			{Key: "0", IntKey: true, Value: str("openid", 7, cfg)}, {Key: "1", IntKey: true, Value: str("profile|email", 7, cfg)}}}),
		entry("language", str("en_US", 8, cfg)),
		entry("version", str("9.1.2", 8, cfg)),
		entry("smtpPassword", str(canarySMTP, 9, cfg)),
	)}
	src2 := &espo.Source{Path: internal, Role: espo.RoleConfigInternal, Root: assoc(internal, 2,
		entry("oidcClientSecret", str(canaryClientSecret, 3, internal)),
		entry("database", assoc(internal, 4,
			entry("host", str("localhost", 5, internal)),
			entry("password", str(canaryDBPassword, 6, internal)))),
		entry("apiSecretKeys", assoc(internal, 7, entry(canaryAPIKey, str(canaryAPISecret, 8, internal)))),
		entry("passwordSalt", str(canarySalt, 9, internal)),
		entry("cryptKey", str(canaryCryptKey, 10, internal)),
		entry("logger", assoc(internal, 11, entry("level", str("WARNING", 12, internal)))),
	)}
	for _, src := range []*espo.Source{src1, src2} {
		s.Sources = append(s.Sources, src)
		for _, e := range src.Root.Entries {
			s.Values[e.Key] = &espo.Setting{Key: e.Key, Value: e.Value, Source: src, KeyPos: e.KeyPos}
			s.Order = append(s.Order, e.Key)
		}
	}
	return s
}

func fixtureReport() *Report {
	inst := "testdata/instance"
	cfg := "testdata/instance/data/config.php"
	res := &rules.Result{Instance: inst, Provider: "entra", Ran: []string{"EO8701", "EO8702", "EO8703"},
		Findings: []rules.Finding{
			{Rule: "EO8701", Name: "test-admin-lockout", Severity: rules.Error, Message: "Admins cannot log in: oidcAllowAdminUser is off and oidcFallback is off.",
				Key: "oidcAllowAdminUser", File: cfg, Line: 3, Column: 5, Fix: "Set 'oidcFallback' => true in data/config.php,\nor allow admins.", Instance: inst, Fingerprint: "a1b2c3d4e5f60718"},
			{Rule: "EO8702", Name: "test-pkce-off", Severity: rules.Warning, Message: "PKCE is off: 100% of logins, a,b:c", Key: "oidcAuthorizationPkce",
				File: cfg, Line: 2, Column: 1, Fix: "Set 'oidcAuthorizationPkce' => true.", Instance: inst, Fingerprint: "0102030405060708"},
			{Rule: "EO8703", Name: "test-entra-generic", Severity: rules.Info, Message: "The endpoints use the generic tenant <common>.", Key: "oidcAuthorizationEndpoint",
				File: cfg, Line: 6, Column: 5, Instance: inst, Fingerprint: "1112131415161718", Suppressed: "accepted: multi-tenant by design"},
		},
		Skipped: []rules.Skip{{Rule: "EO8704", Name: "test-app-secret", Reason: "skipped: no manifest (give the Entra app manifest with --app-manifest FILE)"}},
	}
	res2 := &rules.Result{Instance: "testdata/other", Provider: "unknown", Ran: []string{"EO8701"}}
	return &Report{
		Tool: "espo-oidc", Version: "1.2.3", Generated: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), Command: "lint",
		Results: []*rules.Result{res, res2},
		Inputs:  []*InstanceInput{{Instance: inst, Settings: fixtureSettings()}},
		Errors:  []ToolError{{Instance: "testdata/broken.php", Message: "testdata/broken.php:4:1: unexpected end of file"}},
		FailOn:  rules.Warning,
	}
}

// fixtureSupportReport adds a manifest and a probe run.
func fixtureSupportReport() *Report {
	r := fixtureReport()
	r.Errors = nil
	r.Command = "report"
	m := &entra.Manifest{Path: "testdata/manifest.json", Format: entra.FormatGraph}
	m.AppID = entra.StringField{Value: "11111111-2222-3333-4444-555555555555", Set: true}
	m.DisplayName = entra.StringField{Value: "EspoCRM <prod>", Set: true}
	m.SignInAudience = entra.StringField{Value: "AzureADMyOrg", Set: true}
	m.GroupMembershipClaims = entra.StringField{Value: "SecurityGroup", Set: true}
	m.RedirectURIs = []entra.RedirectURI{{URI: "https://crm.example.com/oauth-callback.php", Platform: entra.PlatformWeb}}
	m.PasswordCredentials = []entra.PasswordCredential{{DisplayName: "espo", KeyID: "9f0e1d2c-0000-4000-8000-000000000001",
		Hint: "CAN", End: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}}
	m.OptionalClaims = []entra.OptionalClaim{{Token: "idToken", Name: "upn"}}
	f := &probe.Facts{Started: time.Date(2026, 3, 4, 5, 6, 0, 0, time.UTC), Issuer: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0",
		Timeline: []probe.Step{
			{Step: "discovery", Method: "GET", URL: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration", Status: 200, MS: 120},
			{Step: "token", Method: "POST", URL: "https://login.microsoftonline.com/common/oauth2/v2.0/token", Status: 401, MS: 80, Error: "invalid_client AADSTS7000215"},
		},
		IDToken: map[string]any{"iss": "https://login.microsoftonline.com/x/v2.0", "nonce": canaryNonce, "groups": []any{"a", "b"}, "preferred_username": "ann@example.com", "xyz": 1},
		Notes:   []string{"no client secret known: the token request was not sent"},
		Espo:    &probe.Verdict{Validator: "espocrm", Accepted: false, Reasons: []string{"issuer mismatch"}},
	}
	r.Inputs[0].Manifest = m
	r.Inputs[0].Probe = f
	t1 := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	r.Logs = &logs.Analysis{Files: []logs.FileStat{{File: "testdata/logs/espo-2026-03-03.log"}}, Lines: 40, Records: 12, OIDCRecords: 3, Versions: []string{"8.3–9.3"},
		Summary: []logs.CauseSummary{{Cause: "the client secret is wrong", Code: "AADSTS7000215", Incidents: 1, Attempts: 3, First: t1, Last: t1.Add(time.Minute), Rules: []string{"probe-token-invalid-secret"}}},
		Incidents: []logs.Incident{{Cause: "the client secret is wrong", Code: "AADSTS7000215", Message: "OIDC: Token request error | <html>", First: t1, Last: t1.Add(time.Minute),
			Attempts: 3, FirstAt: logs.Location{File: "testdata/logs/espo-2026-03-03.log", Line: 17}, Fix: "Create a new client secret."}},
		Notes: []logs.Note{{Title: "Refusals are not logged.", Text: "At level WARNING EspoCRM does not log why a user was refused."}}}
	return r
}

func render(t *testing.T, format string, r *Report) []byte {
	t.Helper()
	old := catalog
	catalog = func() []*rules.Rule { return testRules }
	defer func() { catalog = old }()
	var b bytes.Buffer
	if err := Write(&b, format, r, Options{}); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return b.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./report -update and review the diff)\n--- got ---\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	for _, c := range []struct {
		format, file string
		rep          func() *Report
	}{
		{"sarif", "lint.sarif", fixtureReport},
		{"junit", "lint.junit.xml", fixtureReport},
		{"github", "lint.github.txt", fixtureReport},
		{"checkstyle", "lint.checkstyle.xml", fixtureReport},
		{"gitlab", "lint.gitlab.json", fixtureReport},
		{"markdown", "lint.md", fixtureReport},
		{"html", "lint.html", fixtureReport},
		{"markdown", "support.md", fixtureSupportReport},
		{"html", "support.html", fixtureSupportReport},
	} {
		t.Run(c.file, func(t *testing.T) { golden(t, c.file, render(t, c.format, c.rep())) })
	}
}

func TestNoSecretInAnyFormat(t *testing.T) {
	for _, format := range Formats() {
		for name, rep := range map[string]func() *Report{"lint": fixtureReport, "support": fixtureSupportReport} {
			out := render(t, format, rep())
			for _, c := range canaries {
				for _, enc := range []string{c, base64.StdEncoding.EncodeToString([]byte(c)), base64.URLEncoding.EncodeToString([]byte(c)),
					base64.RawStdEncoding.EncodeToString([]byte(c)), url.QueryEscape(c), url.PathEscape(c)} {
					if bytes.Contains(out, []byte(enc)) {
						t.Errorf("%s/%s: output contains the canary %q (as %q)", format, name, c, enc)
					}
				}
			}
		}
	}
}

func TestRedactNested(t *testing.T) {
	rows := RedactedSettings(fixtureSettings())
	got := map[string]RedactedSetting{}
	for _, r := range rows {
		got[r.Key] = r
	}
	db := got["database"]
	m, ok := db.Value.(map[string]any)
	if !ok || !db.Secret {
		t.Fatalf("database = %#v", db)
	}
	if m["password"] != espo.Fingerprint(canaryDBPassword) {
		t.Errorf("database.password = %v", m["password"])
	}
	api := got["apiSecretKeys"].Value.(map[string]any)
	for k, v := range api {
		if strings.Contains(k, canaryAPIKey) || v != espo.Fingerprint(canaryAPISecret) {
			t.Errorf("apiSecretKeys entry %q = %v", k, v)
		}
	}
	if got["language"].Value != "en_US" || got["language"].Secret {
		t.Errorf("language = %#v", got["language"])
	}
	if got["oidcClientSecret"].Value != espo.Fingerprint(canaryClientSecret) || got["oidcClientSecret"].File != "testdata/instance/data/config-internal.php" || got["oidcClientSecret"].Line != 3 {
		t.Errorf("oidcClientSecret = %#v", got["oidcClientSecret"])
	}
}

// officialSARIFSchema is where the official OASIS SARIF 2.1.0 schema is
// looked for: ESPO_OIDC_SARIF_SCHEMA, or the shared/ folder beside the
// checkout. It is not committed here (it is not the developers' to commit).
func officialSARIFSchema() string {
	for _, p := range []string{os.Getenv("ESPO_OIDC_SARIF_SCHEMA"), "../../shared/schemas/sarif-schema-2.1.0.json", "../../shared/reference/sarif-schema-2.1.0.json"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	schemas := []string{"testdata/sarif-2.1.0-emitted.schema.json"}
	if p := officialSARIFSchema(); p != "" {
		schemas = append(schemas, p)
	} else {
		t.Log("the official SARIF 2.1.0 schema is not beside the checkout (shared/schemas/sarif-schema-2.1.0.json): validating against ours only")
	}
	for _, path := range schemas {
		t.Run(path, func(t *testing.T) { validateSARIF(t, path) })
	}
}

func validateSARIF(t *testing.T, path string) {
	sch, err := sarifschema.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	validate := func(b []byte) error {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return err
		}
		return sch.Validate(inst)
	}
	out := render(t, "sarif", fixtureReport())
	if err := validate(out); err != nil {
		t.Fatalf("SARIF does not validate: %v", err)
	}
	// The real catalog too, with no findings.
	var b bytes.Buffer
	if err := Write(&b, "sarif", &Report{Version: "dev"}, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := validate(b.Bytes()); err != nil {
		t.Fatalf("SARIF with the real catalog does not validate: %v", err)
	}
	// The validation can fail: a region with startLine 0 is rejected.
	bad := bytes.Replace(out, []byte(`"startLine": 3`), []byte(`"startLine": 0`), 1)
	if bytes.Equal(bad, out) || validate(bad) == nil {
		t.Fatal("a startLine of 0 was not rejected")
	}
}

func TestSARIFContent(t *testing.T) {
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID         string
						Properties map[string]any
					}
				}
			}
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct{ Message struct{ Text string } }
			}
			Results []struct {
				RuleID       string
				RuleIndex    int
				Level        string
				Suppressions []struct{ Justification string }
				Locations    []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(render(t, "sarif", fixtureReport()), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 3 {
		t.Fatalf("results = %d (tool errors must not be results)", len(run.Results))
	}
	r0 := run.Results[0]
	if r0.RuleID != "EO8701" || r0.RuleIndex != 0 || r0.Level != "error" || r0.Locations[0].PhysicalLocation.ArtifactLocation.URI != "testdata/instance/data/config.php" ||
		r0.Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID != "%SRCROOT%" || r0.Locations[0].PhysicalLocation.Region.StartLine != 3 ||
		r0.PartialFingerprints["espoOidcFingerprint/v1"] != "a1b2c3d4e5f60718" {
		t.Errorf("result 0 = %+v", r0)
	}
	if r2 := run.Results[2]; r2.Level != "note" || len(r2.Suppressions) != 1 || r2.Suppressions[0].Justification != "accepted: multi-tenant by design" {
		t.Errorf("result 2 = %+v", r2)
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 {
		t.Errorf("invocation = %+v", inv)
	}
	if p := run.Tool.Driver.Rules[0].Properties; p["security-severity"] != "8.0" || len(p["tags"].([]any)) != 2 {
		t.Errorf("rule 0 properties = %v", p)
	}
	if p := run.Tool.Driver.Rules[1].Properties; p["security-severity"] != nil {
		t.Errorf("non-security rule has a security-severity: %v", p)
	}
}

func TestJUnitThreshold(t *testing.T) {
	for _, c := range []struct {
		failOn   rules.Severity
		failures int
	}{{rules.Error, 1}, {rules.Warning, 2}, {rules.Info, 2}, {rules.SeverityNone, 0}} {
		rep := fixtureReport()
		rep.FailOn = c.failOn
		var doc junitSuites
		if err := xml.Unmarshal(render(t, "junit", rep), &doc); err != nil {
			t.Fatal(err)
		}
		// 1 input error; instance 1: 3 rules ran + 1 skipped; instance 2: 1 rule.
		if doc.Failures != c.failures || doc.Errors != 1 || doc.Skipped != 1 || doc.Tests != 6 {
			t.Errorf("--fail-on %v: tests=%d failures=%d errors=%d skipped=%d", c.failOn, doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
		}
	}
}

func TestGitHubEscaping(t *testing.T) {
	out := string(render(t, "github", fixtureReport()))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 { // 1 input error + 2 unsuppressed findings
		t.Fatalf("lines = %q", lines)
	}
	want := "::warning file=testdata/instance/data/config.php,line=2,col=1,title=EO8702 test-pkce-off::PKCE is off: 100%25 of logins, a,b:c%0AFix: Set 'oidcAuthorizationPkce' => true."
	if lines[2] != want {
		t.Errorf("got  %s\nwant %s", lines[2], want)
	}
}

// externalRe matches what makes a browser fetch something. Links the
// reader may click (<a href>: rule documentation, the report's own anchors)
// fetch nothing.
var externalRe = regexp.MustCompile(`(?i)(<script|<link|<img|<iframe|<object|<embed|<base|<meta[^>]+http-equiv|@import|url\(|src\s*=)`)

var hrefRe, anchorHrefRe = regexp.MustCompile(`(?i)\bhref\s*=`), regexp.MustCompile(`(?i)<a\s[^>]*\bhref\s*=`)

func TestHTMLSelfContained(t *testing.T) {
	for _, rep := range []*Report{fixtureReport(), fixtureSupportReport()} {
		out := render(t, "html", rep)
		if m := externalRe.Find(out); m != nil {
			t.Errorf("the HTML report loads something: %q", m)
		}
		if h, a := len(hrefRe.FindAll(out, -1)), len(anchorHrefRe.FindAll(out, -1)); h != a {
			t.Errorf("%d href attribute(s) but only %d on <a> links", h, a)
		}
		if !bytes.Contains(out, []byte("@media print")) {
			t.Error("no print stylesheet")
		}
	}
	// The check itself can fail.
	if !externalRe.MatchString(`<img src="https://x/y.png">`) || !externalRe.MatchString(`<link href="//cdn/x.css">`) || len(anchorHrefRe.FindAll([]byte(`<link href="x">`), -1)) != 0 {
		t.Fatal("externalRe misses external resources")
	}
}

func TestHTMLEscapes(t *testing.T) {
	out := string(render(t, "html", fixtureSupportReport()))
	if strings.Contains(out, "<common>") || strings.Contains(out, "<prod>") || !strings.Contains(out, "&lt;common&gt;") {
		t.Error("finding text is not HTML-escaped")
	}
}

func TestVerdictFirst(t *testing.T) {
	for _, format := range []string{"markdown", "html"} {
		out := string(render(t, format, fixtureReport()))
		v := strings.Index(out, "INCOMPLETE")
		f := strings.Index(out, "EO8701")
		if v < 0 || f < 0 || v > f {
			t.Errorf("%s: the verdict does not come first (verdict at %d, first finding at %d)", format, v, f)
		}
	}
}

func TestIsSecretKey(t *testing.T) {
	for k, want := range map[string]bool{"oidcClientSecret": true, "oidcTokenEndpoint": false, "oidcJwksEndpoint": false,
		"smtpPassword": true, "cryptKey": true, "passwordSalt": true, "hashSecretKey": true, "apiSecretKeys": true, "database": true,
		"password": true, "siteUrl": false, "language": false} {
		if got := espo.IsSecretKey(k); got != want {
			t.Errorf("IsSecretKey(%q) = %v, want %v", k, got, want)
		}
	}
}
