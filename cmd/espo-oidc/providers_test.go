package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// keyLine is the line of data/config.php where key is written, found in the
// file's text (independently of espo-oidc's parser).
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
	t.Fatalf("%s: no %s", inst, key)
	return 0
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
		// kanidm signs ES256 unless legacy crypto is on, which the settings cannot show
		{"kanidm-good", "provider-algorithm-unverifiable", "oidcJwtSignatureAlgorithmList", "warning"},
	}
	provider := map[string]string{"authelia": "authelia", "authentik": "authentik", "google": "google", "kanidm": "generic" /* TODO(phase B): kanidm once the driver detects it */, "keycloak": "keycloak", "okta": "okta"}
	for p, kind := range provider {
		for _, inst := range []string{p + "-good", p + "-broken"} {
			_, rep := lintJSON(t, examples+inst)
			if len(rep.Instances) != 1 || rep.Instances[0].Provider != kind {
				t.Errorf("%s: %d instances, want 1 with provider %s", inst, len(rep.Instances), kind)
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
