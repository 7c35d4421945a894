package probe

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
)

const entraHost = "login.microsoftonline.com"

func newFake(t testing.TB) *fakeidp.Server {
	t.Helper()
	s, err := fakeidp.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// entraSettings are known-good settings for the fake tenant; over replaces
// or (with a nil value) removes keys.
func entraSettings(t testing.TB, tenant string, over map[string]any) *espo.Settings {
	t.Helper()
	base := "https://" + entraHost + "/" + tenant
	m := map[string]any{
		"authenticationMethod":          "Oidc",
		"siteUrl":                       "https://crm.example.com",
		"oidcClientId":                  fakeidp.ClientID,
		"oidcClientSecret":              fakeidp.Secret,
		"oidcAuthorizationEndpoint":     base + "/oauth2/v2.0/authorize",
		"oidcTokenEndpoint":             base + "/oauth2/v2.0/token",
		"oidcJwksEndpoint":              base + "/discovery/v2.0/keys",
		"oidcJwtSignatureAlgorithmList": []string{"RS256"},
		"oidcScopes":                    []string{"profile", "email"},
		"oidcUsernameClaim":             "preferred_username",
		"oidcAuthorizationPrompt":       "select_account",
		"oidcAuthorizationPkce":         true,
		"userNameRegularExpression":     DefaultUserNameRegex,
	}
	for k, v := range over {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	s, err := espo.FromBytes("config.json", b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func opts(f *fakeidp.Server) Options {
	o := DefaultOptions()
	o.Client = f.Client
	o.Timeout = 3 * time.Second
	return o
}

func tokenByGrant(f *Facts, grant facts.Grant) *TokenResult {
	for _, t := range f.Tokens {
		if t.Grant == grant {
			return t
		}
	}
	return nil
}

func noSecrets(t *testing.T, f *Facts) {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fakeidp.Secret, fakeidp.ExpiredSecret, fakeidp.Password, "user-access.", "app-only.", "eyJ"} {
		if strings.Contains(string(b), s) {
			t.Errorf("facts JSON contains a secret (%.6s…)", s)
		}
	}
}

func TestHappyPathEntra(t *testing.T) {
	f := newFake(t)
	s := entraSettings(t, fakeidp.Tenant, nil)
	o := opts(f)
	o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
	o.UsersData = []User{{UserName: "alice@contoso.example", Type: "regular", IsActive: true}}
	facts := Run(context.Background(), s, o)
	if err := facts.Incomplete(); err != nil {
		t.Fatalf("incomplete: %v", err)
	}
	d := facts.Discovery
	if d == nil || !d.Valid || !d.IssuerMatches || !d.ClientSecretPostAllowed || len(d.Diffs) != 0 || len(d.AlgsNotSupported) != 0 {
		t.Fatalf("discovery: %+v", d)
	}
	if facts.Issuer != "https://login.microsoftonline.com/"+fakeidp.Tenant+"/v2.0" {
		t.Errorf("issuer %q", facts.Issuer)
	}
	if facts.JWKS == nil || !facts.JWKS.Valid || len(facts.JWKS.Keys) != 1 || facts.JWKS.Keys[0].Bits != 2048 || facts.JWKS.SameAsDiscovery == nil || !*facts.JWKS.SameAsDiscovery {
		t.Fatalf("jwks: %+v", facts.JWKS)
	}
	cc := tokenByGrant(facts, "client_credentials")
	if cc == nil || !cc.OK || cc.Scope != "https://graph.microsoft.com/.default" {
		t.Fatalf("client credentials: %+v", cc)
	}
	pw := tokenByGrant(facts, "password")
	if pw == nil || !pw.OK || !pw.HasIDToken {
		t.Fatalf("password: %+v", pw)
	}
	if !facts.HasIDToken() || !facts.Strict.Accepted || !facts.Espo.Accepted {
		t.Fatalf("verdicts: strict %+v espo %+v", facts.Strict, facts.Espo)
	}
	if facts.User == nil || facts.User.Outcome != "found" || facts.User.Normalized != "alice@contoso.example" {
		t.Fatalf("user: %+v", facts.User)
	}
	if facts.Clock == nil || facts.Clock.Skew > 2*time.Second || facts.Clock.Skew < -2*time.Second {
		t.Errorf("clock: %+v", facts.Clock)
	}
	if len(facts.Timeline) != 5 {
		t.Errorf("timeline has %d steps, want 5 (discovery, jwks, authorize, client credentials, password): %+v", len(facts.Timeline), facts.Timeline)
	}
	if facts.Authorize == nil || !facts.Authorize.OK || facts.Authorize.Status != 302 {
		t.Errorf("authorize check: %+v", facts.Authorize)
	}
	noSecrets(t, facts)
}

func TestTokenErrors(t *testing.T) {
	f := newFake(t)
	cases := []struct {
		name   string
		over   map[string]any
		aadsts int
		status int
		oauth  string
	}{
		{"secret id instead of value", map[string]any{"oidcClientSecret": fakeidp.SecretID}, 7000215, 401, "invalid_client"},
		{"expired secret", map[string]any{"oidcClientSecret": fakeidp.ExpiredSecret}, 7000222, 401, "invalid_client"},
		{"app not in tenant", map[string]any{"oidcClientId": "12345678-1234-1234-1234-123456789012"}, 700016, 400, "unauthorized_client"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, c.over), opts(f))
			cc := tokenByGrant(facts, "client_credentials")
			if cc == nil || cc.OK || cc.AADSTS != c.aadsts || cc.Status != c.status || cc.OAuthError != c.oauth {
				t.Fatalf("got %+v", cc)
			}
			if facts.Incomplete() != nil {
				t.Errorf("an HTTP error answer is a finding, not an incomplete probe: %v", facts.Incomplete())
			}
			noSecrets(t, facts)
		})
	}
}

func TestUnknownTenant(t *testing.T) {
	f := newFake(t)
	facts := Run(context.Background(), entraSettings(t, "00000000-dead-beef-0000-000000000000", nil), opts(f))
	if facts.Discovery == nil || facts.Discovery.Valid || facts.Discovery.AADSTS != 90002 || facts.Discovery.Status != 400 {
		t.Fatalf("discovery %+v", facts.Discovery)
	}
	if cc := tokenByGrant(facts, "client_credentials"); cc == nil || cc.AADSTS != 90002 {
		t.Fatalf("token %+v", cc)
	}
}

func TestCommonTenantTemplate(t *testing.T) {
	f := newFake(t)
	o := opts(f)
	o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
	facts := Run(context.Background(), entraSettings(t, "common", nil), o)
	d := facts.Discovery
	if d == nil || !d.Valid || !d.IssuerTemplate || d.IssuerMatches || !strings.Contains(d.IssuerExplanation, "ANY Entra tenant") {
		t.Fatalf("discovery %+v", d)
	}
	if strings.Contains(d.IssuerExplanation, "issuer did not match the issuer returned by provider\"") {
		t.Error("raw go-oidc error instead of words")
	}
	if cc := tokenByGrant(facts, "client_credentials"); cc == nil || cc.AADSTS != 900023 {
		t.Fatalf("client credentials on /common: %+v", cc)
	}
	// Espo accepts; strict accepts only by filling {tenantid} with the token's tid.
	if !facts.Espo.Accepted || !facts.Strict.Accepted {
		t.Fatalf("verdicts %+v %+v", facts.Espo, facts.Strict)
	}
}

func TestForeignIssuerAcceptedByEspoOnly(t *testing.T) {
	f := newFake(t)
	f.SetMode("token", "foreign-iss")
	o := opts(f)
	o.ClientCredentials = false
	o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
	if !facts.Espo.Accepted {
		t.Fatalf("EspoCRM never checks iss and must accept: %+v", facts.Espo)
	}
	if facts.Strict.Accepted || !strings.Contains(strings.Join(facts.Strict.Reasons, " "), "expected issuer") {
		t.Fatalf("strict must reject: %+v", facts.Strict)
	}
}

func TestIDTokenProblems(t *testing.T) {
	f := newFake(t)
	for _, c := range []struct {
		mode         string
		espo, strict bool
		espoWhy      string
	}{
		{"expired", false, false, "JWT expired."},
		{"expired-in-leeway", true, false, ""},
		{"wrong-aud", false, false, "must contain the client ID"},
		{"nokid", false, true, "no kid"}, // go-oidc tries every key; EspoCRM needs the kid
	} {
		t.Run(c.mode, func(t *testing.T) {
			f.SetMode("token", c.mode)
			o := opts(f)
			o.ClientCredentials = false
			o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
			facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
			if facts.Espo.Accepted != c.espo || facts.Strict.Accepted != c.strict {
				t.Fatalf("espo %v strict %v: %+v / %+v", facts.Espo.Accepted, facts.Strict.Accepted, facts.Espo.Reasons, facts.Strict.Reasons)
			}
			if c.espoWhy != "" && !strings.Contains(strings.Join(facts.Espo.Reasons, " "), c.espoWhy) {
				t.Errorf("espo reasons %v lack %q", facts.Espo.Reasons, c.espoWhy)
			}
		})
	}
	f.SetMode("token", "")
}

func TestRotatedKeyNotInJWKS(t *testing.T) {
	f := newFake(t)
	f.SetMode("jwks", "rotated")
	o := opts(f)
	o.ClientCredentials = false
	o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
	if facts.Espo.Accepted || !strings.Contains(strings.Join(facts.Espo.Reasons, " "), "is not in the JWKS") {
		t.Fatalf("espo %+v", facts.Espo)
	}
}

func TestJWKSProblems(t *testing.T) {
	f := newFake(t)
	for _, c := range []struct {
		mode  string
		check func(*JWKS) bool
	}{
		{"nokid", func(j *JWKS) bool { return j.EspoFails == "Bad JWK value." }},
		{"smallkey", func(j *JWKS) bool {
			return len(j.Keys) == 2 && j.Keys[1].Bits == 1024 && strings.Contains(j.Keys[1].Problem, "1024")
		}},
		{"private", func(j *JWKS) bool { return j.Keys[1].Private }},
		{"oct", func(j *JWKS) bool { return j.Keys[1].Symmetric }},
		{"redirect", func(j *JWKS) bool {
			return !j.Valid && j.Status == 302 && strings.Contains(j.Problem, "does not follow redirects")
		}},
		{"html", func(j *JWKS) bool { return !j.Valid && j.EspoFails == "OIDC: JWKS bad response." }},
	} {
		t.Run(c.mode, func(t *testing.T) {
			f.SetMode("jwks", c.mode)
			defer f.SetMode("jwks", "")
			o := opts(f)
			o.ClientCredentials = false
			facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
			if facts.JWKS == nil || !c.check(facts.JWKS) {
				t.Fatalf("jwks %+v", facts.JWKS)
			}
			b, _ := json.Marshal(facts)
			if strings.Contains(string(b), `"d"`) {
				t.Error("private key material in the facts")
			}
		})
	}
}

func TestAppIDKeys(t *testing.T) {
	f := newFake(t)
	f.AppKeys = true
	f.SetMode("token", "app-key")
	o := opts(f)
	o.ClientCredentials = false
	o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
	if facts.Espo.Accepted {
		t.Fatal("a token signed with the app's custom key must fail against the tenant keys")
	}
	if !facts.AppKidFound || facts.AppJWKS == nil || !strings.HasSuffix(facts.AppJWKS.URL, "?appid="+fakeidp.ClientID) {
		t.Fatalf("the ?appid= key set was not tried: %+v", facts.AppJWKS)
	}
	jwks := "https://" + entraHost + "/" + fakeidp.Tenant + "/discovery/v2.0/keys?appid=" + fakeidp.ClientID
	facts = Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"oidcJwksEndpoint": jwks}), o)
	if !facts.Espo.Accepted {
		t.Fatalf("with ?appid= the key is found: %+v", facts.Espo)
	}
	f.SetMode("token", "")
}

func TestTransportFailures(t *testing.T) {
	f := newFake(t)
	t.Run("slow", func(t *testing.T) {
		f.SetMode("discovery", "slow")
		defer f.SetMode("discovery", "")
		o := opts(f)
		o.Timeout = 150 * time.Millisecond
		facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
		err := facts.Incomplete()
		if err == nil || !strings.Contains(err.Error(), "discovery: no answer within 150ms") {
			t.Fatalf("incomplete = %v", err)
		}
		if facts.Failures[0].Kind != "timeout" {
			t.Errorf("kind %q", facts.Failures[0].Kind)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		f.SetMode("discovery", "truncate")
		defer f.SetMode("discovery", "")
		facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), opts(f))
		if facts.Incomplete() == nil || facts.Discovery.Valid {
			t.Fatalf("truncated answer: %+v", facts.Discovery)
		}
	})
	t.Run("huge", func(t *testing.T) {
		f.SetMode("discovery", "huge")
		defer f.SetMode("discovery", "")
		facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), opts(f))
		if !facts.Discovery.Truncated || facts.Discovery.Valid || !strings.Contains(facts.Discovery.Problem, "cut off") {
			t.Fatalf("huge: %+v", facts.Discovery.Problem)
		}
	})
	t.Run("html", func(t *testing.T) {
		f.SetMode("discovery", "html")
		defer f.SetMode("discovery", "")
		facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), opts(f))
		if facts.Discovery.Valid || !strings.Contains(facts.Discovery.Problem, "not a JSON object") {
			t.Fatalf("html: %+v", facts.Discovery.Problem)
		}
	})
	t.Run("text content type", func(t *testing.T) {
		f.SetMode("discovery", "text")
		defer f.SetMode("discovery", "")
		facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), opts(f))
		if !facts.Discovery.Valid || !strings.Contains(facts.Discovery.Problem, "text/plain") {
			t.Fatalf("text: %+v", facts.Discovery)
		}
	})
	t.Run("unknown CA", func(t *testing.T) {
		o := opts(f)
		o.Client = nil // the system roots do not know the fake CA
		s := entraSettings(t, fakeidp.Tenant, map[string]any{
			"oidcAuthorizationEndpoint": f.URLFor("/" + fakeidp.Tenant + "/oauth2/v2.0/authorize"),
			"oidcTokenEndpoint":         f.URLFor("/" + fakeidp.Tenant + "/oauth2/v2.0/token"),
			"oidcJwksEndpoint":          f.URLFor("/" + fakeidp.Tenant + "/discovery/v2.0/keys")})
		o.Issuer = f.URLFor("/" + fakeidp.Tenant + "/v2.0")
		facts := Run(context.Background(), s, o)
		if facts.Incomplete() == nil || facts.Failures[0].Kind != "tls" || !strings.Contains(facts.Failures[0].Message, "--ca-file") {
			t.Fatalf("failures %+v", facts.Failures)
		}
		o.CAFile = f.CAFile
		facts = Run(context.Background(), s, o)
		if err := facts.Incomplete(); err != nil {
			t.Fatalf("with --ca-file: %v", err)
		}
	})
}

func TestSecretNeverOverPlainHTTP(t *testing.T) {
	s := entraSettings(t, fakeidp.Tenant, map[string]any{
		"oidcTokenEndpoint": "http://idp.example.com/token", "oidcJwksEndpoint": nil})
	o := DefaultOptions()
	o.Issuer = "https://127.0.0.1:1" // nothing listens; discovery fails fast
	o.Timeout = time.Second
	var (
		mu   sync.Mutex // the probe's steps run concurrently
		sent []string
	)
	o.Client = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		sent = append(sent, r.URL.String())
		return &http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader("")), Header: http.Header{}}, nil
	})}
	facts := Run(context.Background(), s, o)
	for _, u := range sent {
		if strings.HasPrefix(u, "http://idp.example.com") {
			t.Fatalf("a request went to the plain-http token endpoint")
		}
	}
	if !strings.Contains(strings.Join(facts.Notes, " "), "plain http") {
		t.Errorf("notes %v", facts.Notes)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestClockSkew(t *testing.T) {
	f := newFake(t)
	f.DateOffset = -7 * time.Minute
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), opts(f))
	if facts.Clock == nil || facts.Clock.Skew < 6*time.Minute || facts.Clock.Skew > 8*time.Minute {
		t.Fatalf("clock %+v", facts.Clock)
	}
}

// EspoCRM 7.3.0 and 7.3.1 send no client_secret in the code exchange
// (Oidc/Login.php at 7.3.1; added at 7.3.2:199): the probe does the same,
// and the fake Entra refuses it as Entra does (AADSTS7000218).
func TestAuthCodeWithoutSecretBefore732(t *testing.T) {
	f := newFake(t)
	pr, pw := io.Pipe()
	o := opts(f)
	o.ClientCredentials = false
	o.AuthCode = true
	o.Paste = pr
	o.Prompt = io.Discard
	o.Browser = func(u string) {
		resp, err := f.Client.Get(u)
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		resp.Body.Close()
		io.WriteString(pw, resp.Header.Get("Location")+"\n")
	}
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"version": "7.3.1"}), o)
	ac := tokenByGrant(facts, "authorization_code")
	if ac == nil || ac.OK || ac.Status != 401 || !strings.Contains(mustJSON(ac), "7000218") {
		t.Fatalf("7.3.1 code exchange: %s", mustJSON(ac))
	}
	if !strings.Contains(strings.Join(facts.Notes, " "), "sends no client_secret") {
		t.Errorf("notes %v", facts.Notes)
	}
	noSecrets(t, facts)
}

func TestAuthCodePasteBack(t *testing.T) {
	f := newFake(t)
	pr, pw := io.Pipe()
	o := opts(f)
	o.ClientCredentials = false
	o.AuthCode = true
	o.Paste = pr
	var prompt strings.Builder
	o.Prompt = &prompt
	o.Browser = func(u string) { // the test plays the browser
		resp, err := f.Client.Get(u)
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		resp.Body.Close()
		io.WriteString(pw, resp.Header.Get("Location")+"\n")
	}
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"oidcGroupClaim": "groups", "oidcAuthorizationMaxAge": 3600}), o)
	if err := facts.Incomplete(); err != nil {
		t.Fatal(err)
	}
	ac := tokenByGrant(facts, "authorization_code")
	if ac == nil || !ac.OK || facts.Callback == nil || !facts.Callback.StateOK {
		t.Fatalf("code flow: %+v %+v", ac, facts.Callback)
	}
	if !facts.Espo.Accepted || !facts.Strict.Accepted {
		t.Fatalf("verdicts %+v %+v", facts.Espo, facts.Strict)
	}
	if facts.Espo.Checks[len(facts.Espo.Checks)-1].Name != "nonce" {
		t.Error("the nonce was not checked")
	}
	want := "https://login.microsoftonline.com/" + fakeidp.Tenant + "/oauth2/v2.0/authorize?client_id=" + fakeidp.ClientID +
		"&redirect_uri=https%3A%2F%2Fcrm.example.com%2Foauth-callback.php&response_type=code&scope=openid%20profile%20email" +
		"&state=STATE&nonce=NONCE&prompt=select_account&code_challenge=" + Challenge("VERIFIER") + "&code_challenge_method=S256&max_age=3600" +
		"&claims=%7B%22id_token%22%3A%7B%22groups%22%3A%7B%22essential%22%3Atrue%7D%7D%7D"
	if facts.AuthorizeURL != want {
		t.Errorf("authorize URL\n got %s\nwant %s", facts.AuthorizeURL, want)
	}
	if !strings.Contains(prompt.String(), "Paste that whole URL") {
		t.Errorf("prompt %q", prompt.String())
	}
	noSecrets(t, facts)
	if strings.Contains(mustJSON(facts), "code-") {
		t.Error("the authorization code leaked into the facts")
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestAuthCodeUnregisteredRedirect(t *testing.T) {
	f := newFake(t)
	pr, pw := io.Pipe()
	o := opts(f)
	o.ClientCredentials = false
	o.AuthCode = true
	o.Paste = pr
	var page string
	o.Browser = func(u string) {
		resp, err := f.Client.Get(u)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			page = string(b)
		}
		pw.Close() // the admin gives up: Entra showed an error page
	}
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"siteUrl": "https://crm.example.com/espo/"}), o)
	if !strings.Contains(page, "AADSTS50011") || facts.Incomplete() == nil {
		t.Fatalf("page %q incomplete %v", page, facts.Incomplete())
	}
	if facts.RedirectURI != "https://crm.example.com/espo/oauth-callback.php" {
		t.Errorf("redirect %q", facts.RedirectURI)
	}
}

func TestAuthCodeListen(t *testing.T) {
	f := newFake(t)
	o, _ := listenOpts(t, f)
	o.Browser = func(u string) {
		resp, err := f.Client.Get(u)
		if err != nil {
			return
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		r2, err := http.Get(loc) // the loopback listener: a plain client, as a browser
		if err == nil {
			r2.Body.Close()
		}
	}
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
	if err := facts.Incomplete(); err != nil {
		t.Fatal(err)
	}
	if ac := tokenByGrant(facts, "authorization_code"); ac == nil || !ac.OK {
		t.Fatalf("code flow: %+v", ac)
	}
}

func TestParseCallback(t *testing.T) {
	ar := &AuthRequest{State: "abc"}
	cb, code, err := ParseCallback("https://crm.example.com/oauth-callback.php?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent.&state=abc", ar)
	if err != nil || code != "" || cb.AADSTS != 65004 || cb.Error != "access_denied" || !cb.StateOK {
		t.Fatalf("%+v %q %v", cb, code, err)
	}
	if _, _, err := ParseCallback("not a url at all ::", ar); err == nil {
		t.Fatal("garbage accepted")
	}
	if _, _, err := ParseCallback("https://crm.example.com/oauth-callback.php", ar); err == nil {
		t.Fatal("URL without code or error accepted")
	}
}

func TestNormalizeUsername(t *testing.T) {
	for in, want := range map[string]string{
		"John.Doe@Contoso.com": "john.doe@contoso.com",
		"a|b c":                "a_b_c",
		"o'brien+x@ex.com":     "o_brien_x@ex.com",
		"Zoë":                  "zo__", // PHP's strtolower is ASCII only; ë is two bytes
	} {
		got, err := NormalizeUsername(in, "")
		if err != nil || got != want {
			t.Errorf("NormalizeUsername(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPredictUser(t *testing.T) {
	users := []User{
		{UserName: "alice@contoso.example", Type: "regular", IsActive: true},
		{UserName: "bob@contoso.example", Type: "regular", IsActive: false},
		{UserName: "admin@contoso.example", Type: "admin", IsActive: true},
		{UserName: "root@contoso.example", Type: "super-admin", IsActive: true},
		{UserName: "portal@contoso.example", Type: "portal", IsActive: true},
		{UserName: "Mixed@contoso.example", Type: "regular", IsActive: true},
		{UserName: "12345", Type: "regular", IsActive: true},
	}
	o := &espo.OIDC{UsernameClaim: "preferred_username"}
	for _, c := range []struct {
		claim any
		mod   func(*espo.OIDC)
		want  facts.Outcome
	}{
		{"Alice@Contoso.example", nil, "found"},
		{"bob@contoso.example", nil, "inactive"},
		{"admin@contoso.example", nil, "admin-not-allowed"},
		{"admin@contoso.example", func(o *espo.OIDC) { o.AllowAdminUser = true }, "found"},
		{"root@contoso.example", func(o *espo.OIDC) { o.AllowAdminUser = true }, "super-admin"},
		{"portal@contoso.example", nil, "portal"},
		{"nobody@contoso.example", nil, "not-found"},
		{"nobody@contoso.example", func(o *espo.OIDC) { o.CreateUser = true }, "would-be-created"},
		{strings.Repeat("x", 45) + "@contoso.example", func(o *espo.OIDC) { o.CreateUser = true }, "too-long"},
		{"mixed@contoso.example", func(o *espo.OIDC) { o.Sync = true }, "username-mismatch"},
		{[]any{"a", "b"}, nil, "claim-missing"},
		{nil, nil, "claim-missing"},
		// DefaultUserProvider.php:80 (10.0.0) "if (!$username)": "0" is empty.
		{"0", nil, "claim-missing"},
		// A numeric claim finds a user (normalizeUsername(string) converts it) ...
		{json.Number("12345"), nil, "found"},
		{json.Number("777"), nil, "not-found"},
		// ... but Sync.php:141-142 (10.0.0) refuses it for creation and sync.
		{json.Number("777"), func(o *espo.OIDC) { o.CreateUser = true }, "bad-claim"},
		{json.Number("12345"), func(o *espo.OIDC) { o.Sync = true }, "bad-claim"},
		{json.Number("12345"), func(o *espo.OIDC) { o.SyncTeams = true }, "bad-claim"},
	} {
		oo := *o
		if c.mod != nil {
			c.mod(&oo)
		}
		claims := map[string]any{}
		if c.claim != nil {
			claims["preferred_username"] = c.claim
		}
		got := PredictUser(claims, nil, &oo, users, true, 50)
		if got.Outcome != c.want {
			t.Errorf("%v: outcome %q (%s), want %q", c.claim, got.Outcome, got.Detail, c.want)
		}
	}
	// userinfo fills a claim the token lacks, as UserInfo::get does
	got := PredictUser(map[string]any{}, map[string]any{"preferred_username": "alice@contoso.example"}, o, users, true, 50)
	if got.From != "userinfo" || got.Outcome != "found" {
		t.Errorf("userinfo fallback: %+v", got)
	}
}

func TestPredictTeams(t *testing.T) {
	o := &espo.OIDC{GroupClaim: "groups", SyncTeams: true, TeamsIDs: []string{"t1", "t2", "t3"},
		TeamGroups: map[string]string{"t1": "g-1", "t2": "", "t3": "g-3"}}
	tm := PredictTeams(map[string]any{"groups": []any{"g-1"}}, nil, o, &User{TeamsIDs: []string{"t1", "t9"}})
	if strings.Join(tm.Assigned, ",") != "t1,t2" || strings.Join(tm.Removed, ",") != "t9" || tm.GUIDs {
		t.Fatalf("%+v", tm)
	}
	// Sync.php:167 (10.0.0) in_array without strict: "0123" matches "123";
	// a group "0" is empty (:167 "!$group") and maps everyone.
	loose := &espo.OIDC{GroupClaim: "groups", TeamsIDs: []string{"t1", "t2", "t3"}, TeamGroups: map[string]string{"t1": "0123", "t2": "0", "t3": "124"}}
	if tm := PredictTeams(map[string]any{"groups": []any{"123", json.Number("124")}}, nil, loose, nil); strings.Join(tm.Assigned, ",") != "t1,t2" {
		t.Fatalf("loose matching: %+v", tm)
	}
	tm = PredictTeams(map[string]any{"_claim_names": map[string]any{"groups": "src1"}}, nil, o, nil)
	if !tm.Overage || tm.Present {
		t.Fatalf("overage: %+v", tm)
	}
}

func TestParseUsers(t *testing.T) {
	u, err := ParseUsers("users.csv", []byte("userName,type,isActive\nalice,regular,1\nbob,admin,false\n"))
	if err != nil || len(u) != 2 || u[1].Type != "admin" || u[1].IsActive {
		t.Fatalf("%+v %v", u, err)
	}
	u, err = ParseUsers("users.json", []byte(`{"list":[{"userName":"a","type":"portal","isActive":true}]}`))
	if err != nil || len(u) != 1 || u[0].Type != "portal" {
		t.Fatalf("%+v %v", u, err)
	}
	for _, bad := range []string{"", "name,type\nx,y\n", "[{\"userName\": 3}]", "{\"list\": 5}", "[1,2", "userName\n\"unterminated\n"} {
		if _, err := ParseUsers("bad.txt", []byte(bad)); err == nil || !strings.Contains(err.Error(), "bad.txt") {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}

func TestEncodeURIComponent(t *testing.T) {
	if got := EncodeURIComponent("a b/c?d=e&f~!*'()é"); got != "a%20b%2Fc%3Fd%3De%26f~!*'()%C3%A9" {
		t.Errorf("got %s", got)
	}
}

func TestExpectedIssuerGeneric(t *testing.T) {
	o := &espo.OIDC{TokenEndpoint: "https://idp.example.com/dex/token"}
	if iss, _ := ExpectedIssuer(o, ""); iss != "https://idp.example.com/dex" {
		t.Errorf("got %q", iss)
	}
	o = &espo.OIDC{TokenEndpoint: "https://kc.example.com/realms/r1/protocol/openid-connect/token"}
	if iss, _ := ExpectedIssuer(o, ""); iss != "https://kc.example.com/realms/r1" {
		t.Errorf("keycloak %q", iss)
	}
	if iss, from := ExpectedIssuer(o, "https://x.example.com"); iss != "https://x.example.com" || from != "--issuer" {
		t.Errorf("override %q", iss)
	}
}

func TestDomainTenantIssuerExplained(t *testing.T) {
	f := newFake(t)
	o := opts(f)
	o.ClientCredentials = false
	facts := Run(context.Background(), entraSettings(t, "contoso.onmicrosoft.com", nil), o)
	if facts.Discovery.IssuerMatches || !strings.Contains(facts.Discovery.IssuerExplanation, "GUID") {
		t.Fatalf("%+v", facts.Discovery.IssuerExplanation)
	}
}

func TestEndpointDiffs(t *testing.T) {
	f := newFake(t)
	o := opts(f)
	o.ClientCredentials = false
	s := entraSettings(t, fakeidp.Tenant, map[string]any{
		"oidcJwksEndpoint": "https://login.microsoftonline.com/common/discovery/v2.0/keys",
		"oidcLogoutUrl":    "https://login.microsoftonline.com/" + fakeidp.Tenant + "/oauth2/logout?post_logout_redirect_uri=x",
	})
	facts := Run(context.Background(), s, o)
	keys := []string{}
	for _, d := range facts.Discovery.Diffs {
		keys = append(keys, d.Key)
	}
	if strings.Join(keys, ",") != "oidcJwksEndpoint,oidcLogoutUrl" {
		t.Fatalf("diffs %v", keys)
	}
	if facts.DiscoveryJWKS == nil || facts.JWKS.SameAsDiscovery == nil || !*facts.JWKS.SameAsDiscovery {
		t.Fatalf("the common keys serve the same kids: %+v", facts.JWKS)
	}
}

func TestNoClientSecretPost(t *testing.T) {
	f := newFake(t)
	f.SetMode("discovery", "no-post")
	o := opts(f)
	o.ClientCredentials = false
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"oidcJwtSignatureAlgorithmList": []string{"RS256", "RS512"}}), o)
	if facts.Discovery.ClientSecretPostAllowed || strings.Join(facts.Discovery.AlgsNotSupported, ",") != "RS512" {
		t.Fatalf("%+v", facts.Discovery)
	}
}

func TestURLsCarryNoSecret(t *testing.T) {
	f := newFake(t)
	o := opts(f)
	o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
	for _, st := range facts.Timeline {
		u, _ := url.Parse(st.URL)
		if strings.Contains(u.RawQuery, "secret") || strings.Contains(st.URL, fakeidp.Secret) {
			t.Errorf("step %s URL carries a secret", st.Step)
		}
	}
}

func TestAuthorizeCheck(t *testing.T) {
	f := newFake(t)
	o := opts(f)
	o.ClientCredentials = false
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"siteUrl": "https://other.example.com"}), o)
	if a := facts.Authorize; a == nil || !a.RedirectRejected || a.AADSTS != 50011 || a.Status != 400 || !strings.Contains(a.Text, "AADSTS50011") {
		t.Fatalf("redirect: %+v", facts.Authorize)
	}
	facts = Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"oidcClientId": "12345678-0000-0000-0000-000000000000"}), o)
	if a := facts.Authorize; a == nil || !a.ClientRejected || a.AADSTS != 700016 {
		t.Fatalf("client: %+v", facts.Authorize)
	}
	// a generic provider's plain error page (Dex wording)
	a := JudgeAuthorize(Answer{Status: 400}, []byte("<html><body><p>Unregistered redirect_uri.</p></body></html>"), "https://crm/oauth-callback.php")
	if !a.RedirectRejected || a.Text != "Unregistered redirect_uri." {
		t.Fatalf("dex redirect: %+v", a)
	}
	a = JudgeAuthorize(Answer{Status: 400}, []byte("<p>Invalid client_id provided.</p>"), "https://crm/oauth-callback.php")
	if !a.ClientRejected {
		t.Fatalf("dex client: %+v", a)
	}
	a = JudgeAuthorize(Answer{Status: 302, Location: "https://crm/oauth-callback.php?error=invalid_scope&error_description=AADSTS650053%3A+scope+groups&state=x"}, nil, "https://crm/oauth-callback.php")
	if a.OK || a.OAuthError != "invalid_scope" || a.AADSTS != 650053 || strings.Contains(a.Location, "?") {
		t.Fatalf("error redirect: %+v", a)
	}
}

func TestShippedUsersExamples(t *testing.T) {
	for _, p := range []string{"../testdata/probe/users.csv", "../testdata/probe/users.json"} {
		u, err := LoadUsers(p)
		if err != nil || len(u) < 3 || u[0].UserName != "alice@contoso.example" || u[2].IsActive {
			t.Errorf("%s: %+v %v", p, u, err)
		}
	}
}

func TestV1Endpoints(t *testing.T) {
	f := newFake(t)
	o := opts(f)
	base := "https://" + entraHost + "/" + fakeidp.Tenant
	s := entraSettings(t, fakeidp.Tenant, map[string]any{
		"oidcAuthorizationEndpoint": base + "/oauth2/authorize",
		"oidcTokenEndpoint":         base + "/oauth2/token",
		"oidcJwksEndpoint":          base + "/discovery/keys",
	})
	facts := Run(context.Background(), s, o)
	if facts.Issuer != "https://sts.windows.net/"+fakeidp.Tenant+"/" {
		t.Fatalf("issuer %q", facts.Issuer)
	}
	if d := facts.Discovery; d == nil || !d.Valid || !d.IssuerMatches {
		t.Fatalf("v1 discovery: %+v", facts.Discovery)
	}
	// the v1 document lists login.microsoftonline.com endpoints: no diffs for the v1 settings
	for _, df := range facts.Discovery.Diffs {
		if df.Key != "oidcUserInfoEndpoint" {
			t.Errorf("diff %+v", df)
		}
	}
}

func TestWriteSummary(t *testing.T) {
	f := newFake(t)
	f.Extra = map[string]any{"_claim_names": map[string]any{"groups": "src1"}}
	o := opts(f)
	o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, map[string]any{"oidcGroupClaim": "groups"}), o)
	var b strings.Builder
	WriteSummary(&b, facts, time.Now().Add(time.Minute)) // the token lives an hour: "(in 58m59s)" or so
	out := b.String()
	if !regexp.MustCompile(`exp .*\(in [0-9]{1,2}m[0-9]{1,2}s\)`).MatchString(out) {
		t.Errorf("summary lacks the expiry relative to now:\n%s", out)
	}
	for _, want := range []string{"discovery", "client-credentials", "pairwise", "overage marker", "go-oidc: REJECTS the token: the token names distributed claims", "espocrm 10.0.0: accepts", "teams: group claim \"groups\" present=true overage=true"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	for _, s := range []string{fakeidp.Secret, fakeidp.Password, "eyJ", "user-access."} {
		if strings.Contains(out, s) {
			t.Errorf("summary carries a secret (%.6s…)", s)
		}
	}
}

func TestMoreHostileAnswers(t *testing.T) {
	f := newFake(t)
	f.SetMode("discovery", "redirect")
	f.SetMode("token", "500")
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), opts(f))
	if d := facts.Discovery; d.Valid || d.Status != 302 || !strings.Contains(d.Problem, "redirect") {
		t.Errorf("discovery redirect: %+v", d)
	}
	cc := tokenByGrant(facts, "client_credentials")
	if cc == nil || cc.OK || cc.Status != 500 || !strings.Contains(cc.Snippet, "Internal Server Error") {
		t.Errorf("token 500: %+v", cc)
	}
	if facts.Incomplete() != nil {
		t.Errorf("HTTP answers are not incompleteness: %v", facts.Incomplete())
	}
	f.SetMode("discovery", "")
	f.SetMode("token", "slow")
	o := opts(f)
	o.Timeout = 200 * time.Millisecond
	facts = Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
	if err := facts.Incomplete(); err == nil || !strings.Contains(err.Error(), "client-credentials") {
		t.Errorf("slow token endpoint: %v", err)
	}
}
