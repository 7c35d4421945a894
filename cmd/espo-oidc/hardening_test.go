package main

// Issue 10: secrets, bounded inputs, hostile providers, terminal escapes and
// output files, tried as an attacker would, through the commands.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
)

// The secrets of these tests: distinctive, with characters that encode.
const (
	hostileSecret   = "Zq8~hostile.Secret_4vW/+x"
	hostilePassword = "Pw!hostile 9x%&+=é"
	hostileUser     = "alice@example.com"
)

// guard fails the test when fn does not return within d (a read that
// waits forever, a verification that takes minutes).
func guard(t *testing.T, what string, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still running after %s", what, d)
	}
}

func runH(stdin io.Reader, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := execute(args, stdin, &out, &errb)
	return code, out.String(), errb.String()
}

func fullUEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, `\u%04x`, r)
	}
	return b.String()
}

func lowerPct(s string) string {
	b := []byte(url.QueryEscape(s))
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = bytes.ToLower(b[i+1 : i+2])[0], bytes.ToLower(b[i+2 : i+3])[0]
		}
	}
	return string(b)
}

// leakForms are the forms of s no output may hold: those of the canary
// test, lower-case percent-encoding, every character \u-escaped, JSON with
// \/, base64 of client_id:s, and any 10 consecutive characters of it.
func leakForms(s string) []string {
	f := append(canaryForms(s), lowerPct(s), fullUEscape(s), strings.ReplaceAll(strings.Trim(mustJSON(s), `"`), "/", `\/`),
		base64.StdEncoding.EncodeToString([]byte("espo-client:"+s)))
	for i := 0; i+10 <= len(s); i++ {
		f = append(f, s[i:i+10])
	}
	return f
}

func checkNoLeak(t *testing.T, what string, out []byte, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		for _, form := range leakForms(s) {
			if bytes.Contains(out, []byte(form)) {
				i := bytes.Index(out, []byte(form))
				t.Errorf("%s: holds %q (a form of a secret) in …%s…", what, form, out[max(0, i-60):min(len(out), i+len(form)+20)])
				return
			}
		}
	}
}

// writeInstance writes data/config.php and data/config-internal.php for
// a generic provider at base, with extra settings (PHP literals).
func writeInstance(t *testing.T, base string, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{
		"siteUrl":                       "'https://crm.example.com'",
		"authenticationMethod":          "'Oidc'",
		"oidcClientId":                  "'espo-client'",
		"oidcAuthorizationEndpoint":     "'" + base + "/oauth2/authorize'",
		"oidcTokenEndpoint":             "'" + base + "/oauth2/token'",
		"oidcJwksEndpoint":              "'" + base + "/jwks'",
		"oidcJwtSignatureAlgorithmList": "['RS256']",
		"oidcScopes":                    "['profile', 'email']",
		"oidcUsernameClaim":             "'preferred_username'",
		"oidcFallback":                  "true",
	}
	for k, v := range extra {
		settings[k] = v
	}
	var b strings.Builder
	b.WriteString("<?php\nreturn [\n")
	for k, v := range settings {
		fmt.Fprintf(&b, "  '%s' => %s,\n", k, v)
	}
	b.WriteString("];\n")
	if err := os.WriteFile(filepath.Join(data, "config.php"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	internal := "<?php\nreturn [\n  'oidcClientSecret' => '" + hostileSecret + "',\n];\n"
	if err := os.WriteFile(filepath.Join(data, "config-internal.php"), []byte(internal), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// rawServer answers every connection on 127.0.0.1 with answer(request
// head, request body); it records the requests.
type rawServer struct {
	ln   net.Listener
	mu   sync.Mutex
	reqs []string
}

func startRaw(t *testing.T, answer func(path, head, body string) string) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				r := bufio.NewReader(c)
				req, err := http.ReadRequest(r)
				if err != nil {
					return
				}
				body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
				var head bytes.Buffer
				fmt.Fprintf(&head, "%s %s\r\n", req.Method, req.URL.RequestURI())
				req.Header.Write(&head)
				s.mu.Lock()
				s.reqs = append(s.reqs, head.String()+"\r\n"+string(body))
				s.mu.Unlock()
				io.WriteString(c, answer(req.URL.Path, head.String(), string(body)))
			}()
		}
	}()
	return s
}

func (s *rawServer) base() string { return "http://" + s.ln.Addr().String() }

func (s *rawServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

// probeOutputs runs probe in the formats given (and --facts) and returns
// every output: stdout, stderr and the facts file, per format.
func probeOutputs(t *testing.T, inst string, formats []string, extra ...string) map[string][]byte {
	t.Helper()
	outs := map[string][]byte{}
	for _, format := range formats {
		facts := filepath.Join(t.TempDir(), "facts.json")
		args := append([]string{"probe", "--format", format, "--timeout", "5s", "--facts", facts, "--username", hostileUser, "--password-stdin", inst}, extra...)
		var code int
		var out, errs string
		guard(t, "probe "+format, 60*time.Second, func() {
			code, out, errs = runH(strings.NewReader(hostilePassword+"\n"), args...)
		})
		fb, _ := os.ReadFile(facts)
		outs[format+" stdout"] = []byte(out)
		outs[format+" stderr"] = []byte(errs)
		outs[format+" --facts"] = fb
		if code == exitUsage {
			t.Errorf("probe %s: exit %d: %s", format, code, errs)
		}
	}
	return outs
}

// Item 1: Go's HTTP client quotes the bytes of a malformed answer; a token
// endpoint that echoes the request would put the secret and the password
// into stderr, findings, the timeline and --facts.
func TestHostileEchoInNetworkErrors(t *testing.T) {
	for name, shape := range map[string]func(body string) string{
		"broken status line": func(body string) string { return "HTTP/1.1 " + body + "\r\n\r\n" },
		"missing colon":      func(body string) string { return "HTTP/1.1 200 OK\r\n" + body + "\r\n\r\n" },
		"bad Content-Length": func(body string) string { return "HTTP/1.1 200 OK\r\nContent-Length: " + body + "\r\n\r\n" },
		"bad status code":    func(body string) string { return "HTTP/1.1 9" + body + " x\r\n\r\n" },
	} {
		t.Run(name, func(t *testing.T) {
			srv := startRaw(t, func(path, head, body string) string {
				if path == "/oauth2/token" {
					return shape(body)
				}
				return "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
			})
			inst := writeInstance(t, srv.base(), nil)
			outs := probeOutputs(t, inst, []string{"text", "json"}, "--issuer", srv.base())
			for what, b := range outs {
				checkNoLeak(t, what, b, hostileSecret, hostilePassword)
			}
			// the test can fail: the server did get (and echo) both
			var all string
			for _, r := range srv.requests() {
				all += r
			}
			if !strings.Contains(all, url.QueryEscape(hostileSecret)) || !strings.Contains(all, url.QueryEscape(hostilePassword)) {
				t.Fatalf("the token endpoint never received the secret and the password:\n%s", all)
			}
		})
	}
}

// Item 2: an answer that echoes the secret escaped, encoded, in a header
// or only partly shows none of it.
func TestHostileEchoInAnswers(t *testing.T) {
	sec := hostileSecret
	desc := fmt.Sprintf(`json \/: %s; \u: %s; pct: %s; part: %s; base64: %s`,
		strings.ReplaceAll(strings.Trim(mustJSON(sec), `"`), "/", `\/`), fullUEscape(sec), lowerPct(hostilePassword), sec[3:len(sec)-3],
		base64.StdEncoding.EncodeToString([]byte("espo-client:"+sec)))
	srv := startRaw(t, func(path, head, body string) string {
		switch path {
		case "/oauth2/token":
			js := `{"error":"invalid_client","error_description":"` + desc + `","echo":"` + body + `"}`
			return "HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: application/json; x=" + url.QueryEscape(sec) + "\r\nLocation: https://x.example/?e=" + lowerPct(sec) + "&p=" + fullUEscape(hostilePassword) + "\r\nContent-Length: " + strconv.Itoa(len(js)) + "\r\n\r\n" + js
		case "/jwks":
			js := `{"keys":[],"note":"` + fullUEscape(sec) + `"}`
			return "HTTP/1.1 302 Found\r\nConnection: close\r\nLocation: https://x.example/?s=" + url.QueryEscape(sec) + "\r\nContent-Length: " + strconv.Itoa(len(js)) + "\r\n\r\n" + js
		}
		return "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
	})
	inst := writeInstance(t, srv.base(), nil)
	outs := probeOutputs(t, inst, []string{"text", "json", "markdown", "github", "sarif", "junit"}, "--issuer", srv.base())
	for what, b := range outs {
		checkNoLeak(t, what, b, hostileSecret, hostilePassword)
	}
}

// Item 4: a password in a URL is never printed and never sent.
func TestURLUserinfo(t *testing.T) {
	const uiPassword = "UiPassw0rd-4711x"
	srv := startRaw(t, func(path, head, body string) string {
		return "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
	})
	host := strings.TrimPrefix(srv.base(), "http://")
	inst := writeInstance(t, "http://admin:"+uiPassword+"@"+host, map[string]string{
		"siteUrl": "'https://admin:" + uiPassword + "@crm.example.com'",
	})
	// lint, every format
	var seenFinding bool
	for _, format := range []string{"text", "json", "markdown", "github", "sarif", "junit", "html"} {
		code, out, errs := runH(nil, "lint", "--format", format, "--fail-on", "never", inst)
		if code != 0 {
			t.Errorf("lint %s: exit %d %s", format, code, errs)
		}
		checkNoLeak(t, "lint "+format, []byte(out+errs), uiPassword)
		if format == "json" && strings.Contains(out, `"url-userinfo"`) {
			seenFinding = true
		}
	}
	if !seenFinding {
		t.Error("no url-userinfo finding for a siteUrl and endpoints with a password")
	}
	// the bundle
	bundle := filepath.Join(t.TempDir(), "bundle")
	if code, _, errs := runH(nil, "report", inst, "--dir", bundle); code != 0 && code != exitFindings {
		t.Errorf("report: exit %d %s", code, errs)
	}
	filepath.WalkDir(bundle, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			checkNoLeak(t, p, b, uiPassword)
		}
		return nil
	})
	// the probe: nothing sent with the userinfo (no Authorization: Basic)
	outs := probeOutputs(t, inst, []string{"text", "json"})
	for what, b := range outs {
		checkNoLeak(t, what, b, uiPassword)
	}
	reqs := srv.requests()
	if len(reqs) == 0 {
		t.Fatal("the probe sent nothing (the guessed issuer should be fetched)")
	}
	for _, r := range reqs {
		if strings.Contains(strings.ToLower(r), "authorization:") || strings.Contains(r, uiPassword) {
			t.Errorf("a request carries the URL's userinfo:\n%s", r)
		}
	}
}

// Item 5: the log syntaxes the old patterns missed.
func TestLogsRedactionForms(t *testing.T) {
	values := []string{"LogSecretA1b2c3d4", "LogSecret e5, f6 g7", "LogSecretH8i9j0k1", "LogSecretL2m3n4o5", "LogSecret p6 q7r8", "LogSecretS9t0u1v2"}
	jwt := "eyAidHlwIjogIkpXVCIsICJhbGciOiAiUlMyNTYifQ.eyAic3ViIjogIjEyMzQ1Njc4OTAifQ.TG9nU2lnbmF0dXJlWDl5OHo3"
	// unrecognised OIDC messages are shown as they are (redacted): each
	// carries one form
	lines := []string{
		"[2026-07-02 09:15:01] ERROR: OIDC: Something new. Array ( [client_secret] => " + values[0] + " )",
		"[2026-07-02 09:15:02] ERROR: OIDC: Something new. array ( 'client_secret' => '" + values[1] + "', )",
		"[2026-07-02 09:15:03] ERROR: OIDC: Something new. clientSecret=" + values[2],
		"[2026-07-02 09:15:04] ERROR: OIDC: Something new. body=grant_type%3Dx%26client_secret%3D" + values[3],
		"[2026-07-02 09:15:05] ERROR: OIDC: Something new. password=" + values[4],
		"[2026-07-02 09:15:06] ERROR: OIDC: Something new. " + jwt,
		"[2026-07-02 09:15:07] ERROR: OIDC: Something new. Authorization: Digest username=\"bob\", response=\"" + values[5] + "\"",
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "espo-2026-07-02.log")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		_, out, errs := runH(nil, "logs", "--format", format, p)
		for _, v := range append(values, "TG9nU2lnbmF0dXJlWDl5OHo3") {
			for _, part := range strings.Fields(strings.Trim(v, ",")) {
				if len(part) >= 6 && strings.Contains(out+errs, strings.Trim(part, ",")) {
					t.Errorf("logs %s shows %q (of %q)", format, part, v)
				}
			}
		}
	}
}

// Item 10: escape sequences from configuration and answers never reach
// the terminal raw.
func TestTerminalEscapes(t *testing.T) {
	const osc52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
	evil := osc52 + "\x1b[2J\u202e\u009b31m"
	srv := startRaw(t, func(path, head, body string) string {
		var js string
		switch path {
		case "/.well-known/openid-configuration":
			js = `{"issuer":"` + fullUEscape("https://idp/"+evil) + `","token_endpoint_auth_methods_supported":["` + fullUEscape(evil) + `"],"id_token_signing_alg_values_supported":["` + fullUEscape(evil) + `"],"jwks_uri":"` + fullUEscape("http://x/"+evil) + `"}`
		case "/oauth2/token":
			js = `{"error":"` + fullUEscape("invalid_"+evil) + `","error_description":"` + fullUEscape(evil) + `"}`
		case "/jwks":
			js = `{"keys":[{"kty":"RSA","kid":"` + fullUEscape(evil) + `","n":"AQAB","e":"AQAB"}]}`
		default:
			return "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
		}
		return "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(js)) + "\r\n\r\n" + js
	})
	inst := writeInstance(t, srv.base(), map[string]string{"oidcClientId": `"` + strings.ReplaceAll(evil, "\x1b", `\e`) + `"`})
	bad := func(what string, b []byte) {
		for _, c := range []string{"\x1b", "\x07", "\u202e", "\u009b"} {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("%s: holds %q raw", what, c)
			}
		}
	}
	for _, format := range []string{"text", "markdown", "github", "html"} {
		code, out, errs := runH(strings.NewReader(hostilePassword+"\n"), "probe", "--format", format, "--timeout", "5s", "--issuer", srv.base(), "--username", hostileUser, "--password-stdin", inst)
		if code == exitUsage {
			t.Errorf("probe %s: exit %d %s", format, code, errs)
		}
		bad("probe "+format, []byte(out+errs))
		code, out, errs = runH(nil, "lint", "--format", format, "--fail-on", "never", inst)
		bad("lint "+format, []byte(out+errs))
	}
	// decoded log text: a raw escape and a JSON-escaped one in a Response body
	logf := filepath.Join(t.TempDir(), "espo-2026-07-02.log")
	line := "[2026-07-02 09:15:01] ERROR: OIDC: Bad token request.; Status: 400; Response: {\"error\":\"invalid_grant\",\"error_description\":\"" + fullUEscape(evil) + " AADSTS70008: expired\"}\n" +
		"[2026-07-02 09:15:02] ERROR: OIDC: Something new. " + evil + "\n"
	if err := os.WriteFile(logf, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"logs", logf}, {"logs", "--format", "text", logf}, {"explain", "-"}} {
		code, out, errs := runH(strings.NewReader(line), args...)
		if code == exitUsage {
			t.Errorf("%v: exit %d %s", args, code, errs)
		}
		bad(strings.Join(args, " "), []byte(out+errs))
	}
}

// Item 11: output files are created without following links, 0600 in a
// 0700 folder.
func TestOutputFiles(t *testing.T) {
	inst := writeInstance(t, "https://idp.example", nil)
	tmp := t.TempDir()
	victim := filepath.Join(tmp, "victim")
	if err := os.WriteFile(victim, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	// report --dir DIR with a planted report.md link
	bundle := filepath.Join(tmp, "bundle")
	os.Mkdir(bundle, 0o755)
	os.Symlink(victim, filepath.Join(bundle, "report.md"))
	code, _, errs := runH(nil, "report", inst, "--dir", bundle)
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Errorf("report --dir followed the planted link (exit %d): the victim now holds %.40q", code, b)
	}
	if code != exitUsage || !strings.Contains(errs, "report.md") {
		t.Errorf("report --dir with a planted link: exit %d, %s", code, errs)
	}
	// a fresh bundle: 0700 folder, 0600 files
	fresh := filepath.Join(tmp, "fresh")
	if code, _, errs := runH(nil, "report", inst, "--dir", fresh); code != 0 && code != exitFindings {
		t.Fatalf("report: exit %d %s", code, errs)
	}
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("bundle folder: %v %v", fi.Mode(), err)
	}
	ents, _ := os.ReadDir(fresh)
	for _, e := range ents {
		fi, _ := e.Info()
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", e.Name(), fi.Mode())
		}
	}
	// --facts into an existing world-readable file
	facts := filepath.Join(tmp, "facts.json")
	os.WriteFile(facts, []byte("old"), 0o644)
	runH(strings.NewReader(""), "probe", "--timeout", "1s", "--facts", facts, inst)
	if fi, err := os.Stat(facts); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("--facts kept mode %v (%v), want 0600", fi.Mode(), err)
	}
	// lint --output through a planted link
	link := filepath.Join(tmp, "out.sarif")
	os.Symlink(victim, link)
	code, _, _ = runH(nil, "lint", "--fail-on", "never", "--output", "sarif="+link, inst)
	if b, _ := os.ReadFile(victim); string(b) != "keep me" || code != exitUsage {
		t.Errorf("lint --output followed a link (exit %d)", code)
	}
}

// Item 3: one list of claims never to print, the same in the probe's
// terminal summary, --facts and every format (the old lists differed and
// missed jti, s_hash and session_state).
func TestOnePolicyHiddenClaims(t *testing.T) {
	f := startFake(t)
	hidden := map[string]any{"sid": "SidValue-1234567", "jti": "JtiValue-7654321", "s_hash": "SHashValue-99999", "session_state": "SessState-abcdef"}
	f.Extra = hidden
	dir, issuer := probeInstance(t, f, fakeidp.Secret)
	for _, format := range []string{"text", "json", "markdown"} {
		facts := filepath.Join(t.TempDir(), "facts.json")
		code, out, errs := runCmd(t, fakeidp.Password+"\n", "probe", dir, "--issuer", issuer, "--ca-file", f.CAFile, "--username", fakeidp.User,
			"--password-stdin", "--no-color", "--scope", graphScope, "--format", format, "--facts", facts)
		if code != 0 && code != exitFindings {
			t.Fatalf("%s: exit %d %s", format, code, errs)
		}
		fb, err := os.ReadFile(facts)
		if err != nil || !strings.Contains(string(fb), `"preferred_username"`) {
			t.Fatalf("--facts holds no ID token claims (%v)", err)
		}
		for name, v := range hidden {
			for what, b := range map[string]string{"stdout": out, "stderr": errs, "--facts": string(fb)} {
				if strings.Contains(b, v.(string)) {
					t.Errorf("%s %s shows the %s claim's value", format, what, name)
				}
			}
		}
		if format == "text" && !strings.Contains(out, "sid") {
			t.Errorf("the summary does not list the sid claim at all:\n%s", out)
		}
	}
}
