package probe

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
)

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// rsaJWK is an RSA JWK with a random modulus of bits bits and exponent e.
func rsaJWK(t *testing.T, kid string, bits int, e int64) map[string]any {
	t.Helper()
	n := make([]byte, (bits+7)/8)
	if _, err := rand.Read(n); err != nil {
		t.Fatal(err)
	}
	n[0] |= 0x80 >> ((8 - bits%8) % 8) // exactly bits bits
	if bits%8 != 0 {
		n[0] &= 0xff >> (8 - bits%8)
	}
	n[len(n)-1] |= 1
	return map[string]any{"kty": "RSA", "kid": kid, "n": b64(n), "e": b64(big.NewInt(e).Bytes())}
}

func jwksBody(t *testing.T, keys ...map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Issue 10, item 6: a key set of 20 keys of 262,144 bits with a huge
// exponent held `probe --timeout 5s` for minutes.
func TestHostileRSAKeys(t *testing.T) {
	var keys []map[string]any
	for i := range 20 {
		keys = append(keys, rsaJWK(t, fmt.Sprintf("huge-%d", i), 262144, 1<<31-1))
	}
	body := jwksBody(t, keys...)
	j := ParseJWKS(Answer{URL: "https://idp.example/jwks", Status: 200}, body)
	if len(j.Keys) != 20 {
		t.Fatalf("%d keys", len(j.Keys))
	}
	for _, k := range j.Keys {
		if k.PublicKey != nil || !strings.HasPrefix(k.Problem, RefusedPrefix) || k.Bits != 262144 {
			t.Fatalf("key %s: bits %d, problem %q, usable %v", k.Kid, k.Bits, k.Problem, k.PublicKey != nil)
		}
	}
	// a token without kid is checked against no refused key, quickly
	hdr := b64([]byte(`{"alg":"RS256","typ":"JWT"}`))
	pl := b64([]byte(`{"iss":"https://idp.example","aud":"c","exp":9999999999,"iat":1,"sub":"s"}`))
	raw := hdr + "." + pl + "." + b64(make([]byte, 32768))
	tok, err := ParseJWT(raw)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Verdict, 1)
	go func() {
		done <- StrictVerdict(context.Background(), raw, tok, "https://idp.example", "c", []string{"RS256"}, j, "", time.Unix(2, 0))
	}()
	select {
	case v := <-done:
		if v.Accepted {
			t.Error("a token no key verifies was accepted")
		}
	case <-time.After(60 * time.Second):
		t.Fatal("verifying one token against the key set takes more than a minute")
	}
}

func TestRSAKeyLimits(t *testing.T) {
	cases := []struct {
		bits    int
		e       int64
		refused bool
	}{
		{2048, 65537, false}, {8192, 65537, false}, {8193, 65537, true}, {4096, 3, false},
		{2048, 65539, true}, {2048, 1<<31 - 1, true}, {2048, 4, true},
	}
	for _, c := range cases {
		j := ParseJWKS(Answer{Status: 200}, jwksBody(t, rsaJWK(t, "k", c.bits, c.e)))
		k := j.Keys[0]
		if refused := strings.HasPrefix(k.Problem, RefusedPrefix); refused != c.refused || refused == (k.PublicKey != nil) {
			t.Errorf("%d bits, e=%d: problem %q, usable %v; want refused=%v", c.bits, c.e, k.Problem, k.PublicKey != nil, c.refused)
		}
	}
}

func TestKeysTriedPerToken(t *testing.T) {
	var keys []map[string]any
	for i := range 10 {
		keys = append(keys, rsaJWK(t, fmt.Sprintf("k%d", i), 2048, 65537))
	}
	keys = append(keys, rsaJWK(t, "k3", 2048, 65537))
	j := ParseJWKS(Answer{Status: 200}, jwksBody(t, keys...))
	if n := len(keysToTry(j, "")); n != MaxKeysTried {
		t.Errorf("no kid: %d keys tried, want %d", n, MaxKeysTried)
	}
	if n := len(keysToTry(j, "k3")); n != 2 {
		t.Errorf("kid k3: %d keys tried, want the 2 with that kid", n)
	}
	if n := len(keysToTry(j, "unknown")); n != MaxKeysTried {
		t.Errorf("unknown kid: %d keys tried", n)
	}
}

// Issue 10, item 12: --listen answered the first callback even with the
// wrong state; now a wrong or missing state gets an error page and the
// listener waits for the real one.
func TestAuthCodeListenWrongState(t *testing.T) {
	f := newFake(t)
	o, addr := listenOpts(t, f)
	statuses := make(chan int, 4)
	o.Browser = func(u string) {
		for _, q := range []string{"?code=planted&state=wrong", "?code=planted", "?error=access_denied"} {
			r, err := http.Get("http://" + addr + "/oauth-callback.php" + q)
			if err != nil {
				statuses <- -1
				continue
			}
			r.Body.Close()
			statuses <- r.StatusCode
		}
		resp, err := f.Client.Get(u)
		if err != nil {
			return
		}
		resp.Body.Close()
		if r2, err := http.Get(resp.Header.Get("Location")); err == nil {
			r2.Body.Close()
		}
	}
	facts := Run(context.Background(), entraSettings(t, fakeidp.Tenant, nil), o)
	close(statuses)
	for s := range statuses {
		if s != http.StatusBadRequest {
			t.Errorf("a callback without this sign-in's state got HTTP %d, want 400", s)
		}
	}
	if ac := tokenByGrant(facts, "authorization_code"); ac == nil || !ac.OK {
		t.Fatalf("the real redirect after the planted ones: %+v (callback %+v)", ac, facts.Callback)
	}
}

// listenOpts are options for the code flow with --listen on a free
// loopback port, registered as the fake's redirect URI.
func listenOpts(t *testing.T, f *fakeidp.Server) (Options, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0") // find a free port
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	f.RedirectURIs = []string{"http://" + addr + "/oauth-callback.php"}
	o := opts(f)
	o.ClientCredentials = false
	o.AuthCode = true
	o.Listen = addr
	return o, addr
}
