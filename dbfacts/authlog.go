package dbfacts

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
)

// AuthLogReport is what `logs --db` and the report bundle say about the
// auth log: the summary, the correlation with log-file incidents, and what
// the auth log cannot show.
type AuthLogReport struct {
	Database  string         `json:"database"`           // Target.String(): no password
	Read      bool           `json:"read"`               // the auth log was read
	Skipped   string         `json:"skipped,omitempty"`  // why not
	Disabled  bool           `json:"disabled,omitempty"` // authLogDisabled is on in the settings
	Total     int            `json:"total"`              // rows of any method
	Truncated bool           `json:"truncated,omitempty"`
	Since     *time.Time     `json:"since,omitempty"`
	Summary   AuthLogSummary `json:"summary"`
	Incidents []Match        `json:"incidents,omitempty"` // log-file incidents and the rows at their time
	Limits    []string       `json:"limits"`
}

// NewAuthLogReport builds the report from a snapshot (nil: not read, with
// skipped as the reason), the settings' authLogDisabled, and the log-file
// incidents' time windows.
func NewAuthLogReport(s *Snapshot, skipped string, disabled bool, windows []Window, since time.Time) *AuthLogReport {
	r := &AuthLogReport{Disabled: disabled, Limits: AuthLogLimits, Skipped: skipped}
	if !since.IsZero() {
		t := since.UTC()
		r.Since = &t
	}
	if s == nil {
		if r.Skipped == "" {
			r.Skipped = "no database given (--db or --dsn)"
		}
		return r
	}
	r.Database = s.Target
	if !s.Has(PartAuthLog) {
		r.Skipped = s.SkipReason(PartAuthLog)
		return r
	}
	r.Read = true
	r.Total = s.AuthLog.Total
	r.Truncated = s.AuthLog.Truncated
	r.Summary = Summarize(s.AuthLog.Rows)
	if len(windows) > 0 {
		r.Incidents = Correlate(windows, s.AuthLog.Rows, 2*time.Minute)
	}
	return r
}

// Denied is the number of denied OIDC attempts read.
func (r *AuthLogReport) Denied() int {
	n := 0
	for _, d := range r.Summary.Denials {
		n += d.Count
	}
	return n
}

// WriteText renders the report for a terminal.
func (r *AuthLogReport) WriteText(w io.Writer) error {
	ew := &errW{w: w}
	ew.printf("Auth log (%s)", orDash(r.Database))
	if r.Since != nil {
		ew.printf(", since %s UTC", r.Since.Format("2006-01-02 15:04"))
	}
	ew.printf(":\n")
	if r.Disabled {
		ew.printf("  authLogDisabled is on in the settings: EspoCRM records no login attempt, so the auth log cannot say who was refused.\n")
	}
	if !r.Read {
		ew.printf("  not read: %s\n", r.Skipped)
		return ew.err
	}
	s := r.Summary
	if s.Rows == 0 {
		ew.printf("  no OIDC login attempts recorded (%d rows of other methods).", r.Total)
		if !r.Disabled {
			ew.printf(" Nobody tried OIDC, every attempt ended in an HTTP 500 (which writes no row), or the log was cleared.")
		}
		ew.printf("\n")
	} else {
		more := ""
		if r.Truncated {
			more = " (the newest; more exist)"
		}
		ew.printf("  %d OIDC login attempt(s)%s, %s → %s UTC.\n", s.Rows, more, s.First.Format("2006-01-02 15:04:05"), s.Last.Format("2006-01-02 15:04:05"))
		if len(s.Successes) == 0 {
			ew.printf("\n  Signed in: nobody.\n")
		} else {
			ew.printf("\n  Signed in (%d user(s)):\n", len(s.Successes))
			for _, u := range s.Successes {
				name := u.UserName
				if name == "" {
					name = "user id " + u.UserID + " (no longer exists)"
				}
				ew.printf("    %-40s %3d×  first %s  last %s\n", name, u.Count, u.First.Format("2006-01-02 15:04"), u.Last.Format("2006-01-02 15:04"))
			}
		}
		if len(s.Denials) == 0 {
			ew.printf("\n  Denied: none.\n")
		} else {
			ew.printf("\n  Denied, by reason:\n")
			for _, d := range s.Denials {
				who := ""
				switch {
				case d.NoUser == d.Count:
					who = "no user resolved"
				case len(d.Users) > 0:
					who = strings.Join(d.Users, ", ")
					if d.NoUser > 0 {
						who += fmt.Sprintf("; %d without a user", d.NoUser)
					}
				}
				ew.printf("    %-22s %3d×  %s → %s  %s; %d address(es)\n", d.Reason, d.Count, d.First.Format("01-02 15:04"), d.Last.Format("01-02 15:04"), who, d.IPs)
				if m := denialMeaning[d.Reason]; m != "" {
					ew.printf("    %-22s       %s\n", "", m)
				}
			}
			unit := "day"
			layout := "2006-01-02"
			if s.BucketSize == time.Hour {
				unit, layout = "hour", "2006-01-02 15:00"
			}
			ew.printf("\n  Over time (per %s, UTC): denied / signed in\n", unit)
			for _, b := range s.Timeline {
				line := fmt.Sprintf("    %-16s %4d / %-4d %s", b.Start.Format(layout), b.Denied, b.OK, strings.Repeat("#", min(b.Denied, 60)))
				ew.printf("%s\n", strings.TrimRight(line, " "))
			}
		}
	}
	if len(r.Incidents) > 0 {
		ew.printf("\n  Log-file incidents and the auth log at the same time (±2 min):\n")
		for i, m := range r.Incidents {
			ew.printf("    [%d] %s, %s → %s: ", i+1, m.Window.Label, m.Window.First.Format("01-02 15:04:05"), m.Window.Last.Format("15:04:05"))
			if m.Rows == 0 {
				ew.printf("no auth-log row: EspoCRM wrote none (an HTTP 500 writes none)\n")
				continue
			}
			var rs []string
			for reason, n := range m.Reasons {
				rs = append(rs, fmt.Sprintf("%s ×%d", reason, n))
			}
			sort.Strings(rs)
			ew.printf("%d row(s), %d denied %s\n", m.Rows, m.Denied, strings.Join(rs, ", "))
		}
	}
	ew.printf("\n  What the auth log cannot show:\n")
	for _, l := range r.Limits {
		ew.printf("    * %s\n", l)
	}
	return ew.err
}

// denialMeaning says what a denial reason means for an OIDC login.
var denialMeaning = map[string]string{
	"CREDENTIALS":           "no user resolved: unknown, inactive, wrong type or portal (8.2.3+), a bad token or code",
	"INACTIVE_USER":         "the user is inactive",
	"IS_PORTAL_USER":        "a portal user tried the CRM",
	"IS_NOT_PORTAL_USER":    "a CRM user tried a portal",
	"USER_IS_NOT_IN_PORTAL": "the portal user is not a member of this portal",
	"IS_SYSTEM_USER":        "the system user",
	"FORBIDDEN":             "refused by a login hook (IP address not allowed, say)",
	"WRONG_CODE":            "a wrong 2FA code (before 8.4, OIDC users with 2FA enrolled got the second step)",
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type errW struct {
	w   io.Writer
	err error
}

func (e *errW) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// AuthLogDisabled is the settings' authLogDisabled as EspoCRM reads it
// (PHP truthiness: `if ($config->get('authLogDisabled'))`); false without
// settings.
func AuthLogDisabled(s *espo.Settings) bool {
	if s == nil {
		return false
	}
	st := s.Get("authLogDisabled")
	return st != nil && st.Value.Truthy()
}
