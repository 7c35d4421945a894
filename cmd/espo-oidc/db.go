package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

// addDBFlags adds --db, --dsn and --db-timeout (docs/database.md).
func addDBFlags(cmd *cobra.Command, f *espodb.Flags) {
	fl := cmd.Flags()
	fl.BoolVar(&f.DB, "db", false, "also read the instance's database (portals, users, teams, auth log; read-only) with the credentials of its database setting in data/config-internal.php")
	fl.StringVar(&f.DSN, "dsn", "", "read the database with this account instead (recommended: a read-only one): mysql://user@host:3306/db or postgres://user@host:5432/db; the password may come from MYSQL_PWD or PGPASSWORD")
	fl.DurationVar(&f.Timeout, "db-timeout", 10*time.Second, "with --db/--dsn: connect and per-query timeout")
}

// dbLoad is what reading one instance's database gave.
type dbLoad struct {
	snap    *dbfacts.Snapshot
	missing string // why the database rules are skipped (could not connect)
	connErr error  // could not connect: exit 3 at the end, the run goes on
	inErr   error  // the database setting or --dsn cannot be used: exit 2
}

// loadDB reads the instance's database when --db or --dsn asks for it.
func loadDB(ctx context.Context, s *espo.Settings, f espodb.Flags) dbLoad {
	if !f.Wanted() {
		return dbLoad{}
	}
	snap, err := espodb.Load(ctx, s, f)
	switch espodb.ExitCode(err) {
	case 2:
		return dbLoad{inErr: err, missing: err.Error()}
	case 3:
		return dbLoad{connErr: err, missing: err.Error()}
	}
	return dbLoad{snap: snap}
}

// portalRuns lints every portal with an OIDC provider like the main
// instance (rules.PortalInputs); probe, when non-nil, probes each portal's
// provider too. It returns the results and what each was judged on.
func portalRuns(main *rules.Input, mainRes *rules.Result, pol *rules.Policy, probe func(*rules.Input)) ([]*rules.Result, []*report.InstanceInput) {
	var out []*rules.Result
	var ins []*report.InstanceInput
	for _, in := range rules.PortalInputs(main) {
		if probe != nil {
			probe(in)
		}
		res := rules.Run(in, pol)
		res.Findings = rules.PortalOwn(in, res.Findings, mainRes.Findings)
		out = append(out, res)
		ins = append(ins, &report.InstanceInput{Instance: in.Instance, Settings: in.Settings, Manifest: in.Manifest, Probe: in.Probe, DB: in.DB})
	}
	return out, ins
}
