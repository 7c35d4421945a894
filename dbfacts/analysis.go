package dbfacts

import (
	"sort"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/internal/lazyre"
)

// Analyses of snapshot rows for the rules and the logs command. They only
// compute; they read nothing.

// MaxExamples bounds the examples an analysis keeps per finding.
const MaxExamples = 3

// UsernameCheck is the comparison of active users' user names with the
// username claim ("set the username of your users to the value the IdP
// will send").
type UsernameCheck struct {
	Claim     string // the claim name
	Shape     string // what its values look like: email, guid, opaque, unknown
	Users     int    // active users OIDC could log in (regular and admin; portal users for a portal)
	Matching  int    // of those, user names of the claim's shape
	MaxLength int    // user_name column length (50 unless changed)

	NotShaped     []string   // user names not of the claim's shape (examples)
	NotShapedN    int        //
	NotNormalized []string   // user names the normalised claim can never equal (examples)
	NotNormalN    int        //
	AtMaxLength   []string   // user names exactly MaxLength long: perhaps cut off (examples)
	AtMaxLengthN  int        //
	Duplicates    [][]string // groups of user names that normalise to the same value
	Admins        []string   // admins whose user name is of the claim's shape (examples)
	AdminsN       int        //
	SuperAdmins   []string   // super-admins of the claim's shape: OIDC never logs them in
	SuperAdminsN  int
}

var (
	emailRe  = lazyre.New(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	guidRe   = lazyre.New(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	opaqueRe = lazyre.New(`^[A-Za-z0-9_\-]{20,}$`)
)

// ClaimShape says what values of a username claim look like.
func ClaimShape(claim string) string {
	switch strings.ToLower(claim) {
	case "email", "upn", "preferred_username", "unique_name", "mail", "verified_primary_email":
		return "email"
	case "oid":
		return "guid"
	case "sub":
		return "opaque"
	}
	return "unknown"
}

func hasShape(shape, name string) bool {
	switch shape {
	case "email":
		return emailRe().MatchString(name)
	case "guid":
		return guidRe().MatchString(name)
	case "opaque":
		return guidRe().MatchString(name) || opaqueRe().MatchString(name)
	}
	return true
}

// CheckUsernames compares the active users with the username claim.
// normalize is EspoCRM's Sync::normalizeUsername with the instance's
// userNameRegularExpression; portal selects portal users of that portal
// instead of CRM users.
func CheckUsernames(users []User, claim string, maxLength int, normalize func(string) string, portalID string) UsernameCheck {
	if maxLength <= 0 {
		maxLength = 50
	}
	c := UsernameCheck{Claim: claim, Shape: ClaimShape(claim), MaxLength: maxLength}
	add := func(list *[]string, n *int, v string) {
		*n++
		if len(*list) < MaxExamples {
			*list = append(*list, v)
		}
	}
	groups := map[string][]string{}
	var order []string
	for _, u := range users {
		if !u.IsActive {
			continue
		}
		switch {
		case portalID != "":
			if u.Type != "portal" || !contains(u.PortalIDs, portalID) {
				continue
			}
		case u.Type == "super-admin":
			if hasShape(c.Shape, u.UserName) && c.Shape != "unknown" {
				add(&c.SuperAdmins, &c.SuperAdminsN, u.UserName)
			}
			continue
		case u.Type != "regular" && u.Type != "admin":
			continue
		}
		c.Users++
		if hasShape(c.Shape, u.UserName) {
			c.Matching++
			if u.Type == "admin" && c.Shape != "unknown" {
				add(&c.Admins, &c.AdminsN, u.UserName)
			}
		} else {
			add(&c.NotShaped, &c.NotShapedN, u.UserName)
		}
		n := normalize(u.UserName)
		if n != u.UserName {
			add(&c.NotNormalized, &c.NotNormalN, u.UserName)
		}
		if len(u.UserName) >= maxLength {
			add(&c.AtMaxLength, &c.AtMaxLengthN, u.UserName)
		}
		if _, seen := groups[n]; !seen {
			order = append(order, n)
		}
		groups[n] = append(groups[n], u.UserName)
	}
	for _, n := range order {
		if len(groups[n]) > 1 {
			c.Duplicates = append(c.Duplicates, groups[n])
		}
	}
	return c
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// TeamRef is a team id from the settings that names no usable team.
type TeamRef struct {
	ID      string
	Key     string // oidcTeamsIds or oidcTeamsColumns
	Deleted bool   // the team exists but is deleted (else it never existed)
	Name    string // its name, when known
}

// MissingTeams lists the ids in oidcTeamsIds and the keys of
// oidcTeamsColumns that name no existing, not deleted team.
func MissingTeams(teams []Team, teamsIDs []string, columns map[string]string) []TeamRef {
	byID := map[string]Team{}
	for _, t := range teams {
		byID[t.ID] = t
	}
	var out []TeamRef
	check := func(id, key string) {
		t, ok := byID[id]
		if ok && !t.Deleted {
			return
		}
		out = append(out, TeamRef{ID: id, Key: key, Deleted: ok, Name: t.Name})
	}
	for _, id := range teamsIDs {
		check(id, "oidcTeamsIds")
	}
	keys := make([]string, 0, len(columns))
	for id := range columns {
		keys = append(keys, id)
	}
	sort.Strings(keys)
	for _, id := range keys {
		if !contains(teamsIDs, id) {
			check(id, "oidcTeamsColumns")
		}
	}
	return out
}

// TeamLoss is a team that team sync would take from users at their next
// login because it is not in oidcTeamsIds.
type TeamLoss struct {
	TeamID, TeamName string
	Users            int
	Examples         []string // user names
}

// TeamsSyncWouldRemove lists, for active CRM users, the teams they have now
// that oidcSyncTeams replaces at their next login (the result list is built
// from oidcTeamsIds only).
func TeamsSyncWouldRemove(users []User, teams []Team, teamsIDs []string) []TeamLoss {
	names := map[string]string{}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	loss := map[string]*TeamLoss{}
	var order []string
	for _, u := range users {
		if !u.IsActive || (u.Type != "regular" && u.Type != "admin") {
			continue
		}
		for _, tid := range u.TeamIDs {
			if contains(teamsIDs, tid) {
				continue
			}
			l := loss[tid]
			if l == nil {
				l = &TeamLoss{TeamID: tid, TeamName: names[tid]}
				loss[tid] = l
				order = append(order, tid)
			}
			l.Users++
			if len(l.Examples) < MaxExamples {
				l.Examples = append(l.Examples, u.UserName)
			}
		}
	}
	sort.Strings(order)
	out := make([]TeamLoss, 0, len(order))
	for _, id := range order {
		out = append(out, *loss[id])
	}
	return out
}

// AuthLogSummary summarises the OIDC rows of the auth log.
type AuthLogSummary struct {
	Rows         int           `json:"rows"`
	First        time.Time     `json:"first"`
	Last         time.Time     `json:"last"`
	Successes    []UserLogins  `json:"signedIn"` // newest last sign-in first
	Denials      []Denial      `json:"denied"`   // by reason, most frequent first
	Timeline     []Bucket      `json:"timeline"` // per period, oldest first
	BucketSize   time.Duration `json:"bucketSeconds"`
	UnknownUsers int           `json:"unknownUsers"` // rows whose user_id names no current user
}

// UserLogins is one user's successful OIDC sign-ins.
type UserLogins struct {
	UserID   string    `json:"userId"`
	UserName string    `json:"userName"`
	Count    int       `json:"count"`
	First    time.Time `json:"first"`
	Last     time.Time `json:"last"`
}

// Denial is the denied attempts of one reason.
type Denial struct {
	Reason string    `json:"reason"`
	Count  int       `json:"count"`
	First  time.Time `json:"first"`
	Last   time.Time `json:"last"`
	NoUser int       `json:"noUser"`          // rows without a resolved user
	Users  []string  `json:"users,omitempty"` // user names (examples)
	IPs    int       `json:"addresses"`       // distinct addresses
}

// Bucket counts denials in [Start, Start+size).
type Bucket struct {
	Start  time.Time `json:"start"`
	Denied int       `json:"denied"`
	OK     int       `json:"signedIn"`
}

// Summarize groups the rows (any order).
func Summarize(rows []AuthLogRecord) AuthLogSummary {
	s := AuthLogSummary{Rows: len(rows)}
	users := map[string]*UserLogins{}
	denials := map[string]*Denial{}
	ips := map[string]map[string]bool{}
	for _, r := range rows {
		t := r.Time()
		if !t.IsZero() {
			if s.First.IsZero() || t.Before(s.First) {
				s.First = t
			}
			if t.After(s.Last) {
				s.Last = t
			}
		}
		if r.UserID != "" && r.UserName == "" {
			s.UnknownUsers++
		}
		if !r.IsDenied {
			key := r.UserID
			u := users[key]
			if u == nil {
				u = &UserLogins{UserID: r.UserID, UserName: r.UserName}
				users[key] = u
			}
			u.Count++
			span(&u.First, &u.Last, t)
			continue
		}
		reason := r.DenialReason
		if reason == "" {
			reason = "(none)"
		}
		d := denials[reason]
		if d == nil {
			d = &Denial{Reason: reason}
			denials[reason] = d
			ips[reason] = map[string]bool{}
		}
		d.Count++
		span(&d.First, &d.Last, t)
		if r.UserID == "" {
			d.NoUser++
		} else {
			name := r.UserName
			if name == "" {
				name = "id " + r.UserID
			}
			if !contains(d.Users, name) && len(d.Users) < MaxExamples {
				d.Users = append(d.Users, name)
			}
		}
		if r.IPAddress != "" {
			ips[reason][r.IPAddress] = true
		}
	}
	for _, u := range users {
		s.Successes = append(s.Successes, *u)
	}
	sort.Slice(s.Successes, func(i, j int) bool {
		if !s.Successes[i].Last.Equal(s.Successes[j].Last) {
			return s.Successes[i].Last.After(s.Successes[j].Last)
		}
		return s.Successes[i].UserName < s.Successes[j].UserName
	})
	for reason, d := range denials {
		d.IPs = len(ips[reason])
		s.Denials = append(s.Denials, *d)
	}
	sort.Slice(s.Denials, func(i, j int) bool {
		if s.Denials[i].Count != s.Denials[j].Count {
			return s.Denials[i].Count > s.Denials[j].Count
		}
		return s.Denials[i].Reason < s.Denials[j].Reason
	})
	s.BucketSize = 24 * time.Hour
	if s.Last.Sub(s.First) <= 48*time.Hour {
		s.BucketSize = time.Hour
	}
	if !s.First.IsZero() {
		b := map[int64]*Bucket{}
		for _, r := range rows {
			t := r.Time()
			if t.IsZero() {
				continue
			}
			start := t.Truncate(s.BucketSize)
			k := start.Unix()
			if b[k] == nil {
				b[k] = &Bucket{Start: start}
			}
			if r.IsDenied {
				b[k].Denied++
			} else {
				b[k].OK++
			}
		}
		for _, v := range b {
			s.Timeline = append(s.Timeline, *v)
		}
		sort.Slice(s.Timeline, func(i, j int) bool { return s.Timeline[i].Start.Before(s.Timeline[j].Start) })
	}
	return s
}

func span(first, last *time.Time, t time.Time) {
	if t.IsZero() {
		return
	}
	if first.IsZero() || t.Before(*first) {
		*first = t
	}
	if t.After(*last) {
		*last = t
	}
}

// Window is a time span from another source (a log-file incident) to match
// with auth-log rows.
type Window struct {
	Label string    `json:"label"`
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// Match is the auth-log rows that fall in a window (widened by slack).
type Match struct {
	Window  Window         `json:"incident"`
	Rows    int            `json:"rows"`
	Denied  int            `json:"denied"`
	Reasons map[string]int `json:"reasons"`
}

// Correlate counts, for each window, the auth-log rows within
// [First-slack, Last+slack]. A window with no rows is an attempt EspoCRM
// did not record (an HTTP 500, maintenance mode, a blocked IP) or a
// disabled auth log.
func Correlate(windows []Window, rows []AuthLogRecord, slack time.Duration) []Match {
	out := make([]Match, 0, len(windows))
	for _, w := range windows {
		m := Match{Window: w, Reasons: map[string]int{}}
		lo, hi := w.First.Add(-slack), w.Last.Add(slack)
		for _, r := range rows {
			t := r.Time()
			if t.Before(lo) || t.After(hi) {
				continue
			}
			m.Rows++
			if r.IsDenied {
				m.Denied++
				m.Reasons[r.DenialReason]++
			}
		}
		out = append(out, m)
	}
	return out
}

// AuthLogLimits are what the auth log cannot show, in plain words, for the
// summary's notes.
var AuthLogLimits = []string{
	"OIDC attempts are recorded under the user name \"**oidc\"; the person is known only when EspoCRM resolved a user (user_id).",
	"Since EspoCRM 8.2.3 most OIDC denials are recorded as CREDENTIALS without a user: an unknown user, an inactive user, a user of the wrong type or portal, a bad token or a rejected code all look the same. The INFO lines \"Oidc: User <id> found but ...\" in the log file tell them apart.",
	"A login that ends in an HTTP 500 (token endpoint errors, JWT or key problems, a missing username claim) writes no row at all; only the log file shows it.",
	"Maintenance mode and the failed-attempts block write no row either.",
}
