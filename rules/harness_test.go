package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
)

// The test harness of the core, entra and probe rules: a fixture in, exact
// findings out. It builds an instance in memory from a clean base (the
// guide-following Entra setup) plus a few edits, and for probe rules the
// probe's facts, runs the whole catalog, and compares one rule's findings
// (key, file, line, severity) with what is expected. The expected lines are
// found by searching the generated file text, not by the parser, so
// positions are checked independently. (The entra-app rules, whose fixtures
// are manifests and JSON exports, have theirs in entraapp_test.go.)

const (
	cfgFile      = "data/config.php"
	intFile      = "data/config-internal.php"
	overrideFile = "data/config-override.php"
	tenant       = "72f988bf-86f1-41af-91ab-2d7cd011db47"
)

// baseSecret is the client secret of internalBase; no finding may carry it.
const baseSecret = "abc8Q~XyzWvU_tSr.QpOnMlKjIhGfEdCbA9876"

type kv struct{ k, v string }

func entraBase() []kv {
	base := "https://login.microsoftonline.com/" + tenant
	return []kv{
		{"siteUrl", "'https://crm.example.com'"},
		{"authenticationMethod", "'Oidc'"},
		{"auth2FA", "false"},
		{"oidcClientId", "'11111111-2222-3333-4444-555555555555'"},
		{"oidcAuthorizationEndpoint", "'" + base + "/oauth2/v2.0/authorize'"},
		{"oidcTokenEndpoint", "'" + base + "/oauth2/v2.0/token'"},
		{"oidcJwksEndpoint", "'" + base + "/discovery/v2.0/keys'"},
		{"oidcJwtSignatureAlgorithmList", "['RS256']"},
		{"oidcScopes", "['profile', 'email']"},
		{"oidcUsernameClaim", "'preferred_username'"},
		{"oidcCreateUser", "false"},
		{"oidcSync", "false"},
		{"oidcFallback", "true"},
		{"oidcAllowRegularUserFallback", "false"},
		{"oidcAllowAdminUser", "true"},
		{"oidcLogoutUrl", "'" + base + "/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}'"},
		{"oidcAuthorizationPrompt", "'login'"},
		{"oidcAuthorizationPkce", "true"},
	}
}

func internalBase() []kv {
	return []kv{
		{"logger", "['level' => 'DEBUG']"},
		{"oidcClientSecret", "'" + baseSecret + "'"},
	}
}

func keycloakBase() []kv {
	base := "https://sso.example.org/realms/staff/protocol/openid-connect"
	out := entraBase()
	for i := range out {
		switch out[i].k {
		case "oidcClientId":
			out[i].v = "'espocrm'"
		case "oidcAuthorizationEndpoint":
			out[i].v = "'" + base + "/auth'"
		case "oidcTokenEndpoint":
			out[i].v = "'" + base + "/token'"
		case "oidcJwksEndpoint":
			out[i].v = "'" + base + "/certs'"
		case "oidcLogoutUrl":
			out[i].v = "'" + base + "/logout?post_logout_redirect_uri={siteUrl}'"
		}
	}
	return out
}

// edit applies edits to entries: "key=value" sets (or appends), "-key" deletes.
func edit(entries []kv, edits []string) []kv {
	out := slices.Clone(entries)
	for _, e := range edits {
		if k, ok := strings.CutPrefix(e, "-"); ok {
			out = slices.DeleteFunc(out, func(x kv) bool { return x.k == k })
			continue
		}
		k, v, _ := strings.Cut(e, "=")
		i := slices.IndexFunc(out, func(x kv) bool { return x.k == k })
		if i >= 0 {
			out[i].v = v
		} else {
			out = append(out, kv{k, v})
		}
	}
	return out
}

func phpFile(entries []kv) string {
	var b strings.Builder
	b.WriteString("<?php\nreturn [\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "  '%s' => %s,\n", e.k, e.v)
	}
	b.WriteString("];\n")
	return b.String()
}

// lineOf finds the line of key in src, or the `return [` line for an absent key.
func lineOf(src, key string) int {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "'"+key+"' =>") {
			return i + 1
		}
	}
	return 2
}

type instanceSpec struct {
	base     []kv // nil: entraBase
	edits    []string
	internal []string // edits of internalBase; ["none"] for no config-internal.php
	override []string // entries of data/config-override.php (none: no such file)
	options  *Options
	now      time.Time
	probe    func() *facts.Facts // the live probe's facts; nil: no probe ran
}

type builtInstance struct {
	in       *Input
	cfg, int string
}

func build(t *testing.T, spec instanceSpec) builtInstance {
	t.Helper()
	base := spec.base
	if base == nil {
		base = entraBase()
	}
	cfg := phpFile(edit(base, spec.edits))
	files := []espo.File{{Name: cfgFile, Data: []byte(cfg)}}
	internal := ""
	if !(len(spec.internal) == 1 && spec.internal[0] == "none") {
		internal = phpFile(edit(internalBase(), spec.internal))
		files = append(files, espo.File{Name: intFile, Data: []byte(internal)})
	}
	if spec.override != nil {
		files = append(files, espo.File{Name: overrideFile, Data: []byte(phpFile(edit(nil, spec.override)))})
	}
	s, err := espo.FromFiles("inst", files...)
	if err != nil {
		t.Fatalf("building instance: %v\n%s", err, cfg)
	}
	opts := DefaultOptions()
	if spec.options != nil {
		opts = *spec.options
	}
	now := spec.now
	if now.IsZero() {
		now = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	}
	return builtInstance{in: &Input{Instance: "inst", Settings: s, Options: opts, Now: now}, cfg: cfg, int: internal}
}

// want is an expected finding: key, and the file it is in (cfgFile unless
// the key is one of config-internal.php's).
type want struct {
	key string
	sev Severity // SeverityNone: the rule's default
}

func present(src, key string) bool { return strings.Contains(src, "\n  '"+key+"' =>") }

// locate is where a finding about key must point: the later file that
// writes it, or for an absent key the file it belongs in, at `return [`.
func (b builtInstance) locate(key string) string {
	switch {
	case b.int != "" && present(b.int, key):
		return fmt.Sprintf("%s:%d", intFile, lineOf(b.int, key))
	case present(b.cfg, key):
		return fmt.Sprintf("%s:%d", cfgFile, lineOf(b.cfg, key))
	case espo.Key(key) != nil && espo.Key(key).Internal && b.int != "":
		return intFile + ":2"
	}
	return cfgFile + ":2"
}

// expectRule runs the catalog and checks rule's findings exactly.
func expectRule(t *testing.T, ruleName string, spec instanceSpec, wants ...want) {
	t.Helper()
	r := Lookup(ruleName)
	if r == nil {
		t.Fatalf("no rule %q", ruleName)
	}
	b := build(t, spec)
	if spec.probe != nil {
		b.in.Probe = spec.probe()
	}
	var got []string
	for _, f := range findingsOf(t, b.in, baseSecret, func(x *Rule) bool { return x == r }) {
		loc := fmt.Sprintf("%s:%d", f.File, f.Line)
		if f.Key == "" {
			loc = "-" // a finding about no setting: where it points is not checked
		}
		got = append(got, fmt.Sprintf("%s@%s %s", f.Key, loc, f.Severity))
	}
	var exp []string
	for _, w := range wants {
		sev := w.sev
		if sev == SeverityNone {
			sev = r.Severity
		}
		loc := "-"
		if w.key != "" {
			loc = b.locate(w.key)
		}
		exp = append(exp, fmt.Sprintf("%s@%s %s", w.key, loc, sev))
	}
	slices.Sort(got)
	slices.Sort(exp)
	if strings.Join(got, "\n") != strings.Join(exp, "\n") {
		t.Errorf("%s %s:\n got: %q\nwant: %q\nconfig.php:\n%s", r.ID, ruleName, got, exp, b.cfg)
	}
}

// findingsOf is the one harness's run: the whole catalog on in, and the
// findings of the rules keep selects, in report order. Every finding must be
// complete (rule name, instance, message, fix, file, line, column) and must
// not carry secret.
func findingsOf(t *testing.T, in *Input, secret string, keep func(*Rule) bool) []Finding {
	t.Helper()
	var out []Finding
	for _, f := range Run(in, nil).Findings {
		r := Lookup(f.Rule)
		if r == nil || !keep(r) {
			continue
		}
		if f.Name != r.Name || f.Instance != in.Instance || f.Message == "" || f.Fix == "" || f.File == "" || (!strings.HasPrefix(f.File, dbfacts.RecordPrefix) && (f.Line < 1 || f.Column < 1)) {
			t.Errorf("%s %s: incomplete finding %+v", r.ID, r.Name, f)
		}
		if secret != "" && strings.Contains(f.Message+f.Fix, secret) {
			t.Errorf("%s %s: finding carries the client secret", r.ID, r.Name)
		}
		out = append(out, f)
	}
	return out
}
