package rules

// Rule set entra-app, theme groups: groupMembershipClaims and the groups claim's form.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
)

var _ = declare(Rule{ID: "EO3015", Name: "app-group-claims-missing", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "EspoCRM reads a groups claim or syncs teams, but the app emits no groups (groupMembershipClaims)",
	Doc: Doc{
		Why:      "Entra puts groups into tokens only when groupMembershipClaims is set. Without it the groups claim is absent, EspoCRM's group list is empty and team sync assigns only the teams without a group, removing every mapped team on each login.",
		FixEntra: appUIToken + " → Add groups claim → Groups assigned to the application (ApplicationGroup), or Security groups.",
		FixEspo:  uiOIDC + " → Group Claim: groups.",
		Refs:     []string{"entra.md §2.6", "espocrm-oidc.md §4 (teams)"},
	},
	Check: checkAppGroupClaims})

func checkAppGroupClaims(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if !appUsesGroups(o) {
		return
	}
	gmc := appGMC(m)
	if gmc != "" && !strings.EqualFold(gmc, "None") {
		return
	}
	what := "reads the groups claim (oidcGroupClaim = groups)"
	if strings.TrimSpace(o.GroupClaim) == "" {
		what = "syncs teams (oidcSyncTeams) without a group claim"
	}
	state := "not set"
	if gmc != "" {
		state = "None"
	}
	appReport(p, m.GroupMembershipClaims.Loc, SeverityNone, fmt.Sprintf("EspoCRM %s, but groupMembershipClaims of %s is %s, so Entra emits no groups; every login assigns only the teams without a group and removes the mapped ones", what, appName(m), state),
		appUIToken+" → Add groups claim → Groups assigned to the application (ApplicationGroup); in EspoCRM set Group Claim to groups")
}

// appUsesGroups reports whether EspoCRM reads Entra's groups claim.
func appUsesGroups(o *espo.OIDC) bool {
	gc := strings.TrimSpace(o.GroupClaim)
	return gc == "groups" || (gc == "" && o.SyncTeams)
}

func appGMC(m *entra.Manifest) string {
	if !m.GroupMembershipClaims.Set {
		return ""
	}
	return strings.TrimSpace(m.GroupMembershipClaims.Value)
}

var _ = declare(Rule{ID: "EO3016", Name: "app-group-overage", Set: SetEntraApp, Severity: Warning, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "groupMembershipClaims All / SecurityGroup invites overage: past 200 groups the claim is dropped",
	Doc: Doc{
		Why:      "With All or SecurityGroup the token lists every group of the user, nested ones included. Past 200 groups Entra omits groups and sends _claim_names instead; EspoCRM does not resolve that, so team sync removes the user's mapped teams.",
		FixEntra: appUIToken + " → edit the groups claim → Groups assigned to the application (ApplicationGroup), and assign the mapped groups to the enterprise application.",
		Refs:     []string{"entra.md §2.6 (overage limits; ApplicationGroup recommendation)", "espocrm-oidc.md §4 (teams replaced)"},
	},
	Check: checkAppGroupOverage})

func checkAppGroupOverage(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if !appUsesGroups(o) {
		return
	}
	gmc := appGMC(m)
	var hit string
	for _, part := range strings.Split(gmc, ",") {
		switch strings.ToLower(strings.TrimSpace(part)) {
		case "all":
			hit = "All"
		case "securitygroup":
			if hit == "" {
				hit = "SecurityGroup"
			}
		}
	}
	if hit == "" {
		return
	}
	appReport(p, m.GroupMembershipClaims.Loc, SeverityNone, fmt.Sprintf("groupMembershipClaims is %s: tokens list every group of the user (nested ones too); past 200 groups Entra drops the groups claim (overage) and EspoCRM then removes the user's mapped teams on login", gmc),
		appUIToken+" → edit the groups claim → Groups assigned to the application (ApplicationGroup), and assign the mapped groups to the enterprise application")
}

var _ = declare(Rule{ID: "EO3021", Name: "app-group-values-format", Set: SetEntraApp, Severity: Warning, Needs: []Need{NeedManifest, NeedOIDC},
	Summary: "team mapping values do not have the form the app's groups claim emits (object IDs or names)",
	Doc: Doc{
		Why:      "EspoCRM compares each team's group value with the claim's values as exact strings. Entra emits group object IDs (GUIDs) unless the groups optional claim asks for names (cloud_displayname, only with ApplicationGroup; sam_account_name and friends, only for groups synced from on-premises AD). A name where IDs are emitted (or the reverse) never matches, so the team is never assigned.",
		FixEspo:  uiOIDC + " → Teams: write each group's Object ID (Entra admin center → Groups → the group → Object ID).",
		FixEntra: appUIToken + ": or emit names: groups optional claim with cloud_displayname and groupMembershipClaims ApplicationGroup.",
		Refs:     []string{"entra.md §2.6", "espocrm-oidc.md §4 (teams: exact in_array)"},
	},
	Check: checkAppGroupValues})

func checkAppGroupValues(p *Pass) {
	o, m := p.OIDC(), p.Manifest
	if strings.TrimSpace(o.GroupClaim) != "groups" || len(o.TeamGroups) == 0 {
		return
	}
	gmc := appGMC(m)
	if gmc == "" || strings.EqualFold(gmc, "None") {
		return // app-group-claims-missing reports it
	}
	names := ""
	if c := m.IDTokenClaim("groups"); c != nil {
		for _, ap := range c.AdditionalProperties {
			for _, n := range appGroupNameProps {
				if ap == n && names == "" {
					names = n
				}
			}
		}
		if names == "cloud_displayname" && !strings.EqualFold(gmc, "ApplicationGroup") {
			appReport(p, c.Loc, SeverityNone, fmt.Sprintf("the groups optional claim asks for cloud_displayname, which Entra honours only with groupMembershipClaims ApplicationGroup (it is %s), so object IDs are emitted", gmc),
				appUIToken+": set the groups claim to Groups assigned to the application, or map object IDs in EspoCRM")
			names = ""
		}
	}
	ids := make([]string, 0, len(o.TeamGroups))
	for id := range o.TeamGroups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var bad []string
	for _, id := range ids {
		g := strings.TrimSpace(o.TeamGroups[id])
		if g == "" {
			continue
		}
		if (names == "") != entra.IsGUID(g) {
			bad = append(bad, fmt.Sprintf("%s → %q", teamLabel(o, id), g))
		}
	}
	if len(bad) == 0 {
		return
	}
	if names == "" {
		p.ReportKey("oidcTeamsColumns", fmt.Sprintf("%s emits group object IDs (GUIDs) in the groups claim, but these team mappings are not object IDs and never match: %s", appName(m), strings.Join(bad, ", ")),
			uiOIDC+" → Teams: write each group's Object ID (Entra admin center → Groups → the group → Object ID)")
		return
	}
	p.ReportKey("oidcTeamsColumns", fmt.Sprintf("%s emits group names (%s), but these team mappings are object IDs and never match: %s", appName(m), names, strings.Join(bad, ", ")),
		uiOIDC+" → Teams: write each group's name as Entra emits it")
}

// appGroupNameProps are groups optional-claim properties that emit names, not IDs.
var appGroupNameProps = []string{"cloud_displayname", "sam_account_name", "dns_domain_and_sam_account_name", "netbios_domain_and_sam_account_name"}
