package rules

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
	"github.com/espo-oidc/espo-oidc/provider"
)

// Options are rule options, set in the config file.
type Options struct {
	ExpectedTenants       []string      // tenant IDs the instance may accept; empty: not checked
	AllowedUsernameClaims []string      // username claims the organisation allows; empty: any
	SecretExpiryWindow    time.Duration // warn when the newest secret expires within this window
	MaxSecretLifetime     time.Duration // warn when a secret lives longer than this
	UserNameMaxLength     int           // EspoCRM's User.userName maxLength
	// AssumeOIDC judges the oidc* settings as if authenticationMethod were
	// Oidc: a planned switch (lint --assume-oidc). Without it the rules that
	// describe an OIDC login apply only when OIDC is the method.
	AssumeOIDC bool
}

// DefaultOptions are the options without a config file.
func DefaultOptions() Options {
	return Options{
		SecretExpiryWindow: 30 * 24 * time.Hour,
		MaxSecretLifetime:  (2*365 + 1) * 24 * time.Hour,
		UserNameMaxLength:  50,
	}
}

// Input is everything the rules of one instance may look at, loaded once.
type Input struct {
	Instance string
	Settings *espo.Settings    // nil when no settings were given
	Manifest *entra.Manifest   // nil without --app-manifest
	Probe    *facts.Facts      // nil when no probe ran
	DB       *dbfacts.Snapshot // nil when no database was read (--db, --dsn)
	// DBMissing says why DB is nil when a database was asked for (it could
	// not be reached); the database rules are skipped with this reason.
	DBMissing string
	// Portal is set when Settings are a portal's (dbfacts.PortalSettings):
	// the rules about settings EspoCRM forces for portals do not run.
	Portal  *dbfacts.Portal
	Options Options
	Now     time.Time // the clock rules use (fixed in tests)
	// EspoVersion is --espocrm-version, for inputs without settings (a
	// probe alone); with settings, Settings.Version() already carries it.
	EspoVersion espo.Version

	detected *provider.Detection                     // computed once by Provider
	entraEPs map[string]entra.Endpoint               // computed once by entraEndpoints
	dbUsers  *dbfacts.UsernameCheck                  // computed once by usernameCheck
	urls     map[string]parsedURL                    // computed once per URL by parseURL
	oidc     struct{ done, configured, method bool } // computed once by oidcState
}

// oidcState is Settings.OIDCConfigured and OIDCIsMethod, once per input
// (most rules need OIDC and ask). Settings must not be nil.
func (in *Input) oidcState() (configured, method bool) {
	if !in.oidc.done {
		in.oidc.configured, in.oidc.method, in.oidc.done = in.Settings.OIDCConfigured(), in.Settings.OIDCIsMethod(), true
	}
	return in.oidc.configured, in.oidc.method
}

type parsedURL struct {
	u   *url.URL
	err error
}

// parseURL is url.Parse of raw (trimmed), once per input: the rules read
// the same few configured URLs many times. The URL is shared by every
// caller: read it, never change it.
func (in *Input) parseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if r, ok := in.urls[raw]; ok {
		return r.u, r.err
	}
	u, err := url.Parse(raw)
	if in.urls == nil {
		in.urls = make(map[string]parsedURL, 8)
	}
	in.urls[raw] = parsedURL{u, err}
	return u, err
}

// entraEndpoint is entra.ParseEndpoint through parseURL.
func (in *Input) entraEndpoint(raw string) (entra.Endpoint, bool) {
	u, err := in.parseURL(raw)
	if err != nil {
		return entra.Endpoint{}, false
	}
	return entra.EndpointOf(raw, u)
}

// EspoCRMVersion is the EspoCRM version an instance was judged as, for
// every output format.
type EspoCRMVersion struct {
	Version string   `json:"version"`
	From    string   `json:"from,omitempty"`    // the file it was read from, or --espocrm-version
	Assumed bool     `json:"assumed,omitempty"` // not in the inputs: the newest known version was assumed
	Notes   []string `json:"notes,omitempty"`
}

// String says the version and its origin: "9.3.4 (data/state.php)",
// "10.0.0 (assumed: ...)".
func (v EspoCRMVersion) String() string {
	if v.Assumed {
		return v.Version + " (assumed: the inputs do not say the instance's version; give --espocrm-version)"
	}
	return v.Version + " (" + v.From + ")"
}

func espoCRMVersion(iv espo.InstanceVersion) EspoCRMVersion {
	return EspoCRMVersion{Version: iv.Version.String(), From: iv.From, Assumed: iv.Assumed, Notes: iv.Notes}
}

// Version is the EspoCRM version the rules judge the instance as: from the
// settings (read from the files or given with --espocrm-version), else
// EspoVersion, else the newest known version, assumed.
func (in *Input) Version() espo.InstanceVersion {
	if in.Settings != nil {
		return in.Settings.Version()
	}
	if in.EspoVersion.Known() {
		return espo.InstanceVersion{Version: in.EspoVersion, From: "--espocrm-version"}
	}
	return espo.InstanceVersion{Version: espo.Newest, Assumed: true}
}

// Provider is the identity provider the settings point at, with its
// profile (computed once).
func (in *Input) Provider() provider.Detection {
	if in.detected == nil {
		d := provider.Detection{Kind: provider.Unknown}
		if in.Settings != nil {
			d = provider.Detect(endpointsOf(in.Settings.Typed()), "")
		}
		in.detected = &d
	}
	return *in.detected
}

// Finding is one problem a rule found. Location fields point at the place to
// edit; Fix says what to write there.
type Finding struct {
	Rule        string   `json:"rule" redact:"-"` // from the catalog: redaction passes it by
	Name        string   `json:"name" redact:"-"`
	Severity    Severity `json:"severity"`
	Message     string   `json:"message"`
	Key         string   `json:"key,omitempty"`
	File        string   `json:"file,omitempty"`
	Line        int      `json:"line,omitempty"`
	Column      int      `json:"column,omitempty"`
	Fix         string   `json:"fix,omitempty"`
	Instance    string   `json:"instance"`
	Fingerprint string   `json:"fingerprint"`
	Suppressed  string   `json:"suppressed,omitempty"` // the suppression's reason, when suppressed
}

// Where is the finding's place for people: file:line:col, or the database
// record (which has no line).
func (f Finding) Where() string {
	if f.Line == 0 {
		return f.File
	}
	return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
}

// Skip is a rule that did not run, and why.
type Skip struct {
	Rule   string `json:"rule" redact:"-"` // from the catalog: redaction passes it by
	Name   string `json:"name" redact:"-"`
	Reason string `json:"reason"`
	// NotApplicable is true when the rule does not apply (another identity
	// provider), false when an input it needs is missing.
	NotApplicable bool `json:"notApplicable,omitempty"`
	// Elsewhere: the rule is written for another EspoCRM version or another
	// provider (NotApplicable too); the JSON counts these under one entry.
	Elsewhere bool `json:"-"`
}

// Result is what the rules found for one instance.
type Result struct {
	Instance string         `json:"instance"`
	Provider string         `json:"provider"`
	EspoCRM  EspoCRMVersion `json:"espocrm"` // the EspoCRM version the rules judged the instance as
	Findings []Finding      `json:"findings"`
	Skipped  []Skip         `json:"skipped"`
	Ran      []string       `json:"ran" redact:"-"` // IDs of the rules that ran (from the catalog: redaction passes them by)
}

// Pass is what a rule's Check gets: the inputs and a way to report.
type Pass struct {
	*Input
	Rule     *Rule
	findings []Finding
}

// OIDC is the typed runtime view of the settings.
func (p *Pass) OIDC() *espo.OIDC { return p.Settings.Typed() }

// Version is the EspoCRM version the instance is judged as.
func (p *Pass) Version() espo.Version { return p.Input.Version().Version }

// Report records a finding. Empty Rule fields are filled from the rule; a
// finding without a file points at the instance.
func (p *Pass) Report(f Finding) {
	f.Rule, f.Name, f.Instance = p.Rule.ID, p.Rule.Name, p.Instance
	if f.Severity == SeverityNone {
		f.Severity = p.Rule.Severity
	}
	if f.File == "" {
		f.File = p.Instance
	}
	if strings.HasPrefix(f.File, dbfacts.RecordPrefix) {
		f.Line, f.Column = 0, 0 // a database record has no line
	} else {
		f.Line, f.Column = max(f.Line, 1), max(f.Column, 1)
	}
	p.findings = append(p.findings, f)
}

// ReportKey reports a finding about a setting, located where the setting is
// written or, when absent, where it belongs.
func (p *Pass) ReportKey(key, message, fix string) {
	p.ReportKeySeverity(key, SeverityNone, message, fix)
}

// ReportKeySeverity is ReportKey with a severity other than the rule's default.
func (p *Pass) ReportKeySeverity(key string, sev Severity, message, fix string) {
	p.ReportAt(Finding{Key: key, Message: message, Fix: fix, Severity: sev})
}

// ReportAt records f located where its setting f.Key is written or, when
// absent, where it belongs (a finding without a key points at the instance).
func (p *Pass) ReportAt(f Finding) {
	if p.Settings != nil && f.Key != "" {
		loc := p.Settings.Locate(f.Key)
		f.File, f.Line, f.Column = loc.File, loc.Line, loc.Column
	}
	p.Report(f)
}

// Run runs every rule of the catalog on one instance. The policy decides
// which rules run and at what severity, and marks suppressed findings.
func Run(in *Input, pol *Policy) *Result {
	if pol == nil {
		pol = &Policy{}
	}
	res := &Result{Instance: in.Instance, Provider: string(in.Provider().Kind), EspoCRM: espoCRMVersion(in.Version())}
	all := sortedCatalog()
	// First which rules run and why the others do not (into a scratch
	// list, so the result's lists are allocated at their size), then the
	// rules themselves: deciding reads the inputs only, so the order of the
	// two does not change a result.
	sc := runScratch.Get().(*scratch)
	defer runScratch.Put(sc)
	sc.skipped, sc.run = sc.skipped[:0], sc.run[:0]
	v := in.Version() // once: it is a struct, copied for each rule when asked in the loop
	for _, r := range all {
		if slices.Contains(r.Needs, needPolicy) {
			continue
		}
		if pol.Disabled(r) {
			sc.skipped = append(sc.skipped, Skip{Rule: r.ID, Name: r.Name, Reason: "disabled in the config file", NotApplicable: true})
			continue
		}
		if !r.Versions.Contains(v.Version) {
			sc.skipped = append(sc.skipped, Skip{Rule: r.ID, Name: r.Name, NotApplicable: true, Elsewhere: true,
				Reason: reasonFor(reasonKey{what: "version", rule: r.Versions, runs: v.Version}, func() string {
					return fmt.Sprintf("applies to EspoCRM %s; the instance runs %s", r.Versions, v.Version)
				})})
			continue
		}
		if reason, na, elsewhere := missing(in, r); reason != "" {
			sc.skipped = append(sc.skipped, Skip{Rule: r.ID, Name: r.Name, Reason: reason, NotApplicable: na || elsewhere, Elsewhere: elsewhere})
			continue
		}
		sc.run = append(sc.run, r)
	}
	if len(sc.skipped) > 0 {
		res.Skipped = slices.Clone(sc.skipped)
	}
	if len(sc.run) > 0 {
		res.Ran = make([]string, len(sc.run))
	}
	clear(sc.skipped) // the pool keeps no instance's reasons
	// one Pass serves every rule in turn (a rule's findings are copied
	// out before the next rule runs), so its findings' array is reused
	p := &Pass{Input: in, findings: sc.passed[:0]}
	found := sc.findings[:0] // the result's findings, copied out at their size
	for i, r := range sc.run {
		*p = Pass{Input: in, Rule: r, findings: p.findings[:0]}
		res.Ran[i] = r.ID
		if failed := check(p); failed != nil {
			found = append(found, *failed) // a tool error: no override, no suppression
			continue
		}
		for _, f := range p.findings {
			f.Severity = pol.SeverityFor(r, f.Severity)
			f.Fingerprint = fingerprint(f)
			f.Suppressed = pol.suppress(f, in.Now)
			found = append(found, f)
		}
	}
	if len(found) > 0 {
		res.Findings = slices.Clone(found)
	}
	clear(found)
	clear(p.findings[:cap(p.findings)])
	sc.findings, sc.passed = found[:0], p.findings[:0]
	clear(sc.run)
	SortFindings(res.Findings)
	return res
}

// check runs the rule's Check. A panic in it is espo-oidc's bug, not the
// instance's: the rule's findings are dropped and the one returned finding
// says that the rule failed, so the other rules and instances still run.
func check(p *Pass) (failed *Finding) {
	defer func() {
		if v := recover(); v != nil {
			p.findings = nil
			p.Report(Finding{Severity: Error,
				Message: fmt.Sprintf("internal error: rule %s %s failed on this instance (%v); its findings are missing. Please report this bug", p.Rule.ID, p.Rule.Name, v),
				Fix:     "report the bug at https://github.com/espo-oidc/espo-oidc/issues with the rule ID; meanwhile the rule can be disabled in .espo-oidc.yaml"})
			f := p.findings[0]
			f.Fingerprint = fingerprint(f)
			failed = &f
		}
	}()
	p.Rule.Check(p)
	return nil
}

// scratch is what one Run decides before it runs the rules; runScratch
// keeps them for the next Run.
type scratch struct {
	skipped  []Skip
	run      []*Rule
	findings []Finding
	passed   []Finding // the Pass's findings of one rule
}

var runScratch = sync.Pool{New: func() any { return new(scratch) }}

// missing says why r cannot run on in ("" when it can); na: it does not
// apply (no input would make it run); elsewhere: it is written for another
// provider.
func missing(in *Input, r *Rule) (reason string, na, elsewhere bool) {
	if in.Portal != nil {
		if reason := notForPortal(r); reason != "" {
			return reason, true, false
		}
	}
	for _, n := range r.Needs {
		switch n {
		case NeedSettings:
			if in.Settings == nil {
				return "no EspoCRM settings given", false, false
			}
		case NeedOIDC:
			if in.Settings == nil {
				return "no EspoCRM settings given", false, false
			}
			configured, method := in.oidcState()
			if !configured {
				return "OIDC is not configured (authenticationMethod is not Oidc and no oidc* setting has a value)", true, false
			}
			if !in.Options.AssumeOIDC && !method {
				return fmt.Sprintf("OIDC is not the login method (authenticationMethod is '%s'); --assume-oidc judges the oidc* settings as a planned switch", in.Settings.Typed().Method), true, false
			}
		case NeedSecret:
			if in.Settings == nil || !in.Settings.SecretKnown() {
				return "the client secret lives in data/config-internal.php, which was not among the inputs (a Settings API export never contains it)", false, false
			}
		case NeedManifest:
			if in.Manifest == nil {
				if got := in.Provider(); got.Kind != provider.Unknown && !got.Is(provider.Entra) {
					return reasonFor(reasonKey{what: "manifest", kind: string(got.Kind)}, func() string {
						return fmt.Sprintf("applies to entra (an app manifest is Entra's); this instance's provider is %s", got.Kind)
					}), true, true
				}
				return "no manifest (give the Entra app manifest with --app-manifest FILE)", false, false
			}
		case NeedProbe:
			if in.Probe == nil {
				return "no probe ran (run espo-oidc probe, or lint --probe)", false, false
			}
		case NeedDB, NeedDBPortals, NeedDBUsers, NeedDBTeams, NeedDBAuthLog:
			if reason := missingDB(in, n); reason != "" {
				return reason, false, false
			}
		case NeedIDToken:
			if in.Probe == nil || !in.Probe.HasIDToken() {
				return "the probe obtained no ID token (use --username or the authorization-code flow)", false, false
			}
		}
	}
	if r.Provider != "" {
		// With no endpoint configured yet, the provider is unknown: the
		// provider rules run (Entra is the common case) and those that need
		// an endpoint find nothing to check.
		if got := in.Provider(); got.Family() != r.Provider && got.Kind != provider.Unknown {
			return reasonFor(reasonKey{what: "provider", family: r.Provider, kind: string(got.Kind)}, func() string {
				return fmt.Sprintf("applies to %s; this instance's provider is %s", r.Provider, got.Kind)
			}), true, true
		}
	}
	return "", false, false
}

// reasonKey names one skip reason that depends only on catalogue values and
// the instance's version or provider, never on what an input says.
type reasonKey struct {
	what         string // "version", "manifest" or "provider"
	rule         espo.Range
	runs         espo.Version
	family, kind string // the rule's provider family, the instance's provider
}

// reasons keeps the skip reasons already written: a fleet's instances share
// them, and formatting each anew was a visible part of a fleet's run. The
// keys are bounded by the catalogue: rule version ranges × known versions,
// and pairs of provider kinds.
// An instance version is read from its state.php, so a fleet could name many:
// past maxReasons the reasons are written each time and not kept.
var (
	reasons     sync.Map // reasonKey → string
	reasonCount atomic.Int32
)

const maxReasons = 4096

func reasonFor(k reasonKey, write func() string) string {
	if v, ok := reasons.Load(k); ok {
		return v.(string)
	}
	text := write()
	if reasonCount.Load() < maxReasons {
		if _, loaded := reasons.LoadOrStore(k, text); !loaded {
			reasonCount.Add(1)
		}
	}
	return text
}

// NeedSecret: the inputs can tell whether the client secret is set.
const NeedSecret Need = "secret"

func fingerprint(f Finding) string {
	h := sha256.Sum256([]byte(strings.Join([]string{f.Rule, f.Instance, f.Key, f.Message}, "\x00")))
	return hex.EncodeToString(h[:8])
}

// SortFindings orders findings by instance, file, line, column, rule.
func SortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Instance, b.Instance), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column), cmp.Compare(a.Rule, b.Rule))
	})
}

// Counts tallies unsuppressed findings by severity.
type Counts struct {
	Error      int `json:"error"`
	Warning    int `json:"warning"`
	Info       int `json:"info"`
	Suppressed int `json:"suppressed"`
}

// Count tallies findings.
func Count(fs []Finding) Counts {
	var c Counts
	for _, f := range fs {
		switch {
		case f.Suppressed != "":
			c.Suppressed++
		case f.Severity == Error:
			c.Error++
		case f.Severity == Warning:
			c.Warning++
		default:
			c.Info++
		}
	}
	return c
}

// AtOrAbove reports whether any unsuppressed finding is at or above the
// threshold (SeverityNone: never).
func AtOrAbove(fs []Finding, threshold Severity) bool {
	if threshold == SeverityNone {
		return false
	}
	for _, f := range fs {
		if f.Suppressed == "" && f.Severity >= threshold {
			return true
		}
	}
	return false
}
