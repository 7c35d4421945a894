// Package fakeidp is an in-process fake of Microsoft Entra ID's OIDC
// endpoints for tests, reproducing the behaviour recorded in
// shared/reference/entra.md: tenant-specific and {tenantid} issuers (§1.2),
// v1 and v2 documents, per-key issuer in the JWKS (§1.5), ?appid= key sets,
// AADSTS error bodies (§6, §7), and, on demand, slow, truncated, oversized,
// non-JSON, wrongly typed and redirecting answers. It serves TLS with its own
// CA, under any host name (Client dials every host to it), so settings can
// use the real login.microsoftonline.com URLs.
package fakeidp

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Well-known test values.
const (
	Tenant        = "11111111-2222-3333-4444-555555555555"
	OtherTenant   = "99999999-8888-7777-6666-555555555555"
	ClientID      = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
	Secret        = "Sup3r~Secret.Value_0123456789abcdefXYZ"
	SecretID      = "0f0f0f0f-1e1e-2d2d-3c3c-4b4b4b4b4b4b" // the Secret ID, pasted by mistake
	ExpiredSecret = "Exp1red~Secret.Value_0123456789abcdefXY"
	User          = "alice@contoso.example"
	Password      = "Corr3ct-Horse-Battery"
	Kid           = "kid-tenant-1"
	AppKid        = "kid-app-custom"
)

var (
	keyOnce sync.Once
	rsaKey  *rsa.PrivateKey
	appKey  *rsa.PrivateKey
	smallKy *rsa.PrivateKey
)

func keys() {
	keyOnce.Do(func() {
		rsaKey, _ = rsa.GenerateKey(rand.Reader, 2048)
		appKey, _ = rsa.GenerateKey(rand.Reader, 2048)
		smallKy, _ = rsa.GenerateKey(rand.Reader, 1024)
	})
}

// Server is the fake identity provider.
type Server struct {
	*httptest.Server
	Client *http.Client // trusts the fake CA and dials every host to the server
	CAFile string       // the CA certificate in PEM, for --ca-file
	Addr   string       // 127.0.0.1:port

	mu sync.Mutex
	// Mode makes an endpoint misbehave: keys "discovery", "jwks", "token",
	// "userinfo"; values "slow", "truncate", "huge", "html", "text",
	// "redirect", "nokid", "smallkey", "private", "oct", "foreign-iss",
	// "expired", "wrong-aud", "no-idtoken", "500".
	Mode         map[string]string
	Latency      time.Duration  // added to every request
	DateOffset   time.Duration  // the Date header is now+DateOffset
	RedirectURIs []string       // registered Web redirect URIs
	Extra        map[string]any // extra ID token claims
	AppKeys      bool           // the app has custom signing keys (?appid=)
	Requests     []string       // METHOD path, in order
	inflight     int
	MaxInflight  int // the most requests in flight at once
	codes        map[string]codeGrant
	now          func() time.Time
}

type codeGrant struct {
	nonce, challenge, redirect, tenant, host string
}

// New starts the fake. Close it with s.Close().
func New(dir string) (*Server, error) {
	keys()
	s := &Server{Mode: map[string]string{}, codes: map[string]codeGrant{}, now: time.Now,
		RedirectURIs: []string{"https://crm.example.com/oauth-callback.php"}}
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fakeidp test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTpl, caTpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafTpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "login.microsoftonline.com"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		DNSNames:    []string{"login.microsoftonline.com", "sts.windows.net", "graph.microsoft.com", "localhost", "idp.example.com"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Server.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.Server.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}}}
	s.StartTLS()
	s.Addr = s.Listener.Addr().String()
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", s.Addr)
		},
		MaxIdleConnsPerHost: 16,
	}
	s.Client = &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if dir != "" {
		s.CAFile = filepath.Join(dir, "fake-ca.pem")
		if err := os.WriteFile(s.CAFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o644); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// SetMode sets an endpoint's misbehaviour.
func (s *Server) SetMode(endpoint, mode string) { s.mu.Lock(); s.Mode[endpoint] = mode; s.mu.Unlock() }

func (s *Server) mode(endpoint string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Mode[endpoint]
}

// URL returns https://127.0.0.1:port + path.
func (s *Server) URLFor(path string) string { return "https://" + s.Addr + path }

// Issuer is the v2 issuer for a tenant as served under host.
func Issuer(host, tenant string) string { return "https://" + host + "/" + tenant + "/v2.0" }

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func jwk(k *rsa.PublicKey, kid, issuer string) map[string]any {
	m := map[string]any{"kty": "RSA", "use": "sig", "n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes()), "x5t": "x5t-" + kid}
	if kid != "" {
		m["kid"] = kid
	}
	if issuer != "" {
		m["issuer"] = issuer
	}
	return m
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func aadErr(code int, errName, text string) map[string]any {
	return map[string]any{"error": errName,
		"error_description": fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\nCorrelation ID: 00000000-0000-0000-0000-000000000001\r\nTimestamp: 2026-01-01 00:00:00Z", code, text),
		"error_codes":       []int{code}, "timestamp": "2026-01-01 00:00:00Z", "trace_id": "t", "correlation_id": "c",
		"error_uri": fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", code)}
}

// misbehave handles a mode; it returns true when the answer was written.
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, mode string) bool {
	switch mode {
	case "slow":
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
		return true
	case "truncate":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "5000")
		w.WriteHeader(200)
		w.Write([]byte(`{"issuer":"https://x`))
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
			}
		}
		return true
	case "huge":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		w.Write([]byte(`{"pad":"`))
		w.Write([]byte(strings.Repeat("a", 2<<20)))
		w.Write([]byte(`"}`))
		return true
	case "html":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(200)
		w.Write([]byte("<html><body><h1>Sign in to your account</h1></body></html>"))
		return true
	case "redirect":
		http.Redirect(w, r, "https://login.microsoftonline.com/elsewhere", http.StatusFound)
		return true
	case "500":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(500)
		w.Write([]byte("<html>Internal Server Error</html>"))
		return true
	}
	return false
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.Requests = append(s.Requests, r.Method+" "+r.URL.Path)
	lat, off := s.Latency, s.DateOffset
	s.inflight++
	s.MaxInflight = max(s.MaxInflight, s.inflight)
	s.mu.Unlock()
	defer func() { s.mu.Lock(); s.inflight--; s.mu.Unlock() }()
	if lat > 0 {
		time.Sleep(lat)
	}
	w.Header().Set("Date", s.now().Add(off).UTC().Format(http.TimeFormat))
	host := r.Host
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	tenant := segs[0]
	rest := strings.Join(segs[1:], "/")
	switch {
	case r.URL.Path == "/oidc/userinfo":
		s.userinfo(w, r)
		return
	case rest == "v2.0/.well-known/openid-configuration" || rest == ".well-known/openid-configuration":
		if s.misbehave(w, r, s.mode("discovery")) {
			return
		}
		s.discovery(w, r, host, tenant, rest == "v2.0/.well-known/openid-configuration")
	case rest == "discovery/v2.0/keys" || rest == "discovery/keys":
		if s.misbehave(w, r, s.mode("jwks")) {
			return
		}
		s.jwks(w, r, host, tenant)
	case rest == "oauth2/v2.0/token" || rest == "oauth2/token":
		if r.Method != http.MethodPost {
			s.writeJSON(w, 405, aadErr(900561, "invalid_request", "The endpoint only accepts POST requests."))
			return
		}
		if s.misbehave(w, r, s.mode("token")) {
			return
		}
		s.token(w, r, host, tenant)
	case rest == "oauth2/v2.0/authorize":
		s.authorize(w, r, host, tenant)
	default:
		http.NotFound(w, r)
	}
}

func knownTenant(t string) bool {
	switch t {
	case Tenant, OtherTenant, "common", "organizations", "contoso.onmicrosoft.com":
		return true
	}
	return false
}

func (s *Server) discovery(w http.ResponseWriter, r *http.Request, host, tenant string, v2 bool) {
	if !knownTenant(tenant) {
		s.writeJSON(w, 400, aadErr(90002, "invalid_tenant", fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", tenant)))
		return
	}
	iss := Issuer(host, tenant)
	switch {
	case tenant == "common" || tenant == "organizations":
		iss = "https://" + host + "/{tenantid}/v2.0"
	case tenant == "contoso.onmicrosoft.com":
		iss = Issuer(host, Tenant)
	}
	base := "https://" + host + "/" + tenant
	doc := map[string]any{
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"issuer":                                iss,
		"userinfo_endpoint":                     "https://graph.microsoft.com/oidc/userinfo",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"end_session_endpoint":                  base + "/oauth2/v2.0/logout",
	}
	if !v2 {
		doc["issuer"] = "https://sts.windows.net/" + tenant + "/"
		if tenant == "common" {
			doc["issuer"] = "https://sts.windows.net/{tenantid}/"
		}
		doc["token_endpoint"] = base + "/oauth2/token"
		doc["jwks_uri"] = base + "/discovery/keys"
		doc["authorization_endpoint"] = base + "/oauth2/authorize"
		doc["userinfo_endpoint"] = base + "/openid/userinfo"
	}
	if s.AppKeys && r.URL.Query().Get("appid") != "" {
		doc["jwks_uri"] = base + "/discovery/v2.0/keys?appid=" + r.URL.Query().Get("appid")
	}
	if s.mode("discovery") == "text" {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(200)
		json.NewEncoder(w).Encode(doc)
		return
	}
	if s.mode("discovery") == "no-post" {
		doc["token_endpoint_auth_methods_supported"] = []string{"private_key_jwt"}
	}
	s.writeJSON(w, 200, doc)
}

func (s *Server) jwks(w http.ResponseWriter, r *http.Request, host, tenant string) {
	if !knownTenant(tenant) {
		s.writeJSON(w, 400, aadErr(90002, "invalid_tenant", fmt.Sprintf("Tenant '%s' not found.", tenant)))
		return
	}
	tmpl := "https://" + host + "/{tenantid}/v2.0"
	ks := []any{jwk(&rsaKey.PublicKey, Kid, tmpl)}
	if s.AppKeys && r.URL.Query().Get("appid") != "" {
		ks = []any{jwk(&appKey.PublicKey, AppKid, Issuer(host, Tenant))}
	}
	switch s.mode("jwks") {
	case "nokid":
		ks = append(ks, jwk(&appKey.PublicKey, "", tmpl))
	case "smallkey":
		ks = append(ks, jwk(&smallKy.PublicKey, "small", tmpl))
	case "private":
		k := jwk(&appKey.PublicKey, "leaky", tmpl)
		k["d"] = b64(appKey.D.Bytes())
		ks = append(ks, k)
	case "oct":
		ks = append(ks, map[string]any{"kty": "oct", "kid": "hmac", "k": b64([]byte("0123456789abcdef"))})
	case "rotated":
		ks = []any{jwk(&appKey.PublicKey, "kid-new", tmpl)}
	}
	s.writeJSON(w, 200, map[string]any{"keys": ks})
}

func (s *Server) clientError(w http.ResponseWriter, tenant string, form url.Values) bool {
	if !knownTenant(tenant) {
		s.writeJSON(w, 400, aadErr(90002, "invalid_request", fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant)))
		return true
	}
	if form.Get("client_id") != ClientID {
		s.writeJSON(w, 400, aadErr(700016, "unauthorized_client", fmt.Sprintf("Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.", form.Get("client_id"), tenant)))
		return true
	}
	switch form.Get("client_secret") {
	case Secret:
	case ExpiredSecret:
		s.writeJSON(w, 401, aadErr(7000222, "invalid_client", fmt.Sprintf("The provided client secret keys for app '%s' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.", ClientID)))
		return true
	case "":
		s.writeJSON(w, 401, aadErr(7000218, "invalid_client", "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."))
		return true
	default:
		s.writeJSON(w, 401, aadErr(7000215, "invalid_client", fmt.Sprintf("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", ClientID)))
		return true
	}
	if (tenant == "common" || tenant == "organizations") && form.Get("grant_type") == "client_credentials" {
		s.writeJSON(w, 400, aadErr(900023, "invalid_request", "Specified tenant identifier 'common' is neither a valid DNS name, nor a valid external domain."))
		return true
	}
	return false
}

func (s *Server) token(w http.ResponseWriter, r *http.Request, host, tenant string) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		s.writeJSON(w, 400, aadErr(9002313, "invalid_request", "Invalid request. Request is malformed or invalid."))
		return
	}
	form := r.PostForm
	if s.clientError(w, tenant, form) {
		return
	}
	switch form.Get("grant_type") {
	case "client_credentials":
		if form.Get("scope") == "" {
			s.writeJSON(w, 400, aadErr(900144, "invalid_request", "The request body must contain the following parameter: 'scope'."))
			return
		}
		if !strings.HasSuffix(form.Get("scope"), "/.default") {
			s.writeJSON(w, 400, aadErr(1002012, "invalid_scope", "The provided value for scope "+form.Get("scope")+" is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."))
			return
		}
		s.writeJSON(w, 200, map[string]any{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": "app-only." + b64([]byte("opaque"))})
	case "password":
		if form.Get("username") != User || form.Get("password") != Password {
			s.writeJSON(w, 400, aadErr(50126, "invalid_grant", "Error validating credentials due to invalid username or password."))
			return
		}
		s.issue(w, host, tenant, "")
	case "authorization_code":
		s.mu.Lock()
		g, ok := s.codes[form.Get("code")]
		delete(s.codes, form.Get("code"))
		s.mu.Unlock()
		switch {
		case !ok:
			s.writeJSON(w, 400, aadErr(54005, "invalid_grant", "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."))
		case g.redirect != form.Get("redirect_uri"):
			s.writeJSON(w, 400, aadErr(50011, "invalid_request", "The redirect URI '"+form.Get("redirect_uri")+"' specified in the request does not match the redirect URIs configured for the application '"+ClientID+"'."))
		case g.challenge != "" && b64sha(form.Get("code_verifier")) != g.challenge:
			s.writeJSON(w, 400, aadErr(501481, "invalid_grant", "The Code_Verifier does not match the code_challenge supplied in the authorization request."))
		default:
			s.issue(w, host, tenant, g.nonce)
		}
	default:
		s.writeJSON(w, 400, aadErr(70003, "unsupported_grant_type", "The app requested an unsupported grant type '"+form.Get("grant_type")+"'."))
	}
}

func b64sha(s string) string { h := sha256.Sum256([]byte(s)); return b64(h[:]) }

// Sign makes an RS256 JWT with the tenant key.
func Sign(claims map[string]any, kid string) string {
	keys()
	k := rsaKey
	if kid == AppKid {
		k = appKey
	}
	h := map[string]any{"typ": "JWT", "alg": "RS256"}
	if kid != "" {
		h["kid"] = kid
	}
	hb, _ := json.Marshal(h)
	cb, _ := json.Marshal(claims)
	in := b64(hb) + "." + b64(cb)
	d := sha256.Sum256([]byte(in))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, d[:])
	return in + "." + b64(sig)
}

func (s *Server) issue(w http.ResponseWriter, host, tenant, nonce string) {
	now := s.now()
	tid := tenant
	if tenant == "common" || tenant == "organizations" || tenant == "contoso.onmicrosoft.com" {
		tid = Tenant
	}
	claims := map[string]any{
		"aud": ClientID, "iss": Issuer(host, tid), "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(time.Hour).Unix(),
		"sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "oid": "00000000-0000-0000-66f3-3332eca7ea81", "tid": tid,
		"ver": "2.0", "name": "Alice Example", "preferred_username": User, "email": "Alice@Contoso.example",
		"groups": []string{"6f4e1a9c-0000-4000-8000-000000000001"},
	}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	s.mu.Lock()
	for k, v := range s.Extra {
		claims[k] = v
	}
	mode := s.Mode["token"]
	s.mu.Unlock()
	kid := Kid
	switch mode {
	case "foreign-iss":
		claims["iss"] = Issuer(host, OtherTenant)
		claims["tid"] = OtherTenant
	case "expired":
		claims["exp"] = now.Add(-10 * time.Minute).Unix()
	case "expired-in-leeway":
		claims["exp"] = now.Add(-2 * time.Minute).Unix()
	case "wrong-aud":
		claims["aud"] = "ffffffff-0000-0000-0000-000000000000"
	case "nokid":
		kid = ""
	case "app-key":
		kid = AppKid
	}
	resp := map[string]any{"token_type": "Bearer", "scope": "openid profile email", "expires_in": 3599,
		"access_token": "user-access." + b64([]byte("opaque"))}
	if mode != "no-idtoken" {
		resp["id_token"] = Sign(claims, kid)
	}
	s.writeJSON(w, 200, resp)
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request, host, tenant string) {
	q := r.URL.Query()
	if q.Get("client_id") != ClientID {
		w.WriteHeader(400)
		fmt.Fprintf(w, "<html>AADSTS700016: Application with identifier '%s' was not found in the directory.</html>", q.Get("client_id"))
		return
	}
	ru := q.Get("redirect_uri")
	ok := false
	for _, u := range s.RedirectURIs {
		ok = ok || u == ru
	}
	if !ok {
		w.WriteHeader(400)
		fmt.Fprintf(w, "<html>AADSTS50011: The redirect URI '%s' specified in the request does not match the redirect URIs configured for the application '%s'.</html>", ru, ClientID)
		return
	}
	code := "code-" + b64sha(q.Get("state") + q.Get("nonce"))[:16]
	s.mu.Lock()
	s.codes[code] = codeGrant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: ru, tenant: tenant, host: host}
	s.mu.Unlock()
	http.Redirect(w, r, ru+"?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(q.Get("state"))+"&session_state=x", http.StatusFound)
}

func (s *Server) userinfo(w http.ResponseWriter, r *http.Request) {
	if s.misbehave(w, r, s.mode("userinfo")) {
		return
	}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer user-access.") {
		w.WriteHeader(401)
		return
	}
	s.writeJSON(w, 200, map[string]any{"sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "name": "Alice Example", "given_name": "Alice", "family_name": "Example", "email": "Alice@Contoso.example"})
}
