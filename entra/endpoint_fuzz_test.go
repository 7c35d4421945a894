package entra

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// refSplit is how ParseEndpoint read a path and its appid before it was made
// cheaper for fleets: split, rejoin, and the query always parsed.
func refSplit(u *url.URL) (tenant, rest, appID string) {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) > 0 {
		tenant = segs[0]
	}
	return tenant, strings.ToLower(strings.Join(segs[min(1, len(segs)):], "/")), u.Query().Get("appid")
}

// ParseEndpoint reads the tenant, the endpoint kind and ?appid= exactly as
// the split-and-rejoin reading did, for any URL on a login host.
func FuzzEndpointOfPath(f *testing.F) {
	for _, s := range []string{
		"/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize", "/common/discovery/v2.0/keys?appid=abc",
		"/t//oauth2/token", "/", "", "/t", "/t/OAuth2/V2.0/Token", "/t/discovery/keys?app%69d=x", "/t/x?appid=a&appid=b",
		"/t/oauth2/v2.0/logout?post_logout_redirect_uri=https%3A%2F%2Fcrm", "/t/x?a;ppid=1&appid=2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pathQuery string) {
		u, err := url.Parse("https://login.microsoftonline.com" + pathQuery)
		if err != nil || u.Host != "login.microsoftonline.com" {
			return
		}
		e, ok := EndpointOf("", u)
		if !ok {
			t.Fatalf("%q: not an Entra endpoint", pathQuery)
		}
		tenant, rest, appID := refSplit(u)
		if e.Tenant != tenant || e.AppID != appID {
			t.Fatalf("%q: tenant %q appid %q, want %q %q", pathQuery, e.Tenant, e.AppID, tenant, appID)
		}
		want := "other"
		for _, k := range []struct{ rest, kind string }{
			{"oauth2/v2.0/authorize", "authorize"}, {"oauth2/authorize", "authorize"}, {"oauth2/v2.0/token", "token"},
			{"oauth2/token", "token"}, {"discovery/v2.0/keys", "keys"}, {"discovery/keys", "keys"},
			{"oauth2/v2.0/logout", "logout"}, {"oauth2/logout", "logout"}, {"v2.0/.well-known/openid-configuration", "discovery"},
			{".well-known/openid-configuration", "discovery"}, {"openid/userinfo", "userinfo"},
		} {
			if rest == k.rest {
				want = k.kind
			}
		}
		if e.Kind != want {
			t.Fatalf("%q: kind %q, want %q (rest %q)", pathQuery, e.Kind, want, rest)
		}
	})
}

var guidOracle = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func FuzzIsGUID(f *testing.F) {
	for _, s := range []string{"72f988bf-86f1-41af-91ab-2d7cd011db47", " 72F988BF-86F1-41AF-91AB-2D7CD011DB47\n", "common",
		"72f988bf-86f1-41af-91ab-2d7cd011db4", "72f988bf-86f1-41af-91ab-2d7cd011db47x", "72f988bf_86f1-41af-91ab-2d7cd011db47", "g2f988bf-86f1-41af-91ab-2d7cd011db47", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IsGUID(s), guidOracle.MatchString(strings.TrimSpace(s)); got != want {
			t.Fatalf("IsGUID(%q) = %v, the pattern says %v", s, got, want)
		}
	})
}
