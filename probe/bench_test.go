package probe

import (
	"context"
	"testing"
	"time"
)

// BenchmarkProbeLatency200ms: every request to the fake IdP takes 200 ms.
// Discovery, JWKS, the authorize check and client credentials are
// independent and run concurrently, so a full probe takes about one
// round trip (~200 ms), not four (~800 ms). The ms/probe metric is the
// figure to compare with 1.5 × 200 ms.
func BenchmarkProbeLatency200ms(b *testing.B) {
	f := newFake(b)
	f.Latency = 200 * time.Millisecond
	s := entraSettings(b, "11111111-2222-3333-4444-555555555555", nil)
	o := opts(f)
	// warm the connection pool once so TLS handshakes are not counted
	Run(context.Background(), s, o)
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		facts := Run(context.Background(), s, o)
		total += time.Since(start)
		if facts.Incomplete() != nil || len(facts.Timeline) != 4 {
			b.Fatalf("probe: %v, %d steps", facts.Incomplete(), len(facts.Timeline))
		}
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/probe")
}

// TestProbeOverlaps asserts the structure behind the benchmark, not a time:
// the four independent requests are in flight at the same moment.
func TestProbeOverlaps(t *testing.T) {
	f := newFake(t)
	f.Latency = 300 * time.Millisecond
	facts := Run(context.Background(), entraSettings(t, "11111111-2222-3333-4444-555555555555", nil), opts(f))
	if len(facts.Timeline) != 4 {
		t.Fatalf("steps %+v", facts.Timeline)
	}
	f.Close()
	if f.MaxInflight != 4 {
		t.Errorf("at most %d requests were in flight at once, want 4 (discovery, JWKS, authorize, client credentials)", f.MaxInflight)
	}
}
