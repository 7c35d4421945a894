package provider

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every profile is recognised from the endpoints EspoCRM is configured with,
// and the issuer the endpoints imply is the provider's.
func TestDetect(t *testing.T) {
	const kc = "https://sso.example.org/realms/staff/protocol/openid-connect/"
	cases := []struct {
		name   string
		eps    Endpoints
		issuer string // the --issuer given, optional
		kind   Kind
		scope  string
		want   string // implied issuer
	}{
		// Entra, as package entra's DetectProvider recognised it
		{"entra v2", Endpoints{Authorization: "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/authorize"}, "", Entra,
			"72f988bf-86f1-41af-91ab-2d7cd011db47", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0"},
		{"entra us gov", Endpoints{Authorization: "https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/authorize"}, "", Entra, "contoso.onmicrosoft.us", "https://login.microsoftonline.us/contoso.onmicrosoft.us/v2.0"},
		{"entra v1", Endpoints{Authorization: "https://login.windows.net/t1/oauth2/authorize"}, "", Entra, "t1", "https://sts.windows.net/t1/"},
		{"entra template", Endpoints{Authorization: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize"}, "", Entra, "{tenant}", ""},
		{"entra b2c", Endpoints{Authorization: "https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_signin/oauth2/v2.0/authorize"}, "", EntraB2C, "", ""},
		{"entra external id", Endpoints{Authorization: "https://contoso.ciamlogin.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"}, "", EntraCIAM, "contoso.onmicrosoft.com", ""},
		{"entra graph userinfo", Endpoints{Authorization: "https://login.microsoftonline.com/t/oauth2/v2.0/authorize", UserInfo: "https://graph.microsoft.com/oidc/userinfo"}, "", Entra, "t", "https://login.microsoftonline.com/t/v2.0"},
		// Keycloak
		{"keycloak", Endpoints{Authorization: kc + "auth", Token: kc + "token", JWKS: kc + "certs"}, "", Keycloak, "staff", "https://sso.example.org/realms/staff"},
		{"keycloak /auth", Endpoints{Authorization: "https://sso.example.org/auth/realms/staff/protocol/openid-connect/auth"}, "", Keycloak, "staff", "https://sso.example.org/auth/realms/staff"},
		{"keycloak token only", Endpoints{Token: "https://kc.example.com:8443/kc/realms/Dev/protocol/openid-connect/token"}, "", Keycloak, "Dev", "https://kc.example.com:8443/kc/realms/Dev"},
		// authentik: the slug is only in the per-application URLs
		{"authentik", Endpoints{Authorization: "https://auth.example.net/application/o/authorize/", Token: "https://auth.example.net/application/o/token/", JWKS: "https://auth.example.net/application/o/espocrm/jwks/"},
			"", Authentik, "espocrm", "https://auth.example.net/application/o/espocrm/"},
		{"authentik global only", Endpoints{Authorization: "https://auth.example.net/application/o/authorize/", Token: "https://auth.example.net/application/o/token/"}, "", Authentik, "", ""},
		{"authelia", Endpoints{Authorization: "https://auth.example.com/api/oidc/authorization"}, "", Authelia, "", "https://auth.example.com"},
		{"authelia token+jwks", Endpoints{Token: "https://auth.example.com/api/oidc/token", JWKS: "https://auth.example.com/jwks.json"}, "", Authelia, "", "https://auth.example.com"},
		// Okta: org and custom authorization servers, custom URL domain
		{"okta default", Endpoints{Authorization: "https://dev-123.okta.com/oauth2/default/v1/authorize"}, "", Okta, "default", "https://dev-123.okta.com/oauth2/default"},
		{"okta org", Endpoints{Authorization: "https://dev-123.okta.com/oauth2/v1/authorize"}, "", Okta, OrgServer, "https://dev-123.okta.com"},
		{"okta custom domain", Endpoints{Authorization: "https://login.example.com/oauth2/aus1a2b3c4d5e6f7g8h9/v1/authorize", Token: "https://login.example.com/oauth2/aus1a2b3c4d5e6f7g8h9/v1/token"},
			"", Okta, "aus1a2b3c4d5e6f7g8h9", "https://login.example.com/oauth2/aus1a2b3c4d5e6f7g8h9"},
		{"google", Endpoints{Authorization: "https://accounts.google.com/o/oauth2/v2/auth"}, "", Google, "", "https://accounts.google.com"},
		{"google token only", Endpoints{Token: "https://oauth2.googleapis.com/token"}, "", Google, "", "https://accounts.google.com"},
		{"zitadel", Endpoints{Authorization: "https://myinst-abc123.zitadel.cloud/oauth/v2/authorize", Token: "https://myinst-abc123.zitadel.cloud/oauth/v2/token"}, "", Zitadel, "", "https://myinst-abc123.zitadel.cloud"},
		{"zitadel self-hosted", Endpoints{Authorization: "https://id.example.com/oauth/v2/authorize"}, "", Zitadel, "", "https://id.example.com"},
		{"auth0", Endpoints{Authorization: "https://acme.eu.auth0.com/authorize", Token: "https://acme.eu.auth0.com/oauth/token"}, "", Auth0, "", "https://acme.eu.auth0.com/"},
		{"auth0 custom domain", Endpoints{Authorization: "https://login.acme.com/authorize", Token: "https://login.acme.com/oauth/token", JWKS: "https://login.acme.com/.well-known/jwks.json"}, "", Auth0, "", "https://login.acme.com/"},
		{"kanidm", Endpoints{Authorization: "https://idm.example.com/ui/oauth2", Token: "https://idm.example.com/oauth2/token", JWKS: "https://idm.example.com/oauth2/openid/espocrm/public_key.jwk"},
			"", Kanidm, "espocrm", "https://idm.example.com/oauth2/openid/espocrm"},
		{"pocket-id", Endpoints{Authorization: "https://id.example.com/authorize", Token: "https://id.example.com/api/oidc/token", JWKS: "https://id.example.com/.well-known/jwks.json"}, "", PocketID, "", "https://id.example.com"},
		{"pocket-id end-session", Endpoints{Logout: "https://id.example.com/api/oidc/end-session"}, "", PocketID, "", "https://id.example.com"},
		{"adfs", Endpoints{Authorization: "https://adfs.corp.example.com/adfs/oauth2/authorize/"}, "", ADFS, "", "https://adfs.corp.example.com/adfs"},
		{"dex", Endpoints{Authorization: "https://127.0.0.1:5556/dex/auth", Token: "https://127.0.0.1:5556/dex/token"}, "", Dex, "", "https://127.0.0.1:5556/dex"},
		{"dex connector", Endpoints{Authorization: "https://sso.example.com/dex/auth/ldap"}, "", Dex, "", "https://sso.example.com/dex"},
		// the issuer decides when the endpoints do not
		{"issuer keycloak", Endpoints{Authorization: "https://gw.example.com/oidc/authorize"}, "https://sso.example.org/realms/staff", Keycloak, "staff", "https://sso.example.org/realms/staff"},
		{"issuer google", Endpoints{}, "https://accounts.google.com", Google, "", "https://accounts.google.com"},
		// generic and unknown
		{"generic", Endpoints{Token: "https://idp.example.com/oauth/token"}, "", Generic, "", ""},
		{"generic authorize", Endpoints{Authorization: "https://idp.example.com/authorize"}, "", Generic, "", ""},
		{"not a url", Endpoints{Token: "not a url"}, "", Unknown, "", ""},
		{"nothing", Endpoints{}, "", Unknown, "", ""},
	}
	for _, c := range cases {
		d := Detect(c.eps, c.issuer)
		want := c.want
		if c.issuer != "" {
			want = c.issuer
		}
		if d.Kind != c.kind || d.Scope != c.scope || d.Issuer != want {
			t.Errorf("%s: got %s scope %q issuer %q; want %s %q %q", c.name, d.Kind, d.Scope, d.Issuer, c.kind, c.scope, want)
		}
		if c.kind != Unknown && (d.Profile == nil || d.Kind.Family() != d.Profile.Kind) {
			t.Errorf("%s: profile %v for %s", c.name, d.Profile, d.Kind)
		}
	}
	if DetectURLs("https://x.b2clogin.com/a").Family() != "entra" || DetectURLs("https://sso.example.org/realms/r/protocol/openid-connect/auth").Family() != "keycloak" {
		t.Error("Family")
	}
	if d := Detect(Endpoints{}, ""); d.Family() != "unknown" || d.Name() != "the identity provider" || d.Is(Entra) {
		t.Errorf("unknown: %+v", d)
	}
	if d := DetectURLs("https://login.microsoftonline.com/t/oauth2/v2.0/authorize"); d.Cloud == nil || d.Cloud.Name != "global" || !d.Is(Entra) || d.Name() != "Microsoft Entra ID" {
		t.Errorf("entra cloud: %+v", d)
	}
}

// Mixed signals: the provider with more strongly recognised endpoints wins;
// a tie goes to the one recognised first.
func TestDetectMixed(t *testing.T) {
	kc := "https://sso.example.org/realms/staff/protocol/openid-connect/"
	d := Detect(Endpoints{Authorization: "https://login.microsoftonline.com/t/oauth2/v2.0/authorize", Token: kc + "token", JWKS: kc + "certs"}, "")
	if d.Kind != Keycloak {
		t.Errorf("two Keycloak endpoints beat one Entra: %s", d.Kind)
	}
	d = Detect(Endpoints{Authorization: "https://login.microsoftonline.com/t/oauth2/v2.0/authorize", Token: kc + "token"}, "")
	if d.Kind != Entra || d.Host != "login.microsoftonline.com" {
		t.Errorf("tie goes to the first: %s %s", d.Kind, d.Host)
	}
	// Authelia and pocket-id share /api/oidc/token; the other endpoints decide.
	if d := Detect(Endpoints{Authorization: "https://a.example.com/api/oidc/authorization", Token: "https://a.example.com/api/oidc/token"}, ""); d.Kind != Authelia {
		t.Errorf("authelia: %s", d.Kind)
	}
	if d := Detect(Endpoints{Authorization: "https://p.example.com/authorize", Token: "https://p.example.com/api/oidc/token"}, ""); d.Kind != PocketID {
		t.Errorf("pocket-id: %s", d.Kind)
	}
}

// Endpoints from two realms / authorization servers / applications / clients
// are reported with the scope they name and the one they should name.
func TestMismatches(t *testing.T) {
	kc := func(prefix, realm, p string) string {
		return "https://sso.example.org" + prefix + "/realms/" + realm + "/protocol/openid-connect/" + p
	}
	cases := []struct {
		name string
		eps  Endpoints
		want []string // setting:scope/want or setting:base/wantBase or setting:foreign
	}{
		{"keycloak clean", Endpoints{Authorization: kc("", "staff", "auth"), Token: kc("", "staff", "token"), JWKS: kc("", "staff", "certs"),
			UserInfo: kc("", "staff", "userinfo"), Logout: kc("", "staff", "logout") + "?client_id={clientId}"}, nil},
		{"keycloak realm", Endpoints{Authorization: kc("", "staff", "auth"), Token: kc("", "staff", "token"), JWKS: kc("", "master", "certs")},
			[]string{"jwks:master/staff"}},
		{"keycloak prefix", Endpoints{Authorization: kc("/auth", "staff", "auth"), Token: kc("", "staff", "token")},
			[]string{"token:https://sso.example.org/https://sso.example.org/auth"}},
		{"keycloak foreign token", Endpoints{Authorization: kc("", "staff", "auth"), Token: "https://other.example.org/oauth/token"},
			[]string{"token:foreign"}},
		{"okta servers", Endpoints{Authorization: "https://dev-1.okta.com/oauth2/default/v1/authorize", Token: "https://dev-1.okta.com/oauth2/default/v1/token",
			JWKS: "https://dev-1.okta.com/oauth2/v1/keys"}, []string{"jwks:(org)/default"}},
		{"okta clean org", Endpoints{Authorization: "https://dev-1.okta.com/oauth2/v1/authorize", Token: "https://dev-1.okta.com/oauth2/v1/token",
			JWKS: "https://dev-1.okta.com/oauth2/v1/keys", UserInfo: "https://dev-1.okta.com/oauth2/v1/userinfo"}, nil},
		{"authentik apps", Endpoints{Authorization: "https://ak.example.net/application/o/authorize/", JWKS: "https://ak.example.net/application/o/espocrm/jwks/",
			Logout: "https://ak.example.net/application/o/grafana/end-session/"}, []string{"logout:grafana/espocrm"}},
		{"authentik clean", Endpoints{Authorization: "https://ak.example.net/application/o/authorize/", Token: "https://ak.example.net/application/o/token/",
			JWKS: "https://ak.example.net/application/o/espocrm/jwks/", UserInfo: "https://ak.example.net/application/o/userinfo/",
			Logout: "https://ak.example.net/application/o/espocrm/end-session/"}, nil},
		{"kanidm clients", Endpoints{Authorization: "https://idm.example.com/ui/oauth2", JWKS: "https://idm.example.com/oauth2/openid/espocrm/public_key.jwk",
			UserInfo: "https://idm.example.com/oauth2/openid/grafana/userinfo"}, []string{"userinfo:grafana/espocrm"}},
		{"authelia hosts", Endpoints{Authorization: "https://auth.example.com/api/oidc/authorization", Token: "https://auth2.example.com/api/oidc/token"},
			[]string{"token:https://auth2.example.com/https://auth.example.com"}},
		{"google many hosts", Endpoints{Authorization: "https://accounts.google.com/o/oauth2/v2/auth", Token: "https://oauth2.googleapis.com/token",
			JWKS: "https://www.googleapis.com/oauth2/v3/certs", UserInfo: "https://openidconnect.googleapis.com/v1/userinfo"}, nil},
		{"entra aliases", Endpoints{Authorization: "https://login.microsoftonline.com/t/oauth2/v2.0/authorize", Token: "https://login.windows.net/t/oauth2/v2.0/token"}, nil},
		{"entra tenants", Endpoints{Authorization: "https://login.microsoftonline.com/t1/oauth2/v2.0/authorize", Token: "https://login.microsoftonline.com/T1/oauth2/v2.0/token",
			JWKS: "https://login.microsoftonline.com/t2/discovery/v2.0/keys"}, []string{"jwks:t2/t1"}},
	}
	for _, c := range cases {
		d := Detect(c.eps, "")
		var got []string
		for _, m := range d.Mismatches(c.eps) {
			switch {
			case m.Foreign:
				got = append(got, string(m.Setting)+":foreign")
			case m.Scope != "":
				got = append(got, string(m.Setting)+":"+m.Scope+"/"+m.Want)
			default:
				got = append(got, string(m.Setting)+":"+m.Base+"/"+m.WantBase)
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s (%s): got %q want %q", c.name, d.Kind, got, c.want)
		}
	}
}

func TestLogoutURL(t *testing.T) {
	cases := []struct {
		eps  Endpoints
		want string
	}{
		{Endpoints{Authorization: "https://sso.example.org/realms/staff/protocol/openid-connect/auth"},
			"https://sso.example.org/realms/staff/protocol/openid-connect/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}"},
		{Endpoints{JWKS: "https://ak.example.net/application/o/espocrm/jwks/"}, "https://ak.example.net/application/o/espocrm/end-session/"},
		{Endpoints{Authorization: "https://z.example.com/oauth/v2/authorize"}, "https://z.example.com/oidc/v1/end_session?client_id={clientId}&post_logout_redirect_uri={siteUrl}"},
		{Endpoints{Authorization: "https://acme.auth0.com/authorize"}, "https://acme.auth0.com/oidc/logout?client_id={clientId}&post_logout_redirect_uri={siteUrl}"},
		{Endpoints{Authorization: "https://login.microsoftonline.com/t/oauth2/v2.0/authorize"}, "https://login.microsoftonline.com/t/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}"},
		{Endpoints{Authorization: "https://dev-1.okta.com/oauth2/default/v1/authorize"}, ""}, // needs id_token_hint
		{Endpoints{Authorization: "https://accounts.google.com/o/oauth2/v2/auth"}, ""},       // no end-session
		{Endpoints{Authorization: "https://auth.example.com/api/oidc/authorization"}, ""},
		{Endpoints{}, ""},
	}
	for _, c := range cases {
		if got := Detect(c.eps, "").LogoutURL(); got != c.want {
			t.Errorf("%+v: %q, want %q", c.eps, got, c.want)
		}
	}
}

// Every profile is complete enough for the rules, and its error texts are
// found by their own patterns.
func TestProfilesComplete(t *testing.T) {
	seen := map[Kind]bool{}
	for _, p := range All() {
		if seen[p.Kind] {
			t.Errorf("%s twice", p.Kind)
		}
		seen[p.Kind] = true
		if p.Name == "" || p.Console == "" {
			t.Errorf("%s: no name or console", p.Kind)
		}
		if p.Kind == Generic {
			continue
		}
		if p.parse == nil || p.Claims.Username == "" || p.Signing.Default == "" || p.ClientAuth.Default == "" || len(p.Shape) == 0 || len(p.Docs) == 0 {
			t.Errorf("%s: incomplete profile", p.Kind)
		}
		if p.Groups.Format == "" {
			t.Errorf("%s: no group format", p.Kind)
		}
		for _, r := range []Role{RoleAuthorization, RoleToken} {
			if p.Shape[r] == "" {
				t.Errorf("%s: no %s shape", p.Kind, r)
			}
		}
		ids := map[string]bool{}
		for i := range p.Errors {
			e := &p.Errors[i]
			if ids[e.ID] || e.Cause == "" || e.Fix == "" || e.Where == "" || !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`).MatchString(e.ID) {
				t.Errorf("%s: bad error entry %+v", p.Kind, e)
			}
			ids[e.ID] = true
			sample := strings.NewReplacer("<method>", "client_secret_basic", "<client id>", "abc", "<nnn>", "011", "<scope>", "phone").Replace(e.Text)
			if !e.Match("… " + sample + " …") {
				t.Errorf("%s: %s does not match its own text %q", p.Kind, e.ID, sample)
			}
			if p2, e2, ok := ErrorByKey(e.Key(p)); !ok || p2 != p || e2 != e {
				t.Errorf("ErrorByKey(%s)", e.Key(p))
			}
		}
	}
	for _, k := range []Kind{Entra, Keycloak, Authentik, Authelia, Okta, Google, Zitadel, Auth0, Kanidm, PocketID, ADFS, Dex, Generic} {
		if !seen[k] {
			t.Errorf("no profile for %s", k)
		}
	}
}

// Provider error texts, as users paste them, are attributed to the right
// provider; a shorter text inside a longer one is not reported twice.
func TestMatchErrors(t *testing.T) {
	cases := []struct {
		text   string
		prefer Kind
		want   []string
	}{
		{`OIDC: Token request error.; Status: 401; Response: {"error":"invalid_client","error_description":"Invalid client or Invalid client credentials"}`, "",
			[]string{"keycloak:invalid-client-credentials"}},
		{`{"error":"invalid_client","error_description":"Invalid client credentials."}`, "", []string{"dex:invalid-client-credentials"}},
		{`{"error":"invalid_client","error_description":"Parameter client_assertion_type is missing"}`, "", []string{"keycloak:client-assertion-type-missing"}},
		{"We are sorry...\nInvalid parameter: redirect_uri", "", []string{"keycloak:invalid-redirect-uri"}},
		{"Access blocked: This app's request is invalid\n\nError 400: redirect_uri_mismatch", "", []string{"google:access-blocked-invalid", "google:redirect-uri-mismatch"}},
		{"Your request resulted in an error. The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://dev-1-admin.okta.com/admin/app/oidc_client/instance/0oa1#tab-general",
			"", []string{"okta:redirect-uri-not-registered"}},
		{"error=access_denied&error_description=User+is+not+assigned+to+the+client+application.", "", nil}, // URL-encoded: not the text
		{"error=access_denied error_description=User is not assigned to the client application.", "", []string{"okta:user-not-assigned"}},
		{"Okta API: E0000011 Invalid token provided", "", []string{"okta:e0000-api-error"}},
		{"Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs.", "", []string{"auth0:callback-url-mismatch"}},
		{`Unrecognized scope(s) ["phone"]`, "", []string{"dex:unrecognized-scope"}},
		{"Either the parameter 'client_id' or the parameter 'id_token_hint' is required when 'post_logout_redirect_uri' is used.", "", []string{"keycloak:logout-client-id-required"}},
		// the standard's wording is a provider's only when the provider is known
		{"The requested scope is invalid, unknown, or malformed.", "", nil},
		{"The requested scope is invalid, unknown, or malformed.", Authelia, []string{"authelia:invalid-scope"}},
		{"Invalid client credentials. The requested scope is invalid, unknown, or malformed.", Keycloak, []string{"dex:invalid-client-credentials"}},
		{"MSIS9224: Received invalid OAuth authorization request.", "", []string{"adfs:msis9224-redirect-uri"}},
		{"nothing to see", "", nil},
	}
	for _, c := range cases {
		var got []string
		for _, m := range MatchErrors(c.text, c.prefer) {
			got = append(got, m.Error.Key(m.Profile))
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%q: got %q want %q", c.text, got, c.want)
		}
	}
}

func TestAlgorithmsAndAuth(t *testing.T) {
	for _, a := range VerifiedByEspo {
		if !EspoVerifies(a) || !EspoVerifies(strings.ToLower(a)) {
			t.Error(a)
		}
	}
	for _, a := range []string{"ES256", "PS256", "EdDSA", "none", ""} {
		if EspoVerifies(a) {
			t.Errorf("%s is not verified by EspoCRM", a)
		}
	}
	if EspoVerifies(KanidmProfile.Signing.Default) || !EspoVerifies(KeycloakProfile.Signing.Default) {
		t.Error("kanidm signs ES256, Keycloak RS256 by default")
	}
	want := map[Kind]bool{Keycloak: true, Authentik: true, Authelia: false, Okta: true, Google: true, Zitadel: false, Auth0: true, Entra: true, Dex: true}
	for k, ok := range want {
		if got := ByKind(k).ClientAuth.AcceptsPost(); got != ok {
			t.Errorf("%s accepts client_secret_post by default: %v, want %v", k, got, ok)
		}
	}
	if !slices.Contains(GoogleProfile.Claims.Absent, "preferred_username") || !slices.Contains(AutheliaProfile.Claims.UserInfoOnly, "preferred_username") {
		t.Error("Google lacks preferred_username; Authelia gives it only at userinfo")
	}
	if !GooglePEMCerts("https://www.googleapis.com/oauth2/v1/certs") || GooglePEMCerts("https://www.googleapis.com/oauth2/v3/certs") || GooglePEMCerts("::") {
		t.Error("GooglePEMCerts")
	}
	if ByKind("nope") != nil || ByKind(EntraB2C) != EntraProfile || Kind("nope").Family() != "nope" {
		t.Error("ByKind")
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("https://sso.example.org/realms/staff/protocol/openid-connect/auth", "https://dev-1.okta.com/oauth2/default/v1/keys", "https://x/application/o/a/jwks/")
	f.Add("::", "", "https://login.microsoftonline.com//oauth2/v2.0/token")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		eps := Endpoints{Authorization: a, Token: b, JWKS: c, UserInfo: a, Logout: c}
		d := Detect(eps, b)
		_ = d.Mismatches(eps)
		_ = d.LogoutURL()
		_ = fmt.Sprint(d.Family(), d.Name())
		_ = MatchErrors(a+b+c, d.Kind)
	})
}

var update = flag.Bool("update", false, "rewrite docs/providers.md")

// docs/providers.md is generated from the profiles.
func TestProvidersDoc(t *testing.T) {
	const path = "../docs/providers.md"
	got := Markdown()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("docs/providers.md is stale: regenerate it with go test ./provider -run TestProvidersDoc -update")
	}
	for _, p := range All() {
		if p.Kind != Generic && !strings.Contains(got, "## "+p.Name+"\n") {
			t.Errorf("no section for %s", p.Name)
		}
	}
}
