package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/bundle"
	"github.com/espo-oidc/espo-oidc/logs"
	"github.com/espo-oidc/espo-oidc/provider"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/run"
)

func init() { registerCommand("report", newReportCmd) }

type reportOptions struct {
	policy   policyFlags
	probe    probeFlags
	db       dbFlags
	Manifest string
	Probe    bool
	Logs     []string
	Dir      string
	Outputs  []string
}

func newReportCmd(a *app) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report PATH... --dir DIR",
		Short: "Write a redacted support bundle: HTML, Markdown and JSON reports, effective settings, probe transcript",
		Long: `report runs everything available on an EspoCRM instance and writes a support
bundle a customer can attach to a ticket without leaking a secret, into the
folder given with --dir (-d):

  report.html             the support report: verdict, findings with fixes, effective
                          settings, Entra manifest summary, probe timeline, log incidents
  report.md               the same in Markdown
  report.json             the findings in the stable JSON schema (docs/json-schema.md)
  effective-settings.json every effective setting and the file it came from, redacted
  discovery.json, jwks.json, probe-transcript.json
                          what the probe fetched and did (with --probe)
  logs.json               the log incidents (with --logs)
  auth-log.txt, auth-log.json
                          the auth log: who signed in with OIDC, denials by reason,
                          matched with the log incidents (with --db or --dsn)

--output FORMAT=PATH writes more formats, as in lint.

Secret values (client secret, passwords, cryptKey, passwordSalt, hashSecretKey,
apiSecretKeys, database and SMTP passwords, tokens, codes) never appear: where a
value matters the bundle shows its length and a short SHA-256 fingerprint. Before
writing, every file is checked for the instance's secret values (also base64- and
URL-encoded); if one were found, nothing is written and the command fails.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage
or input error, 3 the probe or the database read could not complete. The bundle is written in every case but 2
for bad usage.`,
		Example: `  espo-oidc report /var/www/espocrm -d support-bundle
  espo-oidc report data/ --app-manifest manifest.json --probe --logs data/logs -d bundle
  espo-oidc report /var/www/espocrm --db --logs /var/www/espocrm/data/logs -d bundle`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, a, o, args)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.Dir, "dir", "d", "", "folder to write the bundle to (created if missing; required)")
	f.StringArrayVarP(&o.Outputs, "output", "o", nil, "also write FORMAT=PATH, as in lint (repeatable)")
	f.StringVar(&o.Manifest, "app-manifest", "", "Entra app registration manifest (App registrations → Manifest → Download)")
	f.BoolVar(&o.Probe, "probe", false, "also run the live probe against the identity provider (network)")
	f.StringArrayVar(&o.Logs, "logs", nil, "EspoCRM log folder or file (data/logs); repeatable")
	o.policy.add(cmd, true)
	o.probe.add(cmd, "with --probe: ")
	o.db.add(cmd)
	return cmd
}

func runReport(cmd *cobra.Command, a *app, o *reportOptions, paths []string) error {
	var outs []report.Output
	for _, spec := range o.Outputs {
		if !strings.Contains(spec, "=") {
			return inputError("report: --output %q: want FORMAT=PATH (the bundle's folder is --dir %s)", spec, spec)
		}
	}
	if len(o.Outputs) > 0 {
		all, err := report.ParseOutputs("text", false, o.Outputs)
		if err != nil {
			return inputError("report: %v", err)
		}
		for _, out := range all {
			if out.Path == "-" && len(all) > len(o.Outputs) {
				continue // the implicit text on standard output: report prints its own lines
			}
			outs = append(outs, out)
		}
	}
	if strings.TrimSpace(o.Dir) == "" {
		return inputError("report: give the folder to write the bundle to with --dir DIR")
	}
	catchSignals(cmd) // the bundle's files are written one by one
	ro, err := o.policy.options(cmd, "report", paths, a)
	if err != nil {
		return inputError("%v", err)
	}
	ro.Manifest = o.Manifest
	if ro.DB, err = o.db.options(cmd); err != nil {
		return inputError("%v", err)
	}
	if o.Probe {
		if ro.Probe, err = o.probe.options(a); err != nil {
			return inputError("%v", err)
		}
	} else if probeFlagsUsed(cmd) {
		return inputError("--issuer, --ca-file and --timeout go with --probe")
	}
	rep, err := run.Run(cmd.Context(), ro)
	if err != nil {
		return inputError("%v", err)
	}
	if len(o.Logs) > 0 {
		var lo logs.Options
		if len(rep.Results) == 1 { // one instance: its provider is the logs'
			lo.Provider = provider.Kind(rep.Results[0].Provider)
		}
		an, err := logs.Analyze(cmd.Context(), o.Logs, a.stdin, lo)
		if err != nil {
			rep.Errors = append(rep.Errors, report.ToolError{Instance: strings.Join(o.Logs, " "), Message: err.Error()})
		} else {
			rep.Logs = an
		}
	}
	rep.AuthLog = bundle.AuthLog(rep)
	written, err := bundle.Write(o.Dir, rep)
	for _, p := range written {
		fmt.Fprintf(a.stdout, "wrote %s\n", p)
	}
	if err != nil {
		return inputError("report: %v", err)
	}
	if len(outs) > 0 {
		if err := report.WriteOutputs(a.stdout, rep, outs, report.OutputOptions{}); err != nil {
			return inputError("report: %v", err)
		}
	}
	j := report.ToJSON(rep)
	fmt.Fprintf(a.stdout, "%s: %d error(s), %d warning(s), %d info, %d suppressed; open %s\n", rep.StatusLine(),
		j.Summary.Error, j.Summary.Warning, j.Summary.Info, j.Summary.Suppressed, filepath.Join(o.Dir, "report.html"))
	return exit(a, rep, o.policy.ExitZero)
}
