package probe

import (
	"context"
	"io"
	"net"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
	"github.com/espo-oidc/espo-oidc/probe/fakeidp"
)

// accepting listens on loopback and hands over each accepted connection.
func accepting(t *testing.T) (string, chan net.Conn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	conns := make(chan net.Conn, 8)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	return l.Addr().String(), conns
}

func accepted(t *testing.T, conns chan net.Conn) net.Conn {
	t.Helper()
	select {
	case c := <-conns:
		t.Cleanup(func() { c.Close() })
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no connection")
	}
	return nil
}

// The connection dialed ahead is made before it is asked for and handed
// out once; a stale one is closed and replaced; Close closes the unused.
func TestDialAhead(t *testing.T) {
	addr, conns := accepting(t)
	d := newDialAhead((&net.Dialer{}).DialContext)
	d.start(context.Background(), "https://"+addr+"/oidc/userinfo")
	server := accepted(t, conns) // before any request asked for it
	c, err := d.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.LocalAddr().String() != server.RemoteAddr().String() || d.used.Load() != 1 {
		t.Fatalf("not the connection dialed ahead: %v vs %v, used %d", c.LocalAddr(), server.RemoteAddr(), d.used.Load())
	}
	c2, err := d.DialContext(context.Background(), "tcp", addr) // handed out once: a new one
	if err != nil {
		t.Fatal(err)
	}
	c2.Close()
	accepted(t, conns)

	old := freshFor
	freshFor = 0
	d.start(context.Background(), "https://"+addr+"/")
	stale := accepted(t, conns)
	c3, err := d.DialContext(context.Background(), "tcp", addr)
	freshFor = old
	if err != nil {
		t.Fatal(err)
	}
	c3.Close()
	accepted(t, conns) // a new connection instead
	stale.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := stale.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("the stale connection was not closed: %v", err)
	}
	if d.used.Load() != 1 {
		t.Errorf("used %d", d.used.Load())
	}

	d.start(context.Background(), "https://"+addr+"/")
	unused := accepted(t, conns)
	d.Close()
	unused.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := unused.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("an unused connection was not closed: %v", err)
	}
	d.start(context.Background(), "https://"+addr+"/") // closed: nothing
	select {
	case c := <-conns:
		c.Close()
		t.Error("dialed after Close")
	case <-time.After(100 * time.Millisecond):
	}
	for _, u := range []string{"", "mailto:x@y", "https://", "://bad"} {
		d2 := newDialAhead((&net.Dialer{}).DialContext)
		d2.start(context.Background(), u)
		if len(d2.ahead) != 0 {
			t.Errorf("%q dialed", u)
		}
	}
}

// A probe with its own client makes the userinfo connection while the
// password grant runs, when no parallel step talks to the userinfo host
// (here localhost, against 127.0.0.1 for the rest), and userinfo works.
func TestProbeDialsUserinfoAhead(t *testing.T) {
	f := newFake(t)
	f.Latency = 50 * time.Millisecond
	var made []*dialAhead
	onDialAhead = func(d *dialAhead) { made = append(made, d) }
	defer func() { onDialAhead = nil }()
	base := "https://" + f.Addr + "/" + fakeidp.Tenant
	_, port, _ := net.SplitHostPort(f.Addr)
	s := entraSettings(t, fakeidp.Tenant, map[string]any{
		"oidcAuthorizationEndpoint": base + "/oauth2/v2.0/authorize",
		"oidcTokenEndpoint":         base + "/oauth2/v2.0/token",
		"oidcJwksEndpoint":          base + "/discovery/v2.0/keys",
		"oidcUserInfoEndpoint":      "https://localhost:" + port + "/oidc/userinfo",
	})
	o := DefaultOptions()
	o.CAFile, o.Timeout = f.CAFile, 5*time.Second
	o.Issuer = base + "/v2.0"
	o.Username, o.Password = fakeidp.User, espo.NewSecret(fakeidp.Password)
	res := Run(context.Background(), s, o)
	if len(made) != 1 {
		t.Fatalf("%d dialers", len(made))
	}
	if res.UserInfo == nil || !res.UserInfo.OK || tokenByGrant(res, facts.GrantPassword) == nil {
		t.Fatalf("userinfo %+v, failures %+v", res.UserInfo, res.Failures)
	}
	if got := made[0].used.Load(); got != 1 {
		t.Errorf("userinfo used %d connections dialed ahead, want 1", got)
	}
}
