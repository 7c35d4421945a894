package report

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/espo-oidc/espo-oidc/internal/jsonw"
	"github.com/espo-oidc/espo-oidc/rules"
)

// Streams render a run instance by instance (run.Options.Stream): JSON is
// written as results come, in one valid document (its findings and
// instances are spooled, to a temporary file once they are large, since
// the totals come first); the other formats collect the results (not the
// parsed inputs, unless the format shows them) and render at Finish.
type Streams struct {
	stdout io.Writer
	outs   []Output
	o      OutputOptions
	list   []stream
}

type stream interface {
	instance(res *rules.Result, in *InstanceInput)
	finish(w io.Writer, rep *Report, opts Options) error
}

// OpenStreams prepares a stream per output; nothing is written before
// Finish but the spools.
func OpenStreams(stdout io.Writer, outs []Output, o OutputOptions) *Streams {
	s := &Streams{stdout: stdout, outs: outs, o: o}
	for _, out := range outs {
		switch out.Format {
		case "json":
			s.list = append(s.list, &jsonStream{full: o.SkippedFull})
		default:
			s.list = append(s.list, &collectStream{format: out.Format, inputs: out.Format == "html" || out.Format == "markdown"})
		}
	}
	return s
}

// Instance hands one instance's result to every output. The result must
// have been put through RedactResult (run.Run does it in its workers when
// it streams): the streams hold no inputs to redact with.
func (s *Streams) Instance(res *rules.Result, in *InstanceInput) {
	for _, st := range s.list {
		st.instance(res, in)
	}
}

// Finish writes every output; rep is the run's report (totals, errors).
func (s *Streams) Finish(rep *Report) error {
	for i, out := range s.outs {
		err := writeOutput(s.stdout, out, s.o, func(w io.Writer, opts Options) error { return s.list[i].finish(w, rep, opts) })
		if err != nil {
			return err
		}
	}
	return nil
}

// collectStream keeps the results and renders them at the end.
type collectStream struct {
	format  string
	inputs  bool
	results []*rules.Result
	ins     []*InstanceInput
}

func (c *collectStream) instance(res *rules.Result, in *InstanceInput) {
	c.results = append(c.results, res)
	if c.inputs && in != nil {
		c.ins = append(c.ins, in)
	}
}

func (c *collectStream) finish(w io.Writer, rep *Report, opts Options) error {
	r := *rep
	r.Results, r.Inputs = c.results, c.ins
	return Write(w, c.format, &r, opts)
}

// spoolMax is how much of a spool stays in memory.
var spoolMax = 4 << 20

// spool is a byte sink that moves to a temporary file once it is large.
// In memory it is a list of chunks, not one growing buffer: each byte is
// written once, and no buffer twice the size is ever copied into.
type spool struct {
	chunks [][]byte
	size   int
	file   *os.File
	err    error
}

// spoolChunk is the size of one in-memory chunk.
const spoolChunk = 64 << 10

func (s *spool) write(b []byte) {
	if s.err != nil {
		return
	}
	if s.file == nil && s.size+len(b) > spoolMax {
		if s.file, s.err = os.CreateTemp("", "espo-oidc-*.json"); s.err != nil {
			return
		}
		os.Remove(s.file.Name()) // gone once closed
		for _, c := range s.chunks {
			if _, s.err = s.file.Write(c); s.err != nil {
				break
			}
		}
		s.chunks = nil
	}
	if s.file != nil {
		if s.err == nil {
			_, s.err = s.file.Write(b)
		}
		return
	}
	s.size += len(b)
	for len(b) > 0 {
		if n := len(s.chunks); n == 0 || len(s.chunks[n-1]) == cap(s.chunks[n-1]) {
			s.chunks = append(s.chunks, make([]byte, 0, max(spoolChunk, len(b))))
		}
		last := &s.chunks[len(s.chunks)-1]
		k := min(len(b), cap(*last)-len(*last))
		*last = append(*last, b[:k]...)
		b = b[k:]
	}
}

// copyTo writes the spool to w and releases it.
func (s *spool) copyTo(w io.Writer) error {
	if s.err != nil {
		return fmt.Errorf("spooling the JSON document: %v", s.err)
	}
	if s.file == nil {
		for _, c := range s.chunks {
			if _, err := w.Write(c); err != nil {
				return err
			}
		}
		s.chunks = nil
		return nil
	}
	defer s.file.Close()
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.file)
	return err
}

// jsonStream writes the JSON document as writeJSON does, instance by
// instance.
type jsonStream struct {
	full                bool // --skipped full
	findings, instances spool
	nFindings, nInst    int
	scratch             []byte
}

func (j *jsonStream) instance(res *rules.Result, _ *InstanceInput) {
	for i := range res.Findings {
		j.scratch = j.scratch[:0]
		if j.nFindings > 0 {
			j.scratch = append(j.scratch, ',')
		}
		j.scratch = jsonw.Indent(j.scratch, 2)
		j.scratch = jsonw.Append(j.scratch, &res.Findings[i], 2)
		j.findings.write(j.scratch)
		j.nFindings++
	}
	j.scratch = j.scratch[:0]
	if j.nInst > 0 {
		j.scratch = append(j.scratch, ',')
	}
	j.scratch = jsonw.Indent(j.scratch, 2)
	j.scratch = jsonw.Append(j.scratch, jsonInstance(res, j.full), 2)
	j.instances.write(j.scratch)
	j.nInst++
}

func (j *jsonStream) finish(w io.Writer, rep *Report, _ Options) error {
	h := *rep // everything but the streamed results
	h.Results, h.Inputs, h.HiddenFail = nil, nil, rep.Failed()
	head := toJSON(&h, j.full)
	head.Summary = rep.Streamed
	doc := jsonw.Append(nil, head, 0)
	// the two arrays are empty in head: the spools go in their place
	for _, part := range []struct {
		marker []byte
		n      int
		sp     *spool
	}{{[]byte("\n  \"findings\": []"), j.nFindings, &j.findings}, {[]byte("\n  \"instances\": []"), j.nInst, &j.instances}} {
		i := bytes.Index(doc, part.marker)
		if i < 0 {
			return fmt.Errorf("JSON: %s not in the document head", part.marker)
		}
		i += len(part.marker) - 1 // at the ]
		if _, err := w.Write(doc[:i]); err != nil {
			return err
		}
		doc = doc[i:]
		if part.n > 0 {
			if err := part.sp.copyTo(w); err != nil {
				return err
			}
			if _, err := w.Write([]byte("\n  ")); err != nil {
				return err
			}
		}
	}
	_, err := w.Write(append(doc, '\n'))
	return err
}
