package probe

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/espo-oidc/espo-oidc/facts"
	"github.com/espo-oidc/espo-oidc/internal/netutil"
	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/redact"
)

// NewClient builds the probe's HTTP client: TLS verified (system roots plus
// caFile, when given), proxies from the environment, redirects never
// followed (EspoCRM's curl does not follow them either). Per-request
// timeouts come from the context.
//
// With caFile, the system roots are not loaded (tens of milliseconds) unless
// a server's certificate does not chain to the private CA: a private
// identity provider never pays for them.
func NewClient(caFile string) (*http.Client, error) {
	c, _, err := newClient(caFile)
	return c, err
}

// newClient is NewClient with the dialer that can open a connection ahead
// (Run uses it for the userinfo request).
func newClient(caFile string) (*http.Client, *dialAhead, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = http.ProxyFromEnvironment
	ahead := newDialAhead(tr.DialContext)
	tr.DialContext = ahead.DialContext
	if caFile == "" {
		return &http.Client{Transport: tr, CheckRedirect: noRedirects}, ahead, nil
	}
	b, err := safeio.ReadFile(caFile, safeio.MaxCA) // bounded; a FIFO or device is refused
	if err != nil {
		if safeio.IsLimit(err) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("%s: %v", caFile, strings.TrimPrefix(err.Error(), "open "+caFile+": "))
	}
	private := x509.NewCertPool()
	if !private.AppendCertsFromPEM(b) {
		return nil, nil, fmt.Errorf("%s: no PEM certificate in the file; --ca-file wants the private CA's certificate in PEM (-----BEGIN CERTIFICATE-----)", caFile)
	}
	tr.TLSClientConfig = &tls.Config{RootCAs: private, MinVersion: tls.VersionTLS12}
	lr := &lazyRoots{private: tr, public: map[string]bool{}}
	lr.full = sync.OnceValue(func() *http.Transport {
		lr.loaded.Store(true)
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		pool.AppendCertsFromPEM(b)
		full := tr.Clone()
		full.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		return full
	})
	return &http.Client{Transport: lr, CheckRedirect: noRedirects}, ahead, nil
}

// lazyRoots sends a request trusting the private CA only; when the server's
// certificate is signed by another authority (a public endpoint), it sends
// it again, before any byte of it left (the TLS handshake failed), trusting
// the system roots plus the private CA, as before, and remembers the host.
type lazyRoots struct {
	private *http.Transport
	full    func() *http.Transport
	mu      sync.Mutex
	public  map[string]bool // hosts that need the system roots
	loaded  atomic.Bool     // the system roots were loaded (tests)
}

func (l *lazyRoots) RoundTrip(req *http.Request) (*http.Response, error) {
	l.mu.Lock()
	public := l.public[req.URL.Host]
	l.mu.Unlock()
	if req.URL.Scheme != "https" {
		return l.private.RoundTrip(req) // no TLS: no roots
	}
	if public {
		return l.full().RoundTrip(req)
	}
	resp, err := l.private.RoundTrip(req)
	var cerr *tls.CertificateVerificationError
	var uaerr x509.UnknownAuthorityError
	if err == nil || !errors.As(err, &cerr) || !errors.As(cerr.Err, &uaerr) {
		return resp, err
	}
	if req.Body != nil && req.GetBody == nil {
		return resp, err
	}
	retry := req.Clone(req.Context())
	if req.GetBody != nil {
		if retry.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	l.mu.Lock()
	l.public[req.URL.Host] = true
	l.mu.Unlock()
	return l.full().RoundTrip(retry)
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// recorder runs requests and keeps the timeline. Safe for concurrent use.
type recorder struct {
	client  *http.Client
	timeout time.Duration
	now     func() time.Time

	mu       sync.Mutex
	timeline []Step
	failures []Failure
	dates    []dated
	secrets  *redact.Set // the run's secrets: never in a recorded answer, URL or error
}

// log returns what the recorder saw: the timeline, the steps that did not
// complete, and the answers' Date headers, each in the order they came.
func (r *recorder) log() ([]Step, []Failure, []dated) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.timeline), slices.Clone(r.failures), slices.Clone(r.dates)
}

type dated struct {
	step  facts.StepName
	date  time.Time
	local time.Time
}

// exchange is one request's outcome.
type exchange struct {
	Answer
	body []byte
	// cookies are the cookies the answer set, for the authorize check's
	// jar only: never recorded (their values join the run's secrets).
	cookies []*http.Cookie
}

// do sends one request with the per-request timeout, reads at most MaxBody
// bytes, and records the step. A URL's userinfo is never sent (Go would
// turn it into Authorization: Basic); what is recorded (URL, Location,
// Content-Type, the body, an error's text) has the run's secrets removed
// in every form, and URLs and errors go through the whole policy.
func (r *recorder) do(ctx context.Context, step facts.StepName, req *http.Request) *exchange {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	req = req.WithContext(ctx)
	start := time.Now()
	req.URL.User = nil // never send a URL's userinfo
	ex := &exchange{Answer: Answer{URL: r.secrets.URL(req.URL.String())}}
	resp, err := r.client.Do(req)
	if err == nil {
		ex.Status = resp.StatusCode
		ex.ContentType = r.secrets.String(resp.Header.Get("Content-Type"))
		ex.Location = r.secrets.URL(resp.Header.Get("Location"))
		ex.cookies = resp.Cookies()
		var b []byte
		b, err = io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
		resp.Body.Close()
		if len(b) > MaxBody {
			b = b[:MaxBody]
			ex.Truncated = true
		}
		ex.Bytes = len(b)
		ex.body = r.secrets.Known(b)
		if err != nil {
			err = fmt.Errorf("reading the answer: %w", err)
		}
		if d, perr := http.ParseTime(resp.Header.Get("Date")); perr == nil {
			r.mu.Lock()
			r.dates = append(r.dates, dated{step: step, date: d, local: r.now()})
			r.mu.Unlock()
		}
	}
	ms := time.Since(start).Milliseconds()
	st := Step{Step: step, Method: req.Method, URL: ex.URL, Status: ex.Status, MS: ms}
	if err != nil {
		kind, msg := classify(err, r.timeout)
		msg = r.secrets.String(msg) // Go quotes what a broken server sent
		ex.Failed = true
		ex.Error = msg
		st.Error = msg
		r.mu.Lock()
		r.failures = append(r.failures, Failure{Step: step, URL: ex.URL, Kind: kind, Message: msg})
		r.mu.Unlock()
	}
	r.mu.Lock()
	r.timeline = append(r.timeline, st)
	r.mu.Unlock()
	return ex
}

// classify turns a transport error into a kind and a sentence. The
// sentence can quote what the server sent (a malformed status line, a
// header without a colon): callers pass it through the redaction policy.
func classify(err error, timeout time.Duration) (facts.FailureKind, string) {
	var ue *url.Error
	inner := err
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	var cerr *tls.CertificateVerificationError
	var uaerr x509.UnknownAuthorityError
	var herr x509.HostnameError
	var dnserr *net.DNSError
	var rerr tls.RecordHeaderError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return facts.KindTimeout, fmt.Sprintf("no answer within %s (EspoCRM gives up after 10 s too)", timeout)
	case errors.Is(err, context.Canceled):
		return facts.KindCanceled, "canceled"
	case errors.As(err, &uaerr) || errors.As(err, &cerr) && errors.As(cerr.Err, &uaerr):
		return facts.KindTLS, "TLS: the server's certificate is signed by an unknown authority; if it is a private CA, pass its certificate with --ca-file (EspoCRM's PHP/curl needs it in its CA bundle too)"
	case errors.As(err, &herr):
		return facts.KindTLS, "TLS: " + herr.Error()
	case errors.As(err, &cerr):
		return facts.KindTLS, "TLS: " + cerr.Error()
	case errors.As(err, &rerr):
		return facts.KindTLS, "TLS: the server did not answer with TLS (is it plain http?)"
	case errors.As(err, &dnserr):
		return facts.KindNetwork, "DNS: " + dnserr.Error()
	}
	msg := inner.Error()
	if strings.Contains(msg, "tls:") || strings.Contains(msg, "x509:") {
		return facts.KindTLS, "TLS: " + msg
	}
	return facts.KindNetwork, msg
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// get fetches a URL (discovery, JWKS).
func (r *recorder) get(ctx context.Context, step facts.StepName, u string, hdr map[string]string) *exchange {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		ex := &exchange{Answer: Answer{URL: r.secrets.URL(u), Failed: true, Error: r.secrets.String("not a usable URL: " + err.Error())}}
		return ex
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return r.do(ctx, step, req)
}

// postForm sends a form to the token endpoint, as EspoCRM's curl does
// (application/x-www-form-urlencoded, no Accept header). The body carries
// the client secret: callers check SecretSafe first.
func (r *recorder) postForm(ctx context.Context, step facts.StepName, u string, body string) *exchange {
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		return &exchange{Answer: Answer{URL: r.secrets.URL(u), Failed: true, Error: r.secrets.String("not a usable URL: " + err.Error())}}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r.do(ctx, step, req)
}

// SecretSafe reports whether the client secret may be sent to u: https, or
// plain http only to a loopback address.
func SecretSafe(u string) (bool, string) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return false, "the token endpoint is not a URL"
	}
	switch strings.ToLower(p.Scheme) {
	case "https":
		return true, ""
	case "http":
		if netutil.IsLoopback(p.Hostname()) {
			return true, ""
		}
		return false, "the token endpoint is plain http on a non-loopback host: the probe does not send the client secret over an unencrypted connection (EspoCRM would)"
	}
	return false, "the token endpoint's scheme is neither https nor http"
}

func jsonDecoder(b []byte) *json.Decoder {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d
}

// snippet is a short, printable, secret-free excerpt of a non-JSON body for
// messages (HTML error pages, proxies).
func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	var out strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			r = ' '
		}
		out.WriteRune(r)
	}
	return out.String()
}
