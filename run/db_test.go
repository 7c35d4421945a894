package run

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts/dbtest"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

// fixed is a clock for the tests.
func fixed() time.Time { return time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC) }

// noConfig is an empty config file, so no .espo-oidc.yaml of the checkout
// is picked up.
func noConfig(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "espo-oidc.yaml")
	if err := os.WriteFile(p, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func instanceIDs(rep *report.Report) []string {
	var ids []string
	for _, r := range rep.Results {
		ids = append(ids, r.Instance)
	}
	return ids
}

// A database that cannot be reached: every instance is still judged, its
// database rules are skipped with the reason, one incomplete line per
// instance says which database, and the exit code is 3.
func TestDatabaseUnreachable(t *testing.T) {
	dsn := "mysql://espo_ro@127.0.0.1:" + strconv.Itoa(closedPort(t)) + "/espo"
	paths := []string{"../testdata/db/instance", "../testdata/instances/keycloak"}
	rep, err := Run(context.Background(), Options{Paths: paths, ConfigPath: noConfig(t), Now: fixed, Jobs: 2, FailOn: rules.SeverityNone,
		DB: espodb.Flags{DSN: dsn, Timeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(instanceIDs(rep), ","); got != "../testdata/db/instance,../testdata/instances/keycloak" {
		t.Errorf("instances %s", got)
	}
	if len(rep.Incomplete) != 2 {
		t.Fatalf("incomplete: %q", rep.Incomplete)
	}
	for i, line := range rep.Incomplete {
		if !strings.HasPrefix(line, paths[i]+": database mysql espo_ro@127.0.0.1:") || !strings.Contains(line, "could not connect") {
			t.Errorf("incomplete line %d: %q", i, line)
		}
	}
	for _, res := range rep.Results {
		skipped := false
		for _, s := range res.Skipped {
			if s.Name == "usernames-not-claim-shaped" && strings.Contains(s.Reason, "could not connect") {
				skipped = true
			}
		}
		if !skipped {
			t.Errorf("%s: usernames-not-claim-shaped not skipped with the reason: %+v", res.Instance, res.Skipped)
		}
	}
	if len(rep.Errors) != 0 || ExitCode(rep, false) != ExitIncomplete {
		t.Errorf("errors %v, exit %d; want none and 3", rep.Errors, ExitCode(rep, false))
	}
}

// A --dsn that cannot be used is an input error of the instance (exit 2);
// the instance's other rules still run.
func TestDatabaseDSNUnusable(t *testing.T) {
	rep, err := Run(context.Background(), Options{Paths: []string{"../testdata/db/instance"}, ConfigPath: noConfig(t), Now: fixed,
		DB: espodb.Flags{DSN: "sqlite:///x", Timeout: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, "--dsn: is not a MySQL or PostgreSQL DSN") {
		t.Errorf("errors %+v", rep.Errors)
	}
	if len(rep.Results) != 1 || len(rep.Incomplete) != 0 || ExitCode(rep, false) != ExitUsage {
		t.Errorf("%d results, incomplete %q, exit %d", len(rep.Results), rep.Incomplete, ExitCode(rep, false))
	}
}

// Against the real servers: each instance is followed by its OIDC portals,
// in input order however many workers run, and OnInstance sees the same
// order; the portals inherit the instance's ID and EspoCRM version.
func TestPortalsInInputOrder(t *testing.T) {
	for _, sv := range []struct{ name, env string }{{"mariadb", "ESPO_OIDC_TEST_MYSQL_DSN"}, {"postgres", "ESPO_OIDC_TEST_PG_DSN"}} {
		t.Run(sv.name, func(t *testing.T) {
			dsn := dbtest.Env(t, sv.env, "")
			paths := []string{"../testdata/db/instance", "../testdata/db/instance/data", "../testdata/db/instance/data/config.php"}
			var seen []string
			rep, err := Run(context.Background(), Options{Paths: paths, ConfigPath: noConfig(t), Now: fixed, Jobs: 3,
				DB:         espodb.Flags{DSN: dsn, Timeout: 10 * time.Second},
				OnInstance: func(res *rules.Result, _ *report.InstanceInput) { seen = append(seen, res.Instance) }})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, p := range paths {
				want = append(want, p, p+" (portal Customers)", p+" (portal Partners)")
			}
			if got := instanceIDs(rep); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("instances:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if strings.Join(seen, "\n") != strings.Join(want, "\n") {
				t.Errorf("OnInstance order:\n%s", strings.Join(seen, "\n"))
			}
			if len(rep.Incomplete)+len(rep.Errors) != 0 {
				t.Errorf("incomplete %q, errors %v", rep.Incomplete, rep.Errors)
			}
			for i, in := range rep.Inputs {
				if in.DB == nil || in.Settings == nil {
					t.Fatalf("%s: no database or settings", in.Instance)
				}
				if main := rep.Inputs[i-i%3]; in.Settings.Version().Describe() != main.Settings.Version().Describe() {
					t.Errorf("%s judged as %v, its instance as %v", in.Instance, in.Settings.Version(), main.Settings.Version())
				}
			}
		})
	}
}
