package probe

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
)

// ParseJWKS reads a JSON Web Key Set as EspoCRM's KeysProvider would, and
// describes every key without its material. It never fails.
func ParseJWKS(ex Answer, body []byte) *JWKS {
	j := &JWKS{Answer: ex}
	if ex.Failed {
		j.Problem = ex.Error
		j.EspoFails = "OIDC: JWKS request error. Status: 0."
		return j
	}
	if ex.Status >= 300 && ex.Status < 400 {
		j.Problem = fmt.Sprintf("HTTP %d redirect to %s; EspoCRM does not follow redirects and fails with 'OIDC: JWKS bad response.'", ex.Status, ex.Location)
		j.EspoFails = "OIDC: JWKS bad response."
		return j
	}
	var doc struct {
		Keys []json.RawMessage `json:"keys"`
	}
	var probeObj map[string]json.RawMessage
	if err := json.Unmarshal(body, &probeObj); err != nil || probeObj == nil {
		j.Problem = fmt.Sprintf("HTTP %d and not a JSON object: %s", ex.Status, snippet(body))
		if ex.Truncated {
			j.Problem = fmt.Sprintf("the key set is larger than %d KiB and was cut off", MaxBody>>10)
		}
		j.EspoFails = "OIDC: JWKS bad response."
		return j
	}
	if _, ok := probeObj["keys"]; !ok || json.Unmarshal(body, &doc) != nil {
		j.Problem = fmt.Sprintf("HTTP %d: the JSON object has no keys array", ex.Status)
		if e := AADSTS(string(body)); e != 0 {
			j.Problem += fmt.Sprintf(" (AADSTS%d)", e)
		}
		j.EspoFails = "OIDC: JWKS bad response."
		return j
	}
	j.Valid = true
	if ex.Status != 200 {
		j.Problem = fmt.Sprintf("HTTP %d, yet the body is a key set (EspoCRM does not check the status)", ex.Status)
	}
	for _, raw := range doc.Keys {
		k := parseJWK(raw)
		if k.Kty == "RSA" && k.Kid == "" && j.EspoFails == "" {
			j.EspoFails = "Bad JWK value."
		}
		if k.Kty == "RSA" && k.Kid != "" && k.Problem == "no n or e" && j.EspoFails == "" {
			j.EspoFails = "Bad JWK RSE key. No `n` or `e` values."
		}
		j.Keys = append(j.Keys, k)
	}
	if len(j.Keys) == 0 {
		j.Problem = "the key set is empty: no token can be verified"
	}
	return j
}

func parseJWK(raw json.RawMessage) Key {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return Key{Problem: "not a JSON object"}
	}
	s := func(k string) string { v, _ := m[k].(string); return v }
	k := Key{Kid: s("kid"), Kty: s("kty"), Alg: s("alg"), Use: s("use"), Issuer: s("issuer"), X5t: s("x5t")}
	for _, priv := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		if _, ok := m[priv]; ok {
			k.Private = true
		}
	}
	if k.Kty == "oct" {
		k.Symmetric = true
	}
	switch {
	case k.Kty == "":
		k.Problem = "no kty"
	case k.Kty == "RSA":
		n, e := s("n"), s("e")
		if n == "" || e == "" {
			k.Problem = "no n or e"
			break
		}
		nb, err1 := base64.RawURLEncoding.DecodeString(strings.TrimRight(n, "="))
		eb, err2 := base64.RawURLEncoding.DecodeString(strings.TrimRight(e, "="))
		if err1 != nil || err2 != nil || len(eb) == 0 || len(eb) > 8 {
			k.Problem = "n or e is not base64url"
			break
		}
		var ev int64
		for _, c := range eb {
			ev = ev<<8 | int64(c)
		}
		nn := new(big.Int).SetBytes(nb)
		k.Bits = nn.BitLen()
		if ev < 3 || ev > 1<<31-1 || nn.Sign() == 0 {
			k.Problem = "unusable RSA exponent or modulus"
			break
		}
		if why := refuseRSA(k.Bits, ev); why != "" {
			k.Problem, k.Refused = why, true // no public key: nothing is verified with it
			break
		}
		k.PublicKey = &rsa.PublicKey{N: nn, E: int(ev)}
		if k.Bits < 2048 {
			k.Problem = fmt.Sprintf("RSA modulus of %d bits (at least 2048 expected)", k.Bits)
		}
	case k.Kty == "EC":
		// EspoCRM skips EC keys (it verifies RS* and HS* only); strict
		// OpenID validation uses them for ES256/384/512 tokens.
		pub, bits, problem := parseECKey(s("crv"), s("x"), s("y"))
		k.Bits, k.Problem = bits, problem
		if pub != nil {
			k.PublicKey = pub
		}
	}
	if k.Alg != "" && strings.HasPrefix(k.Alg, "RS") && k.Kty != "RSA" {
		k.Problem = "alg " + k.Alg + " on a " + k.Kty + " key"
	}
	return k
}

// compareJWKS records how the configured set differs from discovery's.
func compareJWKS(conf, disc *JWKS) {
	if conf == nil || disc == nil || !conf.Valid || !disc.Valid {
		return
	}
	a, b := conf.Kids(), disc.Kids()
	for _, k := range a {
		if !contains(b, k) {
			conf.OnlyHere = append(conf.OnlyHere, k)
		}
	}
	for _, k := range b {
		if !contains(a, k) {
			conf.OnlyInDiscovery = append(conf.OnlyInDiscovery, k)
		}
	}
	same := len(conf.OnlyHere) == 0 && len(conf.OnlyInDiscovery) == 0
	conf.SameAsDiscovery = &same
}

// The limits on an RSA key of a JWKS. Verifying with a 262,144-bit modulus
// takes seconds per key, so a hostile key set could hold the probe for
// minutes; real keys are 2048 to 4096 bits with exponent 65537.
const (
	MaxRSABits = 8192  // larger moduli are refused
	MaxRSAExp  = 65537 // larger (and even) exponents are refused
	// MaxKeysTried bounds how many keys one token's signature is checked
	// against (those with the token's kid, else the first ones).
	MaxKeysTried = 4
)

// RefusedPrefix starts the Problem of a key the probe refused to use.
const RefusedPrefix = "refused: "

// refuseRSA says why an RSA key is not used at all ("" when it may be).
func refuseRSA(bits int, e int64) string {
	switch {
	case bits > MaxRSABits:
		return fmt.Sprintf("%sRSA modulus of %d bits (more than %d): verifying with it would take the probe minutes, and no provider uses such keys", RefusedPrefix, bits, MaxRSABits)
	case e%2 == 0:
		return fmt.Sprintf("%sRSA exponent %d is even: not an RSA public key", RefusedPrefix, e)
	case e > MaxRSAExp:
		return fmt.Sprintf("%sRSA exponent %d (more than %d): providers use 65537; a huge exponent only makes verification slow", RefusedPrefix, e, MaxRSAExp)
	}
	return ""
}
