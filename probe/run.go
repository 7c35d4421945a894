package probe

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
	"github.com/espo-oidc/espo-oidc/provider"
	"github.com/espo-oidc/espo-oidc/redact"
)

// form is an ordered x-www-form-urlencoded body, built like PHP's
// http_build_query (keys in insertion order, null values dropped).
type form [][2]string

func (f form) encode() string {
	var b strings.Builder
	for i, kv := range f {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(kv[0]) + "=" + url.QueryEscape(kv[1]))
	}
	return b.String()
}

// AuthCodeTimeout bounds how long the code flow waits for the admin.
var AuthCodeTimeout = 10 * time.Minute

// Run probes the identity provider with the settings EspoCRM uses and
// records what it saw. It decides which steps apply (and notes why others
// do not), runs the independent ones (discovery, JWKS, the authorize page,
// client credentials, password grant, code flow) concurrently, each
// returning its own value, assembles them in a fixed order, then runs the
// steps that need the ID token in sequence.
func Run(ctx context.Context, s *espo.Settings, opts Options) *Facts {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	f := &Facts{Started: opts.Now(), Timeline: []Step{}}
	if s == nil {
		f.Notes = append(f.Notes, "no settings: nothing to probe")
		return f
	}
	o, withUser := withoutUserinfo(s.Typed())
	for _, k := range withUser {
		f.Notes = append(f.Notes, k+" carries a user name or password (user:password@host); the probe removed it and sent none of it")
	}
	prov := provider.Detect(provider.Endpoints{Authorization: o.AuthorizationEndpoint, Token: o.TokenEndpoint, JWKS: o.JwksEndpoint, UserInfo: o.UserInfoEndpoint, Logout: o.LogoutURL}, "")
	f.Provider = string(prov.Kind)
	client := opts.Client
	var ahead *dialAhead // nil with a client from the caller
	if client == nil {
		c, a, err := newClient(opts.CAFile)
		if err != nil {
			f.Failures = append(f.Failures, Failure{Step: facts.StepSetup, Kind: facts.KindInput, Message: err.Error()})
			return f
		}
		client, ahead = c, a
		defer ahead.Close()
	}
	rec := &recorder{client: client, timeout: opts.Timeout, now: opts.Now}
	secret := o.ClientSecret
	rec.secrets = redact.New(secret.Reveal(), opts.Password.Reveal())

	users, haveUsers, err := usersOf(opts)
	if err != nil {
		f.Failures = append(f.Failures, Failure{Step: facts.StepUsers, Kind: facts.KindInput, Message: err.Error()})
	}

	f.Issuer, f.IssuerFrom = ExpectedIssuer(o, opts.Issuer)
	canSend, passwordGrant, notes := tokenPlan(o, opts, s.SecretKnown() && !secret.Empty())
	if f.Issuer == "" {
		f.Notes = append(f.Notes, "discovery skipped: the endpoints do not determine an issuer; pass --issuer URL")
	}
	f.Notes = append(f.Notes, notes...)
	base := form{{"client_id", o.ClientID}, {"client_secret", secret.Reveal()}}
	// The code exchange is EspoCRM's own token request: 7.3.0 and 7.3.1 send
	// no client_secret (Oidc/Login.php at 7.3.1; 7.3.2:199 adds it).
	codeBase := base
	if !o.Version.Has(espo.ClientSecretSent) {
		codeBase = form{{"client_id", o.ClientID}}
		if opts.AuthCode {
			f.Notes = append(f.Notes, fmt.Sprintf("EspoCRM %s sends no client_secret in its token request (7.3.2 added it), so the code exchange is made without it, as EspoCRM makes it", o.Version))
		}
	}
	var ar *AuthRequest
	if opts.AuthCode {
		ar = NewAuthRequest(o, codeFlowRedirect(o, opts))
		f.AuthorizeURL = BuildAuthorizeURL(o, ar.RedirectURI, "STATE", "NONCE", map[bool]string{true: "VERIFIER"}[o.PKCE])
		f.RedirectURI = ar.RedirectURI
	}

	// The userinfo request follows the password grant at once: its
	// connection is made meanwhile when no step of the parallel phase talks
	// to its host (Entra's is graph.microsoft.com); if the grant fails, that
	// connection is closed unused. The code flow waits for a person, longer
	// than a connection stays fresh.
	if ahead != nil && passwordGrant && ar == nil && o.UserInfoEndpoint != "" {
		if ok, _ := SecretSafe(o.UserInfoEndpoint); ok && !slices.Contains([]string{hostPort(o.TokenEndpoint), hostPort(o.JwksEndpoint), hostPort(f.Issuer), hostPort(o.AuthorizationEndpoint)}, hostPort(o.UserInfoEndpoint)) {
			ahead.start(ctx, o.UserInfoEndpoint)
		}
	}

	// The independent steps run concurrently; each returns its own value,
	// read only after all are done.
	var wg sync.WaitGroup
	var (
		discovery = when(&wg, f.Issuer != "", func() discovered { return discoverStep(ctx, rec, f.Issuer, o) })
		jwks      = when(&wg, o.JwksEndpoint != "", func() *JWKS { return jwksStep(ctx, rec, o.JwksEndpoint) })
		authorize = when(&wg, opts.AuthorizeCheck && authorizeCheckable(o), func() *AuthorizeCheck { return authorizeStep(ctx, rec, o) })
		cc        = when(&wg, opts.ClientCredentials && canSend, func() *TokenResult { return clientCredentialsStep(ctx, rec, o, prov, base, opts.Scope) })
		password  = when(&wg, passwordGrant, func() granted { return passwordStep(ctx, rec, o, base, opts) })
		code      = when(&wg, ar != nil, func() codeFlow { return codeFlowStep(ctx, rec, o, opts, ar, codeBase, canSend) })
	)
	wg.Wait()

	// Assembled in a fixed order.
	f.Discovery, f.DiscoveryJWKS = discovery().doc, discovery().jwks
	f.JWKS = jwks()
	f.Authorize = authorize()
	pw, ac := password(), code()
	for _, tr := range []*TokenResult{cc(), pw.result, ac.result} {
		if tr != nil {
			f.Tokens = append(f.Tokens, tr)
		}
	}
	f.Callback = ac.callback
	if ac.failure != nil {
		f.Failures = append(f.Failures, *ac.failure)
	}
	compareJWKS(f.JWKS, f.DiscoveryJWKS)
	if f.JWKS != nil && f.Discovery != nil && f.Discovery.Valid && f.DiscoveryJWKS == nil && sameURL(f.Discovery.JwksURI, o.JwksEndpoint) && f.JWKS.Valid {
		same := true
		f.JWKS.SameAsDiscovery = &same
	}

	// Then the steps that need the ID token, in order.
	tk, from, nonce := ac.tokens, facts.GrantAuthorizationCode, ""
	if ar != nil {
		nonce = ar.Nonce
	}
	if tk.idToken == "" {
		tk, from, nonce = pw.tokens, facts.GrantPassword, ""
	}
	if tk.idToken != "" {
		rec.addSecret(tk.idToken)
		rec.addSecret(tk.accessToken)
		judgeIDToken(ctx, f, o, tk.idToken, from, nonce, opts.Now())
		f.AppJWKS, f.AppKidFound = appJWKSStep(ctx, rec, f, o, prov)
	}
	if f.IDToken != nil && o.UserInfoEndpoint != "" {
		f.UserInfo = fetchUserInfo(ctx, rec, o.UserInfoEndpoint, tk.accessToken)
	}
	if f.IDToken != nil {
		f.User, f.Teams = userStep(f, o, users, haveUsers, opts.UserNameMaxLength)
	}

	timeline, failures, dates := rec.log()
	f.Timeline = append(f.Timeline, timeline...)
	f.Failures = append(f.Failures, failures...)
	f.Clock = clockOf(dates)
	// one point: what the probe saw leaves it redacted (the run's secrets
	// in every form, credential shapes, one-time claims as fingerprints)
	rec.secrets.Walk(f)
	return f
}

// tokenPlan decides whether the probe may send the client secret to the
// token endpoint, and whether the password grant runs; notes say why not.
func tokenPlan(o *espo.OIDC, opts Options, secretKnown bool) (canSend, passwordGrant bool, notes []string) {
	tokenSafe, unsafeWhy := SecretSafe(o.TokenEndpoint)
	canSend = true
	switch {
	case o.TokenEndpoint == "":
		canSend = false
		notes = append(notes, "token requests skipped: oidcTokenEndpoint is empty")
	case !tokenSafe:
		canSend = false
		notes = append(notes, "token requests skipped: "+unsafeWhy)
	case !secretKnown:
		canSend = false
		notes = append(notes, "token requests skipped: the client secret is not among the inputs (it lives in data/config-internal.php)")
	}
	passwordGrant = opts.Username != "" && canSend
	if passwordGrant && opts.Password.Empty() {
		passwordGrant = false
		notes = append(notes, "password grant skipped: no password (give it on stdin with --password-stdin or in an environment variable with --password-env)")
	}
	return canSend, passwordGrant, notes
}

// codeFlowRedirect is the redirect URI of the code flow: --redirect-uri,
// the local listener's, or EspoCRM's own.
func codeFlowRedirect(o *espo.OIDC, opts Options) string {
	switch {
	case opts.RedirectURI != "":
		return opts.RedirectURI
	case opts.Listen != "":
		return "http://" + opts.Listen + "/oauth-callback.php"
	}
	return espo.RedirectURI(o.SiteURL)
}

// usersOf is the EspoCRM users export the user prediction matches against
// (--users), and whether there is one.
func usersOf(opts Options) ([]User, bool, error) {
	if opts.UsersData != nil {
		return opts.UsersData, true, nil
	}
	if opts.Users == "" {
		return nil, false, nil
	}
	u, err := LoadUsers(opts.Users)
	if err != nil {
		return nil, false, err
	}
	return u, true, nil
}

// when starts step in a goroutine if cond holds and returns a func that
// gives its value (the zero value when it did not run). Call that func only
// after wg.Wait().
func when[T any](wg *sync.WaitGroup, cond bool, step func() T) func() T {
	var v T
	if cond {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v = step()
		}()
	}
	return func() T { return v }
}

// discovered is the discovery document and, when its jwks_uri is not the
// configured JWKS URL, the key set there.
type discovered struct {
	doc  *Discovery
	jwks *JWKS
}

// discoverStep fetches and judges the discovery document, then discovery's
// JWKS when it differs from the configured one.
func discoverStep(ctx context.Context, rec *recorder, issuer string, o *espo.OIDC) discovered {
	ex := rec.get(ctx, facts.StepDiscovery, DiscoveryURL(issuer), map[string]string{"Accept": "application/json"})
	d := ParseDiscovery(ex.Answer, ex.body)
	judgeDiscovery(d, issuer, o)
	out := discovered{doc: d}
	if d.Valid && d.JwksURI != "" && !sameURL(d.JwksURI, o.JwksEndpoint) && !strings.Contains(d.JwksURI, "{") {
		jx := rec.get(ctx, facts.StepDiscoveryJWKS, d.JwksURI, nil)
		out.jwks = ParseJWKS(jx.Answer, jx.body)
	}
	return out
}

// jwksStep fetches the configured JWKS, as EspoCRM does.
func jwksStep(ctx context.Context, rec *recorder, u string) *JWKS {
	ex := rec.get(ctx, facts.StepJWKS, u, nil)
	return ParseJWKS(ex.Answer, ex.body)
}

// authorizeCheckable: the settings give an authorize URL the probe may fetch.
func authorizeCheckable(o *espo.OIDC) bool {
	if o.AuthorizationEndpoint == "" || o.ClientID == "" || o.SiteURL == "" {
		return false
	}
	ok, _ := SecretSafe(o.AuthorizationEndpoint)
	return ok
}

// authorizeStep fetches the authorize URL as a browser would: it follows
// the provider's redirects on its own host with the cookies they set.
func authorizeStep(ctx context.Context, rec *recorder, o *espo.OIDC) *AuthorizeCheck {
	redirect := espo.RedirectURI(o.SiteURL)
	ar := NewAuthRequest(o, redirect)
	jar := newCookieJar() // as a browser: some providers keep the interaction in a cookie
	ex := rec.get(ctx, facts.StepAuthorize, ar.URL, nil)
	jar.keep(rec, ex)
	// Follow redirects that stay on the identity provider's host, as a
	// browser would (Dex, for one, checks the redirect URI only on its
	// connector's page); never the one to EspoCRM.
	for hop := 0; hop < 5 && ex.Status >= 300 && ex.Status < 400 && ex.Location != ""; hop++ {
		base, err1 := url.Parse(ex.URL)
		next, err2 := url.Parse(ex.Location)
		if err1 != nil || err2 != nil {
			break
		}
		next = base.ResolveReference(next)
		if !strings.EqualFold(next.Host, base.Host) || strings.HasPrefix(next.String(), redirect) {
			break
		}
		ex = rec.get(ctx, facts.StepAuthorizeRedirect, next.String(), jar.header(next))
		jar.keep(rec, ex)
	}
	a := JudgeAuthorize(ex.Answer, ex.body, redirect)
	a.URL = BuildAuthorizeURL(o, redirect, "STATE", "NONCE", map[bool]string{true: "VERIFIER"}[o.PKCE])
	return a
}

// clientCredentialsStep requests a token with the client credentials grant
// (for Entra with the cloud's Graph /.default scope unless --scope says).
func clientCredentialsStep(ctx context.Context, rec *recorder, o *espo.OIDC, prov provider.Detection, base form, scope string) *TokenResult {
	if scope == "" && prov.Family() == string(provider.Entra) && prov.Cloud != nil {
		scope = "https://" + prov.Cloud.GraphHost + "/.default"
	}
	body := form{{"grant_type", string(facts.GrantClientCredentials)}}
	body = append(body, base...)
	if scope != "" {
		body = append(body, [2]string{"scope", scope})
	}
	ex := rec.postForm(ctx, facts.StepClientCredentials, o.TokenEndpoint, body.encode())
	tr, _ := ParseTokenResponse(facts.GrantClientCredentials, ex.Answer, ex.body)
	tr.Scope = scope
	return tr
}

// granted is a token request's result and, for the probe's own use, the
// tokens it returned.
type granted struct {
	result *TokenResult
	tokens tokens
}

// passwordStep requests a token with the resource owner password grant.
func passwordStep(ctx context.Context, rec *recorder, o *espo.OIDC, base form, opts Options) granted {
	body := form{{"grant_type", string(facts.GrantPassword)}}
	body = append(body, base...)
	body = append(body, form{{"username", opts.Username}, {"password", opts.Password.Reveal()}, {"scope", strings.Join(Scopes(o), " ")}}...)
	ex := rec.postForm(ctx, facts.StepPassword, o.TokenEndpoint, body.encode())
	tr, tk := ParseTokenResponse(facts.GrantPassword, ex.Answer, ex.body)
	tr.Scope = strings.Join(Scopes(o), " ")
	return granted{result: tr, tokens: tk}
}

// codeFlow is what the authorization code flow got: the callback, the code
// redemption, or the failure that stopped it.
type codeFlow struct {
	granted
	callback *Callback
	failure  *Failure
}

// codeFlowStep waits for the admin (or a test) to play the browser, then
// redeems the code as EspoCRM does.
func codeFlowStep(ctx context.Context, rec *recorder, o *espo.OIDC, opts Options, ar *AuthRequest, base form, canSend bool) codeFlow {
	cctx, cancel := context.WithTimeout(ctx, AuthCodeTimeout)
	defer cancel()
	var final string
	var err error
	if opts.Listen != "" {
		final, err = listenCallback(cctx, opts.Listen, ar.RedirectURI, ar.State, func() { showAuthorize(opts, ar) })
	} else {
		showAuthorize(opts, ar)
		final, err = readPaste(cctx, opts.Paste)
	}
	if err != nil {
		return codeFlow{failure: &Failure{Step: facts.StepAuthorizationCode, Kind: facts.KindCanceled, Message: err.Error()}}
	}
	cb, code, err := ParseCallback(final, ar)
	out := codeFlow{callback: cb}
	if err != nil {
		if cb == nil {
			out.failure = &Failure{Step: facts.StepAuthorizationCode, Kind: facts.KindInput, Message: err.Error()}
		}
		return out
	}
	if code == "" || !canSend {
		return out
	}
	rec.addSecret(code)
	body := form{{"grant_type", string(facts.GrantAuthorizationCode)}}
	body = append(body, base...)
	body = append(body, form{{"code", code}, {"redirect_uri", ar.RedirectURI}}...)
	if o.PKCE {
		body = append(body, [2]string{"code_verifier", ar.Verifier})
	}
	ex := rec.postForm(ctx, facts.StepAuthorizationCode, o.TokenEndpoint, body.encode())
	out.result, out.tokens = ParseTokenResponse(facts.GrantAuthorizationCode, ex.Answer, ex.body)
	return out
}

// appJWKSStep fetches Entra's key set for the app (?appid=) when the
// token's kid is in neither key set: apps with custom signing keys sign with
// keys only listed there.
func appJWKSStep(ctx context.Context, rec *recorder, f *Facts, o *espo.OIDC, prov provider.Detection) (*JWKS, bool) {
	kid, _ := f.IDTokenHeader["kid"].(string)
	if prov.Family() != string(provider.Entra) || kid == "" || f.JWKS == nil || f.JWKS.Find(kid) != nil ||
		f.DiscoveryJWKS.Find(kid) != nil || strings.Contains(o.JwksEndpoint, "appid=") || o.ClientID == "" {
		return nil, false
	}
	u := o.JwksEndpoint
	if strings.Contains(u, "?") {
		u += "&appid=" + url.QueryEscape(o.ClientID)
	} else {
		u += "?appid=" + url.QueryEscape(o.ClientID)
	}
	ex := rec.get(ctx, facts.StepJWKSAppID, u, nil)
	j := ParseJWKS(ex.Answer, ex.body)
	return j, j.Find(kid) != nil
}

// userStep predicts what EspoCRM would do with the user and their teams.
func userStep(f *Facts, o *espo.OIDC, users []User, haveUsers bool, maxLen int) (*UserOutcome, *Teams) {
	var ui map[string]any
	if f.UserInfo != nil {
		ui = f.UserInfo.Claims
	}
	uo := PredictUser(f.IDToken, ui, o, users, haveUsers, maxLen)
	var u *User
	if uo.Matched != "" {
		for i := range users {
			if users[i].UserName == uo.Matched {
				u = &users[i]
			}
		}
	}
	return uo, PredictTeams(f.IDToken, ui, o, u)
}

// clockOf compares the local clock with the IdP's Date header, preferring
// discovery's answer.
func clockOf(dates []dated) *Clock {
	if len(dates) == 0 {
		return nil
	}
	d := dates[0]
	for _, x := range dates {
		if x.step == facts.StepDiscovery {
			d = x
		}
	}
	// The Date header has one-second resolution; the answer was produced
	// while the request was in flight.
	return &Clock{ServerDate: d.date, Local: d.local.UTC().Truncate(time.Second), Skew: d.local.Truncate(time.Second).Sub(d.date), From: d.step}
}

func showAuthorize(opts Options, ar *AuthRequest) {
	if opts.Prompt != nil {
		fmt.Fprintf(opts.Prompt, "Open this URL in a browser and sign in as a test user:\n\n  %s\n\n", ar.URL)
		if opts.Listen == "" {
			fmt.Fprintf(opts.Prompt, "The browser ends on %s (the page may not load). Paste that whole URL here and press Enter:\n", ar.RedirectURI)
		} else {
			fmt.Fprintf(opts.Prompt, "Waiting for the redirect to %s ...\n", ar.RedirectURI)
		}
	}
	if opts.Browser != nil {
		go opts.Browser(ar.URL)
	}
}

// judgeIDToken parses the token and records both verdicts; the token
// itself is not kept.
func judgeIDToken(ctx context.Context, f *Facts, o *espo.OIDC, raw string, from facts.Grant, nonce string, now time.Time) {
	t, err := ParseJWT(raw)
	f.IDTokenFrom = from
	if err != nil {
		f.IDToken = map[string]any{}
		f.Espo = &Verdict{Validator: "espocrm", Checks: []Check{{Name: "parse", Detail: "JWT parsing error. (" + err.Error() + ")"}}, Reasons: []string{"JWT parsing error. (" + err.Error() + ")"}}
		f.Strict = &Verdict{Validator: "go-oidc", Checks: []Check{{Name: "parse", Detail: err.Error()}}, Reasons: []string{"malformed JWT: " + err.Error()}}
		return
	}
	f.IDToken, f.IDTokenHeader = t.Claims, t.Header
	f.Espo = EspoVerdict(t, o, f.JWKS, nonce, now)
	issuer := f.Issuer
	algs := []string{"RS256"}
	keys := f.JWKS
	if f.Discovery != nil && f.Discovery.Valid {
		issuer = f.Discovery.Issuer
		if f.Discovery.IssuerTemplate {
			// keep the template: StrictVerdict fills in tid as Microsoft documents
		} else if !f.Discovery.IssuerMatches {
			issuer = f.Issuer
		}
		if len(f.Discovery.SigningAlgs) > 0 {
			algs = f.Discovery.SigningAlgs
		}
		if f.DiscoveryJWKS != nil {
			keys = f.DiscoveryJWKS
		}
	}
	f.Strict = StrictVerdict(ctx, raw, t, issuer, o.ClientID, algs, keys, nonce, now)
}

func fetchUserInfo(ctx context.Context, rec *recorder, endpoint, access string) *UserInfo {
	ui := &UserInfo{}
	if access == "" {
		ui.Problem = "OIDC: No access token received. (the token answer had no access_token)"
		return ui
	}
	if ok, _ := SecretSafe(endpoint); !ok {
		ui.Problem = "the userinfo endpoint is not https: the probe does not send the access token over plain http"
		return ui
	}
	ex := rec.get(ctx, facts.StepUserInfo, endpoint, map[string]string{"Authorization": "Bearer " + access, "Accept": "application/json"})
	ui.Answer = ex.Answer
	if ex.Failed {
		ui.Problem = "the userinfo request did not complete: " + ex.Error
		return ui
	}
	m, err := decodeObject(ex.body)
	switch {
	case ex.Status >= 400 && ex.Status < 500:
		ui.Problem = fmt.Sprintf("OIDC: UserInfo response error.; Status: %d (EspoCRM: 'OIDC: Userinfo request error.')", ex.Status)
	case err != nil:
		ui.Problem = "OIDC: Bad userinfo response. (not a JSON object)"
	default:
		ui.OK, ui.Claims = true, m
	}
	return ui
}

func decodeObject(b []byte) (map[string]any, error) {
	var m map[string]any
	d := jsonDecoder(b)
	if err := d.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("not a JSON object")
	}
	return m, nil
}

func (r *recorder) addSecret(s string) { r.secrets.Add(s) }

// addWholeSecret makes s a secret removed only whole (cookie values).
func (r *recorder) addWholeSecret(s string) { r.secrets.AddWhole(s) }
