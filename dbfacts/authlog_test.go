package dbfacts

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixtureLog is the OIDC part of testdata/db/fixtures.sql's auth log.
func fixtureLog() []AuthLogRecord {
	row := func(id, when, user, name, reason, ip string) AuthLogRecord {
		return AuthLogRecord{ID: id, Username: "**oidc", UserID: user, UserName: name, IsDenied: reason != "", DenialReason: reason,
			RequestTime: at(when), CreatedAt: at(when), IPAddress: ip, Method: "Oidc"}
	}
	return []AuthLogRecord{
		row("al-15", "2026-02-01 08:00:00", "u-alice", "alice@example.com", "", "203.0.113.10"),
		row("al-12", "2026-01-31 13:00:00", "u-carol", "carol", "WRONG_CODE", "203.0.113.17"),
		row("al-11", "2026-01-31 12:30:00", "u-bob", "bob", "FORBIDDEN", "198.51.100.7"),
		row("al-10", "2026-01-31 12:20:00", "u-system", "system", "IS_SYSTEM_USER", "203.0.113.16"),
		row("al-09", "2026-01-31 12:10:00", "u-pat", "pat@customer.example", "USER_IS_NOT_IN_PORTAL", "203.0.113.15"),
		row("al-08", "2026-01-31 12:00:00", "u-alice", "alice@example.com", "IS_NOT_PORTAL_USER", "203.0.113.10"),
		row("al-07", "2026-01-31 11:30:00", "u-pat", "pat@customer.example", "IS_PORTAL_USER", "203.0.113.15"),
		row("al-06", "2026-01-31 11:00:00", "u-frank", "frank@example.com", "INACTIVE_USER", "203.0.113.14"),
		row("al-05", "2026-01-31 10:01:10", "", "", "CREDENTIALS", "203.0.113.13"),
		row("al-04", "2026-01-31 10:00:30", "", "", "CREDENTIALS", "203.0.113.12"),
		row("al-03", "2026-01-31 10:00:00", "", "", "CREDENTIALS", "203.0.113.12"),
		row("al-02", "2026-01-30 09:05:00", "u-bob", "bob", "", "203.0.113.11"),
		row("al-01", "2026-01-30 09:00:00", "u-alice", "alice@example.com", "", "203.0.113.10"),
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./dbfacts -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n%s", path, got)
	}
}

func TestAuthLogReportText(t *testing.T) {
	s := &Snapshot{Target: "mysql espo_ro@127.0.0.1:3306/espo", Loaded: map[string]bool{PartAuthLog: true, PartUsers: true},
		AuthLog: AuthLog{Rows: fixtureLog(), Total: 14}}
	windows := []Window{
		{Label: "nonce mismatch (3 attempts)", First: at("2026-01-31 10:00:01"), Last: at("2026-01-31 10:01:09")},
		{Label: "JWKS unreachable (HTTP 500)", First: at("2026-01-31 14:00:00"), Last: at("2026-01-31 14:05:00")},
	}
	var b bytes.Buffer
	if err := NewAuthLogReport(s, "", false, windows, time.Time{}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "authlog.txt", b.Bytes())

	b.Reset()
	empty := &Snapshot{Target: "postgres espo@db/espo", Loaded: map[string]bool{PartAuthLog: true}, AuthLog: AuthLog{Total: 5}}
	if err := NewAuthLogReport(empty, "", true, nil, at("2026-01-01 00:00:00")).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "authlog-disabled.txt", b.Bytes())

	b.Reset()
	missing := &Snapshot{Target: "mysql espo@db/espo", Loaded: map[string]bool{}, Skipped: []Skip{{Part: PartAuthLog, Table: "auth_log_record", Reason: "table auth_log_record does not exist"}}}
	if err := NewAuthLogReport(missing, "", false, nil, time.Time{}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "Auth log (mysql espo@db/espo):\n  not read: table auth_log_record does not exist\n" {
		t.Errorf("missing table: %q", got)
	}
	if r := NewAuthLogReport(nil, "database mysql x@h:1/d: could not connect", false, nil, time.Time{}); r.Read || r.Skipped != "database mysql x@h:1/d: could not connect" {
		t.Errorf("no snapshot: %+v", r)
	}
}
