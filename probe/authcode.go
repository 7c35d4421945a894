package probe

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/lazyre"
	"github.com/espo-oidc/espo-oidc/internal/netutil"
)

// EncodeURIComponent is JavaScript's encodeURIComponent, which EspoCRM's
// login page applies to every authorize parameter.
func EncodeURIComponent(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9',
			c == '-', c == '_', c == '.', c == '!', c == '~', c == '*', c == '\'', c == '(', c == ')':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// Scopes are the scopes EspoCRM requests: openid first, then oidcScopes.
func Scopes(o *espo.OIDC) []string { return append([]string{"openid"}, o.Scopes...) }

// AuthRequest is one authorization request's one-off values.
type AuthRequest struct {
	State, Nonce, Verifier string
	RedirectURI            string
	URL                    string
}

// base36 is a short random string like (Math.random()+1).toString(36).substring(4).
func base36(n int) string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		x, _ := rand.Int(rand.Reader, big.NewInt(36))
		b[i] = digits[x.Int64()]
	}
	return string(b)
}

func pkceVerifier() string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
	b := make([]byte, 64)
	for i := range b {
		x, _ := rand.Int(rand.Reader, big.NewInt(int64(len(chars))))
		b[i] = chars[x.Int64()]
	}
	return string(b)
}

// Challenge is base64url(SHA-256(verifier)) without padding.
func Challenge(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// BuildAuthorizeURL builds the authorize URL exactly as EspoCRM's
// handlers/login/oidc.js does (espocrm-oidc.md §2 steps 3–4): client_id,
// redirect_uri, response_type, scope, state, nonce, prompt, then
// code_challenge + code_challenge_method (PKCE on), max_age (set), claims
// (group claim set), joined to the endpoint with '?'.
func BuildAuthorizeURL(o *espo.OIDC, redirectURI, state, nonce, verifier string) string {
	type kv struct{ k, v string }
	ps := []kv{
		{"client_id", o.ClientID},
		{"redirect_uri", redirectURI},
		{"response_type", "code"},
		{"scope", strings.Join(Scopes(o), " ")},
		{"state", state},
		{"nonce", nonce},
		{"prompt", o.Prompt},
	}
	if o.PKCE && verifier != "" {
		ps = append(ps, kv{"code_challenge", Challenge(verifier)}, kv{"code_challenge_method", "S256"})
	}
	if o.MaxAge != nil {
		ps = append(ps, kv{"max_age", fmt.Sprint(*o.MaxAge)})
	}
	if o.GroupClaim != "" {
		c, _ := json.Marshal(map[string]any{"id_token": map[string]any{o.GroupClaim: map[string]any{"essential": true}}})
		ps = append(ps, kv{"claims", string(c)})
	}
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.k + "=" + EncodeURIComponent(p.v)
	}
	return o.AuthorizationEndpoint + "?" + strings.Join(parts, "&")
}

// NewAuthRequest makes the one-off values and the URL.
func NewAuthRequest(o *espo.OIDC, redirectURI string) *AuthRequest {
	ar := &AuthRequest{State: base36(10), Nonce: base36(10), RedirectURI: redirectURI}
	if o.PKCE {
		ar.Verifier = pkceVerifier()
	}
	ar.URL = BuildAuthorizeURL(o, redirectURI, ar.State, ar.Nonce, ar.Verifier)
	return ar
}

// ParseCallback reads the final URL of the sign-in (pasted, or caught by
// the listener) and returns the code, which is a secret.
func ParseCallback(raw string, ar *AuthRequest) (*Callback, string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, "", errors.New("nothing was pasted; paste the whole URL of the page the sign-in ended on")
	}
	if len(raw) > 16<<10 {
		return nil, "", errors.New("the pasted text is longer than 16 KiB; paste only the final URL")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, "", errors.New("the pasted text is not a URL; paste the whole URL of the page the sign-in ended on")
	}
	q := u.Query()
	if u.RawQuery == "" && u.Fragment != "" {
		q, _ = url.ParseQuery(u.Fragment)
	}
	cb := &Callback{}
	if u.Host != "" {
		cb.RedirectURI = (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	}
	code := q.Get("code")
	cb.HasCode = code != ""
	cb.StateOK = q.Get("state") == ar.State
	cb.Error = q.Get("error")
	cb.ErrorDescription = q.Get("error_description")
	if first, _, ok := strings.Cut(cb.ErrorDescription, "\n"); ok {
		cb.ErrorDescription = strings.TrimSpace(first)
	}
	cb.AADSTS = AADSTS(cb.ErrorDescription)
	if !cb.HasCode && cb.Error == "" {
		return cb, "", errors.New("the URL carries neither code nor error; paste the URL of the page the identity provider redirected to (…/oauth-callback.php?code=…)")
	}
	return cb, code, nil
}

// readPaste reads one line (the final URL) from r.
func readPaste(ctx context.Context, r io.Reader) (string, error) {
	if r == nil {
		return "", errors.New("no standard input to paste the URL into")
	}
	ch := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 4096), 64<<10)
		for sc.Scan() {
			if t := strings.TrimSpace(sc.Text()); t != "" {
				ch <- t
				return
			}
		}
		if err := sc.Err(); err != nil {
			errc <- err
			return
		}
		errc <- errors.New("standard input ended before a URL was pasted")
	}()
	select {
	case s := <-ch:
		return s, nil
	case err := <-errc:
		return "", err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// listenCallback serves the redirect URI on a loopback address and returns
// the URL of the first request to its path that carries this sign-in's
// state. A request with another state (or none) gets an error page and the
// listener keeps waiting, until ctx ends: anyone who can reach the port
// cannot end the probe or slip it a code.
func listenCallback(ctx context.Context, addr, redirectURI, state string, ready func()) (string, error) {
	ru, err := url.Parse(redirectURI)
	if err != nil {
		return "", err
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("--listen %q: want host:port, e.g. 127.0.0.1:8400", addr)
	}
	if !netutil.IsLoopback(host) {
		return "", fmt.Errorf("--listen %q: only a loopback address (127.0.0.1, ::1, localhost) is allowed", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("--listen %s: %v", addr, err)
	}
	got := make(chan string, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != ru.Path {
			http.NotFound(w, r)
			return
		}
		full := (&url.URL{Scheme: ru.Scheme, Host: ru.Host, Path: r.URL.Path, RawQuery: r.URL.RawQuery}).String()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		q := r.URL.Query()
		if r.URL.RawQuery == "" && r.URL.Fragment != "" {
			q, _ = url.ParseQuery(r.URL.Fragment)
		}
		if got := q.Get("state"); got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(state)) != 1 {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, "espo-oidc: this request does not carry the state of the sign-in espo-oidc started; it was ignored and espo-oidc keeps waiting for the real redirect.\n")
			return
		}
		w.Header().Set("Connection", "close")
		io.WriteString(w, "espo-oidc received the sign-in result. You can close this window.\n")
		// The browser's page is on its way before the URL is handed over:
		// the server may be shut down as soon as the URL is read.
		http.NewResponseController(w).Flush()
		select {
		case got <- full:
		default:
		}
	})}
	go srv.Serve(ln)
	defer func() {
		// Shutdown, not Close: a handler still finishing its answer (a
		// second request, or the one that sent the URL) completes first.
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			srv.Close()
		}
	}()
	if ready != nil {
		ready()
	}
	select {
	case s := <-got:
		return s, nil
	case <-ctx.Done():
		return "", fmt.Errorf("no redirect reached %s: %v", redirectURI, ctx.Err())
	}
}

var tagRe = lazyre.New(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// pageText turns an HTML error page into one line of text.
func pageText(b []byte) string {
	t := tagRe().ReplaceAllString(string(b), " ")
	t = html.UnescapeString(t)
	return strings.Join(strings.Fields(t), " ")
}

// around returns up to n characters of s around the first match of any key.
func around(s string, n int, keys ...string) string {
	ls := strings.ToLower(s)
	for _, k := range keys {
		if i := strings.Index(ls, strings.ToLower(k)); i >= 0 {
			rs := []rune(s)
			ri := len([]rune(s[:i]))
			from := max(0, ri-n/2)
			to := min(len(rs), ri+n)
			out := strings.TrimSpace(string(rs[from:to]))
			if to < len(rs) {
				if j := strings.LastIndexByte(out, ' '); j > len(out)/2 {
					out = out[:j]
				}
				out += " …"
			}
			return out
		}
	}
	return ""
}

// JudgeAuthorize reads the authorize endpoint's answer.
func JudgeAuthorize(ex Answer, body []byte, redirectURI string) *AuthorizeCheck {
	a := &AuthorizeCheck{Answer: ex}
	a.Location = stripQuery(ex.Location) // a redirect may carry a code
	if ex.Failed {
		return a
	}
	if ex.Location != "" && strings.HasPrefix(ex.Location, redirectURI) {
		if u, err := url.Parse(ex.Location); err == nil {
			a.OAuthError = u.Query().Get("error")
			desc := u.Query().Get("error_description")
			a.AADSTS = AADSTS(desc)
			a.Text, _, _ = strings.Cut(desc, "\n")
		}
		a.OK = a.OAuthError == ""
		return a
	}
	text := pageText(body)
	a.AADSTS = AADSTS(text)
	if a.AADSTS == 0 {
		a.AADSTS = AADSTS(ex.Location)
	}
	switch entra.AuthorizeProblem(a.AADSTS) {
	case entra.ProblemRedirect:
		a.RedirectRejected = true
	case entra.ProblemApp:
		a.ClientRejected = true
	}
	if a.AADSTS != 0 {
		a.Text = around(text, 300, fmt.Sprintf("AADSTS%d", a.AADSTS))
		return a
	}
	if ex.Status >= 400 {
		if code, desc := oauthErrorOf(body, text, ex.Location); code != "" {
			a.OAuthError = code
			a.ClientRejected, a.RedirectRejected = judgeOAuthError(code, desc, text)
			a.Text = code
			if desc != "" {
				a.Text += ": " + desc
			} else if t := around(text, 240, code); t != "" {
				a.Text = t
			}
			return a
		}
		lt := strings.ToLower(text)
		switch {
		case strings.Contains(lt, "redirect"):
			a.RedirectRejected = true
			a.Text = around(text, 120, "redirect")
		case strings.Contains(lt, "client_id") || strings.Contains(lt, "client id") || strings.Contains(lt, "unknown client"):
			a.ClientRejected = true
			a.Text = around(text, 120, "client_id", "client id", "unknown client")
		default:
			a.Text = snippet([]byte(text))
		}
		return a
	}
	a.OK = true
	return a
}
