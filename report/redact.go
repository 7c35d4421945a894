package report

import (
	"sort"
	"strings"
	"sync"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/lit"
	"github.com/espo-oidc/espo-oidc/redact"
	"github.com/espo-oidc/espo-oidc/rules"
)

// Secrets is the redaction set of a report: the secret values of its inputs
// (whole, in every form: a configuration value can hold words the
// findings use)
// (strings under a secret key at any depth, apiSecretKeys' keys and values)
// and, through the policy, every credential shape. Every format renders
// through it, and the bundle is checked against it before it is written.
func Secrets(rep *Report) *redact.Set {
	return redact.NewWhole(InputSecrets(rep)...)
}

// InputSecrets collects the secret values of the inputs: strings whose own
// key is a secret one (oidcClientSecret, database.password, cryptKey), at
// any depth, and apiSecretKeys' keys and values. Values shorter than 8 bytes
// are left out: they would match ordinary words.
func InputSecrets(rep *Report) []string {
	seen := map[string]bool{}
	var walk func(key string, v *lit.Value, apiKeys bool, depth int)
	walk = func(key string, v *lit.Value, apiKeys bool, depth int) {
		if v == nil || depth > 64 {
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
				walk(e.Key, e.Value, isAPI, depth+1)
			}
		}
	}
	for _, in := range rep.Inputs {
		if in != nil && in.DB != nil {
			for _, pr := range in.DB.Providers { // the portals' client secrets (--db, --dsn)
				if v := pr.ClientSecret.Reveal(); len(v) >= 8 {
					seen[v] = true
				}
			}
		}
		if in == nil || in.Settings == nil {
			continue
		}
		for _, src := range in.Settings.Sources {
			if src.Root != nil {
				walk("", src.Root, false, 0)
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

// redactMu guards Report.redacted and Report.secrets. It is the package's,
// not the report's: the streams render shallow copies of a report.
var redactMu sync.Mutex

// RedactResult puts one instance's result (and its probe facts) through the
// policy with that instance's secrets: the streams call it before a result
// reaches any renderer, since a streamed report holds no inputs.
func RedactResult(res *rules.Result, in *InstanceInput) {
	rep := &Report{}
	if in != nil {
		rep.Inputs = []*InstanceInput{in}
	}
	set := Secrets(rep)
	set.Walk(res)
	if in != nil && in.Probe != nil {
		set.Walk(in.Probe)
	}
}

// Redact puts the report through the policy now (Write does it too): for
// callers that marshal its parts themselves (the bundle).
func (r *Report) Redact() { r.redactOnce() }

// redactOnce puts everything a renderer prints from the results through
// the policy (the findings' messages, fixes and keys, tool errors, log
// incidents): once per report, whatever the number of formats.
func (r *Report) redactOnce() {
	redactMu.Lock()
	defer redactMu.Unlock()
	if r.redacted {
		return
	}
	r.redacted = true
	set := Secrets(r)
	r.secrets = set
	for _, res := range r.Results {
		set.Walk(res)
	}
	set.Walk(&r.Errors)
	if r.Logs != nil {
		set.Walk(r.Logs)
	}
	for _, in := range r.Inputs {
		if in != nil && in.Probe != nil {
			set.Walk(in.Probe)
		}
	}
}
