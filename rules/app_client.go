package rules

// Rule set entra-app, theme client: the app's identity and API permissions.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/lit"
)

var _ = declare(Rule{ID: "EO3001", Name: "app-client-id-mismatch", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "EspoCRM's client ID is not the manifest's appId (Application (client) ID)",
	Doc: Doc{
		Why:      "Entra looks the app up by client_id. Another app's ID, the Object ID or the Directory (tenant) ID gives AADSTS700016 ('Application with identifier ... was not found in the directory') before the sign-in page; an ID that differs only in letter case reaches Entra but EspoCRM then compares it with the ID token's aud case-sensitively and rejects the token.",
		FixEspo:  uiOIDC + " → Client ID: paste the Application (client) ID from the app's Overview page (the manifest's appId).",
		FixEntra: "App registrations → your app → Overview → Application (client) ID (not the Object ID, not the Directory (tenant) ID).",
		Refs:     []string{"entra-guide.md step 3", "entra.md §5.2 (appId = client ID used in protocols)", "entra.md §6 (AADSTS700016)", "espocrm-oidc.md §2 step 9.2 (aud check)"},
		Unverified: "That Entra writes aud in lower case, so an upper-case client ID fails EspoCRM's case-sensitive aud check, " +
			"is general knowledge, not verified.",
	},
	Check: checkAppClientID})

func checkAppClientID(p *Pass) {
	m := p.Manifest
	cid := strings.TrimSpace(p.OIDC().ClientID)
	if cid == "" {
		return // required-setting reports it
	}
	if !m.AppID.Set {
		appReport(p, m.AppID.Loc, Warning, "the manifest has no appId, so the client ID cannot be compared; is this the manifest of the app EspoCRM uses?",
			"download the manifest again: App registrations → your app → Manifest → Download")
		return
	}
	appID := strings.TrimSpace(m.AppID.Value)
	if cid == appID {
		return
	}
	fix := fmt.Sprintf("%s → Client ID: %s (the Application (client) ID of %s)", uiOIDC, appID, appName(m))
	if strings.EqualFold(cid, appID) {
		p.ReportKey("oidcClientId", fmt.Sprintf("the client ID %s differs from the manifest's appId %s (%s) only in letter case; Entra issues aud in lower case and EspoCRM compares it case-sensitively, so every ID token is rejected", cid, appID, m.AppID.Loc.Pos), fix)
		return
	}
	what := ""
	if id := m.Root.Get("id"); id != nil && id.Value.Kind == lit.String && strings.EqualFold(strings.TrimSpace(id.Value.Str), cid) {
		what = "; it is the app's Object ID, which no protocol uses"
	} else if t := p.Provider().Scope; t != "" && strings.EqualFold(t, cid) {
		what = "; it is the Directory (tenant) ID"
	}
	p.ReportKey("oidcClientId", fmt.Sprintf("the client ID %s is not the appId %s of %s (%s)%s; Entra answers AADSTS700016 'Application with identifier ... was not found in the directory'", cid, appID, appName(m), m.AppID.Loc.Pos, what), fix)
}

var _ = declare(Rule{ID: "EO3006", Name: "app-graph-permissions-missing", Set: SetEntraApp, Severity: Warning, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "Microsoft Graph delegated openid, email, profile or User.Read is not among the app's API permissions",
	Doc: Doc{
		Why:        "The community guide's step 5 adds the Microsoft Graph delegated permissions openid, email, profile and User.Read and grants admin consent. Without them in requiredResourceAccess, admin consent does not cover the scopes EspoCRM requests: users are asked to consent at their first sign-in, or, where user consent is off, see 'Need admin approval' (AADSTS65001 / AADSTS90094). The username claim email needs the email permission; preferred_username, name, given_name, family_name and upn need profile.",
		FixEntra:   appUIPerms + " → Add a permission → Microsoft Graph → Delegated permissions: openid, email, profile, User.Read; then Grant admin consent.",
		Refs:       []string{"entra-guide.md step 5", "entra.md §3.1", "entra.md §3.2 (permission ids)", "entra.md §3.3 (consent)", "entra.md §2.2 (claims that need profile)"},
		Unverified: "The permission ids come from many independent manifests and Microsoft samples; the official permissions reference was not consulted (entra.md §3.2).",
	},
	Check: checkAppGraphPermissions})

func checkAppGraphPermissions(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	have := map[string]bool{}
	var graphLoc *entra.Loc
	for _, perm := range m.Permissions {
		if strings.EqualFold(perm.ResourceAppID, entra.GraphAppID) && perm.Type == entra.PermissionDelegated {
			have[strings.ToLower(perm.ID)] = true
			if graphLoc == nil {
				l := perm.Loc
				graphLoc = &l
			}
		}
	}
	var missing, why []string
	for _, gp := range entra.SignInPermissions {
		if have[gp.ID] {
			continue
		}
		missing = append(missing, gp.Name)
		switch gp.Name {
		case "openid":
			why = append(why, "openid is what 'Sign you in' consents to")
		case appClaimPermission(o.UsernameClaim):
			why = append(why, fmt.Sprintf("the username claim %s needs %s", o.UsernameClaim, gp.Name))
		}
		if o.Sync && (gp.Name == "email" || gp.Name == "profile") {
			why = append(why, fmt.Sprintf("Sync reads claims that need %s", gp.Name))
		}
	}
	if len(missing) == 0 {
		return
	}
	loc := m.PermissionLoc
	msg := fmt.Sprintf("Microsoft Graph delegated %s %s not among the API permissions of %s (the guide's step 5 adds openid, email, profile and User.Read); admin consent then does not cover what EspoCRM requests, and users are asked to consent or see 'Need admin approval' (AADSTS65001/AADSTS90094)",
		strings.Join(missing, ", "), map[bool]string{true: "is", false: "are"}[len(missing) == 1], appName(m))
	if len(why) > 0 {
		msg += "; " + strings.Join(why, "; ")
	}
	appReport(p, loc, SeverityNone, msg, fmt.Sprintf("%s → Add a permission → Microsoft Graph → Delegated permissions: %s; then Grant admin consent", appUIPerms, strings.Join(missing, ", ")))
}

// appClaimPermission says which Graph delegated permission a claim needs.
func appClaimPermission(claim string) string {
	switch claim {
	case "email":
		return "email"
	case "preferred_username", "name", "given_name", "family_name", "upn", "oid":
		return "profile"
	}
	return ""
}

var _ = declare(Rule{ID: "EO3019", Name: "app-application-permissions", Set: SetEntraApp, Severity: Info, Security: true, Needs: []Need{NeedManifest},
	Summary: "the app requests application permissions (app-only) that sign-in does not need",
	Doc: Doc{
		Why:      "EspoCRM's sign-in uses only delegated permissions (openid, email, profile, User.Read). Application permissions (type Role) let anyone holding the client secret act without a user, so a leaked EspoCRM config becomes access to the tenant's data. The retired Azure AD Graph is reported too.",
		FixEntra: appUIPerms + ": remove the application permissions (and Azure AD Graph entries), or move them to a separate app registration.",
		Refs:     []string{"entra.md §3.2 (Graph ids; AAD Graph retired)", "entra.md §3.3", "entra-guide.md step 5"},
	},
	Check: checkAppApplicationPermissions})

func checkAppApplicationPermissions(p *Pass) {
	for _, perm := range p.Manifest.Permissions {
		switch {
		case strings.EqualFold(perm.ResourceAppID, entra.AADGraphAppID):
			appReport(p, perm.Loc, Warning, fmt.Sprintf("a permission on Azure AD Graph (%s), which is retired; EspoCRM's sign-in needs only Microsoft Graph delegated openid, email, profile and User.Read", entra.AADGraphAppID),
				appUIPerms+": remove the Azure AD Graph permission; add the Microsoft Graph delegated ones")
		case perm.Type == entra.PermissionApplication:
			appReport(p, perm.Loc, SeverityNone, fmt.Sprintf("application permission %s on %s: app-only access that EspoCRM's sign-in does not need; whoever holds EspoCRM's client secret can use it without any user", perm.ID, entra.ResourceName(perm.ResourceAppID)),
				appUIPerms+": remove this application permission, or give the feature that needs it its own app registration")
		}
	}
}
