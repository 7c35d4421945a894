package rules

// Rule set core, theme signing: allowed JWT algorithms and the JSON Web Key Set.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/lazyre"
	"github.com/espo-oidc/espo-oidc/provider"
)

var _ = declare(Rule{ID: "EO1011", Name: "algorithm-list-empty", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "no JWT signature algorithm is allowed, so every ID token is rejected",
	Doc: Doc{
		Why:     "EspoCRM accepts an ID token only if its alg is in oidcJwtSignatureAlgorithmList. An empty or missing list (the code's fallback is [], not the installer's ['RS256']) rejects every token: 'JWT signing algorithm `RS256` not allowed.', HTTP 401.",
		FixEspo: uiOIDC + " → JSON Web Key Set Signature Algorithms: RS256 (Entra signs with RS256 only).",
		Good:    "'oidcJwtSignatureAlgorithmList' => ['RS256'],",
		Refs:    []string{"espocrm-oidc.md §1.2 (oidcJwtSignatureAlgorithmList)", "espocrm-oidc.md §2 step 9.3"},
	},
	Check: checkAlgorithmsEmpty})

func checkAlgorithmsEmpty(p *Pass) {
	if len(p.OIDC().Algorithms) > 0 {
		return
	}
	note := absentNote(p, "oidcJwtSignatureAlgorithmList", "an empty list")
	p.ReportKey("oidcJwtSignatureAlgorithmList", "no signature algorithm is allowed: EspoCRM rejects every ID token with 'JWT signing algorithm `RS256` not allowed.'"+note,
		"write "+phpLine("oidcJwtSignatureAlgorithmList", "['RS256']")+" in data/config.php, or pick RS256 in "+uiOIDC)
}

var _ = declare(Rule{ID: "EO1012", Name: "algorithm-unknown", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "an allowed algorithm is not one EspoCRM supports (RS256/384/512, HS256/384/512)",
	Doc: Doc{
		Why:     "EspoCRM verifies only RSA PKCS#1 (RS*) and HMAC (HS*) signatures, and compares names case-sensitively. PS256, ES256 or 'rs256' never match a token's alg, so tokens signed that way are rejected.",
		FixEspo: uiOIDC + " → Signature Algorithms: pick from the list; configure the identity provider to sign ID tokens with RS256.",
		Refs:    []string{"espocrm-oidc.md §1.2 (multiEnum values)", "failure-modes.md §1 #10"},
	},
	Check: checkAlgorithmsUnknown})

func checkAlgorithmsUnknown(p *Pass) {
	seen := map[string]bool{}
	for _, inv := range p.Settings.InvalidValues() {
		if inv.Key != "oidcJwtSignatureAlgorithmList" || seen[inv.Value] {
			continue
		}
		seen[inv.Value] = true
		msg := fmt.Sprintf("'%s' is not an algorithm EspoCRM supports (%s); tokens signed with it are rejected", inv.Value, strings.Join(espo.SignatureAlgorithms, ", "))
		for _, ok := range espo.SignatureAlgorithms {
			if strings.EqualFold(inv.Value, ok) {
				msg = fmt.Sprintf("'%s' is not '%s': EspoCRM compares algorithm names case-sensitively", inv.Value, ok)
			}
		}
		p.ReportKey("oidcJwtSignatureAlgorithmList", msg, "allow RS256 (the provider must sign ID tokens with RS256, RS384 or RS512)")
	}
}

var _ = declare(Rule{ID: "EO1013", Name: "jwks-endpoint-missing", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "an RS* algorithm is allowed but no JSON Web Key Set URL is set",
	Doc: Doc{
		Why:      "RS256 signatures are checked with the identity provider's public keys from the JWKS URL. Without it every login fails with HTTP 500: 'JSON Web Key Set endpoint not specified in settings.'",
		FixEspo:  uiOIDC + " → JSON Web Key Set Endpoint.",
		FixEntra: "Use https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys (the jwks_uri of your tenant's discovery document).",
		Refs:     []string{"espocrm-oidc.md §1.2 (oidcJwksEndpoint)", "espocrm-oidc.md §10.1"},
	},
	Check: checkJwksMissing})

func checkJwksMissing(p *Pass) {
	o := p.OIDC()
	if !hasRSA(o.Algorithms) || p.Settings.IsSet("oidcJwksEndpoint") {
		return
	}
	fix := uiOIDC + " → JSON Web Key Set Endpoint: the jwks_uri of the provider's discovery document"
	if prov := p.Provider(); prov.Family() == "entra" && prov.Scope != "" {
		fix += fmt.Sprintf(" (Entra: https://%s/%s/discovery/v2.0/keys)", prov.Host, prov.Scope)
	}
	p.ReportKey("oidcJwksEndpoint", fmt.Sprintf("%s is allowed but oidcJwksEndpoint is empty: every login fails with 'JSON Web Key Set endpoint not specified in settings.' (HTTP 500)", strings.Join(o.Algorithms, ", ")), fix)
}

func hasRSA(algs []string) bool {
	for _, a := range algs {
		if strings.HasPrefix(a, "RS") {
			return true
		}
	}
	return false
}

var _ = declare(Rule{ID: "EO1014", Name: "hmac-algorithm-allowed", Set: SetCore, Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
	Summary: "an HS* algorithm is allowed: the client secret becomes a token signing key",
	Doc: Doc{
		Why:     "With HS256/384/512 allowed, EspoCRM accepts any ID token whose HMAC was made with the client secret. Whoever knows the secret (anyone who saw the config, a log, a support ticket) can mint tokens for any user. Entra never signs ID tokens with HMAC, so allowing it only widens what EspoCRM accepts.",
		FixEspo: uiOIDC + " → Signature Algorithms: remove HS256/HS384/HS512, keep RS256.",
		Refs:    []string{"espocrm-oidc.md §2 step 9.3 (HS* uses oidcClientSecret)", "failure-modes.md §1 #11"},
	},
	Check: checkHMAC})

func checkHMAC(p *Pass) {
	var hs []string
	for _, a := range p.OIDC().Algorithms {
		if strings.HasPrefix(a, "HS") {
			hs = append(hs, a)
		}
	}
	if len(hs) == 0 || p.Provider().Is(provider.Authentik) {
		return // authentik-hs256-no-signing-key says it with authentik's cause and fix
	}
	p.ReportKey("oidcJwtSignatureAlgorithmList", fmt.Sprintf("%s allowed: EspoCRM accepts any ID token signed with the client secret as HMAC key, so whoever knows the secret can log in as anyone", strings.Join(hs, ", ")),
		"remove the HS* algorithms and keep "+phpLine("oidcJwtSignatureAlgorithmList", "['RS256']"))
}

var _ = declare(Rule{ID: "EO1034", Name: "jwks-cache-period", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "oidcJwksCachePeriod is not a PHP relative time, or so long that key rollovers lock users out",
	Doc: Doc{
		Why:        "EspoCRM caches the JWKS for this period and does not refetch when a token's kid is unknown. After the provider rolls its keys, logins fail with 'JWT signature not verified.' until the cache expires. The value must be a PHP relative time such as '10 minutes'.",
		FixEspo:    "Edit 'oidcJwksCachePeriod' in data/config.php (no UI), e.g. '10 minutes'; after a key rollover, Administration → Clear Cache.",
		Refs:       []string{"espocrm-oidc.md §1.2 (oidcJwksCachePeriod)", "espocrm-oidc.md §2 (JWKS fetching and caching)"},
		Unverified: "What PHP does with an unparsable period is inferred, not run.",
	},
	Check: checkJwksCachePeriod})

func checkJwksCachePeriod(p *Pass) {
	if !p.Settings.IsSet("oidcJwksCachePeriod") {
		return
	}
	v := strings.ToLower(strings.TrimSpace(p.OIDC().JwksCachePeriod))
	m := relTimeRe().FindStringSubmatch(v)
	if m == nil {
		p.ReportKey("oidcJwksCachePeriod", fmt.Sprintf("'%s' is not a PHP relative time such as '10 minutes'", p.OIDC().JwksCachePeriod),
			"write "+phpLine("oidcJwksCachePeriod", "'10 minutes'"))
		return
	}
	n, _ := strconv.Atoi(m[1])
	unit := map[byte]time.Duration{'s': time.Second, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}[m[2][0]]
	if strings.HasPrefix(m[2], "min") {
		unit = time.Minute
	} else if strings.HasPrefix(m[2], "mon") {
		unit = 30 * 24 * time.Hour
	}
	if d := time.Duration(n) * unit; d > 24*time.Hour {
		p.ReportKey("oidcJwksCachePeriod", fmt.Sprintf("the JWKS is cached for %s and EspoCRM does not refetch on an unknown kid: after a key rollover logins fail with 'JWT signature not verified.' for up to that long", p.OIDC().JwksCachePeriod),
			"use a period of at most a few hours (the default is '10 minutes')")
	}
}

var relTimeRe = lazyre.New(`^\+?\s*(\d+)\s*(sec|secs|second|seconds|min|mins|minute|minutes|hour|hours|day|days|week|weeks|month|months|year|years)$`)
