// Package run is espo-oidc's one pipeline: lint, probe and report all call
// Run. It finds and loads the config file, reads every input once (EspoCRM
// settings or an Entra app manifest, stdin at most once), runs the rules —
// and the probe when asked — per instance in a worker pool that also does the
// loading, hands each instance's result on in input order as soon as it is
// ready, and returns the report. ExitCode is the one exit decision of every
// command.
//
// Run never prints; the renderers in package report do. A panic while one
// instance is loaded, probed or judged becomes an input error of that
// instance, never the loss of the fleet's report.
package run

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/config"
	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/probe"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

// Exit codes, the same for every command.
const (
	ExitOK         = 0 // nothing at or above the --fail-on threshold
	ExitFindings   = 1 // findings at or above the threshold
	ExitUsage      = 2 // usage, config or input error
	ExitIncomplete = 3 // a live check could not complete (network, TLS, timeout)
)

// Options are everything one run needs. The zero value of each field is a
// sensible default.
type Options struct {
	Command    string    // "lint", "probe" or "report" (default lint)
	Paths      []string  // instances (or an app manifest); "-" is stdin
	Stdin      io.Reader // for "-"
	ConfigPath string    // the config file; "" finds .espo-oidc.yaml upwards
	Manifest   string    // --app-manifest
	Jobs       int       // instances at once (default: GOMAXPROCS)
	Now        func() time.Time
	Version    string         // the tool's version, for the report
	FailOn     rules.Severity // SeverityNone: never fail
	Baseline   string         // JSON report of an earlier run: keep only new findings
	AssumeOIDC bool           // judge oidc* settings as a planned switch (--assume-oidc)
	// EspoCRM is --espocrm-version: judge every instance as this EspoCRM
	// version instead of the one its files say (zero: read it, else assume).
	EspoCRM espo.Version
	// Enable, Disable and Only choose rules (IDs, names or sets) on top of
	// the config file: --enable, --disable, --only.
	Enable, Disable, Only []string
	// MinSeverity hides findings below it from every output; the exit code
	// still counts them (--min-severity).
	MinSeverity rules.Severity
	// Probe, when set, runs the live probe for every instance with these
	// options (probe, lint --probe, report --probe).
	Probe *probe.Options
	// DB reads each instance's database (--db, --dsn, --db-timeout): the
	// database rules get its rows, the probe its users (unless
	// Probe.UsersData is set), and each portal with an OIDC provider is
	// judged as an instance of its own. The zero value reads none.
	DB espodb.Flags
	// OnInstance, when set, is called for each instance, in input order,
	// as soon as it and every instance before it are done (the baseline
	// and MinSeverity already applied), and at last for the config file's
	// own findings.
	OnInstance func(res *rules.Result, in *report.InstanceInput)
	// Stream: the results go only to OnInstance; the report keeps counts
	// (Report.Streamed), not findings or the parsed inputs, so memory does
	// not grow with the fleet.
	Stream bool
}

// Error is a run that could not start, or an input the whole run depends on
// (a broken config file, a baseline): exit code 2.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

func errorf(format string, args ...any) error { return &Error{fmt.Errorf(format, args...)} }

// LoadConfig finds (when path is "") and loads the config file.
func LoadConfig(path string) (*config.Config, error) {
	if path == "" {
		if wd, err := os.Getwd(); err == nil {
			path = config.Find(wd)
		}
	}
	if path == "" {
		return config.Default(), nil
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, &Error{err}
	}
	return cfg, nil
}

// InstanceID is an instance's one identity, however its path was typed
// (broken, ./broken, broken/, an absolute path, ../x/broken): the cleaned
// path relative to base (the config file's folder) when the instance is
// inside it, else relative to the working directory, with forward slashes.
// Baselines, suppressions, SARIF and every format name the instance by it.
// "-" (stdin) stays "-".
func InstanceID(path, base string) string {
	wd, _ := os.Getwd()
	return instanceID(path, base, wd)
}

// instanceID is InstanceID in the working directory wd (Run asks for it
// once, not once per instance; "" when unknown).
func instanceID(path, base, wd string) string {
	if path == "-" || path == "" {
		return path
	}
	abs := func(p string) (string, bool) {
		if filepath.IsAbs(p) {
			return filepath.Clean(p), true
		}
		if wd == "" {
			return "", false
		}
		return filepath.Join(wd, p), true
	}
	a, ok := abs(path)
	if !ok {
		return filepath.ToSlash(filepath.Clean(path))
	}
	for _, b := range []string{base, wd} {
		if b == "" {
			continue
		}
		if b, ok := abs(b); ok {
			if rel, err := filepath.Rel(b, a); err == nil && (b == wd || !strings.HasPrefix(rel, "..")) {
				return filepath.ToSlash(rel)
			}
		}
	}
	return filepath.ToSlash(a)
}

// input is one PATH after loading.
type input struct {
	path, id string
	settings *espo.Settings
	manifest *entra.Manifest // the PATH was an app manifest
	err      error
}

// Run loads the inputs, runs the rules (and the probe) and returns the
// report. Inputs that cannot be used are Report.Errors; the error result is
// only for what the whole run depends on (*Error: exit code 2).
func Run(ctx context.Context, o Options) (*report.Report, error) {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	if o.Command == "" {
		o.Command = "lint"
	}
	cfg, err := LoadConfig(o.ConfigPath)
	if err != nil {
		return nil, err
	}
	opts := cfg.Options
	opts.AssumeOIDC = opts.AssumeOIDC || o.AssumeOIDC
	policy, err := cfg.Policy.WithCommandLine(o.Enable, o.Disable, o.Only)
	if err != nil {
		return nil, &Error{err}
	}
	cfg.Policy = policy
	base := ""
	if cfg.Path != "" {
		base = filepath.Dir(cfg.Path)
	}
	rep := &report.Report{Tool: "espo-oidc", Version: o.Version, Generated: now(), Command: o.Command, FailOn: o.FailOn}

	var manifest *entra.Manifest
	if o.Manifest != "" {
		m, err := entra.LoadManifest(o.Manifest)
		if err != nil {
			rep.Errors = append(rep.Errors, report.ToolError{Instance: o.Manifest, Message: err.Error()})
		} else {
			manifest = m
		}
	}

	// A manifest among the PATHs applies to every instance, so the PATHs
	// are classified first; JSON files are the only ones that can be
	// either, and a manifest is recognised by its shape (read once: the
	// settings loaded here are kept for the workers).
	inputs := make([]input, len(o.Paths))
	stdinUsed := false
	wd, _ := os.Getwd()
	for i, p := range o.Paths {
		inputs[i] = input{path: p, id: instanceID(p, base, wd)}
		if p == "-" {
			if stdinUsed {
				inputs[i].err = errors.New("stdin (-) can be given only once")
				continue
			}
			stdinUsed = true
		}
		if p == "-" || strings.EqualFold(filepath.Ext(p), ".json") {
			inputs[i].settings, inputs[i].manifest, inputs[i].err = loadEither(p, o.Stdin)
			if inputs[i].manifest != nil {
				if manifest != nil {
					inputs[i].err, inputs[i].manifest = fmt.Errorf("%s: a second app manifest; give one manifest per run", p), nil
				} else if o.Command == "probe" {
					inputs[i].err, inputs[i].manifest = fmt.Errorf("%s: an app manifest, not EspoCRM settings; give the instance (probe judges the live provider, lint --app-manifest the manifest)", p), nil
				} else {
					manifest = inputs[i].manifest
				}
			}
		}
	}

	var known map[string]bool // the baseline's fingerprints
	if o.Baseline != "" {
		if known, err = report.LoadBaseline(o.Baseline); err != nil {
			return nil, &Error{err}
		}
	}
	// streamed: results go to OnInstance as they are, so each is redacted
	// before take (a kept report is redacted when it is written)
	streamed := o.Stream || o.OnInstance != nil
	// take applies the baseline and MinSeverity to one result and keeps it
	// (or, streaming, counts it) and hands it on.
	take := func(res *rules.Result, in *report.InstanceInput) {
		report.DropKnown(res, known)
		rep.HideResultBelow(res, o.MinSeverity)
		if o.Stream {
			rep.Stream(res)
		} else {
			rep.Results = append(rep.Results, res)
			if in != nil {
				rep.Inputs = append(rep.Inputs, in)
			}
		}
		if o.OnInstance != nil {
			o.OnInstance(res, in)
		}
	}

	results := make([]*instanceResult, len(inputs))
	done := make([]chan struct{}, len(inputs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = min(jobs, max(len(inputs), 1)) // no more workers (or channel slots) than instances, whatever --jobs says
	// The workers start while the results are taken in order: at most
	// window instances are done and not yet taken, so memory stays bounded
	// for any fleet (32 per worker, at most 256 beyond 4 per worker: a
	// 1,000-instance run keeps about 1 MB of results; a narrower window left
	// the workers waiting whenever the renderer was not scheduled).
	window := make(chan struct{}, max(4*jobs, min(32*jobs, 256)))
	judgeOne := func(i int) {
		in := &inputs[i]
		r := judge(ctx, in, o, opts, cfg, manifest, now)
		if streamed && r != nil && r.err == nil {
			// a streamed result reaches the renderers as it is: it is
			// redacted here, in the worker, with its instance's secrets (a
			// kept report is redacted when it is written)
			for _, x := range append([]*instanceResult{r}, r.portals...) {
				report.RedactResult(x.res, x.in)
			}
		}
		results[i] = r
		close(done[i])
	}
	if len(inputs) == 1 && inputs[0].manifest == nil {
		// one instance is judged here: a worker and its feeder would each
		// wake a thread for it
		window <- struct{}{}
		judgeOne(0)
	} else {
		// A fixed pool of workers, not a goroutine per instance: a
		// worker's stack, grown by the first instance it judges, serves
		// the rest.
		work := make(chan int, jobs)
		for range jobs { // at most one per instance (jobs is clamped above)
			go func() {
				for i := range work {
					judgeOne(i)
					// The result woke the renderer onto this worker's
					// run queue, where it would wait for the scheduler's
					// 10 ms preemption: the window fills, the workers
					// stop, and a core idles while the renderer drains it.
					// Yielding lets it run now (a fleet's CPU use 1.66 →
					// 1.76 of 2 cores).
					runtime.Gosched()
				}
			}()
		}
		go func() {
			defer close(work)
			for i := range inputs {
				if inputs[i].manifest != nil {
					close(done[i])
					continue
				}
				window <- struct{}{}
				work <- i
			}
		}()
	}
	taken := 0
	for i := range inputs {
		<-done[i]
		r := results[i]
		results[i] = nil
		inputs[i].settings = nil // judged: nothing keeps the parsed settings but the result
		if inputs[i].manifest == nil {
			<-window
		}
		if r == nil {
			continue
		}
		if r.err != nil {
			rep.Errors = append(rep.Errors, report.ToolError{Instance: inputs[i].path, Message: r.err.Error()})
			continue
		}
		taken++
		if r.dbInputErr != nil {
			rep.Errors = append(rep.Errors, report.ToolError{Instance: inputs[i].path, Message: r.dbInputErr.Error()})
		}
		if r.dbErr != nil {
			rep.Incomplete = append(rep.Incomplete, fmt.Sprintf("%s: %v", r.in.Instance, r.dbErr))
		}
		for _, x := range append([]*instanceResult{r}, r.portals...) { // each instance, then its portals
			if x.probeErr != nil {
				rep.Incomplete = append(rep.Incomplete, fmt.Sprintf("probe incomplete: %s: %v", x.in.Instance, x.probeErr))
			}
			take(x.res, x.in)
		}
	}
	if taken == 0 && len(rep.Errors) == 0 {
		rep.Errors = append(rep.Errors, report.ToolError{Instance: strings.Join(o.Paths, " "), Message: "no EspoCRM settings among the inputs (only an app manifest); give the instance too, e.g. espo-oidc lint data/ --app-manifest manifest.json"})
	}
	if sf := rules.SuppressionFindings(cfg.Policy, cfg.Path, now()); len(sf) > 0 {
		res := &rules.Result{Instance: filepath.Clean(cfg.Path), Provider: "config", Findings: sf}
		if streamed {
			report.RedactResult(res, nil) // like the instances' results
		}
		take(res, nil)
	}
	return rep, nil
}

type instanceResult struct {
	res      *rules.Result
	in       *report.InstanceInput
	probeErr error
	err      error // the instance could not be used

	dbErr      error             // the database could not be read (exit 3)
	dbInputErr error             // the database setting or --dsn cannot be used (exit 2)
	portals    []*instanceResult // the portals with an OIDC provider, judged as instances
}

// judge loads one instance (unless classification already did) and its
// database when asked, probes it when asked, runs the rules, and judges its
// OIDC portals. A panic becomes the instance's error.
func judge(ctx context.Context, in *input, o Options, opts rules.Options, cfg *config.Config, manifest *entra.Manifest, now func() time.Time) (r *instanceResult) {
	defer func() {
		if p := recover(); p != nil {
			r = &instanceResult{err: fmt.Errorf("internal error while checking this instance: %v (a bug in espo-oidc; please report it, without your secrets)", p)}
		}
	}()
	if in.err != nil {
		return &instanceResult{err: in.err}
	}
	s := in.settings
	if s == nil {
		var err error
		if s, err = loadSettings(in.path, o.Stdin); err != nil {
			if errors.Is(err, espo.ErrNotSettings) {
				err = fmt.Errorf("%w (an app manifest is recognised only in a .json file)", err)
			}
			return &instanceResult{err: err}
		}
	}
	if s != nil && o.EspoCRM.Known() {
		s.SetVersion(o.EspoCRM)
	}
	ri := &rules.Input{Instance: in.id, Settings: s, Manifest: manifest, Options: opts, Now: now(), EspoVersion: o.EspoCRM}
	dl := loadDB(ctx, s, o.DB)
	ri.DB, ri.DBMissing = dl.snap, dl.missing
	var perr error
	if o.Probe != nil {
		popts := *o.Probe
		popts.UserNameMaxLength = opts.UserNameMaxLength
		if popts.UsersData == nil {
			popts.UsersData = espodb.ProbeUsers(dl.snap) // the user table instead of --users
		}
		f := probe.Run(ctx, s, popts)
		for _, fl := range f.Failures {
			if fl.Kind == "input" && fl.Step == "setup" {
				return &instanceResult{err: errors.New(fl.Message)}
			}
		}
		ri.Probe = f
		perr = f.Incomplete()
	}
	r = &instanceResult{res: rules.Run(ri, cfg.Policy), probeErr: perr, dbErr: dl.connErr, dbInputErr: dl.inErr,
		in: &report.InstanceInput{Instance: in.id, Settings: s, Manifest: manifest, Probe: ri.Probe, DB: dl.snap, DBMissing: dl.missing}}
	r.portals = portals(ctx, ri, r.res, o, cfg.Policy)
	return r
}

func loadSettings(path string, stdin io.Reader) (*espo.Settings, error) {
	return espo.Load(path, stdin)
}

// loadEither reads a JSON PATH (or stdin, read once) as EspoCRM settings or,
// when it is not settings, as an Entra app manifest (recognised by its shape).
func loadEither(path string, stdin io.Reader) (*espo.Settings, *entra.Manifest, error) {
	if path != "-" {
		s, err := espo.Load(path, nil)
		if !errors.Is(err, espo.ErrNotSettings) {
			return s, nil, err
		}
		m, err := entra.LoadManifest(path)
		return nil, m, err
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	b, err := io.ReadAll(io.LimitReader(stdin, espo.MaxFileSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("stdin: %v", err)
	}
	s, err := espo.Load("-", bytes.NewReader(b))
	if !errors.Is(err, espo.ErrNotSettings) {
		return s, nil, err
	}
	m, merr := entra.ParseManifest("stdin", b)
	if merr != nil {
		return nil, nil, fmt.Errorf("stdin: neither EspoCRM settings nor an Entra app manifest: %v", merr)
	}
	return nil, m, nil
}

// ExitCode is every command's exit decision: 2 when an input could not be
// used, 3 when a live check could not complete, 1 for findings at or above
// the threshold (unless exitZero), else 0.
func ExitCode(rep *report.Report, exitZero bool) int {
	switch {
	case len(rep.Errors) > 0:
		return ExitUsage
	case len(rep.Incomplete) > 0:
		return ExitIncomplete
	case rep.Failed() && !exitZero:
		return ExitFindings
	}
	return ExitOK
}
