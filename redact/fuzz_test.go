package redact

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// encodeAs puts the secret in text in one of the forms an answer can take.
func encodeAs(s string, form uint8) string {
	switch form % 9 {
	case 0:
		return s
	case 1:
		return jsonEsc(s)
	case 2:
		return fullEscape(s, form&0x10 != 0)
	case 3:
		return lowerHex(url.QueryEscape(s))
	case 4:
		return url.QueryEscape(s)
	case 5:
		return strconv.Quote(s)
	case 6:
		return base64.StdEncoding.EncodeToString([]byte("id:" + s))
	case 7:
		return htmlRefs(s)
	default:
		return pctAll(s, form&0x10 != 0)
	}
}

// FuzzSet: a known secret, put in any text in any supported form, never
// shows (no run of window(len) of it, in no decoded reading), and the text
// around it survives.
func FuzzSet(f *testing.F) {
	f.Add("prefix ", " suffix", "s3cr3t~Value_9xYz", uint8(0))
	f.Add(`{"error":"`, `"}`, "Pa55 w0rd+/&=%\"é", uint8(1))
	f.Add("HTTP/1.1 ", "\r\n", "CANARY~8Q~clientSecret", uint8(2))
	f.Add("client_secret=", "&x=1", "CANARY-db-P@ss w0rd&x=1", uint8(3))
	f.Add("", "", "abcd", uint8(5))
	f.Add("Authorization: Basic ", "", "CANARYuserPassw0rd!%&", uint8(6))
	f.Add("<p>", "</p>", "p\u00e9p\u00e9p\u00e9", uint8(7))
	f.Add("%", "%", "%41%42%43%44", uint8(8))
	f.Fuzz(func(t *testing.T, before, after, secret string, form uint8) {
		if len(secret) < MinSecret || len(secret) > 200 || !utf8.ValidString(secret) || len(before)+len(after) > 2000 {
			return
		}
		// a secret that is part of the marks cannot be told from them
		if strings.ContainsAny(secret, "[]()") || strings.Contains(MarkJWT+Fingerprint(secret), secret) {
			return
		}
		set := New(secret)
		in := before + encodeAs(secret, form) + after
		out := set.String(in)
		if l := leaks(out, secret); l != "" {
			t.Fatalf("form %d of %q in %q: %q still shows %q", form%9, secret, in, out, l)
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", in, out)
		}
		if set.Leak([]byte(out)) != "" && leaks(out, secret) == "" {
			// Leak and String must agree on what a secret is
			t.Fatalf("Leak finds a secret String left in %q", out)
		}
	})
}

// FuzzString: shape-only redaction of any text never panics, never leaves
// a JWT-shaped string, keeps valid UTF-8 valid and is stable.
func FuzzString(f *testing.F) {
	for in := range casesForFuzz() {
		f.Add(in)
	}
	f.Add("\x00\xff\xfe eyJ \\u00")
	f.Add(`%3 %% \u12 \UFFFFFFFF &#x110000; &#;`)
	f.Fuzz(func(t *testing.T, in string) {
		if len(in) > 4000 {
			return
		}
		out := String(in)
		for _, m := range jwtRe().FindAllStringIndex(out, -1) {
			if isJWT([]byte(out[m[0]:m[1]])) {
				t.Fatalf("a JWT is left in %q: %q", out, out[m[0]:m[1]])
			}
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q: %q", in, out)
		}
		if strings.Count(out, Mark)+strings.Count(out, MarkJWT) > len(in)+1 {
			t.Fatalf("more marks than bytes: %q", out)
		}
	})
}

func casesForFuzz() map[string]bool {
	return map[string]bool{
		`code=0.AXoA1bC2&state=xyz`:                          true,
		`{"access_token":"eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.s"}`: true,
		"[client_secret] => X1y2Z3\n    [x] => 1":            true,
		`'client_secret' => 'X1 y2, Z3', 'x' => 1`:           true,
		`body client_secret%3DX1y2Z3%26scope%3Dopenid`:       true,
		`Authorization: Digest username="bob", response="6"`: true,
		`see https://admin:pw@espo.example/x`:                true,
		"s:13:\"client_secret\";s:6:\"abcdef\";":             true,
		`{\"client_secret\":\"abc\",\"x\":1}`:                true,
	}
}

// FuzzFindKeys: the linear key scanner finds exactly what the regular
// expression it replaces finds (on ASCII, where (?i) has no Unicode folds).
func FuzzFindKeys(f *testing.F) {
	for in := range casesForFuzz() {
		f.Add(in)
	}
	f.Add("a.password.secret-token_x.-salt mypwd Secretkeys secretkeyz")
	re := regexp.MustCompile(`(?i)\b([a-z0-9_.\-]*?)(` + keyWordList + `)\b`)
	f.Fuzz(func(t *testing.T, in string) {
		for i := 0; i < len(in); i++ {
			if in[i] >= 0x80 {
				return
			}
		}
		want := re.FindAllStringSubmatchIndex(in, -1)
		got := findKeys([]byte(in))
		if fmt.Sprint(got) != fmt.Sprint(want) && !(len(got) == 0 && len(want) == 0) {
			t.Fatalf("findKeys(%q)\n got %v\nwant %v", in, got, want)
		}
	})
}

// FuzzWholeSearch: whole secrets found by a plain search are what the
// position-by-position lookup finds, in every reading of the text, next to
// secrets whose runs are looked up.
func FuzzWholeSearch(f *testing.F) {
	f.Add("client_secret=abcd1234&x=abcd1234abcd1234", "abcd1234", "zzzz", "Pa55+w0rd", uint8(0))
	f.Add(`{"a":"s3cr3t\u0041xyz"}`, "s3cr3tAxyz", "xyz1", "a long secret value here", uint8(1))
	f.Add("aaaaaaaaaa%61%61 a+a", "aaaa", "aaaaa", "a a a", uint8(2))
	f.Fuzz(func(t *testing.T, text, a, b, c string, mode uint8) {
		if len(text) > 2000 || len(a)+len(b)+len(c) > 300 {
			return
		}
		build := func() *Set {
			var s *Set
			if mode&1 == 0 {
				s = NewWhole(a, b)
			} else {
				s = New(a)
				s.AddWhole(b)
			}
			if mode&2 != 0 {
				s.Add(c)
			} else {
				s.AddWhole(c)
			}
			return s
		}
		fast := build().String(text)
		slowWholeSearch = true
		slow := build().String(text)
		slowWholeSearch = false
		if fast != slow {
			t.Fatalf("secrets %q %q %q (mode %d) in %q: plain search %q, lookup %q", a, b, c, mode, text, fast, slow)
		}
	})
}
