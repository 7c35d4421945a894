package logs

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/espo-oidc/espo-oidc/explain"
)

// The reading pipeline: one goroutine splits the stream into blocks of about
// 1 MB that start at a record start (so no record spans two blocks), workers
// parse blocks in parallel into counts and the few OIDC-related records,
// and the caller merges the blocks in order and groups the records into
// incidents. At most a few blocks are in flight, so memory stays bounded
// whatever the size of the input.

const blockSize = 1 << 20

// job is one block of whole lines.
type job struct {
	data    *[]byte
	tooLong []int // offsets in data of the lines over the limit (kept there as empty lines)
	mid     bool  // the block starts inside a record: no record start was found for a whole buffer
	res     chan *blockOut
}

// cand is an OIDC-related record found by a worker.
type cand struct {
	t       time.Time
	level   string
	ver     string
	line    int64 // within the block, 1-based
	msg     string
	hasOIDC bool
	e       *explain.Entry // shared with the parser's match cache: a block's candidates stay small
	known   bool
	cause   cause // classifyRecord's answer, worked out by the worker
}

// blockOut is what a worker read from one block.
type blockOut struct {
	lines, records, outOfRange, diagnostics int64
	levels                                  [8]int64 // by levelRank
	vers                                    uint8    // bit i: allVersions[i] seen
	skipped                                 Skipped
	cands                                   []cand
	lead                                    int64 // mid block: text lines before its first record or skipped line
	settled                                 bool  // the block has a record start or a skipped line
}

// parser reads the records of one block at a time.
type parser struct {
	opts  Options
	out   *blockOut
	cache map[string]matchResult

	inRec, skipCont bool // skipCont: continuation lines belong to a skipped line
	lead            bool // in a mid block, before its first record start or skipped line
	recStamp        stamp
	recTime         time.Time // recStamp converted, once timeSet
	timeSet         bool
	recLevel        string
	recLine         int64
	recVer          string
	msg             []byte
	cont            []byte // continuation lines, bounded
	hdr             header
	lastCand        time.Time // time of the block's last OIDC record (zero: none)
}

type matchResult struct {
	e  *explain.Entry
	ok bool
}

func (an *analyzer) readStream(ctx context.Context, name string, r io.Reader) (FileStat, error) {
	st := FileStat{File: name}
	src, gz, err := openStream(r)
	st.Gzip = gz
	if err != nil {
		st.Problem = err.Error()
		st.Skipped.Truncated++
		an.res.Skipped.Truncated++
		return st, nil
	}
	if zr, ok := src.(io.Closer); ok {
		defer zr.Close()
	}
	an.beginFile(&st)

	workers := min(runtime.GOMAXPROCS(0), 4)
	jobs := make(chan *job, workers)
	order := make(chan *job, workers+1) // bounds the blocks in flight (each up to blockSize+MaxLine)
	done := make(chan struct{})
	var readErr error
	sp := newSplitter(src, an.opts.MaxLine)

	go func() { // the splitter
		defer close(jobs)
		defer close(order)
		for {
			if ctx.Err() != nil {
				readErr = ctx.Err()
				return
			}
			j, err := sp.next()
			if j != nil {
				j.res = make(chan *blockOut, 1)
				select {
				case order <- j:
				case <-done:
					return
				}
				select {
				case jobs <- j:
				case <-done:
					return
				}
			}
			if err != nil {
				if err != io.EOF {
					readErr = err
				}
				return
			}
		}
	}()

	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &parser{opts: an.opts, cache: map[string]matchResult{}}
			for j := range jobs {
				j.res <- p.parse(j)
			}
		}()
	}

	var base int64
	for j := range order {
		out := <-j.res
		sp.free(j.data)
		an.consume(out, base)
		base += out.lines
	}
	close(done)
	wg.Wait()
	if readErr != nil {
		if ctx.Err() != nil && readErr == ctx.Err() {
			return st, readErr
		}
		st.Problem = describeReadError(readErr, gz)
		if gz {
			st.Skipped.Truncated++
		}
	}
	an.endFile()
	an.res.Lines += st.Lines
	an.res.Skipped.add(st.Skipped)
	return st, nil
}

// consume merges one block's results, in input order.
func (an *analyzer) consume(out *blockOut, base int64) {
	st := an.file
	if !an.settled {
		// lines before the file's first record or skipped line are corrupt
		out.skipped.Corrupt += out.lead
	}
	an.settled = an.settled || out.settled
	st.Lines += out.lines
	st.Records += out.records
	st.Skipped.add(out.skipped)
	an.res.Records += out.records
	an.res.OutOfRange += out.outOfRange
	an.res.Diagnostics += out.diagnostics
	st.OIDC += out.diagnostics
	an.res.OIDCRecords += out.diagnostics
	for i, n := range out.levels {
		if n > 0 {
			an.res.Levels[levels[i]] += n
		}
	}
	for i, v := range allVersions {
		if out.vers&(1<<i) != 0 {
			an.fileVer[v] = true
		}
	}
	for i := range out.cands {
		c := &out.cands[i]
		an.recTime, an.recLevel, an.recLine = c.t, c.level, base+c.line
		if c.known && c.e.ID == "espocrm:empty-exception" && !c.hasOIDC && !an.follows() {
			continue // an unrelated uncaught exception
		}
		st.OIDC++
		an.res.OIDCRecords++
		an.record(&c.cause, *c.e, c.known, c.ver)
	}
}

func (p *parser) parse(j *job) *blockOut {
	out := &blockOut{}
	p.out = out
	p.inRec, p.skipCont = false, false
	p.lead = j.mid
	p.lastCand = time.Time{}
	data := *j.data
	var n int64
	next := 0
	max := p.opts.MaxLine
	for off := 0; off < len(data); {
		if data[off] == '\n' {
			// a run of empty lines: counted (and kept in a record's
			// continuation) without looking at each
			end := off + 1
			stop := len(data)
			if next < len(j.tooLong) {
				stop = j.tooLong[next]
			}
			for end < stop && data[end] == '\n' {
				end++
			}
			if end > stop || off == stop {
				end = off // the too-long placeholder: handled below
			} else {
				k := end - off
				n += int64(k)
				if p.inRec && len(p.cont) > 0 && len(p.cont) < maxCont {
					for room := min(k, maxCont-len(p.cont)); room > 0; room-- {
						p.cont = append(p.cont, '\n')
					}
				}
				off = end
				continue
			}
		}
		i := bytes.IndexByte(data[off:], '\n')
		raw := i + 1 // with its newline
		if i < 0 {
			i, raw = len(data)-off, len(data)-off
		}
		line := data[off : off+i]
		start := off
		off += raw
		n++
		if next < len(j.tooLong) && j.tooLong[next] == start || raw > max+2 {
			if next < len(j.tooLong) && j.tooLong[next] == start {
				next++
			}
			p.endRecord()
			p.settle()
			out.skipped.TooLong++
			p.skipCont = true
			continue
		}
		if k := len(line); k > 0 && line[k-1] == '\r' {
			line = line[:k-1]
		}
		p.line(line, n)
	}
	p.endRecord()
	out.lines = n
	return out
}

// settle: a record start or a skipped line was seen; lines after it no
// longer depend on the blocks before.
func (p *parser) settle() {
	p.lead = false
	p.out.settled = true
}

func (p *parser) line(line []byte, n int64) {
	k := classify(line, &p.hdr)
	if k != lkText {
		p.settle()
	}
	switch k {
	case lkHeader:
		p.endRecord()
		p.startRecord(n)
	case lkText:
		if p.lead {
			// a mid block's first lines: they continue a record or a skipped
			// line of the block before, or are corrupt when the file had none
			if len(bytes.TrimSpace(line)) > 0 {
				p.out.lead++
			}
		} else if p.inRec {
			if len(p.cont) < maxCont {
				if len(p.cont) > 0 {
					p.cont = append(p.cont, '\n')
				}
				room := maxCont - len(p.cont)
				if len(line) > room {
					line = line[:room]
				}
				p.cont = append(p.cont, line...)
			}
		} else if !p.skipCont && len(bytes.TrimSpace(line)) > 0 {
			p.out.skipped.Corrupt++
		}
	case lkBinary:
		p.endRecord()
		p.out.skipped.Binary++
		p.skipCont = true
	case lkNotUTF8:
		p.endRecord()
		p.out.skipped.NotUTF8++
		p.skipCont = true
	case lkCorrupt:
		p.endRecord()
		p.out.skipped.Corrupt++
		p.skipCont = true
	}
}

func (p *parser) startRecord(n int64) {
	p.inRec, p.skipCont = true, false
	p.recStamp, p.timeSet, p.recLevel, p.recLine = p.hdr.ts, false, p.hdr.level, n
	m := p.hdr.msg
	switch {
	case bytes.HasSuffix(m, []byte(" [] []")):
		p.recVer = Version7
		m = m[:len(m)-6]
	case bytes.HasSuffix(m, []byte("  ")):
		p.recVer = Version80
	default:
		p.recVer = ""
	}
	p.msg = bytes.TrimRight(m, " \t") // in the block, which outlives the record
	p.cont = p.cont[:0]
}

func (p *parser) endRecord() {
	if !p.inRec {
		return
	}
	p.inRec = false
	out := p.out
	out.records++
	if r := levelRank(p.recLevel); r >= 0 {
		out.levels[r]++
	}
	ver := p.recVer
	if ver == "" {
		switch {
		case bytes.HasPrefix(p.cont, []byte("[object] (")):
			ver = Version10
		case isInlineException(p.msg):
			ver = Version83
		default:
			ver = Version83Up
		}
	}
	out.vers |= versionBit(ver)
	if (!p.opts.Since.IsZero() && p.time().Before(p.opts.Since)) || (!p.opts.Until.IsZero() && p.time().After(p.opts.Until)) {
		out.outOfRange++
		return
	}
	hasOIDC, anchored := scanMessage(p.msg)
	if !hasOIDC && len(p.cont) > 0 {
		hasOIDC = mentionsOIDC(p.cont)
	}
	if !hasOIDC && !anchored && !(bytes.HasPrefix(p.msg, []byte("(")) && p.followsCand()) {
		return
	}
	msg := string(p.msg)
	e, ok := p.match(msg)
	if ok && e.NotOIDC {
		return
	}
	if !ok && !hasOIDC {
		return
	}
	if ok && e.ID == "espocrm:user-not-found" && ver == Version83Up {
		ver = Version10 // the DEBUG line exists only since 10.0
		out.vers |= versionBit(Version10)
	}
	if ok && e.Diagnostic {
		out.diagnostics++
		return
	}
	out.cands = append(out.cands, cand{t: p.time(), level: p.recLevel, ver: ver, line: p.recLine, msg: msg, hasOIDC: hasOIDC, e: e, known: ok,
		cause: classifyRecord(msg, *e, ok)})
	p.lastCand = p.time()
}

// time is the current record's time.
func (p *parser) time() time.Time {
	if !p.timeSet {
		p.recTime, p.timeSet = p.recStamp.time(), true
	}
	return p.recTime
}

// allVersions are the format versions a block can see, for blockOut.vers.
var allVersions = [...]string{Version7, Version80, Version83, Version10, Version83Up}

func versionBit(v string) uint8 {
	for i, s := range allVersions {
		if s == v {
			return 1 << i
		}
	}
	return 0
}

// followsCand: the record is within two seconds after an OIDC record of the
// block (the merger checks against the last login attempt exactly).
func (p *parser) followsCand() bool {
	if p.lastCand.IsZero() {
		return false
	}
	d := p.time().Sub(p.lastCand)
	return d >= 0 && d <= 2*time.Second
}

// match classifies a message, remembering the answers for the text before
// "Response:" (log lines repeat; the regexps are the costly part).
func (p *parser) match(msg string) (*explain.Entry, bool) {
	k := msg
	if i := strings.Index(k, "Response:"); i >= 0 {
		k = k[:i]
	}
	if len(k) > 256 {
		e, ok := explain.MatchMessage(msg)
		return &e, ok
	}
	if r, ok := p.cache[k]; ok {
		return r.e, r.ok
	}
	e, ok := explain.MatchMessage(msg)
	if len(p.cache) >= 4096 {
		clear(p.cache)
	}
	p.cache[k] = matchResult{&e, ok}
	return &e, ok
}
