package main

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/logs"
)

func init() { registerCommand("logs", newLogsCmd) }

// logsNow is the clock for relative --since/--until values (tests fix it).
var logsNow = time.Now

func newLogsCmd(a *app) *cobra.Command {
	var since, until, format string
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

Exit codes: 0 no incidents, 1 incidents found, 2 unusable input.`,
		Example: `  espo-oidc logs /var/www/espocrm/data/logs
  espo-oidc logs data/logs/espo-2026-07-02.log --since 2026-07-02
  espo-oidc logs data/logs --since 24h --format json
  ssh crm 'cat /var/www/espocrm/data/logs/espo.log' | espo-oidc logs -`,
		Args: cobra.MinimumNArgs(1),
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
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			res, err := logs.Analyze(ctx, args, a.stdin, opts)
			if err != nil {
				var ie *logs.InputError
				if errors.As(err, &ie) {
					return inputError("%v", ie)
				}
				return inputError("%v", err)
			}
			if format == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else if err := res.WriteText(a.stdout); err != nil {
				return err
			}
			if len(res.Incidents) > 0 || res.DroppedIncidents > 0 {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "only records at or after this time (UTC): 2026-07-02, \"2026-07-02 09:00\", RFC 3339, or a duration back from now: 90m, 24h, 7d")
	cmd.Flags().StringVar(&until, "until", "", "only records at or before this time (a date alone means its end); same forms as --since")
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	return cmd
}
