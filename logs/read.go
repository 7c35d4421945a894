package logs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf8"
)

// DefaultMaxLine is the longest line parsed; longer lines are skipped and
// counted, and never held in memory whole.
const DefaultMaxLine = 1 << 20

// splitter cuts a stream into blocks of whole lines that start at a record
// start, so that no record spans two blocks: it reads about blockSize
// bytes, then cuts before the next line that starts with "[" and a digit.
// It looks at the bytes once (a vectorised search for the cut), never line
// by line; the workers split the lines. Memory is bounded whatever the
// input: when a whole buffer holds no record start (lines without record
// headers, gigabytes of newlines), the block is cut at its last newline and
// the next one is marked mid; a line over the limit is skipped to its end
// and kept as an empty line marked too long.
type splitter struct {
	r     io.Reader
	max   int // the longest line
	cap   int // a block's buffer
	carry []byte
	pool  sync.Pool
	err   error
	mid   bool // the block to come starts inside a record
	skip  bool // discarding the rest of a line over the limit
}

// readStep is how far past blockSize (or the data read so far) one read
// goes while the splitter looks for a cut.
const readStep = 64 << 10

func newSplitter(r io.Reader, max int) *splitter {
	sp := &splitter{r: r, max: max, cap: blockSize + max + 2 + 64<<10}
	sp.pool.New = func() any { b := make([]byte, 0, sp.cap); return &b }
	return sp
}

func (sp *splitter) free(b *[]byte) { sp.pool.Put(b) }

// next returns the next block (nil when none is left) and the read error
// (io.EOF at the end) with the last block.
func (sp *splitter) next() (*job, error) {
	if sp.err != nil && len(sp.carry) == 0 {
		return nil, sp.err
	}
	buf := sp.pool.Get().(*[]byte)
	b := append((*buf)[:0], sp.carry...)
	sp.carry = sp.carry[:0]
	j := &job{data: buf, mid: sp.mid}
	sp.mid = false
	resume := blockSize // where the search for a record start at or after blockSize goes on
	cut := -1
	for sp.err == nil && len(b) < cap(b) {
		// read to a little past blockSize, then on in steps: the bytes
		// after the cut are copied to the next block, so a read that
		// fills the whole buffer would copy a block's worth twice
		end := min(cap(b), max(blockSize, len(b))+readStep)
		n, err := sp.r.Read(b[len(b):end])
		if sp.skip && n > 0 {
			// the rest of a line over the limit: drop it up to its newline,
			// which ends the empty line kept in its place
			k := bytes.IndexByte(b[len(b):len(b)+n], '\n')
			if k < 0 {
				n = 0
			} else {
				copy(b[len(b):cap(b)], b[len(b)+k+1:len(b)+n])
				n -= k + 1
				sp.skip = false
			}
		}
		b = b[:len(b)+n]
		if err != nil {
			sp.err = err
		}
		if len(b) > resume {
			if cut, resume = firstStart(b, resume); cut > 0 {
				break
			}
		}
	}
	if cut <= 0 && len(b) > blockSize {
		cut, _ = firstStart(b, blockSize) // the data read with the error
	}
	switch {
	case cut > 0:
	case sp.err != nil:
		cut = len(b) // the last block
	default: // a full buffer without a record start after blockSize
		cut = lastStart(b, blockSize)
		if cut <= 0 {
			// no record start in a whole buffer: cut at its last newline
			cut = bytes.LastIndexByte(b, '\n') + 1
			if cut == 0 {
				// one line fills the buffer: it is over the limit
				j.tooLong = append(j.tooLong, 0)
				*buf = append(b[:0], '\n')
				sp.skip = true
				sp.mid = true
				return j, nil
			}
			sp.mid = true
		}
	}
	sp.carry = append(sp.carry, b[cut:]...)
	b = b[:cut]
	*buf = b
	if sp.skip {
		// the stream ended inside a line over the limit
		sp.skip = false
	}
	if len(b) == 0 {
		sp.pool.Put(buf)
		if sp.err != nil && len(sp.carry) == 0 {
			return nil, sp.err
		}
		return nil, nil
	}
	if sp.err != nil && len(sp.carry) == 0 {
		return j, sp.err
	}
	return j, nil
}

// isStart: b[i] (a '[') starts a line and is followed by a digit.
func isStart(b []byte, i int) bool {
	return i >= 1 && b[i-1] == '\n' && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9'
}

// firstStart returns the first record start at or after from (-1: none) and
// where a later search, once more is read, resumes. It looks for '[', which
// is rare in most lines (not for newlines, which are common).
func firstStart(b []byte, from int) (at, resume int) {
	for from < len(b) {
		i := bytes.IndexByte(b[from:], '[')
		if i < 0 {
			return -1, len(b)
		}
		i += from
		if i+1 >= len(b) {
			return -1, i // the digit is not read yet
		}
		if isStart(b, i) {
			return i, i
		}
		from = i + 1
	}
	return -1, max(from, 0)
}

// lastStart returns the last record start in b[:end], or -1.
func lastStart(b []byte, end int) int {
	for end > 0 {
		i := bytes.LastIndexByte(b[:end], '[')
		if i < 0 {
			return -1
		}
		if isStart(b, i) {
			return i
		}
		end = i
	}
	return -1
}

// openStream wraps r in a gzip reader when it starts with the gzip magic.
func openStream(r io.Reader) (io.Reader, bool, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, true, fmt.Errorf("not a readable gzip file: %v", err)
		}
		return zr, true, nil
	}
	return br, false, nil
}

// describeReadError turns a read error into words for the file's problem
// list.
func describeReadError(err error, gz bool) string {
	switch {
	case gz && errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated gzip file: the compressed data ends early; the lines before were analysed"
	case gz && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader)):
		return "corrupt gzip data (" + err.Error() + "); the lines before were analysed"
	}
	return "read error: " + err.Error()
}

// lineKind classifies a line quickly.
type lineKind int

const (
	lkText    lineKind = iota // a continuation or noise line
	lkHeader                  // starts a record
	lkBinary                  // NUL or other control bytes
	lkNotUTF8                 // invalid UTF-8
	lkCorrupt                 // looks like a record start but is damaged
)

// header is a parsed record start.
type header struct {
	ts    stamp
	level string
	msg   []byte // after "LEVEL: "
}

// stamp is a record's time as written; time() converts it (only for the
// records that need a time: most do not).
type stamp struct {
	y, mo, d, hh, mi, ss, nsec, offset int
}

func (s stamp) time() time.Time {
	t := time.Date(s.y, time.Month(s.mo), s.d, s.hh, s.mi, s.ss, s.nsec, time.UTC)
	if s.offset != 0 {
		t = t.Add(-time.Duration(s.offset) * time.Second)
	}
	return t
}

var levels = []string{"DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"}

// levelRank orders levels; unknown levels rank -1.
func levelRank(l string) int {
	for i, s := range levels {
		if s == l {
			return i
		}
	}
	return -1
}

func canonicalLevel(b []byte) string {
	for _, s := range levels {
		if string(b) == s { // no allocation
			return s
		}
	}
	return ""
}

func classify(line []byte, h *header) lineKind {
	// binary: NUL or control bytes other than tab / escape
	control, nonASCII := scanText(line)
	if control {
		return lkBinary
	}
	if nonASCII && !utf8.Valid(line) {
		return lkNotUTF8
	}
	if len(line) == 0 || line[0] != '[' {
		return lkText
	}
	if len(line) < 2 || line[1] < '0' || line[1] > '9' {
		return lkText // [object], [previous exception], [stacktrace]
	}
	if parseHeader(line, h) {
		return lkHeader
	}
	return lkCorrupt
}

// hasControl reports a byte below 0x20 other than tab and escape.
func hasControl(line []byte) bool {
	control, _ := scanText(line)
	return control
}

// scanText reports, in one pass, a byte below 0x20 other than tab and
// escape, and a byte above 0x7f (then the line needs the UTF-8 check). It
// tests eight bytes at a time (a byte b < 0x20 makes (b - 0x20) borrow into
// its high bit while b's own high bit is clear) and looks closer only on a
// hit.
func scanText(line []byte) (control, nonASCII bool) {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	var high uint64
	i := 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:])
		high |= x
		if (x-lo)&^x&hi != 0 {
			for _, c := range line[i : i+8] {
				if c < 0x20 && c != '\t' && c != 0x1b {
					return true, false
				}
			}
		}
	}
	for _, c := range line[i:] {
		if c < 0x20 && c != '\t' && c != 0x1b {
			return true, false
		}
		high |= uint64(c)
	}
	return false, high&hi != 0
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseHeader parses "[YYYY-MM-DD HH:MM:SS] LEVEL: message". It also
// accepts a "T" between date and time, fractional seconds and a zone
// ("Z", "+02:00", "+0200"), which custom logger formats produce; times are
// converted to UTC.
func parseHeader(l []byte, h *header) bool {
	if len(l) < 24 || l[0] != '[' || l[5] != '-' || l[8] != '-' || (l[11] != ' ' && l[11] != 'T') || l[14] != ':' || l[17] != ':' {
		return false
	}
	y, ok1 := digits(l[1:5])
	mo, ok2 := digits(l[6:8])
	d, ok3 := digits(l[9:11])
	hh, ok4 := digits(l[12:14])
	mi, ok5 := digits(l[15:17])
	ss, ok6 := digits(l[18:20])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mi > 59 || ss > 60 {
		return false
	}
	i := 20
	nsec := 0
	if l[i] == '.' || l[i] == ',' {
		i++
		scale := 100000000
		for i < len(l) && l[i] >= '0' && l[i] <= '9' {
			nsec += int(l[i]-'0') * scale
			scale /= 10
			i++
		}
	}
	offset := 0
	if i < len(l) && l[i] == 'Z' {
		i++
	} else if i < len(l) && (l[i] == '+' || l[i] == '-') {
		sign := 1
		if l[i] == '-' {
			sign = -1
		}
		z := l[i+1:]
		var oh, om int
		var ok bool
		switch {
		case len(z) >= 5 && z[2] == ':':
			oh, ok = digits(z[0:2])
			if m, ok2 := digits(z[3:5]); ok && ok2 {
				om = m
				i += 6
			} else {
				ok = false
			}
		case len(z) >= 4:
			oh, ok = digits(z[0:2])
			if m, ok2 := digits(z[2:4]); ok && ok2 {
				om = m
				i += 5
			} else {
				ok = false
			}
		}
		if !ok || oh > 23 || om > 59 {
			return false
		}
		offset = sign * (oh*3600 + om*60)
	}
	if i+1 >= len(l) || l[i] != ']' || l[i+1] != ' ' {
		return false
	}
	rest := l[i+2:]
	j := bytes.IndexByte(rest, ':')
	if j < 1 || j > 9 {
		return false
	}
	lv := canonicalLevel(rest[:j])
	if lv == "" {
		return false
	}
	msg := rest[j+1:]
	if len(msg) > 0 && msg[0] == ' ' {
		msg = msg[1:]
	}
	h.ts = stamp{y, mo, d, hh, mi, ss, nsec, offset}
	h.level = lv
	h.msg = msg
	return true
}
