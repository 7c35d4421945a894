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
	"github.com/espo-oidc/espo-oidc/rules"
)

// SchemaVersion of the JSON output (docs/json-schema.md). Bump it on any
// incompatible change.
const SchemaVersion = 1

// Report is one run of espo-oidc over one or more instances.
type Report struct {
	Tool      string
	Version   string
	Generated time.Time
	Command   string // lint, probe, report
	Results   []*rules.Result
	Inputs    []*InstanceInput       // what each instance was judged on, for support reports
	Errors    []ToolError            // inputs that could not be used; never findings
	FailOn    rules.Severity         // SeverityNone: never fail
	Logs      *logs.Analysis         // EspoCRM log incidents, when logs were read (report --logs)
	AuthLog   *dbfacts.AuthLogReport // the auth log, when the database was read (report --db/--dsn)
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

// Failed reports whether a finding is at or above the threshold.
func (r *Report) Failed() bool { return rules.AtOrAbove(r.Findings(), r.FailOn) }

// Options tune rendering.
type Options struct {
	Color bool // ANSI colour (text; only on a terminal, never with NO_COLOR)
	Quiet bool // findings only, no headers or summary
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
	return fn(w, r, opts)
}
