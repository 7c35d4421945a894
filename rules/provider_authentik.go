package rules

// Rule set provider, authentik: one application, its signing key.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/provider"
)

const akProviderUI = "authentik admin interface → Applications → Providers → your OAuth2/OpenID provider → Edit"

var _ = declare(Rule{ID: "EO5020", Name: "authentik-application-mismatch", Set: SetProvider, Provider: string(provider.Authentik), Severity: Error,
	Summary: "the authentik JWKS and logout URLs name different applications",
	Doc: Doc{
		Why:        "authentik's authorize, token and userinfo URLs are the same for every application; the application's slug appears only in its JWKS (…/application/o/<slug>/jwks/), end-session and discovery URLs. Each provider signs with its own selected key, so another application's JWKS never verifies EspoCRM's tokens, and another application's end-session URL runs that application's invalidation flow. Another host name with the same paths is only info: often the same server under an internal name for EspoCRM's server-side token and JWKS calls (EspoCRM does not compare the issuer); a cloud tenant's host (Okta, Auth0, Zitadel cloud) is always another tenant.",
		FixEspo:    uiOIDC + ": use the slug of EspoCRM's application in the JSON Web Key Set Endpoint and the Logout URL (https://<authentik>/application/o/<slug>/jwks/ and …/end-session/).",
		FixIdP:     "authentik admin interface → Applications → Applications → your EspoCRM application: its Slug; the provider's page lists its OpenID Configuration URL, JWKS URL and Logout URL.",
		Refs:       []string{"https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/"},
		Unverified: "That each provider's JWKS lists only its own signing key follows from authentik's per-provider key setting; not verified against a running authentik.",
	},
	Check: checkAuthentikApp})

var _ = declare(Rule{ID: "EO5021", Name: "authentik-hs256-no-signing-key", Set: SetProvider, Provider: string(provider.Authentik), Severity: Warning, Security: true,
	Summary: "HS256 is allowed for authentik: authentik signs with HS256 only when the provider has no signing key",
	Doc: Doc{
		Why:        "An authentik OAuth2 provider without a Signing Key signs ID tokens with HS256, keyed with the client secret; its JWKS is then empty. EspoCRM accepts that only with HS256 in its algorithm list, and then anyone who knows the client secret can mint ID tokens for any user. With RS256 alone, such a provider fails every login with 'JWT signing algorithm `HS256` not allowed.'.",
		FixEspo:    uiOIDC + " → JSON Web Key Set Signature Algorithms: RS256 only, once the provider has a signing key.",
		FixIdP:     akProviderUI + " → Signing Key: select a certificate (e.g. 'authentik Self-signed Certificate', an RSA key: EC keys give ES256, which EspoCRM cannot verify).",
		Refs:       []string{"https://github.com/immich-app/immich/issues/6818 (authentik without a signing key defaults to HS256)", "https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/"},
		Unverified: "That authentik's HS256 key is the client secret and that the JWKS is empty without a key are not verified against a running authentik.",
	},
	Check: checkAuthentikHS256})

func checkAuthentikApp(p *Pass) {
	d := detection(p)
	if !d.Is(provider.Authentik) {
		return
	}
	reportMismatches(p, d, "application", "use EspoCRM's application slug in the JWKS and logout URLs ("+
		"authentik admin interface → Applications → Applications → your application → Slug)")
}

func checkAuthentikHS256(p *Pass) {
	o := p.OIDC()
	if !detection(p).Is(provider.Authentik) || !hasHMACAlg(o.Algorithms) {
		return
	}
	msg := "HS256 is allowed: authentik signs with HS256 only when its provider has no signing key, and then whoever knows the client secret can forge ID tokens"
	if !hasRSA(o.Algorithms) {
		msg = "only HMAC algorithms are allowed: this fits an authentik provider without a signing key (HS256 with the client secret as key), where whoever knows the secret can forge ID tokens"
	}
	if j := p.Probe; j != nil && j.JWKS != nil && j.JWKS.Status == 200 && len(j.JWKS.Keys) == 0 { // authentik answers {} without a key
		msg += "; the probe found the JWKS empty, so the provider has no signing key"
	}
	if a := tokenAlg(p); a != "" && !strings.HasPrefix(a, "HS") {
		msg += fmt.Sprintf("; the probe's ID token is signed with %s, so HS256 is not needed", a)
	}
	p.ReportKey("oidcJwtSignatureAlgorithmList", msg,
		"select a Signing Key in "+akProviderUI+", then allow only RS256 in "+uiOIDC+" → JSON Web Key Set Signature Algorithms")
}
