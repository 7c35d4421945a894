package dbfacts_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/dbfacts/dbtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

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
	s := &dbfacts.Snapshot{Target: "mysql espo_ro@127.0.0.1:3306/espo", Loaded: map[string]bool{dbfacts.PartAuthLog: true, dbfacts.PartUsers: true},
		AuthLog: dbfacts.AuthLog{Rows: dbtest.Snapshot().AuthLog.Rows, Total: 14}}
	windows := []dbfacts.Window{
		{Label: "nonce mismatch (3 attempts)", First: at("2026-01-31 10:00:01"), Last: at("2026-01-31 10:01:09")},
		{Label: "JWKS unreachable (HTTP 500)", First: at("2026-01-31 14:00:00"), Last: at("2026-01-31 14:05:00")},
	}
	var b bytes.Buffer
	if err := dbfacts.NewAuthLogReport(s, "", false, windows, time.Time{}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "authlog.txt", b.Bytes())

	b.Reset()
	empty := &dbfacts.Snapshot{Target: "postgres espo@db/espo", Loaded: map[string]bool{dbfacts.PartAuthLog: true}, AuthLog: dbfacts.AuthLog{Total: 5}}
	if err := dbfacts.NewAuthLogReport(empty, "", true, nil, at("2026-01-01 00:00:00")).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "authlog-disabled.txt", b.Bytes())

	b.Reset()
	missing := &dbfacts.Snapshot{Target: "mysql espo@db/espo", Loaded: map[string]bool{}, Skipped: []dbfacts.Skip{{Part: dbfacts.PartAuthLog, Table: "auth_log_record", Reason: "table auth_log_record does not exist"}}}
	if err := dbfacts.NewAuthLogReport(missing, "", false, nil, time.Time{}).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "Auth log (mysql espo@db/espo):\n  not read: table auth_log_record does not exist\n" {
		t.Errorf("missing table: %q", got)
	}
	if r := dbfacts.NewAuthLogReport(nil, "database mysql x@h:1/d: could not connect", false, nil, time.Time{}); r.Read || r.Skipped != "database mysql x@h:1/d: could not connect" {
		t.Errorf("no snapshot: %+v", r)
	}
}
