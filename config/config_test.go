package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/rules"
)

// Test rules of their own, so these tests do not depend on the catalog's
// contents (EO88xx is unused by the real catalog).
func init() {
	noop := func(*rules.Pass) {}
	rules.Register(
		&rules.Rule{ID: "EO8801", Name: "cfgtest-alpha", Set: "core", Severity: rules.Warning, Summary: "test rule",
			Check: func(p *rules.Pass) { p.Report(rules.Finding{Key: "oidcClientId", Message: "alpha"}) }},
		&rules.Rule{ID: "EO8802", Name: "cfgtest-beta", Set: "core", Severity: rules.Error, Summary: "test rule", Check: noop},
		&rules.Rule{ID: "EO8803", Name: "cfgtest-gamma", Set: "core", Severity: rules.Info, Summary: "test rule", Check: noop},
	)
}

func parse(t *testing.T, src string) (*Config, error) {
	t.Helper()
	return Parse("x/.espo-oidc.yaml", []byte(src))
}

func TestParseFull(t *testing.T) {
	cfg, err := parse(t, `
rules:
  disable: [cfgtest-alpha]
  severity:
    EO8802: warning
    cfgtest-gamma: off
options:
  expectedTenants: [72F988BF-86F1-41AF-91AB-2D7CD011DB47]
  allowedUsernameClaims: [preferred_username, upn]
  secretExpiryWarningDays: 14
  maxSecretLifetimeMonths: 24
  userNameMaxLength: 100
suppressions:
  - rule: cfgtest-beta
    instance: ./prod*
    key: oidcAllowAdminUser
    reason: break-glass admin, ticket 4711
    expires: 2026-12-31
  - rule: EO8801
    reason: accepted
`)
	if err != nil {
		t.Fatal(err)
	}
	pol := cfg.Policy
	if got := strings.Join(pol.Disable, ","); got != "EO8801,EO8803" {
		t.Errorf("Disable = %q", got)
	}
	if len(pol.Severities) != 1 || pol.Severities["EO8802"] != rules.Warning {
		t.Errorf("Severities = %v", pol.Severities)
	}
	o := cfg.Options
	if len(o.ExpectedTenants) != 1 || o.ExpectedTenants[0] != "72f988bf-86f1-41af-91ab-2d7cd011db47" {
		t.Errorf("ExpectedTenants = %v", o.ExpectedTenants)
	}
	if strings.Join(o.AllowedUsernameClaims, ",") != "preferred_username,upn" {
		t.Errorf("AllowedUsernameClaims = %v", o.AllowedUsernameClaims)
	}
	if o.SecretExpiryWindow != 14*24*time.Hour || o.MaxSecretLifetime != 731*24*time.Hour || o.UserNameMaxLength != 100 {
		t.Errorf("options = %+v", o)
	}
	if len(pol.Suppressions) != 2 {
		t.Fatalf("suppressions = %d", len(pol.Suppressions))
	}
	s := pol.Suppressions[0]
	want := time.Date(2026, 12, 31, 23, 59, 59, 999999999, time.UTC)
	if s.Rule != "EO8802" || s.Instance != "./prod*" || s.Key != "oidcAllowAdminUser" || s.Reason != "break-glass admin, ticket 4711" ||
		!s.Expires.Equal(want) || s.Line != 14 {
		t.Errorf("suppression = %+v", s)
	}
	if s2 := pol.Suppressions[1]; s2.Rule != "EO8801" || !s2.Expires.IsZero() || s2.Line != 19 {
		t.Errorf("suppression 2 = %+v", s2)
	}
}

func TestDefaultsKeptForUnsetOptions(t *testing.T) {
	cfg, err := parse(t, "options:\n  userNameMaxLength: 60\n")
	if err != nil {
		t.Fatal(err)
	}
	d := rules.DefaultOptions()
	if cfg.Options.SecretExpiryWindow != d.SecretExpiryWindow || cfg.Options.UserNameMaxLength != 60 {
		t.Errorf("options = %+v", cfg.Options)
	}
}

func TestAssumeOIDC(t *testing.T) {
	cfg, err := parse(t, "options:\n  assumeOidc: true\n")
	if err != nil || !cfg.Options.AssumeOIDC {
		t.Errorf("assumeOidc: true → %+v, %v", cfg.Options, err)
	}
	if cfg, _ := parse(t, ""); cfg.Options.AssumeOIDC {
		t.Error("assumeOidc defaults to true")
	}
}

func TestEmptyFileIsDefault(t *testing.T) {
	for _, src := range []string{"", "   \n", "# only a comment\n", "---\n"} {
		cfg, err := parse(t, src)
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if len(cfg.Policy.Suppressions) != 0 || cfg.Options.UserNameMaxLength != 50 {
			t.Errorf("%q: not default: %+v", src, cfg)
		}
	}
}

func TestErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown top key", "rules: {}\nsupressions: []\n", `x/.espo-oidc.yaml:2: unknown key "supressions" in the config file (known: rules, options, suppressions)`},
		{"unknown rules key", "rules:\n  disabled: [cfgtest-alpha]\n", `x/.espo-oidc.yaml:2: unknown key "disabled" in rules (known: disable, enable, severity)`},
		{"case typo", "options:\n  usernameMaxLength: 3\n", `x/.espo-oidc.yaml:2: unknown key "usernameMaxLength" in options; did you mean "userNameMaxLength"?`},
		{"unknown suppression key", "suppressions:\n  - rule: cfgtest-alpha\n    reason: ok\n    until: 2026-01-01\n", `x/.espo-oidc.yaml:4: unknown key "until" in a suppression (known: rule, instance, key, reason, expires)`},
		{"unknown rule", "rules:\n  disable:\n    - cfgtest-alpah\n", `x/.espo-oidc.yaml:3: rules.disable: unknown rule "cfgtest-alpah"; did you mean cfgtest-alpha? (list them with espo-oidc rules)`},
		{"bad severity", "rules:\n  severity:\n    cfgtest-alpha: critical\n", `x/.espo-oidc.yaml:3: rules.severity.cfgtest-alpha: "critical" is not a severity (want error, warning, info or off)`},
		{"missing reason", "suppressions:\n  - rule: cfgtest-alpha\n", `x/.espo-oidc.yaml:2: the suppression of EO8801 needs a reason: say why the finding is accepted, so the next reader knows`},
		{"missing rule", "suppressions:\n  - reason: because\n", `x/.espo-oidc.yaml:2: a suppression needs a rule (an ID such as EO1040 or a name such as admin-lockout)`},
		{"bad date", "suppressions:\n  - rule: cfgtest-alpha\n    reason: r\n    expires: next week\n", `x/.espo-oidc.yaml:4: suppression expires "next week" is not a date (write 2026-12-31 or an RFC 3339 time)`},
		{"bad tenant", "options:\n  expectedTenants:\n    - contoso.com\n", `x/.espo-oidc.yaml:3: options.expectedTenants: "contoso.com" is not a tenant ID (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47; find it in Entra admin center → Overview)`},
		{"bad bool", "options:\n  assumeOidc: maybe\n", `x/.espo-oidc.yaml:2: options.assumeOidc must be true or false, not "maybe"`},
		{"bad int", "options:\n  secretExpiryWarningDays: -1\n", `x/.espo-oidc.yaml:2: options.secretExpiryWarningDays must be a whole number from 0 to 3650, not "-1"`},
		{"list expected", "rules:\n  disable: cfgtest-alpha\n", `x/.espo-oidc.yaml:2: rules.disable must be a list, not "cfgtest-alpha"`},
		{"top not mapping", "- a\n- b\n", `x/.espo-oidc.yaml:1: the config file must be a mapping of key: value, not a list`},
		{"duplicate key", "rules: {}\nrules: {}\n", `x/.espo-oidc.yaml:2: the config file: key "rules" is given twice`},
		{"malformed yaml", "rules:\n  disable: [a, b\noptions: {}\n", `x/.espo-oidc.yaml:`},
		{"tab indentation", "rules:\n\tdisable: []\n", `x/.espo-oidc.yaml:2: not valid YAML: found character that cannot start any token`},
		{"binary", "\x00\x01", `x/.espo-oidc.yaml: binary data, not a YAML config file`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parse(t, c.src)
			if err == nil {
				t.Fatalf("no error")
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error type %T", err)
			}
			if c.name == "malformed yaml" {
				if !strings.HasPrefix(err.Error(), c.want) || ce.Line == 0 || !strings.Contains(err.Error(), "not valid YAML") {
					t.Fatalf("got %q, want a line number", err)
				}
				return
			}
			if err.Error() != c.want {
				t.Errorf("got  %q\nwant %q", err, c.want)
			}
		})
	}
}

func TestFindAndLoad(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got != "" && strings.HasPrefix(got, root) {
		t.Fatalf("found %q before writing one", got)
	}
	p := filepath.Join(root, "a", FileName)
	if err := os.WriteFile(p, []byte("rules:\n  disable: [cfgtest-alpha]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find(deep); got != p {
		t.Fatalf("Find = %q, want %q", got, p)
	}
	cfg, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Path != p || len(cfg.Policy.Disable) != 1 {
		t.Errorf("cfg = %+v", cfg)
	}
	_, err = Load(filepath.Join(root, "missing.yaml"))
	if err == nil || !strings.Contains(err.Error(), "missing.yaml: cannot read the config file: no such file or directory") {
		t.Errorf("missing file: %v", err)
	}
}

// Suppressions, overrides and the unused/expired report, end to end through
// the driver.
func TestPolicyEndToEnd(t *testing.T) {
	cfg, err := parse(t, `
rules:
  severity:
    cfgtest-alpha: error
suppressions:
  - rule: cfgtest-alpha
    instance: prod
    reason: accepted by security, ticket 12
  - rule: cfgtest-beta
    reason: never matches
  - rule: cfgtest-gamma
    reason: old acceptance
    expires: 2025-06-30
`)
	if err != nil {
		t.Fatal(err)
	}
	pol := cfg.Policy
	alpha, beta, gamma := rules.Lookup("cfgtest-alpha"), rules.Lookup("cfgtest-beta"), rules.Lookup("cfgtest-gamma")
	if pol.SeverityFor(alpha, rules.Warning) != rules.Error || pol.SeverityFor(beta, rules.Error) != rules.Error {
		t.Errorf("severity override not applied")
	}
	if pol.SeverityFor(gamma, rules.Info) != rules.Info {
		t.Errorf("gamma severity changed")
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Run the real driver with only the test rules enabled.
	pol.Enable = []string{"EO8801", "EO8802", "EO8803"}
	for _, inst := range []string{"prod", "staging"} {
		res := rules.Run(&rules.Input{Instance: inst, Now: now}, pol)
		if len(res.Findings) != 1 {
			t.Fatalf("%s: findings = %+v", inst, res.Findings)
		}
		f := res.Findings[0]
		wantSupp := ""
		if inst == "prod" {
			wantSupp = "accepted by security, ticket 12"
		}
		if f.Rule != "EO8801" || f.Severity != rules.Error || f.Suppressed != wantSupp {
			t.Errorf("%s: finding = %+v", inst, f)
		}
	}
	unused, expired := pol.Unused(now)
	if len(unused) != 1 || unused[0].Rule != "EO8802" || unused[0].Line != 9 {
		t.Errorf("unused = %+v", unused)
	}
	if len(expired) != 1 || expired[0].Rule != "EO8803" || expired[0].Line != 11 {
		t.Errorf("expired = %+v", expired)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("rules:\n  disable: [cfgtest-alpha]\n"))
	f.Add([]byte("suppressions:\n  - rule: EO8801\n    reason: r\n    expires: 2026-01-01\n"))
	f.Add([]byte("options: {expectedTenants: [x], userNameMaxLength: 9}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("rules: [\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, err := Parse("f.yaml", b)
		if err == nil && (cfg == nil || cfg.Policy == nil) {
			t.Fatal("nil config without error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

// The example in docs/ci.md is a valid config file.
func TestDocExample(t *testing.T) {
	b, err := os.ReadFile("../docs/ci.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "```yaml\nrules:")
	if i < 0 {
		t.Fatal("no config example in docs/ci.md")
	}
	src := doc[i+len("```yaml\n"):]
	src = src[:strings.Index(src, "```")]
	cfg, err := Parse("docs/ci.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Policy.Suppressions) != 1 || cfg.Options.SecretExpiryWindow != 30*24*time.Hour || len(cfg.Policy.Disable) != 2 {
		t.Errorf("cfg = %+v %+v", cfg.Policy, cfg.Options)
	}
}
