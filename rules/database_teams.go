package rules

// Rule set database, theme teams: the mapped teams and team sync.

import (
	"fmt"

	"github.com/espo-oidc/espo-oidc/dbfacts"
)

var _ = declare(Rule{ID: "EO6020", Name: "mapped-team-missing", Set: SetDatabase, Severity: Warning, Needs: []Need{NeedOIDC, NeedDB, NeedDBTeams},
	Summary: "oidcTeamsIds or oidcTeamsColumns name a team that is deleted or does not exist",
	Doc: Doc{
		Why:     "The Teams of the OIDC settings are team ids. A team deleted since it was mapped stays in the settings: its id is still assigned at user creation and team sync, to a team nobody can see.",
		FixEspo: uiOIDC + " → Teams: remove the deleted team and map an existing one.",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#teams"},
	},
	Check: checkMappedTeamMissing})

func checkMappedTeamMissing(p *Pass) {
	o := p.OIDC()
	for _, ref := range dbfacts.MissingTeams(p.DB.Teams, o.TeamsIDs, o.TeamGroups) {
		state := "does not exist in the team table"
		if ref.Deleted {
			state = fmt.Sprintf("is the deleted team %q", ref.Name)
		} else if n := o.TeamNames[ref.ID]; n != "" {
			state += fmt.Sprintf(" (the settings call it %q)", n)
		}
		p.ReportKey(ref.Key, fmt.Sprintf("%s names team %s, which %s", ref.Key, ref.ID, state),
			"remove it from "+uiOIDC+" → Teams and map an existing team")
	}
}

var _ = declare(Rule{ID: "EO6021", Name: "team-sync-removes-teams", Set: SetDatabase, Severity: Warning, Needs: []Need{NeedOIDC, NeedDB, NeedDBUsers},
	Summary: "team sync would take teams from users at their next login (teams not in the OIDC team list)",
	Doc: Doc{
		Why:     "With oidcSyncTeams, EspoCRM replaces a user's teams with those of oidcTeamsIds whose group matches; every other team the user has is removed at the next login, and with it the records the team gives access to.",
		FixEspo: uiOIDC + " → Teams: add the teams users must keep (with an empty IdP Group to keep them for everyone), or untick Sync Teams.",
		Refs:    []string{dbDoc, "docs/knowledge/espocrm-users.md#teams"},
	},
	Check: checkTeamSyncRemoves})

func checkTeamSyncRemoves(p *Pass) {
	o := p.OIDC()
	if !o.SyncTeams || p.Portal != nil {
		return
	}
	for _, l := range dbfacts.TeamsSyncWouldRemove(p.DB.Users, p.DB.Teams, o.TeamsIDs) {
		name := l.TeamName
		if name == "" {
			name = l.TeamID
		}
		p.ReportKey("oidcTeamsIds",
			fmt.Sprintf("team sync would remove team %q from %d active user(s) at their next login, because it is not in the OIDC team list: %s", name, l.Users, examples(l.Examples, l.Users)),
			"add "+name+" to "+uiOIDC+" → Teams (empty IdP Group keeps it for everyone), or untick Sync Teams")
	}
}
