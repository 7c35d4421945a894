package probe

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// dialAhead opens, while the parallel steps run, the TCP connection of a
// request the probe will make later on a host none of them talks to: the
// userinfo request waits for the token, and on Entra its host
// (graph.microsoft.com) is not the token endpoint's. The request then
// starts with its connection made, one round trip sooner. Only a connection
// made in the last freshFor is handed out (a server may drop one that
// carries nothing for long); the rest are closed, and Close closes what
// was never used.
type dialAhead struct {
	dial func(ctx context.Context, network, addr string) (net.Conn, error)

	mu     sync.Mutex
	ahead  map[string]*pending // "host:port" -> its connection, being or already dialed
	closed bool
	used   atomic.Int32 // connections dialed ahead and handed out (tests)
}

type pending struct {
	done chan struct{}
	conn net.Conn
	err  error
	at   time.Time // when the connection was made
}

var freshFor = 3 * time.Second // a variable for the tests

func newDialAhead(dial func(ctx context.Context, network, addr string) (net.Conn, error)) *dialAhead {
	d := &dialAhead{dial: dial, ahead: map[string]*pending{}}
	if onDialAhead != nil {
		onDialAhead(d)
	}
	return d
}

// onDialAhead, when set (tests), sees every dialAhead made.
var onDialAhead func(*dialAhead)

// dialAddr is the address the transport dials for u: the host as written
// (net/http does not change an ASCII host's case) and the port, the
// scheme's when none is written.
func dialAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// hostPort is dialAddr of a URL in lower case, for comparing hosts; ""
// when it has none.
func hostPort(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(dialAddr(u))
}

// start dials the host of rawURL now, unless a proxy is in the way (the
// connection would go to the proxy) or the URL is unusable; the dial ends
// with ctx.
func (d *dialAhead) start(ctx context.Context, rawURL string) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return
	}
	if p, err := http.ProxyFromEnvironment(&http.Request{URL: u}); err != nil || p != nil {
		return
	}
	addr := dialAddr(u)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.ahead[addr] != nil {
		return
	}
	p := &pending{done: make(chan struct{})}
	d.ahead[addr] = p
	go func() {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		p.conn, p.err = d.dial(ctx, "tcp", addr)
		p.at = time.Now()
		close(p.done)
	}()
}

// DialContext is the transport's dialer: the connection dialed ahead for
// addr when there is a fresh one (waiting for it if it is being made),
// else a new one.
func (d *dialAhead) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	d.mu.Lock()
	p := d.ahead[addr]
	delete(d.ahead, addr)
	d.mu.Unlock()
	if p != nil {
		select {
		case <-p.done:
			if p.err == nil && network == "tcp" && time.Since(p.at) < freshFor {
				d.used.Add(1)
				return p.conn, nil
			}
			if p.conn != nil {
				p.conn.Close()
			}
		case <-ctx.Done():
			go p.discard()
			return nil, ctx.Err()
		}
	}
	return d.dial(ctx, network, addr)
}

func (p *pending) discard() {
	<-p.done
	if p.conn != nil {
		p.conn.Close()
	}
}

// Close closes the connections dialed ahead that were never used; start
// does nothing after it.
func (d *dialAhead) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	for addr, p := range d.ahead {
		go p.discard()
		delete(d.ahead, addr)
	}
}
