package rules

// Rule set entra-app, theme redirect: the app's redirect URIs, platforms and flows.

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/netutil"
)

var _ = declare(Rule{ID: "EO3002", Name: "app-redirect-uri-unregistered", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "the redirect URI EspoCRM sends is not registered in the app (AADSTS50011)",
	Doc: Doc{
		Why:      "EspoCRM sends redirect_uri = rtrim(siteUrl,'/') + '/oauth-callback.php'. Entra compares it byte for byte (scheme, host, path, case, trailing slash) with the app's registered redirect URIs and otherwise shows AADSTS50011 in the popup; EspoCRM's log shows nothing.",
		FixEspo:  "If the site URL is wrong, fix Administration → Settings → Site URL (it must be the URL users open).",
		FixEntra: appUIAuth + " → Web → Redirect URIs: add the URI exactly as the message shows it (copy it from EspoCRM's Authorization Redirect URI field).",
		Refs:     []string{"espocrm-oidc.md §2 step 3 (redirectUri)", "entra.md §5.4", "entra.md §6 (AADSTS50011)", "entra-guide.md step 2"},
		Unverified: "Portal redirect URIs ({portal URL}/oauth-callback.php) are not checked: portal OIDC settings live in the database, " +
			"not in the config files espo-oidc reads.",
	},
	Check: checkAppRedirectUnregistered})

func checkAppRedirectUnregistered(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if strings.TrimSpace(o.SiteURL) == "" {
		return // site-url-missing reports it
	}
	want := espo.RedirectURI(o.SiteURL)
	if len(appRedirectMatches(m, want)) > 0 {
		return // registered somewhere; the platform rules judge where
	}
	msg := fmt.Sprintf("the redirect URI EspoCRM sends, %s, is not registered in %s (%d redirect URI(s) registered); Entra shows AADSTS50011 in the login popup", want, appName(m), len(m.RedirectURIs))
	msg += appNearMiss(m, want)
	appReport(p, m.RedirectLoc, SeverityNone, msg, fmt.Sprintf("%s → Web → Redirect URIs: add %s exactly (or correct Administration → Settings → Site URL if users open another URL)", appUIAuth, want))
}

// appRedirectMatches returns the registered redirect URIs equal to uri, by platform.
func appRedirectMatches(m *entra.Manifest, uri string) map[entra.Platform][]entra.RedirectURI {
	out := map[entra.Platform][]entra.RedirectURI{}
	for _, r := range m.RedirectURIs {
		if r.URI == uri {
			out[r.Platform] = append(out[r.Platform], r)
		}
	}
	return out
}

// appNearMiss describes a registered URI that differs from want only in a
// way people overlook (case, trailing slash, scheme, surrounding spaces).
func appNearMiss(m *entra.Manifest, want string) string {
	bare := func(s string) string { // without spaces, scheme and trailing slashes
		s = strings.TrimSpace(s)
		if i := strings.Index(s, "://"); i >= 0 {
			s = s[i+3:]
		}
		return strings.TrimRight(s, "/")
	}
	isHTTP := func(s string) bool { return strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "http://") }
	for _, r := range m.RedirectURIs {
		if r.URI == want || !strings.EqualFold(bare(r.URI), bare(want)) {
			continue
		}
		var how []string
		if strings.TrimSpace(r.URI) != r.URI {
			how = append(how, "surrounding spaces")
		}
		if isHTTP(r.URI) != isHTTP(want) {
			how = append(how, "http vs https")
		}
		if strings.HasSuffix(strings.TrimSpace(r.URI), "/") != strings.HasSuffix(want, "/") {
			how = append(how, "a trailing slash")
		}
		if bare(r.URI) != bare(want) {
			how = append(how, "letter case")
		}
		if len(how) == 0 {
			how = append(how, "the scheme's spelling")
		}
		return fmt.Sprintf("; %s (%s) is registered at %s and differs in %s", r.URI, r.Platform, r.Loc.Pos, strings.Join(how, ", "))
	}
	return ""
}

var _ = declare(Rule{ID: "EO3003", Name: "app-redirect-uri-spa", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "the redirect URI is registered on the Single-page application platform, not Web (AADSTS9002327)",
	Doc: Doc{
		Why:      "EspoCRM redeems the code on its server with a client secret: a confidential web client. A redirect URI on the SPA platform 'can't be used with non-SPA flows'; the token request fails (AADSTS9002327) and EspoCRM logs 'OIDC: Bad token request.' with HTTP 500.",
		FixEntra: appUIAuth + ": remove the URI from Single-page application and add it under Web → Redirect URIs.",
		Refs:     []string{"entra.md §5.4 (Web platform; spa URIs can't be used with non-SPA flows)", "failure-modes.md §1 row 6 (AADSTS9002327)"},
		Unverified: "The AADSTS9002327 code for this case comes from failure-modes.md (public code explanations); " +
			"it is not in entra.md's error table.",
	},
	Check: checkAppRedirectSPA})

func checkAppRedirectSPA(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if strings.TrimSpace(o.SiteURL) == "" {
		return
	}
	want := espo.RedirectURI(o.SiteURL)
	got := appRedirectMatches(m, want)
	if len(got[entra.PlatformWeb]) > 0 {
		return
	}
	for _, r := range got[entra.PlatformSPA] {
		appReport(p, r.Loc, SeverityNone, fmt.Sprintf("the redirect URI %s is registered on the Single-page application platform, not Web; EspoCRM redeems the code on its server with a secret, which Entra refuses for SPA redirect URIs (AADSTS9002327)", want),
			fmt.Sprintf("%s: remove %s from Single-page application and add it under Web → Redirect URIs", appUIAuth, want))
	}
}

var _ = declare(Rule{ID: "EO3004", Name: "app-redirect-uri-public-client", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "the redirect URI is registered as a public client (mobile and desktop), which may not send a secret (AADSTS700025)",
	Doc: Doc{
		Why:        "A redirect URI on the 'Mobile and desktop applications' platform (publicClient, legacy type InstalledClient) makes Entra treat the request as a public client, which must not present a client secret; EspoCRM always sends one, so the token request fails with AADSTS700025. 'Allow public client flows' (isFallbackPublicClient) is not needed by EspoCRM either.",
		FixEntra:   appUIAuth + ": remove the URI from Mobile and desktop applications and add it under Web → Redirect URIs; set Allow public client flows to No unless another client of this app needs it.",
		Refs:       []string{"entra.md §5.2 (replyUrlsWithType types, allowPublicClient → isFallbackPublicClient)", "entra.md §6 (AADSTS700025)", "failure-modes.md §1 row 6"},
		Unverified: "Whether isFallbackPublicClient alone breaks EspoCRM's code flow is not verified; it is reported as info only.",
	},
	Check: checkAppRedirectPublic})

func checkAppRedirectPublic(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if strings.TrimSpace(o.SiteURL) != "" {
		want := espo.RedirectURI(o.SiteURL)
		got := appRedirectMatches(m, want)
		if len(got[entra.PlatformWeb]) == 0 {
			for _, r := range got[entra.PlatformPublic] {
				appReport(p, r.Loc, SeverityNone, fmt.Sprintf("the redirect URI %s is registered as a public client (Mobile and desktop applications), not Web; a public client must not send a client secret and EspoCRM always does, so the token request fails with AADSTS700025", want),
					fmt.Sprintf("%s: remove %s from Mobile and desktop applications and add it under Web → Redirect URIs", appUIAuth, want))
			}
		}
	}
	if m.FallbackPublic.Set && m.FallbackPublic.Value {
		appReport(p, m.FallbackPublic.Loc, Info, "'Allow public client flows' is on; EspoCRM is a confidential client (it sends a client secret) and does not need it",
			appUIAuth+" → Advanced settings → Allow public client flows: No, unless another client of this app needs it")
	}
}

var _ = declare(Rule{ID: "EO3005", Name: "app-redirect-uri-invalid", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest},
	Summary: "a registered redirect URI breaks Entra's rules (https, ≤ 256 characters, no forbidden characters, no wildcard)",
	Doc: Doc{
		Why:      "Entra accepts a Web redirect URI only with https (http only for localhost), at most 256 characters, without the characters ! $ ' ( ) , ; and, for apps open to personal accounts, without wildcards (wildcards are strongly discouraged for all apps). The admin center refuses to save such a manifest, and an uploaded one fails.",
		FixEntra: appUIAuth + ": correct or remove the URI; EspoCRM needs only https://<site>/oauth-callback.php on the Web platform.",
		Refs:     []string{"entra.md §5.4"},
	},
	Check: checkAppRedirectInvalid})

func checkAppRedirectInvalid(p *Pass) {
	for _, r := range p.Manifest.RedirectURIs {
		if r.Platform == entra.PlatformPublic {
			continue // custom schemes are allowed for mobile and desktop apps
		}
		var probs []string
		sev := Error
		u, err := url.Parse(r.URI)
		switch {
		case err != nil || u.Host == "":
			probs = append(probs, "is not an absolute URL")
		case strings.EqualFold(u.Scheme, "http") && !netutil.IsLoopback(u.Hostname()):
			probs = append(probs, "uses http; Entra allows http only for localhost")
		case !strings.EqualFold(u.Scheme, "https") && !strings.EqualFold(u.Scheme, "http"):
			probs = append(probs, fmt.Sprintf("uses the scheme %q; a Web redirect URI must be https", u.Scheme))
		}
		if len(r.URI) > 256 {
			probs = append(probs, fmt.Sprintf("is %d characters long; Entra allows at most 256", len(r.URI)))
		}
		if i := strings.IndexAny(r.URI, appForbiddenURIChars); i >= 0 {
			probs = append(probs, fmt.Sprintf("contains %q, one of the characters Entra does not allow (! $ ' ( ) , ;)", r.URI[i]))
		}
		if err == nil && u.Hostname() == "::1" {
			probs = append(probs, "uses the IPv6 loopback [::1], which Entra does not support; use localhost or 127.0.0.1")
		}
		if strings.Contains(r.URI, "*") {
			if len(probs) == 0 {
				sev = Warning
			}
			probs = append(probs, "contains a wildcard; Entra rejects wildcards for apps open to personal accounts and strongly discourages them for all apps, and EspoCRM needs only its one exact callback URI")
		}
		if len(probs) == 0 {
			continue
		}
		appReport(p, r.Loc, sev, fmt.Sprintf("the %s redirect URI %s %s", r.Platform, appShorten(r.URI), strings.Join(probs, "; ")),
			appUIAuth+": correct or remove this URI; EspoCRM needs only https://<site>/oauth-callback.php on the Web platform")
	}
}

var appForbiddenURIChars = "!$'(),;"

// appShorten keeps long values readable in messages.
func appShorten(s string) string {
	if len(s) > 120 {
		return s[:100] + "…(" + fmt.Sprint(len(s)) + " characters)"
	}
	return s
}

var _ = declare(Rule{ID: "EO3017", Name: "app-implicit-id-token", Set: SetEntraApp, Severity: Info, Needs: []Need{NeedManifest},
	Summary: "implicit-flow ID tokens (or access tokens) are enabled though EspoCRM uses the code flow",
	Doc: Doc{
		Why:      "EspoCRM sends response_type=code and gets the ID token from the token endpoint. Issuing ID or access tokens from the authorize endpoint (implicit / hybrid flow) is not needed and widens what a leaked redirect can carry.",
		FixEntra: appUIAuth + " → Implicit grant and hybrid flows: untick ID tokens and Access tokens.",
		Refs:     []string{"entra.md §5.3 (enableIdTokenIssuance not needed for the code flow)", "espocrm-oidc.md §2 step 4 (response_type=code)"},
	},
	Check: checkAppImplicit})

func checkAppImplicit(p *Pass) {
	m := p.Manifest
	if m.ImplicitIDToken.Set && m.ImplicitIDToken.Value {
		appReport(p, m.ImplicitIDToken.Loc, SeverityNone, "implicit-flow ID tokens are enabled (ID tokens from the authorize endpoint); EspoCRM uses the authorization-code flow and gets its ID token from the token endpoint",
			appUIAuth+" → Implicit grant and hybrid flows: untick ID tokens")
	}
	if m.ImplicitAccessToken.Set && m.ImplicitAccessToken.Value {
		appReport(p, m.ImplicitAccessToken.Loc, SeverityNone, "implicit-flow access tokens are enabled; EspoCRM does not use them and they travel in the browser's URL",
			appUIAuth+" → Implicit grant and hybrid flows: untick Access tokens")
	}
}

var _ = declare(Rule{ID: "EO3018", Name: "app-logout-redirect-unregistered", Set: SetEntraApp, Severity: Warning, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "the logout URL's post_logout_redirect_uri is not a registered redirect URI",
	Doc: Doc{
		Why:        "Entra redirects after sign-out only to a post_logout_redirect_uri that matches one of the app's registered redirect URIs; otherwise the user stays on Microsoft's 'signed out' page.",
		FixEntra:   appUIAuth + " → Web → Redirect URIs: add the post-logout URI exactly as the message shows it.",
		FixEspo:    uiOIDC + " → Logout URL: or point post_logout_redirect_uri at a registered URI.",
		Refs:       []string{"entra.md §1.6 (post_logout_redirect_uri must match a registered redirect URI)", "espocrm-oidc.md §8 ({siteUrl} substitution)"},
		Unverified: "Whether Entra ignores a trailing-slash difference here is not verified; the comparison is exact.",
	},
	Check: checkAppLogoutRedirect})

func checkAppLogoutRedirect(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	raw := strings.TrimSpace(o.LogoutURL)
	if raw == "" {
		return
	}
	site := strings.TrimRight(strings.TrimSpace(o.SiteURL), "/")
	sub := strings.NewReplacer("{siteUrl}", url.QueryEscape(site), "{clientId}", url.QueryEscape(strings.TrimSpace(o.ClientID))).Replace(raw)
	u, err := url.Parse(sub)
	if err != nil {
		return // logout-url rules report a broken URL
	}
	post := u.Query().Get("post_logout_redirect_uri")
	if post == "" {
		return
	}
	for _, r := range m.RedirectURIs {
		if r.URI == post {
			return
		}
	}
	msg := fmt.Sprintf("the logout URL sends post_logout_redirect_uri=%s, which is not a registered redirect URI of %s; Entra then leaves the user on its 'signed out' page", post, appName(m))
	msg += appNearMiss(m, post)
	p.ReportKey("oidcLogoutUrl", msg, fmt.Sprintf("%s → Web → Redirect URIs: add %s (%s at %s)", appUIAuth, post, m.RedirectLoc.Key, m.RedirectLoc.Pos))
}
