// Package bundle is the support bundle of espo-oidc report: the HTML,
// Markdown and JSON reports, the effective settings, and what the probe
// fetched and did, rendered in memory, checked for every secret value of the
// inputs (raw and encoded), and only then written. The guarantee is tested
// here without the CLI.
package bundle

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/lit"
	"github.com/espo-oidc/espo-oidc/probe"
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
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%s: %v", dir, pathErr(err))
	}
	var written []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return written, fmt.Errorf("%s: %v", p, pathErr(err))
		}
		written = append(written, p)
	}
	return written, nil
}

// Check is the leak guard: an error names the first file that would hold
// a secret value of an input (by the secret's fingerprint).
func Check(rep *report.Report, files []File) error {
	secrets := inputSecrets(rep)
	for _, f := range files {
		if leak := findSecret(f.Data, secrets); leak != "" {
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
	var files []File
	for _, f := range []struct{ name, format string }{{"report.html", "html"}, {"report.md", "markdown"}, {"report.json", "json"}} {
		var b bytes.Buffer
		if err := report.Write(&b, f.format, rep, report.Options{}); err != nil {
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
