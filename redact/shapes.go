package redact

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"
	"sync"
)

// The policy's regular expressions are compiled each when first needed: start-up
// pays nothing for them, and a run whose texts never pass an expression's
// cheap pre-test (no "://", no "ey" and '.', ...) never compiles it.
var (
	// schemeRe finds an authentication scheme with its credentials.
	schemeRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(Bearer|Basic|Digest|Negotiate|NTLM|DPoP|HOBA|Mutual|AWS4-HMAC-SHA256)[ \t]+([A-Za-z0-9._~+/=\-]+)`)
	})
	// jwtRe finds JWT-shaped strings (a JSON header in base64url: eyJ, eyA,
	// ew...), JWS and JWE; isJWT confirms the header.
	jwtRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`e[wy][A-Za-z0-9_\-]{2,}\.[A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]*){0,3}`)
	})
	// userinfoRe finds the userinfo of a URL.
	userinfoRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.\-]*://([^/?#\s@"'<>\[\]{}|\\^` + "`" + `]+)@`)
	})
	// pemRe finds a PEM private key.
	pemRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----`) })
)

// shapes adds the credential-shaped regions of v (mapped to the original
// text) to hits.
func shapes(v *view, hits []hit) []hit {
	b := v.b
	add := func(lo, hi int, jwt bool) {
		if hi <= lo {
			return
		}
		rl, rh := v.raw(lo, hi)
		hits = append(hits, hit{lo: rl, hi: rh, jwt: jwt, secret: -1})
	}
	{
		covered := 0 // keys inside a value already redacted are skipped (linear time)
		for _, m := range findKeys(b) {
			if m[0] < covered {
				continue
			}
			lo, hi := keyValue(b, m)
			add(lo, hi, false)
			covered = max(covered, hi)
		}
	}
	if bytes.IndexByte(b, '.') >= 0 && (bytes.Contains(b, []byte("ey")) || bytes.Contains(b, []byte("ew"))) {
		for _, m := range jwtRe().FindAllIndex(b, -1) {
			if isJWT(b[m[0]:m[1]]) {
				add(m[0], m[1], true)
			}
		}
	}
	if bytes.Contains(b, []byte("://")) {
		for _, m := range userinfoRe().FindAllSubmatchIndex(b, -1) {
			add(m[2], m[3], false)
		}
	}
	if bytes.Contains(b, []byte("-----BEGIN ")) {
		covered := 0
		for _, m := range pemRe().FindAllIndex(b, -1) {
			if m[0] < covered {
				continue
			}
			end := bytes.Index(b[m[1]:], []byte("-----END "))
			if end < 0 {
				add(m[1], len(b), false)
				break
			}
			add(m[1], m[1]+end, false)
			covered = m[1] + end
		}
	}
	if !hasScheme(b) {
		return hits
	}
	covered := 0
	for _, m := range schemeRe().FindAllSubmatchIndex(b, -1) {
		if m[0] < covered {
			continue
		}
		scheme, tok := strings.ToLower(string(b[m[2]:m[3]])), b[m[4]:m[5]]
		switch {
		case scheme == "digest" || scheme == "aws4-hmac-sha256" || scheme == "hoba" || scheme == "mutual":
			// parameters (username="..", response="..") to the end of the line
			covered = lineEnd(b, m[4])
			add(m[4], covered, false)
		case credentialLike(tok, scheme):
			add(m[4], m[5], false)
		}
	}
	return hits
}

// hasScheme is the scheme expression's cheap pre-test.
func hasScheme(b []byte) bool {
	for i := 0; i+4 <= len(b); i++ {
		switch b[i] | 0x20 {
		case 'b', 'd', 'n', 'h', 'm', 'a':
			for _, w := range schemes {
				if i+len(w) <= len(b) && foldEq(b[i:i+len(w)], w) {
					return true
				}
			}
		}
	}
	return false
}

var schemes = []string{"bearer", "basic", "digest", "negotiate", "ntlm", "dpop", "hoba", "mutual", "aws4-hmac-sha256"}

// credentialLike tells a scheme's credentials from prose ("Basic
// authentication failed"): long, or with a digit or a base64 sign.
func credentialLike(tok []byte, scheme string) bool {
	if len(tok) >= 16 {
		return true
	}
	if len(tok) < 6 {
		return false
	}
	if scheme == "basic" {
		if d, err := base64.StdEncoding.DecodeString(string(tok)); err == nil && bytes.IndexByte(d, ':') >= 0 {
			return true
		}
	}
	return bytes.ContainsAny(tok, "0123456789._~+/=-")
}

// isJWT says whether s begins with a base64url JSON object header whose
// first member name starts right away: '{' then optional white space, '"'.
func isJWT(s []byte) bool {
	seg := s
	if i := bytes.IndexByte(s, '.'); i >= 0 {
		seg = s[:i]
	}
	n := min(len(seg), 12) / 4 * 4
	if n < 4 {
		return false
	}
	d, err := base64.RawURLEncoding.DecodeString(string(seg[:n]))
	if err != nil || len(d) < 2 || d[0] != '{' {
		return false
	}
	for _, c := range d[1:] {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '"':
			return true
		}
		return false
	}
	return true // only white space so far
}

// weakKeys are keys redacted only when they are clearly keys (key=value,
// a quoted key): as bare words they are prose ("Invalid token: expired").
var weakKeys = map[string]bool{"token": true, "tokens": true, "code": true, "salt": true, "pwd": true, "assertion": true, "credential": true, "credentials": true}

// codePrefixes are the only identifiers ending in "code" that hold an
// authorization code (error_code, encode, barcode do not).
var codePrefixes = map[string]bool{"": true, "auth": true, "auth_": true, "auth-": true, "authorization_": true, "authorization": true, "oauth_": true}

// headerKeys have a whole header value as their credential.
var headerKeys = map[string]bool{"authorization": true, "cookie": true}

// keyValue returns the value region of the key match m in b (0,0: none).
func keyValue(b []byte, m []int) (int, int) {
	prefix, word := strings.ToLower(string(b[m[2]:m[3]])), strings.ToLower(string(b[m[4]:m[5]]))
	if word == "code" && !codePrefixes[prefix] {
		return 0, 0
	}
	weak := prefix == "" && weakKeys[word]
	if word == "code" || word == "credential" || word == "credentials" {
		weak = true // client_credentials: a grant's name in prose
	}
	header := headerKeys[word] && (prefix == "" || prefix == "proxy-" || prefix == "proxy_" || prefix == "set-" || prefix == "set_")
	i := m[1]
	// how the key is closed: a quote or a bracket
	quotedKey := false
	for _, q := range []string{`\"`, `\'`, `"]`, `']`, `"`, `'`, `]`, `&quot;`, `%22`, "`"} {
		if bytes.HasPrefix(b[i:], []byte(q)) {
			i += len(q)
			quotedKey = true
			break
		}
	}
	i = skipSpace(b, i, false)
	sep := ""
	switch {
	case bytes.HasPrefix(b[i:], []byte("=>")):
		sep, i = "=>", i+2
	case bytes.HasPrefix(b[i:], []byte("==")):
		return 0, 0
	case i < len(b) && b[i] == '=':
		sep, i = "=", i+1
	case i < len(b) && b[i] == ':' && !bytes.HasPrefix(b[i:], []byte("://")) && !bytes.HasPrefix(b[i:], []byte("::")):
		sep, i = ":", i+1
	case hasPrefixFold(b[i:], "%3d"):
		sep, i = "=", i+3
	case hasPrefixFold(b[i:], "%3a"):
		sep, i = ":", i+3
	case quotedKey && bytes.HasPrefix(b[i:], []byte(";s:")): // PHP serialize
		j := i + 3
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		if j == i+3 || j >= len(b) || b[j] != ':' {
			return 0, 0
		}
		sep, i = "=", j+1
	default:
		return 0, 0
	}
	if weak && !quotedKey && sep != "=" {
		return 0, 0
	}
	i = skipSpace(b, i, sep == "=>")
	if sep == "=>" && bytes.HasPrefix(b[i:], []byte("string(")) { // var_dump
		j := bytes.IndexByte(b[i:], ')')
		if j < 0 || j > 20 {
			return 0, 0
		}
		i = skipSpace(b, i+j+1, false)
	}
	if bytes.HasPrefix(b[i:], []byte("[redacted")) || bytes.HasPrefix(b[i:], []byte("(empty)")) {
		return 0, 0
	}
	// a quoted value runs to its closing quote
	for _, q := range []string{`\"`, `\'`, `"`, `'`, `&quot;`, `%22`, "`"} {
		if bytes.HasPrefix(b[i:], []byte(q)) {
			lo := i + len(q)
			hi := closing(b, lo, q)
			if header {
				lo = skipScheme(b, lo, hi)
			}
			return lo, hi
		}
	}
	lo := i
	if jsonish := quotedKey && sep == ":"; jsonish && (i < len(b) && (b[i] == '{' || b[i] == '[') || hasPrefixFold(b[i:], "%7b") || hasPrefixFold(b[i:], "%5b")) {
		return 0, 0 // an object or array ("claims":{"id_token":{...}}): its own keys are judged
	}
	if header {
		hi := lineEnd(b, lo)
		return skipScheme(b, lo, hi), hi
	}
	if (word == "token" || word == "tokens") && sep == ":" && !quotedKey {
		// "InvalidAuthenticationToken: Access token validation failure."
		// is an error code and prose; "access_token: 0.AXoA…" a value: only
		// a first word that is not plain letters is one
		hi := lo
		for hi < len(b) && b[hi] != ' ' && b[hi] != '\t' && b[hi] != '\n' && b[hi] != '\r' && b[hi] != ',' && b[hi] != ';' {
			hi++
		}
		if allLetters(b[lo:hi]) {
			return 0, 0
		}
		return lo, hi
	}
	urlish := m[0] > 0 && (b[m[0]-1] == '?' || b[m[0]-1] == '&' || b[m[0]-1] == ';') && sep == "="
	jsonish := quotedKey && sep == ":"
	hi := lo
	for ; hi < len(b); hi++ {
		c := b[hi]
		if c == '\n' || c == '\r' || c == '&' && !jsonish {
			break
		}
		if jsonish && (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '"') {
			break
		}
		if urlish && (c == '"' || c == '\'' || c == '<' || c == '>' || c == '#' || c == ' ') {
			break
		}
	}
	if v := string(b[lo:hi]); jsonish && (v == "null" || v == "true" || v == "false") {
		return 0, 0
	}
	return lo, hi
}

// closing finds the quote q closing a value that starts at lo (a
// backslash escapes the next byte in "..." and '...'); the end of b when
// none.
func closing(b []byte, lo int, q string) int {
	for i := lo; i < len(b); i++ {
		if bytes.HasPrefix(b[i:], []byte(q)) {
			return i
		}
		if b[i] == '\\' && len(q) == 1 {
			i++
		}
	}
	return len(b)
}

// skipScheme keeps an authentication scheme ("Bearer ") visible.
func skipScheme(b []byte, lo, hi int) int {
	if m := schemeRe().FindSubmatchIndex(b[lo:hi]); m != nil && m[0] == 0 {
		return lo + m[4]
	}
	return lo
}

func skipSpace(b []byte, i int, newlines bool) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || newlines && (b[i] == '\n' || b[i] == '\r')) {
		i++
	}
	return i
}

func lineEnd(b []byte, i int) int {
	if j := bytes.IndexAny(b[i:], "\r\n"); j >= 0 {
		return i + j
	}
	return len(b)
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}

func allLetters(b []byte) bool {
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
