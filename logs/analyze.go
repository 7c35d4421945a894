// Package logs reads EspoCRM log files (data/logs/espo-YYYY-MM-DD.log,
// espo.log, rotated and .gz copies, or stdin), keeps the records about OIDC
// logins and groups them into incidents: the cause in plain words, the
// AADSTS code or OAuth error the identity provider answered, the fix and the
// related espo-oidc rules. It streams: memory does not grow with the size of
// the input. It also says what the logs cannot show at the log level they
// were written with.
//
// Facts: ../shared/reference/espocrm-oidc.md §9 (file names, line formats of
// 7.x, 8.0–8.2, 8.3–9.3 and 10.x), §10 (messages), §3, §14; entra.md §6, §7.
package logs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/provider"
)

// Options tune an analysis.
type Options struct {
	Since, Until time.Time     // zero: unbounded; records outside are ignored
	MaxLine      int           // longest line parsed (default DefaultMaxLine)
	Gap          time.Duration // a pause longer than this starts a new incident (default 30 min)
	MaxIncidents int           // incidents kept in detail (default 500); the summary counts all
	// Provider is the identity provider the instance uses, when known (the
	// report command knows it from the settings); otherwise it is inferred.
	Provider provider.Kind
}

// Format versions of EspoCRM's log lines (espocrm-oidc.md §9).
const (
	Version7    = "7.x"
	Version80   = "8.0–8.2"
	Version83   = "8.3–9.3"
	Version10   = "10.x"
	Version83Up = "8.3 or later" // a plain line of 8.3–9.3 or 10.x: the two print them alike
)

// Skipped counts input that could not be used.
type Skipped struct {
	Binary    int64 `json:"binary"`    // lines with NUL or control bytes
	TooLong   int64 `json:"tooLong"`   // lines over the maximum length
	NotUTF8   int64 `json:"notUtf8"`   // lines that are not valid UTF-8
	Corrupt   int64 `json:"corrupt"`   // damaged record starts and lines before the first record
	Truncated int64 `json:"truncated"` // files whose (gzip) data ended early or was corrupt
}

// Total is the number of skipped lines (truncated files are not lines).
func (s Skipped) Total() int64 { return s.Binary + s.TooLong + s.NotUTF8 + s.Corrupt }

func (s *Skipped) add(o Skipped) {
	s.Binary += o.Binary
	s.TooLong += o.TooLong
	s.NotUTF8 += o.NotUTF8
	s.Corrupt += o.Corrupt
	s.Truncated += o.Truncated
}

// String lists the non-zero counts.
func (s Skipped) String() string {
	var parts []string
	add := func(n int64, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.Binary, "binary")
	add(s.TooLong, "over 1 MB")
	add(s.NotUTF8, "not UTF-8")
	add(s.Corrupt, "corrupt")
	if s.Truncated > 0 {
		parts = append(parts, fmt.Sprintf("%d truncated or corrupt gzip file(s)", s.Truncated))
	}
	return strings.Join(parts, ", ")
}

// FileStat is what was read from one input.
type FileStat struct {
	File     string   `json:"file"`
	Gzip     bool     `json:"gzip,omitempty"`
	Lines    int64    `json:"lines"`
	Records  int64    `json:"records"`
	OIDC     int64    `json:"oidcRecords"`
	Versions []string `json:"versions"`
	Skipped  Skipped  `json:"skipped"`
	Problem  string   `json:"problem,omitempty"`
}

// Location is a line of a log file.
type Location struct {
	File string `json:"file"`
	Line int64  `json:"line"`
}

func (l Location) String() string { return fmt.Sprintf("%s:%d", l.File, l.Line) }

// Incident is a run of failed OIDC logins with the same cause, without a
// pause longer than Options.Gap between them.
type Incident struct {
	Cause         string    `json:"cause"`                 // in plain words
	Entry         string    `json:"entry"`                 // explain entry of the EspoCRM message
	Code          string    `json:"code,omitempty"`        // AADSTS code, OAuth error or JWT parsing detail
	Error         string    `json:"error,omitempty"`       // OAuth "error" of the Response: body
	Description   string    `json:"description,omitempty"` // first line of error_description (redacted)
	Status        int       `json:"status,omitempty"`      // HTTP status in the log line
	CorrelationID string    `json:"correlationId,omitempty"`
	Message       string    `json:"message"` // the EspoCRM message, Response: body summarised, redacted
	First         time.Time `json:"first"`
	Last          time.Time `json:"last"`
	Attempts      int       `json:"attempts"` // login attempts
	Records       int       `json:"records"`  // log records, companions included
	Levels        []string  `json:"levels"`
	Versions      []string  `json:"versions"`
	FirstAt       Location  `json:"firstAt"`
	LastAt        Location  `json:"lastAt"`
	Meaning       string    `json:"meaning"`
	Fix           string    `json:"fix"`
	Rules         []string  `json:"rules,omitempty"`
	Unverified    string    `json:"unverified,omitempty"`
	Provider      string    `json:"provider,omitempty"` // whose own error text the response carried

	key string
}

// CauseSummary totals the incidents of one cause.
type CauseSummary struct {
	Cause     string    `json:"cause"`
	Code      string    `json:"code,omitempty"`
	Incidents int       `json:"incidents"`
	Attempts  int       `json:"attempts"`
	First     time.Time `json:"first"`
	Last      time.Time `json:"last"`
	Rules     []string  `json:"rules,omitempty"`
}

// Note is something the logs cannot show, and how to make them show it.
type Note struct {
	Title string   `json:"title"`
	Text  string   `json:"text"`
	Rules []string `json:"rules,omitempty"`
}

// Analysis is the result of reading the logs.
type Analysis struct {
	Files            []FileStat       `json:"files"`
	Lines            int64            `json:"lines"`
	Records          int64            `json:"records"`
	OIDCRecords      int64            `json:"oidcRecords"`
	Diagnostics      int64            `json:"diagnostics"` // DEBUG JWT header/payload lines
	OutOfRange       int64            `json:"outOfRange"`  // records outside --since/--until
	Levels           map[string]int64 `json:"levels"`
	Versions         []string         `json:"versions"`
	Skipped          Skipped          `json:"skipped"`
	Incidents        []Incident       `json:"incidents"`
	DroppedIncidents int              `json:"droppedIncidents,omitempty"`
	Summary          []CauseSummary   `json:"summary"`
	Notes            []Note           `json:"notes"`
	Since            *time.Time       `json:"since,omitempty"`
	Until            *time.Time       `json:"until,omitempty"`
	Provider         string           `json:"provider,omitempty"` // given or inferred; "" when nothing says
}

// InputError is an input that cannot be used at all (exit code 2).
type InputError struct {
	File string
	Msg  string
}

func (e *InputError) Error() string { return e.File + ": " + e.Msg }

// Analyze reads the given files and folders ("-" is stdin) and returns the
// incidents found. Files are read in name order; folders are walked for
// *.log, *.log.N and *.gz files. An input that does not exist or holds no
// usable EspoCRM log record is an *InputError.
func Analyze(ctx context.Context, paths []string, stdin io.Reader, opts Options) (*Analysis, error) {
	if opts.MaxLine <= 0 {
		opts.MaxLine = DefaultMaxLine
	}
	if opts.Gap <= 0 {
		opts.Gap = 30 * time.Minute
	}
	if opts.MaxIncidents <= 0 {
		opts.MaxIncidents = 500
	}
	if len(paths) == 0 {
		return nil, &InputError{File: "(arguments)", Msg: "no log file given (give files, folders, or - for stdin)"}
	}
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	an := newAnalyzer(opts)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var st FileStat
		if f == "-" {
			if stdin == nil {
				return nil, &InputError{File: "(stdin)", Msg: "no standard input"}
			}
			st, err = an.readStream(ctx, "(stdin)", stdin)
		} else {
			st, err = an.readFile(ctx, f)
		}
		if err != nil {
			return nil, err
		}
		an.res.Files = append(an.res.Files, st)
	}
	res := an.finish()
	if res.Records == 0 {
		var names []string
		for _, f := range res.Files {
			names = append(names, f.File)
		}
		msg := "no EspoCRM log records found"
		if res.Lines == 0 {
			msg = "empty: no log lines to analyse"
		} else if s := res.Skipped.String(); s != "" {
			msg += " (skipped " + s + ")"
		}
		return res, &InputError{File: strings.Join(names, ", "), Msg: msg}
	}
	return res, nil
}

// expand turns the arguments into files: folders are walked.
func expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, &InputError{File: p, Msg: cleanErr(err)}
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && isLogName(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, &InputError{File: p, Msg: cleanErr(err)}
		}
		if len(found) == 0 {
			return nil, &InputError{File: p, Msg: "folder holds no log files (*.log, *.log.N, *.gz)"}
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

func isLogName(n string) bool {
	return strings.HasSuffix(n, ".log") || strings.Contains(n, ".log.") || strings.HasSuffix(n, ".gz")
}

func cleanErr(err error) string {
	var nr *safeio.NotRegularError
	if errors.As(err, &nr) {
		return nr.Kind + ", not a regular file"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (an *analyzer) readFile(ctx context.Context, name string) (FileStat, error) {
	f, err := safeio.Open(name) // a FIFO, socket or device is refused, not waited on
	if err != nil {
		return FileStat{}, &InputError{File: name, Msg: cleanErr(err)}
	}
	defer f.Close()
	return an.readStream(ctx, name, f)
}

// analyzer holds the streaming state.
type analyzer struct {
	opts Options
	res  *Analysis

	file    *FileStat
	fileVer map[string]bool
	settled bool // the file had a record start or a skipped line

	// the candidate record being grouped
	recTime  time.Time
	recLevel string
	recLine  int64

	// grouping
	open      map[string]*Incident // incident key → its latest incident (kept or only counted)
	incidents []*Incident
	summary   map[string]*CauseSummary
	sumOrder  []string
	unknown   int // distinct unknown-message keys
	last      *attempt
	allVer    map[string]bool
}

type attempt struct {
	inc   *Incident
	entry string
	t     time.Time
	file  string
}

const maxCont = 8 << 10

// maxCauses bounds the distinct causes (message + code) tracked; the memory
// for grouping stays bounded even for logs full of distinct codes.
const maxCauses = 1000

func newAnalyzer(opts Options) *analyzer {
	a := &analyzer{
		opts:    opts,
		res:     &Analysis{Levels: map[string]int64{}},
		open:    map[string]*Incident{},
		summary: map[string]*CauseSummary{},
		allVer:  map[string]bool{},
	}
	if !opts.Since.IsZero() {
		t := opts.Since.UTC()
		a.res.Since = &t
	}
	if !opts.Until.IsZero() {
		t := opts.Until.UTC()
		a.res.Until = &t
	}
	return a
}

func (an *analyzer) beginFile(st *FileStat) {
	an.file = st
	an.fileVer = map[string]bool{}
	an.settled = false
	an.last = nil
}

func (an *analyzer) endFile() {
	an.file.Versions = versionList(an.fileVer)
	for v := range an.fileVer {
		an.allVer[v] = true
	}
}

// isInlineException recognises the 8.3–9.3 exception form
// "(0) msg :: GET /App/user :: /path/File.php(102)".
func isInlineException(m []byte) bool {
	if len(m) < 4 || m[0] != '(' || m[len(m)-1] != ')' {
		return false
	}
	i := bytes.LastIndex(m, []byte(" :: "))
	if i < 0 {
		return false
	}
	tail := m[i+4:]
	return bytes.Contains(tail, []byte(".php(")) || bytes.IndexByte(tail, '/') == 0
}

// follows reports whether the current record is within two seconds of the
// last OIDC login attempt of this file.
func (an *analyzer) follows() bool {
	if an.last == nil || an.last.file != an.file.File {
		return false
	}
	d := an.recTime.Sub(an.last.t)
	return d >= 0 && d <= 2*time.Second
}

// companionOf: which earlier entries a companion may attach to.
func isCompanion(e explain.Entry, prev string) bool {
	switch e.ID {
	case "espocrm:empty-exception":
		return true
	case "espocrm:jwt-parsing-exception":
		return prev == "espocrm:jwt-parsing-error"
	case "espocrm:userinfo-request-error":
		return prev == "espocrm:userinfo-response-error"
	case "espocrm:user-not-found":
		return strings.HasPrefix(prev, "espocrm:user-")
	}
	return false
}

// record groups a candidate record; c is classifyRecord's answer for it.
func (an *analyzer) record(cp *cause, e explain.Entry, known bool, ver string) {
	if known && an.follows() && isCompanion(e, an.last.entry) {
		inc := an.last.inc
		inc.Records++
		inc.Levels = addStr(inc.Levels, an.recLevel)
		inc.Versions = addVersion(inc.Versions, ver)
		inc.LastAt = Location{an.file.File, an.recLine}
		if an.recTime.After(inc.Last) {
			inc.Last = an.recTime
		}
		return
	}
	c := *cp
	key := c.key()
	if !known {
		if _, seen := an.summary[key]; !seen {
			if an.unknown >= 200 {
				key = "unknown|other"
				c.code = ""
				c.message = "(other unrecognised OIDC messages)"
			} else {
				an.unknown++
			}
		}
	}
	if _, seen := an.summary[key]; !seen && len(an.summary) >= maxCauses {
		// hostile or very varied logs: codes beyond the bound share one cause
		key = c.entry + "|(other)"
		c.code = "(other)"
	}
	loc := Location{an.file.File, an.recLine}
	var inc *Incident
	if cand := an.open[key]; cand != nil {
		if d := an.recTime.Sub(cand.Last); d <= an.opts.Gap && d >= -an.opts.Gap {
			inc = cand
		}
	}
	sum := an.summary[key]
	if sum == nil {
		sum = &CauseSummary{Cause: c.title, Code: c.code, Rules: c.rules, First: an.recTime, Last: an.recTime}
		an.summary[key] = sum
		an.sumOrder = append(an.sumOrder, key)
	}
	sum.Attempts++
	if an.recTime.Before(sum.First) {
		sum.First = an.recTime
	}
	if an.recTime.After(sum.Last) {
		sum.Last = an.recTime
	}
	if inc == nil {
		sum.Incidents++
		c.finish()
		inc = &Incident{key: key, Cause: c.title, Entry: c.entry, Code: c.code, Error: c.oauthErr, Description: c.desc,
			Status: c.status, CorrelationID: c.correlation, Message: c.message, First: an.recTime, Last: an.recTime,
			FirstAt: loc, Meaning: c.meaning, Fix: c.fix, Rules: c.rules, Unverified: c.unverified, Provider: c.provider}
		if len(an.incidents) < an.opts.MaxIncidents {
			an.incidents = append(an.incidents, inc)
		} else {
			an.res.DroppedIncidents++ // counted in the summary, not kept
		}
		an.open[key] = inc
	}
	inc.Attempts++
	inc.Records++
	inc.Levels = addStr(inc.Levels, an.recLevel)
	inc.Versions = addVersion(inc.Versions, ver)
	inc.LastAt = loc
	if an.recTime.After(inc.Last) {
		inc.Last = an.recTime
	}
	if an.recTime.Before(inc.First) {
		inc.First = an.recTime
	}
	if inc.CorrelationID == "" {
		inc.CorrelationID = c.correlation
	}
	an.last = &attempt{inc: inc, entry: e.ID, t: an.recTime, file: an.file.File}
}

func addStr(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func addVersion(list []string, v string) []string {
	return versionList(setOf(append(append([]string(nil), list...), v)))
}

func setOf(list []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range list {
		m[s] = true
	}
	return m
}

// versionList orders the versions seen; the ambiguous "8.3 or later" is
// dropped when 8.3–9.3 or 10.x was recognised.
func versionList(m map[string]bool) []string {
	if m[Version83] || m[Version10] {
		delete(m, Version83Up)
	}
	var out []string
	for _, v := range []string{Version7, Version80, Version83, Version10, Version83Up} {
		if m[v] {
			out = append(out, v)
		}
	}
	return out
}

func (an *analyzer) finish() *Analysis {
	res := an.res
	for _, inc := range an.incidents {
		res.Incidents = append(res.Incidents, *inc)
	}
	sort.SliceStable(res.Incidents, func(i, j int) bool { return res.Incidents[i].First.Before(res.Incidents[j].First) })
	for _, k := range an.sumOrder {
		res.Summary = append(res.Summary, *an.summary[k])
	}
	sort.SliceStable(res.Summary, func(i, j int) bool { return res.Summary[i].Attempts > res.Summary[j].Attempts })
	res.Versions = versionList(an.allVer)
	// A plain line of 8.3+ is the same in 8.3–9.3 and 10.x; when the files
	// show only one of the two, the plain lines belong to it.
	if an.allVer[Version83] != an.allVer[Version10] {
		concrete := Version83
		if an.allVer[Version10] {
			concrete = Version10
		}
		for i := range res.Incidents {
			for j, v := range res.Incidents[i].Versions {
				if v == Version83Up {
					res.Incidents[i].Versions[j] = concrete
				}
			}
			res.Incidents[i].Versions = versionList(setOf(res.Incidents[i].Versions))
		}
	}
	if res.Incidents == nil {
		res.Incidents = []Incident{}
	}
	if res.Summary == nil {
		res.Summary = []CauseSummary{}
	}
	res.Provider = logsProvider(res, an.opts.Provider)
	tailorIncidents(res)
	res.Notes = notes(res)
	return res
}
