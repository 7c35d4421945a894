package report

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/espo-oidc/espo-oidc/rules"
)

// streamed renders r through Streams, as lint does: results one by one,
// then the report without them.
func streamed(t *testing.T, r *Report, format string, o OutputOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	s := OpenStreams(&b, []Output{{format, "-"}}, o)
	head := *r
	head.Results, head.Inputs = nil, nil
	for i, res := range r.Results {
		var in *InstanceInput
		if i < len(r.Inputs) {
			in = r.Inputs[i]
		}
		head.Stream(res)
		s.Instance(res, in)
	}
	if err := s.Finish(&head); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Streaming writes what rendering the whole report writes, byte for byte,
// in every format; for JSON also when its spools move to temporary files.
func TestStreamsWriteTheSame(t *testing.T) {
	old, oldMax := catalog, spoolMax
	catalog = func() []*rules.Rule { return testRules }
	spoolMax = 256 << 10 // the big report's spools go to temporary files
	defer func() { catalog, spoolMax = old, oldMax }()
	big := fixtureReport()
	base := big.Results[0]
	for i := 0; i < 1000; i++ {
		res := *base
		res.Instance = fmt.Sprintf("testdata/fleet/crm%d", i)
		res.Findings = append([]rules.Finding(nil), base.Findings...)
		for j := range res.Findings {
			res.Findings[j].Instance = res.Instance
		}
		big.Results = append(big.Results, &res)
	}
	incomplete := fixtureReport()
	incomplete.Errors, incomplete.Incomplete = nil, []string{"testdata/instance: jwks: timeout"}
	empty := fixtureReport()
	empty.Results, empty.Inputs = empty.Results[1:], nil
	for _, c := range []struct {
		name string
		r    *Report
	}{{"fixture", fixtureReport()}, {"incomplete", incomplete}, {"no findings", empty}, {"1000 instances", big}} {
		for _, format := range Formats() {
			for _, full := range []bool{false, true} {
				if full && format != "json" {
					continue
				}
				var want bytes.Buffer
				if err := Write(&want, format, c.r, Options{SkippedFull: full}); err != nil {
					t.Fatal(err)
				}
				got := streamed(t, c.r, format, OutputOptions{SkippedFull: full})
				if !bytes.Equal(got, want.Bytes()) {
					t.Errorf("%s, %s (full %v): streamed output differs (%d bytes, want %d)", c.name, format, full, len(got), want.Len())
				}
			}
		}
	}
	if n := len(streamed(t, big, "json", OutputOptions{})); n < 2*spoolMax {
		t.Errorf("the big report is %d bytes: its spools stayed in memory", n)
	}
}

// A spool gives back what was written, byte for byte, across chunk
// boundaries (writes smaller than, equal to and larger than a chunk) and
// after it moved to a temporary file.
func TestSpoolKeepsBytes(t *testing.T) {
	oldMax := spoolMax
	defer func() { spoolMax = oldMax }()
	for _, max := range []int{1 << 30, 3*spoolChunk + 17} {
		spoolMax = max
		var s spool
		var want bytes.Buffer
		for i, n := range []int{1, spoolChunk - 1, 1, spoolChunk, 5, 2*spoolChunk + 3, 0, 7, spoolChunk / 2, spoolChunk} {
			b := bytes.Repeat([]byte{byte('a' + i)}, n)
			s.write(b)
			want.Write(b)
		}
		var got bytes.Buffer
		if err := s.copyTo(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("spoolMax %d: %d bytes back, want %d (equal prefix %d)", max, got.Len(), want.Len(), commonPrefix(got.Bytes(), want.Bytes()))
		}
		if inFile := s.file != nil; inFile != (max < want.Len()) {
			t.Errorf("spoolMax %d: in a file = %v for %d bytes", max, inFile, want.Len())
		}
	}
}

func commonPrefix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
