package espodb

import (
	"context"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/probe"
)

// Flags are the command-line choices about the database.
type Flags struct {
	DB      bool          // --db: the instance's own database setting
	DSN     string        // --dsn: a (read-only) account
	Timeout time.Duration // --db-timeout: connect and per-statement timeout
	Since   time.Time     // the auth log from this time (logs --since)
}

// Wanted reports whether a database was asked for.
func (f Flags) Wanted() bool { return f.DB || f.DSN != "" }

// Load reads the instance's database as the flags say. Without --db or
// --dsn it returns nil, nil. The error is an *InputError (exit 2: the
// setting or DSN cannot be used) or a *ConnectError (exit 3: the run goes
// on with the database rules skipped, ConnectError.Error() as the reason).
func Load(ctx context.Context, s *espo.Settings, f Flags) (*Snapshot, error) {
	if !f.Wanted() {
		return nil, nil
	}
	t, err := Resolve(s, f.DSN)
	if err != nil {
		return nil, err
	}
	return Read(ctx, t, Options{ConnectTimeout: f.Timeout, QueryTimeout: f.Timeout, AuthLogSince: f.Since})
}

// ProbeUsers are the snapshot's users for the probe's user-resolution
// simulation (what --users gives otherwise); nil when the users were not
// read.
func ProbeUsers(s *Snapshot) []probe.User {
	if s == nil || !s.Has(PartUsers) {
		return nil
	}
	out := make([]probe.User, 0, len(s.Users))
	for _, u := range s.Users {
		out = append(out, probe.User{UserName: u.UserName, Type: u.Type, IsActive: u.IsActive, TeamsIDs: u.TeamIDs})
	}
	return out
}
