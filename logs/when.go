package logs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseWhen reads a --since/--until value. Times without a zone are UTC, as
// EspoCRM writes its logs. A date alone is the start of the day, or with
// endOfDay its last second.
func ParseWhen(s string, now time.Time, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if n := len(s); n > 1 && s[n-1] == 'd' {
		if days, err := strconv.Atoi(s[:n-1]); err == nil && days >= 0 && days <= 100*366 {
			return now.Add(-time.Duration(days) * 24 * time.Hour), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			d = -d
		}
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	if t, err := time.ParseInLocation("2006-01-02", s, time.UTC); err == nil {
		if endOfDay {
			return t.Add(24*time.Hour - time.Second), nil
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time (use 2026-07-02, \"2026-07-02 09:00\", 2026-07-02T09:00:00Z, or 24h / 7d)", s)
}
