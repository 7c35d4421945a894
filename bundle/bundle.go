// Package bundle is the support bundle of espo-oidc report: the HTML,
// Markdown and JSON reports, the effective settings, and what the probe
// fetched and did, rendered in memory, checked for every secret value of the
// inputs (raw and encoded), and only then written. The guarantee is tested
// here without the CLI.
package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/report"
)

// File is one file of the support bundle.
type File struct {
	Name string
	Data []byte
}

// Write renders the bundle of rep, refuses it when any file would hold a
// secret value of an input, and writes it to dir (created if missing). It
// returns the paths written.
func Write(dir string, rep *report.Report) ([]string, error) {
	files, err := Files(rep)
	if err != nil {
		return nil, err
	}
	if err := Check(rep, files); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%s is a file; give a folder", dir)
	}
	// the folder 0700 when created, every file a new 0600 one; a symbolic
	// link (or anything but a regular file) at one of the names stops the
	// whole bundle before any file is written
	if err := safeio.MkdirPrivate(dir); err != nil {
		return nil, fmt.Errorf("%s: %v", dir, pathErr(err))
	}
	outs := make([]*safeio.File, 0, len(files))
	abort := func() {
		for _, o := range outs {
			o.Abort()
		}
	}
	for _, f := range files {
		o, err := safeio.Create(filepath.Join(dir, f.Name))
		if err != nil {
			abort()
			return nil, pathErr(err)
		}
		outs = append(outs, o)
	}
	for i, f := range files {
		if _, err := outs[i].Write(f.Data); err != nil {
			abort()
			return nil, fmt.Errorf("%s: %v", filepath.Join(dir, f.Name), pathErr(err))
		}
	}
	var written []string
	for i, f := range files {
		p := filepath.Join(dir, f.Name)
		if err := outs[i].Close(); err != nil {
			abort()
			return written, fmt.Errorf("%s: %v", p, pathErr(err))
		}
		written = append(written, p)
	}
	return written, nil
}

// Check is the leak guard: an error names the first file that would hold
// a secret value of an input (by the secret's fingerprint).
func Check(rep *report.Report, files []File) error {
	secrets := report.Secrets(rep) // the one policy: every form of every input secret
	for _, f := range files {
		if leak := secrets.Leak(f.Data); leak != "" {
			return fmt.Errorf("refusing to write the bundle: %s would contain a secret value (%s); this is a bug in espo-oidc, please report it", f.Name, leak)
		}
	}
	return nil
}

func pathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
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

// SettingsFile is effective-settings.json; SettingsInstance and SettingsSource are its parts.
type SettingsFile struct {
	SchemaVersion int                `json:"schemaVersion"`
	Instances     []SettingsInstance `json:"instances"`
}

type SettingsInstance struct {
	Instance string                   `json:"instance"`
	Sources  []SettingsSource         `json:"sources"`
	Settings []report.RedactedSetting `json:"settings"`
}

type SettingsSource struct {
	Path string `json:"path"`
	Role string `json:"role"`
}

// Files renders every file of the bundle in memory.
func Files(rep *report.Report) ([]File, error) {
	rep.Redact() // the parts marshalled below too
	var files []File
	for _, f := range []struct{ name, format string }{{"report.html", "html"}, {"report.md", "markdown"}, {"report.json", "json"}} {
		var b bytes.Buffer
		if err := report.Write(report.TextSafe(&b, f.format, false), f.format, rep, report.Options{}); err != nil {
			return nil, err
		}
		files = append(files, File{f.name, b.Bytes()})
	}
	sf := SettingsFile{SchemaVersion: 1, Instances: []SettingsInstance{}}
	var discovery, jwks, transcript []any
	for _, in := range rep.Inputs {
		if in == nil {
			continue
		}
		if in.Settings != nil {
			si := SettingsInstance{Instance: in.Instance, Sources: []SettingsSource{}, Settings: report.RedactedSettings(in.Settings)}
			for _, src := range in.Settings.Sources {
				si.Sources = append(si.Sources, SettingsSource{Path: src.Path, Role: string(src.Role)})
			}
			sf.Instances = append(sf.Instances, si)
		}
		if f := in.Probe; f != nil {
			rf := f // redacted by the probe, and again by rep.Redact
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
		files = append(files, File{name, b})
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
	if rep.AuthLog != nil {
		var b bytes.Buffer
		if err := rep.AuthLog.WriteText(&b); err != nil {
			return nil, err
		}
		files = append(files, File{"auth-log.txt", b.Bytes()})
		if err := add("auth-log.json", rep.AuthLog); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// AuthLog is the bundle's auth-log section (report --db/--dsn): the auth
// log of the first instance whose database was asked for, matched with the
// log incidents (rep.Logs); nil when no database was. Set it as
// rep.AuthLog before Files, so report.md and report.html show it too.
func AuthLog(rep *report.Report) *dbfacts.AuthLogReport {
	for _, in := range rep.Inputs {
		if in != nil && (in.DB != nil || in.DBMissing != "") {
			return dbfacts.NewAuthLogReport(in.DB, in.DBMissing, dbfacts.AuthLogDisabled(in.Settings), espodb.IncidentWindows(rep.Logs), time.Time{})
		}
	}
	return nil
}
