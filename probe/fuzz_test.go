package probe

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
)

// Every parser of untrusted input (answers of the identity provider, the
// pasted URL, the users file) is fuzzed: it must never panic, and what it
// returns must never carry the secrets it was given.

func FuzzParseJWT(f *testing.F) {
	f.Add(fakeidp.Sign(map[string]any{"iss": "x", "aud": []string{"a"}, "exp": 1e10}, "k"))
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("....")
	f.Add("eyJ.eyJ.eyJ")
	f.Fuzz(func(t *testing.T, raw string) {
		tok, err := ParseJWT(raw)
		if err != nil {
			if strings.Contains(err.Error(), raw) && len(raw) > 8 {
				t.Fatalf("the error quotes the token")
			}
			return
		}
		o := &espo.OIDC{ClientID: "a", Algorithms: []string{"RS256", "HS256", "RS384", "HS512"}, ClientSecret: espo.NewSecret("s3cr3t-value")}
		v := EspoVerdict(tok, o, &JWKS{Keys: []Key{{Kid: "k"}}}, "n", time.Unix(1e9, 0))
		b, _ := json.Marshal(v)
		if strings.Contains(string(b), "s3cr3t-value") {
			t.Fatal("verdict carries the secret")
		}
		ClaimTime(tok.Claims, "exp")
		Audiences(tok.Claims)
	})
}

func FuzzParseDiscovery(f *testing.F) {
	f.Add(200, "application/json", `{"issuer":"https://login.microsoftonline.com/{tenantid}/v2.0","token_endpoint_auth_methods_supported":["client_secret_post"],"id_token_signing_alg_values_supported":["RS256"]}`)
	f.Add(400, "application/json", `{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant 'x' not found.\r\nTrace ID: 1"}`)
	f.Add(200, "text/html", "<html>login</html>")
	f.Add(302, "", "")
	f.Add(200, "application/json", `{"issuer":5,"jwks_uri":["a"]}`)
	f.Fuzz(func(t *testing.T, status int, ct, body string) {
		d := ParseDiscovery(Answer{Status: status, ContentType: ct}, []byte(body))
		judgeDiscovery(d, "https://login.microsoftonline.com/t/v2.0", &espo.OIDC{Algorithms: []string{"RS256"}, LogoutURL: body})
	})
}

func FuzzParseJWKS(f *testing.F) {
	f.Add(200, `{"keys":[{"kty":"RSA","kid":"a","n":"sXch","e":"AQAB"},{"kty":"oct","k":"AAAA"}]}`)
	f.Add(200, `{"keys":[{"kty":"RSA","n":"","e":"AQAB","d":"x"}]}`)
	f.Add(200, `{"keys":5}`)
	f.Add(500, `oops`)
	f.Add(200, `{"keys":[{"kty":"RSA","kid":"a","n":"AA","e":"AQABAQABAQABAQAB"}]}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		j := ParseJWKS(Answer{Status: status}, []byte(body))
		j.Kids()
		compareJWKS(j, j)
	})
}

func FuzzParseTokenResponse(f *testing.F) {
	f.Add(401, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}`)
	f.Add(200, `{"access_token":"x","id_token":"y","expires_in":"3599"}`)
	f.Add(200, `{"error_codes":[1e300,-1,"x"]}`)
	f.Add(502, `<html>Bad gateway</html>`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		for _, g := range []facts.Grant{facts.GrantClientCredentials, facts.GrantPassword, facts.GrantAuthorizationCode} {
			tr, _ := ParseTokenResponse(g, Answer{Status: status}, []byte(body))
			b, _ := json.Marshal(tr)
			if strings.Contains(body, "id_token\":\"ey") && strings.Contains(string(b), "\"ey") {
				t.Fatal("token result carries the token")
			}
		}
	})
}

func FuzzParseUsers(f *testing.F) {
	f.Add("userName,type,isActive\nalice,regular,1\n")
	f.Add(`[{"userName":"a","type":"admin","isActive":false,"teamsIds":["t"]}]`)
	f.Add(`{"list":[{"userName":"a"}]}`)
	f.Add("userName;type\n\"x;y\";portal\n")
	f.Add("\xef\xbb\xbfuserName\n\"")
	f.Fuzz(func(t *testing.T, body string) {
		users, err := ParseUsers("users.txt", []byte(body))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "users.txt:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		o := &espo.OIDC{UsernameClaim: "email", CreateUser: true, Sync: true}
		PredictUser(map[string]any{"email": body}, nil, o, users, true, 50)
	})
}

func FuzzParseCallback(f *testing.F) {
	f.Add("https://crm.example.com/oauth-callback.php?code=abc&state=s")
	f.Add("https://crm.example.com/oauth-callback.php?error=access_denied&error_description=AADSTS65004%3A+declined")
	f.Add("https://crm/#code=x&state=s")
	f.Add("%zz")
	f.Fuzz(func(t *testing.T, raw string) {
		cb, code, err := ParseCallback(raw, &AuthRequest{State: "s"})
		if cb != nil && code != "" {
			b, _ := json.Marshal(cb)
			if len(code) > 6 && strings.Contains(string(b), code) {
				t.Fatal("callback facts carry the code")
			}
		}
		_ = err
	})
}

func FuzzJudgeAuthorize(f *testing.F) {
	f.Add(400, "", "<html><p>AADSTS50011: The redirect URI 'x' does not match</p></html>")
	f.Add(302, "https://crm/oauth-callback.php?error=invalid_scope&code=secretcode", "")
	f.Add(200, "", "<script>var x='<p>'</script>")
	f.Fuzz(func(t *testing.T, status int, loc, body string) {
		a := JudgeAuthorize(Answer{Status: status, Location: loc}, []byte(body), "https://crm/oauth-callback.php")
		if strings.Contains(a.Location, "secretcode") {
			t.Fatal("location keeps the code")
		}
	})
}
