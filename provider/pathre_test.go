package provider

import (
	"regexp"
	"slices"
	"testing"
)

// every path pattern with its literal test
var pathRes = map[string]pathRe{
	"authelia": autheliaRe, "authentik-global": authentikGlobalRe, "authentik-app": authentikAppRe,
	"keycloak": keycloakPathRe, "okta": oktaRe, "zitadel": zitadelRe, "kanidm": kanidmRe,
	"adfs": adfsRe, "dex": dexRe,
}

var pathSeeds = []string{
	"", "/", "/api/oidc/authorization", "/auth/api/oidc/token", "/application/o/token",
	"/application/o/espocrm/jwks", "/realms/acme/protocol/openid-connect/auth", "/auth/realms/x",
	"/oauth2/v1/authorize", "/oauth2/default/v1/keys", "/oauth/v2/authorize", "/oidc/v1/userinfo",
	"/oauth2/openid/espocrm/public_key.jwk", "/ADFS/oauth2/token", "/adfs/discovery/keys",
	"/adfſ/userinfo", "/dex/auth", "/dex/auth/ldap", "/auth", "/keys", "/x/keys", "/v1/token", "/Realms/x",
}

// The literal test never turns away a path the regexp matches.
func TestPathRePrefilterKeepsMatches(t *testing.T) {
	for name, r := range pathRes {
		for _, p := range pathSeeds {
			if got, want := r.find(p), r.re().FindStringSubmatch(p); !slices.Equal(got, want) {
				t.Errorf("%s on %q: find %q, regexp %q", name, p, got, want)
			}
		}
	}
}

func FuzzPathRePrefilter(f *testing.F) {
	for _, p := range pathSeeds {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		for name, r := range pathRes {
			if got, want := r.find(p), r.re().FindStringSubmatch(p); !slices.Equal(got, want) {
				t.Fatalf("%s on %q: find %q, regexp %q", name, p, got, want)
			}
		}
	})
}

var dexPlainRe = regexp.MustCompile(`^(.*?)/(auth|keys)$`)

// dexPlain finds what the pattern it replaces finds.
func FuzzDexPlain(f *testing.F) {
	for _, p := range append(pathSeeds, "/a\n/auth", "\xff/keys", "auth", "/auth/", "//keys", "/oauth", "x/auth\n") {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		base, last, ok := dexPlain(p)
		m := dexPlainRe.FindStringSubmatch(p)
		if ok != (m != nil) || ok && (base != m[1] || last != m[2]) {
			t.Fatalf("dexPlain(%q) = %q %q %v, the pattern finds %q", p, base, last, ok, m)
		}
	})
}
