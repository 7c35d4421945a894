// Package report renders espo-oidc's results: text, JSON and (registered by
// their own files) SARIF, JUnit, GitHub annotations, Markdown and HTML. Every
// renderer takes the same Report; none of them ever prints a secret value.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/logs"
	"github.com/espo-oidc/espo-oidc/probe"
	"github.com/espo-oidc/espo-oidc/redact"
	"github.com/espo-oidc/espo-oidc/rules"
)

// SchemaVersion of the JSON output (docs/json-schema.md). Bump it on any
// incompatible change.
const SchemaVersion = 2

// Report is one run of espo-oidc over one or more instances.
type Report struct {
	Tool      string
	Version   string
	Generated time.Time
	Command   string // lint, probe, report
	Results   []*rules.Result
	Inputs    []*InstanceInput // what each instance was judged on, for support reports
	Errors    []ToolError      // inputs that could not be used; never findings
	// Hidden counts the findings --min-severity left out of the outputs;
	// HiddenFail is true when they alone reach the threshold (the exit code
	// still counts them).
	Hidden     int
	HiddenFail bool
	// Incomplete names the live checks that could not complete (network,
	// TLS, timeout), one self-describing line each ("probe incomplete:
	// INSTANCE: why", "INSTANCE: database …: could not connect …"): exit
	// code 3.
	Incomplete []string
	FailOn     rules.Severity         // SeverityNone: never fail
	Logs       *logs.Analysis         // EspoCRM log incidents, when logs were read (report --logs)
	AuthLog    *dbfacts.AuthLogReport // the auth log, when the database was read (report --db/--dsn)

	redacted bool        // redactOnce ran (guarded by redactMu)
	secrets  *redact.Set // the inputs' secrets, once redactOnce ran

	// Streamed counts the results that went to the renderers one by one
	// and are not in Results (run.Options.Stream); StreamedFail is true
	// when one of them reaches the threshold.
	Streamed     rules.Counts
	StreamedFail bool
}

// Stream counts a result that is handed to the renderers and not kept.
func (r *Report) Stream(res *rules.Result) {
	c := rules.Count(res.Findings)
	r.Streamed.Error += c.Error
	r.Streamed.Warning += c.Warning
	r.Streamed.Info += c.Info
	r.Streamed.Suppressed += c.Suppressed
	r.StreamedFail = r.StreamedFail || rules.AtOrAbove(res.Findings, r.FailOn)
}

// InstanceInput is what one instance's rules were given.
type InstanceInput struct {
	Instance  string
	Settings  *espo.Settings
	Manifest  *entra.Manifest
	Probe     *probe.Facts
	DB        *dbfacts.Snapshot // the database read (--db, --dsn), nil without
	DBMissing string            // why DB is nil although it was asked for
}

// ToolError is an input espo-oidc could not use (exit code 2).
type ToolError struct {
	Instance string `json:"instance"`
	Message  string `json:"message"`
}

// Findings returns all findings of the report in order.
func (r *Report) Findings() []rules.Finding {
	var out []rules.Finding
	for _, res := range r.Results {
		out = append(out, res.Findings...)
	}
	return out
}

// Status is the run's verdict in one word: "incomplete" when an input
// could not be used or a live check could not complete (never "passed":
// what was not judged cannot pass), "failed" when a finding is at or above
// the threshold, else "passed".
func (r *Report) Status() string {
	switch {
	case len(r.Errors) > 0 || len(r.Incomplete) > 0:
		return "incomplete"
	case r.Failed():
		return "failed"
	}
	return "passed"
}

// StatusLine is Status as the closing word of a text summary: "passed",
// "FAILED" or "INCOMPLETE".
func (r *Report) StatusLine() string {
	if s := r.Status(); s != "passed" {
		return strings.ToUpper(s)
	}
	return "passed"
}

// Failed reports whether a finding is at or above the threshold.
func (r *Report) Failed() bool {
	return r.HiddenFail || r.StreamedFail || rules.AtOrAbove(r.Findings(), r.FailOn)
}

// HideBelow removes the findings below min (unsuppressed ones count toward
// the threshold still: Hidden, HiddenFail). SeverityNone keeps everything.
func (r *Report) HideBelow(min rules.Severity) {
	for _, res := range r.Results {
		r.HideResultBelow(res, min)
	}
}

// HideResultBelow is HideBelow for one result.
func (r *Report) HideResultBelow(res *rules.Result, min rules.Severity) {
	if min == rules.SeverityNone {
		return
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if f.Severity >= min {
			kept = append(kept, f)
			continue
		}
		r.Hidden++
		if f.Suppressed == "" && r.FailOn != rules.SeverityNone && f.Severity >= r.FailOn {
			r.HiddenFail = true
		}
	}
	res.Findings = kept
}

// Options tune rendering.
type Options struct {
	Color bool // ANSI colour (text; only on a terminal, never with NO_COLOR)
	Quiet bool // findings only, no headers or summary
	// Width wraps prose (messages, fixes) and shrinks tables to this many
	// columns; 0 keeps whole lines (a pipe or a file: textwrap.Width).
	Width int
	// SkippedFull lists every skipped rule in JSON (--skipped full); by
	// default JSON counts them per reason.
	SkippedFull bool
}

// Renderer writes a report in one format.
type Renderer func(w io.Writer, r *Report, opts Options) error

var (
	mu        sync.Mutex
	renderers = map[string]Renderer{}
)

// Register adds a format. Format files call it from init.
func Register(format string, fn Renderer) {
	mu.Lock()
	defer mu.Unlock()
	renderers[format] = fn
}

// Formats lists the registered formats.
func Formats() []string {
	mu.Lock()
	defer mu.Unlock()
	var out []string
	for k := range renderers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Write renders r in the given format.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	mu.Lock()
	fn := renderers[format]
	mu.Unlock()
	if fn == nil {
		return fmt.Errorf("unknown output format %q (available: %s)", format, strings.Join(Formats(), ", "))
	}
	r.redactOnce() // one policy, whatever the format
	return fn(w, r, opts)
}

// espoVersions maps each instance to the EspoCRM version it was judged as,
// for the formats that carry it on every finding.
func (r *Report) espoVersions() map[string]string {
	m := map[string]string{}
	for _, res := range r.Results {
		m[res.Instance] = res.EspoCRM.Version
	}
	return m
}

// withVersion appends " (EspoCRM v)" to a title when v is known.
func withVersion(title, v string) string {
	if v == "" {
		return title
	}
	return title + " (EspoCRM " + v + ")"
}
