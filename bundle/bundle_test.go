package bundle

import (
	"encoding/base64"
	"testing"
)

func TestFindSecret(t *testing.T) {
	if findSecret([]byte("a "+base64.StdEncoding.EncodeToString([]byte("s3cr3t-value"))+" b"), []string{"s3cr3t-value"}) == "" {
		t.Error("findSecret misses a base64-encoded secret")
	}
	if findSecret([]byte("nothing here"), []string{"s3cr3t-value"}) != "" {
		t.Error("findSecret reports a secret that is not there")
	}
}
