package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/logs"
	"github.com/espo-oidc/espo-oidc/report"
)

func init() { registerCommand("report", newReportCmd) }

type reportOptions struct {
	lint   lintOptions
	Logs   []string
	OutDir string
}

func newReportCmd(a *app) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report PATH... -o DIR",
		Short: "Write a redacted support bundle: HTML, Markdown and JSON reports, effective settings, probe transcript",
		Long: `report runs everything available on an EspoCRM instance and writes a support
bundle a customer can attach to a ticket without leaking a secret:

  report.html             the support report: verdict, findings with fixes, effective
                          settings, Entra manifest summary, probe timeline, log incidents
  report.md               the same in Markdown
  report.json             the findings in the stable JSON schema (docs/json-schema.md)
  effective-settings.json every effective setting and the file it came from, redacted
  discovery.json, jwks.json, probe-transcript.json
                          what the probe fetched and did (with --probe)
  logs.json               the log incidents (with --logs)

Secret values (client secret, passwords, cryptKey, passwordSalt, hashSecretKey,
apiSecretKeys, database and SMTP passwords, tokens, codes) never appear: where a
value matters the bundle shows its length and a short SHA-256 fingerprint. Before
writing, every file is checked for the instance's secret values (also base64- and
URL-encoded); if one were found, nothing is written and the command fails.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage
or input error, 3 probe incomplete. The bundle is written in every case but 2
for bad usage.`,
		Example: `  espo-oidc report /var/www/espocrm -o support-bundle
  espo-oidc report data/ --app-manifest manifest.json --probe --logs data/logs -o bundle`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.lint.Paths = args
			return runReport(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.OutDir, "output-dir", "o", "", "folder to write the bundle to (created if missing; required)")
	f.StringVar(&o.lint.Manifest, "app-manifest", "", "Entra app registration manifest (App registrations → Manifest → Download)")
	f.BoolVar(&o.lint.Probe, "probe", false, "also run the live probe against the identity provider (network)")
	f.StringArrayVar(&o.Logs, "logs", nil, "EspoCRM log folder or file (data/logs); repeatable")
	f.StringVar(&o.lint.FailOn, "fail-on", "error", "exit 1 when a finding is at or above: error, warning, info, never")
	f.BoolVar(&o.lint.ExitZero, "exit-zero", false, "exit 0 even with findings")
	f.StringVar(&o.lint.ConfigPath, "config", "", "config file (default: .espo-oidc.yaml in this folder or a parent)")
	return cmd
}

// bundleFile is one file of the support bundle.
type bundleFile struct {
	name string
	data []byte
}

func runReport(ctx context.Context, a *app, o *reportOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if strings.TrimSpace(o.OutDir) == "" {
		return inputError("report: give the folder to write the bundle to with -o DIR")
	}
	if fi, err := os.Stat(o.OutDir); err == nil && !fi.IsDir() {
		return inputError("report: -o %s is a file; give a folder", o.OutDir)
	}
	failOn, err := parseFailOn(o.lint.FailOn)
	if err != nil {
		return inputError("%v", err)
	}
	o.lint.Command = "report"
	o.lint.Jobs = max(o.lint.Jobs, 1)
	rep, probeErr, err := buildReport(ctx, a, &o.lint)
	if err != nil {
		return err
	}
	rep.FailOn = failOn
	if len(o.Logs) > 0 {
		an, err := logs.Analyze(ctx, o.Logs, a.stdin, logs.Options{})
		if err != nil {
			rep.Errors = append(rep.Errors, report.ToolError{Instance: strings.Join(o.Logs, " "), Message: err.Error()})
		} else {
			rep.Logs = an
		}
	}

	files, err := bundleFiles(rep)
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("report: %v", err)}
	}
	// The guarantee: no file of the bundle holds a secret value of an input.
	secrets := report.Secrets(rep)
	for _, f := range files {
		if leak := secrets.Leak(f.data); leak != "" {
			return &exitError{code: exitUsage, err: fmt.Errorf("report: refusing to write the bundle: %s would contain a secret value (%s); this is a bug in espo-oidc, please report it", f.name, leak)}
		}
	}
	if err := writeBundle(a, o.OutDir, files); err != nil {
		return err
	}
	v := "passed"
	if rep.Failed() {
		v = "FAILED"
	}
	c := reportCounts(rep)
	fmt.Fprintf(a.stdout, "%s: %d error(s), %d warning(s), %d info, %d suppressed; open %s\n", v, c[0], c[1], c[2], c[3], filepath.Join(o.OutDir, "report.html"))
	return exitStatus(a, rep, probeErr, o.lint.ExitZero)
}

func reportCounts(rep *report.Report) [4]int {
	j := report.ToJSON(rep)
	return [4]int{j.Summary.Error, j.Summary.Warning, j.Summary.Info, j.Summary.Suppressed}
}

func cleanPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %v", pe.Path, pe.Err)
	}
	return err
}

func marshalIndent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// settingsFile is effective-settings.json.
type settingsFile struct {
	SchemaVersion int                `json:"schemaVersion"`
	Instances     []settingsInstance `json:"instances"`
}

type settingsInstance struct {
	Instance string                   `json:"instance"`
	Sources  []settingsSource         `json:"sources"`
	Settings []report.RedactedSetting `json:"settings"`
}

type settingsSource struct {
	Path string `json:"path"`
	Role string `json:"role"`
}

// bundleFiles renders every file of the bundle in memory.
func bundleFiles(rep *report.Report) ([]bundleFile, error) {
	rep.Redact()
	var files []bundleFile
	for _, f := range []struct{ name, format string }{{"report.html", "html"}, {"report.md", "markdown"}, {"report.json", "json"}} {
		var b bytes.Buffer
		if err := report.Write(&b, f.format, rep, report.Options{}); err != nil {
			return nil, err
		}
		files = append(files, bundleFile{f.name, b.Bytes()})
	}
	sf := settingsFile{SchemaVersion: 1, Instances: []settingsInstance{}}
	var discovery, jwks, transcript []any
	for _, in := range rep.Inputs {
		if in == nil {
			continue
		}
		if in.Settings != nil {
			si := settingsInstance{Instance: in.Instance, Sources: []settingsSource{}, Settings: report.RedactedSettings(in.Settings)}
			for _, src := range in.Settings.Sources {
				si.Sources = append(si.Sources, settingsSource{Path: src.Path, Role: string(src.Role)})
			}
			sf.Instances = append(sf.Instances, si)
		}
		if f := in.Probe; f != nil {
			rf := f // redacted by the probe and once more by report.Write
			discovery = append(discovery, map[string]any{"instance": in.Instance, "discovery": rf.Discovery})
			jwks = append(jwks, map[string]any{"instance": in.Instance, "jwks": rf.JWKS, "discoveryJwks": rf.DiscoveryJWKS})
			transcript = append(transcript, map[string]any{"instance": in.Instance, "probe": rf})
		}
	}
	add := func(name string, v any) error {
		b, err := marshalIndent(v)
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		files = append(files, bundleFile{name, b})
		return nil
	}
	if err := add("effective-settings.json", sf); err != nil {
		return nil, err
	}
	if transcript != nil {
		for _, x := range []struct {
			name string
			v    any
		}{{"discovery.json", discovery}, {"jwks.json", jwks}, {"probe-transcript.json", transcript}} {
			if err := add(x.name, x.v); err != nil {
				return nil, err
			}
		}
	}
	if rep.Logs != nil {
		if err := add("logs.json", rep.Logs); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// writeBundle writes the bundle's files into dir (0700 when created), each
// a new 0600 file; a symbolic link or anything but a regular file at one
// of the names stops the whole bundle before any file is written.
func writeBundle(a *app, dir string, files []bundleFile) error {
	if err := safeio.MkdirPrivate(dir); err != nil {
		return inputError("report: -o %s: %v", dir, cleanPathErr(err))
	}
	outs := make([]*safeio.File, 0, len(files))
	abort := func() {
		for _, f := range outs {
			f.Abort()
		}
	}
	for _, f := range files {
		out, err := safeio.Create(filepath.Join(dir, f.name))
		if err != nil {
			abort()
			return inputError("report: %v", cleanPathErr(err))
		}
		outs = append(outs, out)
	}
	for i, f := range files {
		if _, err := outs[i].Write(f.data); err != nil {
			abort()
			return inputError("report: %s: %v", f.name, cleanPathErr(err))
		}
	}
	for i, f := range files {
		if err := outs[i].Close(); err != nil {
			abort()
			return inputError("report: %s: %v", f.name, cleanPathErr(err))
		}
		fmt.Fprintf(a.stdout, "wrote %s\n", filepath.Join(dir, f.name))
	}
	return nil
}
