package run

import (
	"context"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/probe"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

// dbLoad is what reading one instance's database gave.
type dbLoad struct {
	snap    *dbfacts.Snapshot
	missing string // why the database rules are skipped (it could not be read)
	connErr error  // could not connect: exit 3 at the end, the run goes on
	inErr   error  // the database setting or --dsn cannot be used: exit 2
}

// loadDB reads the instance's database when --db or --dsn asks for it
// (docs/database.md): once per instance, inside the worker pool.
func loadDB(ctx context.Context, s *espo.Settings, f espodb.Flags) dbLoad {
	if !f.Wanted() {
		return dbLoad{}
	}
	snap, err := espodb.Load(ctx, s, f)
	switch espodb.ExitCode(err) {
	case ExitUsage:
		return dbLoad{inErr: err, missing: err.Error()}
	case ExitIncomplete:
		return dbLoad{connErr: err, missing: err.Error()}
	}
	return dbLoad{snap: snap}
}

// portals judges every portal with an OIDC provider like the main instance
// (rules.PortalInputs), each an instance of its own, in the database's
// order; with the probe on, each portal's provider is probed too (portal
// logins: no CRM-user simulation).
func portals(ctx context.Context, main *rules.Input, mainRes *rules.Result, o Options, policy *rules.Policy) []*instanceResult {
	var out []*instanceResult
	for _, in := range rules.PortalInputs(main) {
		in.EspoVersion = main.EspoVersion
		r := &instanceResult{}
		if o.Probe != nil {
			popts := *o.Probe
			popts.UsersData = nil
			popts.UserNameMaxLength = main.Options.UserNameMaxLength
			in.Probe = probe.Run(ctx, in.Settings, popts)
			r.probeErr = in.Probe.Incomplete()
		}
		r.res = rules.Run(in, policy)
		r.res.Findings = rules.PortalOwn(in, r.res.Findings, mainRes.Findings)
		r.in = &report.InstanceInput{Instance: in.Instance, Settings: in.Settings, Manifest: in.Manifest, Probe: in.Probe, DB: in.DB}
		out = append(out, r)
	}
	return out
}
