// Package facts is what the live probe observed, as data: the probe
// (package probe) fills a Facts, the probe rules (package rules) judge it.
// It is a leaf: it links no HTTP, TLS or JWT code, so the rule catalog does
// not either. Steps, failure kinds, grants and user outcomes are typed
// constants. A Facts never holds a secret: tokens, codes, passwords and the
// client secret appear at most as a fingerprint.
package facts

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"time"
)

// Facts is what one probe run observed.
type Facts struct {
	Started  time.Time `json:"started"`
	Provider string    `json:"provider"` // provider.Kind of the configured endpoints

	// Issuer is the issuer the probe expected (from --issuer or the
	// endpoints); IssuerFrom says which.
	Issuer     string `json:"issuer,omitempty"`
	IssuerFrom string `json:"issuerFrom,omitempty"`

	Discovery     *Discovery `json:"discovery,omitempty"`
	JWKS          *JWKS      `json:"jwks,omitempty"`          // the configured oidcJwksEndpoint
	DiscoveryJWKS *JWKS      `json:"discoveryJwks,omitempty"` // discovery's jwks_uri when it differs
	// AppJWKS is the key set with ?appid=<client id>, fetched when an Entra
	// token's kid is in neither set: apps with custom signing keys (claims
	// mapping) sign with keys only listed there (entra.md §1.1).
	AppJWKS *JWKS `json:"appJwks,omitempty"`
	// AppKidFound: the token's kid is in AppJWKS.
	AppKidFound  bool            `json:"appKidFound,omitempty"`
	Tokens       []*TokenResult  `json:"tokens,omitempty"`       // every token request, in order
	AuthorizeURL string          `json:"authorizeUrl,omitempty"` // as EspoCRM's login page builds it (state/nonce/challenge are one-off values)
	RedirectURI  string          `json:"redirectUri,omitempty"`  // the redirect URI the code flow used
	Callback     *Callback       `json:"callback,omitempty"`     // what came back on the redirect URI (code flow)
	Authorize    *AuthorizeCheck `json:"authorize,omitempty"`    // a GET of the authorize URL, without a browser

	// IDToken holds the claims of the ID token the probe obtained (never
	// the token itself); IDTokenHeader its JOSE header.
	IDToken       map[string]any `json:"idToken,omitempty"`
	IDTokenHeader map[string]any `json:"idTokenHeader,omitempty"`
	IDTokenFrom   Grant          `json:"idTokenFrom,omitempty"` // the grant that returned it
	Strict        *Verdict       `json:"strict,omitempty"`      // go-oidc's verdict
	Espo          *Verdict       `json:"espo,omitempty"`        // EspoCRM's verdict (espocrm-oidc.md §2 step 9)
	UserInfo      *UserInfo      `json:"userInfo,omitempty"`
	User          *UserOutcome   `json:"user,omitempty"`
	Teams         *Teams         `json:"teams,omitempty"`
	Clock         *Clock         `json:"clock,omitempty"`
	Timeline      []Step         `json:"timeline"`
	// Failures are the steps that could not complete (network, TLS,
	// timeout): the probe is incomplete (exit code 3).
	Failures []Failure `json:"failures,omitempty"`
	// Notes are things the probe did not do, and why (no secret known, a
	// plain-http token endpoint, no issuer).
	Notes []string `json:"notes,omitempty"`
}

// HasIDToken reports whether the probe obtained an ID token.
func (f *Facts) HasIDToken() bool { return f != nil && f.IDToken != nil }

// Incomplete is non-nil when the probe could not complete a step because of
// the network, TLS or a timeout (exit code 3). HTTP answers, even errors,
// are findings, not incompleteness.
func (f *Facts) Incomplete() error {
	if f == nil || len(f.Failures) == 0 {
		return nil
	}
	// one line per distinct reason, naming every step it hit
	var order []string
	steps := map[string][]string{}
	for _, fl := range f.Failures {
		if steps[fl.Message] == nil {
			order = append(order, fl.Message)
		}
		steps[fl.Message] = append(steps[fl.Message], string(fl.Step))
	}
	var parts []string
	for _, m := range order {
		parts = append(parts, strings.Join(steps[m], ", ")+": "+m)
	}
	return errors.New("the probe could not complete: " + strings.Join(parts, "; "))
}

// Failure is a step that did not complete.
type Failure struct {
	Step    StepName    `json:"step"`
	URL     string      `json:"url,omitempty"`
	Kind    FailureKind `json:"kind"`
	Message string      `json:"message"`
}

// StepName names a step of the probe: a request of the timeline, or the
// set-up before any request.
type StepName string

const (
	StepSetup             StepName = "setup" // reading --ca-file and the like
	StepUsers             StepName = "users" // reading --users
	StepDiscovery         StepName = "discovery"
	StepDiscoveryJWKS     StepName = "discovery-jwks" // discovery's jwks_uri, when it is not the configured one
	StepJWKS              StepName = "jwks"           // the configured oidcJwksEndpoint
	StepJWKSAppID         StepName = "jwks-appid"     // Entra's key set for apps with custom signing keys
	StepAuthorize         StepName = "authorize"
	StepAuthorizeRedirect StepName = "authorize-redirect"
	StepClientCredentials StepName = "client-credentials"
	StepPassword          StepName = "password"
	StepAuthorizationCode StepName = "authorization-code"
	StepUserInfo          StepName = "userinfo"
)

// FailureKind is why a step did not complete.
type FailureKind string

const (
	KindTimeout  FailureKind = "timeout"
	KindTLS      FailureKind = "tls"
	KindNetwork  FailureKind = "network"
	KindCanceled FailureKind = "canceled" // the run was cancelled (Ctrl-C, the code flow's wait)
	KindInput    FailureKind = "input"    // a local input was unusable (--ca-file, --users, the callback)
)

// Grant is an OAuth grant type of a token request.
type Grant string

const (
	GrantClientCredentials Grant = "client_credentials"
	GrantPassword          Grant = "password"
	GrantAuthorizationCode Grant = "authorization_code"
)

// Outcome is what EspoCRM would do with the signed-in user.
type Outcome string

const (
	OutcomeUnknown          Outcome = "unknown" // no --users
	OutcomeFound            Outcome = "found"
	OutcomeNotFound         Outcome = "not-found"
	OutcomeWouldBeCreated   Outcome = "would-be-created"
	OutcomeInactive         Outcome = "inactive"
	OutcomeAdminNotAllowed  Outcome = "admin-not-allowed"
	OutcomeSuperAdmin       Outcome = "super-admin"
	OutcomeWrongType        Outcome = "wrong-type"
	OutcomePortal           Outcome = "portal"
	OutcomeUsernameMismatch Outcome = "username-mismatch"
	OutcomeTooLong          Outcome = "too-long"
	OutcomeClaimMissing     Outcome = "claim-missing"
	OutcomeBadClaim         Outcome = "bad-claim" // not a string: creation and sync fail (Bad username claim returned in token.)
)

// Validators of a Verdict.
const (
	ValidatorGoOIDC  = "go-oidc"
	ValidatorEspoCRM = "espocrm"
)

// Step is one request of the timeline.
type Step struct {
	Step   StepName `json:"step"`
	Method string   `json:"method"`
	URL    string   `json:"url"` // never carries a secret (the secret travels in the body)
	Status int      `json:"status"`
	MS     int64    `json:"ms"`
	Error  string   `json:"error,omitempty"`
}

// Answer is the common part of one HTTP exchange.
type Answer struct {
	URL         string `json:"url"`
	Status      int    `json:"status"` // 0: no answer (see Failure)
	ContentType string `json:"contentType,omitempty"`
	Location    string `json:"location,omitempty"` // a redirect's target (not followed)
	Truncated   bool   `json:"truncated,omitempty"`
	Bytes       int    `json:"bytes"`
	Failed      bool   `json:"failed,omitempty"` // no answer: network, TLS, timeout
	Error       string `json:"error,omitempty"`  // transport error, or why the body is unusable
	Snippet     string `json:"snippet,omitempty"`
}

// Discovery is the OpenID provider configuration document and how it
// compares with the settings.
type Discovery struct {
	Answer
	Issuer                  string         `json:"issuer,omitempty"`
	AuthorizationEndpoint   string         `json:"authorizationEndpoint,omitempty"`
	TokenEndpoint           string         `json:"tokenEndpoint,omitempty"`
	JwksURI                 string         `json:"jwksUri,omitempty"`
	UserInfoEndpoint        string         `json:"userinfoEndpoint,omitempty"`
	EndSessionEndpoint      string         `json:"endSessionEndpoint,omitempty"`
	AuthMethods             []string       `json:"tokenEndpointAuthMethodsSupported,omitempty"`
	AuthMethodsGiven        bool           `json:"-"`
	SigningAlgs             []string       `json:"idTokenSigningAlgValuesSupported,omitempty"`
	ScopesSupported         []string       `json:"scopesSupported,omitempty"`
	GrantTypes              []string       `json:"grantTypesSupported,omitempty"`
	CodeChallengeMethods    []string       `json:"codeChallengeMethodsSupported,omitempty"`
	Valid                   bool           `json:"valid"`             // 200, JSON object, issuer present
	Problem                 string         `json:"problem,omitempty"` // why it is not valid, in words
	IssuerMatches           bool           `json:"issuerMatches"`
	IssuerTemplate          bool           `json:"issuerTemplate,omitempty"` // Entra's {tenantid} template (common / organizations)
	IssuerExplanation       string         `json:"issuerExplanation,omitempty"`
	InsecureEndpoints       []string       `json:"insecureEndpoints,omitempty"` // discovery values that are not https
	Diffs                   []EndpointDiff `json:"diffs,omitempty"`
	ClientSecretPostAllowed bool           `json:"clientSecretPostAllowed"`
	AlgsNotSupported        []string       `json:"algsNotSupported,omitempty"` // configured algorithms the IdP does not sign with
	AlgsUsable              []string       `json:"algsUsable,omitempty"`       // configured ∩ supported
	AADSTS                  int            `json:"aadsts,omitempty"`
	OAuthError              string         `json:"oauthError,omitempty"`
}

// EndpointDiff is a configured endpoint that differs from discovery.
type EndpointDiff struct {
	Key        string `json:"key"`        // the EspoCRM setting
	Configured string `json:"configured"` // "" when the setting is empty
	Discovered string `json:"discovered"`
	Note       string `json:"note,omitempty"` // why the difference matters or not
	Harmless   bool   `json:"harmless,omitempty"`
}

// JWKS is a JSON Web Key Set as fetched.
type JWKS struct {
	Answer
	Keys    []Key  `json:"keys,omitempty"`
	Valid   bool   `json:"valid"`             // a JSON object with a keys array
	Problem string `json:"problem,omitempty"` // how EspoCRM fails on it (espocrm-oidc.md §2, JWKS)
	// EspoFails is EspoCRM's hard failure on this set ("Bad JWK value." for
	// an RSA key without kid), "" when EspoCRM can use it.
	EspoFails string `json:"espoFails,omitempty"`
	// SameAsDiscovery: the configured and the discovered sets hold the same
	// kids (nil: not compared).
	SameAsDiscovery *bool    `json:"sameAsDiscovery,omitempty"`
	OnlyHere        []string `json:"onlyHere,omitempty"`        // kids only in the configured set
	OnlyInDiscovery []string `json:"onlyInDiscovery,omitempty"` // kids only in discovery's set
}

// Find returns the key with kid, or nil.
func (j *JWKS) Find(kid string) *Key {
	if j == nil {
		return nil
	}
	for i := range j.Keys {
		if j.Keys[i].Kid == kid && kid != "" {
			return &j.Keys[i]
		}
	}
	return nil
}

// Kids lists the set's key IDs, sorted.
func (j *JWKS) Kids() []string {
	var out []string
	if j == nil {
		return nil
	}
	for _, k := range j.Keys {
		if k.Kid != "" {
			out = append(out, k.Kid)
		}
	}
	slices.Sort(out)
	return out
}

// Key is one JWK, described without its key material.
type Key struct {
	Kid       string `json:"kid,omitempty"`
	Kty       string `json:"kty,omitempty"`
	Alg       string `json:"alg,omitempty"`
	Use       string `json:"use,omitempty"`
	Bits      int    `json:"bits,omitempty"` // RSA modulus or EC curve size
	Issuer    string `json:"issuer,omitempty"`
	Private   bool   `json:"private,omitempty"`   // carries private RSA/EC members (d, p, q, ...)
	Symmetric bool   `json:"symmetric,omitempty"` // kty oct
	Problem   string `json:"problem,omitempty"`
	// Refused: the probe does not use the key at all (a modulus over 8192
	// bits, an even or huge exponent); Problem says why.
	Refused bool   `json:"refused,omitempty"`
	X5t     string `json:"x5t,omitempty"`
	// PublicKey is the parsed public key (*rsa.PublicKey, or
	// *ecdsa.PublicKey for the strict check), for the probe's signature
	// checks; never serialised.
	PublicKey any `json:"-"`
}

// TokenResult is one token request and its answer.
type TokenResult struct {
	Answer
	Grant       Grant    `json:"grant"`
	Scope       string   `json:"scope,omitempty"`
	OK          bool     `json:"ok"` // 200 with the tokens the grant should return
	OAuthError  string   `json:"oauthError,omitempty"`
	Description string   `json:"description,omitempty"` // error_description, first line
	AADSTS      int      `json:"aadsts,omitempty"`
	ErrorCodes  []int    `json:"errorCodes,omitempty"`
	HasIDToken  bool     `json:"hasIdToken,omitempty"`
	HasAccess   bool     `json:"hasAccessToken,omitempty"`
	HasRefresh  bool     `json:"hasRefreshToken,omitempty"`
	TokenType   string   `json:"tokenType,omitempty"`
	ExpiresIn   int64    `json:"expiresIn,omitempty"`
	Fields      []string `json:"fields,omitempty"` // members of the answer (names only)
	// EspoOutcome is what EspoCRM's Login::requestToken would do with this
	// answer (espocrm-oidc.md §2 step 7).
	EspoOutcome string `json:"espoOutcome,omitempty"`
}

// AuthorizeCheck is what the authorize endpoint answers to the URL
// EspoCRM's login page builds, fetched without a browser (no cookies, no
// redirects followed): an unregistered redirect URI or an unknown client ID
// shows up here before anyone signs in.
type AuthorizeCheck struct {
	Answer
	OK               bool   `json:"ok"`
	AADSTS           int    `json:"aadsts,omitempty"`
	RedirectRejected bool   `json:"redirectRejected,omitempty"`
	ClientRejected   bool   `json:"clientRejected,omitempty"`
	OAuthError       string `json:"oauthError,omitempty"` // error= on a redirect back to the redirect URI
	Text             string `json:"text,omitempty"`       // the error text found on the page
}

// Callback is what the redirect to EspoCRM's callback carried.
type Callback struct {
	HasCode          bool   `json:"hasCode"`
	StateOK          bool   `json:"stateOk"`
	Error            string `json:"error,omitempty"`
	ErrorDescription string `json:"errorDescription,omitempty"`
	AADSTS           int    `json:"aadsts,omitempty"`
	RedirectURI      string `json:"redirectUri,omitempty"` // where the browser landed (scheme, host, path)
}

// Verdict is one validator's judgement of the ID token.
type Verdict struct {
	Validator string   `json:"validator"` // go-oidc, espocrm
	Accepted  bool     `json:"accepted"`
	Reasons   []string `json:"reasons,omitempty"` // why rejected, in words
	Checks    []Check  `json:"checks"`
	// Status is the HTTP status the login ends in when rejected (espocrm:
	// 401 for a denial, 500 for an exception such as a parsing error).
	Status int `json:"status,omitempty"`
	// EspoCRM is the EspoCRM version an espocrm verdict follows.
	EspoCRM string `json:"espocrm,omitempty"`
}

// Check is one step of a verdict.
type Check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail,omitempty"`
}

// UserInfo is the userinfo call EspoCRM makes (9.1+) when the endpoint is set.
type UserInfo struct {
	Answer
	OK      bool           `json:"ok"`
	Problem string         `json:"problem,omitempty"` // how EspoCRM fails on it
	Claims  map[string]any `json:"claims,omitempty"`
}

// UserOutcome is what EspoCRM would do with the user the token names.
type UserOutcome struct {
	Claim      string  `json:"claim"`
	From       string  `json:"from,omitempty"` // id_token, userinfo, "" (missing)
	Raw        string  `json:"raw,omitempty"`
	Normalized string  `json:"normalized,omitempty"`
	NotString  bool    `json:"notString,omitempty"` // the claim is an array or object: PHP TypeError
	TooLong    bool    `json:"tooLong,omitempty"`   // longer than the userName limit
	MaxLength  int     `json:"maxLength"`
	Outcome    Outcome `json:"outcome"`
	Detail     string  `json:"detail"`
	Matched    string  `json:"matched,omitempty"` // the userName matched in --users
	UserType   string  `json:"userType,omitempty"`
}

// Teams is what team sync would do (espocrm-oidc.md §4, Sync).
type Teams struct {
	Claim     string   `json:"claim"`
	Present   bool     `json:"present"`
	Groups    []string `json:"groups,omitempty"`
	Overage   bool     `json:"overage,omitempty"` // _claim_names / hasgroups instead of groups
	GUIDs     bool     `json:"guids,omitempty"`   // every value is an object ID
	Assigned  []string `json:"assigned,omitempty"`
	Removed   []string `json:"removed,omitempty"` // teams of the user (from --users) sync would remove
	SyncTeams bool     `json:"syncTeams"`
}

// Clock is the local clock against the IdP's Date header.
type Clock struct {
	ServerDate time.Time     `json:"serverDate"`
	Local      time.Time     `json:"local"`
	Skew       time.Duration `json:"skew"` // local minus server (positive: local clock ahead)
	From       StepName      `json:"from"` // the step whose Date header was used
}

// ClaimString reads a string claim ("" when absent or not a string).
func ClaimString(c map[string]any, k string) string { s, _ := c[k].(string); return s }

// ClaimTime reads a NumericDate claim.
func ClaimTime(c map[string]any, k string) (time.Time, bool) {
	var f float64
	switch v := c[k].(type) {
	case json.Number:
		x, err := v.Float64()
		if err != nil {
			return time.Time{}, false
		}
		f = x
	case float64:
		f = v
	default:
		return time.Time{}, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f > 1e12 || f < -1e12 {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0).UTC(), true
}
