package logs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"
)

// genChunk builds about 1 MB of 10.x log text: mostly unrelated records
// (warnings, 404s with [object] lines, stack traces) and, every 20th record,
// a failed OIDC login (token error + empty CRITICAL + [object]).
func genChunk() []byte {
	var b bytes.Buffer
	t0 := time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC)
	body := `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 0a1b2c3d-0000-4000-8000-000000000001\r\nCorrelation ID: 9f8e7d6c-0000-4000-8000-000000000002","error_codes":[7000215],"correlation_id":"9f8e7d6c-0000-4000-8000-000000000002"}`
	for i := 0; b.Len() < 1<<20; i++ {
		ts := t0.Add(time.Duration(i) * time.Second).Format("2006-01-02 15:04:05")
		switch {
		case i%20 == 0:
			fmt.Fprintf(&b, "[%s] WARNING: OIDC: Token request error.; Status: 401; Response: %s\n", ts, body)
			fmt.Fprintf(&b, "[%s] CRITICAL: (0)  :: GET /App/user\n[object] (RuntimeException(code: 0):  at /var/www/html/application/Espo/Core/Authentication/Oidc/Login.php:266)\n", ts)
		case i%7 == 0:
			fmt.Fprintf(&b, "[%s] ERROR: (404) Record not found. :: GET /Lead/6650a1b2c3d4e5f%02d\n[object] (Espo\\Core\\Exceptions\\NotFound(code: 404): Record not found. at /var/www/html/application/Espo/Core/Record/Service.php:340)\n", ts, i%100)
		case i%11 == 0:
			fmt.Fprintf(&b, "[%s] ERROR: (500) Could not connect to SMTP server. :: POST /Email\n[object] (Espo\\Core\\Exceptions\\Error(code: 500): Could not connect. at /var/www/html/application/Espo/Core/Mail/Sender.php:200)\n[stacktrace]\n#0 /var/www/html/application/Espo/Core/Mail/Sender.php(120): send()\n#1 {main}\n", ts)
		default:
			fmt.Fprintf(&b, "[%s] WARNING: Scheduled job 'ProcessJobQueueQ%d' took longer than expected; the cron interval may be too short for this installation.\n", ts, i%5)
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
