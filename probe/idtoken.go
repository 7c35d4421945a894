package probe

import (
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
)

// EspoLeeway is EspoCRM's leeway for exp and nbf (espo.JWTLeeway).
const EspoLeeway = espo.JWTLeeway

// MaxJWT bounds the size of a token the probe parses.
const MaxJWT = 64 << 10

// JWT is a parsed compact JWS. It keeps the signing input and signature for
// verification; nothing of it is ever printed except Header and Claims.
type JWT struct {
	Header       map[string]any
	Claims       map[string]any
	signingInput string
	signature    []byte
}

// ParseJWT splits and decodes a compact JWS without verifying it. Errors
// name the part that is wrong and never quote the token.
func ParseJWT(raw string) (*JWT, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("empty token")
	}
	if len(raw) > MaxJWT {
		return nil, fmt.Errorf("token larger than %d KiB", MaxJWT>>10)
	}
	parts := strings.Split(raw, ".")
	if len(parts) == 5 {
		return nil, errors.New("the token is encrypted (JWE, 5 parts); EspoCRM cannot read encrypted ID tokens")
	}
	if len(parts) != 3 {
		return nil, fmt.Errorf("a JWT has 3 dot-separated parts, this one has %d", len(parts))
	}
	dec := func(name, s string) ([]byte, error) {
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
		if err != nil {
			return nil, fmt.Errorf("the %s is not base64url", name)
		}
		return b, nil
	}
	hb, err := dec("header", parts[0])
	if err != nil {
		return nil, err
	}
	pb, err := dec("payload", parts[1])
	if err != nil {
		return nil, err
	}
	sig, err := dec("signature", parts[2])
	if err != nil {
		return nil, err
	}
	t := &JWT{signingInput: parts[0] + "." + parts[1], signature: sig}
	if err := json.Unmarshal(hb, &t.Header); err != nil || t.Header == nil {
		return nil, errors.New("the header is not a JSON object")
	}
	d := json.NewDecoder(strings.NewReader(string(pb)))
	d.UseNumber()
	if err := d.Decode(&t.Claims); err != nil || t.Claims == nil {
		return nil, errors.New("the payload is not a JSON object")
	}
	return t, nil
}

func (t *JWT) hstr(k string) string { s, _ := t.Header[k].(string); return s }

// ClaimString returns a claim as a string ("" when absent or not a string).
func ClaimString(c map[string]any, k string) string { return facts.ClaimString(c, k) }

// ClaimTime reads a NumericDate claim.
func ClaimTime(c map[string]any, k string) (time.Time, bool) { return facts.ClaimTime(c, k) }

// Audiences returns aud as a list (a string aud is one element).
func Audiences(c map[string]any) []string {
	switch v := c["aud"].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// verifyEspoSignature checks the signature as EspoCRM's TokenValidator
// does: RS* with the JWKS key of the exact kid, HS* with the client secret.
func verifyEspoSignature(t *JWT, alg string, keys *JWKS, secret espo.Secret) (bool, string) {
	var h crypto.Hash
	var hf func() hash.Hash
	switch alg[2:] {
	case "256":
		h, hf = crypto.SHA256, sha256.New
	case "384":
		h, hf = crypto.SHA384, sha512.New384
	case "512":
		h, hf = crypto.SHA512, sha512.New
	default:
		return false, "algorithm " + alg + " is not one EspoCRM implements"
	}
	switch alg[:2] {
	case "RS":
		kid := t.hstr("kid")
		if kid == "" {
			return false, "the token header has no kid; EspoCRM picks keys by exact kid and fails with 'JWT signature not verified.'"
		}
		k := keys.Find(kid)
		if k == nil {
			return false, fmt.Sprintf("kid %q is not in the JWKS at oidcJwksEndpoint; EspoCRM fails with 'JWT signature not verified.' (it never refetches on an unknown kid)", kid)
		}
		pub, _ := k.PublicKey.(*rsa.PublicKey)
		if pub == nil {
			return false, fmt.Sprintf("the JWKS key %q is not a usable RSA key (%s)", kid, k.Problem)
		}
		d := h.New()
		d.Write([]byte(t.signingInput))
		if err := rsa.VerifyPKCS1v15(pub, h, d.Sum(nil), t.signature); err != nil {
			return false, fmt.Sprintf("the signature does not verify with JWKS key %q", kid)
		}
		return true, "verified with JWKS key " + kid
	case "HS":
		if secret.Empty() {
			return false, "an HMAC token needs the client secret as key, and none is configured"
		}
		m := hmac.New(hf, []byte(secret.Reveal()))
		m.Write([]byte(t.signingInput))
		if !hmac.Equal(m.Sum(nil), t.signature) {
			return false, "the HMAC signature does not verify with the configured client secret"
		}
		return true, "HMAC verified with the client secret"
	}
	return false, "algorithm " + alg + " is not allowed by EspoCRM"
}

// EspoVerdict judges the token exactly as EspoCRM at o.Version does
// (Login.php:120-165 at 10.0.0): parsing (Jwt\Token::create, whose failures
// end in HTTP 500), then Jwt\Validator (exp, nbf), TokenValidator's fields
// (aud, sub, iss) and signature (alg, key), then the nonce when one was
// sent. Every check is listed; EspoCRM stops at the first failure, which
// decides Status (401 for a denial, 500 for an exception).
func EspoVerdict(t *JWT, o *espo.OIDC, keys *JWKS, nonce string, now time.Time) *Verdict {
	v := &Verdict{Validator: "espocrm", Accepted: true, EspoCRM: o.Version.String()}
	if !o.Version.Known() {
		v.EspoCRM = espo.Newest.String() + " (assumed)"
	}
	add := func(name string, ok bool, detail string, status int) {
		v.Checks = append(v.Checks, Check{Name: name, OK: ok, Detail: detail})
		if !ok {
			if v.Accepted {
				v.Status = status
			}
			v.Accepted = false
			v.Reasons = append(v.Reasons, detail)
		}
	}
	ver := o.Version
	pe := espo.HeaderParseError(t.Header)
	if pe == nil {
		pe = espo.PayloadParseError(t.Claims, ver)
	}
	if pe != nil {
		add("parse", false, fmt.Sprintf("JWT parsing error. %s: EspoCRM logs ERROR '%s' and fails with HTTP 500 (no auth-log row), not a 401 denial (%s)", pe.Message, pe.LogLine(), pe.Source), 500)
		return v
	}
	if exp, ok := espo.TimeClaim(t.Claims, "exp"); ok {
		if exp == 0 {
			add("exp", true, "exp is 0: EspoCRM skips the expiry check (Jwt/Validator.php:60 'if ($exp && ...')", 0)
		} else {
			at := time.Unix(exp, 0).UTC()
			ok := exp+int64(EspoLeeway/time.Second) > now.Unix()
			detail := fmt.Sprintf("exp %s (%s), with %s leeway", at.Format(time.RFC3339), Relative(at, now), espo.JWTLeewayText)
			if !ok {
				detail = "JWT expired. (exp " + Relative(at, now) + ", beyond the " + espo.JWTLeewayText + " leeway)"
			}
			add("exp", ok, detail, 401)
		}
	}
	if nbf, ok := espo.TimeClaim(t.Claims, "nbf"); ok && nbf != 0 {
		at := time.Unix(nbf, 0).UTC()
		add("nbf", now.Unix() >= nbf-int64(EspoLeeway/time.Second), fmt.Sprintf("nbf %s (%s), with %s leeway", at.Format(time.RFC3339), Relative(at, now), espo.JWTLeewayText), 401)
	}
	if !espo.Truthy(o.ClientID) {
		add("aud", false, "OIDC: No client ID. (oidcClientId is empty; a RuntimeException, HTTP 500)", 500)
	} else {
		aud := t.Claims["aud"]
		add("aud", espo.AudienceMatches(o.ClientID, aud), fmt.Sprintf("aud %s must contain the client ID %q (compared loosely, as PHP's in_array does)", jsonText(aud), o.ClientID), 401)
	}
	add("sub", espo.Truthy(t.Claims["sub"]), "sub must be non-empty ('0' counts as empty: JWT does not contain the `sub` value.)", 401)
	add("iss", espo.Truthy(t.Claims["iss"]), "iss must be non-empty (EspoCRM compares it with nothing)", 401)
	alg := t.hstr("alg")
	allowed := false
	for _, a := range o.Algorithms {
		allowed = allowed || espo.LooseEqualStrings(alg, a)
	}
	add("alg", allowed, fmt.Sprintf("JWT signing algorithm `%s` must be in oidcJwtSignatureAlgorithmList %v", alg, o.Algorithms), 401)
	switch {
	case allowed && strings.HasPrefix(alg, "RS") && keys != nil && keys.EspoFails != "":
		add("signature", false, fmt.Sprintf("%s EspoCRM builds every RSA key of the set at oidcJwksEndpoint and one of them fails, so every login with an RS* token ends in HTTP 500 (%s)", keys.EspoFails, espo.JWKSErrorSource), 500)
	case allowed && strings.HasPrefix(alg, "HS") && o.ClientSecret.Empty():
		// DefaultSignatureVerifierFactory throws a RuntimeException, not a denial.
		add("signature", false, "No client secret. (an HMAC token needs the client secret as key; a RuntimeException, HTTP 500)", 500)
	case allowed && len(alg) == 5:
		ok, detail := verifyEspoSignature(t, alg, keys, o.ClientSecret)
		add("signature", ok, detail, 401)
	case allowed:
		add("signature", false, "algorithm "+alg+" is not one EspoCRM implements", 500)
	}
	if nonce != "" {
		add("nonce", ClaimString(t.Claims, "nonce") == nonce, "the nonce must equal the one sent (OIDC: JWT nonce mismatch.)", 401)
	}
	return v
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// StrictVerdict judges the token with go-oidc's verifier: exact issuer,
// audience, expiry, signature with discovery's keys and algorithms, plus
// the nonce and Entra's per-key issuer, which go-oidc leaves to callers.
func StrictVerdict(ctx context.Context, raw string, t *JWT, issuer string, clientID string, algs []string, keys *JWKS, nonce string, now time.Time) *Verdict {
	v := &Verdict{Validator: "go-oidc", Accepted: true}
	add := func(name string, ok bool, detail string) {
		v.Checks = append(v.Checks, Check{Name: name, OK: ok, Detail: detail})
		if !ok {
			v.Accepted = false
			v.Reasons = append(v.Reasons, detail)
		}
	}
	tid := ClaimString(t.Claims, "tid")
	if strings.Contains(issuer, "{tenantid}") {
		if entra.IsGUID(tid) {
			issuer = strings.ReplaceAll(issuer, "{tenantid}", tid)
			add("tid", true, "issuer template {tenantid} filled with the token's tid "+tid+" (Microsoft's documented check for multi-tenant apps; any tenant passes it)")
		} else {
			add("tid", false, "the issuer is the {tenantid} template and the token's tid is not a GUID")
		}
	}
	pubs := keysToTry(keys, t.hstr("kid"))
	var supported []string
	for _, a := range algs {
		switch a {
		case "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA":
			supported = append(supported, a)
		}
	}
	if len(supported) == 0 {
		supported = []string{"RS256"}
	}
	if issuer == "" {
		add("issuer", false, "no issuer to check against (discovery failed and no --issuer)")
		return v
	}
	verifier := oidc.NewVerifier(issuer, &oidc.StaticKeySet{PublicKeys: pubs}, &oidc.Config{
		ClientID:             clientID,
		SkipClientIDCheck:    clientID == "",
		SupportedSigningAlgs: supported,
		Now:                  func() time.Time { return now },
	})
	_, err := verifier.Verify(ctx, raw)
	if err != nil {
		add("go-oidc", false, explainGoOIDC(err, issuer))
	} else {
		add("go-oidc", true, "issuer, audience, expiry and signature verified")
	}
	if nonce != "" {
		add("nonce", ClaimString(t.Claims, "nonce") == nonce, "the nonce must equal the one sent")
	}
	if keys != nil {
		if k := keys.Find(t.hstr("kid")); k != nil && k.Issuer != "" {
			ki := strings.ReplaceAll(k.Issuer, "{tenantid}", tid)
			add("key-issuer", ki == ClaimString(t.Claims, "iss"), fmt.Sprintf("the signing key's issuer %q must equal the token's iss (Entra's per-key issuer)", k.Issuer))
		}
	}
	return v
}

// explainGoOIDC rewords go-oidc's errors.
func explainGoOIDC(err error, issuer string) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "issued by a different provider"):
		return "iss is not the expected issuer " + issuer + ": " + strings.TrimPrefix(msg, "oidc: ")
	case strings.Contains(msg, "expected audience"):
		return "aud does not name the client ID: " + strings.TrimPrefix(msg, "oidc: ")
	case strings.Contains(msg, "source does not exist"):
		return "the token names distributed claims (_claim_names) without a matching _claim_sources entry; go-oidc refuses it (Entra's group overage marker, docs/knowledge/entra.md#claims); EspoCRM ignores these claims"
	case strings.Contains(msg, "token is expired"):
		return "the token is expired (go-oidc allows no leeway on exp)"
	case strings.Contains(msg, "failed to verify signature") || strings.Contains(msg, "failed to verify id token signature"):
		return "the signature does not verify with any key of the provider's JWKS"
	case strings.Contains(msg, "unsupported signing algorithm") || strings.Contains(msg, "id token signed with unsupported algorithm"):
		return "the token's algorithm is not among id_token_signing_alg_values_supported: " + strings.TrimPrefix(msg, "oidc: ")
	}
	return strings.TrimPrefix(msg, "oidc: ")
}

// Relative describes t relative to now ("in 59m", "3m ago").
func Relative(t, now time.Time) string {
	d := t.Sub(now).Round(time.Second)
	if d >= 0 {
		return "in " + d.String()
	}
	return (-d).String() + " ago"
}

// keysToTry are the keys a token's signature is checked against: those
// with its kid (go-oidc's remote key set does the same), else all, and
// never more than MaxKeysTried.
func keysToTry(keys *JWKS, kid string) []crypto.PublicKey {
	if keys == nil {
		return nil
	}
	var withKid, all []crypto.PublicKey
	for _, k := range keys.Keys {
		if k.PublicKey == nil {
			continue
		}
		all = append(all, k.PublicKey)
		if kid != "" && k.Kid == kid {
			withKid = append(withKid, k.PublicKey)
		}
	}
	if len(withKid) > 0 {
		all = withKid
	}
	if len(all) > MaxKeysTried {
		all = all[:MaxKeysTried]
	}
	return all
}
