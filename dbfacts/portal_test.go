package dbfacts

import (
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/espo"
)

func TestPortalSettings(t *testing.T) {
	main, err := espo.FromFiles("inst",
		espo.File{Name: "inst/data/config.php", Data: []byte(`<?php return ['siteUrl' => 'https://crm.example.com/', 'authenticationMethod' => 'Espo',
  'oidcGroupClaim' => 'groups', 'oidcFallback' => true, 'oidcAllowAdminUser' => true, 'oidcAuthorizationMaxAge' => 300,
  'oidcUserInfoEndpoint' => 'https://idp.example/userinfo', 'oidcAuthorizationPkce' => true];`)},
		espo.File{Name: "inst/data/config-internal.php", Data: []byte(`<?php return ['oidcClientSecret' => 'main-secret'];`)})
	if err != nil {
		t.Fatal(err)
	}
	pr := &Provider{ID: "ap-1", Name: "Customers Entra", Method: "Oidc", ClientID: "cid", ClientSecret: espo.NewSecret("Portal-Secret-Canary-7Qx9"),
		AuthorizationEndpoint: "https://idp.example/authorize", TokenEndpoint: "https://idp.example/token", JwksEndpoint: "https://idp.example/jwks",
		Algorithms: []string{"RS256"}, Scopes: []string{"profile", "email"}, UsernameClaim: "email", PKCE: true, Prompt: "",
		Has: map[string]bool{"oidc_authorization_prompt": true, "oidc_authorization_pkce": false, "oidc_user_info_endpoint": false}}
	p := Portal{ID: "p-1", Name: "Customers", CustomID: "customers", ProviderID: "ap-1", Provider: pr}
	s := PortalSettings(main, p, "p-default")
	o := s.Typed()
	if o.Method != "Oidc" || o.SiteURL != "https://crm.example.com/portal/customers" || o.ClientID != "cid" || o.ClientSecret.Reveal() != "Portal-Secret-Canary-7Qx9" ||
		o.GroupClaim != "" || o.Fallback || o.AllowAdminUser || o.UsernameClaim != "email" || strings.Join(o.Scopes, " ") != "profile email" ||
		o.MaxAge == nil || *o.MaxAge != 300 || o.UserInfoEndpoint != "" || o.PKCE || o.Prompt != "consent" {
		t.Errorf("typed: %+v", *o)
	}
	if got := espo.RedirectURI(o.SiteURL); got != "https://crm.example.com/portal/customers/oauth-callback.php" {
		t.Errorf("redirect %s", got)
	}
	if s.Instance != "inst (portal Customers)" {
		t.Errorf("instance %q", s.Instance)
	}
	for key, want := range map[string]string{
		"oidcClientId":            `database: authentication_provider ap-1 ("Customers Entra")`,
		"siteUrl":                 `database: portal p-1 ("Customers")`,
		"oidcFallback":            `database: portal p-1 ("Customers")`,
		"oidcAuthorizationMaxAge": "inst/data/config.php",
	} {
		if got := s.Locate(key).File; got != want {
			t.Errorf("%s located at %q, want %q", key, got, want)
		}
	}
	if main.Typed().ClientID != "" || main.Typed().GroupClaim != "groups" {
		t.Errorf("the main settings changed")
	}
	if PortalRecord(p) != `database: portal p-1 ("Customers"), authentication_provider ap-1 ("Customers Entra")` {
		t.Errorf("record %q", PortalRecord(p))
	}
}
