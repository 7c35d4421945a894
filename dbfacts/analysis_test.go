package dbfacts_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/dbfacts/dbtest"
	"github.com/espo-oidc/espo-oidc/espo"
)

func normalize(s string) string {
	n, _ := espo.NormalizeUsername(s, "")
	return n
}

func fixture() *dbfacts.Snapshot { return dbtest.Snapshot() }

func TestCheckUsernamesEmailClaim(t *testing.T) {
	c := dbfacts.CheckUsernames(fixture().Users, "email", 50, normalize, "")
	got := fmt.Sprintf("shape=%s users=%d matching=%d notShaped=%d%v notNorm=%d%v atMax=%d%v dup=%v admins=%d%v super=%d%v",
		c.Shape, c.Users, c.Matching, c.NotShapedN, c.NotShaped, c.NotNormalN, c.NotNormalized, c.AtMaxLengthN, c.AtMaxLength,
		c.Duplicates, c.AdminsN, c.Admins, c.SuperAdminsN, c.SuperAdmins)
	want := "shape=email users=8 matching=3 notShaped=5[admin bob carol] notNorm=1[dave smith] " +
		"atMax=1[erin.marie.longname-consult@subsidiary.example.com] dup=[[dave smith dave_smith]] admins=1[it-admin@example.com] super=1[root@example.com]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestCheckUsernamesOtherClaims(t *testing.T) {
	users := []dbfacts.User{
		{UserName: "3f2504e0-4f89-11d3-9a0c-0305e82c3301", Type: "regular", IsActive: true},
		{UserName: "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd", Type: "regular", IsActive: true},
		{UserName: "jdoe", Type: "regular", IsActive: true},
	}
	if c := dbfacts.CheckUsernames(users, "oid", 50, normalize, ""); c.Matching != 1 || c.NotShapedN != 2 || c.NotNormalN != 1 {
		t.Errorf("oid: %+v", c)
	}
	if c := dbfacts.CheckUsernames(users, "sub", 50, normalize, ""); c.Matching != 2 || c.NotShaped[0] != "jdoe" {
		t.Errorf("sub: %+v", c)
	}
	if c := dbfacts.CheckUsernames(users, "employee_id", 50, normalize, ""); c.Shape != "unknown" || c.Matching != 3 {
		t.Errorf("custom claim: %+v", c)
	}
	// A portal looks only at its own portal users.
	if c := dbfacts.CheckUsernames(fixture().Users, "email", 50, normalize, "p-customers"); c.Users != 1 || c.Matching != 1 {
		t.Errorf("portal: %+v", c)
	}
}

func TestMissingTeams(t *testing.T) {
	got := dbfacts.MissingTeams(fixture().Teams, []string{"t-sales", "t-old", "t-ghost"}, map[string]string{"t-sales": "g1", "t-gone": "g2", "t-old": "g3"})
	want := []dbfacts.TeamRef{
		{ID: "t-old", Key: "oidcTeamsIds", Deleted: true, Name: "Old Team"},
		{ID: "t-ghost", Key: "oidcTeamsIds"},
		{ID: "t-gone", Key: "oidcTeamsColumns"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestTeamsSyncWouldRemove(t *testing.T) {
	got := dbfacts.TeamsSyncWouldRemove(fixture().Users, fixture().Teams, []string{"t-sales", "t-support"})
	want := []dbfacts.TeamLoss{
		{TeamID: "t-old", TeamName: "Old Team", Users: 1, Examples: []string{"carol"}},
		{TeamID: "t-unmapped", TeamName: "Unmapped", Users: 1, Examples: []string{"bob"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// Empty oidcTeamsIds: every team goes.
	if got := dbfacts.TeamsSyncWouldRemove(fixture().Users, fixture().Teams, nil); len(got) != 4 || got[1].TeamID != "t-sales" || got[1].Users != 1 {
		t.Errorf("no ids: %+v", got)
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSummarize(t *testing.T) {
	rows := []dbfacts.AuthLogRecord{
		{ID: "1", UserID: "u-alice", UserName: "alice@example.com", RequestTime: at("2026-01-30 09:00:00"), IPAddress: "a"},
		{ID: "2", UserID: "u-bob", UserName: "bob", RequestTime: at("2026-01-30 09:05:00")},
		{ID: "3", IsDenied: true, DenialReason: "CREDENTIALS", RequestTime: at("2026-01-31 10:00:00"), IPAddress: "x"},
		{ID: "4", IsDenied: true, DenialReason: "CREDENTIALS", RequestTime: at("2026-01-31 10:00:30"), IPAddress: "x"},
		{ID: "5", IsDenied: true, DenialReason: "CREDENTIALS", RequestTime: at("2026-01-31 10:01:10"), IPAddress: "y"},
		{ID: "6", IsDenied: true, DenialReason: "INACTIVE_USER", UserID: "u-frank", UserName: "frank@example.com", RequestTime: at("2026-01-31 11:00:00")},
		{ID: "7", IsDenied: true, DenialReason: "FORBIDDEN", UserID: "u-gone", RequestTime: at("2026-01-31 12:30:00")},
		{ID: "8", UserID: "u-alice", UserName: "alice@example.com", RequestTime: at("2026-02-01 08:00:00")},
	}
	s := dbfacts.Summarize(rows)
	var succ, den, tl []string
	for _, u := range s.Successes {
		succ = append(succ, fmt.Sprintf("%s %d %s..%s", u.UserName, u.Count, u.First.Format(time.DateTime), u.Last.Format(time.DateTime)))
	}
	for _, d := range s.Denials {
		den = append(den, fmt.Sprintf("%s %d nouser=%d users=%v ips=%d %s..%s", d.Reason, d.Count, d.NoUser, d.Users, d.IPs, d.First.Format(time.TimeOnly), d.Last.Format(time.TimeOnly)))
	}
	for _, b := range s.Timeline {
		tl = append(tl, fmt.Sprintf("%s %d/%d", b.Start.Format("01-02T15"), b.Denied, b.OK))
	}
	want := []string{
		"alice@example.com 2 2026-01-30 09:00:00..2026-02-01 08:00:00|bob 1 2026-01-30 09:05:00..2026-01-30 09:05:00",
		"CREDENTIALS 3 nouser=3 users=[] ips=2 10:00:00..10:01:10|FORBIDDEN 1 nouser=0 users=[id u-gone] ips=0 12:30:00..12:30:00|INACTIVE_USER 1 nouser=0 users=[frank@example.com] ips=0 11:00:00..11:00:00",
		"01-30T09 0/2|01-31T10 3/0|01-31T11 1/0|01-31T12 1/0|02-01T08 0/1", // 47 hours: hourly
	}
	got := []string{strings.Join(succ, "|"), strings.Join(den, "|"), strings.Join(tl, "|")}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got  %s\nwant %s", got[i], want[i])
		}
	}
	if s.Rows != 8 || s.UnknownUsers != 1 || s.BucketSize != time.Hour || !s.First.Equal(at("2026-01-30 09:00:00")) {
		t.Errorf("summary: %+v", s)
	}
	long := dbfacts.Summarize(append(rows, dbfacts.AuthLogRecord{IsDenied: true, DenialReason: "CREDENTIALS", RequestTime: at("2026-02-05 10:00:00")}))
	if long.BucketSize != 24*time.Hour || len(long.Timeline) != 4 || long.Timeline[1].Denied != 5 {
		t.Errorf("over 48 hours, daily buckets: %+v", long.Timeline)
	}
	if e := dbfacts.Summarize(nil); e.Rows != 0 || e.Timeline != nil || len(e.Denials) != 0 {
		t.Errorf("empty: %+v", e)
	}
}

func TestCorrelate(t *testing.T) {
	rows := []dbfacts.AuthLogRecord{
		{IsDenied: true, DenialReason: "CREDENTIALS", RequestTime: at("2026-01-31 10:00:00")},
		{IsDenied: true, DenialReason: "CREDENTIALS", RequestTime: at("2026-01-31 10:01:10")},
		{RequestTime: at("2026-01-31 10:30:00")},
	}
	m := dbfacts.Correlate([]dbfacts.Window{
		{Label: "nonce mismatch", First: at("2026-01-31 10:00:01"), Last: at("2026-01-31 10:01:09")},
		{Label: "HTTP 500", First: at("2026-01-31 11:00:00"), Last: at("2026-01-31 11:05:00")},
	}, rows, 5*time.Second)
	if m[0].Rows != 2 || m[0].Denied != 2 || m[0].Reasons["CREDENTIALS"] != 2 || m[1].Rows != 0 {
		t.Errorf("%+v", m)
	}
}
