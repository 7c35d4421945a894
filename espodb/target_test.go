package espodb

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/espo"
)

func TestParseDSN(t *testing.T) {
	t.Setenv("MYSQL_PWD", "")
	cases := []struct {
		dsn                       string
		driver                    Driver
		host                      string
		port                      int
		socket, db, user, pw, str string
	}{
		{"mysql://ro:s%40cret@db.example:3307/espo?charset=utf8mb4", MySQL, "db.example", 3307, "", "espo", "ro", "s@cret", "mysql ro@db.example:3307/espo"},
		{"mariadb://ro@127.0.0.1/espo", MySQL, "127.0.0.1", 3306, "", "espo", "ro", "", "mysql ro@127.0.0.1:3306/espo (no password)"},
		{"ro:pw@tcp(10.0.0.5:3306)/crm", MySQL, "10.0.0.5", 3306, "", "crm", "ro", "pw", "mysql ro@10.0.0.5:3306/crm"},
		{"ro:pw@unix(/run/mysqld/mysqld.sock)/crm", MySQL, "127.0.0.1", 3306, "/run/mysqld/mysqld.sock", "crm", "ro", "pw", "mysql ro@unix(/run/mysqld/mysqld.sock)/crm"},
		{"mysql://ro:pw@/crm?socket=/tmp/m.sock", MySQL, "127.0.0.1", 3306, "/tmp/m.sock", "crm", "ro", "pw", "mysql ro@unix(/tmp/m.sock)/crm"},
		{"postgres://ro:p%27w@pg.example:5433/espo?sslmode=require", Postgres, "pg.example", 5433, "", "espo", "ro", "p'w", "postgres ro@pg.example:5433/espo"},
		{"postgresql://ro@/espo?host=/var/run/postgresql", Postgres, "", 5432, "/var/run/postgresql", "espo", "ro", "", "postgres ro@unix(/var/run/postgresql):5432/espo (no password)"},
		{"host=/tmp port=6000 dbname='my db' user=ro password='a b\\'c'", Postgres, "", 6000, "/tmp", "my db", "ro", "a b'c", "postgres ro@unix(/tmp):6000/my db"},
	}
	for _, c := range cases {
		tg, err := ParseDSN(c.dsn)
		if err != nil {
			t.Errorf("%s: %v", c.dsn, err)
			continue
		}
		if tg.Driver != c.driver || tg.Host != c.host || tg.Port != c.port || tg.Socket != c.socket || tg.Database != c.db || tg.User != c.user || tg.Password.Reveal() != c.pw {
			t.Errorf("%s: got %+v", c.dsn, *tg)
		}
		if got := tg.String(); got != c.str {
			t.Errorf("%s: String() = %q, want %q", c.dsn, got, c.str)
		}
		if c.pw != "" && strings.Contains(tg.String(), c.pw) {
			t.Errorf("%s: String() shows the password", c.dsn)
		}
	}
}

func TestParseDSNBad(t *testing.T) {
	for dsn, want := range map[string]string{
		"":                                       "--dsn: is empty",
		"sqlite:///tmp/x.db":                     "--dsn: is not a MySQL or PostgreSQL DSN",
		"mysql://ro:Sekr1t-Canary@db:99999/espo": `--dsn: port "99999" is not a port number`,
		"mysql://ro:Sekr1t-Canary@db:3306":       "--dsn: has no /database",
		"postgres://ro:Sekr1t-Canary@db:x/espo":  "--dsn: is not a valid URL",
		"host=db password='Sekr1t-Canary":        "--dsn: the value of password has no closing quote",
	} {
		_, err := ParseDSN(dsn)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%q: want an InputError, got %v", dsn, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %q, want prefix %q", dsn, err, want)
		}
		if strings.Contains(err.Error(), "Sekr1t-Canary") {
			t.Errorf("%q: the error shows the password: %v", dsn, err)
		}
	}
}

func settings(t *testing.T, php string) *espo.Settings {
	t.Helper()
	s, err := espo.FromFiles("inst", espo.File{Name: "inst/data/config-internal.php", Data: []byte(php)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFromSettings(t *testing.T) {
	s := settings(t, `<?php return ['database' => ['host' => 'db.internal', 'port' => '3307', 'charset' => null, 'dbname' => 'espocrm',
  'user' => 'espocrm', 'password' => 'Db-Canary-1', 'sslCA' => '/etc/ssl/ca.pem', 'sslVerifyDisabled' => true]];`)
	tg, err := FromSettings(s)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Driver != MySQL || tg.Host != "db.internal" || tg.Port != 3307 || tg.Database != "espocrm" || tg.User != "espocrm" ||
		tg.Password.Reveal() != "Db-Canary-1" || tg.TLS.CA != "/etc/ssl/ca.pem" || !tg.TLS.VerifyDisabled || tg.From != "inst/data/config-internal.php: database" {
		t.Errorf("got %+v", *tg)
	}
	if got := tg.String(); got != "mysql espocrm@db.internal:3307/espocrm" {
		t.Errorf("String() = %q", got)
	}

	pg := settings(t, `<?php return ['database' => ['platform' => 'Postgresql', 'host' => 'localhost', 'port' => null, 'dbname' => 'espo',
  'user' => 'espo', 'password' => 'x', 'sslCA' => '/ca.pem']];`)
	tg, err = FromSettings(pg)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Driver != Postgres || tg.Port != 5432 || tg.TLS.Enabled() || len(tg.Notes) != 1 || !strings.Contains(tg.Notes[0], "ignored by EspoCRM on PostgreSQL") {
		t.Errorf("got %+v", *tg)
	}

	for php, want := range map[string]string{
		`<?php return ['siteUrl' => 'https://crm.example.com'];`:                                      "inst/data/config-internal.php: has no `database` setting",
		`<?php return ['database' => 'mysql://x'];`:                                                   "inst/data/config-internal.php: database: is not an array",
		`<?php return ['database' => ['host' => '', 'password' => 'Db-Canary-2']];`:                   `inst/data/config-internal.php: database: has no host`,
		`<?php return ['database' => ['host' => 'h', 'port' => 'abc', 'password' => 'Db-Canary-2']];`: `inst/data/config-internal.php: database: port "abc" is not a port number`,
		`<?php return ['database' => ['host' => 'h', 'platform' => 'Sqlite']];`:                       `inst/data/config-internal.php: database: platform "Sqlite" is not Mysql or Postgresql`,
	} {
		_, err := FromSettings(settings(t, php))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", php, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "Db-Canary-2") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
}

func TestScrubber(t *testing.T) {
	s := scrubber("p@ss w'rd")
	in := "failed: password p@ss w'rd, url p%40ss+w%27rd, path p@ss%20w%27rd, kw 'p@ss w\\'rd'"
	if got := s(in); strings.Contains(got, "p@ss") || strings.Contains(got, "p%40ss") {
		t.Errorf("scrubbed: %q", got)
	}
}

func TestAllowedRead(t *testing.T) {
	ok := []string{
		"SELECT `id`, `name` FROM `team` ORDER BY `name` LIMIT 10",
		`SELECT "id" FROM "user" WHERE "deleted" = FALSE LIMIT 5`,
		"SELECT table_name, column_name, character_maximum_length FROM information_schema.columns WHERE table_schema = DATABASE()",
	}
	bad := []string{
		"INSERT INTO `team` (`id`) VALUES ('x')",
		"SELECT * FROM `team`; DROP TABLE `team`",
		"SELECT `password` FROM `mysql`.`user`",
		"SELECT id FROM email_account",
		"SELECT id FROM team JOIN auth_token ON 1=1",
		"UPDATE user SET type='admin'",
	}
	for _, s := range ok {
		if !allowedRead().MatchString(s) {
			t.Errorf("refused: %s", s)
		}
	}
	c := &conn{}
	for _, s := range bad {
		if _, err := c.query(t.Context(), s); err == nil || !strings.HasPrefix(err.Error(), "refusing") {
			t.Errorf("allowed: %s (%v)", s, err)
		}
	}
}

func TestPortalURL(t *testing.T) {
	site := "https://crm.example.com/"
	cases := []struct {
		p    Portal
		want string
	}{
		{Portal{ID: "p1", CustomURL: "https://portal.example.com"}, "https://portal.example.com/oauth-callback.php"},
		{Portal{ID: "p1", CustomURL: "https://portal.example.com/"}, "https://portal.example.com/oauth-callback.php"},
		{Portal{ID: "pdef", CustomID: "main"}, "https://crm.example.com/portal/oauth-callback.php"},
		{Portal{ID: "p2", CustomID: "customers"}, "https://crm.example.com/portal/customers/oauth-callback.php"},
		{Portal{ID: "p3"}, "https://crm.example.com/portal/p3/oauth-callback.php"},
	}
	for _, c := range cases {
		if got := c.p.RedirectURI(site, "pdef"); got != c.want {
			t.Errorf("%+v: %s, want %s", c.p, got, c.want)
		}
	}
}

func TestResolveAndExitCode(t *testing.T) {
	s := settings(t, `<?php return ['database' => ['host' => 'db', 'dbname' => 'espo', 'user' => 'espo', 'password' => 'Db-Canary-3']];`)
	tg, err := Resolve(s, "")
	if err != nil || tg.Host != "db" || tg.From != "inst/data/config-internal.php: database" {
		t.Errorf("--db: %+v %v", tg, err)
	}
	tg, err = Resolve(s, "postgres://ro@pg/espo")
	if err != nil || tg.Driver != Postgres || tg.From != "--dsn" {
		t.Errorf("--dsn: %+v %v", tg, err)
	}
	_, err = Resolve(s, "nonsense")
	if ExitCode(err) != 2 {
		t.Errorf("bad --dsn: exit %d", ExitCode(err))
	}
	if ExitCode(&ConnectError{Kind: "unreachable"}) != 3 || ExitCode(nil) != 0 || ExitCode(context.Canceled) != 3 {
		t.Errorf("exit codes")
	}
}
