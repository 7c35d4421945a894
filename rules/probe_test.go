package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/facts"
)

// Probe rules judge hand-built facts.Facts: no network.

var probeIssuer = "https://login.microsoftonline.com/" + tenant + "/v2.0"

// goodFacts is what a probe of the clean Entra base sees.
func goodFacts() *facts.Facts {
	yes := true
	return &facts.Facts{
		Provider: "entra", Issuer: probeIssuer, IssuerFrom: "the entra endpoints",
		Discovery: &facts.Discovery{Answer: facts.Answer{Status: 200}, Valid: true, Issuer: probeIssuer, IssuerMatches: true,
			ClientSecretPostAllowed: true, AuthMethodsGiven: true, AuthMethods: []string{"client_secret_post"},
			SigningAlgs: []string{"RS256"}, AlgsUsable: []string{"RS256"},
			JwksURI: "https://login.microsoftonline.com/" + tenant + "/discovery/v2.0/keys"},
		JWKS:   &facts.JWKS{Answer: facts.Answer{Status: 200}, Valid: true, Keys: []facts.Key{{Kid: "k1", Kty: "RSA", Bits: 2048}}, SameAsDiscovery: &yes},
		Tokens: []*facts.TokenResult{{Grant: "client_credentials", OK: true, Answer: facts.Answer{Status: 200}}},
		Clock:  &facts.Clock{Skew: 2 * time.Second, From: "discovery"},
	}
}

func withToken(f *facts.Facts) *facts.Facts {
	f.IDToken = map[string]any{"iss": probeIssuer, "tid": tenant, "aud": "11111111-2222-3333-4444-555555555555", "sub": "s", "preferred_username": "Alice@Example.com"}
	f.IDTokenHeader = map[string]any{"alg": "RS256", "kid": "k1"}
	f.Strict = &facts.Verdict{Validator: "go-oidc", Accepted: true}
	f.Espo = &facts.Verdict{Validator: "espocrm", Accepted: true}
	f.User = &facts.UserOutcome{Claim: "preferred_username", From: "id_token", Raw: "Alice@Example.com", Normalized: "alice@example.com", Outcome: "found", Detail: "signs in", MaxLength: 50}
	return f
}

// probeCase is a probe rule's test: the facts it judges (spec.probe) and
// the instance; expectRule runs it like every other rule test.
type probeCase struct {
	name  string
	facts func() *facts.Facts
	spec  instanceSpec
	rule  string
	wants []want
}

func TestProbeRules(t *testing.T) {
	mod := func(f func(*facts.Facts)) func() *facts.Facts {
		return func() *facts.Facts { x := withToken(goodFacts()); f(x); return x }
	}
	cases := []probeCase{
		{name: "discovery 90002", rule: "probe-discovery-failed", facts: mod(func(f *facts.Facts) {
			f.Discovery = &facts.Discovery{Answer: facts.Answer{Status: 400, URL: "u"}, AADSTS: 90002, Problem: "HTTP 400"}
		}), wants: []want{{key: "oidcAuthorizationEndpoint"}}},
		{name: "no issuer", rule: "probe-discovery-failed", facts: mod(func(f *facts.Facts) { f.Issuer, f.Discovery = "", nil }),
			wants: []want{{key: "oidcTokenEndpoint", sev: Info}}},
		{name: "good discovery", rule: "probe-discovery-failed", facts: mod(func(*facts.Facts) {})},
		{name: "template issuer", rule: "probe-discovery-issuer-mismatch", facts: mod(func(f *facts.Facts) {
			f.Discovery.IssuerMatches, f.Discovery.IssuerTemplate, f.Discovery.IssuerExplanation = false, true, "template"
		}), wants: []want{{key: "oidcAuthorizationEndpoint", sev: Warning}}},
		{name: "issuer mismatch", rule: "probe-discovery-issuer-mismatch", facts: mod(func(f *facts.Facts) {
			f.Discovery.IssuerMatches, f.Discovery.IssuerExplanation = false, "other"
		}), wants: []want{{key: "oidcAuthorizationEndpoint"}}},
		{name: "endpoint diffs", rule: "probe-endpoint-differs", facts: mod(func(f *facts.Facts) {
			f.Discovery.Diffs = []facts.EndpointDiff{{Key: "oidcJwksEndpoint", Configured: "a", Discovered: "b"}, {Key: "oidcLogoutUrl", Discovered: "c", Harmless: true}}
		}), wants: []want{{key: "oidcJwksEndpoint"}, {key: "oidcLogoutUrl", sev: Info}}},
		{name: "no client_secret_post", rule: "probe-client-auth-unsupported", facts: mod(func(f *facts.Facts) {
			f.Discovery.ClientSecretPostAllowed, f.Discovery.AuthMethods = false, []string{"private_key_jwt"}
		}), wants: []want{{key: "oidcTokenEndpoint"}}},
		{name: "algs none usable", rule: "probe-algorithm-unsupported", spec: instanceSpec{edits: []string{"oidcJwtSignatureAlgorithmList=['RS512']"}}, facts: mod(func(f *facts.Facts) {
			f.Discovery.AlgsNotSupported, f.Discovery.AlgsUsable = []string{"RS512"}, nil
		}), wants: []want{{key: "oidcJwtSignatureAlgorithmList"}}},
		{name: "algs extra", rule: "probe-algorithm-unsupported", facts: mod(func(f *facts.Facts) {
			f.Discovery.AlgsNotSupported = []string{"HS256"}
		}), wants: []want{{key: "oidcJwtSignatureAlgorithmList", sev: Warning}}},
		{name: "jwks html", rule: "probe-jwks-failed", facts: mod(func(f *facts.Facts) {
			f.JWKS = &facts.JWKS{Answer: facts.Answer{Status: 200}, Problem: "not JSON", EspoFails: "OIDC: JWKS bad response."}
		}), wants: []want{{key: "oidcJwksEndpoint"}}},
		{name: "jwks kid", rule: "probe-jwks-key-without-kid", facts: mod(func(f *facts.Facts) {
			f.JWKS.Keys = append(f.JWKS.Keys, facts.Key{Kty: "RSA", Bits: 2048})
			f.JWKS.EspoFails = "Bad JWK value."
		}), wants: []want{{key: "oidcJwksEndpoint"}}},
		{name: "jwks kid not double-reported", rule: "probe-jwks-failed", facts: mod(func(f *facts.Facts) {
			f.JWKS.Keys = append(f.JWKS.Keys, facts.Key{Kty: "RSA", Bits: 2048})
			f.JWKS.EspoFails = "Bad JWK value."
		})},
		{name: "weak keys", rule: "probe-jwks-key-weak", facts: mod(func(f *facts.Facts) {
			f.JWKS.Keys = append(f.JWKS.Keys, facts.Key{Kid: "s", Kty: "RSA", Bits: 1024}, facts.Key{Kid: "p", Kty: "RSA", Bits: 2048, Private: true}, facts.Key{Kid: "o", Kty: "oct", Symmetric: true})
		}), wants: []want{{key: "oidcJwksEndpoint"}, {key: "oidcJwksEndpoint"}, {key: "oidcJwksEndpoint"}}},
		{name: "refused keys", rule: "probe-jwks-key-refused", facts: mod(func(f *facts.Facts) {
			f.JWKS.Keys = append(f.JWKS.Keys, facts.Key{Kid: "huge", Kty: "RSA", Bits: 262144, Refused: true, Problem: "refused: RSA modulus of 262144 bits"}, facts.Key{Kid: "fine", Kty: "RSA", Bits: 4096})
		}), wants: []want{{key: "oidcJwksEndpoint"}}},
		{name: "no refused keys", rule: "probe-jwks-key-refused", facts: mod(func(f *facts.Facts) {
			f.JWKS.Keys = append(f.JWKS.Keys, facts.Key{Kid: "fine", Kty: "RSA", Bits: 8192})
		})},
		{name: "jwks differs", rule: "probe-jwks-differs-from-discovery", facts: mod(func(f *facts.Facts) {
			no := false
			f.JWKS.SameAsDiscovery, f.JWKS.OnlyInDiscovery = &no, []string{"k2"}
		}), wants: []want{{key: "oidcJwksEndpoint"}}},
		{name: "secret id", rule: "probe-token-invalid-secret", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Status: 401}, AADSTS: 7000215, OAuthError: "invalid_client"}}
		}), wants: []want{{key: "oidcClientSecret"}}},
		{name: "generic invalid_client", rule: "probe-token-invalid-secret", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "password", Answer: facts.Answer{Status: 401}, OAuthError: "invalid_client"}}
		}), wants: []want{{key: "oidcClientSecret"}}},
		{name: "expired", rule: "probe-token-secret-expired", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Status: 401}, AADSTS: 7000222}}
		}), wants: []want{{key: "oidcClientSecret"}}},
		{name: "app", rule: "probe-token-app-not-found", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Status: 400}, AADSTS: 700016}}
		}), wants: []want{{key: "oidcClientId"}}},
		{name: "tenant", rule: "probe-token-tenant-not-found", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Status: 400}, AADSTS: 90002}}
		}), wants: []want{{key: "oidcTokenEndpoint"}}},
		{name: "other codes", rule: "probe-token-request-failed", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{
				{Grant: "authorization_code", Answer: facts.Answer{Status: 400}, AADSTS: 50194},
				{Grant: "authorization_code", Answer: facts.Answer{Status: 400}, AADSTS: 700025},
				{Grant: "authorization_code", Answer: facts.Answer{Status: 400}, AADSTS: 9002327},
				{Grant: "client_credentials", Answer: facts.Answer{Status: 400}, AADSTS: 1002012},
			}
		}), wants: []want{{key: "oidcTokenEndpoint"}, {key: "oidcTokenEndpoint"}, {key: "oidcTokenEndpoint"}, {key: "oidcTokenEndpoint"}}},
		{name: "transport failure is not a token finding", rule: "probe-token-request-failed", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Failed: true}}}
		})},
		{name: "redirect", rule: "probe-redirect-uri-mismatch", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "authorization_code", Answer: facts.Answer{Status: 400}, AADSTS: 50011}}
			f.Callback = &facts.Callback{Error: "invalid_request", AADSTS: 50011}
		}), wants: []want{{key: "siteUrl"}, {key: "siteUrl"}}},
		{name: "authorize refuses redirect", rule: "probe-redirect-uri-mismatch", facts: mod(func(f *facts.Facts) {
			f.Authorize = &facts.AuthorizeCheck{Answer: facts.Answer{Status: 400}, RedirectRejected: true, AADSTS: 50011}
		}), wants: []want{{key: "siteUrl"}}},
		{name: "authorize refuses client", rule: "probe-token-app-not-found", facts: mod(func(f *facts.Facts) {
			f.Authorize = &facts.AuthorizeCheck{Answer: facts.Answer{Status: 400}, ClientRejected: true}
		}), wants: []want{{key: "oidcClientId"}}},
		{name: "authorize error redirect", rule: "probe-authorization-error", facts: mod(func(f *facts.Facts) {
			f.Authorize = &facts.AuthorizeCheck{Answer: facts.Answer{Status: 302}, OAuthError: "invalid_scope", AADSTS: 650053}
		}), wants: []want{{key: "oidcAuthorizationEndpoint"}}},
		{name: "authorization error", rule: "probe-authorization-error", facts: mod(func(f *facts.Facts) {
			f.Callback = &facts.Callback{Error: "access_denied", ErrorDescription: "AADSTS65004: User declined to consent", AADSTS: 65004, StateOK: true}
		}), wants: []want{{key: "oidcAuthorizationEndpoint"}}},
		{name: "strict rejected", rule: "probe-id-token-strict-rejected", facts: mod(func(f *facts.Facts) {
			f.Strict = &facts.Verdict{Reasons: []string{"expired"}}
		}), wants: []want{{key: "oidcTokenEndpoint"}}},
		{name: "espo rejected", rule: "probe-id-token-espo-rejected", facts: mod(func(f *facts.Facts) {
			f.Espo = &facts.Verdict{Checks: []facts.Check{{Name: "aud", Detail: "x"}, {Name: "exp", Detail: "y"}, {Name: "signature", Detail: "z"}}}
		}), wants: []want{{key: "oidcClientId"}, {key: ""}, {key: "oidcJwksEndpoint"}}},
		{name: "foreign issuer", rule: "probe-id-token-foreign-issuer", facts: mod(func(f *facts.Facts) {
			f.IDToken["iss"] = "https://login.microsoftonline.com/99999999-8888-7777-6666-555555555555/v2.0"
			f.Strict = &facts.Verdict{Reasons: []string{"issuer"}}
		}), wants: []want{{key: "oidcAuthorizationEndpoint"}}},
		{name: "foreign issuer not double-reported as strict", rule: "probe-id-token-strict-rejected", facts: mod(func(f *facts.Facts) {
			f.IDToken["iss"] = "https://login.microsoftonline.com/99999999-8888-7777-6666-555555555555/v2.0"
			f.Strict = &facts.Verdict{Reasons: []string{"issuer"}}
		})},
		{name: "expected tenants", rule: "probe-id-token-foreign-issuer", spec: instanceSpec{options: &Options{ExpectedTenants: []string{"00000000-0000-0000-0000-000000000001"}, UserNameMaxLength: 50}},
			facts: mod(func(*facts.Facts) {}), wants: []want{{key: "oidcAuthorizationEndpoint"}}},
		{name: "same issuer", rule: "probe-id-token-foreign-issuer", facts: mod(func(*facts.Facts) {})},
		{name: "claim missing", rule: "probe-username-claim-missing", facts: mod(func(f *facts.Facts) {
			f.User = &facts.UserOutcome{Claim: "email", Outcome: "claim-missing", Detail: "No username claim `email` in token and userinfo."}
		}), wants: []want{{key: "oidcUsernameClaim"}}},
		{name: "found is info", rule: "probe-user-outcome", facts: mod(func(*facts.Facts) {}), wants: []want{{key: "oidcUsernameClaim", sev: Info}}},
		{name: "admin", rule: "probe-user-outcome", facts: mod(func(f *facts.Facts) { f.User.Outcome = "admin-not-allowed" }), wants: []want{{key: "oidcAllowAdminUser"}}},
		{name: "not found", rule: "probe-user-outcome", facts: mod(func(f *facts.Facts) { f.User.Outcome = "not-found" }), wants: []want{{key: "oidcCreateUser"}}},
		{name: "too long", rule: "probe-username-too-long", facts: mod(func(f *facts.Facts) { f.User.TooLong = true }), wants: []want{{key: "oidcUsernameClaim"}}},
		{name: "group overage", rule: "probe-group-claim", spec: instanceSpec{edits: []string{"oidcGroupClaim='groups'"}}, facts: mod(func(f *facts.Facts) {
			f.Teams = &facts.Teams{Claim: "groups", Overage: true}
		}), wants: []want{{key: "oidcGroupClaim"}}},
		{name: "teams removed", rule: "probe-group-claim", spec: instanceSpec{edits: []string{"oidcGroupClaim='groups'", "oidcSyncTeams=true"}}, facts: mod(func(f *facts.Facts) {
			f.Teams = &facts.Teams{Claim: "groups", Present: true, Groups: []string{"g"}, Removed: []string{"t9"}, SyncTeams: true}
		}), wants: []want{{key: "oidcSyncTeams", sev: Warning}}},
		// issue 13 item 3's token side: invalid_client is judged by what it says
		{name: "client auth method (Hydra)", rule: "probe-client-auth-unsupported", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Status: 401, URL: "https://idp/oauth2/token"}, OAuthError: "invalid_client",
				Description: "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method). The OAuth 2.0 Client supports client authentication method 'client_secret_basic', but method 'client_secret_post' was requested."}}
		}), wants: []want{{key: "oidcTokenEndpoint"}}},
		{name: "client auth method is not a wrong secret", rule: "probe-token-invalid-secret", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Status: 401}, OAuthError: "invalid_client",
				Description: "The OAuth 2.0 Client supports client authentication method 'client_secret_basic', but method 'client_secret_post' was requested."}}
		})},
		{name: "invalid_client where discovery refuses post", rule: "probe-token-invalid-secret", facts: mod(func(f *facts.Facts) {
			f.Discovery.ClientSecretPostAllowed, f.Discovery.AuthMethods = false, []string{"client_secret_basic"}
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Status: 401}, OAuthError: "invalid_client", Description: "client authentication failed"}}
		})},
		{name: "Hydra's generic invalid_client is a wrong secret", rule: "probe-token-invalid-secret", facts: mod(func(f *facts.Facts) {
			f.Tokens = []*facts.TokenResult{{Grant: "client_credentials", Answer: facts.Answer{Status: 401}, OAuthError: "invalid_client",
				Description: "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method). The provided client secret did not match."}}
		}), wants: []want{{key: "oidcClientSecret"}}},
		{name: "clock 5 min, no token", rule: "probe-clock-skew", facts: func() *facts.Facts { f := goodFacts(); f.Clock.Skew = -5 * time.Minute; return f }, wants: []want{{key: ""}}},
		{name: "clock 5 min, token refused on nbf", rule: "probe-clock-skew", facts: mod(func(f *facts.Facts) {
			f.Clock.Skew = -5 * time.Minute
			f.Espo = &facts.Verdict{Validator: "espocrm", Checks: []facts.Check{{Name: "exp", OK: true}, {Name: "nbf", OK: false, Detail: "nbf in 5m0s"}}}
		}), wants: []want{{key: ""}}},
		// issue 13 item 2: the token verdict accepts, so the clock rule may not say "rejected"
		{name: "clock 10 min, token accepted", rule: "probe-clock-skew", facts: mod(func(f *facts.Facts) {
			f.Clock.Skew = 10 * time.Minute
			f.Espo = &facts.Verdict{Validator: "espocrm", Accepted: true, Checks: []facts.Check{{Name: "exp", OK: true}}}
		}), wants: []want{{key: "", sev: Warning}}},
		{name: "clock 90 s", rule: "probe-clock-skew", facts: mod(func(f *facts.Facts) { f.Clock.Skew = 90 * time.Second }), wants: []want{{key: "", sev: Warning}}},
		{name: "clock fine", rule: "probe-clock-skew", facts: mod(func(*facts.Facts) {})},
		{name: "userinfo", rule: "probe-userinfo-failed", facts: mod(func(f *facts.Facts) {
			f.UserInfo = &facts.UserInfo{Problem: "OIDC: UserInfo response error.; Status: 401"}
		}), wants: []want{{key: "oidcUserInfoEndpoint"}}},
		{name: "incomplete", rule: "probe-incomplete", facts: mod(func(f *facts.Facts) {
			f.Failures = []facts.Failure{{Step: "jwks", Kind: "timeout", Message: "no answer"}, {Step: "setup", Kind: "input", Message: "x"}}
		}), wants: []want{{key: "oidcJwksEndpoint"}, {key: ""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := c.spec
			spec.probe = c.facts
			expectRule(t, c.rule, spec, c.wants...)
		})
	}
}

// TestProbeGoodFactsQuiet: a clean probe gives only the informational user outcome.
func TestProbeGoodFactsQuiet(t *testing.T) {
	b := build(t, instanceSpec{})
	b.in.Probe = withToken(goodFacts())
	res := Run(b.in, nil)
	for _, f := range res.Findings {
		if strings.HasPrefix(f.Rule, "EO4") && f.Name != "probe-user-outcome" {
			t.Errorf("unexpected %s %s: %s", f.Rule, f.Name, f.Message)
		}
	}
}

// TestProbeRulesSkipWithoutProbe: without a probe the rules are skipped, not passed.
func TestProbeRulesSkipWithoutProbe(t *testing.T) {
	b := build(t, instanceSpec{})
	res := Run(b.in, nil)
	n := 0
	for _, s := range res.Skipped {
		if strings.HasPrefix(s.Rule, "EO4") {
			n++
			if s.NotApplicable {
				t.Errorf("%s skipped as not applicable", s.Rule)
			}
		}
	}
	if n == 0 {
		t.Fatal("no probe rule skipped")
	}
	b.in.Probe = goodFacts() // no ID token: the ID-token rules are skipped
	res = Run(b.in, nil)
	for _, s := range res.Skipped {
		if s.Name == "probe-user-outcome" {
			return
		}
	}
	t.Error("probe-user-outcome ran without an ID token")
}
