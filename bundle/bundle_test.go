package bundle

import (
	"encoding/base64"
	"testing"

	"github.com/espo-oidc/espo-oidc/redact"
)

// The leak guard is the policy's Leak: it finds a secret in any form.
func TestLeakGuard(t *testing.T) {
	if redact.New("s3cr3t-value").Leak([]byte("a "+base64.StdEncoding.EncodeToString([]byte("s3cr3t-value"))+" b")) == "" {
		t.Error("Leak misses a base64-encoded secret")
	}
	if redact.New("s3cr3t-value").Leak([]byte("nothing here")) != "" {
		t.Error("Leak reports a secret that is not there")
	}
}
