package espo

import "github.com/espo-oidc/espo-oidc/redact"

// Fingerprint describes a secret without revealing it: its length and the
// first 8 hex digits of its SHA-256, so two reports can be compared (the
// redaction policy's redact.Fingerprint).
func Fingerprint(secret string) string { return redact.Fingerprint(secret) }
