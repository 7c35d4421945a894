package logs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
	"unicode/utf8"
)

// DefaultMaxLine is the longest line parsed; longer lines are skipped and
// counted, and never held in memory whole.
const DefaultMaxLine = 1 << 20

// lineReader yields lines without the trailing newline. Lines longer than
// max are consumed in pieces and reported as too long, so memory stays
// bounded by max whatever the input.
type lineReader struct {
	r       *bufio.Reader
	max     int
	scratch []byte
	err     error // the read error, returned once the lines are used up
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line, whether it was too long (then line is nil),
// and the read error (io.EOF at the end) once no line is left. The line is
// valid until the next call.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	if lr.err != nil {
		return nil, false, lr.err
	}
	b, err := lr.r.ReadSlice('\n')
	if err == nil {
		return trimEOL(b), false, nil
	}
	if err != bufio.ErrBufferFull {
		lr.err = err
		if len(b) > 0 {
			// the last line had no newline
			return trimEOL(b), false, nil
		}
		return nil, false, err
	}
	lr.scratch = append(lr.scratch[:0], b...)
	for {
		b, err = lr.r.ReadSlice('\n')
		if !tooLong {
			if len(lr.scratch)+len(b) > lr.max+2 {
				tooLong = true
				lr.scratch = lr.scratch[:0]
			} else {
				lr.scratch = append(lr.scratch, b...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			lr.err = err
		}
		if tooLong {
			return nil, true, nil
		}
		return trimEOL(lr.scratch), false, nil
	}
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
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
	t     time.Time
	level string
	msg   []byte // after "LEVEL: "
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
	if hasControl(line) {
		return lkBinary
	}
	if !utf8.Valid(line) {
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

// hasControl reports a byte below 0x20 other than tab and escape. It tests
// eight bytes at a time (a byte b < 0x20 makes (b - 0x20) borrow into its
// high bit while b's own high bit is clear) and looks closer only on a hit.
func hasControl(line []byte) bool {
	const lo, hi = 0x2020202020202020, 0x8080808080808080
	i := 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:])
		if (x-lo)&^x&hi != 0 {
			for _, c := range line[i : i+8] {
				if c < 0x20 && c != '\t' && c != 0x1b {
					return true
				}
			}
		}
	}
	for _, c := range line[i:] {
		if c < 0x20 && c != '\t' && c != 0x1b {
			return true
		}
	}
	return false
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

// parseHeader parses "[YYYY-MM-DD HH:MM:SS] LEVEL: message".
func parseHeader(l []byte, h *header) bool {
	if len(l) < 24 || l[0] != '[' || l[5] != '-' || l[8] != '-' || l[11] != ' ' || l[14] != ':' || l[17] != ':' || l[20] != ']' || l[21] != ' ' {
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
	rest := l[22:]
	i := bytes.IndexByte(rest, ':')
	if i < 1 || i > 9 {
		return false
	}
	lv := canonicalLevel(rest[:i])
	if lv == "" {
		return false
	}
	msg := rest[i+1:]
	if len(msg) > 0 && msg[0] == ' ' {
		msg = msg[1:]
	}
	h.t = time.Date(y, time.Month(mo), d, hh, mi, ss, 0, time.UTC)
	h.level = lv
	h.msg = msg
	return true
}
