package rules

// Rule set probe, theme id-token: the ID token judged strictly and as EspoCRM would, and the clock.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
)

var _ = declare(Rule{ID: "EO4030", Name: "probe-id-token-strict-rejected", Set: SetProbe, Severity: Warning, Needs: []Need{NeedProbe, NeedIDToken},
	Summary: "strict OpenID validation (go-oidc) rejects the ID token",
	Doc: Doc{
		Why:     "go-oidc checks what the OpenID Connect specification requires: the exact issuer, the audience, expiry without leeway, the signature with the provider's published keys and algorithms, and here also the nonce and Entra's per-key issuer. A token strict validation rejects is one a well-behaved relying party would refuse; EspoCRM may still accept it (see probe-id-token-foreign-issuer).",
		FixEspo: "Follow the reason given; usually the endpoints point at another tenant or version than the tokens come from.",
		Refs:    []string{"entra.md §8", "failure-modes.md §3"},
	},
	Check: checkStrictRejected})

func checkStrictRejected(p *Pass) {
	s, e := p.Probe.Strict, p.Probe.Espo
	if s == nil || s.Accepted {
		return
	}
	if e != nil && e.Accepted && foreignIssuer(p) != "" {
		return // probe-id-token-foreign-issuer reports it, as a security problem
	}
	p.ReportKey("oidcTokenEndpoint", "strict OpenID validation (go-oidc) rejects the ID token: "+strings.Join(s.Reasons, "; "),
		"make the endpoints match the issuer the tokens come from (tenant, version)")
}

// foreignIssuer says why the token's issuer is foreign, or "".
func foreignIssuer(p *Pass) string {
	f := p.Probe
	iss := facts.ClaimString(f.IDToken, "iss")
	tid := facts.ClaimString(f.IDToken, "tid")
	if len(p.Options.ExpectedTenants) > 0 && tid != "" {
		ok := false
		for _, t := range p.Options.ExpectedTenants {
			ok = ok || strings.EqualFold(t, tid)
		}
		if !ok {
			return fmt.Sprintf("the token's tenant %s is not among the expected tenants %v", tid, p.Options.ExpectedTenants)
		}
	}
	want := f.Issuer
	if d := f.Discovery; d != nil && d.Valid && d.IssuerMatches {
		want = d.Issuer
	}
	if want == "" || strings.Contains(want, "{") || iss == "" {
		return ""
	}
	if ep, ok := entra.ParseEndpoint(want); ok && entra.IsGenericTenant(ep.Tenant) {
		return ""
	}
	if iss != want {
		return fmt.Sprintf("the token's iss %q is not the configured issuer %q", iss, want)
	}
	return ""
}

var _ = declare(Rule{ID: "EO4031", Name: "probe-id-token-espo-rejected", Set: SetProbe, Severity: Error, Needs: []Need{NeedProbe, NeedIDToken},
	Summary: "EspoCRM would reject the ID token: the login fails after the identity provider's sign-in",
	Doc: Doc{
		Why: "EspoCRM first parses the ID token: a missing or non-string sub while iss is present, an aud that is not a string or list (an int), non-numeric exp/nbf (before 8.1 anything but a JSON integer) end in 'OIDC: JWT parsing error. <detail>' and HTTP 500, with no auth-log row. " +
			"It then validates in a fixed order: exp and nbf with 240 s leeway (a value of 0 skips the check), the client ID in aud (compared loosely), truthy sub and iss ('0' is empty), alg in oidcJwtSignatureAlgorithmList, the signature with the JWKS key of the exact kid (cached, never refetched on an unknown kid; one RSA key without kid in the set fails every RS* login with 'Bad JWK value.', HTTP 500) or HMAC with the client secret, then the nonce. A validation failure logs 'OIDC: …' and the user sees 'Failed to log in' (401).",
		FixEspo: "The finding names the failing check and the setting to change.",
		Refs: []string{"espocrm-oidc.md §2 steps 8–10", "espocrm-oidc.md §10.3", "failure-modes.md §1 rows 8, 10, 12, 13",
			espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Oidc/Login.php:120-131"),
			espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Jwt/Token/Payload.php:169-203"),
			espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Jwt/Validator.php:60-66"),
			espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Oidc/TokenValidator.php:77-87"),
			espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Jwt/Keys/Rsa.php:55-61")},
	},
	Check: checkEspoRejected})

func checkEspoRejected(p *Pass) {
	e := p.Probe.Espo
	if e == nil || e.Accepted {
		return
	}
	for _, c := range e.Checks {
		if c.OK {
			continue
		}
		key := espoCheckKey[c.Name]
		msg := fmt.Sprintf("EspoCRM would reject the ID token (%s check): %s", c.Name, c.Detail)
		fix := espoCheckFix[c.Name]
		if c.Name == "signature" && p.Probe.JWKS != nil && p.Probe.JWKS.EspoFails != "" {
			fix = "the key set must give every RSA key a kid and n/e (EspoCRM fails on the first that lacks them, Jwt/Keys/Rsa.php); fix it at the provider, or point oidcJwksEndpoint at a key set without that key"
		}
		if c.Name == "signature" && p.Probe.AppKidFound && p.Probe.AppJWKS != nil {
			msg += "; the key is in the app's own key set " + p.Probe.AppJWKS.URL + " (the app has custom signing keys)"
			fix = "set oidcJwksEndpoint to " + p.Probe.AppJWKS.URL
		}
		if key == "" {
			p.Report(Finding{Message: msg, Fix: fix})
			continue
		}
		p.ReportKey(key, msg, fix)
	}
}

var espoCheckKey = map[string]string{
	"aud": "oidcClientId", "alg": "oidcJwtSignatureAlgorithmList", "signature": "oidcJwksEndpoint",
	"sub": "oidcTokenEndpoint", "iss": "oidcTokenEndpoint", "exp": "", "nbf": "", "nonce": "", "parse": "oidcTokenEndpoint",
}

var espoCheckFix = map[string]string{
	"aud":       "set oidcClientId to the ID token's audience (Entra: the Application (client) ID)",
	"alg":       "allow the token's algorithm in oidcJwtSignatureAlgorithmList (Entra: RS256)",
	"signature": "point oidcJwksEndpoint at the provider's jwks_uri (clear EspoCRM's cache after a key rollover: Administration → Clear Cache)",
	"exp":       "synchronise the EspoCRM server's clock",
	"nbf":       "synchronise the EspoCRM server's clock",
	"sub":       "the identity provider must send a sub claim",
	"iss":       "the identity provider must send an iss claim",
	"nonce":     "a proxy or the provider mixes up sign-ins; try again in a private window",
	"parse":     "the provider must return a signed JWT (JWS) as id_token whose claims EspoCRM can parse: a string sub whenever iss is present, aud as a string or a list, numeric exp/nbf/iat/auth_time (JSON integers before EspoCRM 8.1), string nonce and sid",
}

var _ = declare(Rule{ID: "EO4032", Name: "probe-id-token-foreign-issuer", Set: SetProbe, Severity: Error, Security: true, Needs: []Need{NeedProbe, NeedIDToken},
	Summary: "EspoCRM accepts an ID token from another issuer or tenant than the configured one",
	Doc: Doc{
		Why:      "EspoCRM checks only that iss is non-empty; it never compares it with an expected issuer or tenant. A token from another tenant that carries the client ID in aud (a multi-tenant app, /common endpoints) signs in whoever matches the username claim — with email or UPN matching that is an account takeover.",
		FixEspo:  "Use tenant-specific endpoints; prefer an immutable username claim; do not enable oidcCreateUser for multi-tenant apps.",
		FixEntra: "Make the app single-tenant (Authentication → Supported account types: this organizational directory only).",
		Refs:     []string{"espocrm-oidc.md §2 step 9.2", "entra.md §1.2", "entra.md §2.5 (nOAuth)", "failure-modes.md §1 row 14"},
	},
	Check: checkForeignIssuer})

func checkForeignIssuer(p *Pass) {
	e := p.Probe.Espo
	if e == nil || !e.Accepted {
		return
	}
	why := foreignIssuer(p)
	if why == "" {
		d := p.Probe.Discovery
		if d != nil && d.IssuerTemplate && len(p.Options.ExpectedTenants) == 0 {
			tid := facts.ClaimString(p.Probe.IDToken, "tid")
			p.ReportKeySeverity("oidcAuthorizationEndpoint", Warning, fmt.Sprintf("EspoCRM accepted a token from tenant %s through multi-tenant endpoints; it would accept any other tenant's just the same (no tenant allow-list is configured for espo-oidc either)", orNone(tid)),
				"use tenant-specific endpoints, or list the expected tenants in espo-oidc's config (expectedTenants) to check them")
		}
		return
	}
	p.ReportKey("oidcAuthorizationEndpoint", "EspoCRM would accept this ID token although "+why+": EspoCRM never compares iss, so this tenant's users can sign in",
		"use tenant-specific endpoints of your own tenant and make the app single-tenant")
}
