package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/report"
)

// What a CI pipeline acts on (issue: CI can trust every exit, every path
// and every format), each through the CLI: exit code and output.

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// An input error is never "passed": not in the summary line, not in JSON,
// SARIF or JUnit, not in the report command.
func TestInputErrorIsNeverPassed(t *testing.T) {
	for _, args := range [][]string{{"lint", "/nonexistent"}, {"lint", examples + "keycloak", "/nonexistent"}} {
		code, out, errs := runCmd(t, "", args...)
		if code != exitUsage || !strings.HasPrefix(lastLine(out), "INCOMPLETE:") || !strings.Contains(errs, "/nonexistent") {
			t.Errorf("%v: exit %d, last line %q, stderr %q", args, code, lastLine(out), errs)
		}
	}
	code, out, _ := runCmd(t, "", "lint", "-f", "json", examples+"keycloak", "/nonexistent")
	var j report.JSONReport
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != exitUsage || j.Status != "incomplete" || !j.Failed {
		t.Errorf("json: exit %d, status %q, failed %v (%v)", code, j.Status, j.Failed, err)
	}
	_, out, _ = runCmd(t, "", "lint", "-f", "sarif", "/nonexistent")
	if !strings.Contains(out, `"executionSuccessful": false`) {
		t.Errorf("sarif does not say the run was incomplete:\n%s", out)
	}
	_, out, _ = runCmd(t, "", "lint", "-f", "junit", "/nonexistent")
	if !strings.Contains(out, `type="input-error"`) || strings.Contains(out, `errors="0"`) {
		t.Errorf("junit does not count the input error:\n%s", out)
	}
	dir := t.TempDir()
	code, out, _ = runCmd(t, "", "report", "/nonexistent", "-d", dir)
	if code != exitUsage || !strings.HasPrefix(lastLine(out), "INCOMPLETE:") {
		t.Errorf("report: exit %d, %q", code, lastLine(out))
	}
	b, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	if !strings.Contains(string(b), "INCOMPLETE") {
		t.Error("the bundle's report.html does not say INCOMPLETE")
	}
}

// One instance, one identity, however its path is typed: a baseline and a
// suppression written for "keycloak" apply to ./keycloak, keycloak/, the
// absolute path and ../x/keycloak.
func TestInstanceIdentity(t *testing.T) {
	root := t.TempDir()
	inst := filepath.Join(root, "keycloak")
	copyDir(t, examples+"keycloak", inst)
	cfg := filepath.Join(root, ".espo-oidc.yaml")
	if err := os.WriteFile(cfg, []byte("suppressions:\n  - rule: pkce-off\n    instance: keycloak\n    reason: PKCE comes with the 10.0 upgrade\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	if err := os.Chdir(root); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "sub")
	os.Mkdir(sub, 0o755)
	for _, c := range []struct{ dir, path string }{{root, "keycloak"}, {root, "./keycloak"}, {root, "keycloak/"}, {root, inst}, {sub, "../keycloak"}} {
		os.Chdir(c.dir)
		code, out, errs := runCmd(t, "", "lint", "-f", "json", "--config", cfg, c.path)
		var j report.JSONReport
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatalf("%s: %v\n%s", c.path, err, errs)
		}
		if len(j.Instances) != 1 || j.Instances[0].Instance != "keycloak" {
			t.Errorf("%s (from %s): instance %+v", c.path, c.dir, j.Instances)
		}
		suppressed := false
		for _, f := range j.Findings {
			if f.Name == "pkce-off" && f.Suppressed != "" && f.Instance == "keycloak" {
				suppressed = true
			}
			if f.Name == "suppression-unused" {
				t.Errorf("%s: the suppression is reported unused", c.path)
			}
		}
		if !suppressed {
			t.Errorf("%s (exit %d): the suppression for keycloak does not apply", c.path, code)
		}
	}
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dst, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join(src, "data"))
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, "data", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, "data", e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// One meaning per flag; contradictions are exit 2; one rule for case.
func TestFlagsDoNotSurprise(t *testing.T) {
	inst := examples + "keycloak"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", inst, "-f", "sarif", "-o", "json=-"}, "both name standard output"},
		{[]string{"lint", inst, "-o", "json=-", "-o", "sarif=-"}, "only one output can go to standard output"},
		{[]string{"lint", inst, "--jobs", "0"}, "--jobs 0"},
		{[]string{"lint", inst, "--jobs", "-3"}, "--jobs -3"},
		{[]string{"report", inst, "-o", "bundle"}, "the bundle's folder is --dir bundle"},
		{[]string{"lint", inst, "--timeout", "5s"}, "go with --probe"},
		{[]string{"report", inst, "-d", t.TempDir(), "--ca-file", "x.pem"}, "go with --probe"},
		{[]string{"lint", inst, "--no-color", "--color", "always"}, "contradict"},
		{[]string{"lint", inst, "--color", "sometimes"}, "want auto, always or never"},
		{[]string{"lint", inst, "--only", "no-such-rule"}, `--only "no-such-rule": no such rule or set`},
		{[]string{"completion", "tcsh"}, "no completion for that shell"},
	} {
		code, _, errs := runCmd(t, "", c.args...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, errs, c.want)
		}
	}
	for _, args := range [][]string{{"lint", inst, "--format", "JSON"}, {"lint", inst, "-f", "json", "--fail-on", "WARNING"}, {"lint", inst, "-o", "JSON=-"}} {
		code, out, errs := runCmd(t, "", args...)
		if code > 1 || !strings.HasPrefix(out, "{") {
			t.Errorf("%v: exit %d %s", args, code, errs)
		}
	}
	// report writes extra formats with -o FORMAT=PATH, as lint does
	dir := t.TempDir()
	sarif := filepath.Join(dir, "x.sarif")
	if code, _, errs := runCmd(t, "", "report", inst, "-d", filepath.Join(dir, "b"), "-o", "sarif="+sarif); code > 1 {
		t.Fatalf("report -o sarif=: exit %d %s", code, errs)
	}
	if b, err := os.ReadFile(sarif); err != nil || !strings.Contains(string(b), `"version": "2.1.0"`) {
		t.Errorf("report -o sarif=PATH wrote no SARIF: %v", err)
	}
}

// What users of ShellCheck, tflint and golangci-lint expect.
func TestLinterConveniences(t *testing.T) {
	inst := examples + "installer-defaults"
	names := func(args ...string) map[string]bool {
		_, out, errs := runCmd(t, "", append([]string{"lint", "-f", "json", inst}, args...)...)
		var j report.JSONReport
		if err := json.Unmarshal([]byte(out), &j); err != nil {
			t.Fatalf("%v: %v %s", args, err, errs)
		}
		m := map[string]bool{}
		for _, f := range j.Findings {
			m[f.Name] = true
		}
		return m
	}
	all := names()
	if !all["required-setting"] || !all["entra-username-sub"] {
		t.Fatalf("fixture: %v", all)
	}
	if got := names("--disable", "entra"); got["entra-username-sub"] || !got["required-setting"] {
		t.Errorf("--disable entra: %v", got)
	}
	if got := names("--only", "EO2008"); len(got) != 1 || !got["entra-username-sub"] {
		t.Errorf("--only EO2008: %v", got)
	}
	if got := names("--only", "core", "--disable", "required-setting"); got["required-setting"] || got["entra-username-sub"] || len(got) == 0 {
		t.Errorf("--only core --disable required-setting: %v", got)
	}
	// --min-severity hides, the exit code still counts
	code, out, _ := runCmd(t, "", "lint", inst, "--min-severity", "error", "--fail-on", "warning", "--no-color")
	if code != exitFindings || strings.Contains(out, " warning EO") || !strings.Contains(lastLine(out), "below --min-severity not shown") {
		t.Errorf("--min-severity error: exit %d\n%s", code, out)
	}
	if _, out, _ := runCmd(t, "", "lint", "--only", "EO2008", "--min-severity", "error", "--fail-on", "warning", inst); !strings.HasPrefix(lastLine(out), "FAILED") {
		t.Errorf("hidden warnings still fail --fail-on warning: %q", lastLine(out))
	}
	// --color always, FORCE_COLOR
	if _, out, _ := runCmd(t, "", "lint", inst, "--color", "always"); !strings.Contains(out, "\x1b[31m") {
		t.Error("--color always: no colour")
	}
	t.Setenv("FORCE_COLOR", "1")
	if _, out, _ := runCmd(t, "", "lint", inst); !strings.Contains(out, "\x1b[") {
		t.Error("FORCE_COLOR: no colour")
	}
	if _, out, _ := runCmd(t, "", "lint", inst, "--color", "never"); strings.Contains(out, "\x1b[") {
		t.Error("--color never: colour")
	}
	t.Setenv("FORCE_COLOR", "")
	// rules ID / NAME shows the rule
	for _, q := range []string{"EO1040", "admin-lockout"} {
		if code, out, _ := runCmd(t, "", "rules", q); code != 0 || !strings.HasPrefix(out, "EO1040 admin-lockout") {
			t.Errorf("rules %s: exit %d %q", q, code, out[:min(60, len(out))])
		}
	}
	if code, _, errs := runCmd(t, "", "rules", "EO9999"); code != exitUsage || !strings.Contains(errs, "no such rule") {
		t.Errorf("rules EO9999: %d %s", code, errs)
	}
	// --version names the Go toolchain and platform (and the VCS revision when the build has it)
	if code, out, _ := runCmd(t, "", "--version"); code != 0 || !strings.HasPrefix(out, "espo-oidc ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version: %q", out)
	}
	// checkstyle and GitLab Code Quality
	if _, out, _ := runCmd(t, "", "lint", inst, "-f", "checkstyle"); !strings.Contains(out, `<checkstyle version="4.3">`) {
		t.Error("-f checkstyle")
	}
	if _, out, _ := runCmd(t, "", "lint", inst, "-f", "gitlab"); !strings.Contains(out, `"check_name": "EO1010 required-setting"`) {
		t.Error("-f gitlab")
	}
}

// At 80 columns the text fits; piped output keeps whole lines.
func TestTerminalWidth(t *testing.T) {
	inst := examples + "installer-defaults"
	t.Setenv("COLUMNS", "80")
	for _, args := range [][]string{{"lint", inst, "--no-color"}, {"rules"}, {"explain", "AADSTS50011"}, {"explain", "EO1040"}} {
		_, out, _ := runCmd(t, "", args...)
		for _, l := range strings.Split(out, "\n") {
			if n := len([]rune(l)); n > 80 && !strings.Contains(l, ".php:") {
				t.Errorf("%v: a line of %d columns at COLUMNS=80: %q", args, n, l)
			}
		}
	}
	t.Setenv("COLUMNS", "")
	_, out, _ := runCmd(t, "", "lint", inst, "--no-color")
	long := false
	for _, l := range strings.Split(out, "\n") {
		long = long || len(l) > 120
	}
	if !long {
		t.Error("piped output was wrapped")
	}
}

// Wording a user reads.
func TestWording(t *testing.T) {
	_, out, _ := runCmd(t, "", "explain", "-f", "json", "OIDC: JWT the `aud` field does not contain matching client ID.")
	if strings.Contains(out, `\u003c`) || strings.Contains(out, `\u003e`) {
		t.Errorf("explain -f json escapes < or >:\n%s", out)
	}
	if _, out, _ := runCmd(t, "", "rules", "--format", "markdown"); strings.Contains(out, "Regenerate") || strings.Contains(out, "<!--") {
		t.Error("rules --format markdown prints the developers' note")
	}
	_, out, _ = runCmd(t, "", "lint", examples+"installer-defaults", "--no-color")
	if strings.Contains(out, "skipped: skipped") || strings.Contains(out, ": skipped: ") {
		t.Errorf("a doubled skip reason:\n%s", out)
	}
	// a manifest piped to lint - is read as a manifest
	b, err := os.ReadFile("../../testdata/manifests/entra-guide.json")
	if err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCmd(t, string(b), "lint", "-")
	if code != exitUsage || !strings.Contains(errs, "only an app manifest") {
		t.Errorf("lint - with a manifest: exit %d, %q", code, errs)
	}
}

// Issue 11 item 3: the commonest Entra mistake, the Secret ID configured
// as the client secret, gets its support bundle: the GUID is a secret
// there, redacted in every file, and the manifest's table says whose it is.
func TestReportBundleSecretIDAsSecret(t *testing.T) {
	const keyID = "5c1e2d3f-6a7b-4c8d-9e0f-a1b2c3d4e5f6" // passwordCredentials[0].keyId of the manifest
	inst := filepath.Join(t.TempDir(), "crm")
	copyDir(t, examples+"entra-guide", inst)
	p := filepath.Join(inst, "data", "config-internal.php")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = regexp.MustCompile(`'oidcClientSecret' => '(?:[^'\\]|\\.)*'`).ReplaceAll(b, []byte("'oidcClientSecret' => '"+keyID+"'"))
	if !strings.Contains(string(b), keyID) {
		t.Fatal("the fixture has no oidcClientSecret to replace")
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "bundle")
	code, stdout, stderr := runCmd(t, "", "report", inst, "--app-manifest", "../../testdata/manifests/legacy-entra-guide.json", "-d", out)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d: %s%s", code, exitFindings, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, keyID) {
		t.Errorf("the Secret ID is on the terminal: %s%s", stdout, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*"))
	if len(files) < 4 {
		t.Fatalf("bundle: %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), keyID) {
			t.Errorf("%s holds the Secret ID", filepath.Base(f))
		}
	}
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	for _, want := range []string{"EO3010 app-secret-is-key-id", "| EspoCRM login | `[redacted]` | 2028-01-15 | valid; it is what oidcClientSecret holds (the Secret ID, not the secret's Value) |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}

// Issue 11 item 13: the README's table of which command writes which
// format is what the commands accept: every format listed is taken, every
// other is refused with exit 2.
func TestFormatsPerCommand(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rowRe := regexp.MustCompile("(?m)^\\| `(lint|probe|report|logs|explain|rules)` \\| ([^|]*) \\| ([^|]*) \\|")
	all := append(report.Formats(), "yaml")
	args := map[string][]string{
		"lint":    {"lint", examples + "keycloak"},
		"probe":   {"probe", "/nonexistent"}, // no network: the format is judged before the input
		"logs":    {"logs", "../../logs/testdata/v10"},
		"explain": {"explain", "AADSTS50011"},
		"rules":   {"rules"},
	}
	rows := rowRe.FindAllStringSubmatch(string(b), -1)
	if len(rows) != 6 {
		t.Fatalf("the README's format table has %d command rows, want 6", len(rows))
	}
	for _, row := range rows {
		cmd, listed := row[1], map[string]bool{}
		for _, f := range strings.Split(row[2], ",") {
			if f = strings.TrimSpace(f); !strings.HasPrefix(f, "—") {
				listed[f] = true
			}
		}
		if cmd == "report" {
			if !strings.Contains(row[3], "the same as lint") {
				t.Errorf("report's --output: %q", row[3])
			}
			continue
		}
		for _, f := range all {
			code, _, errs := runCmd(t, "", append(slices.Clone(args[cmd]), "--format", f)...)
			refused := code == exitUsage && strings.Contains(errs, "format") && !strings.Contains(errs, "nonexistent")
			if listed[f] == refused {
				t.Errorf("%s --format %s: exit %d (%s); the README lists it: %v", cmd, f, code, strings.TrimSpace(errs), listed[f])
			}
		}
	}
}
