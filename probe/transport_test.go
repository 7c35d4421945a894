package probe

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
)

// With --ca-file, a server of the private CA is reached without loading the
// system roots; a server of another authority is tried again with them, and
// still fails the same way when they do not know it either.
func TestCAFileLoadsSystemRootsOnlyWhenNeeded(t *testing.T) {
	f, err := fakeidp.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := NewClient(f.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	lr := c.Transport.(*lazyRoots)
	resp, err := c.Get(f.URLFor("/" + fakeidp.Tenant + "/v2.0/.well-known/openid-configuration"))
	if err != nil {
		t.Fatalf("private CA: %v", err)
	}
	resp.Body.Close()
	if lr.loaded.Load() {
		t.Error("the system roots were loaded for a server of the private CA")
	}

	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer other.Close()
	_, err = c.Post(other.URL, "application/x-www-form-urlencoded", strings.NewReader("grant_type=client_credentials"))
	if err == nil {
		t.Fatal("a server of an unknown authority was trusted")
	}
	if kind, msg := classify(err, 0); kind != "tls" || !strings.Contains(msg, "unknown authority") {
		t.Errorf("unknown authority: %s %q", kind, msg)
	}
	if !lr.loaded.Load() || !lr.public[strings.TrimPrefix(other.URL, "https://")] {
		t.Errorf("the system roots were not tried for a server of another authority (loaded %v, public %v)", lr.loaded.Load(), lr.public)
	}
}
