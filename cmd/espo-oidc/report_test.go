package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/espo-oidc/espo-oidc/bundle"
	"github.com/espo-oidc/espo-oidc/internal/sarifschema"

	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
	"github.com/espo-oidc/espo-oidc/run"
)

func bundleNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestReportBundle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bundle")
	code, out, errs := runCmd(t, "", "report", canaryDir+"instance", "--app-manifest", canaryDir+"manifest.json", "--logs", canaryDir+"logs", "-d", dir)
	if code != exitFindings {
		t.Fatalf("exit %d, want 1 (the canary instance has errors)\n%s%s", code, out, errs)
	}
	got := strings.Join(bundleNames(t, dir), " ")
	if got != "effective-settings.json logs.json report.html report.json report.md" {
		t.Errorf("bundle = %s", got)
	}
	if !strings.Contains(out, "wrote "+filepath.Join(dir, "report.html")) || !strings.Contains(out, "FAILED:") {
		t.Errorf("stdout = %s", out)
	}
	// report.json is the lint JSON schema, with the manifest rules run.
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep report.JSONReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.SchemaVersion != report.SchemaVersion || rep.Command != "report" || len(rep.Findings) == 0 {
		t.Errorf("report.json: %+v", rep)
	}
	lockout := false
	for _, f := range rep.Findings {
		lockout = lockout || (f.Name == "admin-lockout" && f.Key == "oidcFallback" && f.File == canaryDir+"instance/data/config.php" && f.Line == 17)
	}
	if !lockout {
		t.Errorf("report.json lacks admin-lockout at oidcFallback in config.php:17: %+v", rep.Findings)
	}
	// effective-settings.json: every key, its file and line; secrets as fingerprints.
	b, err = os.ReadFile(filepath.Join(dir, "effective-settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sf bundle.SettingsFile
	if err := json.Unmarshal(b, &sf); err != nil {
		t.Fatal(err)
	}
	if len(sf.Instances) != 1 || len(sf.Instances[0].Sources) != 2 {
		t.Fatalf("effective-settings.json: %+v", sf)
	}
	byKey := map[string]report.RedactedSetting{}
	for _, s := range sf.Instances[0].Settings {
		byKey[s.Key] = s
	}
	cs := byKey["oidcClientSecret"]
	if !cs.Secret || cs.Value != "[redacted: 33 chars, sha256 "+strings.TrimSuffix(strings.TrimPrefix(cs.Value.(string), "[redacted: 33 chars, sha256 "), "]")+"]" ||
		cs.File != canaryDir+"instance/data/config-internal.php" || cs.Line != 18 {
		t.Errorf("oidcClientSecret = %+v", cs)
	}
	if te := byKey["oidcTokenEndpoint"]; te.Secret || !strings.HasPrefix(te.Value.(string), "https://login.microsoftonline.com/") {
		t.Errorf("oidcTokenEndpoint = %+v", te)
	}
	html, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if m := externalResourceRe.Find(html); m != nil {
		t.Errorf("report.html loads an external resource: %q", m)
	}
	for _, want := range []string{"FAILED", "admin-lockout", "Entra app registration", "EspoCRM logs", "Effective settings"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

func TestReportUsageErrors(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", canaryDir + "instance"}, "give the folder to write the bundle to with --dir DIR"},
		{[]string{"report", canaryDir + "instance", "-d", file}, "is a file; give a folder"},
		{[]string{"report", canaryDir + "instance", "-d", tmp, "--fail-on", "sometimes"}, "--fail-on"},
		{[]string{"report", "-d", tmp}, "requires at least 1 arg"},
	} {
		code, _, errs := runCmd(t, "", c.args...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errs, c.want)
		}
	}
	// An unusable input still gives a bundle, and exit 2.
	dir := filepath.Join(tmp, "b")
	code, _, errs := runCmd(t, "", "report", canaryDir+"truncated.php", "-d", dir)
	if code != exitUsage || !strings.Contains(errs, "truncated.php:4:25") {
		t.Errorf("truncated: exit %d, stderr %q", code, errs)
	}
	if got := strings.Join(bundleNames(t, dir), " "); got != "effective-settings.json report.html report.json report.md" {
		t.Errorf("bundle = %s", got)
	}
	// --exit-zero.
	code, _, _ = runCmd(t, "", "report", canaryDir+"instance", "-d", filepath.Join(tmp, "c"), "--exit-zero")
	if code != exitOK {
		t.Errorf("--exit-zero: exit %d", code)
	}
}

// Suppressions end to end: a config file suppresses one finding, another
// suppression matches nothing, a third has expired; lint reports both.
func TestSuppressionsEndToEnd(t *testing.T) {
	if rules.Lookup("unused-suppression") == nil || rules.Lookup("expired-suppression") == nil {
		t.Fatal("the unused-suppression and expired-suppression rules are not in the catalog: this test checks them end to end; rename it with them")
	}
	cfg := filepath.Join(t.TempDir(), ".espo-oidc.yaml")
	if err := os.WriteFile(cfg, []byte(`rules:
  severity:
    pkce-off: error
suppressions:
  - rule: admin-lockout
    key: oidcFallback
    reason: break-glass admin account, ticket 4711
  - rule: entra-b2c-ciam
    reason: nothing matches this
  - rule: hmac-algorithm-allowed
    reason: accepted until the migration
    expires: 2020-01-31
`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, rep := lintJSON(t, "--config", cfg, canaryDir+"instance")
	var suppressed, unused, expired, hmac, pkce bool
	for _, f := range rep.Findings {
		switch f.Name {
		case "admin-lockout":
			suppressed = f.Suppressed == "break-glass admin account, ticket 4711"
		case "unused-suppression":
			unused = f.File == cfg && f.Line == 8 && f.Key == "EO2016"
		case "expired-suppression":
			expired = f.File == cfg && f.Line == 10 && strings.Contains(f.Message, "expired on 2020-01-31")
		case "hmac-algorithm-allowed":
			hmac = f.Suppressed == ""
		case "pkce-off":
			pkce = f.Severity == rules.Error
		}
	}
	if !suppressed || !unused || !expired || !hmac || !pkce {
		t.Errorf("suppressed=%v unused=%v expired=%v hmac-unsuppressed=%v pkce-error=%v\n%+v", suppressed, unused, expired, hmac, pkce, rep.Findings)
	}
	if code != exitFindings {
		t.Errorf("exit %d", code)
	}
	// An unknown key in the config file: exit 2 with file and line.
	bad := filepath.Join(t.TempDir(), ".espo-oidc.yaml")
	if err := os.WriteFile(bad, []byte("rules:\n  disable: []\nsuppresions: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCmd(t, "", "lint", "--config", bad, canaryDir+"instance")
	if code != exitUsage || !strings.Contains(errs, bad+":3: unknown key \"suppresions\"") {
		t.Errorf("unknown key: exit %d, stderr %q", code, errs)
	}
	// Malformed YAML.
	if err := os.WriteFile(bad, []byte("rules:\n  disable: [a, b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCmd(t, "", "lint", "--config", bad, canaryDir+"instance")
	if code != exitUsage || !strings.Contains(errs, bad+":") || !strings.Contains(errs, "not valid YAML") {
		t.Errorf("malformed: exit %d, stderr %q", code, errs)
	}
}

var updateGolden = flag.Bool("update-golden", false, "rewrite cmd/espo-oidc/testdata/golden")

// Golden files of every format on the shipped example instances (the clock
// fixed), so a change of any renderer or rule shows up as a reviewable diff.
// Regenerate: go test ./cmd/espo-oidc -run TestExampleGoldens -update-golden
func TestExampleGoldens(t *testing.T) {
	fixed := func() time.Time { return time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC) }
	for _, inst := range []string{"entra-guide", "installer-defaults", "keycloak"} {
		o := run.Options{Paths: []string{examples + inst}, Command: "lint", Jobs: 1, Now: fixed,
			ConfigPath: filepath.Join(t.TempDir(), "none.yaml"), Stdin: strings.NewReader("")}
		if err := os.WriteFile(o.ConfigPath, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if inst == "entra-guide" {
			o.Manifest = "../../testdata/manifests/entra-guide.json"
		}
		rep, err := run.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		rep.Version = "test"
		rep.FailOn = rules.Warning
		for _, format := range report.Formats() {
			if format == "text" || format == "json" {
				continue // the core engineer's formats, tested in lint_test.go
			}
			var b bytes.Buffer
			if err := report.Write(&b, format, rep, report.Options{}); err != nil {
				t.Fatal(err)
			}
			checkCanaries(t, inst+"."+format, b.Bytes())
			if format == "html" {
				if m := externalResourceRe.Find(b.Bytes()); m != nil {
					t.Errorf("%s.html loads an external resource: %q", inst, m)
				}
			}
			if format == "sarif" {
				if err := sarifSchema(t).Validate(mustUnmarshal(t, b.Bytes())); err != nil {
					t.Errorf("%s: the SARIF does not validate against the SARIF 2.1.0 schema: %v", inst, err)
				}
			}
			got := normalizeCatalog(t, format, b.Bytes())
			p := filepath.Join("testdata", "golden", inst+"."+format)
			if *updateGolden {
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(p)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/espo-oidc -run TestExampleGoldens -update-golden)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from its golden file; if the change is intended, run go test ./cmd/espo-oidc -run TestExampleGoldens -update-golden and review the diff", p)
			}
		}
	}
}

// externalResourceRe finds anything that would make a browser fetch: a
// script, stylesheet, font, image, frame or CSS url().
// externalResourceRe matches what makes a browser fetch something; a link
// the reader may click (<a href>, rule documentation) fetches nothing.
var externalResourceRe = regexp.MustCompile(`(?i)(<script|<link|<img|<iframe|<object|<embed|<video|<audio|<source|<base|@import|@font-face|url\(|\ssrc\s*=|<(?:[b-z][a-z]*|a[a-z]+)\s[^>]*\shref\s*=)`)

var (
	junitCountsRe = regexp.MustCompile(`(tests|failures|errors|skipped)="[0-9]+"`)
	junitEmptyRe  = regexp.MustCompile(`(?m)^\s*<testcase [^>]*></testcase>\n`)
	junitSkipRe   = regexp.MustCompile(`(?m)^\s*<testcase [^>]*>\n\s*<skipped [^>]*></skipped>\n\s*</testcase>\n`)
	skippedRe     = regexp.MustCompile(`Skipped [0-9]+ rule\(s\): (.*?) \((?:EO[0-9]{4}(?:, )?)+\)`)
	rulesRunRe    = regexp.MustCompile(`rules run: [0-9]+`)
)

// normalizeCatalog takes out of an output what depends only on the size of
// the rule catalog (SARIF rule metadata, JUnit test cases of rules that found
// nothing, counts of rules run or skipped), so the example goldens pin how
// findings render and do not break whenever a rule is added. The rule
// metadata itself is checked by the report package's tests.
func normalizeCatalog(t *testing.T, format string, b []byte) []byte {
	t.Helper()
	switch format {
	case "sarif":
		var log map[string]any
		if err := json.Unmarshal(b, &log); err != nil {
			t.Fatal(err)
		}
		for _, run := range log["runs"].([]any) {
			r := run.(map[string]any)
			r["tool"].(map[string]any)["driver"].(map[string]any)["rules"] = []any{}
			for _, res := range r["results"].([]any) {
				delete(res.(map[string]any), "ruleIndex")
			}
		}
		out, err := json.MarshalIndent(log, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		return append(out, '\n')
	case "junit":
		b = junitEmptyRe.ReplaceAll(b, nil)
		b = junitSkipRe.ReplaceAll(b, nil)
		return junitCountsRe.ReplaceAll(b, []byte(`$1="N"`))
	case "markdown", "html":
		b = skippedRe.ReplaceAll(b, []byte("Skipped N rule(s): $1"))
		return rulesRunRe.ReplaceAll(b, []byte("rules run: N"))
	}
	return b
}

func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	sch, err := sarifschema.Compile("../../report/testdata/sarif-2.1.0-emitted.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func mustUnmarshal(t *testing.T, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The findings about the config file itself go through the redaction
// policy in every format, as the instances' do: a suppression's reason that
// quotes a token or a password does not reach the output.
func TestConfigFindingsRedacted(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl"
	cfg := filepath.Join(t.TempDir(), ".espo-oidc.yaml")
	if err := os.WriteFile(cfg, []byte("suppressions:\n  - rule: entra-b2c-ciam\n    reason: saw "+jwt+" and password=hunter2hunter2 in the log\n  - rule: hmac-algorithm-allowed\n    reason: saw "+jwt+" and password=hunter2hunter2\n    expires: 2020-01-31\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "text", "sarif", "markdown", "junit", "github"} {
		_, out, errs := runCmd(t, "", "lint", "--format", format, "--fail-on", "never", "--config", cfg, canaryDir+"instance")
		if strings.Contains(out+errs, "hunter2hunter2") || strings.Contains(out+errs, jwt[40:]) {
			t.Errorf("%s: the suppression's secret reached the output", format)
		}
		if format == "json" && (!strings.Contains(out, "expired-suppression") || !strings.Contains(out, "unused-suppression")) {
			t.Errorf("json: no expired-suppression and unused-suppression findings: %s", out)
		}
	}
}
