package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
)

const (
	az      = "https://login.microsoftonline.com/" + tenant
	common  = "https://login.microsoftonline.com/common"
	kcBase  = "https://sso.example.org/realms/staff/protocol/openid-connect"
	otherID = "0d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6"
)

func q(s string) string { return "'" + s + "'" }

func allCommon() []string {
	return []string{
		"oidcAuthorizationEndpoint=" + q(common+"/oauth2/v2.0/authorize"),
		"oidcTokenEndpoint=" + q(common+"/oauth2/v2.0/token"),
		"oidcJwksEndpoint=" + q(common+"/discovery/v2.0/keys"),
		"oidcLogoutUrl=" + q(common+"/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}"),
	}
}

func with(base []string, more ...string) []string {
	return append(append([]string{}, base...), more...)
}

// TestKnownGood: the guide-following base has no finding but the two infos
// that always apply to it.
func TestKnownGood(t *testing.T) {
	b := build(t, instanceSpec{})
	res := Run(b.in, nil)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Name)
	}
	if strings.Join(got, ",") != "redirect-uri,entra-username-mutable" {
		t.Fatalf("known-good base: got findings %v", got)
	}
}

type ruleTest struct {
	name  string
	rule  string
	spec  instanceSpec
	wants []want
}

var ruleTests = []ruleTest{
	// core
	{"method lowercase", "method-value", instanceSpec{edits: []string{"authenticationMethod='oidc'"}}, []want{{key: "authenticationMethod"}}},
	{"method unknown", "method-value", instanceSpec{edits: []string{"authenticationMethod='Saml'"}}, []want{{key: "authenticationMethod"}}},
	{"method ok", "method-value", instanceSpec{}, nil},
	{"oidc inactive", "oidc-not-active", instanceSpec{edits: []string{"authenticationMethod='Espo'"}}, []want{{key: "authenticationMethod"}}},
	{"oidc active", "oidc-not-active", instanceSpec{}, nil},
	{"bool as string", "setting-type", instanceSpec{edits: []string{"oidcFallback='false'"}}, []want{{key: "oidcFallback"}}},
	{"list as string", "setting-type", instanceSpec{edits: []string{"oidcScopes='profile email'"}}, []want{{key: "oidcScopes"}}},
	// ConfigDataProvider.php:230 (10.0.0) getAuthorizationMaxAge(): ?int converts '60': style only.
	{"int as string", "setting-type", instanceSpec{edits: []string{"oidcAuthorizationMaxAge='60'"}}, []want{{key: "oidcAuthorizationMaxAge", sev: Info}}},
	// ... and throws a TypeError for 'one hour' (7.4.0+): the login button fails.
	{"max age TypeError", "setting-type", instanceSpec{edits: []string{"oidcAuthorizationMaxAge='one hour'"}}, []want{{key: "oidcAuthorizationMaxAge", sev: Error}}},
	// ConfigDataProvider.php:87 (7.4.0-10.0.0) getClientId(): ?string converts an int, TokenValidator.php:77 compares loosely: it works.
	{"int client id", "setting-type", instanceSpec{edits: []string{"oidcClientId=12345"}}, []want{{key: "oidcClientId", sev: Info}}},
	{"types ok", "setting-type", instanceSpec{}, nil},
	{"key case typo", "unknown-setting", instanceSpec{edits: []string{"oidcClientID='x'"}}, []want{{key: "oidcClientID"}}},
	{"unknown oidc key", "unknown-setting", instanceSpec{edits: []string{"oidcScope=['email']", "recordsPerPage=20"}}, []want{{key: "oidcScope"}}},
	{"keys ok", "unknown-setting", instanceSpec{edits: []string{"recordsPerPage=20"}}, nil},
	{"client id absent", "required-setting", instanceSpec{edits: []string{"-oidcClientId"}}, []want{{key: "oidcClientId"}}},
	{"token endpoint empty", "required-setting", instanceSpec{edits: []string{"oidcTokenEndpoint=''", "oidcUsernameClaim=NULL"}}, []want{{key: "oidcTokenEndpoint"}, {key: "oidcUsernameClaim"}}},
	{"required ok", "required-setting", instanceSpec{}, nil},
	{"secret absent", "client-secret-missing", instanceSpec{internal: []string{"-oidcClientSecret"}}, []want{{key: "oidcClientSecret"}}},
	{"secret empty", "client-secret-missing", instanceSpec{internal: []string{"oidcClientSecret=''"}}, []want{{key: "oidcClientSecret"}}},
	{"secret unknown: skipped", "client-secret-missing", instanceSpec{internal: []string{"none"}}, nil},
	{"secret ok", "client-secret-missing", instanceSpec{}, nil},
	{"algorithms absent", "algorithm-list-empty", instanceSpec{edits: []string{"-oidcJwtSignatureAlgorithmList"}}, []want{{key: "oidcJwtSignatureAlgorithmList"}}},
	{"algorithms empty", "algorithm-list-empty", instanceSpec{edits: []string{"oidcJwtSignatureAlgorithmList=[]"}}, []want{{key: "oidcJwtSignatureAlgorithmList"}}},
	{"algorithms ok", "algorithm-list-empty", instanceSpec{}, nil},
	{"algorithm ES256", "algorithm-unknown", instanceSpec{edits: []string{"oidcJwtSignatureAlgorithmList=['RS256', 'ES256']"}}, []want{{key: "oidcJwtSignatureAlgorithmList"}}},
	{"algorithm case", "algorithm-unknown", instanceSpec{edits: []string{"oidcJwtSignatureAlgorithmList=['rs256']"}}, []want{{key: "oidcJwtSignatureAlgorithmList"}}},
	{"algorithm known", "algorithm-unknown", instanceSpec{edits: []string{"oidcJwtSignatureAlgorithmList=['RS256', 'RS512']"}}, nil},
	{"jwks absent", "jwks-endpoint-missing", instanceSpec{edits: []string{"-oidcJwksEndpoint"}}, []want{{key: "oidcJwksEndpoint"}}},
	{"jwks not needed for HS", "jwks-endpoint-missing", instanceSpec{edits: []string{"-oidcJwksEndpoint", "oidcJwtSignatureAlgorithmList=['HS256']"}}, nil},
	{"hmac", "hmac-algorithm-allowed", instanceSpec{edits: []string{"oidcJwtSignatureAlgorithmList=['RS256', 'HS256']"}}, []want{{key: "oidcJwtSignatureAlgorithmList"}}},
	{"no hmac", "hmac-algorithm-allowed", instanceSpec{}, nil},
	{"http endpoint", "endpoint-not-https", instanceSpec{edits: []string{"oidcTokenEndpoint='http://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token'"}}, []want{{key: "oidcTokenEndpoint"}}},
	{"no scheme", "endpoint-not-https", instanceSpec{edits: []string{"oidcJwksEndpoint='login.microsoftonline.com/" + tenant + "/discovery/v2.0/keys'"}}, []want{{key: "oidcJwksEndpoint"}}},
	{"http loopback ok", "endpoint-not-https", instanceSpec{base: keycloakBase(), edits: []string{"oidcTokenEndpoint='http://127.0.0.1:5556/token'"}}, nil},
	{"authz query", "authorization-endpoint-query", instanceSpec{edits: []string{"oidcAuthorizationEndpoint=" + q(az+"/oauth2/v2.0/authorize?prompt=login")}}, []want{{key: "oidcAuthorizationEndpoint"}}},
	{"authz no query", "authorization-endpoint-query", instanceSpec{}, nil},
	{"placeholder", "endpoint-placeholder", instanceSpec{edits: []string{"oidcTokenEndpoint='https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token'"}}, []want{{key: "oidcTokenEndpoint"}}},
	{"angle placeholder", "endpoint-placeholder", instanceSpec{edits: []string{"oidcJwksEndpoint='https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys'"}}, []want{{key: "oidcJwksEndpoint"}}},
	{"no placeholder", "endpoint-placeholder", instanceSpec{}, nil},
	{"userinfo in site url and endpoint", "url-userinfo", instanceSpec{edits: []string{"siteUrl='https://admin:Pw-4711@crm.example.com'", "oidcTokenEndpoint='https://u:p@login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token'"}}, []want{{key: "siteUrl"}, {key: "oidcTokenEndpoint"}}},
	{"user only in logout url", "url-userinfo", instanceSpec{edits: []string{"oidcLogoutUrl='https://someone@login.microsoftonline.com/common/oauth2/v2.0/logout'"}}, []want{{key: "oidcLogoutUrl"}}},
	{"no userinfo", "url-userinfo", instanceSpec{}, nil},
	{"site url absent", "site-url-missing", instanceSpec{edits: []string{"-siteUrl"}}, []want{{key: "siteUrl"}}},
	{"site url ok", "site-url-missing", instanceSpec{}, nil},
	{"site url http", "site-url-not-https", instanceSpec{edits: []string{"siteUrl='http://crm.example.com'"}}, []want{{key: "siteUrl"}}},
	{"site url query", "site-url-not-https", instanceSpec{edits: []string{"siteUrl='https://crm.example.com/?x=1'"}}, []want{{key: "siteUrl"}}},
	{"site url localhost", "site-url-not-https", instanceSpec{edits: []string{"siteUrl='http://localhost:8080'"}}, nil},
	{"redirect uri", "redirect-uri", instanceSpec{}, []want{{key: "siteUrl"}}},
	{"redirect uri without site", "redirect-uri", instanceSpec{edits: []string{"-siteUrl"}}, nil},
	{"scopes duplicate", "scope-duplicate", instanceSpec{edits: []string{"oidcScopes=['openid', 'profile', 'profile']"}}, []want{{key: "oidcScopes"}, {key: "oidcScopes"}}},
	{"scopes ok", "scope-duplicate", instanceSpec{}, nil},
	{"prompt two values", "prompt-value", instanceSpec{edits: []string{"oidcAuthorizationPrompt='select_account consent'"}}, []want{{key: "oidcAuthorizationPrompt"}}},
	{"prompt case", "prompt-value", instanceSpec{edits: []string{"oidcAuthorizationPrompt='Login'"}}, []want{{key: "oidcAuthorizationPrompt"}}},
	{"prompt ok", "prompt-value", instanceSpec{}, nil},
	{"prompt none", "prompt-none", instanceSpec{edits: []string{"oidcAuthorizationPrompt='none'"}}, []want{{key: "oidcAuthorizationPrompt"}}},
	{"prompt not none", "prompt-none", instanceSpec{}, nil},
	{"max age negative", "max-age-value", instanceSpec{edits: []string{"oidcAuthorizationMaxAge=-5"}}, []want{{key: "oidcAuthorizationMaxAge"}}},
	// 7.3.x hands the raw value to the browser as max_age (Tools/Oidc/Service.php:106 at 7.3.0).
	{"max age garbage 7.3", "max-age-value", instanceSpec{edits: []string{"oidcAuthorizationMaxAge='one hour'", "version='7.3.1'"}}, []want{{key: "oidcAuthorizationMaxAge"}}},
	// From 7.4 it is a TypeError (setting-type), and nothing is sent.
	{"max age garbage 10.0", "max-age-value", instanceSpec{edits: []string{"oidcAuthorizationMaxAge='one hour'"}}, nil},
	{"max age zero", "max-age-value", instanceSpec{edits: []string{"oidcAuthorizationMaxAge=0"}}, nil},
	{"cache period garbage", "jwks-cache-period", instanceSpec{edits: []string{"oidcJwksCachePeriod='forever'"}}, []want{{key: "oidcJwksCachePeriod"}}},
	{"cache period long", "jwks-cache-period", instanceSpec{edits: []string{"oidcJwksCachePeriod='2 days'"}}, []want{{key: "oidcJwksCachePeriod"}}},
	{"cache period ok", "jwks-cache-period", instanceSpec{edits: []string{"oidcJwksCachePeriod='30 minutes'"}}, nil},
	{"admin lockout", "admin-lockout", instanceSpec{edits: []string{"oidcFallback=false", "oidcAllowAdminUser=false"}}, []want{{key: "oidcFallback"}}},
	{"admin lockout by absent keys", "admin-lockout", instanceSpec{edits: []string{"-oidcFallback", "-oidcAllowAdminUser"}}, []want{{key: "oidcFallback"}}},
	{"no admin lockout", "admin-lockout", instanceSpec{edits: []string{"oidcAllowAdminUser=false"}}, nil},
	{"super admin lockout", "super-admin-lockout", instanceSpec{edits: []string{"oidcFallback=false"}}, []want{{key: "oidcFallback"}}},
	{"super admin: admin-lockout covers it", "super-admin-lockout", instanceSpec{edits: []string{"oidcFallback=false", "oidcAllowAdminUser=false"}}, nil},
	{"regular fallback ineffective", "regular-fallback-ineffective", instanceSpec{edits: []string{"oidcFallback=false", "oidcAllowRegularUserFallback=true"}}, []want{{key: "oidcAllowRegularUserFallback"}}},
	{"regular fallback effective", "regular-fallback-ineffective", instanceSpec{edits: []string{"oidcAllowRegularUserFallback=true"}}, nil},
	{"fallback bypasses mfa", "password-fallback-bypasses-mfa", instanceSpec{edits: []string{"oidcAllowRegularUserFallback=true"}}, []want{{key: "oidcAllowRegularUserFallback"}}},
	{"no regular fallback", "password-fallback-bypasses-mfa", instanceSpec{}, nil},
	{"team sync empty", "team-sync-empty-team-list", instanceSpec{edits: []string{"oidcSyncTeams=true", "oidcTeamsIds=[]"}}, []want{{key: "oidcSyncTeams"}}},
	{"team sync with teams", "team-sync-empty-team-list", instanceSpec{edits: []string{"oidcSyncTeams=true", "oidcTeamsIds=['t1']"}}, nil},
	{"team sync no claim", "team-sync-without-group-claim", instanceSpec{edits: []string{"oidcSyncTeams=true", "oidcTeamsIds=['t1']", "oidcTeamsColumns=(object) ['t1' => (object) ['group' => '" + otherID + "']]"}}, []want{{key: "oidcGroupClaim"}}},
	{"team sync claim", "team-sync-without-group-claim", instanceSpec{edits: []string{"oidcSyncTeams=true", "oidcTeamsIds=['t1']", "oidcGroupClaim='groups'"}}, nil},
	{"group claim unmapped", "group-claim-unmapped", instanceSpec{edits: []string{"oidcGroupClaim='groups'"}}, []want{{key: "oidcGroupClaim"}}},
	{"group claim mapped", "group-claim-unmapped", instanceSpec{edits: []string{"oidcGroupClaim='groups'", "oidcTeamsIds=['t1']", "oidcTeamsColumns=(object) ['t1' => (object) ['group' => '" + otherID + "']]"}}, nil},
	{"sync blanks (keycloak)", "sync-blanks-fields", instanceSpec{base: keycloakBase(), edits: []string{"oidcSync=true"}}, []want{{key: "oidcSync"}}},
	{"sync blanks: entra has its own rule", "sync-blanks-fields", instanceSpec{edits: []string{"oidcSync=true"}}, nil},
	{"espo 2fa", "espo-2fa-with-oidc", instanceSpec{edits: []string{"auth2FA=true"}}, []want{{key: "auth2FA"}}},
	{"espo 2fa off", "espo-2fa-with-oidc", instanceSpec{}, nil},
	// AppService.php:156-160 (10.0.0): auth2FARequired needs auth2FA and auth2FAForced.
	{"forced 2fa", "forced-2fa-with-oidc", instanceSpec{edits: []string{"auth2FA=true", "auth2FAForced=true"}}, []want{{key: "auth2FAForced"}}},
	{"forced alone", "forced-2fa-with-oidc", instanceSpec{edits: []string{"auth2FAForced=true"}}, nil},
	{"forced 2fa 8.3", "forced-2fa-with-oidc", instanceSpec{edits: []string{"auth2FA=true", "auth2FAForced=true", "version='8.3.6'"}}, []want{{key: "auth2FAForced", sev: Error}}},
	// Login.php:155 (8.4.0) bypasses the second step; before, enrolled users get it.
	{"espo 2fa 8.3", "espo-2fa-with-oidc", instanceSpec{edits: []string{"auth2FA=true", "version='8.3.6'"}}, []want{{key: "auth2FA", sev: Error}}},
	// DefaultUserProvider.php:130-134 (10.0.0): admins are refused over OIDC when oidcAllowAdminUser is off.
	{"admin password form", "admin-uses-password-form", instanceSpec{edits: []string{"oidcAllowAdminUser=false"}}, []want{{key: "oidcAllowAdminUser"}}},
	{"admin via oidc", "admin-uses-password-form", instanceSpec{}, nil},
	// UsernameValidator.php:48 (7.4.0-10.0.0) against User.json's maxLength 50.
	{"email claim creates users", "username-claim-too-long", instanceSpec{edits: []string{"oidcUsernameClaim='email'", "oidcCreateUser=true"}}, []want{{key: "oidcUsernameClaim"}}},
	{"upn claim syncs users", "username-claim-too-long", instanceSpec{edits: []string{"oidcSync=true"}}, []want{{key: "oidcUsernameClaim"}}},
	{"email claim without creation", "username-claim-too-long", instanceSpec{edits: []string{"oidcUsernameClaim='email'"}}, nil},
	{"oid claim creates users", "username-claim-too-long", instanceSpec{edits: []string{"oidcUsernameClaim='oid'", "oidcCreateUser=true"}}, nil},
	// UserInfoDataProvider.php appears at 9.1.0, PkceUtil.php at 10.0.0.
	{"userinfo on 9.0", "setting-needs-newer-espocrm", instanceSpec{edits: []string{"oidcUserInfoEndpoint='https://graph.microsoft.com/oidc/userinfo'", "version='9.0.8'"}}, []want{{key: "oidcUserInfoEndpoint"}, {key: "oidcAuthorizationPkce"}}},
	{"userinfo on 9.1", "setting-needs-newer-espocrm", instanceSpec{edits: []string{"oidcUserInfoEndpoint='https://graph.microsoft.com/oidc/userinfo'", "version='9.1.0'", "oidcAuthorizationPkce=false"}}, nil},
	// Login.php at 7.3.1 has no client_secret; 7.3.2:199 adds it.
	{"7.3.1 secret", "client-secret-not-sent", instanceSpec{edits: []string{"version='7.3.1'"}}, []want{{key: "oidcClientSecret"}}},
	{"7.3.2 secret", "client-secret-not-sent", instanceSpec{edits: []string{"version='7.3.2'"}}, nil},
	// Config.php:47-48 at 8.2.0 adds the override files.
	{"override on 8.1", "config-file-ignored", instanceSpec{edits: []string{"version='8.1.5'"}, override: []string{"oidcFallback=false"}}, []want{{}}},
	{"override on 8.2", "config-file-ignored", instanceSpec{edits: []string{"version='8.2.0'"}, override: []string{"oidcFallback=false"}}, nil},
	{"source checkout", "espocrm-version", instanceSpec{edits: []string{"version='@@version'"}}, []want{{key: "version"}}},
	{"plain version", "espocrm-version", instanceSpec{edits: []string{"version='9.2.1'"}}, nil},
	{"admin lockout is another rule", "admin-uses-password-form", instanceSpec{edits: []string{"oidcAllowAdminUser=false", "oidcFallback=false"}}, nil},
	{"forced 2fa off", "forced-2fa-with-oidc", instanceSpec{edits: []string{"auth2FAForced=false"}}, nil},
	{"pkce absent", "pkce-off", instanceSpec{edits: []string{"-oidcAuthorizationPkce"}}, []want{{key: "oidcAuthorizationPkce"}}},
	{"pkce false", "pkce-off", instanceSpec{edits: []string{"oidcAuthorizationPkce=false"}}, []want{{key: "oidcAuthorizationPkce"}}},
	{"pkce on", "pkce-off", instanceSpec{}, nil},
	{"logout placeholder", "logout-url-placeholder", instanceSpec{edits: []string{"oidcLogoutUrl=" + q(az+"/oauth2/v2.0/logout?post_logout_redirect_uri={redirect}")}}, []want{{key: "oidcLogoutUrl"}}},
	{"logout http", "logout-url-placeholder", instanceSpec{edits: []string{"oidcLogoutUrl='http://idp.example.com/logout?r={siteUrl}'"}}, []want{{key: "oidcLogoutUrl"}}},
	{"logout ok", "logout-url-placeholder", instanceSpec{}, nil},
	{"secret in config.php", "secret-in-config-php", instanceSpec{edits: []string{"oidcClientSecret='abc8Q~moved'"}, internal: []string{"-oidcClientSecret"}}, []want{{key: "oidcClientSecret"}}},
	{"secret in internal", "secret-in-config-php", instanceSpec{}, nil},
	{"secret guid (entra)", "secret-looks-like-guid", instanceSpec{internal: []string{"oidcClientSecret='6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'"}}, []want{{key: "oidcClientSecret", sev: Error}}},
	{"secret guid (keycloak)", "secret-looks-like-guid", instanceSpec{base: keycloakBase(), internal: []string{"oidcClientSecret='6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'"}}, []want{{key: "oidcClientSecret", sev: Warning}}},
	{"secret value", "secret-looks-like-guid", instanceSpec{}, nil},
	{"logger warning", "logger-level-hides-oidc", instanceSpec{internal: []string{"logger=['level' => 'WARNING']"}}, []want{{key: "logger"}}},
	{"logger unknown", "logger-level-hides-oidc", instanceSpec{internal: []string{"-logger"}}, nil},
	{"logger debug", "logger-level-hides-oidc", instanceSpec{}, nil},
	{"claim not allowed", "username-claim-not-allowed", instanceSpec{options: &Options{AllowedUsernameClaims: []string{"email"}}}, []want{{key: "oidcUsernameClaim"}}},
	{"claim allowed", "username-claim-not-allowed", instanceSpec{options: &Options{AllowedUsernameClaims: []string{"preferred_username"}}}, nil},

	// entra
	{"tenant mismatch", "entra-endpoint-mismatch", instanceSpec{edits: []string{"oidcTokenEndpoint=" + q("https://login.microsoftonline.com/"+otherID+"/oauth2/v2.0/token")}}, []want{{key: "oidcTokenEndpoint"}}},
	{"jwks on another host", "entra-endpoint-mismatch", instanceSpec{edits: []string{"oidcJwksEndpoint=" + q(kcBase+"/certs")}}, []want{{key: "oidcJwksEndpoint"}}},
	{"alias host", "entra-endpoint-mismatch", instanceSpec{edits: []string{"oidcJwksEndpoint=" + q("https://login.windows.net/"+tenant+"/discovery/v2.0/keys")}}, []want{{key: "oidcJwksEndpoint", sev: Warning}}},
	{"common keys is fine here", "entra-endpoint-mismatch", instanceSpec{edits: []string{"oidcJwksEndpoint=" + q(common+"/discovery/v2.0/keys")}}, nil},
	{"v1 token endpoint", "entra-endpoint-version", instanceSpec{edits: []string{"oidcTokenEndpoint=" + q(az+"/oauth2/token")}}, []want{{key: "oidcTokenEndpoint"}}},
	{"token url as authz", "entra-endpoint-version", instanceSpec{edits: []string{"oidcAuthorizationEndpoint=" + q(az+"/oauth2/v2.0/token")}}, []want{{key: "oidcAuthorizationEndpoint"}}},
	{"v2 everywhere", "entra-endpoint-version", instanceSpec{}, nil},
	{"common tenant", "entra-generic-tenant", instanceSpec{edits: allCommon()}, []want{{key: "oidcAuthorizationEndpoint"}}},
	{"own tenant", "entra-generic-tenant", instanceSpec{}, nil},
	{"create user any tenant", "entra-create-user-any-tenant", instanceSpec{edits: with(allCommon(), "oidcCreateUser=true")}, []want{{key: "oidcCreateUser"}}},
	{"create user own tenant", "entra-create-user-any-tenant", instanceSpec{edits: []string{"oidcCreateUser=true"}}, nil},
	{"domain tenant", "entra-tenant-domain", instanceSpec{edits: []string{"oidcAuthorizationEndpoint='https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize'"}}, []want{{key: "oidcAuthorizationEndpoint"}}},
	{"guid tenant", "entra-tenant-domain", instanceSpec{}, nil},
	{"common keys", "entra-jwks-common-keys", instanceSpec{edits: []string{"oidcJwksEndpoint=" + q(common+"/discovery/v2.0/keys")}}, []want{{key: "oidcJwksEndpoint"}}},
	{"tenant keys", "entra-jwks-common-keys", instanceSpec{}, nil},
	{"userinfo v1", "entra-userinfo-host", instanceSpec{edits: []string{"oidcUserInfoEndpoint=" + q(common+"/openid/userinfo")}}, []want{{key: "oidcUserInfoEndpoint"}}},
	{"userinfo other cloud", "entra-userinfo-host", instanceSpec{edits: []string{"oidcUserInfoEndpoint='https://graph.microsoft.us/oidc/userinfo'"}}, []want{{key: "oidcUserInfoEndpoint"}}},
	{"userinfo graph", "entra-userinfo-host", instanceSpec{edits: []string{"oidcUserInfoEndpoint='https://graph.microsoft.com/oidc/userinfo'"}}, nil},
	{"sub claim", "entra-username-sub", instanceSpec{edits: []string{"oidcUsernameClaim='sub'"}}, []want{{key: "oidcUsernameClaim"}}},
	{"sub claim keycloak: not applicable", "entra-username-sub", instanceSpec{base: keycloakBase(), edits: []string{"oidcUsernameClaim='sub'"}}, nil},
	{"sub claim before endpoints are set", "entra-username-sub", instanceSpec{edits: []string{"oidcUsernameClaim='sub'", "-oidcAuthorizationEndpoint", "-oidcTokenEndpoint", "-oidcJwksEndpoint", "-oidcLogoutUrl"}}, []want{{key: "oidcUsernameClaim"}}},
	{"email claim", "entra-username-email", instanceSpec{edits: []string{"oidcUsernameClaim='email'"}}, []want{{key: "oidcUsernameClaim"}}},
	{"email claim without scope", "entra-username-email", instanceSpec{edits: []string{"oidcUsernameClaim='email'", "oidcScopes=['profile']"}}, []want{{key: "oidcScopes", sev: Error}}},
	{"upn claim", "entra-username-email", instanceSpec{}, nil},
	{"mutable claim", "entra-username-mutable", instanceSpec{}, []want{{key: "oidcUsernameClaim"}}},
	{"oid claim", "entra-username-mutable", instanceSpec{edits: []string{"oidcUsernameClaim='oid'"}}, nil},
	{"noauth", "entra-noauth-takeover", instanceSpec{edits: allCommon()}, []want{{key: "oidcAuthorizationEndpoint"}}},
	{"noauth: oid claim", "entra-noauth-takeover", instanceSpec{edits: with(allCommon(), "oidcUsernameClaim='oid'")}, nil},
	{"phone scope", "entra-unsupported-scope", instanceSpec{edits: []string{"oidcScopes=['profile', 'email', 'phone']"}}, []want{{key: "oidcScopes"}}},
	{"groups scope", "entra-unsupported-scope", instanceSpec{edits: []string{"oidcScopes=['profile', 'groups']"}}, []want{{key: "oidcScopes", sev: Error}}},
	{"entra scopes", "entra-unsupported-scope", instanceSpec{}, nil},
	{"consent", "entra-prompt-consent", instanceSpec{edits: []string{"oidcAuthorizationPrompt='consent'"}}, []want{{key: "oidcAuthorizationPrompt"}}},
	{"consent by absence", "entra-prompt-consent", instanceSpec{edits: []string{"-oidcAuthorizationPrompt"}}, []want{{key: "oidcAuthorizationPrompt"}}},
	{"login prompt", "entra-prompt-consent", instanceSpec{}, nil},
	{"group names", "entra-group-values-not-object-ids", instanceSpec{edits: []string{"oidcGroupClaim='groups'", "oidcTeamsIds=['t1']", "oidcTeamsColumns=(object) ['t1' => (object) ['group' => 'Sales']]"}}, []want{{key: "oidcTeamsColumns"}}},
	{"group ids", "entra-group-values-not-object-ids", instanceSpec{edits: []string{"oidcGroupClaim='groups'", "oidcTeamsIds=['t1']", "oidcTeamsColumns=(object) ['t1' => (object) ['group' => '" + otherID + "']]"}}, nil},
	{"overage", "entra-group-overage", instanceSpec{edits: []string{"oidcGroupClaim='groups'", "oidcSyncTeams=true", "oidcTeamsIds=['t1']"}}, []want{{key: "oidcGroupClaim"}}},
	{"no team sync", "entra-group-overage", instanceSpec{edits: []string{"oidcGroupClaim='groups'"}}, nil},
	{"b2c", "entra-b2c-ciam", instanceSpec{edits: []string{"oidcAuthorizationEndpoint='https://contoso.b2clogin.com/contoso.onmicrosoft.com/b2c_1_signin/oauth2/v2.0/authorize'"}}, []want{{key: "oidcAuthorizationEndpoint"}}},
	{"workforce", "entra-b2c-ciam", instanceSpec{}, nil},
	{"userinfo with api scope", "entra-userinfo-foreign-scope", instanceSpec{edits: []string{"oidcUserInfoEndpoint='https://graph.microsoft.com/oidc/userinfo'", "oidcScopes=['profile', 'api://" + otherID + "/read']"}}, []want{{key: "oidcScopes"}}},
	{"userinfo graph scopes", "entra-userinfo-foreign-scope", instanceSpec{edits: []string{"oidcUserInfoEndpoint='https://graph.microsoft.com/oidc/userinfo'"}}, nil},
	{"sync clears", "entra-sync-missing-claims", instanceSpec{edits: []string{"oidcSync=true"}}, []want{{key: "oidcSync"}}},
	{"no sync", "entra-sync-missing-claims", instanceSpec{}, nil},
	{"max age", "entra-max-age", instanceSpec{edits: []string{"oidcAuthorizationMaxAge=3600"}}, []want{{key: "oidcAuthorizationMaxAge"}}},
	{"no max age", "entra-max-age", instanceSpec{}, nil},
	{"no logout url", "entra-logout-url", instanceSpec{edits: []string{"-oidcLogoutUrl"}}, []want{{key: "oidcLogoutUrl"}}},
	{"logout without return", "entra-logout-url", instanceSpec{edits: []string{"oidcLogoutUrl=" + q(az+"/oauth2/v2.0/logout")}}, []want{{key: "oidcLogoutUrl"}}},
	{"logout ok", "entra-logout-url", instanceSpec{}, nil},
	{"unexpected tenant", "entra-unexpected-tenant", instanceSpec{options: &Options{ExpectedTenants: []string{otherID}}}, []want{{key: "oidcAuthorizationEndpoint"}}},
	{"expected tenant", "entra-unexpected-tenant", instanceSpec{options: &Options{ExpectedTenants: []string{strings.ToUpper(tenant)}}}, nil},
}

func TestRules(t *testing.T) {
	covered := map[string][2]bool{}
	for _, tc := range ruleTests {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) { expectRule(t, tc.rule, tc.spec, tc.wants...) })
		c := covered[tc.rule]
		if len(tc.wants) > 0 {
			c[0] = true
		} else {
			c[1] = true
		}
		covered[tc.rule] = c
	}
	// Every core and entra rule has a fixture that fires it and one that does not.
	for _, r := range All() {
		if r.Set != "core" && r.Set != "entra" {
			continue
		}
		if c := covered[r.Name]; !c[0] || !c[1] {
			t.Errorf("%s %s: needs a firing and a non-firing test (have fires=%v, clean=%v)", r.ID, r.Name, c[0], c[1])
		}
	}
}

func TestSkipped(t *testing.T) {
	// Without config-internal.php the secret cannot be judged: skipped, not passed.
	b := build(t, instanceSpec{internal: []string{"none"}})
	res := Run(b.in, nil)
	if s := findSkip(res, "client-secret-missing"); s == nil || s.NotApplicable || !strings.Contains(s.Reason, "config-internal.php") {
		t.Errorf("client-secret-missing: want skipped for missing config-internal.php, got %+v", s)
	}
	// Keycloak: the Entra rules do not apply.
	b = build(t, instanceSpec{base: keycloakBase()})
	res = Run(b.in, nil)
	if s := findSkip(res, "entra-username-sub"); s == nil || !s.NotApplicable || !strings.Contains(s.Reason, "keycloak") {
		t.Errorf("entra rules on keycloak: want not applicable, got %+v", s)
	}
	if res.Provider != "keycloak" {
		t.Errorf("provider = %s", res.Provider)
	}
	// Method Espo with no oidc value: OIDC rules do not apply.
	b = build(t, instanceSpec{base: []kv{{"authenticationMethod", "'Espo'"}, {"siteUrl", "'https://crm.example.com'"}}, internal: []string{"-oidcClientSecret"}})
	res = Run(b.in, nil)
	if len(res.Findings) != 0 {
		t.Errorf("password-only instance: want no findings, got %v", res.Findings)
	}
	if s := findSkip(res, "required-setting"); s == nil || !s.NotApplicable {
		t.Errorf("required-setting on Espo method: want not applicable, got %+v", s)
	}
}

func findSkip(res *Result, name string) *Skip {
	for i := range res.Skipped {
		if res.Skipped[i].Name == name {
			return &res.Skipped[i]
		}
	}
	return nil
}

func TestPolicy(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	spec := instanceSpec{edits: []string{"oidcAuthorizationPrompt='consent'", "-oidcAuthorizationPkce"}, now: now}
	pol := &Policy{
		Disable:    []string{"EO1025"},
		Severities: map[string]Severity{"entra-prompt-consent": Error},
		Suppressions: []*Suppression{
			{Rule: "pkce-off", Reason: "PKCE breaks our load balancer", Expires: now.Add(24 * time.Hour)},
			{Rule: "EO1040", Reason: "never matches"},
			{Rule: "hmac-algorithm-allowed", Reason: "old", Expires: now.Add(-time.Hour)},
		},
	}
	b := build(t, spec)
	res := Run(b.in, pol)
	byName := map[string]Finding{}
	for _, f := range res.Findings {
		byName[f.Name] = f
	}
	if _, ok := byName["redirect-uri"]; ok {
		t.Error("disabled rule redirect-uri still reported")
	}
	if s := findSkip(res, "redirect-uri"); s == nil || s.Reason != "disabled in the config file" {
		t.Errorf("disabled rule: want skipped, got %+v", s)
	}
	if f := byName["entra-prompt-consent"]; f.Severity != Error {
		t.Errorf("severity override: got %v", f.Severity)
	}
	if f := byName["pkce-off"]; f.Suppressed != "PKCE breaks our load balancer" {
		t.Errorf("suppression: got %q", f.Suppressed)
	}
	c := Count(res.Findings)
	if c.Suppressed != 1 || c.Error != 1 {
		t.Errorf("counts: %+v", c)
	}
	if !AtOrAbove(res.Findings, Error) || AtOrAbove(res.Findings, SeverityNone) {
		t.Error("threshold")
	}
	sf := SuppressionFindings(pol, ".espo-oidc.yaml", now)
	var names []string
	for _, f := range sf {
		names = append(names, f.Name+":"+f.Key)
	}
	if strings.Join(names, ",") != "unused-suppression:EO1040,expired-suppression:hmac-algorithm-allowed" {
		t.Errorf("suppression findings: %v", names)
	}
}

// TestCatalog checks every rule's metadata: unique IDs and names, docs with
// a reason, a fix and a reference.
func TestCatalog(t *testing.T) {
	for _, r := range All() {
		if r.Documentation().Why == "" || (r.Documentation().FixEspo == "" && r.Documentation().FixEntra == "") || len(r.Documentation().Refs) == 0 {
			t.Errorf("%s %s: doc needs Why, a fix and Refs", r.ID, r.Name)
		}
		if Lookup(r.ID) != r || Lookup(r.Name) != r || Lookup(strings.ToLower(r.ID)) != r {
			t.Errorf("%s: lookup by ID and name", r.ID)
		}
		if !strings.Contains(r.DocText(), r.Summary) {
			t.Errorf("%s: DocText lacks the summary", r.ID)
		}
	}
}

// With a manifest, app-group-values-format judges team mappings and the
// settings-only entra-group-values-not-object-ids stays quiet.
func TestGroupValuesDeferToManifest(t *testing.T) {
	b := build(t, instanceSpec{edits: []string{"oidcGroupClaim='groups'", "oidcTeamsIds=['t1']", "oidcTeamsColumns=(object) ['t1' => (object) ['group' => 'Sales']]"}})
	m, err := entra.LoadManifest("../testdata/manifests/entra-guide.json")
	if err != nil {
		t.Fatal(err)
	}
	b.in.Manifest = m
	for _, f := range Run(b.in, nil).Findings {
		if f.Name == "entra-group-values-not-object-ids" {
			t.Errorf("reported with a manifest: %s", f.Message)
		}
	}
}
