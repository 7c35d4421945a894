package explain

// Identity providers other than Entra: their own error texts (from package
// provider's profiles) as entries of kind "provider", provider-neutral
// wording of the OAuth and EspoCRM entries whose text speaks of Entra, and
// signing-algorithm advice that depends on the algorithm.

import (
	"slices"
	"strings"

	"github.com/espo-oidc/espo-oidc/internal/lazyre"
	"github.com/espo-oidc/espo-oidc/provider"
)

// KindProvider is an error text of an identity provider other than Entra
// (Keycloak's "Parameter client_assertion_type is missing", Okta's "User is
// not assigned to the client application.", ...).
const KindProvider = "provider"

// addProviders adds the providers' error texts, after the other entries
// (build calls it, on first use).
func addProviders() {
	for _, p := range provider.All() {
		for i := range p.Errors {
			pe := &p.Errors[i]
			e := &Entry{Kind: KindProvider, ID: pe.Key(p), Text: pe.Text, Error: pe.Error,
				Title:   p.Name + ": " + strings.ReplaceAll(pe.ID, "-", " "),
				Meaning: pe.Cause + " Seen in: " + pe.Where + ".",
				Fix:     pe.Fix, Rules: pe.Rules, Refs: p.Docs, Unverified: pe.Unverified}
			if !pe.Shared { // the standard's wording says nothing about the provider: see ProviderMatches
				e.pat = pe.Pattern() // compiled with the others, on first use
			}
			add(e)
		}
	}
}

// LookupFor is Lookup explained for provider kind ("": inferred from q):
// the provider's own error texts in the standard's wording are added, and
// every entry is tailored to the provider.
func LookupFor(q string, kind provider.Kind) []Entry {
	entries := Lookup(q)
	if kind == "" {
		kind = InferProvider(q)
	}
	for _, m := range ProviderMatches(q, kind) {
		entries = append([]Entry{m.Entry}, entries...)
	}
	for i := range entries {
		entries[i] = Tailor(entries[i], q, kind)
	}
	return entries
}

// ProviderMatches are the provider's error texts in text that Scan does not
// report because their wording is the OAuth standard's (Authelia's
// invalid_client text): they are the provider's only when it is known.
func ProviderMatches(text string, kind provider.Kind) []Match {
	var out []Match
	for _, m := range provider.MatchErrors(text, kind) {
		if !m.Error.Shared {
			continue
		}
		if e, ok := ByID(m.Error.Key(m.Profile)); ok {
			out = append(out, Match{Entry: e, Found: Redact(m.Found), Offset: m.Offset})
		}
	}
	return out
}

// neutral is the provider-neutral wording of entries whose text explains
// them with Entra's codes; used when the provider is known and is not Entra.
var neutral = map[string]struct{ meaning, fix string }{
	"invalid_client": {
		"The identity provider did not accept EspoCRM's client credentials at the token endpoint (`OIDC: Token request error.; Status: 401`, or 400): a wrong or regenerated client secret, an unknown or disabled client ID, or a client that expects another authentication method: EspoCRM sends the secret only in the POST body (client_secret_post), never as HTTP Basic or a signed JWT.",
		"Copy the client ID and a current secret from the provider into Administration → Authentication → OIDC (the secret lives in data/config-internal.php), and set the client's token endpoint authentication to client_secret_post."},
	"invalid_grant": {
		"The token endpoint refused the code EspoCRM redeemed (`OIDC: Bad token request.; Status: 400`): it expired or was already used, the PKCE verifier did not match because the PHP session was lost, the redirect URI differs between the two requests, or the code was issued by another realm / authorization server / tenant than the token endpoint's.",
		"Retry the login once; keep every endpoint on the same realm or authorization server; make Site URL the URL users browse; synchronise clocks."},
	"invalid_request": {
		"The identity provider found EspoCRM's authorization or token request malformed: most often a redirect URI that is not registered, a prompt value it does not support, or a parameter it requires (PKCE's code_challenge).",
		"Read the error_description; check Site URL and the client's registered redirect URI ({Site URL}/oauth-callback.php), the Prompt value and Authorization PKCE."},
	"unauthorized_client": {
		"The client may not use the authorization-code flow, or its credentials are not set up at the provider.",
		"Enable the authorization-code (standard) flow for the client at the provider and give it a client secret."},
	"invalid_scope": {
		"A value in EspoCRM's OIDC Scopes is not one the provider offers or lets this client use; EspoCRM's default scopes include phone, which Google, Dex and kanidm refuse and Authelia clients lack by default.",
		"Remove the scope from Administration → Authentication → OIDC → Scopes (profile and email are enough), or allow it for the client at the provider."},
	"access_denied": {
		"The user declined consent, or a policy of the provider (application assignment, access policy, authorization policy) denied them. Shown only in the browser; EspoCRM logs nothing.",
		"Assign the user (or their group) to the application at the provider and check its access policies."},
	"login_required": {
		"EspoCRM's Prompt is none and the user has no session at the provider; silent sign-in is impossible.",
		"Set Administration → Authentication → OIDC → Prompt to login or select_account."},
	"espocrm:jwt-alg-not-allowed": {
		"The token's alg is not in oidcJwtSignatureAlgorithmList, or the list is empty or missing. EspoCRM verifies RS256/384/512 and HS256/384/512 only: an ES*, PS* or EdDSA token cannot be fixed in that list.",
		"For RS*/HS*: allow the algorithm in Administration → Authentication → OIDC → JWT signature algorithms. For ES*, PS*, EdDSA: change the provider's signing algorithm to RS256."},
	"espocrm:logout-invalid-jwt": {
		"POST /Oidc/backchannelLogout got a logout token EspoCRM rejected (signature, aud, sub, iss or the username claim). EspoCRM reads oidcUsernameClaim from the logout token, which normally carries only sub and sid: it works only with Username Claim sub.",
		"Check the JWKS endpoint, the client ID and the username claim; with a username claim other than sub, turn the provider's back-channel logout off for this client."},
	"espocrm:bad-token-request": {
		"The token endpoint answered 400: it rejected the code exchange: an expired or already used code (EspoCRM 2FA before 8.4 redeems it twice), a PKCE verifier mismatch because the PHP session was lost, a redirect URI that differs from the authorization request, a client authentication method other than client_secret_post, or a code from another realm or authorization server. An empty-message CRITICAL (HTTP 500) follows.",
		"Read the error and error_description in the Response: part; espo-oidc logs and espo-oidc explain - show the specific fix."},
	"espocrm:userinfo-response-error": {
		"The userinfo call failed (curl error or 4xx): the URL is not the userinfo endpoint of the provider that issued the access token (another realm, authorization server or application), or the access token lacks the scopes userinfo needs.",
		"Set the UserInfo Endpoint to the userinfo_endpoint of the provider's discovery document, or clear it."},
	"espocrm:username-claim-missing": {
		"The claim named in oidcUsernameClaim is not in the ID token (nor in userinfo, 9.1+): the provider does not issue it (Google and Auth0 have no preferred_username), puts it only at userinfo (Authelia 4.39+, Zitadel) while no UserInfo Endpoint is set, or the scope that carries it is not requested. (≤9.0 wording: `… in token.`)",
		"Pick a claim the provider always sends (its profile's username claim: preferred_username, or email for Google and Auth0), set the UserInfo Endpoint (EspoCRM 9.1+), or add the claim at the provider."},
	"go-oidc:signature": {
		"No JWKS key verifies the token: the JWKS of another realm, authorization server or application, a key rollover, or an access token instead of an ID token.",
		"Use the jwks_uri of the provider's discovery document for this realm / server / application."},
	"espocrm:jwt-signature": {
		"RS*: no key in the JWKS with the token's kid: the JWKS URL belongs to another realm, authorization server or application than the token, or the 10-minute JWKS cache is stale after a key rollover (EspoCRM does not refetch on an unknown kid). HS*: the token is not signed with the client secret (Keycloak's HS256 uses a realm key).",
		"Set the JWKS endpoint to the jwks_uri of the provider's discovery document for this realm / server / application; after a rollover clear the cache (Administration → Clear Cache)."},
}

// NonEntraRules drops the Entra and Entra-app rules from a list of rule
// names (they never run for another provider).
func NonEntraRules(rules []string) []string {
	return slices.DeleteFunc(slices.Clone(rules), func(r string) bool {
		return strings.HasPrefix(r, "entra-") || strings.HasPrefix(r, "app-")
	})
}

var algRe = lazyre.New("(?i)algorithm\\W{0,3}(RS|HS|ES|PS|Ed)(DSA|256|384|512)?")

// Tailor returns e as it reads for provider kind (Unknown or "" when not
// known) and the text that was found: entries that explain with Entra's
// codes get the provider-neutral wording when the provider is another one,
// and the algorithm entry says what to change for the algorithm found.
func Tailor(e Entry, found string, kind provider.Kind) Entry {
	p := provider.ByKind(kind)
	if p != nil && p.Kind != provider.Entra && e.Kind != KindAADSTS {
		if n, ok := neutral[e.ID]; ok {
			e.Meaning, e.Fix = n.meaning, n.fix
		}
		e.Rules = NonEntraRules(e.Rules)
		e.Refs = slices.DeleteFunc(slices.Clone(e.Refs), func(r string) bool { return strings.HasPrefix(r, "entra") })
		switch e.ID {
		case "invalid_client":
			e.Fix += " " + p.Name + ": " + p.ClientAuth.Setting + "."
		case "invalid_scope":
			e.Rules = append(e.Rules, "provider-scope-unsupported")
			if p.Claims.Scopes != nil {
				e.Fix += " " + p.Name + " offers: " + strings.Join(p.Claims.Scopes, ", ") + "."
			}
		}
		e.Meaning, e.Fix = neutralize(e.Meaning), neutralize(e.Fix)
		if e.Unverified = neutralize(e.Unverified); entraWordRe().MatchString(e.Unverified) {
			e.Unverified = "" // it was only about Entra
		}
	}
	if e.ID == "espocrm:jwt-alg-not-allowed" || e.ID == "go-oidc:algorithm" {
		if adv := AlgorithmAdvice(found, kind); adv != "" {
			e.Fix = adv
			if !slices.Contains(e.Rules, "provider-algorithm-unverifiable") {
				e.Rules = append(slices.Clone(e.Rules), "provider-algorithm-unverifiable")
			}
		}
	}
	return e
}

// AlgorithmAdvice says what to do about a token signed with the algorithm
// named in text, at provider kind ("" when text names none).
func AlgorithmAdvice(text string, kind provider.Kind) string {
	m := algRe().FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	alg := strings.ToUpper(m[1]) + strings.ToUpper(m[2])
	if strings.EqualFold(m[1], "Ed") {
		alg = "EdDSA"
	}
	p := provider.ByKind(kind)
	if provider.EspoVerifies(alg) {
		s := "Add " + alg + " to Administration → Authentication → OIDC → JWT signature algorithms (oidcJwtSignatureAlgorithmList)"
		if strings.HasPrefix(alg, "HS") {
			s += "; HS* tokens verify only when the provider signs them with the client secret"
			if p != nil && p.Signing.HMACKey == "provider-key" {
				s += " (" + p.Name + " signs HS* with its own key, so they never verify: switch it to RS256: " + p.Signing.Setting + ")"
			}
		}
		return s + "."
	}
	s := alg + " cannot be fixed in EspoCRM's algorithm list: EspoCRM verifies only RS256/384/512 and HS256/384/512. Change the provider's ID-token signing algorithm to RS256"
	if p != nil && p.Signing.Setting != "" && p.Kind != provider.Generic {
		s += " (" + p.Name + ": " + p.Signing.Setting + ")"
	}
	return s + ", then allow RS256 in EspoCRM."
}

var (
	entraWordRe  = lazyre.New(`Entra|AADSTS|Microsoft|microsoftonline|Graph`)
	entraParenRe = lazyre.New(`\s*\([^()]*(?:Entra|AADSTS|Microsoft|microsoftonline|Graph)[^()]*\)`)
)

// neutralize drops what a text says about Entra: parenthetical Entra
// examples, then sentences about Entra. A text that is only about Entra
// stays as it is (the caller's table has its neutral wording).
func neutralize(s string) string {
	if !entraWordRe().MatchString(s) {
		return s
	}
	t := entraParenRe().ReplaceAllString(s, "")
	var keep []string
	for _, sent := range sentences(t) {
		if !entraWordRe().MatchString(sent) {
			keep = append(keep, sent)
		}
	}
	if len(keep) == 0 {
		return s
	}
	return strings.Join(keep, " ")
}

// sentences splits at ". ", "! ", "? " and "; " followed by a capital or a
// backquote.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' && (s[i+2] >= 'A' && s[i+2] <= 'Z' || s[i+2] == '`' || s[i+2] == '\'') {
			out = append(out, strings.TrimSpace(s[start:i+1]))
			start = i + 2
		}
	}
	if r := strings.TrimSpace(s[start:]); r != "" {
		out = append(out, r)
	}
	return out
}

var urlRe = lazyre.New(`https?://[^\s"'<>)\]]+`)

// InferProvider guesses the provider a text (an error page, a log excerpt)
// comes from: Entra for AADSTS codes, the provider whose error texts it
// contains, or the provider of the URLs in it. Unknown when nothing says.
func InferProvider(text string) provider.Kind {
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	if len(ExtractAADSTS(text)) > 0 {
		return provider.Entra
	}
	if ms := provider.MatchErrors(text, ""); len(ms) > 0 {
		return ms[0].Profile.Kind
	}
	for _, u := range urlRe().FindAllString(text, 20) {
		if d := provider.DetectURLs(u); d.Profile != nil && d.Kind != provider.Generic {
			return d.Profile.Kind
		}
	}
	return provider.Unknown
}
