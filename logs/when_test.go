package logs

import (
	"testing"
	"time"
)

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 7, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"2026-07-02":                time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC),
		"2026-07-02 09:15":          time.Date(2026, 7, 2, 9, 15, 0, 0, time.UTC),
		"2026-07-02 09:15:01":       time.Date(2026, 7, 2, 9, 15, 1, 0, time.UTC),
		"2026-07-02T09:15:01Z":      time.Date(2026, 7, 2, 9, 15, 1, 0, time.UTC),
		"2026-07-02T11:15:01+02:00": time.Date(2026, 7, 2, 9, 15, 1, 0, time.UTC),
		"24h":                       now.Add(-24 * time.Hour),
		"7d":                        now.Add(-7 * 24 * time.Hour),
		"90m":                       now.Add(-90 * time.Minute),
	} {
		got, err := ParseWhen(in, now, false)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseWhen(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if got, _ := ParseWhen("2026-07-02", now, true); !got.Equal(time.Date(2026, 7, 2, 23, 59, 59, 0, time.UTC)) {
		t.Errorf("end of day: %v", got)
	}
}

func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{"2026-07-02", "2026-07-02 09:15", "24h", "7d", "2026-07-02T09:15:01+02:00", "-5m", "99999999999d", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 7, 10, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseWhen(s, now, true)
		if err == nil && got.IsZero() && s != "0001-01-01" {
			t.Logf("%q parsed as the zero time", s)
		}
	})
}
