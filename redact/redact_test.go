package redact

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

const (
	secret   = "s3cr3t~Value_9xYz.AbCdEf"
	password = "Pa55 w0rd+/&=%\"é"
	clientID = "11111111-2222-3333-4444-555555555555"
)

// fullEscape writes every character of s as \uXXXX (upper or lower hex).
func fullEscape(s string, lower bool) string {
	var b strings.Builder
	for _, r := range s {
		if r > 0xFFFF {
			r1, r2 := (r-0x10000)>>10+0xD800, (r-0x10000)&0x3FF+0xDC00
			fmt.Fprintf(&b, `\u%04X\u%04X`, r1, r2)
			continue
		}
		if lower {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			fmt.Fprintf(&b, `\u%04X`, r)
		}
	}
	return b.String()
}

func pctAll(s string, lower bool) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if lower {
			fmt.Fprintf(&b, "%%%02x", c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func jsonEsc(s string) string {
	j, _ := json.Marshal(s)
	return strings.Trim(string(j), `"`)
}

// forms are the ways an echoing or broken server can give a secret back.
func forms(s string) map[string]string {
	return map[string]string{
		"raw":                   s,
		"json":                  jsonEsc(s),
		"json with \\/":         strings.ReplaceAll(jsonEsc(s), "/", `\/`),
		"full \\u upper":        fullEscape(s, false),
		"full \\u lower":        fullEscape(s, true),
		"query escape":          url.QueryEscape(s),
		"path escape":           url.PathEscape(s),
		"percent lower":         lowerHex(url.QueryEscape(s)),
		"every byte % lower":    pctAll(s, true),
		"every byte % upper":    pctAll(s, false),
		"Go quoted":             strconv.Quote(s),
		"Go quoted ASCII":       strconv.QuoteToASCII(s),
		"json of query escape":  jsonEsc(url.QueryEscape(s)),
		"query of json":         url.QueryEscape(jsonEsc(s)),
		"html refs":             htmlRefs(s),
		"base64":                base64.StdEncoding.EncodeToString([]byte(s)),
		"base64url raw":         base64.RawURLEncoding.EncodeToString([]byte(s)),
		"basic":                 "Basic " + base64.StdEncoding.EncodeToString([]byte(clientID+":"+s)),
		"basic, other id":       base64.StdEncoding.EncodeToString([]byte("ab:" + s)),
		"basic, id of 2":        base64.RawURLEncoding.EncodeToString([]byte("a:" + s + "!")),
		"first part only":       s[:len(s)*2/3],
		"last part only":        s[len(s)/3:],
		"middle, json escaped":  jsonEsc(s[2 : len(s)-2]),
		"form body":             "grant_type=password&client_secret=" + url.QueryEscape(s) + "&scope=openid",
		"form body, lower hex":  "client_id=x&client_secret=" + lowerHex(url.QueryEscape(s)),
		"header-ish":            "Location: https://cb.example/?error=x&echo=" + url.QueryEscape(s),
		"inside a Go net error": fmt.Sprintf("net/http: HTTP/1.x transport connection broken: malformed HTTP status code %q", "client_secret="+url.QueryEscape(s)+"&x=1"),
	}
}

// lowerHex writes the hex digits of percent escapes in lower case.
func lowerHex(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1], b[i+2] = strings.ToLower(string(b[i+1]))[0], strings.ToLower(string(b[i+2]))[0]
		}
	}
	return string(b)
}

func htmlRefs(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i%2 == 0 {
			fmt.Fprintf(&b, "&#%d;", r)
		} else {
			fmt.Fprintf(&b, "&#x%x;", r)
		}
	}
	return b.String()
}

// leaks reports which run of the secret (Window bytes, or the window for a
// short secret) is still in out, in any decoded reading of it.
func leaks(out, s string) string {
	w := window(len(s))
	vs := views([]byte(out))
	for _, v := range vs.v[:vs.n] {
		f := string(fold(v.b))
		sf := string(fold([]byte(s)))
		for i := 0; i+w <= len(sf); i++ {
			if strings.Contains(f, sf[i:i+w]) {
				return sf[i : i+w]
			}
		}
	}
	for _, c := range base64Cores(s) {
		if strings.Contains(out, string(c)) {
			return string(c)
		}
	}
	return ""
}

func TestSecretForms(t *testing.T) {
	set := New(secret, password)
	for _, s := range []string{secret, password} {
		for name, f := range forms(s) {
			in := `{"error":"invalid_request","echo":"` + f + `"} and after`
			if leaks(in, s) == "" {
				t.Fatalf("%s: the checker does not see the secret in %q", name, in)
			}
			out := set.String(in)
			if l := leaks(out, s); l != "" {
				t.Errorf("%s of %q: %q still shows %q", name, s, out, l)
			}
			if !strings.Contains(out, "invalid_request") || !strings.HasSuffix(out, "and after") {
				t.Errorf("%s: too much removed: %q", name, out)
			}
		}
	}
}

func TestSecretFormsShapeless(t *testing.T) {
	// the forms, alone, where no key or shape points at them
	set := New(secret)
	for name, f := range forms(secret) {
		if out := set.String("x " + f + " y"); leaks(out, secret) != "" || !strings.HasPrefix(out, "x ") {
			t.Errorf("%s: %q", name, out)
		}
	}
}

func TestShortSecretWholeOnly(t *testing.T) {
	set := New("abcd", "abc")
	if got := set.String("abcd abc ab"); got != "[redacted] abc ab" {
		t.Errorf("got %q", got)
	}
	if set.Len() != 1 {
		t.Errorf("Len = %d, want 1 (values under MinSecret are not tracked)", set.Len())
	}
}

func TestPartialRuns(t *testing.T) {
	set := New(secret)
	// Window-1 characters may show; Window may not
	short := secret[3 : 3+Window-1]
	if got := set.String("x" + short + "y"); got != "x"+short+"y" {
		t.Errorf("a run of %d was redacted: %q", Window-1, got)
	}
	long := secret[3 : 3+Window]
	if got := set.String("x" + long + "y"); got != "x[redacted]y" {
		t.Errorf("a run of %d shows: %q", Window, got)
	}
}

func TestShapes(t *testing.T) {
	cases := map[string]string{
		// the cases explain.Redact always had
		`code=0.AXoA1bC2&state=xyz`:                            `code=[redacted]&state=xyz`,
		`{"client_secret":"abc~DEF","x":1}`:                    `{"client_secret":"[redacted]","x":1}`,
		`{"access_token":"eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.sig"}`: `{"access_token":"[redacted JWT]"}`,
		`token eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.c2ln here`:        `token [redacted JWT] here`,
		`Authorization: Bearer abcdefghijklmnop`:               `Authorization: Bearer [redacted]`,
		`password: hunter22`:                                   `password: [redacted]`,
		`AADSTS7000215: Invalid client secret provided.`:       `AADSTS7000215: Invalid client secret provided.`,
		`RuntimeException(code: 0): No client secret.`:         `RuntimeException(code: 0): No client secret.`,
		// issue 10, item 5
		"[client_secret] => X1y2Z3\n    [x] => 1":                                           "[client_secret] => [redacted]\n    [x] => 1",
		`'client_secret' => 'X1 y2, Z3', 'x' => 1`:                                          `'client_secret' => '[redacted]', 'x' => 1`,
		`clientSecret=X1y2Z3`:                                                               `clientSecret=[redacted]`,
		`body client_secret%3DX1y2Z3%26scope%3Dopenid`:                                      `body client_secret%3D[redacted]`,
		`body client_secret%3dX1y2Z3`:                                                       `body client_secret%3d[redacted]`,
		`password=hunter 22, and more`:                                                      `password=[redacted]`,
		`client_secret: hunter 22, more`:                                                    `client_secret: [redacted]`,
		`"password": "hunter 22, more", "x": 1`:                                             `"password": "[redacted]", "x": 1`,
		`id eyAidHlwIjoiSldUIn0.eyAic3ViIjoiMSJ9.c2ln end`:                                  `id [redacted JWT] end`,
		"id ewogImFsZyI6IlJTMjU2In0.ewogInN1YiI6IjEifQ.c2ln":                                "id [redacted JWT]",
		`Authorization: Digest username="bob", response="6629fae49393a05397450978507c4ef1"`: `Authorization: Digest [redacted]`,
		`Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==`:                           `Proxy-Authorization: Basic [redacted]`,
		`sent Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ== to it`:                                     `sent Basic [redacted] to it`,
		`Basic authentication failed`:                                                       `Basic authentication failed`,
		`Cookie: session=abc; other=def`:                                                    `Cookie: [redacted]`,
		// more syntaxes
		`smtpPassword = 'x y'`:                                         `smtpPassword = '[redacted]'`,
		`"oidcClientSecret" => "abc\"def", "k" => 1`:                   `"oidcClientSecret" => "[redacted]", "k" => 1`,
		`{\"client_secret\":\"abc\",\"x\":1}`:                          `{\"client_secret\":\"[redacted]\",\"x\":1}`,
		`s:13:"client_secret";s:6:"abcdef";s:1:"x";`:                   `s:13:"client_secret";s:6:"[redacted]";s:1:"x";`,
		"[\"password\"]=>\n  string(6) \"abcdef\"\n":                   "[\"password\"]=>\n  string(6) \"[redacted]\"\n",
		`https://cb.example/?code=abc&state=s1`:                        `https://cb.example/?code=[redacted]&state=s1`,
		`<a href="https://cb/?code=abc">x</a>`:                         `<a href="https://cb/?code=[redacted]">x</a>`,
		`DB_PASSWORD=abc`:                                              `DB_PASSWORD=[redacted]`,
		`refresh_token=0.AXo&x=1`:                                      `refresh_token=[redacted]&x=1`,
		`"id_token": null`:                                             `"id_token": null`,
		`oidcTokenEndpoint: https://login/token`:                       `oidcTokenEndpoint: https://login/token`,
		`error_code=50011`:                                             `error_code=50011`,
		`Invalid token: expired`:                                       `Invalid token: expired`,
		`token=abcdef`:                                                 `token=[redacted]`,
		`client_credentials: HTTP 401`:                                 `client_credentials: HTTP 401`,
		`InvalidAuthenticationToken: Access token validation failure.`: `InvalidAuthenticationToken: Access token validation failure.`,
		`access_token: 0.AXoA-bC2 rest`:                                `access_token: [redacted] rest`,
		`claims=%7B%22id_token%22%3A%7B%22groups%22%3A%7B%22essential%22%3Atrue%7D%7D%7D`: `claims=%7B%22id_token%22%3A%7B%22groups%22%3A%7B%22essential%22%3Atrue%7D%7D%7D`,
		`{"id_token":{"groups":null},"access_token":"abc"}`:                               `{"id_token":{"groups":null},"access_token":"[redacted]"}`,
		`"token":"abcdef"`: `"token":"[redacted]"`,
		// URL userinfo
		`see https://admin:pw@espo.example/x`:    `see https://[redacted]@espo.example/x`,
		`ldap://cn=a,dc=b:secret@ldap.example:1`: `ldap://[redacted]@ldap.example:1`,
		`mail me: bob@example.com`:               `mail me: bob@example.com`,
		`https://espo.example/a@b`:               `https://espo.example/a@b`,
		// PEM
		"-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----": "-----BEGIN PRIVATE KEY-----[redacted]-----END PRIVATE KEY-----",
		// prose stays
		`the eyebrows.example host`:               `the eyebrows.example host`,
		`they.said ok`:                            `they.said ok`,
		`OIDC: Bad token request.; Status: 401`:   `OIDC: Bad token request.; Status: 401`,
		`token_type=Bearer&expires_in=3599`:       `token_type=Bearer&expires_in=3599`,
		`"token_endpoint_auth_methods_supported"`: `"token_endpoint_auth_methods_supported"`,
	}
	for in, want := range cases {
		if got := String(in); got != want {
			t.Errorf("String(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

func TestHeaders(t *testing.T) {
	set := New(secret)
	h := http.Header{
		"Location":      {"https://cb.example/?x=" + url.QueryEscape(secret)},
		"Content-Type":  {"text/plain; charset=" + jsonEsc(secret)},
		"Authorization": {"Bearer abc"},
		"Set-Cookie":    {"s=1"},
		"X-Echo":        {"client_secret=" + lowerHex(url.QueryEscape(secret))},
	}
	out := set.Header(h)
	for k, vs := range out {
		for _, v := range vs {
			if l := leaks(v, secret); l != "" {
				t.Errorf("%s: %q shows %q", k, v, l)
			}
		}
	}
	if hh := http.Header(out); hh.Get("Authorization") != "Bearer [redacted]" || hh.Get("Set-Cookie") != Mark {
		t.Errorf("credential headers: %v", out)
	}
	if h.Get("Authorization") != "Bearer abc" {
		t.Error("Header changed its argument")
	}
}

func TestError(t *testing.T) {
	set := New(secret)
	inner := &url.Error{Op: "Post", URL: "https://idp.example/token", Err: fmt.Errorf("malformed HTTP response %q", "client_secret="+url.QueryEscape(secret))}
	err := set.Error(inner)
	if l := leaks(err.Error(), secret); l != "" {
		t.Errorf("%q shows %q", err, l)
	}
	var ue *url.Error
	if !errors.As(err, &ue) {
		t.Error("the wrapped error is not reachable")
	}
	if set.Error(nil) != nil {
		t.Error("Error(nil) != nil")
	}
}

func TestLeak(t *testing.T) {
	set := New(secret)
	if got := set.Leak([]byte("nothing here")); got != "" {
		t.Errorf("Leak = %q", got)
	}
	if got := set.Leak([]byte(fullEscape(secret, true))); got != Fingerprint(secret) {
		t.Errorf("Leak = %q, want %q", got, Fingerprint(secret))
	}
	if (*Set)(nil).Leak([]byte(secret)) != "" {
		t.Error("nil set found a leak")
	}
}

func TestClaims(t *testing.T) {
	set := New(secret)
	in := map[string]any{"nonce": "n1", "at_hash": "h", "c_hash": "c", "sid": "s", "jti": "j", "name": "Bob " + secret,
		"nested": map[string]any{"nonce": "n2", "v": []any{"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}}, "groups": []any{"g1"}, "n": 3.0,
		"client_secret": "x", "refresh_token": "y"}
	out := set.Claims(in)
	for _, k := range []string{"nonce", "at_hash", "c_hash", "sid", "jti", "client_secret", "refresh_token"} {
		if out[k] != Fingerprint(fmt.Sprint(in[k])) {
			t.Errorf("%s = %v", k, out[k])
		}
	}
	if out["name"] != "Bob [redacted]" || out["n"] != 3.0 || fmt.Sprint(out["groups"]) != "[g1]" {
		t.Errorf("claims: %v", out)
	}
	nested := out["nested"].(map[string]any)
	if nested["nonce"] != Fingerprint("n2") || fmt.Sprint(nested["v"]) != "["+MarkJWT+"]" {
		t.Errorf("nested: %v", nested)
	}
	for name, want := range map[string]bool{"nonce": true, "Nonce": true, "oidcClientSecret": true, "smtpPassword": true, "passwordSalt": true,
		"id_token": true, "oidcTokenEndpoint": false, "authTokenLifetime": false, "email": false, "sub": false, "code": false, "secret.password": true} {
		if HiddenClaim(name) != want {
			t.Errorf("HiddenClaim(%q) = %v", name, !want)
		}
	}
}

func TestStripUserinfo(t *testing.T) {
	cases := []struct {
		in, want string
		had      bool
	}{
		{"https://user:pw@espo.example/api", "https://espo.example/api", true},
		{"https://user@espo.example", "https://espo.example", true},
		{"https://espo.example/a@b", "https://espo.example/a@b", false},
		{"http://u:p%40x@127.0.0.1:8080/x?y=1", "http://127.0.0.1:8080/x?y=1", true},
		{"https://espo.example", "https://espo.example", false},
		{"not a url u:p@host", "not a url u:p@host", false},
		{"https://a:b@exa mple/", "https://exa mple/", true},
	}
	for _, c := range cases {
		got, had := StripUserinfo(c.in)
		if got != c.want || had != c.had {
			t.Errorf("StripUserinfo(%q) = %q, %v; want %q, %v", c.in, got, had, c.want, c.had)
		}
	}
	if got := New().URL("https://u:pw@h/cb?code=abc&client_secret=def&x=1"); got != "https://h/cb?code=[redacted]&client_secret=[redacted]&x=1" {
		t.Errorf("URL = %q", got)
	}
}

func TestFingerprint(t *testing.T) {
	if Fingerprint("") != "(empty)" || Fingerprint("abc") != "[redacted: 3 chars, sha256 ba7816bf]" {
		t.Errorf("Fingerprint: %q", Fingerprint("abc"))
	}
}

func TestUTF8Kept(t *testing.T) {
	set := New("ééééé")
	out := set.String("x éééééé y")
	if !strings.HasPrefix(out, "x ") || strings.Contains(out, "é") || !strings.HasSuffix(out, " y") {
		t.Errorf("got %q", out)
	}
}

func TestConcurrent(t *testing.T) {
	set := New(secret)
	done := make(chan bool)
	for i := range 4 {
		go func() {
			for j := range 50 {
				set.Add(fmt.Sprintf("another-secret-%d-%d", i, j))
				if strings.Contains(set.String("x "+secret), secret) {
					t.Error("leak")
				}
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}

func TestWholeAndLeak(t *testing.T) {
	const canary = "CANARY~8Q~clientSecret.Value_9xYz"
	whole := NewWhole(canary)
	if got := whole.String("oidcClientSecret is set; " + canary); got != "oidcClientSecret is set; [redacted]" {
		t.Errorf("whole: %q", got)
	}
	part := New(canary)
	if got := part.String("x " + canary[:20]); got != "x [redacted]" {
		t.Errorf("partial: %q", got)
	}
	// Leak counts whole secrets only, in any form
	if part.Leak([]byte("oidcClientSecret")) != "" || part.Leak([]byte(canary[:20])) != "" {
		t.Error("Leak counts a run of the secret")
	}
	if part.Leak([]byte(lowerHex(url.QueryEscape(canary)))) == "" || whole.Leak([]byte(fullEscape(canary, false))) == "" {
		t.Error("Leak misses an encoded secret")
	}
}

// A cookie that begins with the base64 of the time (gorilla/securecookie,
// as Ory Hydra sets it) shares a run with an ID token of the same second:
// added whole, the token stays intact and the cookie itself is removed.
func TestAddWhole(t *testing.T) {
	cookie := "MTc5NjI1MjA5OHw4ZmV2ckRDU1NqU1F1VURHZzlKWW96c3hUb2M0TVp5S3BQV1gy"
	token := `{"id_token":"eyJhbGciOiJSUzI1NiJ9.eyJhdXRoX3RpbWUiOjE3OTYyNTIwNjZ9.c2ln"}`
	partial := New()
	partial.Add(cookie)
	if got := partial.String("MTc5NjI1MjA2Nnx4"); got == "MTc5NjI1MjA2Nnx4" {
		t.Fatalf("the premise: a run of the cookie is redacted by Add, got %q", got)
	}
	set := New()
	set.AddWhole(cookie)
	if got := string(set.Known([]byte(token))); got != token {
		t.Errorf("the token was changed: %q", got)
	}
	if got := set.String("seen " + cookie + " here"); got != "seen [redacted] here" {
		t.Errorf("the cookie shows: %q", got)
	}
}

// The base64 cores are worked out only when a text has a long enough base64
// run, for every secret of the set, short and long, and added later too.
func TestBase64CoresOnDemand(t *testing.T) {
	short, long := "pw12345678", "CANARY-long-client-secret-value~0123456789"
	s := New(short)
	if got := s.String("nothing base64 here: a b c"); got != "nothing base64 here: a b c" {
		t.Fatalf("clean text changed: %q", got)
	}
	s.Add(long)
	for _, sec := range []string{short, long} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			in := "blob " + enc.EncodeToString([]byte("user:"+sec)) + " end"
			if String(in) != in {
				t.Fatalf("%q: shapes alone change it; the test would not see the cores", in)
			}
			out := s.String(in)
			if strings.Contains(out, enc.EncodeToString([]byte("user:" + sec))[8:]) || !strings.HasSuffix(out, " end") {
				t.Errorf("%q: base64 form of %q not removed: %q", in, sec, out)
			}
		}
	}
	if minCore(2) != 0 || minCore(8) != 8 || minCore(9) != 8 || minCore(10) != 8 || minCore(11) != 12 {
		t.Errorf("minCore bounds wrong")
	}
}

// A base64 form is found whatever bytes of the other alphabet surround it
// (the search is skipped only for texts without a long enough run of one
// alphabet): std forms with '+' and '/' between '-' and '_', url forms
// between '+' and '/', and both inside a path.
func TestBase64FormsAmongOtherAlphabet(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 16))
	for n := range 300 {
		sec := make([]byte, 12+n%40)
		for i := range sec {
			sec[i] = byte(rng.IntN(256))
		}
		s := New(string(sec))
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			form := enc.EncodeToString(append([]byte("id:"), sec...))
			for _, wrap := range [][2]string{{"a-_-", "_-b"}, {"a+/+", "/+b"}, {"testdata/instances/entra-guide/", "/data-x.php"}, {"", ""}} {
				in := wrap[0] + form + wrap[1]
				out := s.String(in)
				if strings.Contains(out, form[8:len(form)-8]) {
					t.Fatalf("secret %x: %q not removed from %q: %q", sec, form, in, out)
				}
			}
		}
	}
}

// base64Cores in one buffer gives the cores the encoding of each alignment
// gives, once each.
func TestBase64CoresAsEncoded(t *testing.T) {
	for _, v := range []string{"abcd", "abcdef", "db-Pa55word!", "0123456789abcdef", "\xff\xfe\xfd>>>???~~~", secret, password} {
		var want [][]byte
		for k := range 3 {
			u := v[k:]
			u = u[:len(u)/3*3]
			if len(u) < 6 {
				continue
			}
			for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
				c := []byte(enc.EncodeToString([]byte(u)))
				if !slices.ContainsFunc(want, func(o []byte) bool { return bytes.Equal(o, c) }) {
					want = append(want, c)
				}
			}
		}
		got := base64Cores(v)
		if !slices.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("base64Cores(%q) = %q, want %q", v, got, want)
		}
	}
}

// Leak names the secret that comes first in the text, whichever was added
// first.
func TestLeakNamesFirstInText(t *testing.T) {
	s := NewWhole("AAAA1111", "BBBB2222", "cccccccccccccccccc")
	if got, want := s.Leak([]byte("x BBBB2222 AAAA1111")), Fingerprint("BBBB2222"); !strings.Contains(got, want) {
		t.Fatalf("Leak = %q, want the fingerprint of BBBB2222 %q", got, want)
	}
}

// The shape memo gives every text its own shapes, whoever else looks texts
// up at the same time and however many texts share its slots.
func TestShapeMemo(t *testing.T) {
	texts := []string{
		"Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789",
		"see https://admin:hunter2hunter2@idp.example/realms/x",
		"token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl",
		"client_secret=s3cr3t-value-here&grant_type=authorization_code",
		"nothing to see here",
		"",
	}
	want := make([][]hit, len(texts))
	for i, s := range texts {
		want[i], _ = shapeHits([]byte(s))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 3000 {
				i := (g + n) % len(texts)
				if n%3 == 0 {
					// a text seen once, taking some slot from the others
					u := fmt.Sprintf("unique %d/%d: password=%08d", g, n, n)
					got, _ := shapeHits([]byte(u))
					if h := (*Set)(nil).find([]byte(u)); !reflect.DeepEqual(h, got) {
						t.Errorf("%q: %v, want %v", u, h, got)
						return
					}
				}
				if h := (*Set)(nil).find([]byte(texts[i])); !reflect.DeepEqual(h, want[i]) {
					t.Errorf("%q: %v, want %v", texts[i], h, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}
