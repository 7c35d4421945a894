package probe

import (
	"io"
	"net/http"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
)

// MaxBody caps every response body the probe reads.
const MaxBody = 1 << 20

// Options tune a probe run.
type Options struct {
	Timeout time.Duration // per request; EspoCRM's curl uses 10 s
	Issuer  string        // overrides the issuer the endpoints imply
	CAFile  string        // extra PEM roots for a private CA (TLS stays verified)

	// ClientCredentials runs the client-credentials grant (default when a
	// secret is known). Scope overrides its scope (Entra: the cloud's Graph
	// /.default).
	ClientCredentials bool
	Scope             string

	// AuthorizeCheck GETs the authorize URL EspoCRM builds (no browser,
	// no secret) to catch an unregistered redirect URI or client ID.
	AuthorizeCheck bool

	// Username runs the password grant for that account; Password comes
	// from stdin or an environment variable, never a flag value.
	Username string
	Password espo.Secret

	// AuthCode runs the authorization-code flow: the authorize URL is
	// written to Prompt and the final URL read from Paste, or caught by a
	// loopback listener on Listen (host:port).
	AuthCode    bool
	Prompt      io.Writer
	Paste       io.Reader
	Listen      string
	RedirectURI string // overrides EspoCRM's redirect URI (with --listen)
	// Browser, when set, is called with the authorize URL (tests play the
	// browser with it); otherwise the URL is only printed.
	Browser func(authorizeURL string)

	Users     string // --users FILE: CSV or JSON export of EspoCRM users
	UsersData []User // already loaded users (overrides Users)

	UserNameMaxLength int              // EspoCRM's User.userName maxLength (50)
	Now               func() time.Time // the clock (tests)
	// Client overrides the HTTP client (tests); its transport is wrapped to
	// record the timeline.
	Client *http.Client
}

// DefaultOptions are the options of a plain `probe` run.
func DefaultOptions() Options {
	return Options{
		Timeout:           10 * time.Second,
		ClientCredentials: true,
		AuthorizeCheck:    true,
		UserNameMaxLength: 50,
		Now:               time.Now,
	}
}
