package logs

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// genChunk builds about 1 MB of 10.x log text: mostly ordinary records
// (scheduled jobs, AuthTokenControl, SMTP errors, 404s with [object] lines,
// stack traces) whose numbers change from record to record, and, every 40th
// record, a failed OIDC login (token error + empty CRITICAL + [object]). It
// is the chunk scripts/bench.sh generates.
func genChunk() []byte {
	var b bytes.Buffer
	t0 := time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC)
	for t := 1; b.Len() < 1<<20; t++ {
		ts := t0.Add(time.Duration(t) * time.Second).Format("2006-01-02 15:04:05")
		switch i := t % 40; {
		case i == 0:
			fmt.Fprintf(&b, "[%s] WARNING: OIDC: Token request error.; Status: 401; Response: {\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\\r\\nTrace ID: 0a1b2c3d-0000-4000-8000-%012d\",\"error_codes\":[7000215]}\n", ts, t)
			fmt.Fprintf(&b, "[%s] CRITICAL: (0)  :: GET /App/user\n[object] (RuntimeException(code: 0):  at /var/www/html/application/Espo/Core/Authentication/Oidc/Login.php:266)\n", ts)
		case i%7 == 0:
			fmt.Fprintf(&b, "[%s] ERROR: (404) Record not found. :: GET /Lead/6650a1b2c3d4e%04d\n[object] (Espo\\Core\\Exceptions\\NotFound(code: 404): Record not found. at /var/www/html/application/Espo/Core/Record/Service.php:340)\n", ts, t%10000)
		case i%5 == 0:
			fmt.Fprintf(&b, "[%s] ERROR: Email sending error: Could not connect to SMTP host smtp.example.com:587 (message %d); Failed to authenticate on SMTP server with username \"crm%d@example.com\"\n[object] (Laminas\\Mail\\Protocol\\Exception\\RuntimeException(code: 0): Could not read from smtp.example.com at /var/www/html/vendor/laminas/laminas-mail/src/Protocol/AbstractProtocol.php:340)\n", ts, t, t%97)
		case i%3 == 0:
			fmt.Fprintf(&b, "[%s] ERROR: JobManager: Failed job running, job [66f0a1b2c3d4%05d]. Error Details: Scheduled job AuthTokenControl took %d s; the client connection was closed at /var/www/html/application/Espo/Core/Job/JobRunner.php:176\n", ts, t%100000, t%120)
		case i%2 == 0:
			fmt.Fprintf(&b, "[%s] INFO: Cron: job AuthTokenControl done in %d ms; %d auth tokens removed\n", ts, t%1000, t%50)
		default:
			fmt.Fprintf(&b, "[%s] WARNING: Scheduled job 'ProcessJobQueueQ%d' took %d s, longer than the cron interval; job id 66f0a1b2c3d4%d\n", ts, t%5, t%300, t)
		}
	}
	return b.Bytes()
}

// repeatReader yields chunk over and over until n bytes were read, calling
// sample every 4 MB.
type repeatReader struct {
	chunk  []byte
	off    int
	left   int64
	next   int64
	sample func()
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := copy(p, r.chunk[r.off:])
	if int64(n) > r.left {
		n = int(r.left)
	}
	r.off = (r.off + n) % len(r.chunk)
	r.left -= int64(n)
	if r.sample != nil {
		r.next -= int64(n)
		if r.next <= 0 {
			r.sample()
			r.next = 4 << 20
		}
	}
	return n, nil
}

func BenchmarkAnalyze(b *testing.B) {
	chunk := genChunk()
	const size = 64 << 20
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, err := Analyze(context.Background(), []string{"-"}, &repeatReader{chunk: chunk, left: size}, Options{})
		if err != nil || len(a.Incidents) == 0 {
			b.Fatal(err)
		}
	}
	secPerGB := b.Elapsed().Seconds() / float64(b.N) * float64(1<<30) / size
	b.ReportMetric(secPerGB, "s/GB")
}

// peakHeap streams n bytes of generated log and returns the largest heap in
// use seen while reading.
func peakHeap(t *testing.T, n int64) uint64 {
	runtime.GC()
	var peak uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak {
			peak = ms.HeapInuse
		}
	}
	a, err := Analyze(context.Background(), []string{"-"}, &repeatReader{chunk: genChunk(), left: n, sample: sample}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sample()
	if a.Lines == 0 || len(a.Incidents) == 0 {
		t.Fatalf("nothing analysed: %+v", a)
	}
	return peak
}

// Memory does not grow with the input: the peak heap while streaming 512 MB
// is within a few blocks (1 MB each; a handful are in flight between the
// splitter, the workers and the merger) of the peak for 64 MB.
func TestMemoryDoesNotGrowWithInput(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 576 MB")
	}
	small := peakHeap(t, 64<<20)
	big := peakHeap(t, 512<<20)
	t.Logf("peak heap in use: %d KB for 64 MB, %d KB for 512 MB", small>>10, big>>10)
	if big > small+16<<20 || big > 64<<20 {
		t.Errorf("peak heap grew from %d KB (64 MB of log) to %d KB (512 MB)", small>>10, big>>10)
	}
}

// peakHeapOf streams r through Analyze, sampling the heap every 4 MB, and
// returns the largest heap in use and the analysis.
func peakHeapOf(t *testing.T, r *repeatReader) (uint64, *Analysis) {
	runtime.GC()
	var peak uint64
	r.sample = func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	a, _ := Analyze(context.Background(), []string{"-"}, r, Options{})
	r.sample()
	return peak, a
}

// Input without record headers (lines that never start a record, or
// nothing but newlines) is cut into bounded blocks too: before issue 16 such
// input was held whole (1 GB of lines: 3.9 GB of memory).
func TestMemoryBoundedWithoutRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 2 × 256 MB")
	}
	for name, chunk := range map[string][]byte{
		"lines without record headers": bytes.Repeat([]byte("PHP Warning:  Undefined array key \"x\" in /var/www/html/custom/Espo/Custom/Hooks/Lead/Test.php on line 12\n"), 10000),
		"newlines":                     bytes.Repeat([]byte("\n"), 1<<20),
	} {
		const size = 256 << 20
		peak, a := peakHeapOf(t, &repeatReader{chunk: chunk, left: size})
		t.Logf("%s: peak heap in use %d KB for %d MB", name, peak>>10, size>>20)
		if peak > 48<<20 {
			t.Errorf("%s: peak heap %d MB for %d MB of input", name, peak>>20, size>>20)
		}
		rest := chunk[:size%len(chunk)]
		want := int64(size/len(chunk)*bytes.Count(chunk, []byte("\n")) + bytes.Count(rest, []byte("\n")))
		if len(rest) > 0 && rest[len(rest)-1] != '\n' {
			want++ // the last line has no newline
		}
		if a == nil || a.Lines != want {
			t.Errorf("%s: analysis %+v, want %d lines", name, a, want)
		}
	}
}

// A gzip file that inflates to far more than it holds (4 MB of gzip → 4 GiB
// of newlines) streams in bounded memory as well; the test inflates 512 MiB.
func TestMemoryBoundedGzipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("inflates 512 MB")
	}
	const size = 512 << 20
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	nl := bytes.Repeat([]byte("\n"), 1<<20)
	for i := 0; i < size>>20; i++ {
		zw.Write(nl)
	}
	zw.Close()
	runtime.GC()
	var ms runtime.MemStats
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var p uint64
		for {
			select {
			case <-stop:
				peak <- p
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				p = max(p, ms.HeapInuse)
			}
		}
	}()
	a, _ := Analyze(context.Background(), []string{"-"}, bytes.NewReader(gz.Bytes()), Options{})
	close(stop)
	p := <-peak
	t.Logf("gzip of %d KB inflating to %d MB: peak heap %d KB", gz.Len()>>10, size>>20, p>>10)
	if p > 48<<20 {
		t.Errorf("peak heap %d MB", p>>20)
	}
	if a == nil || a.Lines != size {
		t.Errorf("analysis %+v", a)
	}
}

// Lines before the first record are corrupt, lines after a record continue
// it, also when there are so many that the blocks are cut between records.
func TestLinesAcrossMidRecordCuts(t *testing.T) {
	noise := strings.Repeat("PHP Warning:  Undefined array key \"x\" in /var/www/html/custom/Hooks/Test.php on line 12\n", 60000) // 5.4 MB
	rec := "[2026-07-02 09:00:00] ERROR: OIDC: JWT expired.\n"
	for _, tc := range []struct {
		name    string
		in      string
		corrupt int64
	}{
		{"before the first record", noise + rec, 60000},
		{"after a record", rec + noise + rec, 0},
		{"after a skipped line", "\x00binary\n" + noise + rec, 0},
	} {
		a, err := Analyze(context.Background(), []string{"-"}, strings.NewReader(tc.in), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if a.Skipped.Corrupt != tc.corrupt || a.Lines != int64(strings.Count(tc.in, "\n")) {
			t.Errorf("%s: %d corrupt, %d lines; want %d corrupt", tc.name, a.Skipped.Corrupt, a.Lines, tc.corrupt)
		}
	}
}
