package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
	var since, until, format, instance string
	var db espodb.Flags
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
folder belongs to, data/logs → data/).

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
				if opts.Since, err = parseWhen(since, now, false); err != nil {
					return inputError("--since: %v", err)
				}
			}
			if until != "" {
				if opts.Until, err = parseWhen(until, now, true); err != nil {
					return inputError("--until: %v", err)
				}
			}
			if !opts.Since.IsZero() && !opts.Until.IsZero() && opts.Until.Before(opts.Since) {
				return inputError("--until %s is before --since %s", until, since)
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			res := &logs.Analysis{}
			if len(args) > 0 {
				var err error
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
			if db.Wanted() {
				db.Since = opts.Since
				var err error
				if auth, dbErr, err = readAuthLog(ctx, a, db, instance, args, res); err != nil {
					return err
				}
			}
			if format == "json" {
				enc := json.NewEncoder(a.stdout)
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
					if err := res.WriteText(a.stdout); err != nil {
						return err
					}
					if auth != nil {
						fmt.Fprintln(a.stdout)
					}
				}
				if auth != nil {
					if err := auth.WriteText(a.stdout); err != nil {
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
	cmd.Flags().StringVar(&instance, "instance", "", "with --db: the EspoCRM folder (root or data/) whose database setting and authLogDisabled to use (default: the folder the logs belong to)")
	addDBFlags(cmd, &db)
	return cmd
}

// parseWhen reads a --since/--until value. Times without a zone are UTC, as
// EspoCRM writes its logs. A date alone is the start of the day, or with
// endOfDay its last second.
func parseWhen(s string, now time.Time, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if n := len(s); n > 1 && s[n-1] == 'd' {
		if days, err := strconv.Atoi(s[:n-1]); err == nil && days >= 0 && days <= 100*366 {
			return now.Add(-time.Duration(days) * 24 * time.Hour), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			d = -d
		}
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, time.UTC); err == nil {
		if endOfDay {
			return t.Add(24*time.Hour - time.Second), nil
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time (use 2026-07-02, \"2026-07-02 09:00\", 2026-07-02T09:00:00Z, or 24h / 7d)", s)
}
