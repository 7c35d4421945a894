package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

const examples = "../../testdata/instances/"
const styles = "../../testdata/styles/"

// runCmd runs the command line in-process.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(args, strings.NewReader(stdin), &out, &errb)
	for _, s := range []string{out.String(), errb.String()} {
		if strings.Contains(s, "goroutine ") || strings.Contains(s, "panic") {
			t.Fatalf("%v: panic or stack trace in output:\n%s", args, s)
		}
	}
	return code, out.String(), errb.String()
}

func lintJSON(t *testing.T, args ...string) (int, *report.JSONReport) {
	t.Helper()
	code, out, errs := runCmd(t, "", append([]string{"lint", "--format", "json"}, args...)...)
	var rep report.JSONReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("lint %v: not JSON (%v):\n%s\nstderr: %s", args, err, out, errs)
	}
	return code, &rep
}

func names(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// The shipped examples give exactly these findings (by rule name).
func TestLintExamples(t *testing.T) {
	cases := []struct {
		path string
		code int
		want []string
	}{
		{examples + "entra-guide", 0, []string{"entra-username-mutable", "logger-level-hides-oidc", "redirect-uri"}},
		{examples + "installer-defaults", 1, []string{"admin-uses-password-form", "client-secret-missing", "entra-prompt-consent", "entra-unsupported-scope", "entra-username-sub",
			"jwks-endpoint-missing", "logger-level-hides-oidc", "redirect-uri", "required-setting"}},
		{examples + "keycloak", 0, []string{"pkce-off", "redirect-uri", "sync-blanks-fields", "username-claim-too-long"}},
		{examples + "authentik", 1, []string{"authentik-hs256-no-signing-key", "group-claim-unmapped", "redirect-uri", "scope-duplicate", "super-admin-lockout", "team-sync-empty-team-list", "username-claim-too-long"}},
		{styles + "espo-writer.php", 0, []string{"admin-uses-password-form", "entra-group-overage", "entra-username-mutable", "redirect-uri", "username-claim-too-long"}},
		{styles + "array-syntax.php", 1, []string{"admin-uses-password-form", "endpoint-placeholder", "entra-logout-url", "entra-prompt-consent", "entra-unsupported-scope",
			"entra-username-sub", "espo-2fa-with-oidc", "forced-2fa-with-oidc", "hmac-algorithm-allowed", "password-fallback-bypasses-mfa",
			"pkce-off", "redirect-uri", "secret-looks-like-guid"}},
		{styles + "four-space-lowercase.php", 1, []string{"endpoint-not-https", "entra-create-user-any-tenant", "entra-generic-tenant",
			"entra-logout-url", "entra-noauth-takeover", "entra-prompt-consent", "entra-unsupported-scope", "entra-username-email",
			"method-value", "pkce-off", "redirect-uri", "setting-type", "site-url-not-https", "unknown-setting", "username-claim-too-long"}},
	}
	for _, c := range cases {
		code, rep := lintJSON(t, c.path)
		if code != c.code {
			t.Errorf("%s: exit %d, want %d", c.path, code, c.code)
		}
		if got := names(rep.Findings); strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s:\n got %q\nwant %q", c.path, got, c.want)
		}
		for _, f := range rep.Findings {
			if f.Rule == "" || f.Key == "" || f.File == "" || f.Line < 1 || f.Column < 1 || f.Fix == "" || f.Instance != c.path {
				t.Errorf("%s: finding without rule/key/location/fix: %+v", c.path, f)
			}
		}
	}
	// The installer defaults point at the right lines: sub claim on line 24 of config.php.
	_, rep := lintJSON(t, examples+"installer-defaults")
	for _, f := range rep.Findings {
		if f.Name == "entra-username-sub" && (f.Key != "oidcUsernameClaim" || f.Line != 24 || !strings.HasSuffix(f.File, "installer-defaults/data/config.php")) {
			t.Errorf("sub finding at %s:%d key %s", f.File, f.Line, f.Key)
		}
		if f.Name == "client-secret-missing" && !strings.HasSuffix(f.File, "data/config-internal.php") {
			t.Errorf("absent secret must point at config-internal.php, got %s", f.File)
		}
	}
}

func TestLintTextOutput(t *testing.T) {
	code, out, _ := runCmd(t, "", "lint", "--no-color", examples+"installer-defaults")
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"instance ../../testdata/instances/installer-defaults (provider: unknown: no endpoint set yet, so the Entra rules that need none apply)",
		"installer-defaults/data/config.php:24:3: warning EO2008 entra-username-sub:",
		"fix: Administration → Authentication → OIDC → Username Claim",
		"  EspoCRM 10.0.0 (assumed: the inputs do not say the instance's version; give --espocrm-version)",
		"FAILED: 5 error(s), 3 warning(s), 3 info, 0 suppressed (--fail-on error)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour in non-terminal output")
	}
}

func TestLintFailOn(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{examples + "entra-guide"}, 0},
		{[]string{"--fail-on", "info", examples + "entra-guide"}, 1},
		{[]string{"--fail-on", "warning", examples + "keycloak"}, 1},
		{[]string{"--fail-on", "never", examples + "installer-defaults"}, 0},
		{[]string{"--exit-zero", examples + "installer-defaults"}, 0},
		{[]string{"--fail-on", "sometimes", examples + "entra-guide"}, 2},
		{[]string{"--format", "yaml", examples + "entra-guide"}, 2},
		{[]string{"--output", "sarif", examples + "entra-guide"}, 2},
	} {
		if code, _, _ := runCmd(t, "", append([]string{"lint", "-q"}, c.args...)...); code != c.code {
			t.Errorf("lint %v: exit %d, want %d", c.args, code, c.code)
		}
	}
}

func TestLintBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := map[string]struct {
		path, want string
	}{
		"empty":     {write("empty.php", nil), "empty.php: the file is empty"},
		"binary":    {write("bin.php", []byte{0xde, 0xad, 0, 0xbe, 0xef}), "bin.php: binary data"},
		"truncated": {write("trunc.php", []byte("<?php\nreturn [\n  'oidcScopes' => [\n    'profile',\n")), "trunc.php:"},
		"getenv":    {styles + "getenv.php", "getenv.php:5:23: getenv() call is not a literal"},
		"json":      {write("bad.json", []byte(`{"authenticationMethod": "Oidc",`)), "bad.json:1:"},
		"missing":   {filepath.Join(dir, "nope"), "nope: no such file or directory"},
		"huge":      {write("huge.php", append([]byte("<?php return [\n"), bytes.Repeat([]byte("  1,\n"), 10<<20)...)), "huge.php: larger than 16 MiB"},
	}
	for name, c := range cases {
		code, out, errs := runCmd(t, "", "lint", c.path)
		if code != exitUsage || !strings.Contains(errs, c.want) || !strings.Contains(out, c.want) {
			t.Errorf("%s: exit %d, stderr %q, stdout %q; want exit 2 and %q", name, code, errs, out, c.want)
		}
	}
	// One bad instance among good ones: the good ones are still reported.
	code, rep := lintJSON(t, examples+"entra-guide", filepath.Join(dir, "empty.php"))
	if code != exitUsage || len(rep.Instances) != 1 || len(rep.Errors) != 1 {
		t.Errorf("mixed inputs: exit %d, %d instances, errors %v", code, len(rep.Instances), rep.Errors)
	}
	if code, _, errs := runCmd(t, "", "lint"); code != exitUsage || !strings.Contains(errs, "requires at least 1 arg") {
		t.Errorf("no args: exit %d %q", code, errs)
	}
}

func TestLintStdinAndFleet(t *testing.T) {
	src := `{"authenticationMethod":"Oidc","siteUrl":"https://crm.example.com","oidcUsernameClaim":"sub"}`
	code, out, _ := runCmd(t, src, "lint", "--format", "json", "-", examples+"keycloak", examples+"entra-guide")
	if code != exitFindings {
		t.Errorf("exit %d", code)
	}
	var rep report.JSONReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var inst []string
	for _, i := range rep.Instances {
		inst = append(inst, i.Instance+"="+i.Provider)
	}
	want := "-=unknown " + examples + "keycloak=keycloak " + examples + "entra-guide=entra"
	if strings.Join(inst, " ") != want {
		t.Errorf("instances in input order: %q, want %q", inst, want)
	}
	if code, _, errs := runCmd(t, src, "lint", "-", "-"); code != exitUsage || !strings.Contains(errs, "only once") {
		t.Errorf("stdin twice: %d %q", code, errs)
	}
}

func TestLintOutputsAndBaseline(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.json")
	code, out, _ := runCmd(t, "", "lint", "-q", "--output", "json="+base, examples+"installer-defaults")
	if code != exitFindings || !strings.Contains(out, "EO1010") {
		t.Fatalf("text to stdout and json to a file: exit %d\n%s", code, out)
	}
	// With the baseline, nothing is new.
	code, rep := lintJSON(t, "--baseline", base, examples+"installer-defaults")
	if code != 0 || len(rep.Findings) != 0 {
		t.Errorf("baseline: exit %d, %d findings", code, len(rep.Findings))
	}
	if code, _, errs := runCmd(t, "", "lint", "--baseline", filepath.Join(dir, "none.json"), examples+"entra-guide"); code != exitUsage || !strings.Contains(errs, "none.json") {
		t.Errorf("missing baseline: %d %q", code, errs)
	}
}

func TestRulesCommand(t *testing.T) {
	code, out, _ := runCmd(t, "", "rules", "--format", "json")
	var list []ruleJSON
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != len(rules.All()) {
		t.Fatalf("rules --format json: exit %d, %d rules, want %d", code, len(list), len(rules.All()))
	}
	code, out, _ = runCmd(t, "", "rules", "--set", "entra")
	if code != 0 || !strings.Contains(out, "EO2008") || strings.Contains(out, "EO1001") {
		t.Errorf("rules --set entra: %d\n%s", code, out)
	}
	if code, _, _ := runCmd(t, "", "rules", "--set", "nope"); code != exitUsage {
		t.Errorf("unknown set: exit %d", code)
	}
	code, out, _ = runCmd(t, "", "--version")
	if code != 0 || !strings.HasPrefix(out, "espo-oidc ") {
		t.Errorf("--version: %d %q", code, out)
	}
	if code, _, errs := runCmd(t, "", "frobnicate"); code != exitUsage || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errs)
	}
}

// --espocrm-version overrides the version the files say; the JSON names it.
func TestLintEspoVersionFlag(t *testing.T) {
	_, rep := lintJSON(t, "../../testdata/versions/8.4.2", "--espocrm-version", "8.3.6")
	if v := rep.Instances[0].EspoCRM; v.Version != "8.3.6" || v.From != "--espocrm-version" {
		t.Errorf("espocrm %+v", v)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || (f.Rule == "EO1060" && f.Severity == rules.Error)
	}
	if !found {
		t.Errorf("the pre-8.4 2FA verdict is missing: %v", names(rep.Findings))
	}
	_, rep = lintJSON(t, "../../testdata/versions/9.3.4")
	if v := rep.Instances[0].EspoCRM; v.Version != "9.3.4" || !strings.HasSuffix(v.From, "state.php") {
		t.Errorf("espocrm from state.php: %+v", v)
	}
	if code, _, errs := runCmd(t, "", "lint", "../../testdata/versions/8.4.2", "--espocrm-version", "nine"); code != 2 || !strings.Contains(errs, "--espocrm-version") {
		t.Errorf("bad version: exit %d, %s", code, errs)
	}
}

// --skipped full lists every skipped rule in JSON; by default they are
// counted per reason.
func TestLintSkippedFlag(t *testing.T) {
	_, rep := lintJSON(t, examples+"entra-guide")
	in := rep.Instances[0]
	if in.SkippedCount == 0 || len(in.Skipped) != 0 || len(in.SkippedByReason) == 0 {
		t.Fatalf("default: %+v", in)
	}
	n := 0
	for _, r := range in.SkippedByReason {
		n += r.Rules
	}
	_, full := lintJSON(t, examples+"entra-guide", "--skipped", "full")
	if got := full.Instances[0]; len(got.Skipped) != in.SkippedCount || n != in.SkippedCount {
		t.Errorf("--skipped full lists %d rules, the counts say %d (per reason %d)", len(got.Skipped), in.SkippedCount, n)
	}
	if code, _, errs := runCmd(t, "", "lint", "--skipped", "all", examples+"entra-guide"); code != 2 || !strings.Contains(errs, "--skipped") {
		t.Errorf("--skipped all: exit %d, %q", code, errs)
	}
}
