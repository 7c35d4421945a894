package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Policy is what the driver applies on top of the rules: rules enabled or
// disabled, severity overrides and suppressions. Rules know nothing of it.
// A Policy is safe for concurrent Runs.
type Policy struct {
	Disable      []string            // rule IDs or names
	Enable       []string            // rule IDs or names; when set, only these run
	Severities   map[string]Severity // rule ID or name → severity
	Suppressions []*Suppression

	mu   sync.Mutex
	used map[*Suppression]int
}

// Suppression silences matching findings with a reason. Suppressed findings
// stay in the output (marked) and do not count toward --fail-on.
type Suppression struct {
	Rule     string    // rule ID or name (required)
	Instance string    // instance path or glob; empty: any
	Key      string    // setting key; empty: any
	Reason   string    // required
	Expires  time.Time // zero: never
	Line     int       // where it is written in the config file, for reports
}

func ruleMatches(r *Rule, idOrName string) bool {
	if lr := Lookup(idOrName); lr != nil {
		return lr == r
	}
	return false
}

// Disabled reports whether the policy turns the rule off.
func (p *Policy) Disabled(r *Rule) bool {
	if p == nil {
		return false
	}
	if len(p.Enable) > 0 {
		on := false
		for _, e := range p.Enable {
			on = on || ruleMatches(r, e)
		}
		if !on {
			return true
		}
	}
	for _, d := range p.Disable {
		if ruleMatches(r, d) {
			return true
		}
	}
	return false
}

// SeverityFor applies an override to a finding's severity.
func (p *Policy) SeverityFor(r *Rule, sev Severity) Severity {
	if p == nil {
		return sev
	}
	for k, s := range p.Severities {
		if ruleMatches(r, k) {
			return s
		}
	}
	return sev
}

// suppress returns the reason of the first live suppression matching f.
func (p *Policy) suppress(f Finding, now time.Time) string {
	if p == nil {
		return ""
	}
	for _, s := range p.Suppressions {
		if !s.Expires.IsZero() && !now.Before(s.Expires) {
			continue
		}
		if r := Lookup(s.Rule); r == nil || r.ID != f.Rule {
			continue
		}
		if s.Key != "" && s.Key != f.Key {
			continue
		}
		if s.Instance != "" && s.Instance != f.Instance {
			if ok, _ := filepath.Match(s.Instance, f.Instance); !ok {
				continue
			}
		}
		p.mu.Lock()
		if p.used == nil {
			p.used = map[*Suppression]int{}
		}
		p.used[s]++
		p.mu.Unlock()
		return s.Reason
	}
	return ""
}

// Unused returns the suppressions that matched no finding so far, and the
// expired ones; both are worth reporting.
func (p *Policy) Unused(now time.Time) (unused, expired []*Suppression) {
	if p == nil {
		return nil, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.Suppressions {
		switch {
		case !s.Expires.IsZero() && !now.Before(s.Expires):
			expired = append(expired, s)
		case p.used[s] == 0:
			unused = append(unused, s)
		}
	}
	return unused, expired
}

// WithCommandLine is the policy with the command line's rule choice on top:
// --disable turns rules (IDs, names or whole sets) off, --enable turns rules
// the config file disabled back on, --only runs just the rules and sets it
// names. Unknown names are an error naming the choices.
func (p *Policy) WithCommandLine(enable, disable, only []string) (*Policy, error) {
	expand := func(flag string, names []string) ([]string, error) {
		var out []string
		for _, n := range names {
			for _, part := range strings.Split(n, ",") {
				part = strings.TrimSpace(part)
				if part == "" {
					continue
				}
				if set := Set(strings.ToLower(part)); slices.Contains(Sets, set) {
					for _, r := range All() {
						if r.Set == set {
							out = append(out, r.ID)
						}
					}
					continue
				}
				r := Lookup(part)
				if r == nil {
					return nil, fmt.Errorf("%s %q: no such rule or set (rules: espo-oidc rules; sets: %s)", flag, part, SetNames())
				}
				out = append(out, r.ID)
			}
		}
		return out, nil
	}
	en, err := expand("--enable", enable)
	if err != nil {
		return nil, err
	}
	dis, err := expand("--disable", disable)
	if err != nil {
		return nil, err
	}
	on, err := expand("--only", only)
	if err != nil {
		return nil, err
	}
	if len(en)+len(dis)+len(on) == 0 {
		return p, nil
	}
	np := &Policy{}
	if p != nil {
		np.Disable, np.Enable, np.Severities, np.Suppressions = slices.Clone(p.Disable), slices.Clone(p.Enable), p.Severities, p.Suppressions
	}
	np.Disable = slices.DeleteFunc(np.Disable, func(d string) bool {
		r := Lookup(d)
		return r != nil && slices.Contains(en, r.ID)
	})
	if len(np.Enable) > 0 {
		np.Enable = append(np.Enable, en...)
	}
	np.Disable = append(np.Disable, dis...)
	if len(on) > 0 {
		np.Enable = on
	}
	return np, nil
}
