package probe

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Issue 13: what real providers (oidc-provider, Ory Hydra) showed that the
// fake Entra did not. The end-to-end tests (e2e/) run the real providers;
// these pin each fix in the package.

// An authorize endpoint that, like oidc-provider's, keeps the interaction
// in a cookie scoped to the interaction's path and refuses the page
// without it.
func interactionServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/auth":
			http.SetCookie(w, &http.Cookie{Name: "_interaction", Value: "uid-1", Path: "/interaction/uid-1", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
			http.Redirect(w, r, "/interaction/uid-1", http.StatusSeeOther)
		case r.URL.Path == "/interaction/uid-1":
			if c, err := r.Cookie("_interaction"); err != nil || c.Value != "uid-1" {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"invalid_request","error_description":"interaction session id cookie not found"}`)
				return
			}
			fmt.Fprint(w, `<form method="post"><input name="login"><input type="password" name="password"></form>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAuthorizeCheckKeepsCookies(t *testing.T) {
	srv := interactionServer(t)
	s := entraSettings(t, "x", map[string]any{
		"oidcAuthorizationEndpoint": srv.URL + "/auth",
		"oidcTokenEndpoint":         srv.URL + "/token",
		"oidcJwksEndpoint":          srv.URL + "/jwks",
	})
	o := DefaultOptions()
	o.Client = srv.Client()
	o.Client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse } // as NewClient's
	o.ClientCredentials = false
	o.Issuer = srv.URL
	f := Run(context.Background(), s, o)
	a := f.Authorize
	if a == nil || !a.OK || a.Status != 200 {
		t.Fatalf("authorize check %+v", a)
	}
	for _, st := range f.Timeline {
		if strings.Contains(st.URL, "uid-1") && strings.Contains(st.URL, "_interaction") {
			t.Errorf("a cookie leaked into the timeline: %s", st.URL)
		}
	}
}

// oidc-provider's and Hydra's error pages, as they answer an unknown
// client ID and an unregistered redirect URI.
const (
	oidcProviderPage = `<!DOCTYPE html><html><head><title>oops! something went wrong</title><style>h1{}</style></head><body><div class="container"><h1>oops! something went wrong</h1><pre><strong>error</strong>: %s</pre><pre><strong>error_description</strong>: %s</pre><pre><strong>state</strong>: abc</pre><pre><strong>iss</strong>: https://127.0.0.1:1</pre></div></body></html>`
	hydraPage        = `<html><head><title>An OAuth 2.0 Error Occurred</title></head><body><h1>The OAuth2 request resulted in an error.</h1><ul><li>Error: %s</li><li>Description: %s</li><li>Hint: %s</li><li>Debug: </li></ul><p>You are seeing this page because configuration key <code>urls.error</code> is not set.</p></body></html>`
)

func TestJudgeAuthorizeByErrorCode(t *testing.T) {
	redirect := "https://crm.example.com/oauth-callback.php"
	cases := []struct {
		name             string
		status           int
		body             string
		client, redirect bool
		code             string
	}{
		{"oidc-provider unknown client", 400, fmt.Sprintf(oidcProviderPage, "invalid_client", "client is invalid"), true, false, "invalid_client"},
		{"oidc-provider redirect", 400, fmt.Sprintf(oidcProviderPage, "invalid_redirect_uri", "redirect_uri did not match any of the client&#39;s registered redirect_uris"), false, true, "invalid_redirect_uri"},
		// the wording alone would say "redirect": the code says client
		{"client refused, page mentions redirects", 400, fmt.Sprintf(oidcProviderPage, "unauthorized_client", "the client may not use this redirect flow"), true, false, "unauthorized_client"},
		{"hydra redirect", 500, fmt.Sprintf(hydraPage, "invalid_request", "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed.", "The &#39;redirect_uri&#39; parameter does not match any of the OAuth 2.0 Client&#39;s pre-registered redirect urls."), false, true, "invalid_request"},
		{"hydra unknown client", 500, fmt.Sprintf(hydraPage, "invalid_client", "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).", "The requested OAuth 2.0 Client does not exist."), true, false, "invalid_client"},
		{"hydra, empty hint", 500, fmt.Sprintf(hydraPage, "invalid_client", "Client authentication failed.", ""), true, false, "invalid_client"},
		{"json", 400, `{"error":"invalid_client","error_description":"client is invalid"}`, true, false, "invalid_client"},
		{"other code", 400, `{"error":"invalid_scope","error_description":"redirect scopes are not allowed"}`, false, false, "invalid_scope"},
	}
	for _, c := range cases {
		a := JudgeAuthorize(Answer{Status: c.status, ContentType: "text/html"}, []byte(c.body), redirect)
		if a.ClientRejected != c.client || a.RedirectRejected != c.redirect || a.OAuthError != c.code || a.OK {
			t.Errorf("%s: client %v redirect %v code %q ok %v, want %v %v %q (text %q)", c.name, a.ClientRejected, a.RedirectRejected, a.OAuthError, a.OK, c.client, c.redirect, c.code, a.Text)
		}
		if strings.Contains(a.Text, "You are seeing") || strings.Contains(a.Text, "Debug:") {
			t.Errorf("%s: the text runs past the error: %q", c.name, a.Text)
		}
	}
}

// An ES256 token signed with the key the JWKS publishes verifies strictly
// (go-oidc); EspoCRM still refuses it by its algorithm list.
func TestStrictVerdictECKey(t *testing.T) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	pad := func(b []byte) []byte { return append(make([]byte, 32-len(b)), b...) }
	jwks := fmt.Sprintf(`{"keys":[{"kty":"EC","crv":"P-256","kid":"ec-1","use":"sig","alg":"ES256","x":%q,"y":%q}]}`, b64(pad(k.X.Bytes())), b64(pad(k.Y.Bytes())))
	now := time.Now()
	hdr, _ := json.Marshal(map[string]any{"alg": "ES256", "kid": "ec-1", "typ": "JWT"})
	cl, _ := json.Marshal(map[string]any{"iss": "https://idp.example", "aud": "client-1", "sub": "alice", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()})
	signing := b64(hdr) + "." + b64(cl)
	h := sha256.Sum256([]byte(signing))
	r, s, err := ecdsa.Sign(rand.Reader, k, h[:])
	if err != nil {
		t.Fatal(err)
	}
	raw := signing + "." + b64(append(pad(r.Bytes()), pad(s.Bytes())...))
	j := ParseJWKS(Answer{Status: 200, ContentType: "application/json"}, []byte(jwks))
	if !j.Valid || len(j.Keys) != 1 || j.Keys[0].Kty != "EC" || j.Keys[0].Problem != "" {
		t.Fatalf("jwks %+v", j)
	}
	tk, err := ParseJWT(raw)
	if err != nil {
		t.Fatal(err)
	}
	v := StrictVerdict(context.Background(), raw, tk, "https://idp.example", "client-1", []string{"ES256"}, j, "", now)
	if !v.Accepted {
		t.Errorf("strict verdict %+v", v)
	}
	// a point off the curve is a key problem, not a key
	bad := ParseJWKS(Answer{Status: 200}, []byte(`{"keys":[{"kty":"EC","crv":"P-256","kid":"ec-2","x":"AQ","y":"AQ"}]}`))
	if len(bad.Keys) != 1 || bad.Keys[0].Problem == "" {
		t.Errorf("bad EC key %+v", bad.Keys)
	}
}
