package rules

import (
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/facts"
)

// providerBase is entraBase with the endpoints of another provider; the
// logout URL is removed unless given.
func providerBase(eps ...string) []kv {
	keys := []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint", "oidcJwksEndpoint", "oidcUserInfoEndpoint", "oidcLogoutUrl"}
	edits := []string{"-oidcLogoutUrl", "oidcClientId='espocrm'"}
	for i, e := range eps {
		if e != "" {
			edits = append(edits, keys[i]+"='"+e+"'")
		}
	}
	return edit(entraBase(), edits)
}

const (
	kcURL = "https://sso.example.org/realms/staff/protocol/openid-connect/"
	okURL = "https://dev-1234567.okta.com/oauth2/default/v1/"
	akURL = "https://auth.example.net/application/o/"
	agURL = "https://auth.example.com"
	knURL = "https://idm.example.com"
)

func keycloakProfileBase() []kv {
	return providerBase(kcURL+"auth", kcURL+"token", kcURL+"certs", kcURL+"userinfo",
		kcURL+"logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}")
}
func oktaBase() []kv {
	return providerBase(okURL+"authorize", okURL+"token", okURL+"keys", okURL+"userinfo")
}
func akBase() []kv {
	return providerBase(akURL+"authorize/", akURL+"token/", akURL+"espocrm/jwks/", akURL+"userinfo/", akURL+"espocrm/end-session/")
}
func autheliaBase() []kv {
	return providerBase(agURL+"/api/oidc/authorization", agURL+"/api/oidc/token", agURL+"/jwks.json", agURL+"/api/oidc/userinfo")
}
func googleBase() []kv {
	return edit(providerBase("https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token", "https://www.googleapis.com/oauth2/v3/certs"),
		[]string{"oidcUsernameClaim='email'", "oidcAuthorizationPrompt='select_account'"})
}
func kanidmBase() []kv {
	return providerBase(knURL+"/ui/oauth2", knURL+"/oauth2/token", knURL+"/oauth2/openid/espocrm/public_key.jwk", knURL+"/oauth2/openid/espocrm/userinfo")
}
func zitadelBase() []kv {
	z := "https://id.example.com"
	return providerBase(z+"/oauth/v2/authorize", z+"/oauth/v2/token", z+"/oauth/v2/keys", z+"/oidc/v1/userinfo",
		z+"/oidc/v1/end_session?client_id={clientId}&post_logout_redirect_uri={siteUrl}")
}
func dexBase() []kv {
	d := "https://sso.example.com/dex"
	return edit(providerBase(d+"/auth", d+"/token", d+"/keys"), []string{"oidcUsernameClaim='email'"})
}
func adfsBase() []kv {
	a := "https://adfs.corp.example.com/adfs"
	return edit(providerBase(a+"/oauth2/authorize/", a+"/oauth2/token/", a+"/discovery/keys"), []string{"oidcUsernameClaim='upn'"})
}
func auth0Base() []kv {
	a := "https://acme.eu.auth0.com"
	return edit(providerBase(a+"/authorize", a+"/oauth/token", a+"/.well-known/jwks.json", a+"/userinfo"), []string{"oidcUsernameClaim='email'"})
}

const teamsKC = `(object) ['t1' => (object) ['group' => '/sales'], 't2' => (object) ['group' => 'support']]`

// Each provider rule fires on the mistake it is about, at the setting to
// change, and stays quiet on the provider's correct setup.
func TestProviderRules(t *testing.T) {
	cases := []struct {
		rule  string
		spec  instanceSpec
		wants []want
	}{
		// Keycloak
		{"keycloak-realm-mismatch", instanceSpec{base: keycloakProfileBase()}, nil},
		{"keycloak-realm-mismatch", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcJwksEndpoint='https://sso.example.org/realms/master/protocol/openid-connect/certs'"}},
			[]want{{key: "oidcJwksEndpoint"}}},
		{"keycloak-realm-mismatch", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcTokenEndpoint='https://sso.example.org/auth/realms/staff/protocol/openid-connect/token'",
			"oidcLogoutUrl='https://sso.example.org/realms/other/protocol/openid-connect/logout?client_id={clientId}'"}},
			[]want{{key: "oidcTokenEndpoint"}, {key: "oidcLogoutUrl"}}},
		{"keycloak-realm-mismatch", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcTokenEndpoint='https://idp.example.org/oauth/token'"}},
			[]want{{key: "oidcTokenEndpoint"}}},
		{"keycloak-realm-mismatch", instanceSpec{}, nil}, // Entra: not applicable
		{"keycloak-logout-url", instanceSpec{base: keycloakProfileBase()}, nil},
		{"keycloak-logout-url", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcLogoutUrl='" + kcURL + "logout?post_logout_redirect_uri={siteUrl}'"}},
			[]want{{key: "oidcLogoutUrl"}}},
		{"keycloak-logout-url", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcLogoutUrl='" + kcURL + "logout?redirect_uri={siteUrl}'"}},
			[]want{{key: "oidcLogoutUrl"}}},
		{"keycloak-logout-url", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcLogoutUrl='" + kcURL + "logout'"}}, nil}, // no redirect asked
		{"keycloak-group-full-path", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcGroupClaim='groups'", "oidcTeamsIds=['t1','t2']", "oidcTeamsColumns=" + teamsKC}},
			[]want{{key: "oidcTeamsColumns"}}},
		{"keycloak-group-full-path", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcGroupClaim='groups'", "oidcTeamsIds=['t1']",
			"oidcTeamsColumns=(object) ['t1' => (object) ['group' => '/sales']]"}}, nil},
		{"keycloak-group-full-path", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcTeamsIds=['t1','t2']", "oidcTeamsColumns=" + teamsKC}}, nil}, // no group claim
		// Okta
		{"okta-auth-server-mismatch", instanceSpec{base: oktaBase()}, nil},
		{"okta-auth-server-mismatch", instanceSpec{base: oktaBase(), edits: []string{"oidcJwksEndpoint='https://dev-1234567.okta.com/oauth2/v1/keys'"}},
			[]want{{key: "oidcJwksEndpoint"}}},
		{"okta-auth-server-mismatch", instanceSpec{base: oktaBase(), edits: []string{"oidcTokenEndpoint='https://dev-1234567.okta.com/oauth2/aus1b2c3d4e5f6g7h8i9/v1/token'",
			"oidcUserInfoEndpoint='https://dev-7654321.okta.com/oauth2/default/v1/userinfo'"}},
			[]want{{key: "oidcTokenEndpoint"}, {key: "oidcUserInfoEndpoint"}}},
		{"okta-logout-needs-id-token", instanceSpec{base: oktaBase()}, nil},
		{"okta-logout-needs-id-token", instanceSpec{base: oktaBase(), edits: []string{"oidcLogoutUrl='" + okURL + "logout?post_logout_redirect_uri={siteUrl}'"}},
			[]want{{key: "oidcLogoutUrl"}}},
		{"okta-logout-needs-id-token", instanceSpec{base: oktaBase(), edits: []string{"oidcLogoutUrl='https://crm.example.com/bye'"}}, nil},
		// authentik
		{"authentik-application-mismatch", instanceSpec{base: akBase()}, nil},
		{"authentik-application-mismatch", instanceSpec{base: akBase(), edits: []string{"oidcLogoutUrl='" + akURL + "grafana/end-session/'"}},
			[]want{{key: "oidcLogoutUrl"}}},
		// another host name with the same paths: maybe the same server by an internal name
		{"authentik-application-mismatch", instanceSpec{base: akBase(), edits: []string{"oidcTokenEndpoint='http://authentik:9000/application/o/token/'"}},
			[]want{{key: "oidcTokenEndpoint", sev: Info}}},
		{"keycloak-realm-mismatch", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcTokenEndpoint='http://keycloak:8080/realms/staff/protocol/openid-connect/token'"}},
			[]want{{key: "oidcTokenEndpoint", sev: Info}}},
		{"authentik-hs256-no-signing-key", instanceSpec{base: akBase()}, nil},
		{"authentik-hs256-no-signing-key", instanceSpec{base: akBase(), edits: []string{"oidcJwtSignatureAlgorithmList=['HS256']"}},
			[]want{{key: "oidcJwtSignatureAlgorithmList"}}},
		{"authentik-hs256-no-signing-key", instanceSpec{base: akBase(), edits: []string{"oidcJwtSignatureAlgorithmList=['RS256', 'HS256']"}},
			[]want{{key: "oidcJwtSignatureAlgorithmList"}}},
		{"authentik-hs256-no-signing-key", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcJwtSignatureAlgorithmList=['RS256', 'HS256']"}}, nil},
		// the core HMAC rule leaves authentik to its own rule, and still speaks elsewhere
		{"hmac-algorithm-allowed", instanceSpec{base: akBase(), edits: []string{"oidcJwtSignatureAlgorithmList=['RS256', 'HS256']"}}, nil},
		{"hmac-algorithm-allowed", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcJwtSignatureAlgorithmList=['RS256', 'HS256']"}},
			[]want{{key: "oidcJwtSignatureAlgorithmList"}}},
		// Google
		{"google-jwks-pem-certs", instanceSpec{base: googleBase()}, nil},
		{"google-jwks-pem-certs", instanceSpec{base: googleBase(), edits: []string{"oidcJwksEndpoint='https://www.googleapis.com/oauth2/v1/certs'"}},
			[]want{{key: "oidcJwksEndpoint"}}},
		{"google-create-user-any-account", instanceSpec{base: googleBase()}, nil},
		{"google-create-user-any-account", instanceSpec{base: googleBase(), edits: []string{"oidcCreateUser=true"}}, []want{{key: "oidcCreateUser"}}},
		// kanidm
		{"kanidm-client-mismatch", instanceSpec{base: kanidmBase()}, nil},
		{"kanidm-client-mismatch", instanceSpec{base: kanidmBase(), edits: []string{"oidcJwksEndpoint='" + knURL + "/oauth2/openid/grafana/public_key.jwk'"}},
			[]want{{key: "oidcJwksEndpoint"}}},
		{"kanidm-client-mismatch", instanceSpec{base: kanidmBase(), edits: []string{"oidcClientId='crm'"}},
			[]want{{key: "oidcJwksEndpoint"}, {key: "oidcUserInfoEndpoint"}}},
		// provider-* rules, from the profiles' data
		{"provider-endpoint-mismatch", instanceSpec{base: autheliaBase()}, nil},
		{"provider-endpoint-mismatch", instanceSpec{base: autheliaBase(), edits: []string{"oidcTokenEndpoint='https://auth2.example.com/api/oidc/token'"}},
			[]want{{key: "oidcTokenEndpoint", sev: Info}}},
		{"provider-endpoint-mismatch", instanceSpec{base: autheliaBase(), edits: []string{"oidcTokenEndpoint='https://auth.example.com/authelia/api/oidc/token'"}},
			[]want{{key: "oidcTokenEndpoint"}}}, // another path prefix: another installation
		{"provider-endpoint-mismatch", instanceSpec{base: zitadelBase(), edits: []string{"oidcJwksEndpoint='https://id.example.org/oauth/v2/keys'"}},
			[]want{{key: "oidcJwksEndpoint", sev: Info}}},
		// cloud tenants: another host is another tenant
		{"provider-endpoint-mismatch", instanceSpec{base: zitadelBase(), edits: []string{"oidcAuthorizationEndpoint='https://a-1.zitadel.cloud/oauth/v2/authorize'",
			"oidcTokenEndpoint='https://a-1.zitadel.cloud/oauth/v2/token'", "oidcJwksEndpoint='https://b-2.zitadel.cloud/oauth/v2/keys'", "-oidcUserInfoEndpoint", "-oidcLogoutUrl"}},
			[]want{{key: "oidcJwksEndpoint"}}},
		{"provider-endpoint-mismatch", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcJwksEndpoint='https://sso.example.org/realms/master/protocol/openid-connect/certs'"}}, nil}, // keycloak-realm-mismatch says it
		{"provider-username-claim-absent", instanceSpec{base: googleBase()}, nil},
		{"provider-username-claim-absent", instanceSpec{base: googleBase(), edits: []string{"oidcUsernameClaim='preferred_username'"}}, []want{{key: "oidcUsernameClaim"}}},
		{"provider-username-claim-absent", instanceSpec{base: auth0Base(), edits: []string{"oidcUsernameClaim='preferred_username'"}}, []want{{key: "oidcUsernameClaim"}}},
		{"provider-username-claim-absent", instanceSpec{base: keycloakProfileBase()}, nil},
		{"provider-username-sub-too-long", instanceSpec{base: akBase()}, nil},
		{"provider-username-sub-too-long", instanceSpec{base: akBase(), edits: []string{"oidcUsernameClaim='sub'"}}, []want{{key: "oidcUsernameClaim"}}},
		{"provider-username-sub-too-long", instanceSpec{base: akBase(), edits: []string{"-oidcUsernameClaim"}}, []want{{key: "oidcUsernameClaim"}}}, // absent: sub
		{"provider-username-sub-too-long", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcUsernameClaim='sub'"}}, nil},              // a 36-character UUID fits
		{"provider-claims-userinfo-only", instanceSpec{base: autheliaBase()}, nil},
		{"provider-claims-userinfo-only", instanceSpec{base: autheliaBase(), edits: []string{"-oidcUserInfoEndpoint", "oidcGroupClaim='groups'"}},
			[]want{{key: "oidcUsernameClaim"}, {key: "oidcGroupClaim"}}},
		{"provider-claims-userinfo-only", instanceSpec{base: autheliaBase(), edits: []string{"-oidcUserInfoEndpoint", "oidcUsernameClaim='sub'"}}, nil},
		{"provider-claims-userinfo-only", instanceSpec{base: zitadelBase(), edits: []string{"-oidcUserInfoEndpoint"}}, []want{{key: "oidcUsernameClaim"}}},
		{"provider-claims-userinfo-only", instanceSpec{base: keycloakProfileBase(), edits: []string{"-oidcUserInfoEndpoint"}}, nil},
		{"provider-group-claim-unsupported", instanceSpec{base: googleBase()}, nil},
		{"provider-group-claim-unsupported", instanceSpec{base: googleBase(), edits: []string{"oidcGroupClaim='groups'"}}, []want{{key: "oidcGroupClaim"}}},
		{"provider-group-claim-unsupported", instanceSpec{base: zitadelBase(), edits: []string{"oidcGroupClaim='urn:zitadel:iam:org:project:roles'"}}, []want{{key: "oidcGroupClaim"}}},
		{"provider-group-claim-unsupported", instanceSpec{base: zitadelBase(), edits: []string{"oidcGroupClaim='groups'"}}, nil}, // an Action's flat list
		{"provider-group-claim-unsupported", instanceSpec{base: auth0Base(), edits: []string{"oidcGroupClaim='https://acme.com/groups'"}}, nil},
		{"provider-scope-unsupported", instanceSpec{base: googleBase()}, nil},
		{"provider-scope-unsupported", instanceSpec{base: googleBase(), edits: []string{"oidcScopes=['profile', 'email', 'phone']"}}, []want{{key: "oidcScopes", sev: Error}}},
		{"provider-scope-unsupported", instanceSpec{base: dexBase(), edits: []string{"oidcScopes=['profile', 'email', 'phone']"}}, []want{{key: "oidcScopes", sev: Error}}},
		{"provider-scope-unsupported", instanceSpec{base: autheliaBase(), edits: []string{"oidcScopes=['profile', 'email', 'phone', 'address']"}},
			[]want{{key: "oidcScopes", sev: Warning}, {key: "oidcScopes", sev: Warning}}},
		{"provider-scope-unsupported", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcScopes=['profile', 'email', 'phone']"}}, nil}, // scopes not known: not judged
		{"provider-prompt-unsupported", instanceSpec{base: googleBase()}, nil},
		{"provider-prompt-unsupported", instanceSpec{base: googleBase(), edits: []string{"oidcAuthorizationPrompt='login'"}}, []want{{key: "oidcAuthorizationPrompt"}}},
		{"provider-prompt-unsupported", instanceSpec{base: adfsBase(), edits: []string{"-oidcAuthorizationPrompt"}}, []want{{key: "oidcAuthorizationPrompt"}}}, // default consent
		{"provider-prompt-unsupported", instanceSpec{base: adfsBase()}, nil},
		{"provider-algorithm-unverifiable", instanceSpec{base: keycloakProfileBase()}, nil},
		{"provider-algorithm-unverifiable", instanceSpec{base: kanidmBase()}, []want{{key: "oidcJwtSignatureAlgorithmList", sev: Warning}}},
		{"provider-algorithm-unverifiable", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcJwtSignatureAlgorithmList=['HS256']"}}, []want{{key: "oidcJwtSignatureAlgorithmList"}}},
		{"provider-algorithm-unverifiable", instanceSpec{base: akBase(), edits: []string{"oidcJwtSignatureAlgorithmList=['HS256']"}}, nil}, // authentik-hs256-no-signing-key says it
		{"provider-algorithm-unverifiable", instanceSpec{base: oktaBase(), edits: []string{"oidcJwtSignatureAlgorithmList=['RS512']"}}, []want{{key: "oidcJwtSignatureAlgorithmList"}}},
		{"provider-pkce-required", instanceSpec{base: kanidmBase()}, nil},
		{"provider-pkce-required", instanceSpec{base: kanidmBase(), edits: []string{"oidcAuthorizationPkce=false"}}, []want{{key: "oidcAuthorizationPkce"}}},
		{"provider-pkce-required", instanceSpec{base: keycloakProfileBase(), edits: []string{"oidcAuthorizationPkce=false"}}, nil},
		{"provider-logout-unsupported", instanceSpec{base: autheliaBase()}, nil},
		{"provider-logout-unsupported", instanceSpec{base: autheliaBase(), edits: []string{"oidcLogoutUrl='" + agURL + "/api/oidc/end-session?post_logout_redirect_uri={siteUrl}'"}},
			[]want{{key: "oidcLogoutUrl"}}},
		{"provider-logout-unsupported", instanceSpec{base: autheliaBase(), edits: []string{"oidcLogoutUrl='" + agURL + "/logout?rd={siteUrl}'"}}, nil}, // the portal
		{"provider-logout-unsupported", instanceSpec{base: dexBase(), edits: []string{"oidcLogoutUrl='https://sso.example.com/dex/logout'"}}, nil},     // Dex with sessions has one
		{"provider-logout-unsupported", instanceSpec{base: keycloakProfileBase()}, nil},
	}
	for _, c := range cases {
		expectRule(t, c.rule, c.spec, c.wants...)
	}
}

// The Entra instances of the other tests meet no provider rule, and the
// provider rules name the provider's screens, never Entra's.
func TestProviderRulesWording(t *testing.T) {
	b := build(t, instanceSpec{})
	for _, f := range Run(b.in, nil).Findings {
		if strings.HasPrefix(f.Rule, "EO50") {
			t.Errorf("provider rule on the Entra base: %+v", f)
		}
	}
	for _, r := range All() {
		if r.Set != SetProvider {
			continue
		}
		text := r.DocText() + r.Summary
		if strings.Contains(text, "Entra") || strings.Contains(text, "Microsoft") {
			t.Errorf("%s %s speaks of Entra", r.ID, r.Name)
		}
		for _, ref := range r.Documentation().Refs {
			if !strings.Contains(ref, "https://") {
				t.Errorf("%s %s cites %q: users need a public URL", r.ID, r.Name, ref)
			}
		}
		if r.Documentation().FixIdP == "" && r.Name != "google-jwks-pem-certs" && r.Name != "provider-prompt-unsupported" {
			t.Errorf("%s %s does not name the provider-side screen or setting", r.ID, r.Name)
		}
	}
}

// With a probe, the algorithm the provider really signs with decides: an
// ES256 token is an error whatever the list says; an RS256 token from kanidm
// (legacy crypto on) is fine; an empty authentik key set names the cause.
func TestProviderRulesWithProbe(t *testing.T) {
	run := func(base []kv, edits []string, f *facts.Facts, rule string) []Finding {
		b := build(t, instanceSpec{base: base, edits: edits})
		b.in.Probe = f
		var out []Finding
		for _, x := range Run(b.in, nil).Findings {
			if x.Name == rule {
				out = append(out, x)
			}
		}
		return out
	}
	alg := func(a string) *facts.Facts { return &facts.Facts{IDTokenHeader: map[string]any{"alg": a}} }
	if fs := run(keycloakProfileBase(), nil, alg("ES256"), "provider-algorithm-unverifiable"); len(fs) != 1 || fs[0].Severity != Error ||
		!strings.Contains(fs[0].Message, "the probe's ID token is signed with ES256") || !strings.Contains(fs[0].Fix, "Default signature algorithm") {
		t.Errorf("keycloak ES256: %+v", fs)
	}
	if fs := run(kanidmBase(), nil, alg("RS256"), "provider-algorithm-unverifiable"); len(fs) != 0 {
		t.Errorf("kanidm with legacy crypto: %+v", fs)
	}
	if fs := run(oktaBase(), []string{"oidcJwtSignatureAlgorithmList=['RS512']"}, alg("RS256"), "provider-algorithm-unverifiable"); len(fs) != 1 || fs[0].Severity != Error {
		t.Errorf("okta RS256 not in list: %+v", fs)
	}
	empty := &facts.Facts{JWKS: &facts.JWKS{Answer: facts.Answer{Status: 200}}} // authentik's {} without a signing key
	if fs := run(akBase(), []string{"oidcJwtSignatureAlgorithmList=['HS256']"}, empty, "authentik-hs256-no-signing-key"); len(fs) != 1 || !strings.Contains(fs[0].Message, "the JWKS empty") {
		t.Errorf("authentik empty JWKS: %+v", fs)
	}
}

// Core rules speak the detected provider's language: no Entra codes or
// screens for another provider, Entra's for Entra.
func TestCoreRulesProviderWording(t *testing.T) {
	msgs := func(base []kv, edits, internal []string, rule string) string {
		b := build(t, instanceSpec{base: base, edits: edits, internal: internal})
		var out []string
		for _, f := range Run(b.in, nil).Findings {
			if f.Name == rule {
				out = append(out, f.Message+" | "+f.Fix)
			}
		}
		if len(out) != 1 {
			t.Fatalf("%s: %d findings", rule, len(out))
		}
		return out[0]
	}
	guid := []string{"oidcClientSecret='0b6d4f2e-1c3a-4e5f-9a8b-7c6d5e4f3a2b'"}
	cases := []struct {
		base          []kv
		edits, intl   []string
		rule          string
		want, mustNot string
	}{
		{keycloakProfileBase(), nil, guid, "secret-looks-like-guid", "Keycloak admin console", "Entra"},
		{nil, nil, guid, "secret-looks-like-guid", "AADSTS7000215", ""},
		{keycloakProfileBase(), []string{"auth2FA=true", "version='8.3.6'"}, nil, "espo-2fa-with-oidc", "invalid_grant", "AADSTS"},
		{nil, []string{"auth2FA=true", "version='8.3.6'"}, nil, "espo-2fa-with-oidc", "AADSTS54005", ""},
		{autheliaBase(), []string{"oidcSyncTeams=true", "oidcTeamsIds=['t1']", "oidcTeamsColumns=(object) ['t1' => (object) ['group' => 'sales']]"}, nil,
			"team-sync-without-group-claim", "(Authelia: groups;", "Entra"},
		{googleBase(), []string{"oidcSyncTeams=true", "oidcTeamsIds=['t1']", "oidcTeamsColumns=(object) ['t1' => (object) ['group' => 'sales']]"}, nil,
			"team-sync-without-group-claim", "Group Claim", "Entra"},
	}
	for _, c := range cases {
		m := msgs(c.base, c.edits, c.intl, c.rule)
		if !strings.Contains(m, c.want) || c.mustNot != "" && strings.Contains(m, c.mustNot) {
			t.Errorf("%s: %q; want %q, not %q", c.rule, m, c.want, c.mustNot)
		}
	}
}
