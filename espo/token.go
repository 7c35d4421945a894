package espo

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// What EspoCRM's own code does with an ID token's header and claims, as
// pure functions of the decoded JSON (claims decoded with UseNumber). The
// probe's EspoCRM verdict is built from these. Sources at 10.0.0 unless a
// tag is named; docs/espocrm-fidelity.md links each.

// ParseError is a check EspoCRM makes while parsing the token
// (Jwt\Token::create): Login.php:120-131 logs ERROR "OIDC: JWT parsing
// error. <Message>" and throws RuntimeException("JWT parsing error."), so the
// login ends in HTTP 500 and no auth-log row is written, unlike the 401 of a
// validation failure.
type ParseError struct {
	Message string // the detail EspoCRM appends, e.g. "Bad `sub`."
	Source  string // path:line of the check
}

// LogLine is the ERROR line EspoCRM writes.
func (e *ParseError) LogLine() string { return "OIDC: JWT parsing error. " + e.Message }

// HeaderParseError is Jwt\Token\Header::fromRaw (Header.php:90-110): alg
// must be a string, kid absent, null or a string.
func HeaderParseError(h map[string]any) *ParseError {
	if _, ok := h["alg"].(string); !ok {
		return &ParseError{"No or bad `alg` in JWT header.", "application/Espo/Core/Authentication/Jwt/Token/Header.php:96"}
	}
	if k, ok := h["kid"]; ok && k != nil {
		if _, ok := k.(string); !ok {
			return &ParseError{"Bad `kid` in JWT header.", "application/Espo/Core/Authentication/Jwt/Token/Header.php:108"}
		}
	}
	return nil
}

const payloadPHP = "application/Espo/Core/Authentication/Jwt/Token/Payload.php"

// PayloadParseError is Jwt\Token\Payload::fromRaw (Payload.php:140-203 at
// 10.0.0; the same checks at 7.3.0 and 8.0.0, where the time claims had to
// be JSON integers): sub must be a string when iss is present, iss a string,
// aud a string, null or an array; exp, iat, nbf and auth_time numeric (8.1+)
// or ints (before 8.1); nonce and sid strings.
func PayloadParseError(c map[string]any, v Version) *ParseError {
	get := func(k string) any { return c[k] } // a missing claim and null are both null
	pe := func(msg string, line int) *ParseError {
		return &ParseError{msg, fmt.Sprintf("%s:%d", payloadPHP, line)}
	}
	iss := get("iss")
	if iss != nil {
		if _, ok := get("sub").(string); !ok {
			return pe("Bad `sub`.", 171)
		}
		if _, ok := iss.(string); !ok {
			return pe("Bad `iss`.", 175)
		}
	}
	switch get("aud").(type) {
	case nil, string, []any:
	default:
		return pe("Bad `aud`.", 179)
	}
	numeric := v.Has(NumericJWTTimes)
	for _, t := range []struct {
		k    string
		line int
	}{{"exp", 183}, {"iat", 187}, {"nbf", 191}} {
		x := get(t.k)
		if x == nil {
			continue
		}
		if numeric && !isPHPNumeric(x) {
			return pe("Bad `"+t.k+"`.", t.line)
		}
		if !numeric && !isJSONInt(x) {
			return &ParseError{"No or bad `" + t.k + "`.", fmt.Sprintf("%s:%d (8.0.0)", payloadPHP, t.line)}
		}
	}
	if x := get("nonce"); x != nil {
		if _, ok := x.(string); !ok {
			return pe("Bad `nonce`.", 195)
		}
	}
	if x := get("auth_time"); x != nil && ((numeric && !isPHPNumeric(x)) || (!numeric && !isJSONInt(x))) {
		return pe("Bad `auth_time`.", 199)
	}
	if x := get("sid"); x != nil {
		if _, ok := x.(string); !ok {
			return pe("Bad `sid`.", 203)
		}
	}
	return nil
}

// isPHPNumeric is is_numeric on a json_decode'd value.
func isPHPNumeric(x any) bool {
	switch t := x.(type) {
	case json.Number, float64, int, int64:
		return true
	case string:
		return IsNumericString(t)
	}
	return false
}

// isJSONInt reports whether json_decode gives a PHP int: an integer literal
// within int64 (anything else decodes to a float).
func isJSONInt(x any) bool {
	switch t := x.(type) {
	case json.Number:
		_, err := strconv.ParseInt(string(t), 10, 64)
		return err == nil
	case float64:
		return t == math.Trunc(t) && math.Abs(t) < 1<<53
	case int, int64:
		return true
	}
	return false
}

// TimeClaim is the int EspoCRM uses for exp or nbf after Payload's (int)
// cast (Payload.php:206-216): a float or numeric string is truncated, "1e3"
// is 1000. ok is false when the claim is absent or null. The validator
// skips a falsy value (Jwt/Validator.php:60 "if ($exp && ..."; :64 for nbf;
// the same at 7.3.0–10.0.0), so exp = 0 or "0" turns the expiry check off.
func TimeClaim(c map[string]any, k string) (n int64, ok bool) {
	var f float64
	switch t := c[k].(type) {
	case nil:
		return 0, false
	case json.Number:
		if i, err := strconv.ParseInt(string(t), 10, 64); err == nil {
			return i, true
		}
		x, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !math.IsInf(x, 0) {
			return 0, false
		}
		f = x
	case float64:
		f = t
	case string:
		x, intShaped, num := parseNumeric(t)
		if !num {
			return 0, false
		}
		if intShaped {
			if i, err := strconv.ParseInt(strings.Trim(t, " \t\n\r\v\f"), 10, 64); err == nil {
				return i, true
			}
		}
		f = x
	default:
		return 0, false
	}
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0) || f >= 1<<63 || f < -(1<<63):
		return 0, true // PHP 8 on 64-bit: an out-of-range float casts to 0 (inferred)
	}
	return int64(f), true
}

// JWKSError is what EspoCRM's KeysProvider throws for a key set: every key
// whose kty is "RSA" is built with Jwt\Keys\Rsa::fromRaw, which throws
// "Bad JWK value." without a kid (or kty) and "Bad JWK RSE key. No `n` or
// `e` values." without n or e (Keys/Rsa.php:55-61; the same at 7.3.0,
// 8.0.0, 8.4.0, 9.0.0). KeysProvider.php:66-70 catches only UnsupportedKey
// (non-RSA keys, skipped), so one such key makes every login with an RS*
// token fail with HTTP 500 once the key set is fetched. It returns "" when
// EspoCRM can build every RSA key.
func JWKSError(keys []any) (msg, kid string) {
	for _, k := range keys {
		m, ok := k.(map[string]any)
		if !ok {
			continue
		}
		if kty, _ := m["kty"].(string); kty != "RSA" {
			continue
		}
		if m["kid"] == nil {
			return "Bad JWK value.", ""
		}
		if m["n"] == nil || m["e"] == nil {
			return "Bad JWK RSE key. No `n` or `e` values.", fmt.Sprint(m["kid"])
		}
	}
	return "", ""
}

// JWKSErrorSource is where JWKSError's checks are.
const JWKSErrorSource = "application/Espo/Core/Authentication/Jwt/Keys/Rsa.php:56"

// UsernameOutcome is what EspoCRM does with the username claim's value.
type UsernameOutcome struct {
	Fails   bool   // the login fails with HTTP 500
	Message string // EspoCRM's exception message
	Source  string // path:line
	Note    string // why, in words
}

// UsernameClaim judges the username claim's value as DefaultUserProvider
// and Sync do. found says whether a user with that name exists (unknown:
// false); create, sync and syncTeams are the settings.
//
//   - a falsy value ("", "0", 0, false, null, [], absent) fails in findUser
//     (DefaultUserProvider.php:80): "No username claim `<claim>` in token
//     and userinfo." (before 9.1: "... in token.");
//   - an array or object is passed to normalizeUsername(string): TypeError;
//   - a number or true is converted and matches an existing user, but user
//     creation and sync (Sync::getUsernameFromToken, Sync.php:127-145, used
//     when oidcCreateUser creates a user, or when oidcSync or oidcSyncTeams
//     syncs one) require a string: "Bad username claim returned in token.".
func UsernameClaim(claim string, val any, v Version, found, create, sync, syncTeams bool) UsernameOutcome {
	const dup = "application/Espo/Core/Authentication/Oidc/UserProvider/DefaultUserProvider.php"
	const syncPHP = "application/Espo/Core/Authentication/Oidc/UserProvider/Sync.php"
	if !Truthy(val) {
		msg := "No username claim `" + claim + "` in token and userinfo."
		if !v.Has(UserInfoEndpoint) {
			msg = "No username claim `" + claim + "` in token."
		}
		note := "the claim is missing or empty"
		if val != nil {
			note = fmt.Sprintf("the claim's value %s is empty to PHP (!$username)", jsonText(val))
		}
		return UsernameOutcome{true, msg, dup + ":80", note}
	}
	switch val.(type) {
	case []any, map[string]any:
		return UsernameOutcome{true, "Espo\\Core\\Authentication\\Oidc\\UserProvider\\Sync::normalizeUsername(): Argument #1 ($username) must be of type string, " + PHPTypeName(val) + " given", syncPHP + ":211",
			"the claim is a JSON " + PHPTypeName(val) + ": PHP throws a TypeError"}
	case string:
		return UsernameOutcome{}
	}
	if (!found && create) || (found && (sync || syncTeams)) {
		what := "creating the user (oidcCreateUser)"
		if found {
			what = "syncing the user (oidcSync / oidcSyncTeams)"
		}
		return UsernameOutcome{true, "Bad username claim returned in token.", syncPHP + ":142",
			fmt.Sprintf("the claim is a JSON %s (%s); matching an existing user converts it, but %s requires a string", PHPTypeName(val), jsonText(val), what)}
	}
	return UsernameOutcome{Note: fmt.Sprintf("the claim is a JSON %s; PHP converts it to a string to find the user", PHPTypeName(val))}
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// GroupMatches is Sync::getTeamIdList's test for one team
// (UserProvider/Sync.php:164-168): a team whose group is empty or falsy is
// assigned to everyone; otherwise its group must be loosely equal (PHP
// in_array without strict) to one of the claim's string values, so "0123"
// matches "123". Groups are read by getGroups (:178-208): a string claim is
// one group, an array keeps only its string elements, anything else is no
// group.
func GroupMatches(group string, claim any) bool {
	if !Truthy(group) {
		return true
	}
	return InArray(group, GroupList(claim))
}

// GroupList is Sync::getGroups for a claim value.
func GroupList(claim any) []any {
	if !Truthy(claim) {
		return nil
	}
	switch t := claim.(type) {
	case string:
		return []any{t}
	case []any:
		var out []any
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// AudienceMatches is TokenValidator::validateFields' aud test
// (TokenValidator.php:77): loose in_array of the client ID (a string: an
// int oidcClientId is converted) in aud (a string aud is one element), so
// an element true or "0123" for "123" matches.
func AudienceMatches(clientID string, aud any) bool {
	switch t := aud.(type) {
	case string:
		return LooseEqualStrings(clientID, t)
	case []any:
		return InArray(clientID, t)
	}
	return false
}
