package e2e

// The harness every provider's tests share: the real espo-oidc binary, an
// EspoCRM data/ folder, a TLS certificate for 127.0.0.1, and a browser (a
// cookie-holding HTTP client that fills in the provider's own login and
// consent forms).

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"html"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

var binary string // the espo-oidc binary built for the tests

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "espo-oidc-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "espo-oidc")
	build := exec.Command("go", "build", "-o", binary, "./cmd/espo-oidc")
	build.Dir = ".." // the tool's own module
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building espo-oidc:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need skips a test whose provider is not installed, or fails it when
// ESPO_OIDC_E2E_REQUIRE=1 (as .ci/run sets it), so CI never skips silently.
func need(t *testing.T, ok bool, how string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("ESPO_OIDC_E2E_REQUIRE") == "1" {
		t.Fatalf("not installed: %s", how)
	}
	t.Skipf("not installed: %s (.ci/run does it; ESPO_OIDC_E2E_REQUIRE=1 turns this skip into a failure)", how)
}

// tlsFiles is a self-signed certificate for 127.0.0.1 and ::1 that is its
// own CA: cert.pem is passed to the probe with --ca-file.
type tlsFiles struct {
	cert, key string
	pool      *x509.CertPool
}

func newTLS(t *testing.T) tlsFiles {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "espo-oidc e2e 127.0.0.1"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1"), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := tlsFiles{cert: filepath.Join(dir, "cert.pem"), key: filepath.Join(dir, "key.pem"), pool: x509.NewCertPool()}
	os.WriteFile(f.cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(f.key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600)
	c, _ := x509.ParseCertificate(der)
	f.pool.AddCert(c)
	return f
}

// client trusts the certificate and never leaves loopback.
func (f tlsFiles) client() *http.Client {
	return &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: f.pool},
		Proxy:           nil,
		DialContext:     loopbackOnly,
	}}
}

func loopbackOnly(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("the e2e browser only talks to loopback, not %s", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// endpoints are what an EspoCRM administrator copies from the provider.
type endpoints struct {
	auth, token, jwks, userinfo string
}

// writeInstance writes an EspoCRM data/ folder for the endpoints; over
// replaces settings (PHP literals); "oidcClientSecret" replaces the secret
// (a plain string) in config-internal.php.
func writeInstance(t *testing.T, ep endpoints, secret string, over map[string]string) string {
	t.Helper()
	vals := map[string]string{
		"siteUrl":                       "'" + siteURL + "'",
		"authenticationMethod":          "'Oidc'",
		"oidcClientId":                  "'" + clientID + "'",
		"oidcAuthorizationEndpoint":     "'" + ep.auth + "'",
		"oidcTokenEndpoint":             "'" + ep.token + "'",
		"oidcJwksEndpoint":              "'" + ep.jwks + "'",
		"oidcJwtSignatureAlgorithmList": "['RS256']",
		"oidcScopes":                    "['profile', 'email']",
		"oidcUsernameClaim":             "'email'",
		"oidcAuthorizationPrompt":       "'login'",
		"oidcAuthorizationPkce":         "true",
		"oidcFallback":                  "true",
		"oidcAllowAdminUser":            "true",
	}
	for k, v := range over {
		if k == "oidcClientSecret" {
			secret = v
			continue
		}
		if v == "" {
			delete(vals, k)
			continue
		}
		vals[k] = v
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("<?php\nreturn [\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "  '%s' => %s,\n", k, vals[k])
	}
	b.WriteString("];\n")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(data, "config.php"), []byte(b.String()), 0o644)
	os.WriteFile(filepath.Join(data, "config-internal.php"), []byte("<?php\nreturn [\n  'logger' => ['level' => 'DEBUG'],\n  'oidcClientSecret' => '"+secret+"',\n];\n"), 0o600)
	return dir
}

type result struct {
	code           int
	stdout, stderr string
	findings       []string // "name@key"
	graded         []string // "name@key:severity"
	messages       []string // "severity name@key: message", every finding
	facts          map[string]any
	factsRaw       string
}

// secrets are the values no output may carry; a test adds its own.
var secrets = []string{clientSecret, userPassword, "eyJ"}

// run executes the real binary with --format json and --facts; browser,
// when set, plays the browser with the authorize URL the binary prints and
// returns the final URL to paste ("" when --listen catches it).
func run(t *testing.T, stdin string, browser func(authURL string) string, args ...string) result {
	t.Helper()
	factsFile := filepath.Join(t.TempDir(), "facts.json")
	args = append(args, "--format", "json", "--facts", factsFile)
	r := exec1(t, "", stdin, browser, args...)
	var rep struct {
		Findings []struct{ Name, Key, Severity, Message string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not JSON (%v):\n%s\nstderr:\n%s", err, r.stdout, r.stderr)
	}
	for _, f := range rep.Findings {
		r.messages = append(r.messages, f.Severity+" "+f.Name+"@"+f.Key+": "+f.Message)
		if strings.HasPrefix(f.Name, "probe-") {
			r.findings = append(r.findings, f.Name+"@"+f.Key)
			r.graded = append(r.graded, f.Name+"@"+f.Key+":"+f.Severity)
		}
	}
	sort.Strings(r.findings)
	sort.Strings(r.graded)
	if b, err := os.ReadFile(factsFile); err == nil {
		r.factsRaw = string(b)
		json.Unmarshal(b, &r.facts)
	}
	for _, s := range secrets {
		if strings.Contains(r.stdout+r.stderr, s) {
			t.Errorf("output carries a secret (%.6s…)", s)
		}
		if strings.Contains(r.factsRaw, s) {
			t.Errorf("facts carry a secret (%.6s…)", s)
		}
	}
	return r
}

func get(m map[string]any, path ...string) any {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[p]
	}
	return v
}

// token returns the facts of the token request of that grant.
func (r result) token(grant string) map[string]any {
	ts, _ := r.facts["tokens"].([]any)
	for _, tk := range ts {
		if m, _ := tk.(map[string]any); m["grant"] == grant {
			return m
		}
	}
	return nil
}

// exec1 runs the binary in dir (when set) and returns its exit code and
// output; see run for stdin and browser.
func exec1(t *testing.T, dir, stdin string, browser func(authURL string) string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "E2E_PASSWORD="+userPassword)
	var out strings.Builder
	cmd.Stdout = &out
	errR, errW := io.Pipe()
	cmd.Stderr = errW
	inW, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var errText strings.Builder
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(errR)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		urlRe := regexp.MustCompile(`^\s+(https://\S+/auth\?\S+)$`)
		for sc.Scan() {
			line := sc.Text()
			errText.WriteString(line + "\n")
			if m := urlRe.FindStringSubmatch(line); m != nil && browser != nil {
				go func() { // --listen waits on the browser; keep reading stderr
					final := browser(m[1])
					if final != "" {
						io.WriteString(inW, final+"\n")
					}
					inW.Close()
				}()
			}
		}
	}()
	if stdin != "" {
		io.WriteString(inW, stdin)
	}
	if browser == nil {
		inW.Close()
	}
	werr := cmd.Wait()
	errW.Close()
	<-done
	r := result{stdout: out.String(), stderr: errText.String()}
	if ee, ok := werr.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if werr != nil {
		t.Fatal(werr)
	}
	return r
}

// listenBrowser signs in at p as the test user and delivers the final URL
// to the --listen address; reply, when set, gets the listener's page.
func listenBrowser(t *testing.T, p *idp, listen string, reply func(page string, err error)) func(string) string {
	return func(authURL string) string {
		b := newBrowser(t, p.tls, login(p), userPassword)
		if final := b.signIn(authURL, "http://"+listen+"/"); final != "" {
			page, err := b.deliver(final)
			if reply != nil {
				reply(page, err)
			}
		}
		return ""
	}
}

// ---- the browser ----

var (
	formRe  = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	attrRe  = regexp.MustCompile(`(?is)\b(action|method|name|value|type)\s*=\s*"([^"]*)"`)
	inputRe = regexp.MustCompile(`(?is)<(?:input|button)\b[^>]*>`)
)

// browser is a user with a cookie jar signing in at the provider's own
// pages: it follows redirects, fills in the first form of each page (the
// login and password fields; every other field as the page sent it) and
// submits it, until the provider redirects to stopAt (the redirect URI).
type browser struct {
	t               *testing.T
	c               *http.Client
	login, password string
	pages           []string // what the browser saw, for failure messages
}

func newBrowser(t *testing.T, tf tlsFiles, login, password string) *browser {
	jar, _ := cookiejar.New(nil)
	c := tf.client()
	c.Jar = jar
	return &browser{t: t, c: c, login: login, password: password}
}

// signIn returns the URL the provider finally redirects to, or "" after
// reporting why it did not get there.
func (b *browser) signIn(authURL, stopAt string) string {
	b.c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), stopAt) {
			return http.ErrUseLastResponse
		}
		if len(via) > 20 {
			return fmt.Errorf("more than 20 redirects")
		}
		return nil
	}
	req, _ := http.NewRequest("GET", authURL, nil)
	for page := 0; page < 8; page++ {
		resp, err := b.c.Do(req)
		if err != nil {
			b.t.Errorf("browser: %v", err)
			return ""
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "" && strings.HasPrefix(loc, stopAt) {
			return loc
		}
		b.pages = append(b.pages, fmt.Sprintf("%s %s → %d", req.Method, req.URL, resp.StatusCode))
		m := formRe.FindSubmatch(body)
		if resp.StatusCode != 200 || m == nil {
			b.t.Errorf("browser: ended on %s (HTTP %d) without a form, not on %s:\n%s\npages: %s", resp.Request.URL, resp.StatusCode, stopAt, snippet(body), strings.Join(b.pages, "\n  "))
			return ""
		}
		action, method := resp.Request.URL.String(), "GET"
		for _, a := range attrRe.FindAllSubmatch(m[1], -1) {
			switch strings.ToLower(string(a[1])) {
			case "action":
				if u, err := resp.Request.URL.Parse(html.UnescapeString(string(a[2]))); err == nil {
					action = u.String()
				}
			case "method":
				method = strings.ToUpper(string(a[2]))
			}
		}
		vals := url.Values{}
		for _, in := range inputRe.FindAll(m[2], -1) {
			var name, value, typ string
			for _, a := range attrRe.FindAllSubmatch(in, -1) {
				switch strings.ToLower(string(a[1])) {
				case "name":
					name = html.UnescapeString(string(a[2]))
				case "value":
					value = html.UnescapeString(string(a[2]))
				case "type":
					typ = strings.ToLower(string(a[2]))
				}
			}
			switch {
			case name == "":
			case typ == "password" || name == "password":
				vals.Set(name, b.password)
			case name == "login" || name == "username" || name == "email":
				vals.Set(name, b.login)
			default:
				vals.Set(name, value)
			}
		}
		if method == "POST" {
			req, _ = http.NewRequest("POST", action, strings.NewReader(vals.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		} else {
			u, _ := url.Parse(action)
			u.RawQuery = vals.Encode()
			req, _ = http.NewRequest("GET", u.String(), nil)
		}
	}
	b.t.Errorf("browser: no redirect to %s after 8 pages: %s", stopAt, strings.Join(b.pages, "\n  "))
	return ""
}

// deliver opens the final URL as the browser does (the --listen server
// answers it) and returns the page it got.
func (b *browser) deliver(final string) (string, error) {
	resp, err := b.c.Get(final)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return string(body), err
	}
	if resp.StatusCode != 200 {
		return string(body), fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return string(body), nil
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(string(b), " ")), " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}
