package rules

// Rule set probe, theme discovery: the provider's discovery document, and steps that did not complete.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/facts"
)

var _ = declare(Rule{ID: "EO4001", Name: "probe-discovery-failed", Set: SetProbe, Severity: Error,
	Summary: "the identity provider's discovery document could not be fetched or is not valid",
	Doc: Doc{
		Why:      "The OpenID configuration at <issuer>/.well-known/openid-configuration is the provider's own statement of its issuer, endpoints, keys and algorithms. EspoCRM does not read it, but when it is missing or broken the endpoints EspoCRM uses cannot be checked, and an Entra tenant that does not exist answers here with AADSTS90002.",
		FixEspo:  "Check the endpoints' host and tenant; for a provider whose endpoints do not reveal the issuer, run the probe with --issuer.",
		FixEntra: "App registrations → your app → Endpoints: the 'OpenID Connect metadata document' URL shows the right tenant; use the Directory (tenant) ID, not the subscription ID or a secret ID.",
		Refs:     []string{"entra.md §1.1", "entra.md §1.9", "failure-modes.md §3"},
	},
	Check: checkDiscoveryFailed})

func checkDiscoveryFailed(p *Pass) {
	f := p.Probe
	if f.Issuer == "" {
		p.ReportKeySeverity("oidcTokenEndpoint", Info, "discovery skipped: the endpoints do not reveal the provider's issuer, so they cannot be compared with its discovery document",
			"run the probe with --issuer https://<issuer> (the URL before /.well-known/openid-configuration)")
		return
	}
	d := f.Discovery
	if d == nil || d.Valid || d.Failed {
		return // a transport failure is probe-incomplete's
	}
	msg := fmt.Sprintf("discovery at %s failed: %s", d.URL, d.Problem)
	fix := "check the issuer " + f.Issuer + " (" + f.IssuerFrom + ")"
	if d.AADSTS == entra.CodeTenantNotFound {
		msg = fmt.Sprintf("Entra does not know the tenant in the endpoints (AADSTS90002, HTTP %d at %s)", d.Status, d.URL)
		fix = "put the Directory (tenant) ID — not a subscription ID or secret ID — in every endpoint"
	}
	p.ReportKey("oidcAuthorizationEndpoint", msg, fix)
}

var _ = declare(Rule{ID: "EO4002", Name: "probe-discovery-issuer-mismatch", Set: SetProbe, Severity: Error,
	Summary: "the discovery document's issuer is not the one the endpoints imply",
	Doc: Doc{
		Why:      "Strict OpenID clients compare the issuer exactly. Entra publishes the template https://login.microsoftonline.com/{tenantid}/v2.0 for common and organizations (every tenant's users get in, and EspoCRM never checks iss), and always names the tenant by its GUID, so domain-named endpoints never match. A mismatch means the endpoints are not the tenant-specific ones the app should use.",
		FixEspo:  "Use tenant-specific endpoints with the tenant ID (GUID): https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/authorize, …/token, …/discovery/v2.0/keys.",
		FixEntra: "Overview → Directory (tenant) ID is the GUID to put in the endpoints.",
		Refs:     []string{"entra.md §1.2", "entra.md §8 items 1–3", "failure-modes.md §3 item 1", "espocrm-oidc.md §2 step 9.2 (iss is not compared)"},
	},
	Check: checkIssuerMismatch})

func checkIssuerMismatch(p *Pass) {
	d := p.Probe.Discovery
	if d == nil || !d.Valid || d.IssuerMatches {
		return
	}
	if d.IssuerTemplate {
		f := Finding{Key: "oidcAuthorizationEndpoint", Severity: Warning, Message: d.IssuerExplanation,
			Fix: "use https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/{authorize,token} and …/discovery/v2.0/keys, unless the app must admit several tenants"}
		p.ReportAt(f)
		return
	}
	p.ReportKey("oidcAuthorizationEndpoint", d.IssuerExplanation, "use endpoints under the issuer "+d.Issuer)
}

var _ = declare(Rule{ID: "EO4003", Name: "probe-endpoint-differs", Set: SetProbe, Severity: Warning,
	Summary: "a configured endpoint differs from the provider's discovery document",
	Doc: Doc{
		Why:     "EspoCRM calls exactly the URLs in its settings. When they differ from what the provider publishes (another tenant, v1 instead of v2, a stale copy), tokens come from one place and keys from another, or logout lands on a page that does not end the session.",
		FixEspo: uiOIDC + ": copy the endpoint from the provider's discovery document (the finding shows it).",
		Refs:    []string{"entra.md §1.3", "failure-modes.md §2", "espocrm-oidc.md §2 steps 4, 7, 11"},
	},
	Check: checkEndpointDiffs})

func checkEndpointDiffs(p *Pass) {
	d := p.Probe.Discovery
	if d == nil || !d.Valid {
		return
	}
	for _, df := range d.Diffs {
		sev := SeverityNone
		if df.Harmless {
			sev = Info
		}
		conf := df.Configured
		if conf == "" {
			conf = "(empty)"
		}
		p.ReportKeySeverity(df.Key, sev, fmt.Sprintf("%s: configured %s, the provider publishes %s", df.Note, conf, orNone(df.Discovered)),
			fmt.Sprintf("set %s to %s", df.Key, orNone(df.Discovered)))
	}
	for _, e := range d.InsecureEndpoints {
		p.ReportKeySeverity("oidcTokenEndpoint", Warning, "the discovery document lists a non-https endpoint: "+e, "serve the identity provider over https")
	}
}

var _ = declare(Rule{ID: "EO4004", Name: "probe-client-auth-unsupported", Set: SetProbe, Severity: Error,
	Summary: "the token endpoint does not accept client_secret_post, the only client authentication EspoCRM sends",
	Doc: Doc{
		Why:     "EspoCRM sends client_id and client_secret in the POST body (client_secret_post) and supports nothing else: no HTTP Basic, no private_key_jwt. A provider whose token_endpoint_auth_methods_supported lacks client_secret_post refuses every code redemption (Keycloak: 'Parameter client_assertion_type is missing'). A provider that allows it, but not for this client (Ory Hydra, oidc-provider: the client's token_endpoint_auth_method), answers invalid_client and names the method; the probe reports that here, not as a wrong secret.",
		FixEspo: "Configure the client at the identity provider for client secret sent in the request body (client_secret_post).",
		Refs:    []string{"espocrm-oidc.md §2 step 7", "failure-modes.md §1 row 7"},
	},
	Check: checkClientAuth})

func checkClientAuth(p *Pass) {
	d := p.Probe.Discovery
	if d == nil || !d.Valid || d.ClientSecretPostAllowed {
		// The provider allows client_secret_post, but perhaps not for
		// this client: the token endpoint's answer says so (Hydra).
		for _, t := range p.Probe.Tokens {
			if clientAuthRefused(p, t) {
				p.ReportKey("oidcTokenEndpoint", fmt.Sprintf("%s to %s was refused for its client authentication method (HTTP %d, invalid_client: %s); EspoCRM only sends client_secret_post, so code redemption will be refused",
					grantWords[t.Grant], t.URL, t.Status, explain.Redact(t.Description)),
					"set the client's token endpoint authentication method to client_secret_post at the identity provider (Hydra, oidc-provider: token_endpoint_auth_method)")
				return
			}
		}
		return
	}
	methods := strings.Join(d.AuthMethods, ", ")
	if !d.AuthMethodsGiven {
		methods = "nothing (the default is client_secret_basic only)"
	}
	p.ReportKey("oidcTokenEndpoint", "the provider's token_endpoint_auth_methods_supported lists "+methods+"; EspoCRM only sends client_secret_post, so code redemption will be refused",
		"configure the client at the identity provider to accept the client secret in the request body (client_secret_post)")
}

var _ = declare(Rule{ID: "EO4005", Name: "probe-algorithm-unsupported", Set: SetProbe, Severity: Error,
	Summary: "an allowed signature algorithm is not one the provider signs ID tokens with",
	Doc: Doc{
		Why:     "EspoCRM accepts only tokens whose alg is in oidcJwtSignatureAlgorithmList. If none of the listed algorithms is in the provider's id_token_signing_alg_values_supported, every token is rejected ('JWT signing algorithm … not allowed.'); extra algorithms the provider never uses only widen what EspoCRM would accept.",
		FixEspo: uiOIDC + " → Signature Algorithms: exactly the algorithms the provider signs with (Entra: RS256).",
		Refs:    []string{"espocrm-oidc.md §2 step 9.3", "entra.md §1.3 (RS256 only)", "failure-modes.md §1 row 10"},
	},
	Check: checkAlgorithms})

func checkAlgorithms(p *Pass) {
	d := p.Probe.Discovery
	if d == nil || !d.Valid || len(d.SigningAlgs) == 0 || len(d.AlgsNotSupported) == 0 {
		return
	}
	if len(d.AlgsUsable) == 0 {
		p.ReportKey("oidcJwtSignatureAlgorithmList", fmt.Sprintf("none of the allowed algorithms %v is one the provider signs with (%v): every ID token is rejected", p.OIDC().Algorithms, d.SigningAlgs),
			fmt.Sprintf("allow %s", d.SigningAlgs[0]))
		return
	}
	p.ReportKeySeverity("oidcJwtSignatureAlgorithmList", Warning, fmt.Sprintf("%v are allowed but the provider signs only with %v; the extra algorithms only widen what EspoCRM accepts", d.AlgsNotSupported, d.SigningAlgs),
		fmt.Sprintf("allow only %v", d.AlgsUsable))
}

var _ = declare(Rule{ID: "EO4060", Name: "probe-incomplete", Set: SetProbe, Severity: Error,
	Summary: "the probe could not complete a step (network, TLS or timeout)",
	Doc: Doc{
		Why:     "A step got no answer: DNS, connection, TLS verification or the 10 s timeout EspoCRM uses too. EspoCRM, on the same network, would fail the same way ('Status: 0').",
		FixEspo: "Check DNS, firewall and proxy (HTTPS_PROXY) from the EspoCRM server; for a private CA pass --ca-file (and install it in the server's CA bundle).",
		Refs:    []string{"espocrm-oidc.md §2 step 7 (curl options)", "espocrm-oidc.md §2 (JWKS fetching)"},
	},
	Check: checkIncomplete})

func checkIncomplete(p *Pass) {
	for _, fl := range p.Probe.Failures {
		key := ""
		switch fl.Step {
		case facts.StepJWKS:
			key = "oidcJwksEndpoint"
		case facts.StepClientCredentials, facts.StepPassword, facts.StepAuthorizationCode:
			key = "oidcTokenEndpoint"
		case facts.StepDiscovery, facts.StepDiscoveryJWKS, facts.StepAuthorize, facts.StepAuthorizeRedirect:
			key = "oidcAuthorizationEndpoint"
		case facts.StepUserInfo:
			key = "oidcUserInfoEndpoint"
		}
		msg := fmt.Sprintf("%s did not complete (%s): %s", fl.Step, fl.Kind, fl.Message)
		if fl.URL != "" {
			u, _, _ := strings.Cut(fl.URL, "?") // the authorize URL's one-off state and nonce would make the fingerprint unstable
			msg = fmt.Sprintf("%s %s did not complete (%s): %s", fl.Step, u, fl.Kind, fl.Message)
		}
		fix := "check DNS, firewall and proxy from the EspoCRM server; for a private CA pass --ca-file"
		if fl.Kind == facts.KindInput || fl.Kind == facts.KindCanceled {
			fix = "run the step again"
		}
		if key == "" {
			p.Report(Finding{Message: msg, Fix: fix})
		} else {
			p.ReportKey(key, msg, fix)
		}
	}
}
