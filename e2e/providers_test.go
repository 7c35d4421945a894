package e2e

// Real OpenID providers on loopback beside Dex: panva's oidc-provider (Node,
// e2e/oidc-provider/serve.mjs) and Ory Hydra v2 (e2e/hydra/build.sh builds
// it once; a login and consent app in this file plays its login UI).

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// setup is what a scenario changes at the provider.
type setup struct {
	authMethod       string // the client's token endpoint auth method (client_secret_post)
	onlyBasic        bool   // the provider allows only client_secret_basic
	alg              string // ID token signing algorithm (RS256)
	idTokenTTL       int    // seconds (3600)
	clockOffset      int    // seconds added to the provider's clock (oidc-provider only)
	claimsAtUserinfo bool   // scope claims only at userinfo, not in the ID token
	extraRedirect    string // a redirect URI registered besides EspoCRM's (the --listen one)
}

// idp is a running provider.
type idp struct {
	name            string
	issuer          string
	ep              endpoints
	tls             tlsFiles
	stop            func() // takes the provider down (the IdP-down scenario)
	port, adminPort int
}

func (p *idp) args(dir string, extra ...string) []string {
	return append([]string{"probe", dir, "--ca-file", p.tls.cert, "--issuer", p.issuer, "--timeout", "5s"}, extra...)
}

func (p *idp) instance(t *testing.T, over map[string]string) string {
	return writeInstance(t, p.ep, clientSecret, over)
}

// ---- oidc-provider ----

func startOIDCProvider(t *testing.T, s setup) *idp {
	t.Helper()
	node, err := exec.LookPath("node")
	need(t, err == nil, "node (apt-get install nodejs)")
	dir, _ := filepath.Abs("oidc-provider")
	_, err = os.Stat(filepath.Join(dir, "node_modules", "oidc-provider", "package.json"))
	need(t, err == nil, "oidc-provider's packages (cd e2e/oidc-provider && npm ci)")
	tf := newTLS(t)
	alg := s.alg
	if alg == "" {
		alg = "RS256"
	}
	method := s.authMethod
	if method == "" {
		method = "client_secret_post"
	}
	methods := []string{"client_secret_post", "client_secret_basic"}
	if s.onlyBasic {
		methods = []string{"client_secret_basic"}
	}
	redirects := []string{siteURL + "/oauth-callback.php"}
	if s.extraRedirect != "" {
		redirects = append(redirects, s.extraRedirect)
	}
	ttl := s.idTokenTTL
	if ttl == 0 {
		ttl = 3600
	}
	cfg := map[string]any{
		"port": 0, "cert": tf.cert, "key": tf.key,
		"clockOffset":          s.clockOffset,
		"idTokenTTL":           ttl,
		"idTokenAlgs":          []string{alg},
		"clientAuthMethods":    methods,
		"conformIdTokenClaims": s.claimsAtUserinfo,
		"clients": []map[string]any{{
			"client_id": clientID, "client_secret": clientSecret,
			"redirect_uris":                redirects,
			"grant_types":                  []string{"authorization_code", "client_credentials"},
			"response_types":               []string{"code"},
			"token_endpoint_auth_method":   method,
			"id_token_signed_response_alg": alg,
		}},
		"accounts": map[string]any{"alice": map[string]any{
			"email": userEmail, "email_verified": true, "name": "Alice Example", "preferred_username": "alice",
		}},
	}
	b, _ := json.Marshal(cfg)
	cfgFile := filepath.Join(t.TempDir(), "op.json")
	os.WriteFile(cfgFile, b, 0o600)
	cmd := exec.Command(node, filepath.Join(dir, "serve.mjs"), cfgFile)
	cmd.Dir = dir
	var errBuf bytes.Buffer
	cmd.Stderr = &errBuf
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	}
	t.Cleanup(stop)
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
		io.Copy(io.Discard, stdout)
	}()
	var ready struct{ Issuer string }
	select {
	case l := <-line:
		if err := json.Unmarshal([]byte(l), &ready); err != nil || ready.Issuer == "" {
			t.Fatalf("oidc-provider did not start (%q):\n%s", l, errBuf.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("oidc-provider did not start in 30 s:\n%s", errBuf.String())
	}
	iss := ready.Issuer
	return &idp{name: "oidc-provider", issuer: iss, tls: tf, stop: stop,
		ep: endpoints{auth: iss + "/auth", token: iss + "/token", jwks: iss + "/jwks", userinfo: iss + "/me"}}
}

// ---- Ory Hydra ----

// hydraBinary is the Hydra e2e/hydra/build.sh built: $ESPO_OIDC_E2E_HYDRA,
// or its cache folder.
func hydraBinary(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("ESPO_OIDC_E2E_HYDRA")
	if bin == "" {
		cache := os.Getenv("ESPO_OIDC_E2E_CACHE")
		if cache == "" {
			if c, err := os.UserCacheDir(); err == nil {
				cache = filepath.Join(c, "espo-oidc-e2e")
			}
		}
		bin = filepath.Join(cache, "hydra-v2.3.0", "hydra")
	}
	_, err := os.Stat(bin)
	need(t, err == nil, "Ory Hydra (bash e2e/hydra/build.sh, or ESPO_OIDC_E2E_HYDRA=path)")
	return bin
}

func startHydra(t *testing.T, s setup) *idp {
	t.Helper()
	bin := hydraBinary(t)
	tf := newTLS(t)
	pub, adm := freePort(t), freePort(t)
	issuer := fmt.Sprintf("https://127.0.0.1:%d", pub)
	admin := fmt.Sprintf("https://127.0.0.1:%d", adm)
	app := &hydraLogin{t: t, admin: admin, c: tf.client()}
	ui := httptest.NewServer(app)
	t.Cleanup(ui.Close)
	ttl := s.idTokenTTL
	if ttl == 0 {
		ttl = 3600
	}
	cfg := fmt.Sprintf(`dsn: memory
serve:
  public: {host: 127.0.0.1, port: %d}
  admin: {host: 127.0.0.1, port: %d}
  tls:
    enabled: true
    cert: {path: %q}
    key: {path: %q}
urls:
  self: {issuer: %q}
  login: %q
  consent: %q
secrets:
  system: ["e2e-hydra-system-secret-0123456789"]
ttl: {id_token: %ds}
log: {level: error}
`, pub, adm, tf.cert, tf.key, issuer, ui.URL+"/login", ui.URL+"/consent", ttl)
	cfgFile := filepath.Join(t.TempDir(), "hydra.yml")
	os.WriteFile(cfgFile, []byte(cfg), 0o600)
	cmd := exec.Command(bin, "serve", "all", "-c", cfgFile, "--sqa-opt-out")
	cmd.Env = append(os.Environ(), "SQA_OPT_OUT=true")
	var errBuf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &errBuf, &errBuf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cmd.Process.Kill()
			cmd.Wait()
		}
	}
	t.Cleanup(stop)
	c := tf.client()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := c.Get(admin + "/health/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Hydra did not start in 30 s: %v\n%s", err, errBuf.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// A fresh Hydra creates its signing keys on first use. Hydra v2.3.0's
	// JWKS handler does so without the lock its token signer takes, so two
	// concurrent first requests (the probe's JWKS fetch and the first
	// token) can leave the set with two keys of which the JWKS serves the
	// other: the probe then rightly reports 'JWT signature not verified.'.
	// A deployed Hydra has its keys long before; create them now.
	if resp, err := c.Get(issuer + "/.well-known/jwks.json"); err == nil {
		resp.Body.Close()
	}
	if s.alg != "" && s.alg != "RS256" {
		// A new key in the ID token key set; Hydra signs with the newest.
		app.call("POST", "/admin/keys/hydra.openid.id-token", map[string]any{"alg": s.alg, "kid": strings.ToLower(s.alg) + "-e2e", "use": "sig"}, nil)
	}
	method := s.authMethod
	if method == "" {
		method = "client_secret_post"
	}
	redirects := []string{siteURL + "/oauth-callback.php"}
	if s.extraRedirect != "" {
		redirects = append(redirects, s.extraRedirect)
	}
	app.call("POST", "/admin/clients", map[string]any{
		"client_id": clientID, "client_secret": clientSecret,
		"redirect_uris":              redirects,
		"grant_types":                []string{"authorization_code", "client_credentials"},
		"response_types":             []string{"code"},
		"scope":                      "openid profile email",
		"token_endpoint_auth_method": method,
	}, nil)
	return &idp{name: "hydra", issuer: issuer, tls: tf, stop: stop, port: pub, adminPort: adm,
		ep: endpoints{auth: issuer + "/oauth2/auth", token: issuer + "/oauth2/token", jwks: issuer + "/.well-known/jwks.json", userinfo: issuer + "/userinfo"}}
}

// hydraLogin is Hydra's login and consent app: it shows a login form,
// checks the password, and accepts the login and consent challenges via
// Hydra's admin API (on loopback).
type hydraLogin struct {
	t     *testing.T
	admin string
	c     *http.Client
}

func (h *hydraLogin) call(method, path string, body any, out any) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, h.admin+path, rd)
	req.Header.Set("Content-Type", "application/json")
	resp, err := h.c.Do(req)
	if err != nil {
		h.t.Errorf("hydra admin %s %s: %v", method, path, err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		h.t.Errorf("hydra admin %s %s: HTTP %d %s", method, path, resp.StatusCode, b)
		return
	}
	if out != nil {
		json.Unmarshal(b, out)
	}
}

func (h *hydraLogin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	var next struct {
		RedirectTo string `json:"redirect_to"`
	}
	form := func(kind, challenge, msg string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fields := `<input type="text" name="login"><input type="password" name="password">`
		if kind == "consent" {
			fields = `<p>EspoCRM asks for your profile and email.</p>`
		}
		fmt.Fprintf(w, `<!doctype html><title>%s</title><p>%s</p><form method="post" action="/%s"><input type="hidden" name="challenge" value="%s">%s<button type="submit" name="submit" value="allow">Continue</button></form>`,
			kind, html.EscapeString(msg), kind, html.EscapeString(challenge), fields)
	}
	switch {
	case r.URL.Path == "/login" && r.Method == "GET":
		form("login", r.Form.Get("login_challenge"), "Sign in")
		return
	case r.URL.Path == "/login" && r.Method == "POST":
		ch := r.PostForm.Get("challenge")
		if r.PostForm.Get("login") != userEmail || r.PostForm.Get("password") != userPassword {
			form("login", ch, "Wrong email or password")
			return
		}
		h.call("PUT", "/admin/oauth2/auth/requests/login/accept?login_challenge="+url.QueryEscape(ch), map[string]any{"subject": "alice-id"}, &next)
	case r.URL.Path == "/consent" && r.Method == "GET":
		form("consent", r.Form.Get("consent_challenge"), "Allow EspoCRM?")
		return
	case r.URL.Path == "/consent" && r.Method == "POST":
		ch := r.PostForm.Get("challenge")
		var req struct {
			RequestedScope    []string `json:"requested_scope"`
			RequestedAudience []string `json:"requested_access_token_audience"`
		}
		h.call("GET", "/admin/oauth2/auth/requests/consent?consent_challenge="+url.QueryEscape(ch), nil, &req)
		h.call("PUT", "/admin/oauth2/auth/requests/consent/accept?consent_challenge="+url.QueryEscape(ch), map[string]any{
			"grant_scope":                 req.RequestedScope,
			"grant_access_token_audience": req.RequestedAudience,
			"session": map[string]any{"id_token": map[string]any{
				"email": userEmail, "email_verified": true, "name": "Alice Example", "preferred_username": "alice",
			}},
		}, &next)
	default:
		http.NotFound(w, r)
		return
	}
	if next.RedirectTo == "" {
		http.Error(w, "Hydra gave no redirect", 500)
		return
	}
	http.Redirect(w, r, next.RedirectTo, http.StatusFound)
}
