package report

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/lazyre"
	"github.com/espo-oidc/espo-oidc/lit"
	"github.com/espo-oidc/espo-oidc/redact"
	"github.com/espo-oidc/espo-oidc/rules"
)

// The support report (Markdown and HTML) is rendered from one view, built
// here, so both formats say the same things: the verdict first, then the
// findings with their fixes, the effective settings (secrets redacted), the
// Entra manifest summary, the probe timeline and claims, versions and time.

// RedactedSetting is one effective setting with every secret value replaced
// by its fingerprint (length and short SHA-256), nested values included.
type RedactedSetting struct {
	Key    string `json:"key"`
	Value  any    `json:"value"`
	Secret bool   `json:"secret,omitempty"` // the value (or part of it) was redacted
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Set    bool   `json:"set"` // false: absent, EspoCRM uses its fallback
}

const maxShownString = 300

var (
	identKeyRe = lazyre.New(`^[A-Za-z][A-Za-z0-9_]{0,39}$`)
	hexishRe   = lazyre.New(`[0-9a-fA-F]{16,}`)
)

// Redact returns a JSON-able copy of v in which every string under a secret
// key (and every string inside a secret array) is a fingerprint. Keys inside a
// secret array are kept only when they are plain identifiers (host, password),
// never when they could be credentials themselves (apiSecretKeys' API keys).
func Redact(key string, v *lit.Value) (any, bool) {
	return redactValue(v, espo.IsSecretKey(key), strings.EqualFold(key, "apiSecretKeys"), 0)
}

func redactValue(v *lit.Value, secret, secretKeys bool, depth int) (any, bool) {
	if v == nil {
		return nil, false
	}
	switch v.Kind {
	case lit.Null:
		return nil, false
	case lit.Bool:
		return v.Bool, false
	case lit.Int:
		if secret {
			return espo.Fingerprint(fmt.Sprint(v.Int)), true
		}
		return v.Int, false
	case lit.Float:
		if secret {
			return espo.Fingerprint(fmt.Sprint(v.Float)), true
		}
		return v.Float, false
	case lit.String:
		if secret {
			return espo.Fingerprint(v.Str), true
		}
		str := redact.String(v.Str) // URL userinfo, credential shapes
		if len(str) > maxShownString {
			return str[:maxShownString] + fmt.Sprintf("… (%d bytes)", len(v.Str)), str != v.Str
		}
		return str, str != v.Str
	}
	if depth > 32 {
		return "(nested too deep)", secret
	}
	hid := false
	if v.IsList() {
		out := []any{}
		for _, e := range v.Entries {
			x, s := redactValue(e.Value, secret, false, depth+1)
			hid = hid || s
			out = append(out, x)
		}
		return out, hid
	}
	out := map[string]any{}
	for i, e := range v.Entries {
		k := e.Key
		childSecret := secret || espo.IsSecretKey(k)
		if secret && (secretKeys || !identKeyRe().MatchString(k) || hexishRe().MatchString(k)) {
			k = fmt.Sprintf("(key %d: %s)", i+1, espo.Fingerprint(e.Key))
			childSecret = true
			hid = true
		}
		x, s := redactValue(e.Value, childSecret, false, depth+1)
		hid = hid || s
		out[k] = x
	}
	return out, hid
}

// RedactedSettings lists every effective setting of s, redacted, in the
// order they were read.
func RedactedSettings(s *espo.Settings) []RedactedSetting {
	if s == nil {
		return []RedactedSetting{}
	}
	out := []RedactedSetting{}
	for _, k := range s.Order {
		st := s.Get(k)
		if st == nil {
			continue
		}
		v, secret := Redact(k, st.Value)
		rs := RedactedSetting{Key: k, Value: v, Secret: secret || espo.IsSecretKey(k), Set: true}
		if st.Source != nil {
			rs.File, rs.Line = st.Source.Path, st.KeyPos.Line
		}
		out = append(out, rs)
	}
	return out
}

// shownSettings are the settings of the support report: every setting
// EspoCRM's login reads (absent ones too), other oidc*/auth* keys, and the
// secrets that are set (as fingerprints, so two reports can be compared).
func shownSettings(s *espo.Settings) (rows []RedactedSetting, others int) {
	all := RedactedSettings(s)
	byKey := map[string]RedactedSetting{}
	for _, r := range all {
		byKey[r.Key] = r
	}
	seen := map[string]bool{}
	for _, ki := range espo.Keys {
		seen[ki.Key] = true
		if r, ok := byKey[ki.Key]; ok {
			rows = append(rows, r)
		} else {
			rows = append(rows, RedactedSetting{Key: ki.Key, Set: false})
		}
	}
	for _, r := range all {
		if seen[r.Key] {
			continue
		}
		lk := strings.ToLower(r.Key)
		if strings.HasPrefix(lk, "oidc") || strings.HasPrefix(lk, "auth") || espo.IsSecretKey(r.Key) {
			rows = append(rows, r)
			continue
		}
		others++
	}
	return rows, others
}

// displayValue renders a redacted value on one line as the PHP literal it
// is in the config file, so the string 'false' never looks like the
// boolean false: strings in single quotes, true/false, NULL, lists as
// ['a', 'b'] and maps as ['k' => v]. A redacted secret is its fingerprint.
func displayValue(r RedactedSetting) string {
	if !r.Set {
		return "(not set)"
	}
	if s, ok := r.Value.(string); ok && r.Secret && strings.HasPrefix(s, "[redacted") {
		return s
	}
	var b strings.Builder
	phpLiteral(&b, r.Value, 0)
	return b.String()
}

var phpQuote = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

func phpLiteral(b *strings.Builder, v any, depth int) {
	if depth > 16 {
		b.WriteString("[…]")
		return
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("NULL")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case string:
		if strings.HasPrefix(x, "[redacted") {
			b.WriteString(x)
			return
		}
		b.WriteString("'" + phpQuote.Replace(x) + "'")
	case []any:
		b.WriteString("[")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			phpLiteral(b, e, depth+1)
		}
		b.WriteString("]")
	case map[string]any:
		b.WriteString("[")
		for i, k := range sortedKeys(x) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("'" + phpQuote.Replace(k) + "' => ")
			phpLiteral(b, x[k], depth+1)
		}
		b.WriteString("]")
	default:
		j, err := json.Marshal(x) // numbers
		if err != nil {
			b.WriteString("(unprintable)")
			return
		}
		b.Write(j)
	}
}

type findingView struct {
	Severity, Rule, Name, Message, Location, Key, Fix, Suppressed, HelpURI string
	Anchor                                                                 string // HTML id: instance, rule and a counter
}

type skipGroup struct {
	Reason string
	Rules  []string
}

type instanceView struct {
	Instance, Provider string
	Anchor             string // HTML id of the instance's section
	Counts             rules.Counts
	Findings           []findingView
	Skipped            []skipGroup
	Ran                int
	Settings           []settingRow
	OtherSettings      int
	HasSettings        bool
	EspoVersion        string // the EspoCRM version the instance was judged as, and where it came from
	Manifest           *manifestView
	Probe              *probeView
}

type settingRow struct {
	Key, Value, Source string
	Secret, Set        bool
}

type supportView struct {
	Tool, Version, Generated, Command string
	Failed                            bool
	Verdict, VerdictDetail            string
	Counts                            rules.Counts
	Errors                            []ToolError
	Instances                         []instanceView
	Top                               []findingView // the errors first: what to fix first
	Logs                              *logsView
	AuthLog                           string // the auth-log report as text (report --db/--dsn)
}

func severityLabel(f rules.Finding) string {
	if f.Suppressed != "" {
		return "suppressed"
	}
	return f.Severity.String()
}

func buildView(r *Report) *supportView {
	v := &supportView{Tool: "espo-oidc", Version: r.Version, Command: r.Command}
	if v.Version == "" {
		v.Version = "dev"
	}
	if !r.Generated.IsZero() {
		v.Generated = r.Generated.UTC().Format(time.RFC3339)
	}
	v.Errors = r.Errors
	idx := ruleIndex()
	anchors := anchorSet{}
	all := r.Findings()
	v.Counts = rules.Count(all)
	v.Failed = r.Failed()
	failOn := r.FailOn.String()
	if r.FailOn == rules.SeverityNone {
		failOn = "never"
	}
	switch {
	case len(r.Errors) > 0:
		v.Verdict = "INCOMPLETE"
		v.VerdictDetail = fmt.Sprintf("%d input(s) could not be used; the findings below cover only what could be read.", len(r.Errors))
	case v.Failed:
		v.Verdict = "FAILED"
		v.VerdictDetail = fmt.Sprintf("findings at or above the threshold (--fail-on %s) need fixing.", failOn)
	case v.Counts.Error+v.Counts.Warning+v.Counts.Info == 0:
		v.Verdict = "PASSED"
		v.VerdictDetail = "no unsuppressed findings."
	default:
		v.Verdict = "PASSED"
		v.VerdictDetail = fmt.Sprintf("nothing at or above the threshold (--fail-on %s); see the findings below.", failOn)
	}
	v.VerdictDetail += fmt.Sprintf(" %d error(s), %d warning(s), %d info, %d suppressed.", v.Counts.Error, v.Counts.Warning, v.Counts.Info, v.Counts.Suppressed)
	inputs := map[string]*InstanceInput{}
	for _, in := range r.Inputs {
		if in != nil {
			inputs[in.Instance] = in
		}
	}
	for _, res := range r.Results {
		iv := instanceView{Instance: res.Instance, Provider: res.Provider, Counts: rules.Count(res.Findings), Ran: len(res.Ran),
			Anchor: anchors.id("instance-" + res.Instance)}
		for _, f := range res.Findings {
			fv := findingView{Severity: severityLabel(f), Rule: f.Rule, Name: f.Name, Message: f.Message,
				Location: f.Where(), Key: f.Key, Fix: f.Fix, Suppressed: f.Suppressed}
			if rl := idx[f.Rule]; rl != nil {
				fv.HelpURI = rl.HelpURI()
			}
			fv.Anchor = anchors.id(iv.Anchor + "-" + f.Rule)
			iv.Findings = append(iv.Findings, fv)
			if f.Suppressed == "" && f.Severity == rules.Error {
				v.Top = append(v.Top, fv)
			}
		}
		groups := map[string]int{}
		for _, s := range res.Skipped {
			if s.NotApplicable {
				continue
			}
			i, ok := groups[s.Reason]
			if !ok {
				i = len(iv.Skipped)
				groups[s.Reason] = i
				iv.Skipped = append(iv.Skipped, skipGroup{Reason: s.Reason})
			}
			iv.Skipped[i].Rules = append(iv.Skipped[i].Rules, s.Rule)
		}
		iv.EspoVersion = res.EspoCRM.String()
		if in := inputs[res.Instance]; in != nil {
			if in.Settings != nil {
				iv.HasSettings = true
				rows, others := shownSettings(in.Settings)
				iv.OtherSettings = others
				for _, rw := range rows {
					src := ""
					if rw.File != "" {
						src = fmt.Sprintf("%s:%d", rw.File, rw.Line)
					}
					iv.Settings = append(iv.Settings, settingRow{Key: rw.Key, Value: displayValue(rw), Source: src, Secret: rw.Secret, Set: rw.Set})
				}
			}
			iv.Manifest = buildManifestView(in, r.Generated)
			iv.Probe = buildProbeView(in)
		}
		v.Instances = append(v.Instances, iv)
	}
	v.Logs = buildLogsView(r)
	// What the view shows of the inputs goes through the policy too: a
	// manifest's Secret ID (keyId) configured as the client secret is a
	// secret here, whatever it is in the manifest.
	r.redactOnce()
	redactMu.Lock()
	set := r.secrets
	redactMu.Unlock()
	if set == nil {
		set = Secrets(r)
	}
	for _, iv := range v.Instances {
		if iv.Manifest == nil {
			continue
		}
		for i := range iv.Manifest.Secrets {
			if k := &iv.Manifest.Secrets[i]; set.String(k.KeyID) != k.KeyID {
				k.State += "; it is what oidcClientSecret holds (the Secret ID, not the secret's Value)"
			}
		}
	}
	set.Walk(v)
	if r.AuthLog != nil {
		var b strings.Builder
		if err := r.AuthLog.WriteText(&b); err == nil {
			v.AuthLog = b.String()
		}
	}
	return v
}

// anchorSet hands out HTML ids: lower case, letters, digits and dashes only,
// unique within one report (a repeat gets -2, -3, ...).
type anchorSet map[string]int

func (a anchorSet) id(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	id := strings.TrimRight(b.String(), "-")
	a[id]++
	if n := a[id]; n > 1 {
		return fmt.Sprintf("%s-%d", id, n)
	}
	return id
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
