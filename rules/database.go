package rules

// Rule set database: what the instance's database says (--db, --dsn):
// portals and their authentication providers, users against the username
// claim, mapped teams, the auth log. The rows are read once by espodb and
// handed over in Input.DB; these rules only look at them.

import (
	"strings"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
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
var portalDatabaseRules = map[string]bool{"EO6010": true, "EO6011": true, "EO6012": true, "EO6013": true}

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

// PortalOwn keeps a portal run's own findings: those about its records
// (provider, portal) and about the manifest for the portal's values (its
// redirect URI, say). Findings located in the main settings files, and any
// the main run reported the same, are the main instance's.
func PortalOwn(portal *Input, fs, main []Finding) []Finding {
	mainFiles := map[string]bool{}
	if portal.Settings != nil {
		for _, src := range portal.Settings.Sources {
			if src.Role != dbfacts.RoleDatabase {
				mainFiles[src.Path] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, f := range main {
		seen[f.Rule+"\x00"+f.File+"\x00"+f.Message] = true
	}
	var out []Finding
	for _, f := range fs {
		if mainFiles[f.File] || seen[f.Rule+"\x00"+f.File+"\x00"+f.Message] {
			continue
		}
		out = append(out, f)
	}
	return out
}

// defaultPortalID is the settings' defaultPortalId ("" when unset).
func defaultPortalID(s *espo.Settings) string {
	if s == nil {
		return ""
	}
	if st := s.Get("defaultPortalId"); st != nil && st.Value != nil {
		return st.Value.Str
	}
	return ""
}

// PortalInputs are the inputs that lint each portal with an OIDC provider
// like the main instance: the portal's settings (dbfacts.PortalSettings),
// the database, Portal set, and the manifest when it is the app the
// portal's provider uses (same client ID). Their Run results keep only
// PortalOwn findings.
func PortalInputs(main *Input) []*Input {
	if main == nil || main.DB == nil || !main.DB.Has(dbfacts.PartPortals) {
		return nil
	}
	def := defaultPortalID(main.Settings)
	var out []*Input
	for i := range main.DB.Portals {
		pt := &main.DB.Portals[i]
		if !pt.UsesOIDC() {
			continue
		}
		ps := dbfacts.PortalSettings(main.Settings, *pt, def)
		if main.Instance != "" {
			ps.Instance = main.Instance + " (portal " + pt.Name + ")" // the main instance's ID
		}
		in := &Input{Instance: ps.Instance, Settings: ps, DB: main.DB, Portal: pt, Options: main.Options, Now: main.Now}
		if m := main.Manifest; m != nil && strings.EqualFold(strings.TrimSpace(m.AppID.Value), strings.TrimSpace(pt.Provider.ClientID)) {
			in.Manifest = m
		}
		out = append(out, in)
	}
	return out
}
