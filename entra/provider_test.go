package entra

import "testing"

func TestDetectProvider(t *testing.T) {
	cases := []struct {
		endpoints []string
		kind      Kind
		tenant    string
		issuer    string
	}{
		{[]string{"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize"}, Entra,
			"72f988bf-86f1-41af-91ab-2d7cd011db47", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"},
		{[]string{"https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/authorize"}, Entra, "contoso.onmicrosoft.us", "https://login.microsoftonline.us/contoso.onmicrosoft.us/v2.0"},
		{[]string{"https://login.windows.net/t1/oauth2/authorize"}, Entra, "t1", "https://sts.windows.net/t1/"},
		{[]string{"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize"}, Entra, "{tenant}", ""},
		{[]string{"https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_signin/oauth2/v2.0/authorize"}, EntraB2C, "", ""},
		{[]string{"https://contoso.ciamlogin.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"}, EntraCIAM, "contoso.onmicrosoft.com", ""},
		{[]string{"https://sso.example.org/auth/realms/staff/protocol/openid-connect/auth"}, Keycloak, "staff", "https://sso.example.org/auth/realms/staff"},
		{[]string{"https://auth.example.net/application/o/authorize/", "https://auth.example.net/application/o/token/", "https://auth.example.net/application/o/espocrm/jwks/"},
			Authentik, "espocrm", "https://auth.example.net/application/o/espocrm/"},
		{[]string{"https://auth.example.com/api/oidc/authorization"}, Authelia, "", "https://auth.example.com"},
		{[]string{"https://dev-123.okta.com/oauth2/default/v1/authorize"}, Okta, "", "https://dev-123.okta.com/oauth2/default"},
		{[]string{"https://dev-123.okta.com/oauth2/v1/authorize"}, Okta, "", "https://dev-123.okta.com"},
		{[]string{"https://accounts.google.com/o/oauth2/v2/auth"}, Google, "", "https://accounts.google.com"},
		{[]string{"", "https://idp.example.com/oauth/token"}, Generic, "", ""},
		{[]string{"", "not a url"}, Unknown, "", ""},
		{nil, Unknown, "", ""},
	}
	for _, c := range cases {
		p := DetectProvider(c.endpoints...)
		if p.Kind != c.kind || p.Tenant != c.tenant || p.Issuer != c.issuer {
			t.Errorf("%v: got %s tenant %q issuer %q; want %s %q %q", c.endpoints, p.Kind, p.Tenant, p.Issuer, c.kind, c.tenant, c.issuer)
		}
	}
	if DetectProvider("https://x.b2clogin.com/a").Family() != "entra" || DetectProvider("https://sso.example.org/realms/r/protocol/openid-connect/auth").Family() != "keycloak" {
		t.Error("Family")
	}
}

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
