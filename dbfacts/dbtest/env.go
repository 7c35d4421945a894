package dbtest

import (
	"os"
	"testing"
)

// EnableHint says how to enable the tests against real database servers.
const EnableHint = `start the test servers first: eval "$(scripts/db/start-mariadb.sh)"; eval "$(scripts/db/start-postgres.sh)" (see README, "Database tests")`

// RequireEnv, set to 1 (.ci/run does), turns a missing test server from a
// skip into a failure.
const RequireEnv = "ESPO_OIDC_REQUIRE_DB_TESTS"

// Env is the value of the environment variable name that a start script
// under scripts/db/ exports. When it is not set the test skips, saying how
// to enable it, or fails under RequireEnv; note, if any, is added to the
// message.
func Env(t testing.TB, name, note string) string {
	t.Helper()
	if v := os.Getenv(name); v != "" {
		return v
	}
	msg := name + " not set: " + EnableHint + note
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s (%s=1: the database tests are required)", msg, RequireEnv)
	}
	t.Skip(msg)
	return ""
}
