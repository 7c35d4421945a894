package espodb

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
)

// Read connects to t, reads everything in one read-only session and
// returns the snapshot. The error is a *ConnectError (exit 3) or an
// *InputError (exit 2); every later problem is a Skip in the snapshot.
func Read(ctx context.Context, t *Target, o Options) (*Snapshot, error) {
	o = o.withDefaults()
	c, err := open(ctx, t, o)
	if err != nil {
		return nil, err
	}
	defer c.close()
	s := &Snapshot{Target: t.String(), From: t.From, Driver: t.Driver, ReadOnly: true, TLS: c.tls, Loaded: map[string]bool{}}
	s.Notes = append(s.Notes, t.Notes...)
	r := &reader{c: c, o: o, s: s}
	r.version(ctx)
	if err := r.schema(ctx); err != nil {
		for _, p := range []string{PartProviders, PartPortals, PartUsers, PartTeams, PartTeamUsers, PartPortalUsers, PartAuthLog} {
			s.Skipped = append(s.Skipped, Skip{Part: p, Table: "information_schema.columns", Reason: "could not list the tables' columns: " + err.Error()})
		}
		s.Statements = c.ran
		return s, nil
	}
	r.providers(ctx)
	r.portals(ctx)
	r.teams(ctx)
	r.users(ctx)
	r.authLog(ctx)
	if c.cut > 0 {
		r.note("%d value(s) longer than %d KiB were cut to that length", c.cut, maxValue>>10)
	}
	s.Statements = c.ran
	return s, nil
}

type reader struct {
	c    *conn
	o    Options
	s    *Snapshot
	cols map[string]map[string]int // table → column → character_maximum_length (0 if none)
}

func (r *reader) q(name string) string {
	if r.c.driver == Postgres {
		return `"` + name + `"`
	}
	return "`" + name + "`"
}

func (r *reader) version(ctx context.Context) {
	stmt := "SELECT VERSION()"
	if r.c.driver == Postgres {
		stmt = "SHOW server_version"
	}
	if rows, err := r.c.raw(ctx, stmt); err == nil && len(rows) == 1 && rows[0][0] != nil {
		r.s.ServerVersion = *rows[0][0]
	}
}

var tables = []string{"authentication_provider", "portal", "user", "team", "team_user", "portal_user", "auth_log_record"}

func (r *reader) schema(ctx context.Context) error {
	schema := "DATABASE()"
	if r.c.driver == Postgres {
		schema = "current_schema()"
	}
	stmt := "SELECT table_name, column_name, character_maximum_length FROM information_schema.columns WHERE table_schema = " + schema +
		" AND table_name IN ('" + strings.Join(tables, "', '") + "')"
	rows, err := r.c.query(ctx, stmt)
	if err != nil {
		return err
	}
	r.cols = map[string]map[string]int{}
	for _, row := range rows {
		if len(row) < 3 || row[0] == nil || row[1] == nil {
			continue
		}
		t, col := strings.ToLower(*row[0]), strings.ToLower(*row[1])
		if r.cols[t] == nil {
			r.cols[t] = map[string]int{}
		}
		n := 0
		if row[2] != nil {
			n, _ = strconv.Atoi(*row[2])
		}
		r.cols[t][col] = n
	}
	return nil
}

// spec is the columns a part needs (required) and may use (optional).
type spec struct {
	part, table        string
	required, optional []string
}

// columns checks the table and returns the columns to select (required
// first, then the optional ones present) and their positions; ok is false
// when the part is skipped.
func (r *reader) columns(sp spec) (list []string, at map[string]int, ok bool) {
	have := r.cols[sp.table]
	if have == nil {
		r.skip(sp, "table "+sp.table+" does not exist (EspoCRM "+tableSince(sp.table)+")")
		return nil, nil, false
	}
	var missing []string
	for _, c := range sp.required {
		if _, ok := have[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		r.skip(sp, "column "+strings.Join(missing, ", ")+" missing from "+sp.table+" (an older or customised EspoCRM)")
		return nil, nil, false
	}
	at = map[string]int{}
	for _, c := range append(append([]string{}, sp.required...), sp.optional...) {
		if _, ok := have[c]; ok {
			at[c] = len(list)
			list = append(list, c)
		}
	}
	return list, at, true
}

func tableSince(table string) string {
	if table == "authentication_provider" {
		return "before 7.4 has no portal providers"
	}
	return "has it; is this EspoCRM's database?"
}

func (r *reader) skip(sp spec, reason string) {
	r.s.Skipped = append(r.s.Skipped, Skip{Part: sp.part, Table: sp.table, Reason: reason})
}

func (r *reader) note(format string, args ...any) {
	if len(r.s.Notes) < 200 {
		r.s.Notes = append(r.s.Notes, fmt.Sprintf(format, args...))
	}
}

func (r *reader) selectList(list []string, alias string) string {
	out := make([]string, len(list))
	for i, c := range list {
		if alias != "" {
			out[i] = alias + "." + r.q(c)
		} else {
			out[i] = r.q(c)
		}
	}
	return strings.Join(out, ", ")
}

// run selects list from the part's table with the given tail (WHERE …) and
// a row cap; it records a skip on error.
func (r *reader) run(ctx context.Context, sp spec, list []string, tail string, limit int) ([][]*string, bool) {
	stmt := "SELECT " + r.selectList(list, "") + " FROM " + r.q(sp.table)
	if tail != "" {
		stmt += " " + tail
	}
	stmt += " LIMIT " + strconv.Itoa(limit+1)
	rows, err := r.c.query(ctx, stmt)
	if err != nil {
		r.skip(sp, "query failed: "+err.Error())
		return nil, false
	}
	if len(rows) > limit {
		rows = rows[:limit]
		r.note("%s: more than %d rows; only the first %d were read", sp.table, limit, limit)
	}
	return rows, true
}

type row struct {
	v  []*string
	at map[string]int
}

func (w row) str(c string) string {
	if i, ok := w.at[c]; ok && i < len(w.v) && w.v[i] != nil {
		return *w.v[i]
	}
	return ""
}

func (w row) null(c string) bool {
	i, ok := w.at[c]
	return !ok || i >= len(w.v) || w.v[i] == nil
}

func (w row) has(c string) bool { _, ok := w.at[c]; return ok }

// boolean reads a bool column: MySQL 1/0, PostgreSQL t/f. NULL is def.
// Another number is true, as PHP's (bool) cast reads it, and is reported
// through bad, as is anything else (read as false).
func (w row) boolean(c string, def bool, bad func(string)) bool {
	if w.null(c) {
		return def
	}
	v := w.str(c)
	switch strings.ToLower(v) {
	case "1", "t", "true":
		return true
	case "0", "f", "false", "":
		return false
	}
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		bad(fmt.Sprintf("%s = %s is not 0 or 1 (EspoCRM reads it as %v)", c, v, n != 0))
		return n != 0
	}
	bad(fmt.Sprintf("%s = %q is not a boolean (read as false)", c, v))
	return false
}

// jsonList decodes a JSON-list text column. NULL, ” → nil, ok.
func jsonList(raw *string) ([]string, error) {
	if raw == nil || strings.TrimSpace(*raw) == "" {
		return nil, nil
	}
	var vals []any
	if err := json.Unmarshal([]byte(*raw), &vals); err != nil {
		return nil, fmt.Errorf("%.40q is not a JSON list", *raw)
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		default:
			b, _ := json.Marshal(x)
			out = append(out, string(b))
		}
	}
	return out, nil
}

var providerSpec = spec{part: PartProviders, table: "authentication_provider",
	required: []string{"id", "name", "deleted", "method", "oidc_client_id", "oidc_client_secret", "oidc_authorization_endpoint",
		"oidc_token_endpoint", "oidc_jwks_endpoint", "oidc_jwt_signature_algorithm_list", "oidc_scopes", "oidc_create_user",
		"oidc_username_claim", "oidc_sync"},
	optional: []string{"oidc_logout_url", "oidc_user_info_endpoint", "oidc_authorization_prompt", "oidc_authorization_pkce"}}

func (r *reader) providers(ctx context.Context) {
	list, at, ok := r.columns(providerSpec)
	if !ok {
		return
	}
	rows, ok := r.run(ctx, providerSpec, list, "ORDER BY "+r.q("name")+", "+r.q("id"), r.o.MaxRows)
	if !ok {
		return
	}
	for _, v := range rows {
		w := row{v, at}
		p := Provider{ID: w.str("id"), Name: w.str("name"), Method: w.str("method"), ClientID: w.str("oidc_client_id"),
			ClientSecret:          espo.NewSecret(w.str("oidc_client_secret")),
			AuthorizationEndpoint: w.str("oidc_authorization_endpoint"), TokenEndpoint: w.str("oidc_token_endpoint"),
			JwksEndpoint: w.str("oidc_jwks_endpoint"), UserInfoEndpoint: w.str("oidc_user_info_endpoint"),
			UsernameClaim: w.str("oidc_username_claim"), UsernameClaimNull: w.null("oidc_username_claim"),
			LogoutURL: w.str("oidc_logout_url"), Prompt: w.str("oidc_authorization_prompt"), Has: map[string]bool{}}
		bad := func(msg string) { p.Problems = append(p.Problems, msg) }
		// EspoCRM finds only rows with deleted = 0; a NULL is not found either.
		p.Deleted = w.null("deleted") || w.boolean("deleted", true, bad)
		p.CreateUser = w.boolean("oidc_create_user", false, bad)
		p.Sync = w.boolean("oidc_sync", false, bad)
		for _, c := range providerSpec.optional {
			p.Has[c] = w.has(c)
		}
		p.PKCE = w.has("oidc_authorization_pkce") && w.boolean("oidc_authorization_pkce", true, bad)
		var err error
		p.AlgorithmsRaw = w.v[at["oidc_jwt_signature_algorithm_list"]]
		if p.Algorithms, err = jsonList(p.AlgorithmsRaw); err != nil {
			bad("oidc_jwt_signature_algorithm_list " + err.Error() + " (EspoCRM reads it as an empty list: every token is rejected)")
		}
		p.ScopesRaw = w.v[at["oidc_scopes"]]
		if p.Scopes, err = jsonList(p.ScopesRaw); err != nil {
			bad("oidc_scopes " + err.Error() + " (EspoCRM reads it as an empty list: only openid is asked for)")
		}
		r.s.Providers = append(r.s.Providers, p)
	}
	r.s.Loaded[PartProviders] = true
}

var portalSpec = spec{part: PartPortals, table: "portal",
	required: []string{"id", "name", "deleted", "custom_id", "is_active", "custom_url"},
	optional: []string{"authentication_provider_id"}}

func (r *reader) portals(ctx context.Context) {
	list, at, ok := r.columns(portalSpec)
	if !ok {
		return
	}
	if _, has := at["authentication_provider_id"]; !has {
		r.note("portal.authentication_provider_id does not exist: this EspoCRM (before 7.4) has no portal OIDC; portals use passwords")
	}
	rows, ok := r.run(ctx, portalSpec, list, "WHERE "+r.q("deleted")+" = FALSE ORDER BY "+r.q("name")+", "+r.q("id"), r.o.MaxRows)
	if !ok {
		return
	}
	byID := map[string]*Provider{}
	for i := range r.s.Providers {
		byID[r.s.Providers[i].ID] = &r.s.Providers[i]
	}
	for _, v := range rows {
		w := row{v, at}
		p := Portal{ID: w.str("id"), Name: w.str("name"), CustomID: w.str("custom_id"), CustomURL: w.str("custom_url"),
			ProviderID: w.str("authentication_provider_id")}
		p.IsActive = w.boolean("is_active", true, func(m string) { r.note("portal %s: %s", p.ID, m) })
		p.Provider = byID[p.ProviderID]
		r.s.Portals = append(r.s.Portals, p)
	}
	r.s.Loaded[PartPortals] = true
}

var teamSpec = spec{part: PartTeams, table: "team", required: []string{"id", "name", "deleted"}}

func (r *reader) teams(ctx context.Context) {
	list, at, ok := r.columns(teamSpec)
	if !ok {
		return
	}
	rows, ok := r.run(ctx, teamSpec, list, "ORDER BY "+r.q("name")+", "+r.q("id"), r.o.MaxRows)
	if !ok {
		return
	}
	for _, v := range rows {
		w := row{v, at}
		t := Team{ID: w.str("id"), Name: w.str("name")}
		// EspoCRM finds only rows with deleted = 0; a NULL is not found either.
		t.Deleted = w.null("deleted") || w.boolean("deleted", true, func(m string) { r.note("team %s: %s", t.ID, m) })
		r.s.Teams = append(r.s.Teams, t)
	}
	r.s.Loaded[PartTeams] = true
}

var userSpec = spec{part: PartUsers, table: "user", required: []string{"id", "deleted", "user_name", "type", "is_active"},
	optional: []string{"auth_method"}}
var teamUserSpec = spec{part: PartTeamUsers, table: "team_user", required: []string{"user_id", "team_id", "deleted"}}
var portalUserSpec = spec{part: PartPortalUsers, table: "portal_user", required: []string{"portal_id", "user_id", "deleted"}}

var userTypes = map[string]bool{"regular": true, "admin": true, "portal": true, "system": true, "super-admin": true, "api": true}

func (r *reader) users(ctx context.Context) {
	list, at, ok := r.columns(userSpec)
	if !ok {
		return
	}
	r.s.UserNameMaxLength = r.cols["user"]["user_name"]
	rows, ok := r.run(ctx, userSpec, list, "WHERE "+r.q("deleted")+" = FALSE ORDER BY "+r.q("user_name")+", "+r.q("id"), r.o.MaxRows)
	if !ok {
		return
	}
	idx := map[string]int{}
	odd := 0
	for _, v := range rows {
		w := row{v, at}
		u := User{ID: w.str("id"), UserName: w.str("user_name"), Type: w.str("type"), AuthMethod: w.str("auth_method")}
		u.IsActive = w.boolean("is_active", true, func(m string) { r.note("user %s: %s", u.ID, m) })
		if !userTypes[u.Type] {
			if odd++; odd <= 5 {
				r.note("user %s (%s) has type %q, which EspoCRM does not know: it is neither regular nor admin for OIDC", u.ID, u.UserName, u.Type)
			}
		}
		idx[u.ID] = len(r.s.Users)
		r.s.Users = append(r.s.Users, u)
	}
	r.s.Loaded[PartUsers] = true

	if list, at, ok := r.columns(teamUserSpec); ok {
		if rows, ok := r.run(ctx, teamUserSpec, list, "WHERE "+r.q("deleted")+" = FALSE ORDER BY "+r.q("user_id")+", "+r.q("team_id"), 5*r.o.MaxRows); ok {
			for _, v := range rows {
				w := row{v, at}
				if i, ok := idx[w.str("user_id")]; ok && !w.null("team_id") {
					r.s.Users[i].TeamIDs = append(r.s.Users[i].TeamIDs, w.str("team_id"))
				}
			}
			r.s.Loaded[PartTeamUsers] = true
		}
	}
	if list, at, ok := r.columns(portalUserSpec); ok {
		if rows, ok := r.run(ctx, portalUserSpec, list, "WHERE "+r.q("deleted")+" = FALSE ORDER BY "+r.q("user_id")+", "+r.q("portal_id"), 5*r.o.MaxRows); ok {
			for _, v := range rows {
				w := row{v, at}
				if i, ok := idx[w.str("user_id")]; ok && !w.null("portal_id") {
					r.s.Users[i].PortalIDs = append(r.s.Users[i].PortalIDs, w.str("portal_id"))
				}
			}
			r.s.Loaded[PartPortalUsers] = true
		}
	}
}

var authLogSpec = spec{part: PartAuthLog, table: "auth_log_record",
	required: []string{"id", "deleted", "username", "user_id", "is_denied", "denial_reason", "request_time", "created_at", "authentication_method"},
	optional: []string{"portal_id", "ip_address", "request_url", "request_method", "auth_token_id"}}

func (r *reader) authLog(ctx context.Context) {
	list, at, ok := r.columns(authLogSpec)
	if !ok {
		return
	}
	// How much is in the log at all (every method), to tell "empty" from
	// "no OIDC attempts".
	sum, err := r.c.query(ctx, "SELECT COUNT(*), MIN("+r.q("created_at")+"), MAX("+r.q("created_at")+") FROM "+r.q("auth_log_record")+
		" WHERE "+r.q("deleted")+" = FALSE")
	if err != nil {
		r.skip(authLogSpec, "query failed: "+err.Error())
		return
	}
	if len(sum) == 1 && len(sum[0]) == 3 {
		if sum[0][0] != nil {
			r.s.AuthLog.Total, _ = strconv.Atoi(*sum[0][0])
		}
		r.s.AuthLog.First = parseDateTime(sum[0][1])
		r.s.AuthLog.Last = parseDateTime(sum[0][2])
	}
	where := "WHERE " + r.q("deleted") + " = FALSE AND (" + r.q("authentication_method") + " = 'Oidc' OR " + r.q("username") + " = '**oidc')"
	if !r.o.AuthLogSince.IsZero() {
		where += " AND " + r.q("request_time") + " >= " + strconv.FormatInt(r.o.AuthLogSince.Unix(), 10)
	}
	rows, err := r.c.query(ctx, "SELECT "+r.selectList(list, "")+" FROM "+r.q("auth_log_record")+" "+where+
		" ORDER BY "+r.q("request_time")+" DESC, "+r.q("created_at")+" DESC LIMIT "+strconv.Itoa(r.o.AuthLogLimit+1))
	if err != nil {
		r.skip(authLogSpec, "query failed: "+err.Error())
		return
	}
	if len(rows) > r.o.AuthLogLimit {
		rows = rows[:r.o.AuthLogLimit]
		r.s.AuthLog.Truncated = true
	}
	names := map[string]string{}
	for _, u := range r.s.Users {
		names[u.ID] = u.UserName
	}
	odd := 0
	for _, v := range rows {
		w := row{v, at}
		rec := AuthLogRecord{ID: w.str("id"), Username: w.str("username"), UserID: w.str("user_id"), PortalID: w.str("portal_id"),
			IPAddress: w.str("ip_address"), DenialReason: w.str("denial_reason"), RequestURL: w.str("request_url"),
			Method: w.str("authentication_method"), AuthTokenID: w.str("auth_token_id")}
		rec.UserName = names[rec.UserID]
		rec.IsDenied = w.boolean("is_denied", false, func(m string) {
			if odd++; odd <= 5 {
				r.note("auth log %s: %s", rec.ID, m)
			}
		})
		if !w.null("created_at") {
			rec.CreatedAt = parseDateTime(w.v[at["created_at"]])
		}
		if !w.null("request_time") {
			f, err := strconv.ParseFloat(w.str("request_time"), 64)
			if err == nil && f > 0 && f < 1e11 && !math.IsNaN(f) {
				sec, frac := math.Modf(f)
				rec.RequestTime = time.Unix(int64(sec), int64(frac*1e9)).UTC()
			} else if odd++; odd <= 5 {
				r.note("auth log %s: request_time %q is not a unix time", rec.ID, w.str("request_time"))
			}
		}
		r.s.AuthLog.Rows = append(r.s.AuthLog.Rows, rec)
	}
	sort.SliceStable(r.s.AuthLog.Rows, func(i, j int) bool { return r.s.AuthLog.Rows[i].Time().After(r.s.AuthLog.Rows[j].Time()) })
	r.s.Loaded[PartAuthLog] = true
}

// parseDateTime reads EspoCRM's UTC "Y-m-d H:i:s" (MySQL DATETIME,
// PostgreSQL TIMESTAMP(0) text). Zero dates and garbage give the zero time.
func parseDateTime(v *string) time.Time {
	if v == nil {
		return time.Time{}
	}
	s := strings.TrimSpace(*v)
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04:05.999999", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05-07"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
