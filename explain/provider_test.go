package explain

import (
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/provider"
)

// Every provider error text is explained under its provider's entry, found
// alone or inside a token response as EspoCRM logs it.
func TestProviderErrorTexts(t *testing.T) {
	cases := []struct{ text, id string }{
		{"Invalid client or Invalid client credentials", "keycloak:invalid-client-credentials"},
		{"Parameter client_assertion_type is missing", "keycloak:client-assertion-type-missing"},
		{"Invalid parameter: redirect_uri", "keycloak:invalid-redirect-uri"},
		{"Either the parameter 'client_id' or the parameter 'id_token_hint' is required when 'post_logout_redirect_uri' is used.", "keycloak:logout-client-id-required"},
		{"Invalid client credentials.", "dex:invalid-client-credentials"},
		{"Unregistered redirect_uri.", "dex:unregistered-redirect-uri"},
		{"Error 400: redirect_uri_mismatch", "google:redirect-uri-mismatch"},
		{"The 'redirect_uri' parameter must be a Login redirect URI in the client app settings", "okta:redirect-uri-not-registered"},
		{"User is not assigned to the client application.", "okta:user-not-assigned"},
		{"PKCE code challenge is required by the application.", "okta:pkce-required"},
		{"E0000011", "okta:e0000-api-error"},
		{"Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs.", "auth0:callback-url-mismatch"},
		{"MSIS9224: Received invalid OAuth authorization request.", "adfs:msis9224-redirect-uri"},
	}
	for _, c := range cases {
		got := Lookup(c.text)
		if len(got) == 0 || got[0].ID != c.id || got[0].Kind != KindProvider {
			t.Errorf("Lookup(%q) = %v, want %s first", c.text, ids(got), c.id)
		}
		log := `OIDC: Bad token request.; Status: 400; Response: {"error":"invalid_client","error_description":"` + strings.ReplaceAll(c.text, `"`, `\"`) + `"}`
		found := false
		for _, m := range Scan(log) {
			found = found || m.Entry.ID == c.id
		}
		if !found {
			t.Errorf("Scan of a log line does not find %s", c.id)
		}
	}
	if e, ok := ByID("KEYCLOAK:client-assertion-type-missing"); !ok || !strings.Contains(e.Fix, "Client Id and Secret") || !strings.HasPrefix(e.Title, "Keycloak: ") {
		t.Errorf("ByID: %+v", e)
	}
}

// For a provider other than Entra the OAuth and EspoCRM entries speak
// without Entra's codes and name the provider's own setting; for Entra and
// an unknown provider they stay as they are.
func TestTailor(t *testing.T) {
	for _, id := range []string{"invalid_client", "invalid_grant", "invalid_request", "unauthorized_client", "invalid_scope", "access_denied", "login_required",
		"espocrm:jwt-alg-not-allowed", "espocrm:jwt-signature"} {
		e, ok := ByID(id)
		if !ok {
			t.Fatalf("no %s", id)
		}
		for _, k := range []provider.Kind{provider.Keycloak, provider.Okta, provider.Google, provider.Authelia, provider.Generic} {
			got := Tailor(e, id, k)
			text := got.Meaning + got.Fix + strings.Join(got.Rules, " ") + strings.Join(got.Refs, " ")
			for _, w := range []string{"Entra", "AADSTS", "Microsoft", "entra-", "app-secret"} {
				if strings.Contains(text, w) {
					t.Errorf("%s for %s mentions %s: %s", id, k, w, text)
				}
			}
		}
		if got := Tailor(e, id, provider.Entra); got.Meaning != e.Meaning || got.Fix != e.Fix {
			t.Errorf("%s changed for Entra", id)
		}
		if got := Tailor(e, id, provider.Unknown); got.Meaning != e.Meaning {
			t.Errorf("%s changed for an unknown provider", id)
		}
	}
	// every entry but the AADSTS codes reads without Entra for Keycloak
	for _, e := range All() {
		if e.Kind == KindAADSTS {
			continue
		}
		got := Tailor(e, "", provider.Keycloak)
		if got.Meaning == "" || got.Fix == "" {
			t.Errorf("%s: emptied", e.ID)
		}
		if w := entraWordRe().FindString(got.Meaning + " " + got.Fix); w != "" {
			t.Errorf("%s for Keycloak still says %q:\n%s\n%s", e.ID, w, got.Meaning, got.Fix)
		}
	}
	e, _ := ByID("invalid_client")
	if got := Tailor(e, "", provider.Authelia); !strings.Contains(got.Fix, "token_endpoint_auth_method: client_secret_post") {
		t.Errorf("Authelia's invalid_client fix: %s", got.Fix)
	}
	e, _ = ByID("invalid_scope")
	if got := Tailor(e, "", provider.Google); !strings.Contains(got.Fix, "Google offers: openid, email, profile") {
		t.Errorf("Google's invalid_scope fix: %s", got.Fix)
	}
}

// An ES256 (PS256, EdDSA) token cannot be fixed in EspoCRM's list: the
// advice is to change the provider's algorithm, with the provider's setting.
func TestAlgorithmAdvice(t *testing.T) {
	cases := []struct {
		text string
		kind provider.Kind
		want []string
		not  string
	}{
		{"OIDC: JWT signing algorithm `ES256` not allowed.", provider.Kanidm, []string{"ES256 cannot be fixed in EspoCRM's algorithm list", "warning-enable-legacy-crypto"}, "Add ES256"},
		{"OIDC: JWT signing algorithm `PS256` not allowed.", provider.Unknown, []string{"PS256 cannot be fixed", "RS256"}, "(kanidm"},
		{"OIDC: JWT signing algorithm `EdDSA` not allowed.", provider.Keycloak, []string{"EdDSA cannot be fixed", "Realm settings → Tokens"}, ""},
		{"OIDC: JWT signing algorithm `RS512` not allowed.", provider.Okta, []string{"Add RS512 to"}, "cannot be fixed"},
		{"OIDC: JWT signing algorithm `HS256` not allowed.", provider.Keycloak, []string{"Add HS256", "Keycloak signs HS* with its own key"}, ""},
		{"OIDC: JWT signing algorithm `HS256` not allowed.", provider.Authentik, []string{"Add HS256"}, "own key"},
	}
	for _, c := range cases {
		es := Lookup(c.text)
		if len(es) != 1 || es[0].ID != "espocrm:jwt-alg-not-allowed" {
			t.Fatalf("%q: %v", c.text, ids(es))
		}
		got := Tailor(es[0], c.text, c.kind).Fix
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%q at %s: fix %q lacks %q", c.text, c.kind, got, w)
			}
		}
		if c.not != "" && strings.Contains(got, c.not) {
			t.Errorf("%q at %s: fix %q has %q", c.text, c.kind, got, c.not)
		}
	}
	if AlgorithmAdvice("no algorithm here", provider.Keycloak) != "" {
		t.Error("advice without an algorithm")
	}
}

// The OAuth standard's wording (which Authelia's fosite uses) is Authelia's
// only when the provider is known to be Authelia.
func TestProviderMatchesShared(t *testing.T) {
	const text = `{"error":"invalid_client","error_description":"Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)."}`
	for _, m := range Scan(text) {
		if m.Entry.Kind == KindProvider {
			t.Errorf("Scan attributes the standard's text to %s", m.Entry.ID)
		}
	}
	if InferProvider(text) != provider.Unknown {
		t.Errorf("inferred %s from the standard's text", InferProvider(text))
	}
	ms := ProviderMatches(text, provider.Authelia)
	if len(ms) != 1 || ms[0].Entry.ID != "authelia:client-authentication-failed" || !strings.Contains(ms[0].Entry.Fix, "client_secret_post") {
		t.Errorf("Authelia: %+v", ms)
	}
	if ms := ProviderMatches(text, provider.Keycloak); len(ms) != 0 {
		t.Errorf("Keycloak: %+v", ms)
	}
}

func TestInferProvider(t *testing.T) {
	cases := []struct {
		text string
		want provider.Kind
	}{
		{"AADSTS50011: The redirect URI ...", provider.Entra},
		{`Response: {"error":"invalid_client","error_description":"Parameter client_assertion_type is missing"}`, provider.Keycloak},
		{"POST https://sso.example.org/realms/staff/protocol/openid-connect/token answered 401", provider.Keycloak},
		{"see https://dev-1.okta.com/oauth2/default/v1/authorize?client_id=x", provider.Okta},
		{"Error 400: redirect_uri_mismatch", provider.Google},
		{"invalid_client", provider.Unknown},
		{"https://idp.example.com/token", provider.Unknown},
	}
	for _, c := range cases {
		if got := InferProvider(c.text); got != c.want {
			t.Errorf("%q: %s, want %s", c.text, got, c.want)
		}
	}
}

// Every error text of every profile is explained: found by Scan in a log
// line, or (the standard's wording) by ProviderMatches for its provider.
func TestEveryProviderErrorExplained(t *testing.T) {
	n := 0
	for _, p := range provider.All() {
		for i := range p.Errors {
			pe := &p.Errors[i]
			n++
			sample := strings.NewReplacer("<method>", "client_secret_basic", "<client id>", "abc", "<nnn>", "011", "<scope>", "phone").Replace(pe.Text)
			text := "[2026-07-02 10:00:00] ERROR: OIDC: Bad token request.; Status: 400; Response: " + sample
			var found []Match
			if pe.Shared {
				found = ProviderMatches(text, p.Kind)
			} else {
				found = Scan(text)
			}
			ok := false
			for _, m := range found {
				if m.Entry.ID == pe.Key(p) {
					ok = m.Entry.Kind == KindProvider && m.Entry.Fix == pe.Fix && strings.HasPrefix(m.Entry.Title, p.Name+": ")
				}
			}
			if !ok {
				t.Errorf("%s: %q not explained (%d matches)", pe.Key(p), sample, len(found))
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d provider error texts", n)
	}
}
