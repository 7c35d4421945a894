package probe

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
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
// records what it saw. Independent requests (discovery, JWKS, client
// credentials, password grant) run concurrently.
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
	prov := entra.DetectProvider(o.AuthorizationEndpoint, o.TokenEndpoint, o.JwksEndpoint)
	f.Provider = string(prov.Kind)
	client := opts.Client
	if client == nil {
		c, err := NewClient(opts.CAFile)
		if err != nil {
			f.Failures = append(f.Failures, Failure{Step: "setup", Kind: "input", Message: err.Error()})
			return f
		}
		client = c
	}
	rec := &recorder{client: client, timeout: opts.Timeout, now: opts.Now}
	secret := o.ClientSecret
	rec.secrets = redact.New(secret.Reveal(), opts.Password.Reveal())

	var users []User
	haveUsers := false
	if opts.UsersData != nil {
		users, haveUsers = opts.UsersData, true
	} else if opts.Users != "" {
		u, err := LoadUsers(opts.Users)
		if err != nil {
			f.Failures = append(f.Failures, Failure{Step: "users", Kind: "input", Message: err.Error()})
		} else {
			users, haveUsers = u, true
		}
	}

	f.Issuer, f.IssuerFrom = ExpectedIssuer(o, opts.Issuer)
	tokenSafe, unsafeWhy := SecretSafe(o.TokenEndpoint)
	secretKnown := s.SecretKnown() && !secret.Empty()

	var wg sync.WaitGroup
	var mu sync.Mutex
	var pwTokens, acTokens tokens
	var ar *AuthRequest

	// 1. discovery (then discovery's JWKS when it differs from the configured one)
	if f.Issuer == "" {
		f.Notes = append(f.Notes, "discovery skipped: the endpoints do not determine an issuer; pass --issuer URL")
	} else {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ex := rec.get(ctx, "discovery", DiscoveryURL(f.Issuer), map[string]string{"Accept": "application/json"})
			d := ParseDiscovery(ex.Answer, ex.body)
			judgeDiscovery(d, f.Issuer, o)
			mu.Lock()
			f.Discovery = d
			mu.Unlock()
			if d.Valid && d.JwksURI != "" && !sameURL(d.JwksURI, o.JwksEndpoint) && !strings.Contains(d.JwksURI, "{") {
				jx := rec.get(ctx, "discovery-jwks", d.JwksURI, nil)
				j := ParseJWKS(jx.Answer, jx.body)
				mu.Lock()
				f.DiscoveryJWKS = j
				mu.Unlock()
			}
		}()
	}

	// 2. the configured JWKS, as EspoCRM fetches it
	if o.JwksEndpoint != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ex := rec.get(ctx, "jwks", o.JwksEndpoint, nil)
			j := ParseJWKS(ex.Answer, ex.body)
			mu.Lock()
			f.JWKS = j
			mu.Unlock()
		}()
	}

	// 2b. the authorize URL, fetched as a browser would (no cookies)
	if opts.AuthorizeCheck && o.AuthorizationEndpoint != "" && o.ClientID != "" && o.SiteURL != "" {
		if ok, _ := SecretSafe(o.AuthorizationEndpoint); ok {
			wg.Add(1)
			go func() {
				defer wg.Done()
				redirect := espo.RedirectURI(o.SiteURL)
				ar := NewAuthRequest(o, redirect)
				ex := rec.get(ctx, "authorize", ar.URL, nil)
				// Follow redirects that stay on the identity provider's host,
				// as a browser would (Dex, for one, checks the redirect URI
				// only on its connector's page); never the one to EspoCRM.
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
					ex = rec.get(ctx, "authorize-redirect", next.String(), nil)
				}
				a := JudgeAuthorize(ex.Answer, ex.body, redirect)
				a.URL = BuildAuthorizeURL(o, redirect, "STATE", "NONCE", map[bool]string{true: "VERIFIER"}[o.PKCE])
				mu.Lock()
				f.Authorize = a
				mu.Unlock()
			}()
		}
	}

	base := form{{"client_id", o.ClientID}, {"client_secret", secret.Reveal()}}
	canSend := true
	switch {
	case o.TokenEndpoint == "":
		canSend = false
		f.Notes = append(f.Notes, "token requests skipped: oidcTokenEndpoint is empty")
	case !tokenSafe:
		canSend = false
		f.Notes = append(f.Notes, "token requests skipped: "+unsafeWhy)
	case !secretKnown:
		canSend = false
		f.Notes = append(f.Notes, "token requests skipped: the client secret is not among the inputs (it lives in data/config-internal.php)")
	}

	// 3a. client credentials
	if opts.ClientCredentials && canSend {
		scope := opts.Scope
		if scope == "" && prov.Family() == string(entra.Entra) && prov.Cloud != nil {
			scope = "https://" + prov.Cloud.GraphHost + "/.default"
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := form{{"grant_type", "client_credentials"}}
			body = append(body, base...)
			if scope != "" {
				body = append(body, [2]string{"scope", scope})
			}
			ex := rec.postForm(ctx, "client-credentials", o.TokenEndpoint, body.encode())
			tr, _ := ParseTokenResponse("client_credentials", ex.Answer, ex.body)
			tr.Scope = scope
			mu.Lock()
			f.Tokens = append(f.Tokens, tr)
			mu.Unlock()
		}()
	}

	// 3b. password grant
	if opts.Username != "" && canSend {
		if opts.Password.Empty() {
			f.Notes = append(f.Notes, "password grant skipped: no password (give it on stdin with --password-stdin or in an environment variable with --password-env)")
		} else {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := form{{"grant_type", "password"}}
				body = append(body, base...)
				body = append(body, form{{"username", opts.Username}, {"password", opts.Password.Reveal()}, {"scope", strings.Join(Scopes(o), " ")}}...)
				ex := rec.postForm(ctx, "password", o.TokenEndpoint, body.encode())
				tr, tk := ParseTokenResponse("password", ex.Answer, ex.body)
				tr.Scope = strings.Join(Scopes(o), " ")
				mu.Lock()
				f.Tokens = append(f.Tokens, tr)
				pwTokens = tk
				mu.Unlock()
			}()
		}
	}

	// 3c. authorization code, the admin (or a test) playing the browser
	if opts.AuthCode {
		redirect := opts.RedirectURI
		if redirect == "" {
			if opts.Listen != "" {
				redirect = "http://" + opts.Listen + "/oauth-callback.php"
			} else {
				redirect = espo.RedirectURI(o.SiteURL)
			}
		}
		ar = NewAuthRequest(o, redirect)
		f.AuthorizeURL = BuildAuthorizeURL(o, redirect, "STATE", "NONCE", map[bool]string{true: "VERIFIER"}[o.PKCE])
		f.RedirectURI = redirect
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, AuthCodeTimeout)
			defer cancel()
			var final string
			var err error
			if opts.Listen != "" {
				final, err = listenCallback(cctx, opts.Listen, redirect, ar.State, func() { showAuthorize(opts, ar) })
			} else {
				showAuthorize(opts, ar)
				final, err = readPaste(cctx, opts.Paste)
			}
			if err != nil {
				mu.Lock()
				f.Failures = append(f.Failures, Failure{Step: "authorization-code", Kind: "canceled", Message: err.Error()})
				mu.Unlock()
				return
			}
			cb, code, err := ParseCallback(final, ar)
			mu.Lock()
			f.Callback = cb
			mu.Unlock()
			if err != nil {
				mu.Lock()
				if cb == nil {
					f.Failures = append(f.Failures, Failure{Step: "authorization-code", Kind: "input", Message: err.Error()})
				}
				mu.Unlock()
				return
			}
			if code == "" || !canSend {
				return
			}
			rec.addSecret(code)
			body := form{{"grant_type", "authorization_code"}}
			body = append(body, base...)
			body = append(body, form{{"code", code}, {"redirect_uri", redirect}}...)
			if o.PKCE {
				body = append(body, [2]string{"code_verifier", ar.Verifier})
			}
			ex := rec.postForm(ctx, "authorization-code", o.TokenEndpoint, body.encode())
			tr, tk := ParseTokenResponse("authorization_code", ex.Answer, ex.body)
			mu.Lock()
			f.Tokens = append(f.Tokens, tr)
			acTokens = tk
			mu.Unlock()
		}()
	}
	wg.Wait()
	compareJWKS(f.JWKS, f.DiscoveryJWKS)
	if f.JWKS != nil && f.Discovery != nil && f.Discovery.Valid && f.DiscoveryJWKS == nil && sameURL(f.Discovery.JwksURI, o.JwksEndpoint) && f.JWKS.Valid {
		same := true
		f.JWKS.SameAsDiscovery = &same
	}

	// 4. the ID token, judged twice
	tk, from, nonce := acTokens, "authorization_code", ""
	if ar != nil {
		nonce = ar.Nonce
	}
	if tk.idToken == "" {
		tk, from, nonce = pwTokens, "password", ""
	}
	if tk.idToken != "" {
		rec.addSecret(tk.idToken)
		rec.addSecret(tk.accessToken)
		judgeIDToken(ctx, f, o, tk.idToken, from, nonce, opts.Now())
		kid, _ := f.IDTokenHeader["kid"].(string)
		if prov.Family() == string(entra.Entra) && kid != "" && f.JWKS != nil && f.JWKS.find(kid) == nil &&
			f.DiscoveryJWKS.find(kid) == nil && !strings.Contains(o.JwksEndpoint, "appid=") && o.ClientID != "" {
			u := o.JwksEndpoint
			if strings.Contains(u, "?") {
				u += "&appid=" + url.QueryEscape(o.ClientID)
			} else {
				u += "?appid=" + url.QueryEscape(o.ClientID)
			}
			ex := rec.get(ctx, "jwks-appid", u, nil)
			f.AppJWKS = ParseJWKS(ex.Answer, ex.body)
			f.AppKidFound = f.AppJWKS.find(kid) != nil
		}
	}

	// 5. userinfo, as EspoCRM calls it (9.1+), then the user
	if f.IDToken != nil && o.UserInfoEndpoint != "" {
		f.UserInfo = fetchUserInfo(ctx, rec, o.UserInfoEndpoint, tk.accessToken)
	}
	if f.IDToken != nil {
		var ui map[string]any
		if f.UserInfo != nil {
			ui = f.UserInfo.Claims
		}
		f.User = PredictUser(f.IDToken, ui, o, users, haveUsers, opts.UserNameMaxLength)
		var u *User
		if f.User.Matched != "" {
			for i := range users {
				if users[i].UserName == f.User.Matched {
					u = &users[i]
				}
			}
		}
		f.Teams = PredictTeams(f.IDToken, ui, o, u)
	}

	// 6. clock and timeline
	rec.mu.Lock()
	f.Timeline = append(f.Timeline, rec.timeline...)
	f.Failures = append(f.Failures, rec.failures...)
	if len(rec.dates) > 0 {
		d := rec.dates[0]
		for _, x := range rec.dates {
			if x.step == "discovery" {
				d = x
			}
		}
		// The Date header has one-second resolution; the answer was
		// produced while the request was in flight.
		f.Clock = &Clock{ServerDate: d.date, Local: d.local.UTC().Truncate(time.Second), Skew: d.local.Truncate(time.Second).Sub(d.date), From: d.step}
	}
	rec.mu.Unlock()
	// one point: what the probe saw leaves it redacted (the run's secrets
	// in every form, credential shapes, one-time claims as fingerprints)
	rec.secrets.Walk(f)
	return f
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
func judgeIDToken(ctx context.Context, f *Facts, o *espo.OIDC, raw, from, nonce string, now time.Time) {
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
	ex := rec.get(ctx, "userinfo", endpoint, map[string]string{"Authorization": "Bearer " + access, "Accept": "application/json"})
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
