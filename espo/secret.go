package espo

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Fingerprint describes a secret without revealing it: its length and the
// first 8 hex digits of its SHA-256, so two reports can be compared.
func Fingerprint(secret string) string {
	if secret == "" {
		return "(empty)"
	}
	sum := sha256.Sum256([]byte(secret))
	return fmt.Sprintf("[redacted: %d chars, sha256 %s]", len(secret), hex.EncodeToString(sum[:4]))
}
