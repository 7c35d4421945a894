package espodb

import (
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/espo-oidc/espo-oidc/internal/lazyre"
)

// Options bound a read.
type Options struct {
	ConnectTimeout time.Duration // default 5s
	QueryTimeout   time.Duration // per statement; default 10s
	AuthLogLimit   int           // newest OIDC auth-log rows to read; default 1000
	AuthLogSince   time.Time     // only rows at or after this time, when set
	MaxRows        int           // cap per table; default 200000
}

func (o Options) withDefaults() Options {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	if o.QueryTimeout <= 0 {
		o.QueryTimeout = 10 * time.Second
	}
	if o.AuthLogLimit <= 0 {
		o.AuthLogLimit = 1000
	}
	if o.MaxRows <= 0 {
		o.MaxRows = 200000
	}
	return o
}

// ConnectError is "could not connect" (unreachable, refused, timeout, wrong
// credentials, unknown database, no read-only session): exit 3. Its text
// names the target and what was tried, never the password.
type ConnectError struct {
	Target string // Target.String()
	From   string
	Kind   string // unreachable, timeout, credentials, database, tls, read-only, other
	Detail string // the server's or network's message, scrubbed
}

func (e *ConnectError) Error() string {
	what := map[string]string{
		"unreachable": "could not connect (nothing answers at that address)",
		"timeout":     "could not connect (timed out)",
		"credentials": "could not connect (the server refused the user name or password)",
		"database":    "could not connect (the database does not exist or the user may not use it)",
		"tls":         "could not connect (TLS failed)",
		"read-only":   "connected, but the session could not be made read-only, so nothing was read",
	}[e.Kind]
	if what == "" {
		what = "could not connect"
	}
	s := "database " + e.Target
	if e.From != "" {
		s += " (from " + e.From + ")"
	}
	s += ": " + what
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// conn is one read-only session on either driver. Every statement goes
// through query, which refuses anything but the allowed reads.
type conn struct {
	driver  Driver
	timeout time.Duration
	db      *sql.DB
	tx      *sql.Tx
	pg      *pgconn.PgConn
	scrub   func(string) string
	ran     []string
	tls     string // the TLS version, "" without TLS
	cut     int    // values longer than maxValue, cut
}

// maxValue bounds one value read from the database.
const maxValue = 64 << 10

func (c *conn) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if c.tx != nil {
		_ = c.tx.Rollback()
	}
	if c.db != nil {
		_ = c.db.Close()
	}
	if c.pg != nil {
		_, _ = c.pg.Exec(ctx, "ROLLBACK").ReadAll()
		_ = c.pg.Close(ctx)
	}
}

// allowedRead matches the only statements the tool runs on the data: a
// SELECT from EspoCRM's tables named in docs/database.md or from
// information_schema.columns.
var allowedRead = lazyre.New(`^SELECT [^;]+ FROM (information_schema\.columns|` + "[`\"]?" + `(portal|authentication_provider|user|team|team_user|portal_user|auth_log_record)` + "[`\"]?" + `)( [^;]*)?$`)

// query runs one SELECT and returns the column names and rows as text (nil
// for NULL).
func (c *conn) query(ctx context.Context, stmt string) ([][]*string, error) {
	if !allowedRead().MatchString(stmt) {
		return nil, fmt.Errorf("refusing to run a statement that is not an allowed read: %.60s", stmt)
	}
	for _, m := range joinRe().FindAllStringSubmatch(stmt, -1) {
		if !allowedTables[strings.Trim(m[1], "`\"")] {
			return nil, fmt.Errorf("refusing to read table %s", m[1])
		}
	}
	c.ran = append(c.ran, stmt)
	return c.raw(ctx, stmt)
}

var joinRe = lazyre.New(`(?:FROM|JOIN) ([^ ]+)`)

var allowedTables = map[string]bool{"information_schema.columns": true, "portal": true, "authentication_provider": true, "user": true,
	"team": true, "team_user": true, "portal_user": true, "auth_log_record": true}

// raw runs a statement with no guard; used for the session statements
// (read-only mode, version) and by query.
func (c *conn) raw(ctx context.Context, stmt string) ([][]*string, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if c.driver == Postgres {
		res := c.pg.ExecParams(ctx, stmt, nil, nil, nil, nil).Read()
		if res.Err != nil {
			// An error aborts a PostgreSQL transaction: start a new read-only
			// one so the remaining reads still run.
			if !c.pg.IsClosed() {
				_, _ = c.pg.Exec(ctx, "ROLLBACK").ReadAll()
				_, _ = c.pg.Exec(ctx, "BEGIN READ ONLY").ReadAll()
			}
			return nil, errors.New(c.scrub(pgMessage(res.Err)))
		}
		out := make([][]*string, 0, len(res.Rows))
		for _, r := range res.Rows {
			row := make([]*string, len(r))
			for i, v := range r {
				if v != nil {
					if len(v) > maxValue {
						c.cut++
					}
					s := string(v[:min(len(v), maxValue)])
					row[i] = &s
				}
			}
			out = append(out, row)
		}
		return out, nil
	}
	rows, err := c.tx.QueryContext(ctx, stmt)
	if err != nil {
		return nil, errors.New(c.scrub(err.Error()))
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, errors.New(c.scrub(err.Error()))
	}
	var out [][]*string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, errors.New(c.scrub(err.Error()))
		}
		row := make([]*string, len(cols))
		for i, v := range vals {
			if v.Valid {
				if len(v.String) > maxValue {
					c.cut++
				}
				s := v.String[:min(len(v.String), maxValue)]
				row[i] = &s
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, errors.New(c.scrub(err.Error()))
	}
	return out, nil
}

func pgMessage(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Severity + ": " + pe.Message + " (SQLSTATE " + pe.Code + ")"
	}
	return err.Error()
}

// scrubber replaces the password, raw and URL-encoded, wherever it might
// appear in a driver's message.
func scrubber(pw string) func(string) string {
	if pw == "" {
		return func(s string) string { return s }
	}
	forms := []string{pw, url.QueryEscape(pw), url.PathEscape(pw), quoteKeyword(pw)}
	return func(s string) string {
		for _, f := range forms {
			if f != "" {
				s = strings.ReplaceAll(s, f, "[redacted]")
			}
		}
		return s
	}
}

// open connects and makes the session read-only. Any failure is a
// *ConnectError (or an *InputError for unusable TLS files).
func open(ctx context.Context, t *Target, o Options) (*conn, error) {
	scrub := scrubber(t.Password.Reveal())
	fail := func(kind, detail string) error {
		return &ConnectError{Target: t.String(), From: t.From, Kind: kind, Detail: scrub(detail)}
	}
	c := &conn{driver: t.Driver, timeout: o.QueryTimeout, scrub: scrub}
	cctx, cancel := context.WithTimeout(ctx, o.ConnectTimeout)
	defer cancel()
	switch t.Driver {
	case MySQL:
		cfg := mysql.NewConfig()
		cfg.User = t.User
		cfg.Passwd = t.Password.Reveal()
		cfg.DBName = t.Database
		if t.Socket != "" {
			cfg.Net, cfg.Addr = "unix", t.Socket
		} else {
			cfg.Net, cfg.Addr = "tcp", net.JoinHostPort(t.Host, strconv.Itoa(t.Port))
		}
		cfg.Timeout = o.ConnectTimeout
		cfg.ReadTimeout = o.QueryTimeout
		cfg.WriteTimeout = o.QueryTimeout
		cfg.AllowNativePasswords = true
		cfg.MaxAllowedPacket = 4 << 20
		charset := t.Charset
		if charset == "" {
			charset = "utf8mb4"
		}
		if err := cfg.Apply(mysql.Charset(charset, "")); err != nil {
			return nil, &InputError{Where: t.From, Msg: "charset " + charset + ": " + err.Error()}
		}
		tc, err := t.tlsConfig()
		if err != nil {
			return nil, &InputError{Where: t.From, Msg: err.Error()}
		}
		if tc != nil {
			cfg.TLS = tc
		}
		for k, v := range t.mysqlParams {
			switch k {
			case "parseTime", "interpolateParams", "multiStatements", "allowAllFiles":
				// never: the tool reads text and runs single statements
			default:
				if cfg.Params == nil {
					cfg.Params = map[string]string{}
				}
				cfg.Params[k] = v
			}
		}
		connector, err := mysql.NewConnector(cfg)
		if err != nil {
			return nil, &InputError{Where: t.From, Msg: scrub(err.Error())}
		}
		c.db = sql.OpenDB(connector)
		c.db.SetMaxOpenConns(1)
		if err := c.db.PingContext(cctx); err != nil {
			c.close()
			return nil, fail(mysqlKind(err), err.Error())
		}
		if _, err := c.db.ExecContext(cctx, "SET SESSION TRANSACTION READ ONLY"); err != nil {
			c.close()
			return nil, fail("read-only", err.Error())
		}
		// The transaction lives as long as the session, not the connect timeout.
		tx, err := c.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // START TRANSACTION READ ONLY
		if err != nil {
			c.close()
			return nil, fail("read-only", err.Error())
		}
		c.tx = tx
		ro := ""
		for _, v := range []string{"@@session.transaction_read_only", "@@session.tx_read_only"} {
			if rows, err := c.raw(cctx, "SELECT "+v); err == nil && len(rows) == 1 && rows[0][0] != nil {
				ro = *rows[0][0]
				break
			}
		}
		if ro != "1" {
			c.close()
			return nil, fail("read-only", "the server does not report the session as read-only")
		}
		if rows, err := c.raw(cctx, "SHOW SESSION STATUS LIKE 'Ssl_version'"); err == nil && len(rows) == 1 && len(rows[0]) == 2 && rows[0][1] != nil {
			c.tls = *rows[0][1]
		}
	case Postgres:
		var cfg *pgconn.Config
		var err error
		if t.pgConnString != "" {
			cfg, err = pgconn.ParseConfig(t.pgConnString)
		} else {
			parts := []string{"port=" + strconv.Itoa(t.Port), "dbname=" + quoteKeyword(t.Database), "user=" + quoteKeyword(t.User)}
			if t.Socket != "" {
				parts = append(parts, "host="+quoteKeyword(t.Socket))
			} else {
				parts = append(parts, "host="+quoteKeyword(t.Host))
			}
			if !t.Password.Empty() {
				parts = append(parts, "password="+quoteKeyword(t.Password.Reveal()))
			}
			cfg, err = pgconn.ParseConfig(strings.Join(parts, " "))
		}
		if err != nil {
			return nil, &InputError{Where: t.From, Msg: scrub(err.Error())}
		}
		cfg.ConnectTimeout = o.ConnectTimeout
		if cfg.RuntimeParams == nil {
			cfg.RuntimeParams = map[string]string{}
		}
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
		cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt(o.QueryTimeout.Milliseconds(), 10)
		cfg.RuntimeParams["application_name"] = "espo-oidc"
		cfg.RuntimeParams["TimeZone"] = "UTC"
		pc, err := pgconn.ConnectConfig(cctx, cfg)
		if err != nil {
			return nil, fail(pgKind(err), pgMessage(err))
		}
		c.pg = pc
		if tc, ok := pc.Conn().(*tls.Conn); ok {
			c.tls = tls.VersionName(tc.ConnectionState().Version)
		}
		if _, err := c.pg.Exec(cctx, "BEGIN READ ONLY").ReadAll(); err != nil {
			c.close()
			return nil, fail("read-only", pgMessage(err))
		}
		rows, err := c.raw(cctx, "SHOW transaction_read_only")
		if err != nil || len(rows) != 1 || rows[0][0] == nil || *rows[0][0] != "on" {
			c.close()
			return nil, fail("read-only", "the server does not report the session as read-only")
		}
	default:
		return nil, &InputError{Where: t.From, Msg: "unknown database driver " + string(t.Driver)}
	}
	return c, nil
}

func mysqlKind(err error) string {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1045, 1698, 1251:
			return "credentials"
		case 1044, 1049:
			return "database"
		}
		return "other"
	}
	return netKind(err)
}

func pgKind(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return "credentials"
		case "3D000", "42501":
			return "database"
		}
		return "other"
	}
	if k := netKind(err); k != "other" {
		return k
	}
	if strings.Contains(err.Error(), "tls") || strings.Contains(err.Error(), "x509") {
		return "tls"
	}
	return "other"
}

func netKind(err error) string {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return "timeout"
	}
	s := err.Error()
	switch {
	case strings.Contains(s, "timeout"), strings.Contains(s, "deadline exceeded"):
		return "timeout"
	case strings.Contains(s, "x509") || strings.Contains(s, "tls:") || strings.Contains(s, "TLS"):
		return "tls"
	case strings.Contains(s, "refused"), strings.Contains(s, "no such file"), strings.Contains(s, "no such host"),
		strings.Contains(s, "unreachable"), errors.Is(err, os.ErrNotExist):
		return "unreachable"
	}
	return "other"
}
