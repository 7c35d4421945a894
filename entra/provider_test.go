package entra

import "testing"

// Provider detection (formerly DetectProvider here) is tested in package
// provider, with the same cases.

func TestParseEndpoint(t *testing.T) {
	cases := []struct {
		raw, tenant, version, kind, cloud, appid string
	}{
		{"https://login.microsoftonline.com/common/oauth2/v2.0/token", "common", "v2.0", "token", "global", ""},
		{"https://LOGIN.microsoftonline.com/t/discovery/v2.0/keys?appid=abc", "t", "v2.0", "keys", "global", "abc"},
		{"https://login.partner.microsoftonline.cn/t/discovery/keys", "t", "v1.0", "keys", "china", ""},
		{"https://login.chinacloudapi.cn/t/oauth2/v2.0/logout", "t", "v2.0", "logout", "china", ""},
		{"https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration", "t", "v2.0", "discovery", "global", ""},
		{"https://login.microsoftonline.com/common/openid/userinfo", "common", "v1.0", "userinfo", "global", ""},
		{"https://login.microsoftonline.com/t/saml2", "t", "", "other", "global", ""},
	}
	for _, c := range cases {
		e, ok := ParseEndpoint(c.raw)
		if !ok || e.Tenant != c.tenant || e.Version != c.version || e.Kind != c.kind || e.Cloud.Name != c.cloud || e.AppID != c.appid {
			t.Errorf("%s: got %+v", c.raw, e)
		}
	}
	for _, raw := range []string{"https://graph.microsoft.com/oidc/userinfo", "login.microsoftonline.com/t/oauth2/v2.0/token", "::", ""} {
		if _, ok := ParseEndpoint(raw); ok {
			t.Errorf("%q: not an Entra login URL", raw)
		}
	}
	if !IsGraphHost("graph.microsoft.us") || !IsGraphHost("dod-graph.microsoft.us") || IsGraphHost("login.microsoftonline.com") {
		t.Error("IsGraphHost")
	}
	if !IsGUID(" 72F988BF-86f1-41af-91ab-2d7cd011db47 ") || IsGUID("72f988bf86f141af91ab2d7cd011db47") {
		t.Error("IsGUID")
	}
}
