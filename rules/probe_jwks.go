package rules

// Rule set probe, theme jwks: the key set EspoCRM fetches.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/facts"
	"github.com/espo-oidc/espo-oidc/provider"
)

var _ = declare(Rule{ID: "EO4010", Name: "probe-jwks-failed", Set: SetProbe, Severity: Error,
	Summary: "the JWKS URL EspoCRM uses does not serve a usable key set",
	Doc: Doc{
		Why:     "EspoCRM fetches oidcJwksEndpoint with curl (10 s, no redirects) and fails the login with 'OIDC: JWKS request error.' or 'OIDC: JWKS bad response.' when the answer is not a JSON object with keys (HTTP 500 for the user).",
		FixEspo: uiOIDC + " → JSON Web Key Set Endpoint: the provider's jwks_uri (Entra: https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys).",
		Refs:    []string{"espocrm-oidc.md §2 (JWKS fetching and caching)", "entra.md §1.5"},
	},
	Check: checkJWKSFailed})

func checkJWKSFailed(p *Pass) {
	j := p.Probe.JWKS
	if j == nil || j.Failed || (j.Valid && j.EspoFails == "" && len(j.Keys) > 0) {
		return // a transport failure is probe-incomplete's
	}
	if j.Valid && j.EspoFails != "" {
		return // probe-jwks-key-without-kid reports it
	}
	msg := fmt.Sprintf("the JWKS at %s is unusable: %s", j.URL, j.Problem)
	if j.EspoFails != "" {
		msg += fmt.Sprintf("; EspoCRM fails with '%s'", j.EspoFails)
	}
	fix := "set oidcJwksEndpoint to the provider's jwks_uri"
	if d := p.Probe.Discovery; d != nil && d.JwksURI != "" {
		fix = "set oidcJwksEndpoint to " + d.JwksURI
	}
	p.ReportKey("oidcJwksEndpoint", msg, fix)
}

var _ = declare(Rule{ID: "EO4011", Name: "probe-jwks-key-without-kid", Set: SetProbe, Severity: Error,
	Summary: "an RSA key of the JWKS has no kid: EspoCRM fails hard on it ('Bad JWK value.')",
	Doc: Doc{
		Why:     "EspoCRM picks the verification key by exact kid and throws 'Bad JWK value.' (HTTP 500) for an RSA key without one, even if another key would have matched.",
		FixEspo: "Configure the identity provider to publish a kid on every key (some, like early pocket-id, did not).",
		Refs:    []string{"espocrm-oidc.md §2 (JWKS: 'Bad JWK value.')", "failure-modes.md §1 row 9"},
	},
	Check: checkJWKSKid})

func checkJWKSKid(p *Pass) {
	for _, j := range []*facts.JWKS{p.Probe.JWKS} {
		if j == nil {
			continue
		}
		n := 0
		for _, k := range j.Keys {
			if k.Kty == "RSA" && k.Kid == "" {
				n++
			}
		}
		if n > 0 {
			p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("%d RSA key(s) at %s have no kid: EspoCRM throws 'Bad JWK value.' (HTTP 500) on every login", n, j.URL),
				"make the identity provider publish a kid on every signing key")
		}
	}
}

var _ = declare(Rule{ID: "EO4012", Name: "probe-jwks-key-weak", Set: SetProbe, Severity: Error, Security: true, Needs: []Need{NeedProbe},
	Summary: "the JWKS holds a weak, private or symmetric key",
	Doc: Doc{
		Why:        "A JWKS is public. An RSA modulus under 2048 bits can be factored; private members (d, p, q, …) or a symmetric (kty oct) key published there let anyone sign tokens EspoCRM would accept.",
		FixEspo:    "Fix the identity provider's signing keys (rotate them) before using it; the private key material must be considered compromised.",
		Refs:       []string{"entra.md §1.5 (key fields)", "failure-modes.md §1 rows 8–9"},
		Unverified: "The 2048-bit minimum is general cryptographic guidance, not taken from EspoCRM or Entra documentation.",
	},
	Check: checkJWKSWeak})

func checkJWKSWeak(p *Pass) {
	for _, j := range []*facts.JWKS{p.Probe.JWKS, p.Probe.DiscoveryJWKS} {
		if j == nil {
			continue
		}
		for _, k := range j.Keys {
			name := keyName(k)
			switch {
			case k.Private:
				p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("key %s at %s publishes private key material (d, p, q…): anyone can sign tokens with it", name, j.URL), "rotate the identity provider's signing key at once and publish only the public part")
			case k.Symmetric:
				p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("key %s at %s is a symmetric (kty oct) key in a public key set", name, j.URL), "remove symmetric keys from the JWKS and rotate them")
			case k.Kty == "RSA" && k.Bits > 0 && k.Bits < 2048:
				p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("key %s at %s has an RSA modulus of only %d bits", name, j.URL, k.Bits), "rotate to a key of at least 2048 bits")
			}
		}
	}
}

var _ = declare(Rule{ID: "EO4013", Name: "probe-jwks-differs-from-discovery", Set: SetProbe, Severity: Warning,
	Summary: "the configured JWKS does not hold the same keys as the provider's jwks_uri",
	Doc: Doc{
		Why:     "Tokens are signed with keys from the provider's jwks_uri. Keys published there but missing from the JWKS EspoCRM uses fail with 'JWT signature not verified.' once the provider signs with them. For Entra apps with custom signing keys (claims mapping), the JWKS must carry ?appid=<client id>.",
		FixEspo: uiOIDC + " → JSON Web Key Set Endpoint: the jwks_uri of the discovery document (with ?appid=<client id> for apps with custom signing keys).",
		Refs:    []string{"entra.md §1.1 (?appid=)", "entra.md §1.5", "failure-modes.md §1 row 8", "failure-modes.md §3 item 6"},
	},
	Check: checkJWKSDiffers})

func checkJWKSDiffers(p *Pass) {
	j := p.Probe.JWKS
	if j == nil || j.SameAsDiscovery == nil || *j.SameAsDiscovery {
		return
	}
	msg := fmt.Sprintf("the JWKS at %s is not the provider's key set", j.URL)
	if len(j.OnlyInDiscovery) > 0 {
		msg += fmt.Sprintf("; keys %v signed by the provider are missing, and tokens signed with them fail with 'JWT signature not verified.'", j.OnlyInDiscovery)
	}
	if len(j.OnlyHere) > 0 {
		msg += fmt.Sprintf("; keys %v are not the provider's", j.OnlyHere)
	}
	fix := "set oidcJwksEndpoint to the provider's jwks_uri"
	if d := p.Probe.Discovery; d != nil && d.JwksURI != "" {
		fix = "set oidcJwksEndpoint to " + d.JwksURI
	}
	if o := p.OIDC(); p.Provider().Family() == string(provider.Entra) && !strings.Contains(o.JwksEndpoint, "appid=") {
		fix += " (if the app uses custom signing keys, add ?appid=" + o.ClientID + ")"
	}
	p.ReportKey("oidcJwksEndpoint", msg, fix)
}

var _ = declare(Rule{ID: "EO4014", Name: "probe-jwks-key-refused", Set: SetProbe, Severity: Error, Security: true, Needs: []Need{NeedProbe},
	Summary: "the JWKS holds an RSA key the probe refuses to use: a modulus over 8192 bits or an even or huge exponent",
	Doc: Doc{
		Why:        "No identity provider signs with RSA keys larger than 8192 bits or with an exponent other than a small odd one (65537 in practice). Such a key set is broken or hostile: verifying a signature with a 262,144-bit key takes seconds per key, so a set of them ties up EspoCRM's PHP workers (and, unbounded, a checker) for minutes. espo-oidc does not use these keys, so a token signed with one is not verified by the probe.",
		FixEspo:    uiOIDC + " → JSON Web Key Set Endpoint: make sure it is the identity provider's real jwks_uri (from its discovery document), not a proxy or a look-alike host.",
		Refs:       []string{"docs/probe.md (Limits)", "https://www.rfc-editor.org/rfc/rfc7518#section-6.3.1"},
		Unverified: "The 8192-bit and 65537 limits are espo-oidc's, chosen far above what providers publish; EspoCRM itself has no limit.",
	},
	Check: checkJWKSRefused})

func checkJWKSRefused(p *Pass) {
	for _, j := range []*facts.JWKS{p.Probe.JWKS, p.Probe.DiscoveryJWKS} {
		if j == nil {
			continue
		}
		for _, k := range j.Keys {
			if !k.Refused {
				continue
			}
			name := keyName(k)
			p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("key %s at %s is %s", name, j.URL, strings.TrimPrefix(k.Problem, "refused: ")),
				"use the identity provider's real jwks_uri; a provider's signing keys are 2048 to 4096 bits with exponent 65537")
		}
	}
}

// keyName names a key in messages: its kid, or "(no kid)".
func keyName(k facts.Key) string {
	if k.Kid == "" {
		return "(no kid)"
	}
	return k.Kid
}
