// Package e2e runs the real espo-oidc binary against a real OpenID provider:
// Dex, embedded in-process and served over TLS on 127.0.0.1, with a static
// client, a static password user and the local password connector. It is a
// separate module so the tool's own go.mod stays small.
package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gosundheit "github.com/AppsFlyer/go-sundheit"
	"github.com/dexidp/dex/server"
	"github.com/dexidp/dex/server/connectors"
	"github.com/dexidp/dex/server/signer"
	"github.com/dexidp/dex/storage"
	"github.com/dexidp/dex/storage/memory"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/bcrypt"
)

const (
	clientID     = "espocrm"
	clientSecret = "e2e-Secret-Value-0123456789abcdef"
	userEmail    = "alice@example.com"
	userPassword = "Alice-Password-42"
	siteURL      = "https://crm.example.test"
)

type dex struct {
	issuer string
	caFile string
	srv    *httptest.Server
}

// startDex serves Dex at https://127.0.0.1:PORT/dex.
func startDex(t *testing.T) *dex { return startDexWith(t, setup{}) }

// startDexWith serves Dex with a scenario's setup: its clock (Dex's Now,
// and the Date header of its answers), the ID token lifetime, an extra
// redirect URI.
func startDexWith(t *testing.T, s setup) *dex {
	t.Helper()
	now := func() time.Time { return time.Now().Add(time.Duration(s.clockOffset) * time.Second) }
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var dexSrv *server.Server
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", now().UTC().Format(http.TimeFormat))
		dexSrv.ServeHTTP(w, r)
	}))
	ts.StartTLS()
	t.Cleanup(ts.Close)
	issuer := ts.URL + "/dex"

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st := memory.New(logger)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	redirects := []string{siteURL + "/oauth-callback.php"}
	if s.extraRedirect != "" {
		redirects = append(redirects, s.extraRedirect)
	}
	must(st.CreateClient(ctx, storage.Client{ID: clientID, Secret: clientSecret, Name: "EspoCRM",
		RedirectURIs: redirects}))
	must(st.CreateConnector(ctx, storage.Connector{ID: "local", Type: connectors.LocalConnector, Name: "Email", ResourceVersion: "1"}))
	hash, err := bcrypt.GenerateFromPassword([]byte(userPassword), bcrypt.MinCost+6)
	must(err)
	must(st.CreatePassword(ctx, storage.Password{Email: userEmail, Hash: hash, Username: "alice", UserID: "alice-id"}))
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	sig, err := signer.NewMockSigner(key)
	must(err)
	dexSrv, err = server.NewServer(ctx, server.Config{
		Issuer:             issuer,
		Storage:            st,
		AllowedGrantTypes:  []string{"authorization_code", "client_credentials", "password", "refresh_token"},
		SkipApprovalScreen: true,
		PasswordConnector:  "local",
		Logger:             logger,
		Signer:             sig,
		PrometheusRegistry: prometheus.NewRegistry(),
		HealthChecker:      gosundheit.New(),
		Now:                now,
		IDTokensValidFor:   time.Duration(s.idTokenTTL) * time.Second, // 0: Dex's 24 h
	})
	must(err)
	caFile := filepath.Join(t.TempDir(), "dex-ca.pem")
	must(os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}), 0o644))
	return &dex{issuer: issuer, caFile: caFile, srv: ts}
}

// startDexIdP is Dex as one of the scenarios' providers.
func startDexIdP(t *testing.T, s setup) *idp {
	d := startDexWith(t, s)
	pool := x509.NewCertPool()
	pool.AddCert(d.srv.Certificate())
	return &idp{name: "dex", issuer: d.issuer, tls: tlsFiles{cert: d.caFile, pool: pool}, stop: d.srv.Close,
		ep: endpoints{auth: d.issuer + "/auth", token: d.issuer + "/token", jwks: d.issuer + "/keys", userinfo: d.issuer + "/userinfo"}}
}

// instance writes an EspoCRM data/ folder pointing at Dex.
func (d *dex) instance(t *testing.T, over map[string]string) string {
	t.Helper()
	return writeInstance(t, endpoints{auth: d.issuer + "/auth", token: d.issuer + "/token", jwks: d.issuer + "/keys"}, clientSecret, over)
}

func (d *dex) args(dir string, extra ...string) []string {
	return append([]string{"probe", dir, "--ca-file", d.caFile, "--timeout", "5s"}, extra...)
}

func TestDiscoveryJWKSClientCredentialsPassword(t *testing.T) {
	d := startDex(t)
	dir := d.instance(t, nil)
	r := run(t, "", nil, d.args(dir, "--username", userEmail, "--password-env", "E2E_PASSWORD", "--scope", "openid")...)
	if r.code != 0 {
		t.Fatalf("exit %d\nfindings %v\nstderr:\n%s", r.code, r.findings, r.stderr)
	}
	if strings.Join(r.findings, ",") != "probe-user-outcome@oidcUsernameClaim" {
		t.Errorf("findings %v", r.findings)
	}
	f := r.facts
	if get(f, "discovery", "valid") != true || get(f, "discovery", "issuerMatches") != true || get(f, "discovery", "clientSecretPostAllowed") != true {
		t.Errorf("discovery %v", get(f, "discovery"))
	}
	if get(f, "jwks", "valid") != true {
		t.Errorf("jwks %v", get(f, "jwks"))
	}
	if get(f, "strict", "accepted") != true || get(f, "espo", "accepted") != true {
		t.Errorf("verdicts strict %v espo %v", get(f, "strict"), get(f, "espo"))
	}
	if get(f, "user", "normalized") != userEmail {
		t.Errorf("user %v", get(f, "user"))
	}
	grants := map[string]bool{}
	for _, tk := range f["tokens"].([]any) {
		m := tk.(map[string]any)
		grants[m["grant"].(string)] = m["ok"] == true
	}
	if !grants["client_credentials"] || !grants["password"] {
		t.Errorf("grants %v", grants)
	}
	if get(f, "authorize", "ok") != true {
		t.Errorf("authorize check %v", get(f, "authorize"))
	}
}

// browser plays a user signing in to Dex's login form and returns the URL
// the identity provider finally redirects to (EspoCRM's callback).
func dexBrowser(t *testing.T, d *dex) func(string) string {
	return func(authURL string) string {
		jar, _ := cookiejar.New(nil)
		c := d.srv.Client()
		c.Jar = jar
		c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if strings.HasPrefix(req.URL.String(), siteURL) {
				return http.ErrUseLastResponse
			}
			return nil
		}
		resp, err := c.Get(authURL)
		if err != nil {
			t.Errorf("browser: %v", err)
			return ""
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, siteURL) {
			return loc
		}
		// Dex's login form for the local connector: POST login and password to it.
		form := url.Values{"login": {userEmail}, "password": {userPassword}}
		resp, err = c.PostForm(resp.Request.URL.String(), form)
		if err != nil {
			t.Errorf("browser: %v", err)
			return ""
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, siteURL) {
			return loc
		}
		t.Errorf("browser: ended on %s (HTTP %d), not on the callback", resp.Request.URL, resp.StatusCode)
		return ""
	}
}

func TestAuthorizationCodeFlow(t *testing.T) {
	d := startDex(t)
	dir := d.instance(t, map[string]string{"oidcGroupClaim": "'groups'"})
	r := run(t, "", dexBrowser(t, d), d.args(dir, "--auth-code", "--no-client-credentials")...)
	if r.code != 0 && r.code != 1 {
		t.Fatalf("exit %d\nstderr:\n%s", r.code, r.stderr)
	}
	var code map[string]any
	for _, tk := range r.facts["tokens"].([]any) {
		if m := tk.(map[string]any); m["grant"] == "authorization_code" {
			code = m
		}
	}
	if code == nil || code["ok"] != true {
		t.Fatalf("code redemption %v\nstderr:\n%s", code, r.stderr)
	}
	if get(r.facts, "espo", "accepted") != true || get(r.facts, "strict", "accepted") != true {
		t.Errorf("verdicts %v / %v", get(r.facts, "espo"), get(r.facts, "strict"))
	}
	checks, _ := get(r.facts, "espo", "checks").([]any)
	if len(checks) == 0 || checks[len(checks)-1].(map[string]any)["name"] != "nonce" {
		t.Errorf("the nonce was not checked: %v", checks)
	}
	if get(r.facts, "callback", "stateOk") != true {
		t.Errorf("callback %v", get(r.facts, "callback"))
	}
}

func TestWrongSecret(t *testing.T) {
	d := startDex(t)
	dir := d.instance(t, map[string]string{"oidcClientSecret": "not-the-secret"})
	r := run(t, "", nil, d.args(dir, "--scope", "openid")...)
	if r.code != 1 || strings.Join(r.findings, ",") != "probe-token-invalid-secret@oidcClientSecret" {
		t.Fatalf("exit %d findings %v\n%s", r.code, r.findings, r.stderr)
	}
}

func TestWrongClientID(t *testing.T) {
	d := startDex(t)
	dir := d.instance(t, map[string]string{"oidcClientId": "'not-espocrm'"})
	r := run(t, "", nil, d.args(dir, "--scope", "openid")...)
	want := "probe-token-app-not-found@oidcClientId,probe-token-invalid-secret@oidcClientSecret"
	if r.code != 1 || strings.Join(r.findings, ",") != want {
		t.Fatalf("exit %d findings %v, want %s\n%s", r.code, r.findings, want, r.stderr)
	}
}

func TestUnregisteredRedirectURI(t *testing.T) {
	d := startDex(t)
	dir := d.instance(t, map[string]string{"siteUrl": "'https://crm.example.test/espo'"})
	r := run(t, "", nil, d.args(dir, "--scope", "openid")...)
	if r.code != 1 || strings.Join(r.findings, ",") != "probe-redirect-uri-mismatch@siteUrl" {
		t.Fatalf("exit %d findings %v\n%s\nauthorize: %v", r.code, r.findings, r.stderr, get(r.facts, "authorize"))
	}
}

func TestDexUnreachable(t *testing.T) {
	d := startDex(t)
	dir := d.instance(t, nil)
	d.srv.Close()
	start := time.Now()
	r := run(t, "", nil, d.args(dir)...)
	if r.code != 3 || !strings.Contains(r.stderr, "could not complete") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if time.Since(start) > 30*time.Second {
		t.Errorf("took %s", time.Since(start))
	}
}
