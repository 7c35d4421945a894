package espo

import (
	"encoding/json"
	"strings"
	"testing"
)

func claims(t *testing.T, js string) map[string]any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(js))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// Each case cites the line of Jwt/Token/Payload.php (10.0.0, or 8.0.0 for
// the pre-8.1 int-only checks) that gives the verdict.
func TestPayloadParseError(t *testing.T) {
	cases := []struct {
		ver, js, want string
	}{
		{"10.0.0", `{"iss":"i","aud":"c"}`, "Bad `sub`."},                         // Payload.php:171: sub missing while iss is present
		{"10.0.0", `{"iss":"i","sub":123,"aud":"c"}`, "Bad `sub`."},               // :171
		{"10.0.0", `{"aud":"c"}`, ""},                                             // no iss: no parse error (TokenValidator denies later)
		{"10.0.0", `{"iss":1,"sub":"s"}`, "Bad `iss`."},                           // :175
		{"10.0.0", `{"iss":"i","sub":"s","aud":123}`, "Bad `aud`."},               // :179: an int aud
		{"10.0.0", `{"iss":"i","sub":"s","aud":{"a":1}}`, "Bad `aud`."},           // :179: an object aud
		{"10.0.0", `{"iss":"i","sub":"s","aud":[1,true]}`, ""},                    // elements are not checked
		{"10.0.0", `{"iss":"i","sub":"s","exp":"1700000000"}`, ""},                // :183 is_numeric: a numeric string is fine
		{"10.0.0", `{"iss":"i","sub":"s","exp":"soon"}`, "Bad `exp`."},            // :183
		{"10.0.0", `{"iss":"i","sub":"s","nbf":true}`, "Bad `nbf`."},              // :191
		{"8.1.0", `{"iss":"i","sub":"s","exp":1.7e9}`, ""},                        // 8.1.0 :182 is_numeric
		{"8.0.6", `{"iss":"i","sub":"s","exp":"1700000000"}`, "No or bad `exp`."}, // 8.0.0 :183 is_int
		{"7.3.1", `{"iss":"i","sub":"s","exp":1700000000.5}`, "No or bad `exp`."},
		{"7.3.1", `{"iss":"i","sub":"s","exp":1700000000}`, ""},
		{"10.0.0", `{"iss":"i","sub":"s","nonce":5}`, "Bad `nonce`."}, // :195
		{"10.0.0", `{"iss":"i","sub":"s","sid":[]}`, "Bad `sid`."},    // :203
	}
	for _, c := range cases {
		pe := PayloadParseError(claims(t, c.js), V(c.ver))
		got := ""
		if pe != nil {
			got = pe.Message
			if !strings.HasPrefix(pe.LogLine(), "OIDC: JWT parsing error. ") || !strings.Contains(pe.Source, "Payload.php:") {
				t.Errorf("%s: %+v", c.js, pe)
			}
		}
		if got != c.want {
			t.Errorf("%s at %s: got %q, want %q", c.js, c.ver, got, c.want)
		}
	}
	if pe := HeaderParseError(map[string]any{"alg": "RS256", "kid": 5.0}); pe == nil || pe.Message != "Bad `kid` in JWT header." {
		t.Errorf("kid: %+v", pe) // Header.php:108
	}
	if pe := HeaderParseError(map[string]any{"kid": "k"}); pe == nil || pe.Message != "No or bad `alg` in JWT header." {
		t.Errorf("alg: %+v", pe) // Header.php:96
	}
}

// Jwt/Validator.php:60 "if ($exp && ...)": exp 0 is skipped; Payload.php:206
// casts numeric strings and floats with (int).
func TestTimeClaim(t *testing.T) {
	c := claims(t, `{"a":0,"b":"0","c":"1700000000.9","d":1700000000.9,"e":"1e3","f":null,"g":" 42 ","h":"x"}`)
	want := map[string][2]int64{"a": {0, 1}, "b": {0, 1}, "c": {1700000000, 1}, "d": {1700000000, 1}, "e": {1000, 1}, "f": {0, 0}, "g": {42, 1}, "h": {0, 0}, "z": {0, 0}}
	for k, w := range want {
		n, ok := TimeClaim(c, k)
		if n != w[0] || ok != (w[1] == 1) {
			t.Errorf("%s: got %d %v, want %v", k, n, ok, w)
		}
	}
}

// Keys/Rsa.php:56 and :60; KeysProvider.php:66-70 catches only
// UnsupportedKey, so the first bad RSA key fails the whole set.
func TestJWKSError(t *testing.T) {
	var keys []any
	if err := json.Unmarshal([]byte(`[{"kty":"EC","crv":"P-256"},{"kty":"RSA","kid":"a","n":"x","e":"AQAB"},{"kty":"RSA","n":"y","e":"AQAB"}]`), &keys); err != nil {
		t.Fatal(err)
	}
	if msg, _ := JWKSError(keys); msg != "Bad JWK value." {
		t.Errorf("kid-less RSA key: %q", msg)
	}
	if msg, kid := JWKSError(keys[:2]); msg != "" || kid != "" {
		t.Errorf("EC keys are skipped: %q", msg)
	}
	var noN []any
	_ = json.Unmarshal([]byte(`[{"kty":"RSA","kid":"b","e":"AQAB"}]`), &noN)
	if msg, kid := JWKSError(noN); msg != "Bad JWK RSE key. No `n` or `e` values." || kid != "b" {
		t.Errorf("no n: %q %q", msg, kid)
	}
}

// DefaultUserProvider.php:80 (!$username) and Sync.php:141-142 (is_string).
func TestUsernameClaim(t *testing.T) {
	c := claims(t, `{"zero":"0","num":12345,"arr":["a"],"ok":"jdoe"}`)
	cases := []struct {
		claim               string
		ver                 string
		found, create, sync bool
		fails               bool
		msg                 string
	}{
		{"zero", "10.0.0", false, false, false, true, "No username claim `zero` in token and userinfo."},
		{"missing", "9.0.8", false, false, false, true, "No username claim `missing` in token."},
		{"num", "10.0.0", true, false, false, false, ""},
		{"num", "10.0.0", false, true, false, true, "Bad username claim returned in token."},
		{"num", "10.0.0", true, false, true, true, "Bad username claim returned in token."},
		{"arr", "10.0.0", true, false, false, true, "Espo\\Core\\Authentication\\Oidc\\UserProvider\\Sync::normalizeUsername(): Argument #1 ($username) must be of type string, array given"},
		{"ok", "10.0.0", false, true, true, false, ""},
	}
	for _, x := range cases {
		o := UsernameClaim(x.claim, c[x.claim], V(x.ver), x.found, x.create, x.sync, false)
		if o.Fails != x.fails || o.Message != x.msg {
			t.Errorf("%s: %+v", x.claim, o)
		}
	}
}

// Sync.php:167 in_array without strict, :164-168 an empty group maps
// everyone; TokenValidator.php:77 loose aud.
func TestLooseMatching(t *testing.T) {
	g := claims(t, `{"groups":["123",45,"abc"],"one":"0123"}`)
	if !GroupMatches("0123", g["groups"]) || GroupMatches("45", g["groups"]) || !GroupMatches("123", g["one"]) || !GroupMatches("0", g["groups"]) || GroupMatches("x", nil) {
		t.Error("group matching")
	}
	a := claims(t, `{"s":"0123","l":[true],"n":[123]}`)
	if !AudienceMatches("123", a["s"]) || !AudienceMatches("anything", a["l"]) || !AudienceMatches("123", a["n"]) || AudienceMatches("124", a["n"]) {
		t.Error("aud matching")
	}
}
