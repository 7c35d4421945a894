package rules

// Rule set entra, theme groups: team mapping against Entra's groups claim.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
)

var _ = declare(Rule{ID: "EO2014", Name: "entra-group-values-not-object-ids", Set: SetEntra, Severity: Warning,
	Summary: "team mapping values are not group object IDs, which is what Entra's groups claim carries",
	Doc: Doc{
		Why:      "Entra emits group object IDs (GUIDs) in the groups claim. A team mapped to a group name such as 'Sales' never matches, so sync removes the team. Names are emitted only for on-premises-synced groups (sAMAccountName options) or with cloud_displayname plus ApplicationGroup. With --app-manifest, app-group-values-format judges the mapping against what the app really emits, and this rule stays quiet.",
		FixEspo:  uiOIDC + " → Teams: set each IdP Group to the group's Object ID.",
		FixEntra: "Entra admin center → Groups → your group → Overview → Object ID.",
		Refs:     []string{"entra.md §2.6", "failure-modes.md §1 #19"},
	},
	Check: checkEntraGroupValues})

func checkEntraGroupValues(p *Pass) {
	o := p.OIDC()
	if strings.TrimSpace(o.GroupClaim) != "groups" || p.Manifest != nil {
		// With a manifest, app-group-values-format knows what the claim emits.
		return
	}
	var bad []string
	for _, id := range o.TeamsIDs {
		if g := o.TeamGroups[id]; g != "" && !entra.IsGUID(g) {
			bad = append(bad, fmt.Sprintf("%s → '%s'", teamLabel(o, id), g))
		}
	}
	if len(bad) == 0 {
		return
	}
	slices.Sort(bad)
	p.ReportKey("oidcTeamsColumns", fmt.Sprintf("team mapping values are not group object IDs (%s); Entra's groups claim carries object IDs, so these teams never match and sync removes them", strings.Join(bad, ", ")),
		"set each team's IdP Group to the group's Object ID (Entra admin center → Groups → group → Overview)")
}

var _ = declare(Rule{ID: "EO2015", Name: "entra-group-overage", Set: SetEntra, Severity: Info,
	Summary: "users in more than 200 groups get no groups claim, and team sync removes their teams",
	Doc: Doc{
		Why:      "Past 200 groups Entra replaces the groups claim with _claim_names/_claim_sources (overage). EspoCRM then sees no groups and, with team sync, removes every mapped team.",
		FixEntra: uiEntraApp + " → Token configuration → Edit groups claim: 'Groups assigned to the application' (ApplicationGroup), and assign the mapped groups to the enterprise app.",
		Refs:     []string{"entra.md §2.6 (overage limits)", "failure-modes.md §1 #19"},
	},
	Check: checkEntraGroupOverage})

func checkEntraGroupOverage(p *Pass) {
	o := p.OIDC()
	if strings.TrimSpace(o.GroupClaim) != "groups" || !o.SyncTeams {
		return
	}
	p.ReportKey("oidcGroupClaim", "users in more than 200 groups get no groups claim (overage), and team sync then removes all their mapped teams",
		"in the app's Token configuration emit 'Groups assigned to the application' (ApplicationGroup) and assign the mapped groups to the enterprise app")
}
