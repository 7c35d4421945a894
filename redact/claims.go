package redact

import (
	"fmt"
	"net/textproto"
	"net/url"
	"reflect"
	"sort"
	"strings"
)

// hiddenClaims are ID token and userinfo claims that are one-time values,
// hashes of tokens and codes, or session handles: never printed, only
// their Fingerprint.
var hiddenClaims = map[string]bool{
	"nonce": true, "at_hash": true, "c_hash": true, "s_hash": true,
	"aio": true, "rh": true, "uti": true, "sid": true, "jti": true,
	"xms_st": true, "onprem_sid": true, "sessionid": true, "session_state": true,
}

// HiddenClaims lists the claims HiddenClaim hides by name, sorted (for docs).
func HiddenClaims() []string {
	out := make([]string, 0, len(hiddenClaims))
	for k := range hiddenClaims {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// HiddenClaim reports whether a claim must be shown only as its
// Fingerprint: a one-time value or hash (nonce and friends) or a claim
// named like a credential (SecretName).
func HiddenClaim(name string) bool {
	return hiddenClaims[strings.ToLower(name)] || SecretName(name)
}

// SecretName reports whether a key or claim name holds a credential by its
// name: it contains password, secret, token, cryptKey, salt, apiKey,
// privateKey, assertion or code_verifier (client_secret, oidcClientSecret,
// smtpPassword, id_token, passwordSalt, secretKeyEncrypted), unless it
// names an endpoint, URL, lifetime, period or claim (oidcTokenEndpoint,
// authTokenLifetime, oidcGroupClaim: names, not secrets).
func SecretName(name string) bool {
	k := strings.ToLower(name)
	for _, w := range []string{"endpoint", "url", "lifetime", "idletime", "period", "claim"} {
		if strings.Contains(k, w) {
			return false
		}
	}
	for _, w := range []string{"password", "passwd", "passphrase", "secret", "token", "cryptkey", "salt", "apikey", "api_key", "privatekey", "private_key", "assertion", "code_verifier", "codeverifier"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// Claims returns a copy of claims for output: hidden claims as their
// Fingerprint, every other string (at any depth) through s.
func (s *Set) Claims(claims map[string]any) map[string]any {
	if claims == nil {
		return nil
	}
	out := make(map[string]any, len(claims))
	for k, v := range claims {
		if HiddenClaim(k) {
			if !isFingerprint(reflect.ValueOf(v)) {
				v = Fingerprint(fmt.Sprint(v))
			}
			out[k] = v
			continue
		}
		out[k] = s.value(v, 0)
	}
	return out
}

func (s *Set) value(v any, depth int) any {
	if depth > 32 {
		return Mark
	}
	switch x := v.(type) {
	case string:
		return s.String(x)
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = s.value(e, depth+1)
		}
		return c
	case map[string]any:
		c := make(map[string]any, len(x))
		for k, e := range x {
			if HiddenClaim(k) {
				c[k] = Fingerprint(fmt.Sprint(e))
				continue
			}
			c[k] = s.value(e, depth+1)
		}
		return c
	}
	return v
}

// secretHeaders carry credentials whole.
var secretHeaders = map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true, "X-Api-Key": true, "Api-Key": true}

// Header returns a copy of h (an http.Header) fit for output: credential
// headers as Mark (keeping the scheme of Authorization), every other value
// through s. (The policy does not link net/http: rules use it.)
func (s *Set) Header(h map[string][]string) map[string][]string {
	if h == nil {
		return nil
	}
	out := make(map[string][]string, len(h))
	for k, vs := range h {
		c := make([]string, len(vs))
		for i, v := range vs {
			if secretHeaders[textproto.CanonicalMIMEHeaderKey(k)] {
				if sp := strings.IndexByte(v, ' '); sp > 0 && strings.HasSuffix(textproto.CanonicalMIMEHeaderKey(k), "Authorization") {
					c[i] = v[:sp+1] + Mark
				} else {
					c[i] = Mark
				}
				continue
			}
			c[i] = s.String(v)
		}
		out[k] = c
	}
	return out
}

// URL returns u fit for output: without userinfo, secret query values
// redacted, everything through s.
func (s *Set) URL(u string) string {
	clean, _ := StripUserinfo(u)
	return s.String(clean)
}

// StripUserinfo removes the userinfo (user:password@) from a URL, for
// sending as well as for printing; had says whether there was one. Text
// that does not parse as a URL has every userinfo-shaped part removed.
func StripUserinfo(u string) (clean string, had bool) {
	if !strings.Contains(u, "@") {
		return u, false
	}
	if p, err := url.Parse(u); err == nil && p.Host != "" || err == nil && p.User != nil {
		if p.User == nil {
			return u, false
		}
		p.User = nil
		return p.String(), true
	}
	locs := userinfoRe().FindAllStringSubmatchIndex(u, -1)
	if locs == nil {
		return u, false
	}
	var b strings.Builder
	at := 0
	for _, m := range locs {
		b.WriteString(u[at:m[2]])
		at = m[3] + 1 // drop the '@' too
	}
	b.WriteString(u[at:])
	return b.String(), true
}

// HasUserinfo reports whether u carries userinfo (user:password@host).
func HasUserinfo(u string) bool {
	_, had := StripUserinfo(u)
	return had
}

func fmtValue(v reflect.Value) string { return fmt.Sprint(v.Interface()) }

// isFingerprint: the value is already a Fingerprint (redacting twice
// changes nothing).
func isFingerprint(v reflect.Value) bool {
	return v.Kind() == reflect.String && (strings.HasPrefix(v.String(), "[redacted: ") || v.String() == "(empty)")
}
