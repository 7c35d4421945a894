package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

// The canary test: fixtures full of canary secrets go through every command
// and every output format, and no canary may come out, raw or encoded.

const canaryDir = "testdata/canary/"

// canarySecrets are the secret values written in testdata/canary.
var canarySecrets = []string{
	"CANARY~8Q~clientSecret.Value_9xYz", // oidcClientSecret (also the manifest's secretText, and echoed in a log)
	"CANARY-db-P@ss w0rd&x=1",           // database.password
	"CANARY-smtp-Pa55+w0rd/Zq=",         // smtpPassword
	"CANARYsaltQ7w8e9r0t1y2",            // passwordSalt
	"CANARYcryptKeyZ9y8x7w6v5u4t3s2",    // cryptKey
	"CANARYhashSecretKeyM3n4b5v6c7",     // hashSecretKey
	"CANARYapiKeyId0a1b2c3d4e5f6a7b8",   // an apiSecretKeys key (an API key)
	"CANARYapiSecretValue9h8g7f6e5d",    // its secret
	"CANARY-ldap-Secret!42",             // ldapPassword
	"CANARYauthCodeOAQABAAIAAAD",        // an authorization code in a log
	"CANARYaccessTokenXyZ123",           // an access token in a log
	"CANARYrefreshTok456",               // a refresh token in a log
	"CANARYsignatureBytes77",            // a JWT's signature in a log
	canaryUserPassword,                  // a test account's password (probe --password-stdin)
}

// canaryUserPassword is given on stdin only, never in a fixture.
const canaryUserPassword = "CANARYuserPassw0rd!%&"

// canaryForms are the byte sequences that must not appear.
func canaryForms(s string) []string {
	return []string{s,
		base64.StdEncoding.EncodeToString([]byte(s)), base64.URLEncoding.EncodeToString([]byte(s)),
		base64.RawStdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)),
		url.QueryEscape(s), url.PathEscape(s),
		strings.Trim(mustJSON(s), `"`),
	}
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// canaryIn returns the first canary form found in out, or "".
func canaryIn(out []byte) string {
	for _, c := range canarySecrets {
		for _, form := range canaryForms(c) {
			if bytes.Contains(out, []byte(form)) {
				return form
			}
		}
	}
	return ""
}

// checkCanaries fails when out holds a canary in any form.
func checkCanaries(t *testing.T, what string, out []byte) {
	t.Helper()
	if form := canaryIn(out); form != "" {
		t.Errorf("%s: the output contains a canary secret (as %q)", what, form)
	}
}

// runChecked runs a command line in-process and checks stdout, stderr and
// every file the command wrote under dir.
func runChecked(t *testing.T, stdin string, args ...string) int {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(args, strings.NewReader(stdin), &out, &errb)
	what := strings.Join(args, " ")
	if out.Len() == 0 && errb.Len() == 0 {
		t.Errorf("%s: no output at all (exit %d)", what, code)
	}
	checkCanaries(t, what+" (stdout)", out.Bytes())
	checkCanaries(t, what+" (stderr)", errb.Bytes())
	return code
}

func checkDir(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		checkCanaries(t, p, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCanaryFixturesHoldTheCanaries(t *testing.T) {
	// The test can fail: each canary is really in the fixtures.
	var all []byte
	for _, p := range []string{"instance/data/config.php", "instance/data/config-internal.php", "logs/espo-2025-03-01.log"} {
		b, err := os.ReadFile(canaryDir + p)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	for _, c := range canarySecrets {
		if c != canaryUserPassword && !bytes.Contains(all, []byte(c)) {
			t.Errorf("canary %q is in no fixture", c)
		}
	}
	var out bytes.Buffer
	execute([]string{"lint", "--format", "json", canaryDir + "instance"}, nil, &out, &out)
	var rep report.JSONReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("lint: not JSON: %v\n%s", err, out.String())
	}
	// The rules see the secret (it is set) without printing it.
	for _, f := range rep.Findings {
		if f.Name == "client-secret-missing" {
			t.Errorf("the client secret was not read: %+v", f)
		}
	}
}

func TestCanaryEveryCommandAndFormat(t *testing.T) {
	inst := canaryDir + "instance"
	tmp := t.TempDir()
	for _, format := range report.Formats() {
		runChecked(t, "", "lint", "--format", format, "--fail-on", "never", inst)
		runChecked(t, "", "lint", "--format", format, "--app-manifest", canaryDir+"manifest.json", inst, canaryDir+"instance.json")
		runChecked(t, "", "lint", "--format", format, "--quiet", inst)
	}
	// Every format at once into files, and from stdin.
	var outs []string
	for _, format := range report.Formats() {
		outs = append(outs, "--output", format+"="+filepath.Join(tmp, "lint-out", "out."+format))
	}
	if err := os.MkdirAll(filepath.Join(tmp, "lint-out"), 0o755); err != nil {
		t.Fatal(err)
	}
	runChecked(t, "", append([]string{"lint", inst}, outs...)...)
	if n := checkDir(t, filepath.Join(tmp, "lint-out")); n != len(report.Formats()) {
		t.Errorf("lint --output wrote %d files, want %d", n, len(report.Formats()))
	}
	php, err := os.ReadFile(inst + "/data/config-internal.php")
	if err != nil {
		t.Fatal(err)
	}
	runChecked(t, string(php), "lint", "-")
	runChecked(t, string(php), "lint", "--format", "json", "-")
	// A broken input: the error message must not quote the secret.
	if code := runChecked(t, "", "lint", canaryDir+"truncated.php"); code != exitUsage {
		t.Errorf("lint truncated.php: exit %d, want %d", code, exitUsage)
	}
	// The catalog and the documentation.
	runChecked(t, "", "rules")
	runChecked(t, "", "rules", "--format", "json")
	for _, r := range rules.All() {
		runChecked(t, "", "explain", r.ID)
	}
	runChecked(t, "", "explain", "AADSTS7000215")
	// Logs.
	runChecked(t, "", "logs", canaryDir+"logs")
	runChecked(t, "", "logs", "--format", "json", canaryDir+"logs")
	logText, err := os.ReadFile(canaryDir + "logs/espo-2025-03-01.log")
	if err != nil {
		t.Fatal(err)
	}
	runChecked(t, string(logText), "logs", "-")
	// The support bundle.
	bundle := filepath.Join(tmp, "bundle")
	runChecked(t, "", "report", inst, "--app-manifest", canaryDir+"manifest.json", "--logs", canaryDir+"logs", "-d", bundle)
	if n := checkDir(t, bundle); n < 5 {
		t.Errorf("the bundle holds %d files, want at least report.html, report.md, report.json, effective-settings.json, logs.json", n)
	}
}

// A secret written without quotes ('passwordSalt' => CANARY...) is a PHP
// constant to the parser; the parse error must not name it.
func TestCanaryBareSecretInParseError(t *testing.T) {
	if code := runChecked(t, "", "lint", canaryDir+"garbage.php"); code != exitUsage {
		t.Errorf("lint garbage.php: exit %d, want %d", code, exitUsage)
	}
}

// The detector itself can fail: a canary is found in every form.
func TestCanaryDetector(t *testing.T) {
	for _, c := range canarySecrets {
		for _, form := range canaryForms(c) {
			if canaryIn([]byte("x "+form+" y")) == "" {
				t.Errorf("form %q of %q not detected", form, c)
			}
		}
	}
	if canaryIn([]byte("[redacted: 33 chars, sha256 1234abcd]")) != "" {
		t.Error("a fingerprint is taken for a canary")
	}
}

// hostileIdP is a loopback identity provider that echoes the client secret
// it receives in its error answer, or returns canary tokens.
func hostileIdP(t *testing.T, echo bool) (*httptest.Server, *atomic.Int32, *atomic.Int32) {
	var tokenCalls, passwordCalls atomic.Int32
	t.Helper()
	jwt := func(claims string) string {
		enc := base64.RawURLEncoding.EncodeToString
		return enc([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." + enc([]byte(claims)) + ".CANARYsignatureBytes77"
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/keys":
			io.WriteString(w, `{"keys":[{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw","e":"AQAB"}]}`)
		case "/token":
			_ = r.ParseForm()
			secret := r.PostForm.Get("client_secret")
			tokenCalls.Add(1)
			if u, p, ok := r.BasicAuth(); ok {
				secret = u + ":" + p
			}
			if pw := r.PostForm.Get("password"); pw != "" {
				passwordCalls.Add(1)
				secret += " password " + pw
			}
			if echo {
				w.Header().Set("WWW-Authenticate", "Basic realm=\""+secret+"\"")
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprintf(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided: %s\r\nTrace ID: x","error_codes":[7000215]}`, secret)
				return
			}
			fmt.Fprintf(w, `{"token_type":"Bearer","expires_in":3600,"access_token":"CANARYaccessTokenXyZ123","refresh_token":"CANARYrefreshTok456","id_token":%q}`,
				jwt(`{"iss":"`+"http://"+r.Host+`","aud":"11111111-2222-3333-4444-555555555555","sub":"s","nonce":"CANARYnonceVal55","exp":4102444800,"iat":1700000000}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &tokenCalls, &passwordCalls
}

func TestCanaryProbe(t *testing.T) {
	for _, echo := range []bool{true, false} {
		srv, tokenCalls, passwordCalls := hostileIdP(t, echo)
		dir := filepath.Join(t.TempDir(), "data")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		cfg := fmt.Sprintf(`<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'authenticationMethod' => 'Oidc',
  'oidcClientId' => '11111111-2222-3333-4444-555555555555',
  'oidcAuthorizationEndpoint' => '%[1]s/authorize',
  'oidcTokenEndpoint' => '%[1]s/token',
  'oidcJwksEndpoint' => '%[1]s/keys',
  'oidcJwtSignatureAlgorithmList' => ['RS256'],
  'oidcUsernameClaim' => 'sub',
  'oidcFallback' => true,
];
`, srv.URL)
		internal, err := os.ReadFile(canaryDir + "instance/data/config-internal.php")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config.php"), []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "config-internal.php"), internal, 0o644); err != nil {
			t.Fatal(err)
		}
		facts := filepath.Join(t.TempDir(), "facts.json")
		for _, format := range report.Formats() {
			runChecked(t, "", "lint", "--probe", "--format", format, dir)
			runChecked(t, "", "probe", "--format", format, "--facts", facts, dir)
			runChecked(t, canaryUserPassword+"\n", "probe", "--format", format, "--username", "ann@example.com", "--password-stdin", dir)
		}
		checkDir(t, filepath.Dir(facts))
		bundle := filepath.Join(t.TempDir(), "bundle")
		var out, errb bytes.Buffer
		code := execute([]string{"report", dir, "--probe", "-d", bundle}, strings.NewReader(""), &out, &errb)
		checkCanaries(t, "report --probe (stdout)", out.Bytes())
		checkCanaries(t, "report --probe (stderr)", errb.Bytes())
		if code == exitUsage {
			t.Errorf("echo=%v: report --probe: exit %d: %s", echo, code, errb.String())
			continue
		}
		if passwordCalls.Load() == 0 {
			t.Errorf("echo=%v: the password grant never reached the token endpoint", echo)
		}
		if tokenCalls.Load() == 0 {
			t.Errorf("echo=%v: the probe never called the token endpoint: the hostile answers were not exercised", echo)
		}
		if n := checkDir(t, bundle); n < 7 {
			t.Errorf("echo=%v: the bundle holds %d files, want report.html, report.md, report.json, effective-settings.json, discovery.json, jwks.json, probe-transcript.json", echo, n)
		}
	}
}
