package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// keyLine is the line of data/config.php where key is written, found in the
// file's text (independently of espo-oidc's parser); 2 for an absent key.
func keyLine(t *testing.T, inst, key string) int {
	t.Helper()
	data, err := os.ReadFile(examples + inst + "/data/config.php")
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "'"+key+"' =>") {
			return i + 1
		}
	}
	return 2 // an absent key: where it belongs, the `return [` line
}

// The shipped provider examples: the correct instance of each provider gives
// no error and no Entra wording; the typically broken one gives exactly the
// provider findings below (rule, key, file, line, severity).
func TestLintProviderExamples(t *testing.T) {
	type f struct{ inst, name, key, sev string }
	broken := []f{
		{"authelia-broken", "provider-scope-unsupported", "oidcScopes", "warning"},
		{"authelia-broken", "provider-claims-userinfo-only", "oidcUsernameClaim", "warning"},
		{"authelia-broken", "provider-logout-unsupported", "oidcLogoutUrl", "warning"},
		{"authentik-broken", "authentik-hs256-no-signing-key", "oidcJwtSignatureAlgorithmList", "warning"},
		{"authentik-broken", "provider-username-sub-too-long", "oidcUsernameClaim", "warning"},
		{"authentik-broken", "authentik-application-mismatch", "oidcLogoutUrl", "error"},
		{"google-broken", "google-jwks-pem-certs", "oidcJwksEndpoint", "error"},
		{"google-broken", "provider-scope-unsupported", "oidcScopes", "error"},
		{"google-broken", "provider-username-claim-absent", "oidcUsernameClaim", "error"},
		{"google-broken", "google-create-user-any-account", "oidcCreateUser", "warning"},
		{"google-broken", "provider-group-claim-unsupported", "oidcGroupClaim", "warning"},
		{"google-broken", "provider-prompt-unsupported", "oidcAuthorizationPrompt", "warning"},
		{"kanidm-broken", "kanidm-client-mismatch", "oidcJwksEndpoint", "error"},
		{"kanidm-broken", "provider-algorithm-unverifiable", "oidcJwtSignatureAlgorithmList", "warning"},
		{"kanidm-broken", "provider-pkce-required", "oidcAuthorizationPkce", "error"},
		{"keycloak-broken", "keycloak-realm-mismatch", "oidcJwksEndpoint", "error"},
		{"keycloak-broken", "keycloak-group-full-path", "oidcTeamsColumns", "warning"},
		{"keycloak-broken", "keycloak-logout-url", "oidcLogoutUrl", "warning"},
		{"okta-broken", "okta-auth-server-mismatch", "oidcJwksEndpoint", "error"},
		{"okta-broken", "okta-logout-needs-id-token", "oidcLogoutUrl", "warning"},
		{"zitadel-broken", "provider-endpoint-mismatch", "oidcJwksEndpoint", "error"},
		{"zitadel-broken", "provider-claims-userinfo-only", "oidcUsernameClaim", "warning"},
		{"zitadel-broken", "provider-group-claim-unsupported", "oidcGroupClaim", "warning"},
		{"dex-broken", "provider-scope-unsupported", "oidcScopes", "error"},
		{"auth0-broken", "provider-endpoint-mismatch", "oidcUserInfoEndpoint", "error"},
		{"auth0-broken", "provider-username-claim-absent", "oidcUsernameClaim", "error"},
		{"pocket-id-broken", "provider-endpoint-mismatch", "oidcUserInfoEndpoint", "info"}, // another host name: maybe the same server
		{"pocket-id-broken", "provider-scope-unsupported", "oidcScopes", "warning"},
		{"adfs-broken", "provider-prompt-unsupported", "oidcAuthorizationPrompt", "warning"},
		{"adfs-broken", "provider-endpoint-mismatch", "oidcTokenEndpoint", "info"},
		// kanidm signs ES256 unless legacy crypto is on, which the settings cannot show
		{"kanidm-good", "provider-algorithm-unverifiable", "oidcJwtSignatureAlgorithmList", "warning"},
	}
	provider := map[string]string{"authelia": "authelia", "authentik": "authentik", "google": "google", "kanidm": "kanidm", "keycloak": "keycloak", "okta": "okta",
		"zitadel": "zitadel", "dex": "dex", "auth0": "auth0", "pocket-id": "pocket-id", "adfs": "adfs"}
	for p, kind := range provider {
		for _, inst := range []string{p + "-good", p + "-broken"} {
			_, rep := lintJSON(t, examples+inst)
			if len(rep.Instances) != 1 || rep.Instances[0].Provider != kind {
				t.Errorf("%s: %d instances, want 1 with provider %s", inst, len(rep.Instances), kind)
				continue
			}
			for _, sk := range rep.Instances[0].Skipped {
				if strings.Contains(sk.Reason, "manifest") && !sk.NotApplicable {
					t.Errorf("%s: %s skipped for want of an Entra manifest", inst, sk.Name)
				}
			}
			var got, want []string
			for _, x := range rep.Findings {
				text := x.Message + " " + x.Fix
				if strings.Contains(text, "Entra") || strings.Contains(text, "Microsoft") || strings.Contains(text, "AADSTS") {
					t.Errorf("%s: Entra wording in %s: %s", inst, x.Name, text)
				}
				if strings.HasSuffix(inst, "-good") && x.Severity.String() == "error" {
					t.Errorf("%s: error %s: %s", inst, x.Name, x.Message)
				}
				if strings.HasPrefix(x.Rule, "EO2") || strings.HasPrefix(x.Rule, "EO3") {
					t.Errorf("%s: Entra rule %s", inst, x.Name)
				}
				if strings.HasPrefix(x.Rule, "EO5") {
					if !strings.HasSuffix(x.File, inst+"/data/config.php") {
						t.Errorf("%s: %s in %s", inst, x.Name, x.File)
					}
					got = append(got, fmt.Sprintf("%s %s %d %s", x.Name, x.Key, x.Line, x.Severity))
				}
			}
			for _, b := range broken {
				if b.inst == inst {
					want = append(want, fmt.Sprintf("%s %s %d %s", b.name, b.key, keyLine(t, inst, b.key), b.sev))
				}
			}
			slices.Sort(got)
			slices.Sort(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s:\n got %q\nwant %q", inst, got, want)
			}
		}
	}
}

// explain follows the provider: named with --provider or inferred from the
// text; provider error strings are explained in the provider's words.
func TestExplainProviders(t *testing.T) {
	cases := []struct {
		args      []string
		stdin     string
		want, not []string
	}{
		{[]string{"explain", "--provider", "keycloak", "invalid_client"}, "",
			[]string{"The OAuth / OpenID Connect standard says", "Client Authenticator: Client Id and Secret"}, []string{"AADSTS", "Entra", "Microsoft"}},
		{[]string{"explain", "invalid_client"}, "", []string{"AADSTS"}, nil}, // provider unknown: Entra's codes stay
		{[]string{"explain", "Parameter client_assertion_type is missing"}, "",
			[]string{"(identity provider's error text, OAuth error invalid_client)", "Keycloak: client assertion type missing"}, []string{"Entra"}},
		{[]string{"explain", "-"}, "Error 400: redirect_uri_mismatch\nAccess blocked: This app's request is invalid",
			[]string{"Found 2 known", "Google: redirect uri mismatch", "Authorized redirect URIs"}, []string{"Entra"}},
		{[]string{"explain", "-"}, `OIDC: Token request error.; Status: 401; Response: {"error":"invalid_client","error_description":"Invalid client or Invalid client credentials"}`,
			[]string{"Keycloak: invalid client credentials", "Client Authenticator: Client Id and Secret"}, []string{"AADSTS", "Entra"}},
		{[]string{"explain", "--provider", "kanidm", "OIDC: JWT signing algorithm `ES256` not allowed."}, "",
			[]string{"ES256 cannot be fixed in EspoCRM's algorithm list", "warning-enable-legacy-crypto"}, nil},
		{[]string{"explain", "User is not assigned to the client application."}, "", []string{"Okta: user not assigned", "Assignments"}, []string{"Entra"}},
		// the standard's wording is Authelia's advice only when Authelia is named
		{[]string{"explain", "--provider", "authelia", "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)."}, "",
			[]string{"Authelia: client authentication failed", "token_endpoint_auth_method: client_secret_post"}, nil},
	}
	for _, c := range cases {
		code, out, errs := runCmd(t, c.stdin, c.args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", c.args, code, errs)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: output lacks %q:\n%s", c.args, w, out)
			}
		}
		for _, w := range c.not {
			if strings.Contains(out, w) {
				t.Errorf("%v: output has %q:\n%s", c.args, w, out)
			}
		}
	}
	if code, _, errs := runCmd(t, "", "explain", "--provider", "pingfederate", "invalid_client"); code != exitUsage || !strings.Contains(errs, `unknown --provider "pingfederate"`) {
		t.Errorf("bad --provider: %d %q", code, errs)
	}
}

// logs names the provider: inferred from Keycloak's answers, or given.
func TestLogsProviders(t *testing.T) {
	code, out, _ := runCmd(t, "", "logs", "../../logs/testdata/keycloak")
	if code != exitFindings || !strings.Contains(out, "Keycloak: client assertion type missing") || !strings.Contains(strings.Join(strings.Fields(out), " "), "sign-in at Keycloak") {
		t.Errorf("keycloak logs: exit %d\n%s", code, out)
	}
	for _, w := range []string{"Entra", "Microsoft", "AADSTS"} {
		if strings.Contains(out, w) {
			t.Errorf("keycloak logs mention %s:\n%s", w, out)
		}
	}
	if _, out, _ := runCmd(t, "", "logs", "--provider", "okta", "--format", "json", "../../logs/testdata/keycloak"); !strings.Contains(out, `"provider": "okta"`) {
		t.Errorf("--provider okta not in JSON:\n%s", out)
	}
	if code, _, errs := runCmd(t, "", "logs", "--provider", "nope", "../../logs/testdata/keycloak"); code != exitUsage || !strings.Contains(errs, `unknown --provider "nope"`) {
		t.Errorf("bad --provider: %d %q", code, errs)
	}
}

// report hands the instance's provider to the logs analysis.
func TestReportLogsProvider(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := runCmd(t, "", "report", examples+"google-good", "--logs", "../../logs/testdata/keycloak", "--dir", dir)
	if code != 0 && code != exitFindings {
		t.Fatalf("report: exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(dir + "/logs.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"provider": "google"`) {
		t.Errorf("logs.json lacks the instance's provider:\n%.400s", data)
	}
}
