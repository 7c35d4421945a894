// Package config loads espo-oidc's config file, .espo-oidc.yaml: rules
// enabled or disabled, severity overrides, rule options and suppressions.
//
//	rules:
//	  disable: [entra-username-email]      # rule IDs or names
//	  enable: []                           # when set, only these rules run
//	  severity:                            # error | warning | info | off
//	    pkce-off: error
//	options:
//	  expectedTenants: [11111111-2222-3333-4444-555555555555]
//	  allowedUsernameClaims: [preferred_username, upn]
//	  secretExpiryWarningDays: 30
//	  maxSecretLifetimeMonths: 24
//	  userNameMaxLength: 50
//	suppressions:
//	  - rule: admin-lockout                # required
//	    instance: ./prod                   # optional (path or glob)
//	    key: oidcAllowAdminUser            # optional
//	    reason: break-glass admin, ticket 4711   # required
//	    expires: 2026-12-31                # optional; valid through that day (UTC)
//
// Every error names the file and the line. Unknown keys are errors: a typo in
// a suppression must not silently suppress nothing.
package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/internal/lazyre"
	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/rules"
)

// FileName is the config file searched for.
const FileName = ".espo-oidc.yaml"

// MaxSize bounds the config file; a real one is a few hundred bytes.
const MaxSize = 1 << 20

// Config is a loaded config file.
type Config struct {
	Path    string // "" when no file was found
	Policy  *rules.Policy
	Options rules.Options
}

// Default is the configuration without a file.
func Default() *Config {
	return &Config{Policy: &rules.Policy{}, Options: rules.DefaultOptions()}
}

// Error is a problem in the config file, at a line when there is one.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Find looks for .espo-oidc.yaml in dir and its parents; "" when none.
func Find(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(abs, FileName)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}

// Load reads a config file. Errors name the file and line.
func Load(path string) (*Config, error) {
	f, err := safeio.Open(path) // a FIFO, socket or device is refused, not waited on
	if err != nil {
		var nr *safeio.NotRegularError
		if errors.As(err, &nr) {
			return nil, &Error{Path: path, Msg: nr.Kind + ", not a regular file; a config file is a YAML file"}
		}
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{Path: path, Msg: "cannot read the config file: " + err.Error()}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, &Error{Path: path, Msg: "cannot read the config file: " + err.Error()}
	}
	if len(b) > MaxSize {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("larger than %d KiB; a config file is a few hundred bytes: is this the right file?", MaxSize>>10)}
	}
	return Parse(path, b)
}

var yamlLineRe = lazyre.New(`line ([0-9]+): (.*)`)

// Parse reads a config file's content; path names it in errors.
func Parse(path string, b []byte) (cfg *Config, err error) {
	defer func() {
		if r := recover(); r != nil { // the YAML library on hostile input
			cfg, err = nil, &Error{Path: path, Msg: fmt.Sprintf("not valid YAML (%v)", r)}
		}
	}()
	cfg = Default()
	cfg.Path = path
	if strings.TrimSpace(string(b)) == "" {
		return cfg, nil
	}
	if strings.IndexByte(string(b), 0) >= 0 {
		return nil, &Error{Path: path, Msg: "binary data, not a YAML config file"}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRe().FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &Error{Path: path, Line: line, Msg: "not valid YAML: " + m[2]}
		}
		return nil, &Error{Path: path, Msg: "not valid YAML: " + msg}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return cfg, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return cfg, nil
	}
	p := &parser{path: path, cfg: cfg}
	if err := p.top(root); err != nil {
		return nil, err
	}
	return cfg, nil
}

type parser struct {
	path string
	cfg  *Config
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &Error{Path: p.path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// mapping walks a mapping node, calling fn for each key; unknown keys and
// duplicates are errors.
func (p *parser) mapping(n *yaml.Node, where string, known []string, fn func(key string, k, v *yaml.Node) error) error {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "%s must be a mapping of key: value, not %s", where, describe(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		if k.Kind != yaml.ScalarNode {
			return p.errf(k, "%s: keys must be plain words", where)
		}
		ok := false
		for _, kk := range known {
			ok = ok || kk == k.Value
		}
		if !ok {
			msg := fmt.Sprintf("unknown key %q in %s (known: %s)", k.Value, where, strings.Join(known, ", "))
			for _, kk := range known {
				if strings.EqualFold(kk, k.Value) {
					msg = fmt.Sprintf("unknown key %q in %s; did you mean %q?", k.Value, where, kk)
				}
			}
			return p.errf(k, "%s", msg)
		}
		if seen[k.Value] {
			return p.errf(k, "%s: key %q is given twice", where, k.Value)
		}
		seen[k.Value] = true
		if err := fn(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "this"
}

func (p *parser) top(n *yaml.Node) error {
	return p.mapping(n, "the config file", []string{"rules", "options", "suppressions"}, func(key string, _, v *yaml.Node) error {
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return nil
		}
		switch key {
		case "rules":
			return p.rules(v)
		case "options":
			return p.options(v)
		default:
			return p.suppressions(v)
		}
	})
}

func (p *parser) scalar(n *yaml.Node, where string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errf(n, "%s must be a single value, not %s", where, describe(n))
	}
	return n.Value, nil
}

func (p *parser) list(n *yaml.Node, where string) ([]*yaml.Node, error) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "%s must be a list, not %s", where, describe(n))
	}
	var out []*yaml.Node
	for _, c := range n.Content {
		out = append(out, deref(c))
	}
	return out, nil
}

func (p *parser) stringList(n *yaml.Node, where string) ([]string, error) {
	items, err := p.list(n, where)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		s, err := p.scalar(it, where+" entry")
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(s) == "" {
			return nil, p.errf(it, "%s: empty entry", where)
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out, nil
}

// rule resolves a rule ID or name written at n to its canonical ID.
func (p *parser) rule(n *yaml.Node, s, where string) (string, error) {
	r := rules.Lookup(s)
	if r == nil {
		msg := fmt.Sprintf("%s: unknown rule %q", where, s)
		if hint := suggestRule(s); hint != "" {
			msg += fmt.Sprintf("; did you mean %s?", hint)
		}
		return "", p.errf(n, "%s (list them with espo-oidc rules)", msg)
	}
	return r.ID, nil
}

// suggestRule names the catalog rule closest to s, or "".
func suggestRule(s string) string {
	s = strings.ToLower(s)
	best, bestD := "", 4
	for _, r := range rules.All() {
		if d := distance(s, r.Name); d < bestD {
			best, bestD = r.Name, d
		}
	}
	return best
}

// distance is the Levenshtein distance of two short strings.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (p *parser) ruleList(n *yaml.Node, where string) ([]string, error) {
	items, err := p.list(n, where)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range items {
		s, err := p.scalar(it, where+" entry")
		if err != nil {
			return nil, err
		}
		id, err := p.rule(it, s, where)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

func (p *parser) rules(n *yaml.Node) error {
	pol := p.cfg.Policy
	return p.mapping(n, "rules", []string{"disable", "enable", "severity"}, func(key string, _, v *yaml.Node) error {
		switch key {
		case "disable":
			ids, err := p.ruleList(v, "rules.disable")
			pol.Disable = append(pol.Disable, ids...)
			return err
		case "enable":
			ids, err := p.ruleList(v, "rules.enable")
			pol.Enable = append(pol.Enable, ids...)
			return err
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			return nil
		}
		return p.severities(v)
	})
}

func (p *parser) options(n *yaml.Node) error {
	o := &p.cfg.Options
	known := []string{"expectedTenants", "allowedUsernameClaims", "secretExpiryWarningDays", "maxSecretLifetimeMonths", "userNameMaxLength", "assumeOidc"}
	return p.mapping(n, "options", known, func(key string, _, v *yaml.Node) error {
		var err error
		switch key {
		case "expectedTenants":
			var ts []string
			if ts, err = p.stringList(v, "options.expectedTenants"); err != nil {
				return err
			}
			items, _ := p.list(v, "")
			for i, t := range ts {
				if !entra.IsGUID(t) {
					return p.errf(items[i], "options.expectedTenants: %q is not a tenant ID (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47; find it in Entra admin center → Overview)", t)
				}
				ts[i] = strings.ToLower(t)
			}
			o.ExpectedTenants = ts
		case "allowedUsernameClaims":
			o.AllowedUsernameClaims, err = p.stringList(v, "options.allowedUsernameClaims")
		case "secretExpiryWarningDays":
			var d int
			if d, err = p.intIn(v, "options.secretExpiryWarningDays", 0, 3650); err == nil {
				o.SecretExpiryWindow = time.Duration(d) * 24 * time.Hour
			}
		case "maxSecretLifetimeMonths":
			var m int
			if m, err = p.intIn(v, "options.maxSecretLifetimeMonths", 1, 1200); err == nil {
				days := (float64(m)*365.25/12 + 0.5)
				o.MaxSecretLifetime = time.Duration(int(days)) * 24 * time.Hour
			}
		case "userNameMaxLength":
			o.UserNameMaxLength, err = p.intIn(v, "options.userNameMaxLength", 1, 255)
		case "assumeOidc":
			o.AssumeOIDC, err = p.boolean(v, "options.assumeOidc")
		}
		return err
	})
}

func (p *parser) boolean(n *yaml.Node, where string) (bool, error) {
	s, err := p.scalar(n, where)
	if err != nil {
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on":
		return true, nil
	case "false", "no", "off":
		return false, nil
	}
	return false, p.errf(n, "%s must be true or false, not %q", where, s)
}

func (p *parser) intIn(n *yaml.Node, where string, lo, hi int) (int, error) {
	s, err := p.scalar(n, where)
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < lo || v > hi {
		return 0, p.errf(n, "%s must be a whole number from %d to %d, not %q", where, lo, hi, s)
	}
	return v, nil
}

func (p *parser) suppressions(n *yaml.Node) error {
	items, err := p.list(n, "suppressions")
	if err != nil {
		return err
	}
	known := []string{"rule", "instance", "key", "reason", "expires"}
	for _, it := range items {
		s := &rules.Suppression{Line: it.Line}
		var ruleNode *yaml.Node
		err := p.mapping(it, "a suppression", known, func(key string, k, v *yaml.Node) error {
			val, err := p.scalar(v, "suppression "+key)
			if err != nil {
				return err
			}
			val = strings.TrimSpace(val)
			switch key {
			case "rule":
				ruleNode = v
				id, err := p.rule(v, val, "suppression rule")
				s.Rule = id
				return err
			case "instance":
				if _, err := filepath.Match(val, ""); err != nil {
					return p.errf(v, "suppression instance %q is not a valid pattern: %v", val, err)
				}
				s.Instance = val
			case "key":
				s.Key = val
			case "reason":
				s.Reason = val
			case "expires":
				t, err := parseDate(val)
				if err != nil {
					return p.errf(v, "suppression expires %q is not a date (write 2026-12-31 or an RFC 3339 time)", val)
				}
				s.Expires = t
			}
			return nil
		})
		if err != nil {
			return err
		}
		if ruleNode == nil {
			return p.errf(it, "a suppression needs a rule (an ID such as EO1040 or a name such as admin-lockout)")
		}
		if s.Reason == "" {
			return p.errf(it, "the suppression of %s needs a reason: say why the finding is accepted, so the next reader knows", s.Rule)
		}
		p.cfg.Policy.Suppressions = append(p.cfg.Policy.Suppressions, s)
	}
	return nil
}

// parseDate reads an expiry: a date is valid through that day (UTC; the
// suppression expires at its last instant, so messages print the date as
// written), a time until that instant.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Nanosecond), nil
	}
	return time.Parse(time.RFC3339, s)
}

// severities reads rules.severity: rule → error|warning|info|off.
func (p *parser) severities(n *yaml.Node) error {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "rules.severity must be a mapping of rule: severity, not %s", describe(n))
	}
	pol := p.cfg.Policy
	if pol.Severities == nil {
		pol.Severities = map[string]rules.Severity{}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		name, err := p.scalar(k, "rules.severity key")
		if err != nil {
			return err
		}
		id, err := p.rule(k, name, "rules.severity")
		if err != nil {
			return err
		}
		if _, dup := pol.Severities[id]; dup {
			return p.errf(k, "rules.severity: %s is given twice", name)
		}
		val, err := p.scalar(v, "rules.severity."+name)
		if err != nil {
			return err
		}
		if strings.EqualFold(strings.TrimSpace(val), "off") || (v.Tag == "!!bool" && !truthy(val)) {
			pol.Disable = append(pol.Disable, id)
			continue
		}
		sev, err := rules.ParseSeverity(val)
		if err != nil {
			return p.errf(v, "rules.severity.%s: %q is not a severity (want error, warning, info or off)", name, val)
		}
		pol.Severities[id] = sev
	}
	return nil
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "y":
		return true
	}
	return false
}

// Describe lists the config's effect in a stable order, for reports.
func (c *Config) Describe() []string {
	if c == nil || c.Policy == nil {
		return nil
	}
	var out []string
	pol := c.Policy
	if len(pol.Enable) > 0 {
		out = append(out, "only these rules run: "+strings.Join(pol.Enable, ", "))
	}
	if len(pol.Disable) > 0 {
		out = append(out, "disabled: "+strings.Join(pol.Disable, ", "))
	}
	var ks []string
	for k := range pol.Severities {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		out = append(out, fmt.Sprintf("severity of %s: %s", k, pol.Severities[k]))
	}
	for _, s := range pol.Suppressions {
		out = append(out, fmt.Sprintf("suppression of %s (line %d): %s", s.Rule, s.Line, s.Reason))
	}
	return out
}
