// Package espodb reads, read-only, the parts of an EspoCRM instance's
// database that decide an OIDC login: portals and their authentication
// providers, users, teams and their members, and the auth log.
//
// A Target says where the database is: built from the instance's own
// `database` setting (data/config-internal.php) or from a --dsn. Read opens
// one read-only session (the server enforces it: a read-only transaction),
// runs only the SELECT statements listed in Statements, and returns a
// Snapshot of typed rows. A table or column that an older EspoCRM does not
// have makes the rows that need it Skipped with a reason; only "could not
// connect" is an error. No error or String ever contains the password.
package espodb

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/espo-oidc/espo-oidc/dbfacts"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/lit"
)

// Driver is the database family (dbfacts.MySQL, dbfacts.Postgres).
type Driver = dbfacts.Driver

const (
	MySQL    = dbfacts.MySQL
	Postgres = dbfacts.Postgres
)

// The snapshot types live in dbfacts (pure data the rules may import).
type (
	Snapshot      = dbfacts.Snapshot
	Skip          = dbfacts.Skip
	Provider      = dbfacts.Provider
	Portal        = dbfacts.Portal
	User          = dbfacts.User
	Team          = dbfacts.Team
	AuthLog       = dbfacts.AuthLog
	AuthLogRecord = dbfacts.AuthLogRecord
)

const (
	PartProviders   = dbfacts.PartProviders
	PartPortals     = dbfacts.PartPortals
	PartUsers       = dbfacts.PartUsers
	PartTeams       = dbfacts.PartTeams
	PartTeamUsers   = dbfacts.PartTeamUsers
	PartPortalUsers = dbfacts.PartPortalUsers
	PartAuthLog     = dbfacts.PartAuthLog
)

// Target is where to connect. Password is a secret: it prints as a
// fingerprint and never appears in String or an error.
type Target struct {
	Driver   Driver
	Host     string // a host name or IP; empty with Socket
	Port     int
	Socket   string // a unix socket path (MySQL) or socket directory (PostgreSQL)
	Database string
	User     string
	Password espo.Secret
	Charset  string
	TLS      TLS
	From     string // where the target came from: "data/config-internal.php (database)" or "--dsn"

	// Notes are facts about the target worth telling the user (a setting
	// EspoCRM ignores, a socket chosen for "localhost").
	Notes []string

	pgConnString string // for --dsn with PostgreSQL: the DSN as given (pgx parses it)
	mysqlParams  map[string]string
}

// TLS is the database TLS settings: EspoCRM's database.ssl* keys, which
// EspoCRM passes to PDO's MySQL driver only (PostgreSQL ignores them), or
// the TLS parameters of a --dsn.
type TLS struct {
	CA             string // sslCA: a CA file
	CAPath         string // sslCAPath: a folder of CA files
	Cert           string // sslCert
	Key            string // sslKey
	Cipher         string // sslCipher (OpenSSL names; reported, not applied)
	VerifyDisabled bool   // sslVerifyDisabled
	Mode           string // PostgreSQL sslmode, from a --dsn
}

// Enabled reports whether the settings ask for TLS (MySQL: any CA, cert or
// key given, as PDO does).
func (t TLS) Enabled() bool { return t.CA != "" || t.CAPath != "" || t.Cert != "" || t.Key != "" }

// String describes the target for messages: driver, user, address and
// database, never the password.
func (t *Target) String() string {
	if t == nil {
		return "(no database)"
	}
	addr := t.Address()
	u := t.User
	if u == "" {
		u = "(no user)"
	}
	s := fmt.Sprintf("%s %s@%s/%s", t.Driver, u, addr, t.Database)
	if t.Password.Empty() {
		s += " (no password)"
	}
	return scrubber(t.Password.Reveal())(s)
}

// Address is host:port or the socket.
func (t *Target) Address() string {
	if t.Socket != "" {
		if t.Driver == Postgres {
			return "unix(" + t.Socket + ")" + ":" + strconv.Itoa(t.Port)
		}
		return "unix(" + t.Socket + ")"
	}
	return net.JoinHostPort(t.Host, strconv.Itoa(t.Port))
}

// InputError is a database setting or --dsn that cannot be used: exit 2.
type InputError struct {
	Where string // "data/config-internal.php: database" or "--dsn"
	Msg   string
}

func (e *InputError) Error() string { return e.Where + ": " + e.Msg }

// mysqlSocketCandidates are where PHP's mysqlnd finds the server for host
// "localhost" (a unix socket, not TCP) on common systems.
var mysqlSocketCandidates = []string{"/run/mysqld/mysqld.sock", "/var/run/mysqld/mysqld.sock", "/var/lib/mysql/mysql.sock", "/tmp/mysql.sock"}

// FromSettings builds the target EspoCRM itself connects to, from the
// effective `database` setting (DatabaseParamsFactory: host, port, dbname,
// user, password, charset, platform, ssl*). A missing setting is an
// InputError naming the file.
func FromSettings(s *espo.Settings) (*Target, error) {
	where := "database setting"
	st := s.Get("database")
	if st != nil && st.Source != nil {
		where = st.Source.Path + ": database"
	}
	if st == nil || st.Value == nil || st.Value.Kind != lit.Array {
		file := "data/config-internal.php"
		if s != nil && s.DataDir != "" {
			file = filepath.Join(s.DataDir, "config-internal.php")
		} else if s != nil {
			for _, src := range s.Sources {
				if src.Role == espo.RoleConfigInternal {
					file = src.Path
				}
			}
		}
		if st != nil {
			return nil, &InputError{Where: where, Msg: "is not an array; EspoCRM cannot connect either (No database params in config.)"}
		}
		return nil, &InputError{Where: file, Msg: "has no `database` setting (EspoCRM keeps its database credentials there); give the folder with data/config-internal.php, or --dsn"}
	}
	v := st.Value
	get := func(k string) string { return scalar(v.Get(k)) }
	t := &Target{From: where, Charset: get("charset")}
	platform := get("platform")
	switch strings.ToLower(platform) {
	case "", "mysql":
		t.Driver = MySQL
	case "postgresql":
		t.Driver = Postgres
	default:
		return nil, &InputError{Where: where, Msg: fmt.Sprintf("platform %q is not Mysql or Postgresql", platform)}
	}
	if d := get("driver"); d != "" {
		if (t.Driver == MySQL && d == "pdo_pgsql") || (t.Driver == Postgres && d == "pdo_mysql") {
			t.Notes = append(t.Notes, fmt.Sprintf("database.driver is %q but EspoCRM 10 reads only database.platform (%s)", d, platformName(t.Driver)))
		}
	}
	t.Host = get("host")
	if t.Host == "" {
		return nil, &InputError{Where: where, Msg: "has no host (EspoCRM fails with \"No 'host' parameter.\")"}
	}
	if p := get("port"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return nil, &InputError{Where: where, Msg: fmt.Sprintf("port %q is not a port number", p)}
		}
		t.Port = n
	}
	t.Database = get("dbname")
	t.User = get("user")
	t.Password = espo.NewSecret(get("password"))
	t.TLS = TLS{CA: get("sslCA"), CAPath: get("sslCAPath"), Cert: get("sslCert"), Key: get("sslKey"), Cipher: get("sslCipher"),
		VerifyDisabled: phpTrue(v.Get("sslVerifyDisabled"))}
	switch t.Driver {
	case MySQL:
		if t.Port == 0 {
			t.Port = 3306
		}
		if t.Host == "localhost" {
			// PHP's MySQL driver talks to "localhost" through the unix socket.
			for _, c := range mysqlSocketCandidates {
				if fi, err := os.Stat(c); err == nil && fi.Mode()&os.ModeSocket != 0 {
					t.Socket = c
					t.Notes = append(t.Notes, "host \"localhost\" means the unix socket to PHP's MySQL driver; using "+c)
					break
				}
			}
		}
		if t.TLS.Cipher != "" {
			t.Notes = append(t.Notes, "database.sslCipher is not applied (Go chooses TLS cipher suites itself)")
		}
	case Postgres:
		if t.Port == 0 {
			t.Port = 5432
		}
		if strings.HasPrefix(t.Host, "/") {
			t.Socket, t.Host = t.Host, ""
		}
		if t.TLS.Enabled() || t.TLS.VerifyDisabled {
			t.Notes = append(t.Notes, "database.ssl* settings are ignored by EspoCRM on PostgreSQL (they are PDO MySQL options); like EspoCRM, the connection uses libpq's default sslmode=prefer")
			t.TLS = TLS{}
		}
	}
	return t, nil
}

func platformName(d Driver) string {
	if d == Postgres {
		return "Postgresql"
	}
	return "Mysql"
}

// ParseDSN reads a --dsn: mysql://user:pass@host:port/db?params (socket:
// mysql://user:pass@unix(/path/to.sock)/db), go-sql-driver's own
// user:pass@tcp(host:port)/db form, postgres:// or postgresql:// URLs, or
// PostgreSQL's "host=... dbname=..." keyword form. A DSN without a password
// takes it from MYSQL_PWD (MySQL) or PGPASSWORD/.pgpass (PostgreSQL), so it
// need not be on the command line.
func ParseDSN(dsn string) (*Target, error) {
	bad := func(msg string) error { return &InputError{Where: "--dsn", Msg: msg} }
	dsn = strings.TrimSpace(dsn)
	if dsn == "" {
		return nil, bad("is empty; give mysql://user@host/db or postgres://user@host/db")
	}
	lower := strings.ToLower(dsn)
	switch {
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		u, err := url.Parse(dsn)
		if err != nil {
			return nil, bad("is not a valid URL: " + scrubURLError(err))
		}
		t := &Target{Driver: Postgres, From: "--dsn", pgConnString: dsn, Port: 5432}
		t.Host = u.Hostname()
		if p := u.Port(); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n <= 0 || n > 65535 {
				return nil, bad(fmt.Sprintf("port %q is not a port number", p))
			}
			t.Port = n
		}
		t.Database = strings.TrimPrefix(u.Path, "/")
		if u.User != nil {
			t.User = u.User.Username()
			pw, _ := u.User.Password()
			t.Password = espo.NewSecret(pw)
		}
		q := u.Query()
		if h := q.Get("host"); strings.HasPrefix(h, "/") {
			t.Socket = h
		}
		if t.Password.Empty() {
			t.Password = espo.NewSecret(q.Get("password"))
		}
		t.TLS.Mode = q.Get("sslmode")
		if t.Host == "" && t.Socket == "" {
			t.Host = "localhost"
		}
		return t, nil
	case strings.Contains(dsn, "=") && !strings.Contains(dsn, "://") && !strings.Contains(dsn, "@tcp(") && !strings.Contains(dsn, "@unix("):
		// PostgreSQL keyword/value form.
		kv, err := parseKeywords(dsn)
		if err != nil {
			return nil, bad(err.Error())
		}
		t := &Target{Driver: Postgres, From: "--dsn", pgConnString: dsn, Port: 5432, Host: kv["host"], Database: kv["dbname"], User: kv["user"],
			Password: espo.NewSecret(kv["password"])}
		if p := kv["port"]; p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n <= 0 || n > 65535 {
				return nil, bad(fmt.Sprintf("port %q is not a port number", p))
			}
			t.Port = n
		}
		if strings.HasPrefix(t.Host, "/") {
			t.Socket, t.Host = t.Host, ""
		}
		if t.Host == "" && t.Socket == "" {
			t.Host = "localhost"
		}
		t.TLS.Mode = kv["sslmode"]
		return t, nil
	case strings.HasPrefix(lower, "mysql://"), strings.HasPrefix(lower, "mariadb://"):
		rest := dsn[strings.Index(dsn, "://")+3:]
		return parseMySQLNative(rest, true)
	case strings.Contains(dsn, "@tcp(") || strings.Contains(dsn, "@unix(") || strings.Contains(dsn, "@/"):
		return parseMySQLNative(dsn, false)
	}
	return nil, bad("is not a MySQL or PostgreSQL DSN; give mysql://user@host:3306/db or postgres://user@host:5432/db")
}

// parseMySQLNative reads user[:pass]@host[:port]/db?params (url form) or
// user[:pass]@tcp(host:port)/db?params (go-sql-driver form).
func parseMySQLNative(s string, urlForm bool) (*Target, error) {
	bad := func(msg string) error { return &InputError{Where: "--dsn", Msg: msg} }
	t := &Target{Driver: MySQL, From: "--dsn", Port: 3306, Host: "127.0.0.1", mysqlParams: map[string]string{}}
	at := strings.LastIndex(s, "@")
	var cred, rest string
	if at >= 0 {
		cred, rest = s[:at], s[at+1:]
	} else {
		rest = s
	}
	if cred != "" {
		user, pw, _ := strings.Cut(cred, ":")
		var err error
		if urlForm {
			if user, err = url.PathUnescape(user); err != nil {
				return nil, bad("the user name is not URL-encoded correctly")
			}
			if pw, err = url.PathUnescape(pw); err != nil {
				return nil, bad("the password is not URL-encoded correctly")
			}
		}
		t.User, t.Password = user, espo.NewSecret(pw)
	}
	var addr, dbq string
	found := false
	if (strings.HasPrefix(rest, "unix(") || strings.HasPrefix(rest, "tcp(")) && strings.Contains(rest, ")/") {
		i := strings.Index(rest, ")/")
		addr, dbq, found = rest[:i+1], rest[i+2:], true
	} else {
		addr, dbq, found = strings.Cut(rest, "/")
	}
	if !found {
		return nil, bad("has no /database")
	}
	db, query, _ := strings.Cut(dbq, "?")
	t.Database = db
	switch {
	case strings.HasPrefix(addr, "tcp(") && strings.HasSuffix(addr, ")"):
		addr = addr[4 : len(addr)-1]
	case strings.HasPrefix(addr, "unix(") && strings.HasSuffix(addr, ")"):
		t.Socket, addr = addr[5:len(addr)-1], ""
	}
	if addr != "" {
		h, p, err := net.SplitHostPort(addr)
		if err != nil {
			h, p = strings.Trim(addr, "[]"), ""
		}
		t.Host = h
		if p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n <= 0 || n > 65535 {
				return nil, bad(fmt.Sprintf("port %q is not a port number", p))
			}
			t.Port = n
		}
	}
	if query != "" {
		vals, err := url.ParseQuery(query)
		if err != nil {
			return nil, bad("has unreadable parameters after ?")
		}
		for k := range vals {
			t.mysqlParams[k] = vals.Get(k)
		}
		if sock := vals.Get("socket"); sock != "" {
			t.Socket = sock
			delete(t.mysqlParams, "socket")
		}
		if cs := vals.Get("charset"); cs != "" {
			t.Charset = cs
			delete(t.mysqlParams, "charset")
		}
		for k, dst := range map[string]*string{"sslCA": &t.TLS.CA, "sslCert": &t.TLS.Cert, "sslKey": &t.TLS.Key, "sslCAPath": &t.TLS.CAPath} {
			if v := vals.Get(k); v != "" {
				*dst = v
				delete(t.mysqlParams, k)
			}
		}
		if v := vals.Get("tls"); v != "" {
			t.TLS.Mode = v
			delete(t.mysqlParams, "tls")
		}
	}
	if t.Password.Empty() {
		t.Password = espo.NewSecret(os.Getenv("MYSQL_PWD"))
	}
	return t, nil
}

// parseKeywords reads PostgreSQL's key=value connection string, with
// single-quoted values and backslash escapes.
func parseKeywords(s string) (map[string]string, error) {
	out := map[string]string{}
	i := 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		if i >= len(s) {
			return out, nil
		}
		eq := strings.IndexByte(s[i:], '=')
		if eq < 0 {
			return nil, errors.New("expects key=value pairs (host=... dbname=... user=...)")
		}
		key := strings.TrimSpace(s[i : i+eq])
		i += eq + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
		var val strings.Builder
		if i < len(s) && s[i] == '\'' {
			i++
			closed := false
			for i < len(s) {
				c := s[i]
				if c == '\\' && i+1 < len(s) {
					val.WriteByte(s[i+1])
					i += 2
					continue
				}
				if c == '\'' {
					closed = true
					i++
					break
				}
				val.WriteByte(c)
				i++
			}
			if !closed {
				return nil, fmt.Errorf("the value of %s has no closing quote", key)
			}
		} else {
			for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' {
				val.WriteByte(s[i])
				i++
			}
		}
		out[key] = val.String()
	}
}

// quoteKeyword quotes a value for a PostgreSQL keyword/value string.
func quoteKeyword(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// scrubURLError drops the URL (which may hold a password) from a url.Parse
// error.
func scrubURLError(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return "unreadable"
}

// tlsConfig builds the client TLS configuration for MySQL from EspoCRM's
// ssl* settings: the CA file and folder, the client certificate, and
// verification unless sslVerifyDisabled. Errors name the file, not its
// content.
func (t *Target) tlsConfig() (*tls.Config, error) {
	if !t.TLS.Enabled() && t.TLS.Mode == "" {
		return nil, nil
	}
	switch strings.ToLower(t.TLS.Mode) {
	case "false", "disable", "disabled":
		return nil, nil
	}
	c := &tls.Config{ServerName: t.Host, MinVersion: tls.VersionTLS12}
	if t.TLS.CA != "" || t.TLS.CAPath != "" {
		pool := x509.NewCertPool()
		if t.TLS.CA != "" {
			b, err := os.ReadFile(t.TLS.CA)
			if err != nil {
				return nil, fmt.Errorf("sslCA %s: %v", t.TLS.CA, pathErr(err))
			}
			if !pool.AppendCertsFromPEM(b) {
				return nil, fmt.Errorf("sslCA %s: no PEM certificate in it", t.TLS.CA)
			}
		}
		if t.TLS.CAPath != "" {
			ents, err := os.ReadDir(t.TLS.CAPath)
			if err != nil {
				return nil, fmt.Errorf("sslCAPath %s: %v", t.TLS.CAPath, pathErr(err))
			}
			for _, e := range ents {
				if b, err := os.ReadFile(filepath.Join(t.TLS.CAPath, e.Name())); err == nil {
					pool.AppendCertsFromPEM(b)
				}
			}
		}
		c.RootCAs = pool
	}
	if t.TLS.Cert != "" || t.TLS.Key != "" {
		cert, err := tls.LoadX509KeyPair(t.TLS.Cert, t.TLS.Key)
		if err != nil {
			return nil, fmt.Errorf("sslCert %s / sslKey %s: cannot load the client certificate", t.TLS.Cert, t.TLS.Key)
		}
		c.Certificates = []tls.Certificate{cert}
	}
	switch strings.ToLower(t.TLS.Mode) {
	case "skip-verify", "preferred":
		c.InsecureSkipVerify = true
	}
	if t.TLS.VerifyDisabled {
		c.InsecureSkipVerify = true
	}
	return c, nil
}

func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// scalar reads a setting value as PHP's string conversion would.
func scalar(e *lit.Entry) string {
	if e == nil || e.Value == nil {
		return ""
	}
	v := e.Value
	switch v.Kind {
	case lit.String:
		return v.Str
	case lit.Int:
		return strconv.FormatInt(v.Int, 10)
	case lit.Float:
		return strconv.FormatFloat(v.Float, 'f', -1, 64)
	case lit.Bool:
		if v.Bool {
			return "1"
		}
	}
	return ""
}

func phpTrue(e *lit.Entry) bool { return e != nil && e.Value.Truthy() }

// Resolve picks the target of a run: the --dsn when given, else the
// instance's own `database` setting (--db).
func Resolve(s *espo.Settings, dsn string) (*Target, error) {
	if strings.TrimSpace(dsn) != "" {
		return ParseDSN(dsn)
	}
	return FromSettings(s)
}

// ExitCode is the exit code an error of this package calls for: 0 for
// nil, 2 for an unusable setting or --dsn, 3 for "could not connect" and
// any other error (the read did not complete: cancelled, say).
func ExitCode(err error) int {
	var ie *InputError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ie):
		return 2
	}
	return 3
}
