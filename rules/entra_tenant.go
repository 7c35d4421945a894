package rules

// Rule set entra, theme tenant: which tenants' users can sign in.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
)

var _ = declare(Rule{ID: "EO2003", Name: "entra-generic-tenant", Set: SetEntra, Severity: Warning, Security: true,
	Summary: "the endpoints use common, organizations or consumers instead of your tenant",
	Doc: Doc{
		Why:      "A single-tenant app (the guide's choice) behind /common or /organizations fails with AADSTS50194. A multi-tenant app accepts users of any Entra tenant, and EspoCRM never checks the token's issuer or tenant: who may log in then depends only on the username matching.",
		FixEspo:  uiOIDC + ": replace common/organizations with your Directory (tenant) ID in every endpoint.",
		FixEntra: "Entra admin center → Overview → Tenant ID; App registrations → your app → Authentication → Supported account types: single tenant.",
		Refs:     []string{"entra.md §1.1, §1.2", "entra.md §6 (AADSTS50194)", "failure-modes.md §1 #14, #15", "espocrm-oidc.md §2 step 9.2 (iss not compared)"},
	},
	Check: checkEntraGenericTenant})

func checkEntraGenericTenant(p *Pass) {
	t, key := entraTenant(p)
	if !isWorkforce(p) || !entra.IsGenericTenant(t) {
		return
	}
	msg := fmt.Sprintf("the endpoints use the '%s' tenant: a single-tenant app fails with AADSTS50194, and a multi-tenant app lets users of any Entra tenant sign in (EspoCRM never checks the token's issuer)", t)
	if strings.EqualFold(t, entra.TenantConsumers) {
		msg = "the endpoints use the 'consumers' tenant: only personal Microsoft accounts can sign in, not work or school accounts"
	}
	p.ReportKey(key, msg, "replace '"+t+"' with your Directory (tenant) ID in every endpoint")
}

var _ = declare(Rule{ID: "EO2004", Name: "entra-create-user-any-tenant", Set: SetEntra, Severity: Error, Security: true,
	Summary: "user creation is on behind a multi-tenant endpoint: anyone with a Microsoft work account can sign up",
	Doc: Doc{
		Why:      "With common/organizations endpoints and oidcCreateUser, EspoCRM creates a user for whoever signs in, from any Entra tenant, because it never checks iss or tid.",
		FixEspo:  uiOIDC + ": use your tenant's endpoints, or untick Create User.",
		FixEntra: "Make the app single-tenant (Authentication → Supported account types).",
		Refs:     []string{"failure-modes.md §1 #14", "espocrm-oidc.md §4 (Creation)", "espocrm-oidc.md §2 step 9.2"},
	},
	Check: checkEntraCreateUserAnyTenant})

func checkEntraCreateUserAnyTenant(p *Pass) {
	t, _ := entraTenant(p)
	if !isWorkforce(p) || !isMultiTenant(t) || !p.OIDC().CreateUser {
		return
	}
	p.ReportKey("oidcCreateUser", fmt.Sprintf("user creation is on behind the '%s' endpoint: anyone with an account in any Entra tenant can sign in and get an EspoCRM user", t),
		"use your tenant's endpoints, or untick Create User in "+uiOIDC)
}

var _ = declare(Rule{ID: "EO2011", Name: "entra-noauth-takeover", Set: SetEntra, Severity: Error, Security: true,
	Summary: "multi-tenant endpoints plus an email/UPN username claim allow account takeover (nOAuth)",
	Doc: Doc{
		Why:      "With common/organizations endpoints any Entra tenant can sign in, and EspoCRM never checks iss/tid. An attacker in their own tenant sets a user's mail or UPN to your user's address and logs in as them (nOAuth).",
		FixEspo:  uiOIDC + ": use your tenant's endpoints (Directory (tenant) ID instead of common/organizations).",
		FixEntra: "Make the app single-tenant; keep removeUnverifiedEmailClaim on.",
		Refs:     []string{"entra.md §2.5 (nOAuth)", "failure-modes.md §1 #14", "espocrm-oidc.md §2 step 9.2"},
	},
	Check: checkEntraNOAuth})

func checkEntraNOAuth(p *Pass) {
	c := strings.TrimSpace(p.OIDC().UsernameClaim)
	t, key := entraTenant(p)
	if !isWorkforce(p) || !isMultiTenant(t) || !mutableClaims[c] {
		return
	}
	p.ReportKey(key, fmt.Sprintf("the '%s' endpoints accept any Entra tenant and users are matched by '%s', which another tenant's admin controls: an attacker can log in as your users (nOAuth)", t, c),
		"use your tenant's endpoints (Directory (tenant) ID instead of '"+t+"')")
}

var _ = declare(Rule{ID: "EO2021", Name: "entra-unexpected-tenant", Set: SetEntra, Severity: Error, Security: true,
	Summary: "the endpoints' tenant is not one of the tenants the config file expects",
	Doc: Doc{
		Why:     "Organisations that list their tenant IDs (option expectedTenants) want a config pointing elsewhere (a test tenant, a customer's tenant, a typo) caught before it is deployed.",
		FixEspo: uiOIDC + ": use the expected tenant's endpoints, or add the tenant to expectedTenants in .espo-oidc.yaml.",
		Refs:    []string{"entra.md §2.4 (restrict allowed tenants)"},
	},
	Check: checkEntraExpectedTenant})

func checkEntraExpectedTenant(p *Pass) {
	if len(p.Options.ExpectedTenants) == 0 || !isWorkforce(p) {
		return
	}
	t, key := entraTenant(p)
	if t == "" {
		return
	}
	for _, want := range p.Options.ExpectedTenants {
		if strings.EqualFold(strings.TrimSpace(want), t) {
			return
		}
	}
	p.ReportKey(key, fmt.Sprintf("the endpoints use tenant '%s', which is not in expectedTenants (%s)", t, strings.Join(p.Options.ExpectedTenants, ", ")),
		"use the expected tenant's endpoints, or add the tenant to expectedTenants in .espo-oidc.yaml")
}
