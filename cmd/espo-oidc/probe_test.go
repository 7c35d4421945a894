package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
	"github.com/espo-oidc/espo-oidc/report"
)

// probeInstance writes data/config.php and data/config-internal.php that
// point at the fake identity provider on 127.0.0.1 (a generic provider:
// the issuer is given with --issuer).
func probeInstance(t *testing.T, f *fakeidp.Server, secret string) (dir, issuer string) {
	t.Helper()
	dir = t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	base := "https://" + f.Addr + "/" + fakeidp.Tenant
	cfg := fmt.Sprintf(`<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'oidcClientId' => '%s',
  'oidcAuthorizationEndpoint' => '%s/oauth2/v2.0/authorize',
  'oidcTokenEndpoint' => '%s/oauth2/v2.0/token',
  'oidcJwksEndpoint' => '%s/discovery/v2.0/keys',
  'oidcJwtSignatureAlgorithmList' => ['RS256'],
  'oidcScopes' => ['profile', 'email'],
  'oidcUsernameClaim' => 'preferred_username',
  'oidcAuthorizationPrompt' => 'login',
  'oidcAuthorizationPkce' => true,
  'oidcFallback' => true,
  'oidcAllowAdminUser' => true,
];
`, fakeidp.ClientID, base, base, base)
	internal := fmt.Sprintf("<?php\nreturn [\n  'logger' => ['level' => 'DEBUG'],\n  'oidcClientSecret' => '%s',\n];\n", secret)
	if err := os.WriteFile(filepath.Join(data, "config.php"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "config-internal.php"), []byte(internal), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, base + "/v2.0"
}

// graphScope: on 127.0.0.1 the fake is a generic provider, so the Entra
// client-credentials scope is given explicitly.
const graphScope = "https://graph.microsoft.com/.default"

func startFake(t *testing.T) *fakeidp.Server {
	t.Helper()
	f, err := fakeidp.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.Close)
	return f
}

// probeFindings returns "name@key file:line" for the probe rules' findings.
func probeFindings(t *testing.T, out string) []string {
	t.Helper()
	var rep report.JSONReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var got []string
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Name, "probe-") {
			got = append(got, fmt.Sprintf("%s@%s %s:%d", f.Name, f.Key, filepath.Base(f.File), f.Line))
		}
	}
	sort.Strings(got)
	return got
}

func assertNoSecret(t *testing.T, outs ...string) {
	t.Helper()
	for _, o := range outs {
		for _, s := range []string{fakeidp.Secret, fakeidp.ExpiredSecret, fakeidp.Password, "user-access.", "eyJ"} {
			if strings.Contains(o, s) {
				t.Errorf("output carries a secret (%.6s…)", s)
			}
		}
	}
}

func TestProbeCommandGood(t *testing.T) {
	f := startFake(t)
	dir, issuer := probeInstance(t, f, fakeidp.Secret)
	users := "../../testdata/probe/users.csv"
	code, out, errs := runCmd(t, fakeidp.Password+"\n", "probe", dir, "--issuer", issuer, "--ca-file", f.CAFile,
		"--username", fakeidp.User, "--password-stdin", "--users", users, "--format", "json", "--fail-on", "error", "--scope", graphScope)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	got := probeFindings(t, out)
	want := []string{"probe-user-outcome@oidcUsernameClaim config.php:11"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
	assertNoSecret(t, out, errs)

	code, out, errs = runCmd(t, fakeidp.Password+"\n", "probe", dir, "--issuer", issuer, "--ca-file", f.CAFile,
		"--username", fakeidp.User, "--password-stdin", "--no-color", "--scope", graphScope)
	if code != 0 {
		t.Fatalf("text: exit %d\n%s", code, errs)
	}
	for _, s := range []string{"client-credentials", "discovery", "preferred_username", "mutable", "go-oidc: accepts", "espocrm 10.0.0: accepts", `"alice@contoso.example"`} {
		if !strings.Contains(out, s) {
			t.Errorf("text output lacks %q:\n%s", s, out)
		}
	}
	assertNoSecret(t, out, errs)
}

func TestProbeCommandFindings(t *testing.T) {
	f := startFake(t)
	cases := []struct {
		name   string
		secret string
		args   []string
		code   int
		want   []string
	}{
		{"secret id", fakeidp.SecretID, nil, 1, []string{"probe-token-invalid-secret@oidcClientSecret config-internal.php:4"}},
		{"expired", fakeidp.ExpiredSecret, nil, 1, []string{"probe-token-secret-expired@oidcClientSecret config-internal.php:4"}},
		{"wrong password", fakeidp.Secret, []string{"--no-client-credentials", "--username", "mallory@contoso.example", "--password-env", "ESPO_OIDC_TEST_PW"}, 1,
			[]string{"probe-token-request-failed@oidcTokenEndpoint config.php:7"}},
	}
	t.Setenv("ESPO_OIDC_TEST_PW", "nope-nope")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, issuer := probeInstance(t, f, c.secret)
			args := append([]string{"probe", dir, "--issuer", issuer, "--ca-file", f.CAFile, "--format", "json", "--scope", graphScope}, c.args...)
			code, out, errs := runCmd(t, "", args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\n%s", code, c.code, errs)
			}
			got := probeFindings(t, out)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
			assertNoSecret(t, out, errs)
		})
	}
}

func TestProbeCommandIncomplete(t *testing.T) {
	f := startFake(t)
	dir, issuer := probeInstance(t, f, fakeidp.Secret)
	// no --ca-file: TLS verification fails → exit 3, not a silent insecure retry
	code, out, errs := runCmd(t, "", "probe", dir, "--issuer", issuer, "--format", "json")
	if code != exitIncomplete || !strings.Contains(errs, "--ca-file") {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	if got := probeFindings(t, out); len(got) == 0 || !strings.HasPrefix(got[0], "probe-incomplete@") {
		t.Errorf("findings %q", got)
	}
	f.SetMode("jwks", "slow")
	code, _, errs = runCmd(t, "", "probe", dir, "--issuer", issuer, "--ca-file", f.CAFile, "--timeout", "200ms")
	if code != exitIncomplete || !strings.Contains(errs, "jwks: no answer within 200ms") {
		t.Fatalf("slow: exit %d\n%s", code, errs)
	}
	f.SetMode("jwks", "")
}

func TestProbeCommandBadInput(t *testing.T) {
	f := startFake(t)
	dir, issuer := probeInstance(t, f, fakeidp.Secret)
	tmp := t.TempDir()
	badUsers := filepath.Join(tmp, "users.json")
	os.WriteFile(badUsers, []byte("[{\"userName\": 1}]"), 0o644)
	notPEM := filepath.Join(tmp, "ca.pem")
	os.WriteFile(notPEM, []byte("hello"), 0o644)
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"probe", filepath.Join(tmp, "missing")}, "missing"},
		{"", []string{"probe", dir, "--users", badUsers}, "users.json: user 1 has no userName"},
		{"", []string{"probe", dir, "--ca-file", notPEM}, "no PEM certificate"},
		{"", []string{"probe", dir, "--username", "u", "--password-stdin"}, "no password"},
		{"", []string{"probe", dir, "--password-stdin"}, "need --username"},
		{"", []string{"probe", dir, "--listen", "127.0.0.1:1"}, "need --auth-code"},
		{"<?php return [];", []string{"probe", "-", "--auth-code"}, "cannot come from stdin"},
		{"", []string{"probe", dir, "--username", "u", "--password-env", "ESPO_OIDC_UNSET_VAR_X"}, "not set"},
		{"", []string{"probe", dir, "--timeout", "0s"}, "--timeout"},
		{"", []string{"probe", dir, "--issuer", issuer, "--fail-on", "sometimes"}, "--fail-on"},
	} {
		code, _, errs := runCmd(t, c.stdin, c.args...)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)", c.args, code, errs, c.want)
		}
	}
}

func TestProbeCommandForeignIssuer(t *testing.T) {
	f := startFake(t)
	f.SetMode("token", "foreign-iss")
	defer f.SetMode("token", "")
	dir, issuer := probeInstance(t, f, fakeidp.Secret)
	t.Setenv("ESPO_OIDC_TEST_PW", fakeidp.Password)
	code, out, errs := runCmd(t, "", "probe", dir, "--issuer", issuer, "--ca-file", f.CAFile, "--format", "json",
		"--username", fakeidp.User, "--password-env", "ESPO_OIDC_TEST_PW", "--scope", graphScope)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, errs)
	}
	got := probeFindings(t, out)
	want := []string{"probe-id-token-foreign-issuer@oidcAuthorizationEndpoint config.php:6", "probe-user-outcome@oidcUsernameClaim config.php:11"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
