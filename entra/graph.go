package entra

import "strings"

// Resource application IDs (entra.md §3.2).
const (
	// GraphAppID is Microsoft Graph's resourceAppId.
	GraphAppID = "00000003-0000-0000-c000-000000000000"
	// AADGraphAppID is the retired Azure AD Graph's resourceAppId.
	AADGraphAppID = "00000002-0000-0000-c000-000000000000"
)

// Permission types in requiredResourceAccess[].resourceAccess[].type.
const (
	PermissionDelegated   = "Scope" // delegated permission (acts for the signed-in user)
	PermissionApplication = "Role"  // application permission (app-only)
)

// GraphPermission is a Microsoft Graph delegated permission espo-oidc knows.
type GraphPermission struct {
	Name string // as in the admin center: openid, email, profile, offline_access, User.Read
	ID   string // the permission's id in requiredResourceAccess
}

// Microsoft Graph delegated permission ids (entra.md §3.2: consistent across
// many independent manifests and Microsoft samples; the official permissions
// reference page was not consulted).
var (
	GraphOpenID           = GraphPermission{"openid", "37f7f235-527c-4136-accd-4a02d197296e"}
	GraphEmail            = GraphPermission{"email", "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0"}
	GraphProfile          = GraphPermission{"profile", "14dad69e-099b-42c9-810b-d002981feec1"}
	GraphOfflineAccess    = GraphPermission{"offline_access", "7427e0e9-2fba-42fe-b0c0-848c9e6a8182"}
	GraphUserRead         = GraphPermission{"User.Read", "e1fe6dd8-ba31-4d61-89e7-88639da4683d"}
	GraphUserReadBasicAll = GraphPermission{"User.ReadBasic.All", "b340eb25-3456-403f-be2f-af7a0d370277"}
)

// GraphDelegated lists the known delegated permissions.
var GraphDelegated = []GraphPermission{GraphOpenID, GraphEmail, GraphProfile, GraphOfflineAccess, GraphUserRead, GraphUserReadBasicAll}

// SignInPermissions are the delegated permissions the community guide's step 5
// adds for an EspoCRM sign-in (entra-guide.md step 5).
var SignInPermissions = []GraphPermission{GraphOpenID, GraphEmail, GraphProfile, GraphUserRead}

// GraphPermissionName returns the name of a known delegated Graph permission
// id, or "".
func GraphPermissionName(id string) string {
	for _, p := range GraphDelegated {
		if strings.EqualFold(p.ID, id) {
			return p.Name
		}
	}
	return ""
}

// ResourceName names a resourceAppId for messages.
func ResourceName(appID string) string {
	switch strings.ToLower(appID) {
	case GraphAppID:
		return "Microsoft Graph"
	case AADGraphAppID:
		return "Azure AD Graph (retired)"
	}
	return "resource " + appID
}

// Sign-in audiences (manifest signInAudience, entra.md §5.3).
const (
	AudienceMyOrg                  = "AzureADMyOrg"
	AudienceMultipleOrgs           = "AzureADMultipleOrgs"
	AudienceOrgsAndPersonalAccount = "AzureADandPersonalMicrosoftAccount"
	AudiencePersonalAccount        = "PersonalMicrosoftAccount"
)

// MultiTenantAudience reports whether users of other tenants (or personal
// Microsoft accounts) can sign in to an app with this audience.
func MultiTenantAudience(a string) bool {
	switch a {
	case AudienceMultipleOrgs, AudienceOrgsAndPersonalAccount, AudiencePersonalAccount:
		return true
	}
	return false
}

// PersonalAccountsAudience reports whether the audience admits personal
// Microsoft accounts (which cannot use optional claims, entra.md §5.3).
func PersonalAccountsAudience(a string) bool {
	return a == AudienceOrgsAndPersonalAccount || a == AudiencePersonalAccount
}
