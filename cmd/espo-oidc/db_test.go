package main

// --db and --dsn against real MariaDB and PostgreSQL servers started by
// scripts/db/start-mariadb.sh and scripts/db/start-postgres.sh (README,
// "Database tests"); without them these tests skip.

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/dbfacts/dbtest"
	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
	"github.com/espo-oidc/espo-oidc/report"
)

// dbCanaries must never appear in any output.
var dbCanaries = []string{"Db-Pass-Canary-3Kv8", "Ro-Pass-Canary-5Hq2", "Wrong-Pass-Canary-2Zr6", dbtest.ProviderSecret}

type dbServer struct {
	name, platform, env, rwEnv string
}

var dbServers = []dbServer{
	{"mariadb", "Mysql", "ESPO_OIDC_TEST_MYSQL_DSN", "ESPO_OIDC_TEST_MYSQL_RW_DSN"},
	{"postgres", "Postgresql", "ESPO_OIDC_TEST_PG_DSN", "ESPO_OIDC_TEST_PG_RW_DSN"},
}

func (s dbServer) dsn(t *testing.T, rw bool) string {
	t.Helper()
	env := s.env
	if rw {
		env = s.rwEnv
	}
	return dbtest.Env(t, env, "")
}

// dbInstance is testdata/db/instance with a data/config-internal.php whose
// `database` setting is the server's all-privileges account (password
// replaced by pw when given), and a data/logs folder.
func dbInstance(t *testing.T, s dbServer, pw string) string {
	t.Helper()
	u, err := url.Parse(s.dsn(t, true))
	if err != nil {
		t.Fatal(err)
	}
	if pw == "" {
		pw, _ = u.User.Password()
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(filepath.Join(data, "logs"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("../../testdata/db/instance/data/config.php")
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(u.Port())
	internal := fmt.Sprintf(`<?php
return [
  'database' => [
    'host' => '%s',
    'port' => %d,
    'dbname' => 'espo',
    'user' => '%s',
    'password' => '%s',
    'platform' => '%s',
  ],
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'main-Secret-value-1234567890',
];
`, u.Hostname(), port, u.User.Username(), pw, s.platform)
	for name, b := range map[string][]byte{"config.php": cfg, "config-internal.php": []byte(internal)} {
		if err := os.WriteFile(filepath.Join(data, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	log, err := os.ReadFile("../../testdata/db/espo-2026-01-31.log")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "logs", "espo-2026-01-31.log"), log, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func noDBSecrets(t *testing.T, outs ...string) {
	t.Helper()
	for _, o := range outs {
		for _, c := range dbCanaries {
			if strings.Contains(o, c) {
				t.Errorf("output contains the secret %s", c)
			}
		}
	}
}

// dbFindingNames lists "instance: rule-name" for the findings of the database
// set and of every portal.
func dbFindingNames(t *testing.T, out, errs string) []string {
	t.Helper()
	var got []string
	rep := parseJSONReport(t, out, errs)
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "EO6") || strings.Contains(f.Instance, "(portal ") {
			got = append(got, fmt.Sprintf("%s: %s", filepath.Base(f.Instance), f.Name))
		}
	}
	slices.Sort(got)
	return got
}

// The fixtures' findings, by instance and rule (the portal instances are
// "<instance> (portal <name>)").
func wantDBFindings(base string) []string {
	out := []string{
		base + ": admins-matched-but-refused",
		base + ": auth-log-oidc-denials",
		base + ": mapped-team-missing",
		base + ": mapped-team-missing",
		base + ": portal-provider-bad-value",
		base + ": portal-provider-missing",
		base + ": team-sync-removes-teams",
		base + ": team-sync-removes-teams",
		base + ": usernames-at-max-length",
		base + ": usernames-duplicate-normalized",
		base + ": usernames-not-claim-shaped",
		base + ": usernames-not-normalized",
		base + " (portal Customers): entra-logout-url",
		base + " (portal Customers): entra-username-email",
		base + " (portal Customers): entra-username-mutable",
		base + " (portal Customers): redirect-uri",
		base + " (portal Partners): algorithm-list-empty",
		base + " (portal Partners): client-secret-missing",
		base + " (portal Partners): pkce-off",
		base + " (portal Partners): username-claim-too-long",
		base + " (portal Partners): redirect-uri",
	}
	slices.Sort(out)
	return out
}

func TestLintWithDatabase(t *testing.T) {
	for _, s := range dbServers {
		t.Run(s.name, func(t *testing.T) {
			dir := dbInstance(t, s, "")
			base := filepath.Base(dir)
			for _, args := range [][]string{
				{"lint", "--format", "json", dir, "--db"},                   // the instance's own credentials
				{"lint", "--format", "json", dir, "--dsn", s.dsn(t, false)}, // a read-only account
			} {
				code, out, errs := runCmd(t, "", args...)
				noDBSecrets(t, out, errs)
				if code != exitFindings {
					t.Errorf("%v: exit %d, want 1 (errors in the Partners portal)\n%s", args[3:], code, errs)
				}
				if got, want := dbFindingNames(t, out, errs), wantDBFindings(base); strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("%v:\n got:\n%s\nwant:\n%s", args[3:], strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
			// The portal's redirect against the app registration (the fixture app
			// registers the UI-shown {siteUrl}/portal/oauth-callback.php).
			code, out, errs := runCmd(t, "", "lint", "--format", "json", dir, "--db", "--app-manifest", "../../testdata/db/portal-app-manifest.json")
			rep := parseJSONReport(t, out, errs)
			found := false
			for _, f := range rep.Findings {
				if f.Name == "app-redirect-uri-unregistered" && strings.HasSuffix(f.Instance, "(portal Customers)") &&
					strings.Contains(f.Message, "https://crm.example.com/portal/customers/oauth-callback.php") {
					found = true
				}
			}
			if !found || code != exitFindings {
				t.Errorf("no app-redirect-uri-unregistered for the Customers portal (exit %d):\n%s", code, out)
			}
			// Text output names the portal and the provider record.
			_, text, _ := runCmd(t, "", "lint", dir, "--db")
			if !strings.Contains(text, `database: authentication_provider ap-partners ("Partners IdP"): error EO1011 algorithm-list-empty`) {
				t.Errorf("text output does not locate the provider record:\n%s", text)
			}
		})
	}
}

func TestLintDatabaseFaults(t *testing.T) {
	for _, s := range dbServers {
		t.Run(s.name, func(t *testing.T) {
			// A wrong password: exit 3, the file rules still run, the database
			// rules are skipped with the reason, the password is not echoed.
			dir := dbInstance(t, s, "Wrong-Pass-Canary-2Zr6")
			code, out, errs := runCmd(t, "", "lint", "--format", "json", "--skipped", "full", dir, "--db")
			noDBSecrets(t, out, errs)
			if code != exitIncomplete {
				t.Errorf("wrong password: exit %d, want 3\n%s", code, errs)
			}
			if !strings.Contains(errs, "could not connect (the server refused the user name or password)") || !strings.Contains(errs, "config-internal.php: database") {
				t.Errorf("wrong password: stderr %q", errs)
			}
			rep := parseJSONReport(t, out, errs)
			if len(rep.Findings) == 0 || !hasSkip(rep, "usernames-not-claim-shaped", "could not connect") {
				t.Errorf("wrong password: %d findings; skipped %+v", len(rep.Findings), rep.Instances)
			}

			// Nothing listens there.
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			port := l.Addr().(*net.TCPAddr).Port
			l.Close()
			u, _ := url.Parse(s.dsn(t, false))
			u.Host = "127.0.0.1:" + strconv.Itoa(port)
			code, out, errs = runCmd(t, "", "lint", "--format", "json", dbInstance(t, s, ""), "--dsn", u.String())
			noDBSecrets(t, out, errs)
			if code != exitIncomplete || !strings.Contains(errs, "127.0.0.1:"+strconv.Itoa(port)) || !strings.Contains(errs, "could not connect") {
				t.Errorf("unreachable: exit %d, stderr %q", code, errs)
			}
			// An unusable --dsn is an input error.
			code, _, errs = runCmd(t, "", "lint", dir, "--dsn", "sqlite:///x")
			if code != exitUsage || !strings.Contains(errs, "--dsn: is not a MySQL or PostgreSQL DSN") {
				t.Errorf("bad --dsn: exit %d, stderr %q", code, errs)
			}
		})
	}
}

func parseJSONReport(t *testing.T, out, errs string) *report.JSONReport {
	t.Helper()
	var rep report.JSONReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON (%v):\n%s\nstderr: %s", err, out, errs)
	}
	return &rep
}

// hasSkip reports whether rule name was skipped, in every instance, with a
// reason containing reason.
func hasSkip(rep *report.JSONReport, name, reason string) bool {
	n := 0
	for _, in := range rep.Instances {
		for _, s := range in.Skipped {
			if s.Name == name {
				if !strings.Contains(s.Reason, reason) {
					return false
				}
				n++
			}
		}
	}
	return n > 0
}

func TestLogsWithDatabase(t *testing.T) {
	for _, s := range dbServers {
		t.Run(s.name, func(t *testing.T) {
			dir := dbInstance(t, s, "")
			code, out, errs := runCmd(t, "", "logs", filepath.Join(dir, "data", "logs"), "--db")
			noDBSecrets(t, out, errs)
			for _, want := range []string{
				"Auth log (" + map[string]string{"mariadb": "mysql", "postgres": "postgres"}[s.name] + " espo@127.0.0.1:",
				"13 OIDC login attempt(s), 2026-01-30 09:00:00 → 2026-02-01 08:00:00 UTC.",
				"alice@example.com                          2×  first 2026-01-30 09:00  last 2026-02-01 08:00",
				"CREDENTIALS              3×  01-31 10:00 → 01-31 10:01  no user resolved; 2 address(es)",
				"What the auth log cannot show:",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("logs --db: no %q in:\n%s\nstderr: %s", want, out, errs)
				}
			}
			if code != exitFindings {
				t.Errorf("logs --db: exit %d", code)
			}
		})
	}
}

func TestReportBundleWithDatabase(t *testing.T) {
	for _, s := range dbServers {
		t.Run(s.name, func(t *testing.T) {
			dir := dbInstance(t, s, "")
			out := t.TempDir()
			code, stdout, errs := runCmd(t, "", "report", dir, "--dsn", s.dsn(t, false), "--logs", filepath.Join(dir, "data", "logs"), "-d", out)
			if code != exitFindings {
				t.Errorf("exit %d\n%s%s", code, stdout, errs)
			}
			files := map[string]string{}
			ents, _ := os.ReadDir(out)
			for _, e := range ents {
				b, err := os.ReadFile(filepath.Join(out, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				files[e.Name()] = string(b)
				noDBSecrets(t, string(b))
				if strings.Contains(string(b), "main-Secret-value-1234567890") {
					t.Errorf("%s contains the main client secret", e.Name())
				}
			}
			for name, want := range map[string]string{
				"auth-log.txt":            "[3] EspoCRM cannot fetch the JWKS, 01-31 14:00:00 → 14:05:00: no auth-log row: EspoCRM wrote none (an HTTP 500 writes none)",
				"auth-log.json":           `"reason": "CREDENTIALS"`,
				"report.md":               "## Auth log",
				"report.html":             "<h2>Auth log</h2>",
				"effective-settings.json": "(portal Customers)",
				"report.json":             `database: authentication_provider ap-partners (\"Partners IdP\")`,
			} {
				if !strings.Contains(files[name], want) {
					t.Errorf("%s: no %q", name, want)
				}
			}
			// A finding at a database record shows the record, no line and column.
			if rec := `database: portal p-partners ("Partners")`; !strings.Contains(files["report.md"], rec) || strings.Contains(files["report.md"], rec+":0:0") {
				t.Errorf("report.md does not show the record %s as the location", rec)
			}
		})
	}
}

// The probe's user-resolution simulation looks the signed-in user up in the
// user table. (The 7.3-era database has no portal providers, so nothing but
// the loopback fake IdP is contacted.)
func TestProbeUsesUserTable(t *testing.T) {
	dsn := dbServers[0].dsn(t, false)
	f := startFake(t)
	dir, issuer := probeInstance(t, f, fakeidp.Secret)
	old := strings.TrimSuffix(dsn, "/espo") + "/espo73"
	code, out, errs := runCmd(t, fakeidp.Password+"\n", "probe", dir, "--issuer", issuer, "--ca-file", f.CAFile,
		"--username", fakeidp.User, "--password-stdin", "--dsn", old, "--format", "json", "--scope", graphScope)
	assertNoSecret(t, out, errs)
	noDBSecrets(t, out, errs)
	rep := parseJSONReport(t, out, errs)
	var msgs []string
	for _, fd := range rep.Findings {
		if fd.Name == "probe-user-outcome" {
			msgs = append(msgs, fd.Severity.String()+": "+fd.Message)
		}
	}
	want := `error: username claim preferred_username = "alice@contoso.example" → normalised "alice@contoso.example": no user "alice@contoso.example" and oidcCreateUser is off: 'OIDC: User not found.', the login fails (401)`
	if len(msgs) != 1 || msgs[0] != want || code != exitFindings {
		t.Errorf("exit %d, probe-user-outcome: %q\nwant %q\n%s", code, msgs, want, errs)
	}
}
