package logs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/provider"
)

var entraWords = []string{"Entra", "Microsoft", "AADSTS", "entra-", "app-"}

func noEntra(t *testing.T, what, text string) {
	t.Helper()
	for _, w := range entraWords {
		if strings.Contains(text, w) {
			t.Errorf("%s mentions %s: %s", what, w, text)
		}
	}
}

// A Keycloak log: Keycloak's own error texts are explained in Keycloak's
// words, the provider is inferred from them, and nothing speaks of Entra.
func TestKeycloakLog(t *testing.T) {
	a := analyze(t, Options{}, "testdata/keycloak/espo-2026-07-02.log")
	const f = "espo-2026-07-02.log"
	checkIncidents(t, a, []wantInc{
		{"token-request-error", "invalid_client", 1, 2, f, 2, 3, "8.3–9.3"},
		{"bad-token-request", "invalid_client", 1, 1, f, 4, 4, "8.3–9.3"},
		{"bad-token-request", "invalid_grant", 1, 1, f, 5, 5, "8.3–9.3"},
		{"jwt-alg-not-allowed", "", 1, 1, f, 6, 6, "8.3–9.3"},
		{"bad-token-request", "invalid_scope", 1, 1, f, 7, 7, "8.3–9.3"},
		{"username-claim-missing", "", 1, 1, f, 8, 8, "8.3–9.3"},
	})
	if a.Provider != "keycloak" {
		t.Errorf("provider %q, want keycloak (from its error texts)", a.Provider)
	}
	want := []struct{ provider, cause, fix string }{
		{"keycloak", "Keycloak: invalid client credentials", "Credentials → Client Secret"},
		{"keycloak", "Keycloak: client assertion type missing", "Client Authenticator: Client Id and Secret"},
		{"keycloak", "Keycloak: code not valid", "same realm"},
		{"", "token signing algorithm not in the allowed list", "ES256 cannot be fixed in EspoCRM's algorithm list"},
		{"", "invalid scope", "Remove the scope"},
		{"", "username claim missing from the ID token", "UserInfo Endpoint"},
	}
	for i, w := range want {
		inc := a.Incidents[i]
		if inc.Provider != w.provider || inc.Cause != w.cause || !strings.Contains(inc.Fix, w.fix) {
			t.Errorf("incident %d: provider %q cause %q fix %q; want %q %q …%s…", i+1, inc.Provider, inc.Cause, inc.Fix, w.provider, w.cause, w.fix)
		}
		noEntra(t, inc.Cause, inc.Meaning+" "+inc.Fix+" "+inc.Unverified+" "+strings.Join(inc.Rules, " "))
	}
	if !strings.Contains(a.Incidents[3].Fix, "Realm settings → Tokens → Default signature algorithm") {
		t.Errorf("ES256 advice lacks Keycloak's setting: %s", a.Incidents[3].Fix)
	}
	for _, s := range a.Summary {
		noEntra(t, "summary "+s.Cause, strings.Join(s.Rules, " "))
	}
	for _, n := range a.Notes {
		noEntra(t, "note "+n.Title, n.Text)
	}
	if !strings.Contains(a.Notes[0].Text, "sign-in at Keycloak") || !strings.Contains(a.Notes[1].Text, "Keycloak shows in the login popup") {
		t.Errorf("notes do not name Keycloak: %+v", a.Notes)
	}
}

// Other providers' token-endpoint texts; a log with no provider evidence is
// explained without Entra once the provider is given.
func TestProviderLogs(t *testing.T) {
	a := analyze(t, Options{}, "testdata/providers/espo-2026-07-03.log")
	var got []string
	for _, inc := range a.Incidents {
		got = append(got, inc.Provider+"|"+inc.Cause)
	}
	if len(got) != 3 || got[0] != "okta|Okta: client authentication failed" || got[1] != "dex|Dex: invalid client credentials" || !strings.HasPrefix(got[2], "|") {
		t.Errorf("incidents %q", got)
	}
	if a.Provider != "okta" {
		t.Errorf("provider %q, want the first provider seen (okta)", a.Provider)
	}
	noEntra(t, "invalid_grant", a.Incidents[2].Meaning+" "+a.Incidents[2].Fix)

	// The v9.3 fixture has Entra's AADSTS codes: Entra, with Entra's notes.
	e := analyze(t, Options{}, "testdata/v93/espo-2025-03-01.log")
	if e.Provider != "entra" || !strings.Contains(e.Notes[len(e.Notes)-1].Text, "AADSTS50011") {
		t.Errorf("entra log: provider %q notes %+v", e.Provider, e.Notes)
	}
	// Given a provider, a log without evidence speaks of it.
	g := analyze(t, Options{Provider: provider.Google}, "testdata/keycloak/espo-2026-07-02.log")
	if g.Provider != "google" || !strings.Contains(g.Notes[0].Text, "sign-in at Google") {
		t.Errorf("given provider: %q", g.Provider)
	}
	b, _ := json.Marshal(g)
	if !strings.Contains(string(b), `"provider":"google"`) {
		t.Error("JSON lacks the provider")
	}
}
