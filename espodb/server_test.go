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
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/dbfacts/dbtest"
)

// Passwords the seed scripts set; they must never appear in any output.
const (
	rwPassword     = "Db-Pass-Canary-3Kv8"
	roPassword     = "Ro-Pass-Canary-5Hq2"
	providerSecret = dbtest.ProviderSecret
	wrongPassword  = "Wrong-Pass-Canary-2Zr6"
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
	return dbtest.Env(t, env, "")
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
					if !strings.HasPrefix(st, "SELECT ") || !allowedRead().MatchString(st) {
						t.Errorf("ran a statement that is not an allowed SELECT: %s", st)
					}
				}
			})
		}
	}
}

// checkFixtures compares what Read returned with the fixtures' snapshot
// (dbfacts/dbtest), part by part and row by row.
func checkFixtures(t *testing.T, s *Snapshot) {
	t.Helper()
	want := dbtest.Snapshot()
	same := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
		}
	}
	rows := func(what string, n, m int, get func(i int) (any, any)) {
		t.Helper()
		if n != m {
			t.Errorf("%s: %d rows, want %d", what, n, m)
		}
		for i := 0; i < min(n, m); i++ {
			g, w := get(i)
			same(fmt.Sprintf("%s[%d]", what, i), g, w)
		}
	}
	rows("providers", len(s.Providers), len(want.Providers), func(i int) (any, any) { return s.Providers[i], want.Providers[i] })
	rows("portals", len(s.Portals), len(want.Portals), func(i int) (any, any) {
		g, w := s.Portals[i], want.Portals[i]
		if (g.Provider == nil) != (w.Provider == nil) || (g.Provider != nil && g.Provider.ID != w.Provider.ID) {
			t.Errorf("portal %s: provider %+v, want %+v", g.ID, g.Provider, w.Provider)
		}
		g.Provider, w.Provider = nil, nil
		return g, w
	})
	rows("users", len(s.Users), len(want.Users), func(i int) (any, any) { return s.Users[i], want.Users[i] })
	rows("teams", len(s.Teams), len(want.Teams), func(i int) (any, any) { return s.Teams[i], want.Teams[i] })
	rows("auth log", len(s.AuthLog.Rows), len(want.AuthLog.Rows), func(i int) (any, any) { return s.AuthLog.Rows[i], want.AuthLog.Rows[i] })
	same("auth log totals", []any{s.AuthLog.Total, s.AuthLog.Truncated, s.AuthLog.First, s.AuthLog.Last},
		[]any{want.AuthLog.Total, want.AuthLog.Truncated, want.AuthLog.First, want.AuthLog.Last})
	same("user_name length", s.UserNameMaxLength, want.UserNameMaxLength)
	same("loaded", s.Loaded, want.Loaded)
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
				sock := dbtest.Env(t, "ESPO_OIDC_TEST_MYSQL_SOCKET", "")
				dsn = fmt.Sprintf("espo_ro:%s@unix(%s)/espo", roPassword, sock)
			} else {
				dir := dbtest.Env(t, "ESPO_OIDC_TEST_PG_SOCKET_DIR", "")
				dsn = fmt.Sprintf("host=%s port=%d dbname=espo user=espo_ro password=%s", dir, tcp.Port, roPassword)
			}
			s := read(t, target(t, dsn))
			if len(s.Users) != 13 || len(s.Portals) != 4 {
				t.Errorf("over the socket: %d users, %d portals", len(s.Users), len(s.Portals))
			}
		})
	}
}

// database.sslCA is honoured: the server's certificate is verified against
// it, a wrong CA is refused, sslVerifyDisabled accepts any certificate.
func TestMySQLTLSFromSettings(t *testing.T) {
	ca := dbtest.Env(t, "ESPO_OIDC_TEST_MYSQL_CA", " (the script makes the CA with openssl)")
	other := dbtest.Env(t, "ESPO_OIDC_TEST_MYSQL_OTHER_CA", " (the script makes the CA with openssl)")
	dsn := target(t, servers[0].dsn(t, true))
	conf := func(extra string) *Target {
		php := fmt.Sprintf(`<?php return ['database' => ['host' => '127.0.0.1', 'port' => %d, 'dbname' => 'espo', 'user' => 'espo', 'password' => '%s'%s]];`,
			dsn.Port, rwPassword, extra)
		tg, err := FromSettings(settings(t, php))
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	s := read(t, conf(fmt.Sprintf(`, 'sslCA' => '%s'`, ca)))
	if !strings.HasPrefix(s.TLS, "TLSv1.") {
		t.Errorf("with sslCA: TLS %q", s.TLS)
	}
	_, err := Read(context.Background(), conf(fmt.Sprintf(`, 'sslCA' => '%s'`, other)), Options{})
	assertConnectError(t, err, "tls", rwPassword)
	s = read(t, conf(fmt.Sprintf(`, 'sslCA' => '%s', 'sslVerifyDisabled' => true`, other)))
	if !strings.HasPrefix(s.TLS, "TLSv1.") {
		t.Errorf("with sslVerifyDisabled: TLS %q", s.TLS)
	}
	if s := read(t, conf("")); s.TLS != "" {
		t.Errorf("without ssl settings: TLS %q (PDO uses none)", s.TLS)
	}
	_, err = Read(context.Background(), conf(`, 'sslCA' => '/nonexistent/ca.pem'`), Options{})
	if ExitCode(err) != 2 || err == nil || !strings.Contains(err.Error(), "sslCA /nonexistent/ca.pem: no such file or directory") {
		t.Errorf("missing CA file: %v", err)
	}
}

// Unexpected values (MariaDB's types accept what PostgreSQL's refuse) are
// read as EspoCRM reads them and reported, never fatal.
func TestHostileValues(t *testing.T) {
	tg := target(t, servers[0].dsn(t, false))
	tg.Database = "espo_hostile"
	s := read(t, tg)
	noSecrets(t, s)
	if len(s.Skipped) != 0 {
		t.Fatalf("skipped: %v", s.Skipped)
	}
	var got []string
	for _, tm := range s.Teams {
		got = append(got, fmt.Sprintf("team %s deleted=%v", tm.ID, tm.Deleted))
	}
	for _, u := range s.Users {
		got = append(got, fmt.Sprintf("user %s %q type=%q active=%v", u.ID, u.UserName, u.Type, u.IsActive))
	}
	for _, p := range s.Providers {
		got = append(got, fmt.Sprintf("provider %s deleted=%v method=%s algs=%q scopes=%d create=%v claimNull=%v problems=%d",
			p.ID, p.Deleted, p.Method, p.Algorithms, len(p.Scopes), p.CreateUser, p.UsernameClaimNull, len(p.Problems)))
		for _, pr := range p.Problems {
			got = append(got, "  "+pr[:min(len(pr), 60)])
		}
	}
	for _, p := range s.Portals {
		got = append(got, fmt.Sprintf("portal %s oidc=%v broken=%v", p.ID, p.UsesOIDC(), p.ProviderBroken()))
	}
	for _, r := range s.AuthLog.Rows {
		got = append(got, fmt.Sprintf("log %s time=%v denied=%v reason=%s user=%q", r.ID, r.Time().IsZero(), r.IsDenied, r.DenialReason, r.UserName))
	}
	want := []string{
		"team t-seven deleted=true", // "Deleted is 7" sorts before "Deleted is NULL"
		"team t-null deleted=true",
		`user u-nul "" type="" active=true`,
		`user u-odd "odd" type="Regular" active=true`,
		`user u-ctl "tab\tname" type="regular" active=true`,
		`provider ap-num deleted=true method=Oidc algs=["256" "null" "true"] scopes=0 create=false claimNull=false problems=0`,
		`provider ap-odd deleted=false method=oidc algs=[] scopes=0 create=true claimNull=true problems=3`,
		`  oidc_create_user = 2 is not 0 or 1 (EspoCRM reads it as true`,
		`  oidc_jwt_signature_algorithm_list "{\"0\":\"RS256\"}" is not`,
		`  oidc_scopes "[\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\`,
		"portal p-odd oidc=false broken=false",
		"log al-huge time=true denied=true reason=SOMETHING_NEW user=\"\"", // ORDER BY request_time DESC
		"log al-zero time=true denied=true reason=CREDENTIALS user=\"\"",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	notes := strings.Join(s.Notes, "\n")
	for _, n := range []string{
		`team t-seven: deleted = 7 is not 0 or 1 (EspoCRM reads it as true)`,
		`user u-odd: is_active = 7 is not 0 or 1 (EspoCRM reads it as true)`,
		`user u-odd (odd) has type "Regular", which EspoCRM does not know`,
		`user u-nul () has type "", which EspoCRM does not know`,
		`auth log al-zero: request_time "-5" is not a unix time`,
		`auth log al-huge: is_denied = 3 is not 0 or 1 (EspoCRM reads it as true)`,
		`auth log al-huge: request_time "1e+300" is not a unix time`,
		`1 value(s) longer than 64 KiB were cut to that length`,
	} {
		if !strings.Contains(notes, n) {
			t.Errorf("no note %q in:\n%s", n, notes)
		}
	}
}
