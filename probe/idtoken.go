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
	"math"
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
func ClaimTime(c map[string]any, k string) (time.Time, bool) {
	var f float64
	switch v := c[k].(type) {
	case json.Number:
		x, err := v.Float64()
		if err != nil {
			return time.Time{}, false
		}
		f = x
	case float64:
		f = v
	default:
		return time.Time{}, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f > 1e12 || f < -1e12 {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0).UTC(), true
}

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

// EspoVerdict judges the token exactly as EspoCRM's Login::validateToken
// does (espocrm-oidc.md §2 step 9), plus the nonce (step 10) when one was
// sent.
func EspoVerdict(t *JWT, o *espo.OIDC, keys *JWKS, nonce string, now time.Time) *Verdict {
	v := &Verdict{Validator: "espocrm", Accepted: true}
	add := func(name string, ok bool, detail string) {
		v.Checks = append(v.Checks, Check{Name: name, OK: ok, Detail: detail})
		if !ok {
			v.Accepted = false
			v.Reasons = append(v.Reasons, detail)
		}
	}
	if exp, ok := ClaimTime(t.Claims, "exp"); ok {
		add("exp", exp.Add(EspoLeeway).After(now), fmt.Sprintf("exp %s (%s), with %s leeway", exp.Format(time.RFC3339), Relative(exp, now), espo.JWTLeewayText))
		if !v.Checks[len(v.Checks)-1].OK {
			v.Reasons[len(v.Reasons)-1] = "JWT expired. (exp " + Relative(exp, now) + ", beyond the " + espo.JWTLeewayText + " leeway)"
		}
	}
	if nbf, ok := ClaimTime(t.Claims, "nbf"); ok {
		ok2 := !now.Before(nbf.Add(-EspoLeeway))
		add("nbf", ok2, fmt.Sprintf("nbf %s (%s), with %s leeway", nbf.Format(time.RFC3339), Relative(nbf, now), espo.JWTLeewayText))
	}
	if o.ClientID == "" {
		add("aud", false, "OIDC: No client ID. (oidcClientId is empty)")
	} else {
		auds := Audiences(t.Claims)
		add("aud", contains(auds, o.ClientID), fmt.Sprintf("aud %v must contain the client ID %q", auds, o.ClientID))
	}
	add("sub", ClaimString(t.Claims, "sub") != "", "sub must be non-empty")
	add("iss", ClaimString(t.Claims, "iss") != "", "iss must be non-empty (EspoCRM compares it with nothing)")
	alg := t.hstr("alg")
	allowed := contains(o.Algorithms, alg)
	add("alg", allowed, fmt.Sprintf("JWT signing algorithm `%s` must be in oidcJwtSignatureAlgorithmList %v", alg, o.Algorithms))
	if allowed && len(alg) == 5 {
		ok, detail := verifyEspoSignature(t, alg, keys, o.ClientSecret)
		add("signature", ok, detail)
	} else if allowed {
		add("signature", false, "algorithm "+alg+" is not one EspoCRM implements")
	}
	if nonce != "" {
		add("nonce", ClaimString(t.Claims, "nonce") == nonce, "the nonce must equal the one sent (OIDC: JWT nonce mismatch.)")
	}
	return v
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
	var pubs []crypto.PublicKey
	if keys != nil {
		for _, k := range keys.Keys {
			if k.PublicKey != nil {
				pubs = append(pubs, k.PublicKey)
			}
		}
	}
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
		return "the token names distributed claims (_claim_names) without a matching _claim_sources entry; go-oidc refuses it (Entra's group overage marker, entra.md §8 item 7); EspoCRM ignores these claims"
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
