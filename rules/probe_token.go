package rules

// Rule set probe, theme token: the token endpoint's and the sign-in's answers.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/facts"
	"github.com/espo-oidc/espo-oidc/internal/lazyre"
)

var _ = declare(Rule{ID: "EO4020", Name: "probe-token-invalid-secret", Set: SetProbe, Severity: Error,
	Summary: "the token endpoint refused the client secret",
	Doc: Doc{
		Why:      "EspoCRM redeems every login's code with this secret. Entra answers AADSTS7000215 for a wrong secret — very often the Secret ID (a GUID) pasted instead of the Value — and AADSTS7000218 for none; other providers answer invalid_client.",
		FixEspo:  uiOIDC + " → Client Secret: paste the secret's Value (it is saved to data/config-internal.php).",
		FixEntra: "App registrations → your app → Certificates & secrets: the Value column is shown only right after creation; create a new secret if it was not copied.",
		Refs:     []string{"entra.md §6 (AADSTS7000215, 7000218)", "entra-guide.md step 4", "failure-modes.md §1 row 6"},
	},
	Check: tokenRule(tokenSecret)})

func tokenRule(want tokenClass) func(*Pass) {
	return func(p *Pass) {
		reported := false
		defer func() {
			if a := p.Probe.Authorize; want == tokenApp && !reported && a != nil && a.ClientRejected {
				p.ReportKey("oidcClientId", fmt.Sprintf("the authorize endpoint refuses the client ID %q before anyone signs in (HTTP %d%s): %s", p.OIDC().ClientID, a.Status, aadstsSuffix(a.AADSTS), a.Text),
					"set oidcClientId to the client ID registered at the identity provider (Entra: Application (client) ID)")
			}
		}()
		for _, t := range p.Probe.Tokens {
			if classifyToken(t) != want || clientAuthRefused(p, t) {
				continue // a refused client_secret_post is probe-client-auth-unsupported's
			}
			key := "oidcTokenEndpoint"
			switch want {
			case tokenSecret, tokenExpired:
				key = "oidcClientSecret"
			case tokenApp:
				key = "oidcClientId"
			}
			msg, fix := describeTokenError(p, t)
			p.ReportKey(key, msg, fix)
			reported = true
		}
	}
}

// tokenClass is which token rule a failed token request belongs to:
// entra.Classify's problem, or tokenNone for a success or no answer.
type tokenClass = entra.Problem

const (
	tokenSecret   = entra.ProblemSecret
	tokenExpired  = entra.ProblemSecretExpired
	tokenApp      = entra.ProblemApp
	tokenTenant   = entra.ProblemTenant
	tokenOther    = entra.ProblemOther
	tokenRedirect = entra.ProblemRedirect
	tokenNone     = tokenClass(-1)
)

func classifyToken(t *facts.TokenResult) tokenClass {
	if t.OK || t.Failed {
		return tokenNone
	}
	return entra.Classify(t.AADSTS, t.OAuthError, t.Description)
}

func aadstsSuffix(code int) string {
	if code == 0 {
		return ""
	}
	return fmt.Sprintf(", AADSTS%d", code)
}

func describeTokenError(p *Pass, t *facts.TokenResult) (string, string) {
	what := grantWords[t.Grant]
	code := t.OAuthError
	if t.AADSTS != 0 {
		code = fmt.Sprintf("AADSTS%d", t.AADSTS)
		if t.OAuthError != "" {
			code += " " + t.OAuthError
		}
	}
	if code == "" {
		code = "no OAuth error"
	}
	msg := fmt.Sprintf("%s to %s failed: HTTP %d, %s", what, t.URL, t.Status, code)
	if t.Description != "" {
		msg += ": " + explain.Redact(t.Description)
	} else if t.Snippet != "" {
		msg += ": " + t.Snippet
	}
	if t.AADSTS == entra.CodeInvalidSecret || (t.AADSTS == 0 && t.OAuthError == "invalid_client") {
		if s := p.OIDC().ClientSecret; entra.IsGUID(s.Reveal()) {
			msg += fmt.Sprintf(" — the configured secret %s has the shape of a GUID: it is the Secret ID, not the Value", s)
		}
	}
	if t.EspoOutcome != "" {
		msg += " (" + t.EspoOutcome + ")"
	}
	fix := ""
	if e, ok := explain.AADSTS(t.AADSTS); ok && t.AADSTS != 0 {
		fix = e.Fix
	} else if e, ok := explain.ByID(t.OAuthError); ok && t.OAuthError != "" {
		fix = e.Fix
	}
	if fix == "" {
		fix = "see the identity provider's logs for this request"
		if t.AADSTS != 0 {
			fix = fmt.Sprintf("look the code up: espo-oidc explain AADSTS%d, or https://login.microsoftonline.com/error?code=%d", t.AADSTS, t.AADSTS)
		}
	}
	return msg, fix
}

var grantWords = map[facts.Grant]string{
	facts.GrantClientCredentials: "the client-credentials request",
	facts.GrantPassword:          "the password grant",
	facts.GrantAuthorizationCode: "the code redemption (as EspoCRM does it)",
}

var _ = declare(Rule{ID: "EO4021", Name: "probe-token-secret-expired", Set: SetProbe, Severity: Error,
	Summary: "the client secret has expired (AADSTS7000222)",
	Doc: Doc{
		Why:      "Entra client secrets live at most 24 months. Once expired, every code redemption fails and nobody can sign in with OIDC.",
		FixEspo:  uiOIDC + " → Client Secret: paste a new secret's Value.",
		FixEntra: "App registrations → your app → Certificates & secrets → New client secret; note its expiry and set a reminder.",
		Refs:     []string{"entra.md §6 (AADSTS7000222)", "entra.md §5.5", "failure-modes.md §1 row 24"},
	},
	Check: tokenRule(tokenExpired)})

var _ = declare(Rule{ID: "EO4022", Name: "probe-token-app-not-found", Set: SetProbe, Severity: Error,
	Summary: "the client ID is unknown to the tenant (AADSTS700016) or the app is disabled",
	Doc: Doc{
		Why:      "The token endpoint does not know an application with this client ID in this tenant: a typo, the display name or object ID instead of the Application (client) ID, another tenant's or cloud's endpoints, or a disabled app.",
		FixEspo:  uiOIDC + " → Client ID: the Application (client) ID; check that the endpoints carry the app's tenant.",
		FixEntra: "App registrations → your app → Overview: Application (client) ID and Directory (tenant) ID; Enterprise applications → the app → Properties: Enabled for users to sign in.",
		Refs:     []string{"entra.md §6 (AADSTS700016, 700011, 70001, 7000112)", "failure-modes.md §1 row 6"},
	},
	Check: tokenRule(tokenApp)})

var _ = declare(Rule{ID: "EO4023", Name: "probe-token-tenant-not-found", Set: SetProbe, Severity: Error,
	Summary: "the tenant in the endpoints does not exist in this cloud (AADSTS90002)",
	Doc: Doc{
		Why:      "The tenant segment of the endpoints names no tenant of this Entra cloud: a typo, the subscription ID or a secret ID instead of the Directory (tenant) ID, or a tenant of another national cloud (AADSTS90038).",
		FixEspo:  "Put the Directory (tenant) ID in all endpoints.",
		FixEntra: "Microsoft Entra admin center → Overview: Tenant ID.",
		Refs:     []string{"entra.md §1.9", "entra.md §6 (AADSTS90002, 90038, 900023)"},
	},
	Check: tokenRule(tokenTenant)})

var _ = declare(Rule{ID: "EO4024", Name: "probe-token-request-failed", Set: SetProbe, Severity: Error,
	Summary: "a token request failed for another reason",
	Doc: Doc{
		Why:      "The token endpoint refused the request. The AADSTS code (Entra) or OAuth error says why: a single-tenant app on /common (AADSTS50194), a public client that may not send a secret (700025), a SPA redirect URI (9002327), a client-credentials scope without /.default (1002012), a PKCE mismatch (501481), a reused code (54005), and more.",
		FixEspo:  "Follow the finding's fix; `espo-oidc explain AADSTS<code>` explains each code.",
		FixEntra: "See the finding; the Entra sign-in logs carry the same code.",
		Refs:     []string{"entra.md §6", "entra.md §7", "failure-modes.md §1 row 6"},
	},
	Check: tokenRule(tokenOther)})

var _ = declare(Rule{ID: "EO4025", Name: "probe-redirect-uri-mismatch", Set: SetProbe, Severity: Error,
	Summary: "EspoCRM's redirect URI is not registered at the identity provider (AADSTS50011)",
	Doc: Doc{
		Why:      "EspoCRM sends rtrim(siteUrl,'/') + '/oauth-callback.php' as redirect_uri. The provider accepts only registered URIs, compared exactly (scheme, host, port, path, case, trailing slash).",
		FixEspo:  "Administration → Settings → Site URL must be the URL users browse; the redirect URI follows from it.",
		FixEntra: "App registrations → your app → Authentication → Web → Redirect URIs: add exactly the URI in the finding (Web platform, not SPA).",
		Refs:     []string{"espocrm-oidc.md §2 step 3", "entra.md §5.4", "entra.md §6 (AADSTS50011)", "failure-modes.md §1 row 16"},
	},
	Check: checkRedirectMismatch})

func checkRedirectMismatch(p *Pass) {
	f := p.Probe
	uri := f.RedirectURI
	if uri == "" {
		uri = espo.RedirectURI(p.OIDC().SiteURL)
	}
	fix := fmt.Sprintf("register %s as a Web redirect URI of the app (exactly), or correct siteUrl", uri)
	for _, t := range f.Tokens {
		if classifyToken(t) == tokenRedirect {
			msg, _ := describeTokenError(p, t)
			p.ReportKey("siteUrl", msg, fix)
		}
	}
	if a := f.Authorize; a != nil && a.RedirectRejected {
		p.ReportKey("siteUrl", fmt.Sprintf("the authorize endpoint refuses EspoCRM's redirect URI %s before anyone signs in (HTTP %d%s): %s", espo.RedirectURI(p.OIDC().SiteURL), a.Status, aadstsSuffix(a.AADSTS), a.Text), fix)
	}
	if cb := f.Callback; cb != nil {
		switch {
		case cb.AADSTS == 50011 || cb.AADSTS == 70004 || cb.AADSTS == 500113:
			p.ReportKey("siteUrl", fmt.Sprintf("the identity provider refused the redirect URI %s (AADSTS%d)", uri, cb.AADSTS), fix)
		case cb.RedirectURI != "" && cb.HasCode && !sameRedirect(cb.RedirectURI, uri):
			p.ReportKeySeverity("siteUrl", Warning, fmt.Sprintf("the sign-in ended on %s, not on EspoCRM's redirect URI %s", cb.RedirectURI, uri), fix)
		}
	}
}

func sameRedirect(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/"))
}

var _ = declare(Rule{ID: "EO4026", Name: "probe-authorization-error", Set: SetProbe, Severity: Error,
	Summary: "the sign-in came back to the redirect URI with an error",
	Doc: Doc{
		Why:        "The identity provider redirected to oauth-callback.php with error= instead of a code: consent refused or required, user not assigned, Conditional Access, an unknown scope. EspoCRM's login page reads the non-standard errorDescription parameter, so users see only 'Error'.",
		FixEspo:    "Follow the finding's fix for the code.",
		FixEntra:   "Entra sign-in logs: the same AADSTS code, with the user and the policy involved.",
		Refs:       []string{"espocrm-oidc.md §2 step 5", "entra.md §6", "entra.md §7 (authorize-endpoint errors)", "entra.md §9 (GET the authorize URL)"},
		Unverified: "Reading errors from a browserless GET of the authorize URL is a technique entra.md §9 marks unverified; Entra may show some errors only after sign-in.",
	},
	Check: checkAuthorizationError})

func checkAuthorizationError(p *Pass) {
	if a := p.Probe.Authorize; a != nil && !a.OK && !a.Failed && !a.RedirectRejected && !a.ClientRejected {
		msg := fmt.Sprintf("the authorize endpoint answers EspoCRM's authorize URL with an error (HTTP %d%s)", a.Status, aadstsSuffix(a.AADSTS))
		if a.OAuthError != "" {
			msg += ": error=" + a.OAuthError
		}
		if a.Text != "" {
			msg += ": " + explain.Redact(a.Text)
		}
		fix := "see the identity provider's logs"
		if e, ok := explain.AADSTS(a.AADSTS); ok && a.AADSTS != 0 {
			fix = e.Fix
		} else if e, ok := explain.ByID(a.OAuthError); ok && a.OAuthError != "" {
			fix = e.Fix
		}
		p.ReportKey("oidcAuthorizationEndpoint", msg, fix)
	}
	cb := p.Probe.Callback
	if cb == nil {
		return
	}
	if !cb.StateOK && cb.HasCode {
		p.ReportKeySeverity("oidcAuthorizationEndpoint", Warning, "the state on the pasted URL is not the one sent: the URL belongs to another sign-in (EspoCRM would show 'State mismatch')", "paste the URL of the sign-in the probe started")
	}
	if cb.Error == "" || cb.AADSTS == 50011 || cb.AADSTS == 70004 || cb.AADSTS == 500113 {
		return
	}
	msg := "the sign-in returned error=" + cb.Error
	if cb.ErrorDescription != "" {
		msg += ": " + explain.Redact(cb.ErrorDescription)
	}
	msg += " (EspoCRM shows users only 'Error')"
	fix := "see the identity provider's sign-in logs"
	if e, ok := explain.AADSTS(cb.AADSTS); ok && cb.AADSTS != 0 {
		fix = e.Fix
	} else if e, ok := explain.ByID(cb.Error); ok {
		fix = e.Fix
	}
	p.ReportKey("oidcAuthorizationEndpoint", msg, fix)
}

// clientAuthMethodRe matches a token endpoint's words for "this client may
// not authenticate with client_secret_post" (Hydra: "The OAuth 2.0 Client
// supports client authentication method 'client_secret_basic', but method
// 'client_secret_post' was requested."; oidc-provider: "the provided
// authentication mechanism does not match the registered client
// authentication method").
var clientAuthMethodRe = lazyre.New(`(?i)but method '?client_secret_post'? was requested|does not match the registered client authentication method|client_secret_post (?:is )?not (?:allowed|supported|permitted)`)

// clientAuthRefused: an invalid_client answer that is about the client
// authentication method, not the secret: its description says so, or the
// discovery document does not allow client_secret_post at all (then
// invalid_client cannot tell a wrong secret from a refused method).
func clientAuthRefused(p *Pass, t *facts.TokenResult) bool {
	if t.OK || t.Failed || t.AADSTS != 0 || t.OAuthError != "invalid_client" {
		return false
	}
	if clientAuthMethodRe().MatchString(t.Description) {
		return true
	}
	d := p.Probe.Discovery
	return d != nil && d.Valid && !d.ClientSecretPostAllowed
}
