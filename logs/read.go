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
		if len(b) > lr.max+2 {
			return nil, true, nil
		}
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
	t := time.Date(y, time.Month(mo), d, hh, mi, ss, nsec, time.UTC)
	if offset != 0 {
		t = t.Add(-time.Duration(offset) * time.Second)
	}
	h.t = t
	h.level = lv
	h.msg = msg
	return true
}
