package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/internal/textwrap"
	"github.com/espo-oidc/espo-oidc/probe"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
	"github.com/espo-oidc/espo-oidc/run"
)

// policyFlags are the flags every judging command shares (lint, probe,
// report): one meaning each, the same in every command.
type policyFlags struct {
	FailOn      string
	ExitZero    bool
	ConfigPath  string
	Baseline    string
	Enable      []string
	Disable     []string
	Only        []string
	MinSeverity string
	AssumeOIDC  bool
	Jobs        int
	EspoCRM     string // --espocrm-version
}

func (f *policyFlags) add(cmd *cobra.Command, jobs bool) {
	fs := cmd.Flags()
	fs.StringVar(&f.FailOn, "fail-on", "error", "exit 1 when a finding is at or above: error, warning, info, never")
	fs.BoolVar(&f.ExitZero, "exit-zero", false, "exit 0 even with findings (report-only runs)")
	fs.StringVar(&f.ConfigPath, "config", "", "config file (default: .espo-oidc.yaml in this folder or a parent)")
	fs.StringVar(&f.Baseline, "baseline", "", "JSON report of an earlier run: report only findings that are new since")
	fs.StringArrayVar(&f.Enable, "enable", nil, "turn on a rule or set the config file disabled (ID, name or set; repeatable)")
	fs.StringArrayVar(&f.Disable, "disable", nil, "turn off a rule or set (ID, name or set; repeatable)")
	fs.StringArrayVar(&f.Only, "only", nil, "run only these rules or sets (ID, name or set; repeatable)")
	fs.StringVar(&f.MinSeverity, "min-severity", "info", "show findings from this severity up (error, warning, info); the exit code still counts all")
	fs.BoolVar(&f.AssumeOIDC, "assume-oidc", false, "judge the oidc* settings as if authenticationMethod were Oidc (a planned switch)")
	fs.StringVar(&f.EspoCRM, "espocrm-version", "", "judge the instance as this EspoCRM version, e.g. 9.3.2 (default: read from data/state.php or data/config.php, else 10.0.0 is assumed)")
	if jobs {
		fs.IntVar(&f.Jobs, "jobs", 0, "instances checked at once (default: the number of CPUs)")
	}
}

// options turns the flags into the pipeline's options.
func (f *policyFlags) options(cmd *cobra.Command, command string, paths []string, a *app) (run.Options, error) {
	failOn, err := parseFailOn(f.FailOn)
	if err != nil {
		return run.Options{}, err
	}
	minSev := rules.SeverityNone
	if s := strings.TrimSpace(f.MinSeverity); s != "" && !strings.EqualFold(s, "info") {
		if minSev, err = rules.ParseSeverity(s); err != nil {
			return run.Options{}, fmt.Errorf("--min-severity: %v", err)
		}
	}
	if f.Jobs < 0 || (f.Jobs == 0 && cmd.Flags().Changed("jobs")) {
		return run.Options{}, fmt.Errorf("--jobs %d: give a number of instances from 1 up", f.Jobs)
	}
	var espoVer espo.Version
	if strings.TrimSpace(f.EspoCRM) != "" {
		if espoVer, err = espo.ParseVersion(f.EspoCRM); err != nil {
			return run.Options{}, fmt.Errorf("--espocrm-version: %v", err)
		}
	}
	return run.Options{Command: command, Paths: paths, Stdin: a.stdin, ConfigPath: f.ConfigPath, Jobs: f.Jobs,
		Version: toolVersion(), FailOn: failOn, Baseline: f.Baseline, AssumeOIDC: f.AssumeOIDC,
		Enable: f.Enable, Disable: f.Disable, Only: f.Only, MinSeverity: minSev, Now: a.now, EspoCRM: espoVer}, nil
}

func parseFailOn(s string) (rules.Severity, error) {
	if strings.EqualFold(strings.TrimSpace(s), "never") {
		return rules.SeverityNone, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on: %v (or never)", err)
	}
	return sev, nil
}

// outputFlags choose what is written where: --format for standard output,
// --output FORMAT=PATH for more (lint, probe, report).
type outputFlags struct {
	Format  string
	Outputs []string
	Quiet   bool
	NoColor bool
	Color   string
	Skipped string // count (per reason) or full (every rule), in JSON
}

func (f *outputFlags) add(cmd *cobra.Command, defaultFormat string) {
	fs := cmd.Flags()
	fs.StringVarP(&f.Format, "format", "f", defaultFormat, "output format on standard output: "+strings.Join(report.Formats(), ", "))
	fs.StringArrayVarP(&f.Outputs, "output", "o", nil, "also write FORMAT=PATH (repeatable; PATH - is standard output)")
	fs.BoolVarP(&f.Quiet, "quiet", "q", false, "print findings only")
	fs.BoolVar(&f.NoColor, "no-color", false, "no colour (same as --color never)")
	fs.StringVar(&f.Color, "color", "auto", "colour: auto (a terminal without NO_COLOR; FORCE_COLOR forces it), always, never")
	fs.StringVar(&f.Skipped, "skipped", "count", "rules that did not run, in JSON: count (per reason) or full (every rule)")
}

func (f *outputFlags) parse(cmd *cobra.Command) ([]report.Output, report.OutputOptions, error) {
	outs, err := report.ParseOutputs(f.Format, cmd.Flags().Changed("format"), f.Outputs)
	if err != nil {
		return nil, report.OutputOptions{}, err
	}
	mode, err := report.ParseColor(f.Color)
	if err != nil {
		return nil, report.OutputOptions{}, err
	}
	if f.NoColor {
		if cmd.Flags().Changed("color") && mode != report.ColorNever {
			return nil, report.OutputOptions{}, fmt.Errorf("--no-color and --color %s contradict each other", mode)
		}
		mode = report.ColorNever
	}
	if f.Skipped != "count" && f.Skipped != "full" {
		return nil, report.OutputOptions{}, fmt.Errorf("--skipped %q: want count or full", f.Skipped)
	}
	for _, o := range outs {
		if o.Path != "-" {
			catchSignals(cmd) // a file is being written
			break
		}
	}
	return outs, report.OutputOptions{Quiet: f.Quiet, Color: mode, SkippedFull: f.Skipped == "full"}, nil
}

// catchSignals starts catching Ctrl-C and SIGTERM for a run that writes
// files: the run then finishes them (each is written to a temporary file
// renamed when complete) instead of leaving a temporary file or, for a
// bundle, some files new and some old. A run that writes only to standard
// output is simply ended by Ctrl-C.
func catchSignals(cmd *cobra.Command) {
	if ctx := cmd.Context(); ctx != nil {
		ctx.Done()
	}
}

// probeFlags are the live probe's flags, the same in probe, lint --probe and
// report --probe.
type probeFlags struct {
	Issuer  string
	CAFile  string
	Timeout time.Duration
}

func (f *probeFlags) add(cmd *cobra.Command, prefix string) {
	fs := cmd.Flags()
	fs.StringVar(&f.Issuer, "issuer", "", prefix+"the identity provider's issuer URL (default: implied by the endpoints)")
	fs.StringVar(&f.CAFile, "ca-file", "", prefix+"PEM file with a private CA's certificate (TLS stays verified)")
	fs.DurationVar(&f.Timeout, "timeout", 10*time.Second, prefix+"timeout of each request (EspoCRM uses 10s)")
}

// options builds the probe's options from the flags.
func (f *probeFlags) options(a *app) (*probe.Options, error) {
	if f.Timeout <= 0 {
		return nil, fmt.Errorf("--timeout must be positive, e.g. 10s")
	}
	client, err := probe.NewClient(f.CAFile)
	if err != nil {
		return nil, fmt.Errorf("--ca-file %v", err)
	}
	po := probe.DefaultOptions()
	po.Client, po.Issuer, po.Timeout = client, f.Issuer, f.Timeout
	if a.now != nil {
		po.Now = a.now
	}
	return &po, nil
}

// dbFlags read the instance's database (docs/database.md), the same in
// lint, probe, report and logs.
type dbFlags struct{ espodb.Flags }

func (f *dbFlags) add(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.BoolVar(&f.DB, "db", false, "also read the instance's database (portals, users, teams, auth log; read-only) with the credentials of its database setting in data/config-internal.php")
	fs.StringVar(&f.DSN, "dsn", "", "read the database with this account instead (recommended: a read-only one): mysql://user@host:3306/db or postgres://user@host:5432/db; the password may come from MYSQL_PWD or PGPASSWORD")
	fs.DurationVar(&f.Timeout, "db-timeout", 10*time.Second, "with --db/--dsn: connect and per-query timeout")
}

// options checks the flags and returns what the pipeline reads.
func (f *dbFlags) options(cmd *cobra.Command) (espodb.Flags, error) {
	if f.Timeout <= 0 {
		return espodb.Flags{}, fmt.Errorf("--db-timeout must be positive, e.g. 10s")
	}
	if !f.Wanted() && cmd.Flags().Changed("db-timeout") {
		return espodb.Flags{}, fmt.Errorf("--db-timeout goes with --db or --dsn")
	}
	return f.Flags, nil
}

// stdoutWidth is the width text on standard output wraps at.
func stdoutWidth(a *app) int { return textwrap.Width(a.stdoutFile()) }
