package rules

// Rule set entra-app, theme tenant: sign-in audience against the endpoints.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
)

var _ = declare(Rule{ID: "EO3012", Name: "app-single-tenant-common", Set: SetEntraApp, Severity: Error, Provider: "entra", Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "a single-tenant app is used through common / organizations / consumers endpoints (AADSTS50194)",
	Doc: Doc{
		Why:      "An app with signInAudience AzureADMyOrg ('this organizational directory only') cannot be used through /common (or /organizations): Entra answers AADSTS50194 'Application ... is not configured as a multi-tenant application'. /consumers is for personal accounts only (AADSTS9002332).",
		FixEspo:  uiOIDC + ": use the tenant's endpoints, https://login.microsoftonline.com/<tenant ID>/oauth2/v2.0/authorize and .../token (App registrations → Endpoints).",
		FixEntra: "Keep the app single-tenant; that is the guide's choice and the safe one for EspoCRM.",
		Refs:     []string{"entra.md §5.3 (signInAudience)", "entra.md §6 (AADSTS50194, AADSTS9002332)", "entra-guide.md step 2"},
	},
	Check: checkAppSingleTenantCommon})

func checkAppSingleTenantCommon(p *Pass) {
	m := p.Manifest
	if !m.SignInAudience.Set || m.SignInAudience.Value != entra.AudienceMyOrg {
		return
	}
	keys, tenants := appGenericEndpoints(p)
	for i, k := range keys {
		code := "AADSTS50194 'Application ... is not configured as a multi-tenant application'"
		if tenants[i] == entra.TenantConsumers {
			code = "AADSTS9002332 (the app is for Entra users only; /consumers is for personal accounts)"
		}
		p.ReportKey(k, fmt.Sprintf("%s is single-tenant (signInAudience %s at %s) but %s uses the /%s endpoint; Entra answers %s", appName(m), m.SignInAudience.Value, m.SignInAudience.Loc.Pos, k, tenants[i], code),
			uiOIDC+": replace /"+tenants[i]+"/ with the tenant ID (App registrations → your app → Endpoints)")
	}
}

// appGenericEndpoints returns the EspoCRM endpoint settings whose Entra
// tenant segment is common, organizations or consumers.
func appGenericEndpoints(p *Pass) (keys []string, tenants []string) {
	o := p.OIDC()
	for _, k := range []string{"oidcAuthorizationEndpoint", "oidcTokenEndpoint"} {
		v := o.AuthorizationEndpoint
		if k == "oidcTokenEndpoint" {
			v = o.TokenEndpoint
		}
		if e, ok := p.entraEndpoint(v); ok && entra.IsGenericTenant(e.Tenant) {
			keys = append(keys, k)
			tenants = append(tenants, strings.ToLower(e.Tenant))
		}
	}
	return keys, tenants
}

var _ = declare(Rule{ID: "EO3013", Name: "app-multi-tenant-exposure", Set: SetEntraApp, Severity: Warning, Security: true, Provider: "entra", Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "a multi-tenant app with user creation or a mutable username claim lets other tenants' users in",
	Doc: Doc{
		Why:        "EspoCRM never checks the ID token's iss or tid. With a multi-tenant app, users of any Entra tenant (and personal accounts, depending on the audience) can sign in: with Create User on they get an EspoCRM account, and with the username claim email, upn or preferred_username an attacker who controls another tenant can set a victim's address and take over the victim's EspoCRM account (nOAuth). It is an error when the endpoints are common / organizations, a warning when they are tenant-specific.",
		FixEntra:   appUIAuth + " → Supported account types: Accounts in this organizational directory only (AzureADMyOrg).",
		FixEspo:    uiOIDC + ": use tenant-specific endpoints; turn Create User off unless every tenant may sign up.",
		Refs:       []string{"entra.md §2.4", "entra.md §2.5 (nOAuth)", "entra.md §5.3 (signInAudience)", "espocrm-oidc.md §2 step 9.2 (iss not compared)", "espocrm-oidc.md §4 (creation)"},
		Unverified: "That tenant-specific token endpoints refuse codes issued for other tenants (AADSTS700005) is documented for the token endpoint; it is not verified that nothing else lets a foreign user through.",
	},
	Check: checkAppMultiTenant})

func checkAppMultiTenant(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if !m.SignInAudience.Set || !entra.MultiTenantAudience(m.SignInAudience.Value) {
		return
	}
	var why []string
	if o.CreateUser {
		why = append(why, "Create User is on, so any of them gets an EspoCRM account")
	}
	if settableClaim(o.UsernameClaim) {
		why = append(why, fmt.Sprintf("the username claim %s is set by the user's own tenant, so another tenant can claim an existing user's name and take over the account (nOAuth)", o.UsernameClaim))
	}
	if len(why) == 0 {
		return
	}
	sev := Warning
	where := "the endpoints are tenant-specific, which limits but does not remove the exposure"
	if keys, _ := appGenericEndpoints(p); len(keys) > 0 {
		sev = Error
		where = "the endpoints are " + strings.Join(keys, ", ") + " on a multi-tenant path, so any tenant's users reach EspoCRM"
	}
	appReport(p, m.SignInAudience.Loc, sev, fmt.Sprintf("%s is multi-tenant (signInAudience %s) and EspoCRM never checks the token's issuer or tenant: %s; %s", appName(m), m.SignInAudience.Value, strings.Join(why, "; "), where),
		appUIAuth+" → Supported account types: Accounts in this organizational directory only; in EspoCRM use the tenant's endpoints")
}
