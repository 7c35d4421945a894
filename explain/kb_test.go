package explain

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The codes of the table in entra.md §6, plus those the reference names
// elsewhere (§1.9, §4, espocrm-oidc.md §10.2/§14, failure-modes.md §3).
var referenceCodes = []int{
	50011, 500113, 900971, 70004, 700016, 700011, 70001, 7000112, 7000215, 7000222, 70002, 7000218,
	700025, 700027, 50012, 90002, 90038, 50194, 90130, 90124, 9001023, 9002332, 500208, 700005,
	50020, 50034, 16000, 50105, 65001, 65004, 90094, 90095, 650052, 650053, 650056, 650057, 70011,
	28002, 28003, 700022, 700023, 900144, 90014, 9002313, 900561, 90056, 70005, 700054, 70007,
	90023, 501481, 50148, 50149, 501491, 50147, 70008, 54005, 50058, 50076, 50079, 50074, 53003,
	530032, 530035, 50126, 50053, 50055, 50057, 50173, 700082, 70043, 50027, 50146, 501461, 90009,
	900023,
	// elsewhere in the reference
	16001, 500112, 9002327, 1002012,
}

func TestCatalogueCoversReferenceCodes(t *testing.T) {
	if n := len(Codes()); n < 60 {
		t.Fatalf("catalogue has %d AADSTS codes, want at least 60", n)
	}
	for _, c := range referenceCodes {
		if _, ok := AADSTS(c); !ok {
			t.Errorf("AADSTS%d of the reference is not in the catalogue", c)
		}
	}
	if len(Codes()) != len(referenceCodes) {
		t.Errorf("catalogue has %d codes, reference list %d: keep the test list in step", len(Codes()), len(referenceCodes))
	}
}

func TestEntriesComplete(t *testing.T) {
	for _, e := range All() {
		if e.ID == "" || e.Title == "" || e.Meaning == "" || e.Fix == "" || e.Text == "" || len(e.Refs) == 0 {
			t.Errorf("%s (%s): an empty ID, Title, Meaning, Fix, Text or Refs", e.ID, e.Kind)
		}
		if e.Kind != KindEspoCRM || !e.NotOIDC {
			if len(e.Rules) == 0 && e.Kind != KindEspoCRM {
				t.Errorf("%s: no related rule", e.ID)
			}
		}
		for _, r := range e.Rules {
			if r != strings.ToLower(r) || strings.Contains(r, " ") {
				t.Errorf("%s: rule %q is not a kebab-case name", e.ID, r)
			}
		}
	}
}

func TestLookupAADSTSForms(t *testing.T) {
	for _, c := range Codes() {
		n := strconv.Itoa(c)
		for _, q := range []string{"AADSTS" + n, n, "aadsts" + n, " AADSTS" + n + " "} {
			got := Lookup(q)
			if len(got) != 1 || got[0].ID != "AADSTS"+n {
				t.Errorf("Lookup(%q) = %v, want AADSTS%s", q, ids(got), n)
			}
		}
	}
	if got := Lookup("AADSTS12345"); got != nil {
		t.Errorf("unknown code gave %v", ids(got))
	}
}

func TestLookupOAuthAndIDs(t *testing.T) {
	for q, want := range map[string]string{
		"invalid_client":            "invalid_client",
		"login_required":            "login_required",
		"espocrm:bad-token-request": "espocrm:bad-token-request",
		"bad-token-request":         "espocrm:bad-token-request",
		"issuer-mismatch":           "go-oidc:issuer-mismatch",
		"interaction_required":      "interaction_required",
		"oidc: id token issued by a different provider, expected \"a\" got \"b\"": "go-oidc:different-provider",
	} {
		got := Lookup(q)
		if len(got) == 0 || got[0].ID != want {
			t.Errorf("Lookup(%q) = %v, want %s first", q, ids(got), want)
		}
	}
	if got := Lookup("hello world"); got != nil {
		t.Errorf("Lookup(hello world) = %v", ids(got))
	}
	if got := Lookup(""); got != nil {
		t.Errorf("Lookup(\"\") = %v", ids(got))
	}
}

// Every message and exception text of espocrm-oidc.md §10, as it appears in
// a log, resolves to its entry.
var section10 = []struct{ text, want string }{
	{"No client ID.", "no-client-id"},
	{"OIDC: No client ID.", "no-client-id"},
	{"No authorization endpoint.", "no-authorization-endpoint"},
	{"(403)  :: GET /Oidc/authorizationData", "authorization-data-forbidden"},
	{"No token endpoint.", "no-token-endpoint"},
	{"No client secret.", "no-client-secret"},
	{"No username claim in config.", "no-username-claim-config"},
	{"No `userNameRegularExpression` in config.", "no-username-regex"},
	{"JSON Web Key Set endpoint not specified in settings.", "jwks-endpoint-missing"},
	{"Not supported algorithm ES256.", "unsupported-algorithm"},
	{"OIDC: Token request error.; Status: 401; Response: {\"error\":\"invalid_client\"}", "token-request-error"},
	{"OIDC: Token request error.; Status: 0; Response: ", "token-request-network"},
	{"OIDC: Bad token request.; Status: 400; Response: {\"error\":\"invalid_grant\"}", "bad-token-request"},
	{"OIDC: Bad token response.; Status: 502; Response: <html>", "bad-token-response"},
	{"OIDC: JWT parsing error.", "jwt-parsing-error"},
	{"OIDC: JWT parsing error. Too few JWT parts.", "jwt-parsing-error"},
	{"OIDC: JWT parsing error. Bad `nonce`.", "jwt-parsing-error"},
	{"(0) JWT parsing error. :: GET /App/user", "jwt-parsing-exception"},
	{"OIDC: JWT header: {\"alg\":\"RS256\"}", "jwt-debug"},
	{"OIDC: JWT payload: {\"aud\":\"x\"}", "jwt-debug"},
	{"OIDC: JWT expired.", "jwt-expired"},
	{"OIDC: JWT used before allowed time.", "jwt-nbf"},
	{"OIDC: JWT the `aud` field does not contain matching client ID.", "jwt-aud"},
	{"OIDC: JWT does not contain the `sub` value.", "jwt-no-sub"},
	{"OIDC: JWT does not contain the `iss` value.", "jwt-no-iss"},
	{"OIDC: JWT signing algorithm `RS384` not allowed.", "jwt-alg-not-allowed"},
	{"OIDC: JWT signature not verified.", "jwt-signature"},
	{"OIDC: JWKS request error. Status: 0.", "jwks-request-error"},
	{"OIDC: JWKS bad response.", "jwks-bad-response"},
	{"OIDC: Unsupported key Array ( [kty] => EC )", "jwks-unsupported-key"},
	{"Bad JWK value.", "bad-jwk"},
	{"Bad JWK RSE key. No `n` or `e` values.", "bad-jwk"},
	{"Wrong key.", "rsa-key-error"},
	{"Bad RSA public key.", "rsa-key-error"},
	{"RSA public key verify error: error:0480006C:PEM routines", "rsa-key-error"},
	{"Unsupported algorithm PS256.", "unsupported-algorithm"},
	{"OIDC: JWT nonce mismatch.", "jwt-nonce"},
	{"OIDC: No access token received.", "no-access-token"},
	{"OIDC: UserInfo response error.; Status: 401; Response: {}", "userinfo-response-error"},
	{"OIDC: Userinfo request error.", "userinfo-request-error"},
	{"OIDC: Bad userinfo response.", "bad-userinfo-response"},
	{"No username claim `email` in token and userinfo.", "username-claim-missing"},
	{"No username claim `preferred_username` in token.", "username-claim-missing"},
	{"Oidc: User 6650a1b2c3d4e5f60 found but it's not active.", "user-inactive"},
	{"Oidc: User 6650a1b2c3d4e5f60 found but it's neither regular user nor admin.", "user-not-regular"},
	{"Oidc: User 6650a1b2c3d4e5f60 found but it's neither regular user not admin.", "user-not-regular"},
	{"Oidc: User 6650a1b2c3d4e5f60 found but it's not portal user.", "user-not-portal"},
	{"Oidc: User 6650a1b2c3d4e5f60 found but it's not related to current portal.", "user-not-in-portal"},
	{"Oidc: User 6650a1b2c3d4e5f60 found but it's super-admin, not allowed.", "user-super-admin"},
	{"Oidc: User 6650a1b2c3d4e5f60 found but it's admin, not allowed.", "user-admin-not-allowed"},
	{"OIDC: User not found.", "user-not-found"},
	{"Could not create a user. No OIDC username claim in config.", "no-username-claim-config"},
	{"Could not create a user. No username claim in token and userinfo.", "username-claim-missing"},
	{"Could not create a user. No username claim returned in token.", "username-claim-missing"},
	{"No OIDC username claim in config.", "no-username-claim-config"},
	{"No username claim returned in token.", "username-claim-missing"},
	{"Bad username claim returned in token.", "bad-username-claim"},
	// Slim's error middleware logs the TypeErrors RouteProcessor does not catch (one line without printTrace).
	{`Slim Application Error Type: TypeError Code: 0 Message: Espo\Core\Authentication\Oidc\ConfigDataProvider::getAuthorizationMaxAge(): Return value must be of type ?int, string returned File: /var/www/html/application/Espo/Core/Authentication/Oidc/ConfigDataProvider.php Line: 232`, "typeerror-max-age"},
	{`PHP Fatal error:  Uncaught TypeError: Espo\Core\Authentication\Oidc\ConfigDataProvider::getTeamColumns(): Return value must be of type ?stdClass, array returned in /var/www/html/application/Espo/Core/Authentication/Oidc/ConfigDataProvider.php:217`, "typeerror-teams-columns"},
	{`Slim Application Error Type: TypeError Code: 0 Message: Espo\Core\Authentication\Oidc\UserProvider\Sync::normalizeUsername(): Argument #1 ($username) must be of type string, array given`, "typeerror-username-claim"},
	{`Slim Application Error Type: TypeError Code: 0 Message: Espo\Core\Authentication\Oidc\ConfigDataProvider::getJwtSignatureAlgorithmList(): Return value must be of type array, string returned`, "typeerror-config"},
	{`Slim Application Error Type: TypeError Code: 0 Message: array_unshift(): Argument #1 ($array) must be of type array, string given File: /var/www/html/application/Espo/Tools/Oidc/Service.php Line: 90 Trace: #0 /var/www/html/application/Espo/Core/Authentication\Oidc\x.php`, "typeerror-oidc"},
	{"Could not sync user. Username mismatch.", "username-mismatch"},
	{"Value in username claim exceeds max length of `50`. Increase maxLength parameter for User.userName field (up to 255).", "username-too-long"},
	{"No hash.", "no-hash"},
	{"Auth: Forbidden. Max failed login attempts exceeded for IP address 10.0.0.1.", "auth-max-failed-attempts"},
	{"Auth: Forbidden. Not allowed IP address 10.0.0.1, user: jdoe.", "auth-ip-not-allowed"},
	{"Auth: Trying to login to crm as a portal user 'jdoe'.", "auth-portal-user-in-crm"},
	{"Auth: Trying to login to portal as user 'jdoe' which is not portal user.", "auth-not-portal-user"},
	{"Auth: Trying to login to portal as user 'jdoe' which is portal user but does not belong to portal.", "auth-not-in-portal"},
	{"Auth: Trying to login as user 'jdoe' which is not active.", "auth-inactive"},
	{"Auth: Trying to login to crm as a system user 'system'.", "auth-system-user"},
	{"Auth: Trying to login w/o password.", "auth-no-password"},
	{"Auth exception.", "auth-exception"},
	{"Application is in maintenance mode.", "maintenance-mode"},
	{"OIDC logout: JWT header: {}", "logout-jwt-debug"},
	{"OIDC logout: Invalid JWT. No username claim in config.", "logout-invalid-jwt"},
	{"(0)  :: GET /App/user", "empty-exception"},
	{"(0) ; GET /App/user; line: 266, file: /x/Oidc/Login.php", "empty-exception"},
}

func TestEverySection10Message(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range section10 {
		want := "espocrm:" + c.want
		e, ok := MatchMessage(c.text)
		if !ok || e.ID != want {
			t.Errorf("MatchMessage(%q) = %q, want %q", c.text, e.ID, want)
		}
		got := Lookup(c.text)
		if len(got) == 0 {
			t.Errorf("Lookup(%q) found nothing", c.text)
		}
		covered[want] = true
	}
	for _, e := range All() {
		if e.Kind == KindEspoCRM && !covered[e.ID] && e.ID != "espocrm:site-url-mismatch-page" {
			t.Errorf("%s has no case in this test", e.ID)
		}
	}
}

func TestScanFreeText(t *testing.T) {
	mail := `Hi support,
since this morning nobody can log in. The popup says:

  Sign in
  Sorry, but we're having trouble signing you in.
  AADSTS50011: The redirect URI 'https://crm.example.com/oauth-callback.php' specified in the request does not match ...

Our admin found this in the log:
[2026-07-02 09:15:01] WARNING: OIDC: Token request error.; Status: 401; Response: {"error":"invalid_client","error_codes":[7000215]}
and later "OIDC: JWT parsing error. Bad ` + "`exp`" + `." followed by JWT parsing error.
Also our Go tool prints: oidc: issuer did not match the issuer returned by provider, expected "x" got "y"
The URL you use to access EspoCRM doesn't match the URL specified at Administration > Settings > Site URL.
client_secret=abc~DEF8Q and id_token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln
`
	ms := Scan(mail)
	var got []string
	for _, m := range ms {
		got = append(got, m.Entry.ID)
		if strings.Contains(m.Found, "abc~DEF8Q") || strings.Contains(m.Found, "eyJhbGci") {
			t.Errorf("match %s shows a secret: %q", m.Entry.ID, m.Found)
		}
	}
	want := []string{"AADSTS50011", "espocrm:token-request-error", "invalid_client", "AADSTS7000215",
		"espocrm:jwt-parsing-error", "espocrm:jwt-parsing-exception", "go-oidc:issuer-mismatch", "espocrm:site-url-mismatch-page"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Scan found\n  %v\nwant\n  %v", got, want)
	}
	for i := 1; i < len(ms); i++ {
		if ms[i].Offset < ms[i-1].Offset {
			t.Errorf("matches not in text order at %d", i)
		}
	}
}

func TestScanNestedMatchDropped(t *testing.T) {
	ms := Scan("OIDC: JWT parsing error. Bad `aud`.")
	if len(ms) != 1 || ms[0].Entry.ID != "espocrm:jwt-parsing-error" {
		t.Errorf("got %v", matchIDs(ms))
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		`code=0.AXoA1bC2&state=xyz`:                            `code=[redacted]&state=xyz`,
		`{"client_secret":"abc~DEF","x":1}`:                    `{"client_secret":"[redacted]","x":1}`,
		`{"access_token":"eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.sig"}`: `{"access_token":"[redacted JWT]"}`,
		`token eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.c2ln here`:        `token [redacted JWT] here`,
		`Authorization: Bearer abcdefghijklmnop`:               `Authorization: Bearer [redacted]`,
		`password: hunter22`:                                   `password: [redacted]`,
		`AADSTS7000215: Invalid client secret provided.`:       `AADSTS7000215: Invalid client secret provided.`,
		`RuntimeException(code: 0): No client secret.`:         `RuntimeException(code: 0): No client secret.`,
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// jwtRe is the JWT shape the old patterns redacted: none may survive.
var jwtRe = regexp.MustCompile(`eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]*)?`)

func FuzzScan(f *testing.F) {
	f.Add("AADSTS50011 invalid_client OIDC: JWT expired.")
	f.Add("[2026-07-02 09:15:01] ERROR: OIDC: Bad token request.; Status: 400; Response: {\"error_codes\":[54005]}")
	f.Add("code=abc&client_secret=def eyJa.eyJb.c")
	f.Add("\x00\xff\xfe AADSTS")
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range Scan(s) {
			if m.Entry.ID == "" || m.Offset < 0 || m.Offset > len(s) {
				t.Fatalf("bad match %+v", m)
			}
		}
		_ = Lookup(s)
		if r := Redact(s); jwtRe.MatchString(r) {
			t.Fatalf("Redact left a JWT in %q", r)
		}
	})
}

func ids(es []Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func matchIDs(ms []Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Entry.ID)
	}
	return out
}

func TestRequiredLiterals(t *testing.T) {
	for _, e := range compiled() {
		if e.lit != "" && !strings.Contains(strings.ToLower(e.Text), e.lit) && e.Kind == KindEspoCRM {
			// the canonical text must pass the prefilter of its own pattern
			if m, ok := MatchMessage(e.Text); !ok || m.ID != e.ID {
				t.Logf("%s: literal %q not in %q", e.ID, e.lit, e.Text)
			}
		}
	}
	if got := requiredLiteral(`(?i)OIDC: JWT expired\.`); got != "oidc: jwt expired." {
		t.Errorf("literal %q", got)
	}
}

func TestLookupWithoutPrefix(t *testing.T) {
	for q, want := range map[string]string{
		"JWT signature not verified": "espocrm:jwt-signature",
		"JWT expired.":               "espocrm:jwt-expired",
		"User not found":             "espocrm:user-not-found",
		"No client secret":           "espocrm:no-client-secret",
	} {
		got := Lookup(q)
		if len(got) != 1 || got[0].ID != want {
			t.Errorf("Lookup(%q) = %v, want %s", q, ids(got), want)
		}
	}
	if got := UnknownAADSTS("AADSTS50011 and AADSTS12345 and AADSTS99999"); len(got) != 2 || got[0] != 12345 {
		t.Errorf("UnknownAADSTS = %v", got)
	}
}
