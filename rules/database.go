package rules

// Rule set database: what the instance's database says (--db, --dsn):
// portals and their authentication providers, users against the username
// claim, mapped teams, the auth log. The rows are read once by espodb and
// handed over in Input.DB; these rules only look at them.

import (
	"strings"

	"github.com/espo-oidc/espo-oidc/dbfacts"
)

// What a database rule needs: the snapshot, and the part it reads.
const (
	NeedDB        Need = "db"          // a database was read (--db, --dsn)
	NeedDBPortals Need = "db-portals"  // portals and their providers
	NeedDBUsers   Need = "db-users"    // users and their teams
	NeedDBTeams   Need = "db-teams"    // teams
	NeedDBAuthLog Need = "db-auth-log" // the auth log
)

var dbNeedPart = map[Need][]string{
	NeedDBPortals: {dbfacts.PartPortals, dbfacts.PartProviders},
	NeedDBUsers:   {dbfacts.PartUsers, dbfacts.PartTeamUsers, dbfacts.PartPortalUsers},
	NeedDBTeams:   {dbfacts.PartTeams},
	NeedDBAuthLog: {dbfacts.PartAuthLog},
}

// missingDB says why a database need is not met ("" when it is).
func missingDB(in *Input, n Need) string {
	if in.DB == nil {
		if in.DBMissing != "" {
			return in.DBMissing
		}
		return "no database read (give --db to use the instance's database setting, or --dsn)"
	}
	for _, part := range dbNeedPart[n] {
		if !in.DB.Has(part) {
			return "the database's " + part + " could not be read: " + in.DB.SkipReason(part)
		}
	}
	return ""
}

const uiPortals = "Administration → Portals"
const uiProviders = "Administration → Authentication Providers"
const dbDoc = "docs/database.md"

// reportRecord records a finding located at a database record.
func (p *Pass) reportRecord(record, key, message, fix string) {
	p.Report(Finding{File: record, Key: key, Message: message, Fix: fix})
}

// Portals. The pipeline lints each portal with an OIDC provider as an
// instance of its own (Input.Portal, Settings from dbfacts.PortalSettings);
// these say which rules do not run there, and which findings are the
// portal's own.

// forcedForPortalsRules are about settings EspoCRM fixes for portals (no
// password fallback, no admins, no Espo 2FA step) or about the main
// settings file itself.
var forcedForPortalsRules = map[string]bool{
	"EO1001": true, "EO1002": true, "EO1003": true, "EO1004": true, // method and the config file's keys
	"EO1040": true, "EO1041": true, "EO1042": true, "EO1043": true, // lockout and fallback
	"EO1060": true, "EO1061": true, // Espo 2FA
}

// portalDatabaseRules are the database rules that look at one portal (its
// portal users); the others run once, for the instance.
var portalDatabaseRules = map[string]bool{"EO5010": true, "EO5011": true, "EO5012": true, "EO5013": true}

// notForPortal says why r does not run on a portal's settings ("" when it does).
func notForPortal(r *Rule) string {
	if r.Set == SetDatabase && !portalDatabaseRules[r.ID] {
		return "runs once for the instance, not per portal"
	}
	if forcedForPortalsRules[r.ID] {
		return "EspoCRM fixes this for portals (no password fallback, no admins, no Espo 2FA step, no config file)"
	}
	return ""
}

// PortalOwn keeps a portal run's findings about the portal's own records
// (its provider and portal rows); findings located in the main settings
// files are the main instance's and are reported there.
func PortalOwn(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if strings.HasPrefix(f.File, dbfacts.RecordPrefix) {
			out = append(out, f)
		}
	}
	return out
}
