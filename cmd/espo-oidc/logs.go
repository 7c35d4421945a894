package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/logs"
)

func init() { registerCommand("logs", newLogsCmd) }

// logsNow is the clock for relative --since/--until values (tests fix it).
var logsNow = time.Now

func newLogsCmd(a *app) *cobra.Command {
	var since, until, format, idp, instance string
	var db dbFlags
	cmd := &cobra.Command{
		Use:   "logs PATH...",
		Short: "Find failed OIDC logins in EspoCRM log files and explain their causes",
		Long: `logs reads EspoCRM log files and groups the OIDC-related records into incidents:
for each, the time range, the number of login attempts, the log format version,
the cause in plain words, the AADSTS code or OAuth error the identity provider
answered, the fix and the related espo-oidc rule.

PATH is a log file (data/logs/espo-YYYY-MM-DD.log, espo.log, rotated copies,
.gz files), a folder (data/logs) or - for stdin. All EspoCRM log formats from
7.x to 10.x are read. Lines that cannot be used (binary, over 1 MB, not UTF-8,
truncated gzip data) are skipped and counted.

It also says what the logs cannot show: at the default level WARNING EspoCRM
does not log why a user was refused after signing in at the identity provider.

With --db (the instance's own database credentials) or --dsn (a read-only
account) it also reads EspoCRM's auth log: who signed in with OIDC and when,
the denied attempts over time with their reasons, and which log-file
incidents have auth-log rows at the same time. PATH may then be omitted.
--instance names the EspoCRM folder for --db (default: the one the log
folder belongs to, data/logs → data/); see docs/database.md.

Exit codes: 0 no incidents, 1 incidents or denied logins found, 2 unusable
input, 3 the database could not be read.`,
		Example: `  espo-oidc logs /var/www/espocrm/data/logs
  espo-oidc logs data/logs/espo-2026-07-02.log --since 2026-07-02
  espo-oidc logs data/logs --since 24h --format json
  ssh crm 'cat /var/www/espocrm/data/logs/espo.log' | espo-oidc logs -
  espo-oidc logs /var/www/espocrm/data/logs --db --since 7d`,
		Args: func(cmd *cobra.Command, args []string) error {
			if db.Wanted() {
				return nil // the auth log alone
			}
			return cobra.MinimumNArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return inputError("unknown --format %q (want text or json)", format)
			}
			now := logsNow().UTC()
			var opts logs.Options
			var err error
			if since != "" {
				if opts.Since, err = logs.ParseWhen(since, now, false); err != nil {
					return inputError("--since: %v", err)
				}
			}
			if until != "" {
				if opts.Until, err = logs.ParseWhen(until, now, true); err != nil {
					return inputError("--until: %v", err)
				}
			}
			if !opts.Since.IsZero() && !opts.Until.IsZero() && opts.Until.Before(opts.Since) {
				return inputError("--until %s is before --since %s", until, since)
			}
			if opts.Provider, err = providerFlag(idp); err != nil {
				return err
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			dbf, err := db.options(cmd)
			if err != nil {
				return inputError("%v", err)
			}
			if instance != "" && !dbf.Wanted() {
				return inputError("--instance goes with --db or --dsn")
			}
			res := &logs.Analysis{}
			if len(args) > 0 {
				defer logsGC()()
				if res, err = logs.Analyze(ctx, args, a.stdin, opts); err != nil {
					var ie *logs.InputError
					if errors.As(err, &ie) {
						return inputError("%v", ie)
					}
					return inputError("%v", err)
				}
			}
			var auth *dbfacts.AuthLogReport
			var dbErr error
			if dbf.Wanted() {
				dbf.Since = opts.Since
				if auth, dbErr = espodb.AuthLogOf(ctx, instance, args, dbf, res); espodb.ExitCode(dbErr) == exitUsage {
					return inputError("%v", dbErr)
				}
			}
			out := textSafe(a.stdout, format, false)
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				doc := struct {
					*logs.Analysis
					AuthLog *dbfacts.AuthLogReport `json:"authLog,omitempty"`
				}{res, auth}
				if err := enc.Encode(doc); err != nil {
					return err
				}
			} else {
				if len(args) > 0 {
					if err := res.WriteText(out); err != nil {
						return err
					}
					if auth != nil {
						fmt.Fprintln(out)
					}
				}
				if auth != nil {
					if err := auth.WriteText(out); err != nil {
						return err
					}
				}
			}
			if dbErr != nil {
				return &exitError{code: exitIncomplete, err: dbErr}
			}
			if len(res.Incidents) > 0 || res.DroppedIncidents > 0 || (auth != nil && auth.Denied() > 0) {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only records at or after this time (UTC): 2026-07-02, \"2026-07-02 09:00\", RFC 3339, or a duration back from now: 90m, 24h, 7d")
	cmd.Flags().StringVar(&until, "until", "", "only records at or before this time (a date alone means its end); same forms as --since")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	cmd.Flags().StringVar(&idp, "provider", "", "the identity provider of the instance ("+providerNames()+"); default: inferred from its answers in the logs")
	cmd.Flags().StringVar(&instance, "instance", "", "with --db: the EspoCRM folder (root or data/) whose database setting and authLogDisabled to use (default: the folder the logs belong to)")
	db.add(cmd)
	return cmd
}
