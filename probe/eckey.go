package probe

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/base64"
	"math/big"
	"strings"
)

// parseECKey reads an EC JWK's public point (RFC 7518 §6.2.1). The point
// must be on the curve (crypto/ecdh checks it); the returned key is for
// go-oidc's verifier.
func parseECKey(crv, x, y string) (*ecdsa.PublicKey, int, string) {
	var curve elliptic.Curve
	var ec ecdh.Curve
	switch crv {
	case "P-256":
		curve, ec = elliptic.P256(), ecdh.P256()
	case "P-384":
		curve, ec = elliptic.P384(), ecdh.P384()
	case "P-521":
		curve, ec = elliptic.P521(), ecdh.P521()
	default:
		return nil, 0, "unsupported EC curve " + crv
	}
	size := (curve.Params().BitSize + 7) / 8
	xb, err1 := base64.RawURLEncoding.DecodeString(strings.TrimRight(x, "="))
	yb, err2 := base64.RawURLEncoding.DecodeString(strings.TrimRight(y, "="))
	if err1 != nil || err2 != nil || len(xb) != size || len(yb) != size {
		return nil, curve.Params().BitSize, "x or y is not a base64url coordinate of " + crv
	}
	raw := append(append([]byte{4}, xb...), yb...)
	if _, err := ec.NewPublicKey(raw); err != nil {
		return nil, curve.Params().BitSize, "the point is not on " + crv
	}
	return &ecdsa.PublicKey{Curve: curve, X: new(big.Int).SetBytes(xb), Y: new(big.Int).SetBytes(yb)}, curve.Params().BitSize, ""
}
