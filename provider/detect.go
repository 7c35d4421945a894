package provider

import (
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/internal/lazyre"
)

// profiles in detection order (ties go to the earlier one); Generic is last
// and recognises nothing.
var profiles []*Profile

func init() {
	for _, p := range []*Profile{EntraProfile, KeycloakProfile, AuthentikProfile, AutheliaProfile, OktaProfile, GoogleProfile,
		ZitadelProfile, Auth0Profile, KanidmProfile, PocketIDProfile, ADFSProfile, DexProfile, GenericProfile} {
		register(p)
	}
}

func register(p *Profile) *Profile {
	profiles = append(profiles, p)
	return p
}

// compileErrors compiles the error patterns on first use: start-up pays
// nothing for them.
var compileErrors = sync.OnceFunc(func() {
	for _, p := range profiles {
		for i := range p.Errors {
			p.Errors[i].re = regexp.MustCompile(p.Errors[i].Pattern())
		}
	}
})

// All returns every profile, the generic one last.
func All() []*Profile { return append([]*Profile(nil), profiles...) }

// ByKind returns the profile of a kind or of one of its variants, or nil
// (Unknown has no profile).
func ByKind(k Kind) *Profile {
	for _, p := range profiles {
		if p.Kind == k {
			return p
		}
		for _, v := range p.Variants {
			if v == k {
				return p
			}
		}
	}
	return nil
}

// Detection is what the configured endpoints say about the provider.
type Detection struct {
	Kind    Kind
	Profile *Profile // the Generic profile for unrecognised endpoints; nil when Unknown
	Host    string   // host of the deciding endpoint
	// Scope is what the endpoints name inside the provider: Entra's tenant,
	// Keycloak's realm, Okta's authorization server ("" for the org
	// server), authentik's application slug, kanidm's client.
	Scope string
	Cloud *entra.Cloud // Entra only
	// Issuer is the issuer the endpoints imply, for discovery; "" when they
	// do not determine one (then the probe needs --issuer).
	Issuer string
	// Endpoints are the configured endpoints this profile recognised.
	Endpoints []Located
}

// Located is a configured endpoint as the detected profile reads it.
type Located struct {
	Setting Role // the EspoCRM setting it is configured in
	Endpoint
}

// Family is the profile's kind ("entra" for every Entra variant).
func (d Detection) Family() string {
	if d.Profile != nil {
		return string(d.Profile.Kind)
	}
	return string(d.Kind)
}

// Is reports whether the detected provider belongs to family k.
func (d Detection) Is(k Kind) bool { return d.Profile != nil && d.Profile.Kind == k }

// Name is the provider's display name ("the identity provider" when unknown).
func (d Detection) Name() string {
	if d.Profile == nil || d.Profile.Kind == Generic {
		return "the identity provider"
	}
	return d.Profile.Name
}

// Endpoint returns the recognised endpoint configured for a setting.
func (d Detection) Endpoint(setting Role) (Located, bool) {
	for _, e := range d.Endpoints {
		if e.Setting == setting {
			return e, true
		}
	}
	return Located{}, false
}

// Detect recognises the identity provider from the configured endpoints:
// the profile with the most strongly recognised endpoints wins (a tie goes
// to the one recognised first, in the order authorization, token, JWKS,
// userinfo, logout). A profile needs one strong match or weak matches on two
// endpoints. When no endpoint is recognised, the issuer (optional) decides.
// Unrecognised endpoints are Generic; none at all is Unknown.
func Detect(eps Endpoints, issuer string) Detection {
	conf := eps.Each()
	urls := make([]*url.URL, len(conf)) // each URL parsed once
	for i, c := range conf {
		if urls[i], _ = parseURL(c.URL); urls[i] != nil {
			// every profile lower-cases the host it reads: once here, and
			// theirs find nothing left to change (these URLs are Detect's own)
			urls[i].Host = strings.ToLower(urls[i].Host)
		}
	}
	var best *Profile
	bestScore, bestFirst := 0, 0
	for _, p := range profiles {
		if p.parse == nil {
			continue
		}
		score, strong, weak, first := 0, 0, 0, -1
		for i := range conf {
			if urls[i] == nil {
				continue
			}
			e, ok := p.parse(urls[i]) // the score needs only the strength; locate fills in the rest for the best
			if !ok {
				continue
			}
			switch e.Strength {
			case Strong:
				strong++
				score += 3
			case Weak:
				weak++
				score++
			}
			if first < 0 {
				first = i
			}
		}
		if strong == 0 && weak < 2 {
			continue
		}
		if best == nil || score > bestScore || score == bestScore && first < bestFirst {
			best, bestScore, bestFirst = p, score, first
		}
	}
	if best == nil && strings.TrimSpace(issuer) != "" {
		for _, p := range profiles {
			if e, ok := p.Parse(issuer); ok && e.Strength == Strong && p.parse != nil {
				d := Detection{Kind: p.Kind, Profile: p, Host: e.Host, Scope: e.Scope, Issuer: strings.TrimSpace(issuer)}
				d.Endpoints = locate(p, conf)
				return d
			}
		}
	}
	if best == nil {
		for _, u := range urls {
			if u != nil {
				return Detection{Kind: Generic, Profile: ByKind(Generic), Host: strings.ToLower(u.Hostname()), Issuer: strings.TrimSpace(issuer)}
			}
		}
		if u, ok := parseURL(issuer); ok {
			return Detection{Kind: Generic, Profile: ByKind(Generic), Host: strings.ToLower(u.Hostname()), Issuer: strings.TrimSpace(issuer)}
		}
		return Detection{Kind: Unknown}
	}
	d := Detection{Kind: best.Kind, Profile: best}
	for i, c := range conf {
		if urls[i] == nil {
			continue
		}
		if e, ok := best.parseURL(c.URL, urls[i]); ok {
			d.Endpoints = append(d.Endpoints, Located{Setting: c.Setting, Endpoint: e})
		}
	}
	// the deciding endpoint: the first recognised one
	if len(d.Endpoints) > 0 {
		first := d.Endpoints[0]
		d.Host = first.Host
		for _, e := range d.Endpoints {
			if e.Scope != "" {
				d.Scope = e.Scope
				break
			}
		}
	}
	if best.variant != nil {
		d.Kind, d.Cloud, d.Scope = best.variant(d.Endpoints)
	}
	if best.issuer != nil {
		d.Issuer = best.issuer(endpointsOf(d.Endpoints))
	}
	if strings.TrimSpace(issuer) != "" {
		d.Issuer = strings.TrimSpace(issuer)
	}
	return d
}

// DetectURLs is Detect for a list of endpoint URLs in the order
// authorization, token, JWKS, userinfo, logout (missing ones empty).
func DetectURLs(urls ...string) Detection {
	var eps Endpoints
	for i, u := range urls {
		switch i {
		case 0:
			eps.Authorization = u
		case 1:
			eps.Token = u
		case 2:
			eps.JWKS = u
		case 3:
			eps.UserInfo = u
		case 4:
			eps.Logout = u
		}
	}
	return Detect(eps, "")
}

func locate(p *Profile, conf []Configured) []Located {
	var out []Located
	for _, c := range conf {
		if e, ok := p.Parse(c.URL); ok {
			out = append(out, Located{Setting: c.Setting, Endpoint: e})
		}
	}
	return out
}

func endpointsOf(ls []Located) []Endpoint {
	out := make([]Endpoint, len(ls))
	for i, l := range ls {
		out[i] = l.Endpoint
	}
	return out
}

// Mismatch is an endpoint that does not belong with the others.
type Mismatch struct {
	Setting Role
	URL     string
	// Scope / Want: the realm, authorization server, application ... this
	// endpoint names, and the one the reference endpoint names.
	Scope, Want string
	// Base / WantBase: the host and path prefix, when those differ.
	Base, WantBase string
	// Foreign: the endpoint is not this provider's at all.
	Foreign bool
	// Reference is the setting the others are compared with.
	Reference Role
}

// Mismatches lists the configured endpoints that do not belong to the same
// realm / authorization server / application / tenant (and host and path
// prefix) as the first one that names one. Authorization, token and JWKS
// endpoints that the profile does not recognise at all are Foreign; a
// userinfo or logout URL elsewhere is not (EspoCRM users point those at
// portals and gateways on purpose).
func (d Detection) Mismatches(eps Endpoints) []Mismatch {
	p := d.Profile
	if p == nil || p.parse == nil {
		return nil
	}
	var out []Mismatch
	var ref *Located
	for i := range d.Endpoints {
		if e := &d.Endpoints[i]; e.Scope != "" && scoped(p, e.Role) {
			ref = e
			break
		}
	}
	var baseRef *Located
	if len(d.Endpoints) > 0 {
		baseRef = &d.Endpoints[0]
	}
	for _, c := range eps.Each() {
		e, ok := p.Parse(c.URL)
		if !ok {
			if c.Setting == RoleAuthorization || c.Setting == RoleToken || c.Setting == RoleJWKS {
				m := Mismatch{Setting: c.Setting, URL: c.URL, Foreign: true}
				if baseRef != nil {
					m.Reference = baseRef.Setting
				}
				out = append(out, m)
			}
			continue
		}
		m := Mismatch{Setting: c.Setting, URL: c.URL}
		bad := false
		if ref != nil && e.Scope != "" && scoped(p, e.Role) && !p.sameScope(e.Scope, ref.Scope) {
			m.Scope, m.Want, m.Reference, bad = e.Scope, ref.Scope, ref.Setting, true
		}
		if p.OneBase && baseRef != nil && !strings.EqualFold(e.Base, baseRef.Base) && !p.sameBase(e, baseRef.Endpoint) {
			m.Base, m.WantBase, bad = e.Base, baseRef.Base, true
			if m.Reference == "" {
				m.Reference = baseRef.Setting
			}
		}
		if bad {
			out = append(out, m)
		}
	}
	return out
}

func scoped(p *Profile, r Role) bool {
	if len(p.ScopeRoles) == 0 {
		return true
	}
	for _, x := range p.ScopeRoles {
		if x == r {
			return true
		}
	}
	return false
}

func (p *Profile) sameScope(a, b string) bool {
	if p.scopeFold {
		return strings.EqualFold(a, b)
	}
	return a == b
}

func (p *Profile) sameBase(a, b Endpoint) bool {
	if p.baseEqual != nil {
		return p.baseEqual(a, b)
	}
	return false
}

// LogoutURL is the oidcLogoutUrl to recommend for this detection, with
// EspoCRM's {clientId} and {siteUrl} placeholders ("" when the provider has
// nothing that returns the user to EspoCRM).
func (d Detection) LogoutURL() string {
	if d.Profile == nil || d.Profile.logoutURL == nil {
		return ""
	}
	return d.Profile.logoutURL(d)
}

// pathRe is a path pattern with the literals one of which every match
// contains: detection runs every profile on every endpoint, and the
// literal test turns most of them away before the regexp runs. fold: the
// pattern ignores case (the literals are lower case).
type pathRe struct {
	lits []string
	fold bool
	re   func() *regexp.Regexp
}

func newPathRe(pattern string, fold bool, lits ...string) pathRe {
	return pathRe{lits: lits, fold: fold, re: lazyre.New(pattern)}
}

// find is FindStringSubmatch after the literal test.
func (r pathRe) find(s string) []string {
	t := s
	if r.fold {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				// (?i) folds Unicode too (ſ is s, K is k): no literal test
				return r.re().FindStringSubmatch(s)
			}
		}
		t = strings.ToLower(s)
	}
	for _, l := range r.lits {
		if strings.Contains(t, l) {
			return r.re().FindStringSubmatch(s)
		}
	}
	return nil
}

// SaaSHost reports whether host is a cloud provider's tenant host (an Okta
// org, an Auth0 tenant, a Zitadel cloud instance): there another host is
// another tenant, never the same server by another name.
func SaaSHost(host string) bool {
	h := strings.ToLower(host)
	for _, suf := range []string{".okta.com", ".oktapreview.com", ".okta-emea.com", ".okta-gov.com", ".auth0.com", ".zitadel.cloud"} {
		if strings.HasSuffix(h, suf) {
			return true
		}
	}
	return false
}
