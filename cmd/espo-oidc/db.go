package main

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/lit"
	"github.com/espo-oidc/espo-oidc/logs"
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

// readAuthLog reads the auth log for `logs --db/--dsn`: the instance from
// --instance or the log folder (data/logs → data/), the incidents of res as
// the windows to match. dbErr is "could not connect" (exit 3, the report
// says why it is missing); err is unusable input (exit 2).
func readAuthLog(ctx context.Context, a *app, f espodb.Flags, instance string, logPaths []string, res *logs.Analysis) (auth *dbfacts.AuthLogReport, dbErr, err error) {
	if instance == "" {
		instance = instanceOfLogs(logPaths)
	}
	var s *espo.Settings
	if instance != "" {
		if s, err = espo.Load(instance, a.stdin); err != nil {
			return nil, nil, inputError("--instance: %v", err)
		}
	} else if f.DB {
		return nil, nil, inputError("--db: cannot tell which EspoCRM instance the logs belong to; give --instance /path/to/espocrm (or --dsn)")
	}
	disabled, windows := authLogDisabled(s), incidentWindows(res)
	snap, lerr := espodb.Load(ctx, s, f)
	switch espodb.ExitCode(lerr) {
	case 2:
		return nil, nil, inputError("%v", lerr)
	case 3:
		return dbfacts.NewAuthLogReport(nil, lerr.Error(), disabled, windows, f.Since), lerr, nil
	}
	return dbfacts.NewAuthLogReport(snap, "", disabled, windows, f.Since), nil, nil
}

// instanceOfLogs is the EspoCRM root a log path belongs to: …/data/logs or
// a file in it → …; "" when none does.
func instanceOfLogs(paths []string) string {
	for _, p := range paths {
		if p == "-" {
			continue
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		for d := abs; d != filepath.Dir(d); d = filepath.Dir(d) {
			if filepath.Base(d) == "logs" && filepath.Base(filepath.Dir(d)) == "data" {
				root := filepath.Dir(filepath.Dir(d))
				if _, err := os.Stat(filepath.Join(root, "data", "config-internal.php")); err == nil {
					return root
				}
			}
		}
	}
	return ""
}

// authLogDisabled is the settings' authLogDisabled as EspoCRM reads it.
func authLogDisabled(s *espo.Settings) bool {
	if s == nil {
		return false
	}
	st := s.Get("authLogDisabled")
	if st == nil || st.Value == nil {
		return false
	}
	v := st.Value
	return v.Kind == lit.Bool && v.Bool || v.Kind == lit.Int && v.Int != 0 || v.Kind == lit.String && v.Str != "" && v.Str != "0"
}

// incidentWindows are the log-file incidents' time spans, to match with the
// auth log.
func incidentWindows(an *logs.Analysis) []dbfacts.Window {
	if an == nil {
		return nil
	}
	var out []dbfacts.Window
	for _, inc := range an.Incidents {
		out = append(out, dbfacts.Window{Label: inc.Cause, First: inc.First, Last: inc.Last})
	}
	return out
}

// bundleAuthLog is the report bundle's auth-log section: the first
// instance's database (the one --db/--dsn read).
func bundleAuthLog(rep *report.Report) *dbfacts.AuthLogReport {
	for _, in := range rep.Inputs {
		if in != nil && (in.DB != nil || in.DBMissing != "") {
			return dbfacts.NewAuthLogReport(in.DB, in.DBMissing, authLogDisabled(in.Settings), incidentWindows(rep.Logs), time.Time{})
		}
	}
	return nil
}
