package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// A scenario is one setup of a provider, one EspoCRM configuration and one
// probe run; it asserts the probe findings (rule@key:severity, exactly),
// the exit code, and (run does it) that no secret is in any output.
type scenario struct {
	name   string
	setup  setup
	over   map[string]string // EspoCRM settings
	args   []string          // extra probe flags
	signIn bool              // the authorization-code flow, played by the browser, caught by --listen
	down   bool              // the provider is stopped before the probe runs
	only   string            // run only against this provider
	skip   map[string]string // provider → why the scenario cannot run there
	code   int
	want   []string
	wantBy map[string][]string // provider → want, where it differs
	check  func(t *testing.T, p *idp, r result)
}

var providers = map[string]func(*testing.T, setup) *idp{
	"oidc-provider": startOIDCProvider,
	"hydra":         startHydra,
	"dex":           startDexIdP,
}

// login is the name the provider's login form takes for the test user.
func login(p *idp) string {
	if p.name == "oidc-provider" {
		return "alice" // devInteractions: the account ID
	}
	return userEmail
}

func runScenario(t *testing.T, provider string, sc scenario) {
	if why, ok := sc.skip[provider]; ok {
		t.Skip(why)
	}
	s := sc.setup
	var listen string
	if sc.signIn {
		listen = fmt.Sprintf("127.0.0.1:%d", freePort(t))
		s.extraRedirect = "http://" + listen + "/oauth-callback.php"
	}
	p := providers[provider](t, s)
	over := map[string]string{}
	for k, v := range sc.over {
		// placeholders for this provider's URLs
		v = strings.ReplaceAll(v, "JWKS_TYPO", p.ep.jwks+"-typo")
		v = strings.ReplaceAll(v, "USERINFO", p.ep.userinfo)
		over[k] = v
	}
	dir := p.instance(t, over)
	args := p.args(dir, sc.args...)
	var browse func(string) string
	var mu sync.Mutex
	var reply string
	var replyErr error
	if sc.signIn {
		args = append(args, "--auth-code", "--listen", listen)
		browse = listenBrowser(t, p, listen, func(page string, err error) {
			mu.Lock()
			reply, replyErr = page, err
			mu.Unlock()
		})
	}
	if sc.down {
		p.stop()
	}
	r := run(t, "", browse, args...)
	got := strings.Join(r.graded, ",")
	wants := sc.want
	if w, ok := sc.wantBy[provider]; ok {
		wants = w
	}
	want := strings.Join(wants, ",")
	if r.code != sc.code || got != want {
		t.Errorf("%s: exit %d, want %d\nfindings %s\nwant     %s\n%s\nstderr:\n%s", provider, r.code, sc.code, got, want, strings.Join(r.messages, "\n"), r.stderr)
	}
	if sc.signIn {
		mu.Lock()
		if replyErr != nil || !strings.Contains(reply, "espo-oidc received the sign-in result") {
			t.Errorf("--listen answered the browser %q (%v)", reply, replyErr)
		}
		mu.Unlock()
	}
	if sc.check != nil {
		sc.check(t, p, r)
	}
}

func TestProviders(t *testing.T) {
	for _, sc := range scenarios {
		for _, prov := range []string{"dex", "oidc-provider", "hydra"} {
			if sc.only != "" && sc.only != prov {
				continue
			}
			t.Run(prov+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				runScenario(t, prov, sc)
			})
		}
	}
}

const wrongSecret = "not-the-Secret-Value-9876543210"

func init() { secrets = append(secrets, wrongSecret) }

// Why some scenarios cannot run on Hydra or Dex.
const (
	hydraNoClock    = "Hydra's clock cannot be shifted: it has no clock setting, and a Go program reads the time through the vDSO, not libc, so libfaketime has no effect on it"
	hydraNoUserinfo = "Hydra's userinfo answers the ID token's own claims: a claim cannot be only at userinfo"
	dexNoUserinfo   = "Dex puts every scope's claims in the ID token: a claim cannot be only at userinfo"
	dexNoMethods    = "Dex accepts client_secret_post and client_secret_basic for every client and publishes both: it cannot be limited to basic"
	dexOnlyRS256    = "Dex signs ID tokens with RS256 only"
)

// signedIn asserts a complete, accepted code flow.
func signedIn(t *testing.T, p *idp, r result) {
	t.Helper()
	if tk := r.token("authorization_code"); tk == nil || tk["ok"] != true {
		t.Errorf("code redemption %v", tk)
	}
	if get(r.facts, "callback", "stateOk") != true {
		t.Errorf("callback %v", get(r.facts, "callback"))
	}
	if get(r.facts, "idTokenFrom") != "authorization_code" {
		t.Errorf("ID token from %v", get(r.facts, "idTokenFrom"))
	}
}

func verdicts(strict, espo bool) func(*testing.T, *idp, result) {
	return func(t *testing.T, p *idp, r result) {
		t.Helper()
		signedIn(t, p, r)
		if get(r.facts, "strict", "accepted") != strict || get(r.facts, "espo", "accepted") != espo {
			t.Errorf("verdicts strict %v espo %v, want %v %v", get(r.facts, "strict"), get(r.facts, "espo"), strict, espo)
		}
	}
}

var scenarios = []scenario{
	{
		name: "good-setup", signIn: true,
		want: []string{"probe-user-outcome@oidcUsernameClaim:info"},
		check: func(t *testing.T, p *idp, r result) {
			verdicts(true, true)(t, p, r)
			if get(r.facts, "authorize", "ok") != true {
				t.Errorf("authorize check %v", get(r.facts, "authorize"))
			}
			if tk := r.token("client_credentials"); tk == nil || tk["ok"] != true {
				t.Errorf("client credentials %v", tk)
			}
			if get(r.facts, "user", "normalized") != userEmail {
				t.Errorf("user %v", get(r.facts, "user"))
			}
		},
	},
	{
		name: "wrong-secret",
		over: map[string]string{"oidcClientSecret": wrongSecret},
		code: 1,
		want: []string{"probe-token-invalid-secret@oidcClientSecret:error"},
	},
	{
		name: "unknown-client",
		over: map[string]string{"oidcClientId": "'not-espocrm'"},
		code: 1,
		want: []string{"probe-token-app-not-found@oidcClientId:error", "probe-token-invalid-secret@oidcClientSecret:error"},
	},
	{
		name: "unknown-client-no-client-credentials",
		over: map[string]string{"oidcClientId": "'not-espocrm'"},
		args: []string{"--no-client-credentials"},
		code: 1,
		want: []string{"probe-token-app-not-found@oidcClientId:error"},
	},
	{
		name: "wrong-jwks-url", signIn: true,
		over:  map[string]string{"oidcJwksEndpoint": "'JWKS_TYPO'"},
		code:  1,
		want:  []string{"probe-endpoint-differs@oidcJwksEndpoint:warning", "probe-id-token-espo-rejected@oidcJwksEndpoint:error", "probe-jwks-failed@oidcJwksEndpoint:error", "probe-user-outcome@oidcUsernameClaim:info"},
		check: verdicts(true, false),
	},
	{
		name: "redirect-uri-not-registered",
		over: map[string]string{"siteUrl": "'https://crm.example.test/espo'"},
		code: 1,
		want: []string{"probe-redirect-uri-mismatch@siteUrl:error"},
	},
	{
		name:  "only-client-secret-basic",
		setup: setup{authMethod: "client_secret_basic", onlyBasic: true},
		skip:  map[string]string{"dex": dexNoMethods},
		code:  1,
		want:  []string{"probe-client-auth-unsupported@oidcTokenEndpoint:error"},
	},
	{
		name: "es256", signIn: true,
		setup: setup{alg: "ES256"},
		skip:  map[string]string{"dex": dexOnlyRS256},
		code:  1,
		want:  []string{"probe-algorithm-unsupported@oidcJwtSignatureAlgorithmList:error", "probe-id-token-espo-rejected@oidcJwtSignatureAlgorithmList:error", "probe-user-outcome@oidcUsernameClaim:info"},
		check: verdicts(true, false),
	},
	{
		name: "ps256", signIn: true,
		setup: setup{alg: "PS256"},
		skip:  map[string]string{"dex": dexOnlyRS256},
		code:  1,
		want:  []string{"probe-algorithm-unsupported@oidcJwtSignatureAlgorithmList:error", "probe-id-token-espo-rejected@oidcJwtSignatureAlgorithmList:error", "probe-user-outcome@oidcUsernameClaim:info"},
		check: verdicts(true, false),
	},
	{
		name: "username-claim-only-at-userinfo", signIn: true,
		setup: setup{claimsAtUserinfo: true},
		skip:  map[string]string{"hydra": hydraNoUserinfo, "dex": dexNoUserinfo},
		code:  1,
		want:  []string{"probe-username-claim-missing@oidcUsernameClaim:error"},
		check: verdicts(true, true),
	},
	{
		name: "username-claim-at-userinfo-endpoint-set", signIn: true,
		setup: setup{claimsAtUserinfo: true},
		over:  map[string]string{"oidcUserInfoEndpoint": "'USERINFO'"},
		skip:  map[string]string{"hydra": hydraNoUserinfo, "dex": dexNoUserinfo},
		want:  []string{"probe-user-outcome@oidcUsernameClaim:info"},
		check: func(t *testing.T, p *idp, r result) {
			verdicts(true, true)(t, p, r)
			if get(r.facts, "userInfo", "ok") != true || get(r.facts, "user", "normalized") != userEmail {
				t.Errorf("userinfo %v user %v", get(r.facts, "userInfo"), get(r.facts, "user"))
			}
		},
	},
	{
		name: "token-expired-beyond-leeway", signIn: true,
		setup: setup{clockOffset: -600, idTokenTTL: 60},
		skip:  map[string]string{"hydra": hydraNoClock},
		code:  1,
		// 60 s tokens from a clock 600 s behind: expired 540 s ago, beyond the leeway
		want:  []string{"probe-clock-skew@:error", "probe-id-token-espo-rejected@:error", "probe-id-token-strict-rejected@oidcTokenEndpoint:warning", "probe-user-outcome@oidcUsernameClaim:info"},
		check: verdicts(false, false),
	},
	{
		name: "token-expired-within-leeway", signIn: true,
		setup: setup{clockOffset: -180, idTokenTTL: 60},
		skip:  map[string]string{"hydra": hydraNoClock},
		// expired 120 s ago: EspoCRM's leeway still accepts it, go-oidc does not
		want:  []string{"probe-clock-skew@:warning", "probe-id-token-strict-rejected@oidcTokenEndpoint:warning", "probe-user-outcome@oidcUsernameClaim:info"},
		check: verdicts(false, true),
	},
	{
		name: "clock-behind", signIn: true,
		setup: setup{clockOffset: -600},
		skip:  map[string]string{"hydra": hydraNoClock},
		// beyond the leeway, but this provider's tokens (no nbf, 1 h) are still accepted
		want:  []string{"probe-clock-skew@:warning", "probe-user-outcome@oidcUsernameClaim:info"},
		check: verdicts(true, true),
	},
	{
		name: "clock-ahead", signIn: true,
		setup: setup{clockOffset: 600},
		skip:  map[string]string{"hydra": hydraNoClock},
		// iat in the future is never checked and there is no nbf: accepted
		want:  []string{"probe-clock-skew@:warning", "probe-user-outcome@oidcUsernameClaim:info"},
		check: verdicts(true, true),
	},
	{
		name: "idp-down",
		down: true,
		code: 3,
		want: []string{"probe-incomplete@oidcAuthorizationEndpoint:error", "probe-incomplete@oidcAuthorizationEndpoint:error", "probe-incomplete@oidcJwksEndpoint:error", "probe-incomplete@oidcTokenEndpoint:error"},
		check: func(t *testing.T, p *idp, r result) {
			if !strings.Contains(r.stderr, "could not complete") {
				t.Errorf("stderr %s", r.stderr)
			}
		},
	},
}
