package probe

import (
	"testing"

	"github.com/espo-oidc/espo-oidc/espo"
)

// The probe's discovery issuer comes from the provider's profile: every
// recognised provider's endpoints imply it, without --issuer.
func TestExpectedIssuerProfiles(t *testing.T) {
	cases := []struct{ auth, token, jwks, want, from string }{
		{"https://id.example.com/oauth/v2/authorize", "https://id.example.com/oauth/v2/token", "", "https://id.example.com", "the zitadel endpoints"},
		{"https://acme.eu.auth0.com/authorize", "https://acme.eu.auth0.com/oauth/token", "", "https://acme.eu.auth0.com/", "the auth0 endpoints"},
		{"https://idm.example.com/ui/oauth2", "https://idm.example.com/oauth2/token", "https://idm.example.com/oauth2/openid/espocrm/public_key.jwk",
			"https://idm.example.com/oauth2/openid/espocrm", "the kanidm endpoints"},
		{"https://adfs.corp.example.com/adfs/oauth2/authorize/", "https://adfs.corp.example.com/adfs/oauth2/token/", "", "https://adfs.corp.example.com/adfs", "the adfs endpoints"},
		{"https://127.0.0.1:5556/dex/auth", "https://127.0.0.1:5556/dex/token", "https://127.0.0.1:5556/dex/keys", "https://127.0.0.1:5556/dex", "the dex endpoints"},
		{"https://dev-1.okta.com/oauth2/default/v1/authorize", "https://dev-1.okta.com/oauth2/default/v1/token", "", "https://dev-1.okta.com/oauth2/default", "the okta endpoints"},
		{"https://ak.example.net/application/o/authorize/", "https://ak.example.net/application/o/token/", "https://ak.example.net/application/o/espocrm/jwks/",
			"https://ak.example.net/application/o/espocrm/", "the authentik endpoints"},
	}
	for _, c := range cases {
		o := &espo.OIDC{AuthorizationEndpoint: c.auth, TokenEndpoint: c.token, JwksEndpoint: c.jwks}
		if iss, from := ExpectedIssuer(o, ""); iss != c.want || from != c.from {
			t.Errorf("%s: %q from %q, want %q from %q", c.auth, iss, from, c.want, c.from)
		}
	}
}
