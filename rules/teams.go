package rules

// Rule set core, theme teams: team and user sync from the provider's claims.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/provider"
)

var _ = declare(Rule{ID: "EO1050", Name: "team-sync-empty-team-list", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "team sync is on with an empty team list: every user loses every team at each login",
	Doc: Doc{
		Why:     "With oidcSyncTeams, EspoCRM replaces a user's teams with the teams of oidcTeamsIds whose group matches. An empty list replaces them with nothing, at every login, silently.",
		FixEspo: uiOIDC + ": add the teams to Teams (with their IdP group), or untick Sync Teams.",
		Refs:    []string{"espocrm-oidc.md §4 (Sync, teams)", "espocrm-oidc.md §15 rule 9"},
	},
	Check: checkTeamSyncEmpty})

func checkTeamSyncEmpty(p *Pass) {
	o := p.OIDC()
	if !o.SyncTeams || len(o.TeamsIDs) > 0 {
		return
	}
	p.ReportKey("oidcSyncTeams", "team sync is on and the team list is empty: every user loses all teams at each login",
		"add teams with their IdP group in "+uiOIDC+" → Teams, or untick Sync Teams")
}

var _ = declare(Rule{ID: "EO1051", Name: "team-sync-without-group-claim", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "team sync is on without a group claim: only teams with an empty group are assigned",
	Doc: Doc{
		Why:     "Without oidcGroupClaim the user's group list is empty, so only teams whose IdP Group is blank are kept; every team mapped to a group is removed at each login.",
		FixEspo: uiOIDC + " → Group Claim: groups (Entra) or your provider's group claim.",
		Refs:    []string{"espocrm-oidc.md §4 (teams)", "espocrm-oidc.md §15 rule 9"},
	},
	Check: checkTeamSyncNoClaim})

func checkTeamSyncNoClaim(p *Pass) {
	o := p.OIDC()
	if !o.SyncTeams || len(o.TeamsIDs) == 0 || strings.TrimSpace(o.GroupClaim) != "" {
		return
	}
	mapped := 0
	for _, id := range o.TeamsIDs {
		if o.TeamGroups[id] != "" {
			mapped++
		}
	}
	p.ReportKey("oidcGroupClaim", fmt.Sprintf("team sync is on without a group claim: the group list is empty, so the %d team(s) mapped to a group are removed at each login and only unmapped teams are kept", mapped),
		uiOIDC+" → Group Claim"+groupClaimHint(p))
}

// groupClaimHint names the detected provider's group claim, when it has one.
func groupClaimHint(p *Pass) string {
	d := p.Provider()
	switch {
	case d.Kind == provider.Unknown || d.Is(provider.Entra):
		return " (Entra: groups)"
	case d.Profile != nil && d.Profile.Groups.Claim != "":
		return fmt.Sprintf(" (%s: %s; %s)", d.Profile.Name, d.Profile.Groups.Claim, d.Profile.Groups.Setting)
	}
	return ""
}

var _ = declare(Rule{ID: "EO1052", Name: "group-claim-unmapped", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "a group claim is requested but no team is mapped to a group",
	Doc: Doc{
		Why:     "oidcGroupClaim makes EspoCRM request the claim (claims={\"id_token\":{...:{\"essential\":true}}}), but its values matter only when a team in Teams has an IdP Group. With no mapping the claim changes nothing.",
		FixEspo: uiOIDC + " → Teams: set the IdP Group of each team (Entra: the group's object ID), or clear Group Claim.",
		Refs:    []string{"espocrm-oidc.md §1.2 (oidcGroupClaim, oidcTeamsColumns)"},
	},
	Check: checkGroupClaimUnmapped})

func checkGroupClaimUnmapped(p *Pass) {
	o := p.OIDC()
	if strings.TrimSpace(o.GroupClaim) == "" {
		return
	}
	for _, id := range o.TeamsIDs {
		if o.TeamGroups[id] != "" {
			return
		}
	}
	p.ReportKey("oidcGroupClaim", fmt.Sprintf("the group claim '%s' is requested but no team in Teams has an IdP Group, so group membership changes nothing", o.GroupClaim),
		"set the IdP Group of each team in "+uiOIDC+" → Teams, or clear Group Claim")
}

var _ = declare(Rule{ID: "EO1053", Name: "sync-blanks-fields", Set: SetCore, Severity: Info, Needs: []Need{NeedOIDC},
	Summary: "user sync writes null into every field the provider does not send",
	Doc: Doc{
		Why:     "With oidcSync, each login copies email, phone_number, given_name, family_name, middle_name and gender into the user. A claim the provider does not send is written as null, clearing what an admin typed.",
		FixEspo: "Check which claims your provider sends (espo-oidc probe shows them), or untick Sync.",
		Refs:    []string{"espocrm-oidc.md §4 (Sync)", "espocrm-oidc.md §15 rule 10"},
	},
	Check: checkSyncBlanks})

func checkSyncBlanks(p *Pass) {
	if !p.OIDC().Sync || p.Provider().Family() == "entra" {
		return // entra-sync-missing-claims says it precisely for Entra
	}
	p.ReportKey("oidcSync", "user sync is on: at each login EspoCRM writes null into email, phone, first, middle and last name when the provider does not send email, phone_number, given_name, middle_name, family_name",
		"check the claims the provider sends (espo-oidc probe), or untick Sync")
}
