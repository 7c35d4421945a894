package espodb

// Tests against real MariaDB and PostgreSQL servers started by
// scripts/db/start-mariadb.sh and scripts/db/start-postgres.sh (see the
// README); without them these tests skip.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Passwords the seed scripts set; they must never appear in any output.
const (
	rwPassword       = "Db-Pass-Canary-3Kv8"
	roPassword       = "Ro-Pass-Canary-5Hq2"
	providerSecret   = "Portal-Secret-Canary-7Qx9"
	wrongPassword    = "Wrong-Pass-Canary-2Zr6"
	enableDBTestsMsg = `start the test servers first: eval "$(scripts/db/start-mariadb.sh)"; eval "$(scripts/db/start-postgres.sh)" (see README, "Database tests")`
)

type server struct {
	name   string
	driver Driver
	env    string // read-only account DSN
	rwEnv  string // the instance's own (all-privileges) account DSN
	oldDB  string // the database with an older schema
}

var servers = []server{
	{"mariadb", MySQL, "ESPO_OIDC_TEST_MYSQL_DSN", "ESPO_OIDC_TEST_MYSQL_RW_DSN", "espo73"},
	{"postgres", Postgres, "ESPO_OIDC_TEST_PG_DSN", "ESPO_OIDC_TEST_PG_RW_DSN", "espo82"},
}

func (sv server) dsn(t *testing.T, rw bool) string {
	t.Helper()
	env := sv.env
	if rw {
		env = sv.rwEnv
	}
	v := os.Getenv(env)
	if v == "" {
		t.Skipf("%s not set: %s", env, enableDBTestsMsg)
	}
	return v
}

func target(t *testing.T, dsn string) *Target {
	t.Helper()
	tg, err := ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func read(t *testing.T, tg *Target) *Snapshot {
	t.Helper()
	s, err := Read(context.Background(), tg, Options{ConnectTimeout: 5 * time.Second, QueryTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// noSecrets fails if any canary appears in the snapshot's printed or JSON
// forms.
func noSecrets(t *testing.T, v any) {
	t.Helper()
	b, _ := json.Marshal(v)
	for _, out := range []string{fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), string(b)} {
		for _, c := range []string{rwPassword, roPassword, providerSecret, wrongPassword} {
			if strings.Contains(out, c) {
				t.Errorf("output contains the secret %s", c)
			}
		}
	}
}

func TestReadFixtures(t *testing.T) {
	for _, sv := range servers {
		for _, rw := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/rw=%v", sv.name, rw), func(t *testing.T) {
				s := read(t, target(t, sv.dsn(t, rw)))
				noSecrets(t, s)
				if s.Driver != sv.driver || !s.ReadOnly || s.ServerVersion == "" {
					t.Errorf("driver %s read-only %v version %q", s.Driver, s.ReadOnly, s.ServerVersion)
				}
				if len(s.Skipped) != 0 {
					t.Errorf("skipped: %v", s.Skipped)
				}
				for _, p := range []string{PartProviders, PartPortals, PartUsers, PartTeams, PartTeamUsers, PartPortalUsers, PartAuthLog} {
					if !s.Has(p) {
						t.Errorf("%s not loaded", p)
					}
				}
				checkFixtures(t, s)
				for _, st := range s.Statements {
					if !strings.HasPrefix(st, "SELECT ") || !allowedRead.MatchString(st) {
						t.Errorf("ran a statement that is not an allowed SELECT: %s", st)
					}
				}
			})
		}
	}
}

func checkFixtures(t *testing.T, s *Snapshot) {
	t.Helper()
	var provs []string
	for _, p := range s.Providers {
		provs = append(provs, fmt.Sprintf("%s %q deleted=%v method=%s claim=%s algs=%v scopes=%v create=%v pkce=%v prompt=%q secret=%d problems=%d",
			p.ID, p.Name, p.Deleted, p.Method, p.UsernameClaim, p.Algorithms, p.Scopes, p.CreateUser, p.PKCE, p.Prompt, p.ClientSecret.Len(), len(p.Problems)))
	}
	wantProvs := []string{
		`ap-customers "Customers Entra" deleted=false method=Oidc claim=email algs=[RS256] scopes=[profile email] create=false pkce=true prompt="select_account" secret=25 problems=0`,
		`ap-partners "Partners IdP" deleted=false method=Oidc claim=preferred_username algs=[] scopes=[] create=true pkce=false prompt="" secret=0 problems=1`,
		`ap-removed "Removed IdP" deleted=true method=Oidc claim=sub algs=[RS256] scopes=[] create=false pkce=true prompt="" secret=1 problems=0`,
	}
	if !reflect.DeepEqual(provs, wantProvs) {
		t.Errorf("providers:\n%s\nwant:\n%s", strings.Join(provs, "\n"), strings.Join(wantProvs, "\n"))
	}
	for _, p := range s.Providers {
		if p.ID == "ap-partners" && (len(p.Problems) != 1 || !strings.HasPrefix(p.Problems[0], `oidc_jwt_signature_algorithm_list "RS256" is not a JSON list`)) {
			t.Errorf("ap-partners problems: %q", p.Problems)
		}
	}

	var portals []string
	for _, p := range s.Portals {
		portals = append(portals, fmt.Sprintf("%s oidc=%v broken=%v %s", p.ID, p.UsesOIDC(), p.ProviderBroken(), p.RedirectURI("https://crm.example.com", "p-default")))
	}
	wantPortals := []string{
		"p-broken oidc=false broken=true https://crm.example.com/portal/p-broken/oauth-callback.php",
		"p-customers oidc=true broken=false https://crm.example.com/portal/customers/oauth-callback.php",
		"p-default oidc=false broken=false https://crm.example.com/portal/oauth-callback.php",
		"p-partners oidc=true broken=false https://partners.example.com/oauth-callback.php",
	}
	if !reflect.DeepEqual(portals, wantPortals) {
		t.Errorf("portals:\n%s\nwant:\n%s", strings.Join(portals, "\n"), strings.Join(wantPortals, "\n"))
	}

	var users []string
	for _, u := range s.Users {
		users = append(users, fmt.Sprintf("%s|%s|%s|%v|%v|%v", u.ID, u.UserName, u.Type, u.IsActive, u.TeamIDs, u.PortalIDs))
	}
	wantUsers := []string{
		"u-admin|admin|admin|true|[]|[]",
		"u-alice|alice@example.com|regular|true|[t-sales t-support]|[]",
		"u-api|api-bot|api|true|[]|[]",
		"u-bob|bob|regular|true|[t-support t-unmapped]|[]",
		"u-carol|carol|regular|true|[t-old]|[]",
		"u-dave1|dave smith|regular|true|[]|[]",
		"u-dave2|dave_smith|regular|true|[]|[]",
		"u-erin|erin.marie.longname-consult@subsidiary.example.com|regular|true|[]|[]",
		"u-frank|frank@example.com|regular|false|[]|[]",
		"u-itadmin|it-admin@example.com|admin|true|[]|[]",
		"u-pat|pat@customer.example|portal|true|[]|[p-customers]",
		"u-super|root@example.com|super-admin|true|[]|[]",
		"u-system|system|system|true|[]|[]",
	}
	if !reflect.DeepEqual(users, wantUsers) {
		t.Errorf("users:\n%s\nwant:\n%s", strings.Join(users, "\n"), strings.Join(wantUsers, "\n"))
	}
	if s.UserNameMaxLength != 50 {
		t.Errorf("user_name length %d, want 50", s.UserNameMaxLength)
	}

	var teams []string
	for _, tm := range s.Teams {
		teams = append(teams, fmt.Sprintf("%s %s %v", tm.ID, tm.Name, tm.Deleted))
	}
	if want := []string{"t-old Old Team true", "t-sales Sales false", "t-support Support false", "t-unmapped Unmapped false"}; !reflect.DeepEqual(teams, want) {
		t.Errorf("teams %q, want %q", teams, want)
	}

	var log []string
	for _, r := range s.AuthLog.Rows {
		log = append(log, fmt.Sprintf("%s %s %s %s denied=%v %s %s", r.ID, r.Time().Format(time.RFC3339), r.Username, r.UserName, r.IsDenied, r.DenialReason, r.PortalID))
	}
	wantLog := []string{
		"al-15 2026-02-01T08:00:00Z **oidc alice@example.com denied=false  ",
		"al-12 2026-01-31T13:00:00Z **oidc carol denied=true WRONG_CODE ",
		"al-11 2026-01-31T12:30:00Z **oidc bob denied=true FORBIDDEN ",
		"al-10 2026-01-31T12:20:00Z **oidc system denied=true IS_SYSTEM_USER ",
		"al-09 2026-01-31T12:10:00Z **oidc pat@customer.example denied=true USER_IS_NOT_IN_PORTAL p-partners",
		"al-08 2026-01-31T12:00:00Z **oidc alice@example.com denied=true IS_NOT_PORTAL_USER p-customers",
		"al-07 2026-01-31T11:30:00Z **oidc pat@customer.example denied=true IS_PORTAL_USER ",
		"al-06 2026-01-31T11:00:00Z **oidc frank@example.com denied=true INACTIVE_USER ",
		"al-05 2026-01-31T10:01:10Z **oidc  denied=true CREDENTIALS ",
		"al-04 2026-01-31T10:00:30Z **oidc  denied=true CREDENTIALS ",
		"al-03 2026-01-31T10:00:00Z **oidc  denied=true CREDENTIALS ",
		"al-02 2026-01-30T09:05:00Z **oidc bob denied=false  ",
		"al-01 2026-01-30T09:00:00Z **oidc alice@example.com denied=false  ",
	}
	if !reflect.DeepEqual(log, wantLog) {
		t.Errorf("auth log:\n%s\nwant:\n%s", strings.Join(log, "\n"), strings.Join(wantLog, "\n"))
	}
	if s.AuthLog.Total != 14 || s.AuthLog.Truncated ||
		s.AuthLog.First.Format(time.DateTime) != "2026-01-30 09:00:00" || s.AuthLog.Last.Format(time.DateTime) != "2026-02-01 08:00:00" {
		t.Errorf("auth log summary: total %d truncated %v first %v last %v", s.AuthLog.Total, s.AuthLog.Truncated, s.AuthLog.First, s.AuthLog.Last)
	}
	if r := s.AuthLog.Rows[len(s.AuthLog.Rows)-1]; r.RequestTime.Nanosecond() != 250000000 || r.CreatedAt.Format(time.DateTime) != "2026-01-30 09:00:00" || r.IPAddress != "203.0.113.10" {
		t.Errorf("al-01 times: %v %v %s", r.RequestTime, r.CreatedAt, r.IPAddress)
	}
}

func TestAuthLogLimitAndSince(t *testing.T) {
	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			tg := target(t, sv.dsn(t, false))
			s, err := Read(context.Background(), tg, Options{AuthLogLimit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(s.AuthLog.Rows) != 3 || !s.AuthLog.Truncated || s.AuthLog.Rows[0].ID != "al-15" || s.AuthLog.Rows[2].ID != "al-11" {
				t.Errorf("limit 3: %d rows, truncated %v", len(s.AuthLog.Rows), s.AuthLog.Truncated)
			}
			s, err = Read(context.Background(), tg, Options{AuthLogSince: time.Date(2026, 1, 31, 12, 15, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, r := range s.AuthLog.Rows {
				ids = append(ids, r.ID)
			}
			if want := []string{"al-15", "al-12", "al-11", "al-10"}; !reflect.DeepEqual(ids, want) {
				t.Errorf("since 12:15: %v, want %v", ids, want)
			}
		})
	}
}

// The session refuses writes even on the instance's own all-privileges
// account: the server enforces the read-only transaction.
func TestSessionIsReadOnly(t *testing.T) {
	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			tg := target(t, sv.dsn(t, true))
			c, err := open(context.Background(), tg, Options{}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			defer c.close()
			q := "`"
			want := "READ ONLY transaction"
			if sv.driver == Postgres {
				q = `"`
				want = "read-only transaction"
			}
			for _, stmt := range []string{
				"INSERT INTO " + q + "team" + q + " (" + q + "id" + q + ", " + q + "name" + q + ") VALUES ('t-x', 'X')",
				"UPDATE " + q + "user" + q + " SET " + q + "type" + q + " = 'admin'",
				"DELETE FROM " + q + "auth_log_record" + q,
			} {
				_, err := c.raw(context.Background(), stmt)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("%s: %v, want an error saying %q", stmt, err, want)
				}
			}
			if _, err := c.query(context.Background(), "DELETE FROM "+q+"team"+q); err == nil || !strings.HasPrefix(err.Error(), "refusing") {
				t.Errorf("query ran a DELETE: %v", err)
			}
		})
	}
}

func TestOlderSchemas(t *testing.T) {
	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			tg := target(t, sv.dsn(t, false))
			tg.Database = sv.oldDB
			tg.pgConnString = strings.TrimSuffix(tg.pgConnString, "/espo") + "/" + sv.oldDB
			s := read(t, tg)
			if sv.driver == MySQL {
				// 7.3: no authentication_provider table, no portal link column, 24-char ids.
				if s.Has(PartProviders) || s.SkipReason(PartProviders) != "table authentication_provider does not exist (EspoCRM before 7.4 has no portal providers)" {
					t.Errorf("providers: loaded %v, reason %q", s.Has(PartProviders), s.SkipReason(PartProviders))
				}
				if !s.Has(PartPortals) || len(s.Portals) != 1 || s.Portals[0].ProviderID != "" || s.Portals[0].UsesOIDC() {
					t.Errorf("portals: %+v", s.Portals)
				}
				if !strings.Contains(strings.Join(s.Notes, "\n"), "portal.authentication_provider_id does not exist") {
					t.Errorf("notes: %q", s.Notes)
				}
				if len(s.Users) != 2 || len(s.Users[1].TeamIDs) != 1 || len(s.AuthLog.Rows) != 1 {
					t.Errorf("users %+v, auth log %d rows", s.Users, len(s.AuthLog.Rows))
				}
				return
			}
			// 8.2: the provider has no prompt, user-info or PKCE columns.
			if !s.Has(PartProviders) || len(s.Providers) != 1 {
				t.Fatalf("providers: %+v (%v)", s.Providers, s.Skipped)
			}
			p := s.Providers[0]
			if p.PKCE || p.Prompt != "" || p.Has["oidc_authorization_pkce"] || p.Has["oidc_authorization_prompt"] || p.Has["oidc_user_info_endpoint"] || !p.Has["oidc_logout_url"] {
				t.Errorf("8.2 provider: %+v", p)
			}
			if len(s.Portals) != 1 || !s.Portals[0].UsesOIDC() {
				t.Errorf("portals: %+v", s.Portals)
			}
			if !s.Has(PartAuthLog) || len(s.AuthLog.Rows) != 0 || s.AuthLog.Total != 0 {
				t.Errorf("auth log: %+v", s.AuthLog)
			}
		})
	}
}

func TestConnectFailures(t *testing.T) {
	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			good := target(t, sv.dsn(t, true))

			wrong := *good
			wrong.Password = good.Password // same type; replaced below
			wrong = *target(t, strings.Replace(sv.dsn(t, true), rwPassword, wrongPassword, 1))
			_, err := Read(context.Background(), &wrong, Options{})
			assertConnectError(t, err, "credentials", wrongPassword)

			// Nothing listens on a port we just closed.
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			port := l.Addr().(*net.TCPAddr).Port
			l.Close()
			dsn := strings.Replace(sv.dsn(t, true), ":"+strconv.Itoa(good.Port)+"/", ":"+strconv.Itoa(port)+"/", 1)
			unreach := target(t, dsn)
			_, err = Read(context.Background(), unreach, Options{ConnectTimeout: 2 * time.Second})
			assertConnectError(t, err, "unreachable", rwPassword)
			if err != nil && !strings.Contains(err.Error(), "127.0.0.1:"+strconv.Itoa(port)) {
				t.Errorf("the error does not name the address tried: %v", err)
			}

			nodb := target(t, strings.TrimSuffix(sv.dsn(t, true), "/espo")+"/no_such_db")
			_, err = Read(context.Background(), nodb, Options{})
			assertConnectError(t, err, "database", rwPassword)

			// A server that accepts the connection but never answers: the
			// connect timeout ends it.
			hang, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer hang.Close()
			go func() {
				for {
					c, err := hang.Accept()
					if err != nil {
						return
					}
					defer c.Close()
				}
			}()
			hp := hang.Addr().(*net.TCPAddr).Port
			silent := target(t, strings.Replace(sv.dsn(t, true), ":"+strconv.Itoa(good.Port)+"/", ":"+strconv.Itoa(hp)+"/", 1))
			start := time.Now()
			_, err = Read(context.Background(), silent, Options{ConnectTimeout: 500 * time.Millisecond})
			assertConnectError(t, err, "timeout", rwPassword)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the connect timeout did not end the attempt: %v", d)
			}
		})
	}
}

func assertConnectError(t *testing.T, err error, kind, secret string) {
	t.Helper()
	var ce *ConnectError
	if !errors.As(err, &ce) {
		t.Errorf("want a ConnectError (%s), got %v", kind, err)
		return
	}
	if ce.Kind != kind {
		t.Errorf("kind %q, want %q: %v", ce.Kind, kind, err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), rwPassword) {
		t.Errorf("the error shows the password: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "database ") || !strings.Contains(err.Error(), "could not connect") {
		t.Errorf("unclear message: %v", err)
	}
}

// --db: the target comes from the instance's own data/config-internal.php.
func TestFromSettingsAgainstServer(t *testing.T) {
	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			dsn := target(t, sv.dsn(t, true))
			platform := "Mysql"
			if sv.driver == Postgres {
				platform = "Postgresql"
			}
			php := fmt.Sprintf(`<?php
return [
  'database' => [
    'host' => '%s',
    'port' => %d,
    'charset' => NULL,
    'dbname' => 'espo',
    'user' => 'espo',
    'password' => '%s',
    'platform' => '%s',
  ],
];`, dsn.Host, dsn.Port, rwPassword, platform)
			tg, err := FromSettings(settings(t, php))
			if err != nil {
				t.Fatal(err)
			}
			s := read(t, tg)
			noSecrets(t, s)
			checkFixtures(t, s)
			if s.From != "inst/data/config-internal.php: database" {
				t.Errorf("From %q", s.From)
			}

			bad, err := FromSettings(settings(t, strings.Replace(php, rwPassword, wrongPassword, 1)))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Read(context.Background(), bad, Options{})
			assertConnectError(t, err, "credentials", wrongPassword)
			if err != nil && !strings.Contains(err.Error(), "(from inst/data/config-internal.php: database)") {
				t.Errorf("the error does not say where the credentials came from: %v", err)
			}
		})
	}
}

// Over the unix socket, as on an EspoCRM server with host "localhost".
func TestUnixSocket(t *testing.T) {
	for _, sv := range servers {
		t.Run(sv.name, func(t *testing.T) {
			tcp := target(t, sv.dsn(t, false))
			var dsn string
			if sv.driver == MySQL {
				sock := os.Getenv("ESPO_OIDC_TEST_MYSQL_SOCKET")
				if sock == "" {
					t.Skip("ESPO_OIDC_TEST_MYSQL_SOCKET not set: " + enableDBTestsMsg)
				}
				dsn = fmt.Sprintf("espo_ro:%s@unix(%s)/espo", roPassword, sock)
			} else {
				dir := os.Getenv("ESPO_OIDC_TEST_PG_SOCKET_DIR")
				if dir == "" {
					t.Skip("ESPO_OIDC_TEST_PG_SOCKET_DIR not set: " + enableDBTestsMsg)
				}
				dsn = fmt.Sprintf("host=%s port=%d dbname=espo user=espo_ro password=%s", dir, tcp.Port, roPassword)
			}
			s := read(t, target(t, dsn))
			if len(s.Users) != 13 || len(s.Portals) != 4 {
				t.Errorf("over the socket: %d users, %d portals", len(s.Users), len(s.Portals))
			}
		})
	}
}
