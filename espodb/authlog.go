package espodb

import (
	"context"
	"os"
	"path/filepath"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/logs"
)

// ReadAuthLog reads the auth log for `logs --db/--dsn` and the report bundle:
// s is the instance's settings (nil with --dsn alone), an the log-file
// incidents to match by time (nil: none). The error follows ExitCode: an
// *InputError (exit 2) returns no report; a *ConnectError (exit 3) returns
// the report saying why the auth log is missing.
func ReadAuthLog(ctx context.Context, s *espo.Settings, f Flags, an *logs.Analysis) (*dbfacts.AuthLogReport, error) {
	disabled, windows := dbfacts.AuthLogDisabled(s), IncidentWindows(an)
	snap, err := Load(ctx, s, f)
	switch ExitCode(err) {
	case 2:
		return nil, err
	case 3:
		return dbfacts.NewAuthLogReport(nil, err.Error(), disabled, windows, f.Since), err
	}
	return dbfacts.NewAuthLogReport(snap, "", disabled, windows, f.Since), nil
}

// IncidentWindows are the log-file incidents' time spans, to match with
// the auth log.
func IncidentWindows(an *logs.Analysis) []dbfacts.Window {
	if an == nil {
		return nil
	}
	var out []dbfacts.Window
	for _, inc := range an.Incidents {
		out = append(out, dbfacts.Window{Label: inc.Cause, First: inc.First, Last: inc.Last})
	}
	return out
}

// AuthLogOf is `logs --db/--dsn`: the auth log of instance (an EspoCRM
// folder), else of the instance the log paths belong to (InstanceOfLogs);
// its settings give --db its credentials and say whether the auth log is
// disabled. With --dsn no instance is needed. Errors as ReadAuthLog.
func AuthLogOf(ctx context.Context, instance string, logPaths []string, f Flags, an *logs.Analysis) (*dbfacts.AuthLogReport, error) {
	if instance == "" {
		instance = InstanceOfLogs(logPaths)
	}
	var s *espo.Settings
	if instance != "" {
		var err error
		if s, err = espo.Load(instance, nil); err != nil {
			return nil, &InputError{Where: "--instance", Msg: err.Error()}
		}
	} else if f.DB {
		return nil, &InputError{Where: "--db", Msg: "cannot tell which EspoCRM instance the logs belong to; give --instance /path/to/espocrm (or --dsn)"}
	}
	return ReadAuthLog(ctx, s, f, an)
}

// InstanceOfLogs is the EspoCRM root a log path belongs to (…/data/logs, or
// a file in it, with …/data/config-internal.php beside): the instance whose
// database setting `logs --db` uses. "" when none does.
func InstanceOfLogs(paths []string) string {
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
