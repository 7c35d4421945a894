// Package provider is espo-oidc's knowledge of the identity providers EspoCRM
// users connect to, one Profile per provider: how it is recognised from the
// configured endpoints (and the issuer), the shape of its endpoints and what
// must be the same across them (one realm, one authorization server, one
// application), the claims its ID token carries by default, the username and
// group claims that work with EspoCRM, its signing algorithms, client
// authentication, logout, prompt and PKCE, and its typical error texts with
// cause and fix.
//
// Profiles are data. Rules, probe, explain and logs read them; nothing here
// reads files or the network. Microsoft Entra ID is one profile among the
// others; its details stay in package entra, which the Entra profile wraps.
//
// Facts the profiles rest on are sourced from the providers' public
// documentation, source code and issue threads; those not verified say so in
// the profile's Unverified fields.
package provider

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
)

// Kind is an identity provider (or one variant of it) recognised from the
// endpoints.
type Kind string

const (
	Unknown   Kind = "unknown" // no endpoint configured
	Generic   Kind = "generic" // endpoints of no known provider
	Entra     Kind = "entra"
	EntraB2C  Kind = "entra-b2c"
	EntraCIAM Kind = "entra-external-id"
	Keycloak  Kind = "keycloak"
	Authentik Kind = "authentik"
	Authelia  Kind = "authelia"
	Okta      Kind = "okta"
	Google    Kind = "google"
	Zitadel   Kind = "zitadel"
	Auth0     Kind = "auth0"
	Kanidm    Kind = "kanidm"
	PocketID  Kind = "pocket-id"
	ADFS      Kind = "adfs"
	Dex       Kind = "dex"
)

// Role is the part an endpoint plays in an EspoCRM login.
type Role string

const (
	RoleAuthorization Role = "authorization"
	RoleToken         Role = "token"
	RoleJWKS          Role = "jwks"
	RoleUserInfo      Role = "userinfo"
	RoleLogout        Role = "logout"
	RoleDiscovery     Role = "discovery"
	RoleOther         Role = "other"
)

// Endpoints are the URLs EspoCRM is configured with. Logout is
// oidcLogoutUrl (it may hold the {clientId} and {siteUrl} placeholders).
type Endpoints struct {
	Authorization, Token, JWKS, UserInfo, Logout string
}

// Each returns the configured endpoints in order: authorization, token, JWKS,
// userinfo, logout.
func (e Endpoints) Each() []Configured {
	var out []Configured
	for _, c := range []Configured{{RoleAuthorization, e.Authorization}, {RoleToken, e.Token}, {RoleJWKS, e.JWKS}, {RoleUserInfo, e.UserInfo}, {RoleLogout, e.Logout}} {
		if c.URL = strings.TrimSpace(c.URL); c.URL != "" {
			out = append(out, c)
		}
	}
	return out
}

// Configured is one configured endpoint and the setting it comes from.
type Configured struct {
	Setting Role // the role EspoCRM uses it for
	URL     string
}

// Strength of a recognition.
type Strength int

const (
	NoMatch Strength = iota
	Weak             // a path several providers use (/authorize, /api/oidc/token)
	Strong           // a host or path only this provider uses
)

// Endpoint is one URL as a provider's profile reads it.
type Endpoint struct {
	Raw      string
	Host     string   // lower-case host name
	Base     string   // scheme://host[:port][/prefix] the provider's paths hang off
	Role     Role     // what the path is (authorize, token, ...), as far as the path says
	Scope    string   // the realm / authorization server / application / tenant / client the URL names ("" if none)
	Strength Strength // how surely the URL belongs to this provider
}

// ErrorText is a text a provider shows or returns when an EspoCRM login goes
// wrong.
type ErrorText struct {
	ID         string // stable within the profile, e.g. "invalid-client-credentials"
	Text       string // the provider's wording, <...> for variable parts
	Where      string // where it appears: the login page, the token response (EspoCRM's log), ...
	Error      string // the OAuth error code it comes with, if any
	Cause      string
	Fix        string // what to change, naming the provider's screen or setting
	Rules      []string
	Unverified string // "" when the exact wording is sourced
	// Shared: the wording is the OAuth standard's (RFC 6749) or a library's
	// that other servers use too, so it does not say which provider answered:
	// it is matched only when the provider is known.
	Shared  bool
	pattern string // case-insensitive regexp finding the text
	re      *regexp.Regexp
}

// Claims are what the ID token carries by default.
type Claims struct {
	// IDToken are the claims a code-flow ID token carries with EspoCRM's
	// default scopes (profile email phone) and no extra provider settings.
	IDToken []string
	// UserInfoOnly are claims the provider gives only at the userinfo
	// endpoint by default (EspoCRM 9.1+ reads them there when
	// oidcUserInfoEndpoint is set).
	UserInfoOnly []string
	UserInfoNote string // when and why (versions, the setting that changes it)
	// Absent are claims EspoCRM users reach for that this provider never
	// issues (without custom mappings): Google has no preferred_username.
	Absent []string
	// Username is the claim to put into oidcUsernameClaim; Alternatives work
	// too. UsernameWhy says why.
	Username     string
	Alternatives []string
	UsernameWhy  string
	// Sub describes the sub claim; SubLength is its usual length (EspoCRM's
	// userName holds at most 50 characters).
	Sub       string
	SubLength int
	// Scopes are the scopes the provider supports for a client, when known
	// (nil: not known); EspoCRM's default oidcScopes include phone.
	Scopes []string
	// ScopesRefused: a scope outside Scopes makes the provider refuse the
	// authorization request (rather than ignore the scope).
	ScopesRefused bool
	Setting       string // where the claims are configured
	Unverified    string
}

// GroupFormat is what a group claim's values look like.
type GroupFormat string

const (
	GroupsNone     GroupFormat = "none"      // the provider has no group claim
	GroupsNames    GroupFormat = "names"     // plain group names: sales
	GroupsFullPath GroupFormat = "full-path" // paths: /sales, /emea/sales
	GroupsIDs      GroupFormat = "ids"       // object IDs / UUIDs
	GroupsMixed    GroupFormat = "mixed"     // UUIDs and names together
	GroupsObject   GroupFormat = "object"    // a JSON object, which EspoCRM reads as no groups
)

// Groups is the provider's group claim.
type Groups struct {
	Claim   string      // usual claim name ("" when there is none)
	Default bool        // present without extra provider settings
	Format  GroupFormat // the values' format by default
	Scope   string      // a scope EspoCRM must request for it ("" if none)
	// Custom: a flat list claim can be added (Auth0 and Zitadel Actions),
	// so a configured group claim may well exist.
	Custom     bool
	Setting    string // where the claim is added or changed
	Unverified string
}

// Signing is how the provider signs ID tokens.
type Signing struct {
	Default  string   // default ID-token alg
	Possible []string // algs it can be set to
	// HMACKey is the key HS* tokens are signed with: "client-secret" (EspoCRM
	// can verify them), "provider-key" (it cannot), "" (no HS*).
	HMACKey    string
	Setting    string // where the algorithm is chosen
	Unverified string
}

// ClientAuth is the provider's token-endpoint client authentication.
// EspoCRM sends only client_secret_post.
type ClientAuth struct {
	Default    string   // the method a new client gets
	Methods    []string // methods the provider offers
	Enforced   bool     // the provider refuses methods other than the registered one
	Setting    string   // where the method is set
	Unverified string
}

// AcceptsPost reports whether a client set up the default way accepts
// EspoCRM's client_secret_post.
func (c ClientAuth) AcceptsPost() bool {
	return c.Default == "client_secret_post" || (!c.Enforced && slices.Contains(c.Methods, "client_secret_post"))
}

// Logout is the provider's RP-initiated logout.
type Logout struct {
	EndSession bool // the provider has an end-session endpoint
	// Template is the oidcLogoutUrl to use, with EspoCRM's {clientId} and
	// {siteUrl} placeholders and the provider's host as HOST ("" when there
	// is nothing to recommend).
	Template string
	// NeedsIDTokenHint: post_logout_redirect_uri is honoured only with
	// id_token_hint, which EspoCRM cannot send.
	NeedsIDTokenHint bool
	// NeedsClientID: without id_token_hint the provider needs client_id
	// (EspoCRM can send {clientId}).
	NeedsClientID bool
	Setting       string // where post-logout redirect URIs are registered
	Unverified    string
}

// Prompt is what the provider does with EspoCRM's prompt parameter (EspoCRM
// always sends one; default consent).
type Prompt struct {
	Values     []string // prompt values accepted (nil: not known)
	Note       string   // what consent/login do at this provider
	Unverified string
}

// PKCE is the provider's PKCE support.
type PKCE struct {
	Supported  bool
	Required   bool   // required by default: EspoCRM needs oidcAuthorizationPkce on
	Setting    string // where it is required or relaxed
	Unverified string
}

// Profile is one identity provider.
type Profile struct {
	Kind     Kind
	Variants []Kind // other kinds of the same family (Entra B2C, External ID)
	Name     string // as users call it: "Keycloak"
	Console  string // the admin UI the rules point at
	Docs     []string
	// Shape describes the endpoint paths ({placeholders} for variable
	// parts), by role.
	Shape map[Role]string
	// ScopeName is what must be the same across all endpoints ("realm",
	// "authorization server", ...); "" when the provider has one per host.
	ScopeName string
	// ScopeRoles are the roles whose URLs carry the scope (nil: all).
	ScopeRoles []Role
	// OneBase: every endpoint is on the same host and path prefix.
	OneBase    bool
	Issuer     string // the issuer's shape
	Claims     Claims
	Groups     Groups
	Signing    Signing
	ClientAuth ClientAuth
	Logout     Logout
	Prompt     Prompt
	PKCE       PKCE
	Errors     []ErrorText

	parse     func(u *url.URL) (Endpoint, bool)
	issuer    func(eps []Endpoint) string // the issuer the endpoints imply ("" unknown)
	variant   func(eps []Located) (Kind, *entra.Cloud, string)
	logoutURL func(d Detection) string
	baseEqual func(a, b Endpoint) bool // hosts that count as the same (Entra's alias hosts)
	scopeFold bool                     // scopes compare case-insensitively
}

// Parse reads one URL with this profile. ok is false when the URL is not
// one of this provider's.
func (p *Profile) Parse(raw string) (Endpoint, bool) {
	u, ok := parseURL(raw)
	if !ok {
		return Endpoint{}, false
	}
	return p.parseURL(raw, u)
}

// parseURL is Parse of an already parsed URL.
func (p *Profile) parseURL(raw string, u *url.URL) (Endpoint, bool) {
	if p.parse == nil {
		return Endpoint{}, false
	}
	e, ok := p.parse(u)
	if !ok {
		return Endpoint{}, false
	}
	e.Raw = strings.TrimSpace(raw)
	if e.Host == "" {
		e.Host = strings.ToLower(u.Hostname())
	}
	if e.Base == "" {
		e.Base = origin(u)
	}
	if e.Role == "" {
		e.Role = RoleOther
	}
	return e, true
}

// Family is the profile's kind, or the family a variant belongs to.
func (k Kind) Family() Kind {
	if p := ByKind(k); p != nil {
		return p.Kind
	}
	return k
}

// VerifiedByEspo are the ID-token algorithms EspoCRM can verify (firebase
// php-jwt via EspoCRM's Oidc\KeysProvider: RSA and HMAC only; ES*, PS*,
// EdDSA never).
var VerifiedByEspo = []string{"RS256", "RS384", "RS512", "HS256", "HS384", "HS512"}

// EspoVerifies reports whether EspoCRM can verify an ID token signed with alg.
func EspoVerifies(alg string) bool {
	return slices.Contains(VerifiedByEspo, strings.ToUpper(strings.TrimSpace(alg)))
}

func parseURL(raw string) (*url.URL, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, false
	}
	return u, true
}

func origin(u *url.URL) string { return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) }

// path is the URL path without a trailing slash, lower-cased for matching.
func cleanPath(u *url.URL) string { return strings.TrimSuffix(u.Path, "/") }

func hostIs(u *url.URL, suffixes ...string) bool {
	h := strings.ToLower(u.Hostname())
	for _, s := range suffixes {
		if strings.HasPrefix(s, ".") && strings.HasSuffix(h, s) || h == s {
			return true
		}
	}
	return false
}
