package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/lit"
	"github.com/espo-oidc/espo-oidc/logs"
	"github.com/espo-oidc/espo-oidc/probe"
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
	addDBFlags(cmd, &o.lint.DB)
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

	rep.AuthLog = bundleAuthLog(rep)
	files, err := bundleFiles(rep)
	if err != nil {
		return &exitError{code: exitUsage, err: fmt.Errorf("report: %v", err)}
	}
	// The guarantee: no file of the bundle holds a secret value of an input.
	secrets := inputSecrets(rep)
	for _, f := range files {
		if leak := findSecret(f.data, secrets); leak != "" {
			return &exitError{code: exitUsage, err: fmt.Errorf("report: refusing to write the bundle: %s would contain a secret value (%s); this is a bug in espo-oidc, please report it", f.name, leak)}
		}
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return inputError("report: -o %s: %v", o.OutDir, cleanPathErr(err))
	}
	for _, f := range files {
		p := filepath.Join(o.OutDir, f.name)
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			return inputError("report: %v", cleanPathErr(err))
		}
		fmt.Fprintf(a.stdout, "wrote %s\n", p)
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
			rf := redactFacts(f)
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
	if rep.AuthLog != nil {
		var b bytes.Buffer
		if err := rep.AuthLog.WriteText(&b); err != nil {
			return nil, err
		}
		files = append(files, bundleFile{"auth-log.txt", b.Bytes()})
		if err := add("auth-log.json", rep.AuthLog); err != nil {
			return nil, err
		}
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

// oneTimeClaims are ID token claims that are one-time values or hashes of
// tokens and codes: the transcript keeps only their fingerprints.
var oneTimeClaims = map[string]bool{"nonce": true, "at_hash": true, "c_hash": true, "aio": true, "rh": true, "uti": true, "sid": true}

// redactFacts copies the probe's facts with one-time claims fingerprinted
// (the probe already keeps tokens, codes and the secret out of them).
func redactFacts(f *probe.Facts) *probe.Facts {
	c := *f
	c.IDToken = redactClaims(f.IDToken)
	if f.UserInfo != nil {
		ui := *f.UserInfo
		ui.Claims = redactClaims(f.UserInfo.Claims)
		c.UserInfo = &ui
	}
	return &c
}

func redactClaims(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if oneTimeClaims[k] || espo.IsSecretKey(k) {
			out[k] = espo.Fingerprint(fmt.Sprint(v))
			continue
		}
		out[k] = v
	}
	return out
}

// inputSecrets collects the secret values of the inputs: strings whose own
// key is a secret one (oidcClientSecret, database.password, cryptKey), at any
// depth, and apiSecretKeys' keys and values. Values shorter than 8 bytes are
// left out: they would match ordinary words.
func inputSecrets(rep *report.Report) []string {
	seen := map[string]bool{}
	var walk func(key string, v *lit.Value, apiKeys bool)
	walk = func(key string, v *lit.Value, apiKeys bool) {
		if v == nil {
			return
		}
		switch v.Kind {
		case lit.String:
			if (apiKeys || espo.IsSecretKey(key)) && len(v.Str) >= 8 {
				seen[v.Str] = true
			}
		case lit.Array:
			isAPI := strings.EqualFold(key, "apiSecretKeys")
			for _, e := range v.Entries {
				if isAPI && len(e.Key) >= 8 {
					seen[e.Key] = true
				}
				walk(e.Key, e.Value, isAPI)
			}
		}
	}
	for _, in := range rep.Inputs {
		if in == nil || in.Settings == nil {
			continue
		}
		for _, src := range in.Settings.Sources {
			if src.Root != nil {
				walk("", src.Root, false)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// findSecret names the first secret found in b, raw or encoded, as its
// fingerprint ("" when none).
func findSecret(b []byte, secrets []string) string {
	for _, s := range secrets {
		for _, enc := range secretForms(s) {
			if bytes.Contains(b, []byte(enc)) {
				return espo.Fingerprint(s)
			}
		}
	}
	return ""
}

// secretForms are the ways a secret could leak: as is, base64 (standard and
// URL alphabets, padded or not), URL-encoded and JSON-escaped.
func secretForms(s string) []string {
	forms := []string{s,
		base64.StdEncoding.EncodeToString([]byte(s)), base64.URLEncoding.EncodeToString([]byte(s)),
		base64.RawStdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s)),
		url.QueryEscape(s), url.PathEscape(s)}
	if j, err := json.Marshal(s); err == nil {
		forms = append(forms, strings.Trim(string(j), `"`))
	}
	return forms
}
