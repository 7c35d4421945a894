package probe

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/safeio"
)

// DefaultUserNameRegex is EspoCRM's userNameRegularExpression default.
const DefaultUserNameRegex = espo.DefaultUserNameRegex

// NormalizeUsername is Sync::normalizeUsername (espo.NormalizeUsername).
func NormalizeUsername(s, regex string) (string, error) { return espo.NormalizeUsername(s, regex) }

// User is one row of an EspoCRM user export.
type User struct {
	UserName string   `json:"userName"`
	Type     string   `json:"type"` // regular, admin, portal, api, system, super-admin
	IsActive bool     `json:"isActive"`
	TeamsIDs []string `json:"teamsIds,omitempty"`
}

// MaxUsersFile bounds a --users file.
const MaxUsersFile = 32 << 20

// LoadUsers reads a CSV (header with userName, type, isActive; optional
// teamsIds separated by ';' or ',') or JSON (an array, or {"list": [...]}
// as the EspoCRM API returns) export of users. Errors name the file and
// line.
func LoadUsers(path string) ([]User, error) {
	f, err := safeio.Open(path) // a FIFO, socket or device is refused, not waited on
	if err != nil {
		if safeio.IsLimit(err) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %v", path, strings.TrimPrefix(err.Error(), "open "+path+": "))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxUsersFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(b) > MaxUsersFile {
		return nil, fmt.Errorf("%s: larger than %d MiB", path, MaxUsersFile>>20)
	}
	return ParseUsers(path, b)
}

// ParseUsers parses a users export from memory.
func ParseUsers(name string, b []byte) ([]User, error) {
	t := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
	if len(t) == 0 {
		return nil, fmt.Errorf("%s: the file is empty; expected a CSV (userName,type,isActive) or JSON export of EspoCRM users", name)
	}
	if t[0] == '[' || t[0] == '{' {
		return parseUsersJSON(name, t)
	}
	return parseUsersCSV(name, t)
}

func parseUsersJSON(name string, b []byte) ([]User, error) {
	var rows []map[string]any
	if b[0] == '{' {
		var wrap struct {
			List []map[string]any `json:"list"`
		}
		if err := json.Unmarshal(b, &wrap); err != nil {
			return nil, fmt.Errorf("%s: %s", name, jsonErr(b, err))
		}
		if wrap.List == nil {
			return nil, fmt.Errorf("%s: a JSON object without a \"list\" array; expected an array of users or the API's {\"list\": [...]}", name)
		}
		rows = wrap.List
	} else if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("%s: %s", name, jsonErr(b, err))
	}
	var out []User
	for i, r := range rows {
		if r == nil {
			return nil, fmt.Errorf("%s: user %d is not an object", name, i+1)
		}
		u := User{IsActive: true}
		var ok bool
		if u.UserName, ok = r["userName"].(string); !ok {
			return nil, fmt.Errorf("%s: user %d has no userName string", name, i+1)
		}
		if t, ok := r["type"].(string); ok {
			u.Type = t
		}
		switch v := r["isActive"].(type) {
		case bool:
			u.IsActive = v
		case float64:
			u.IsActive = v != 0
		case string:
			u.IsActive = parseBool(v)
		}
		if l, ok := r["teamsIds"].([]any); ok {
			for _, x := range l {
				if s, ok := x.(string); ok {
					u.TeamsIDs = append(u.TeamsIDs, s)
				}
			}
		}
		if u.Type == "" {
			u.Type = "regular"
		}
		out = append(out, u)
	}
	return out, nil
}

func jsonErr(b []byte, err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return fmt.Sprintf("line %d: not valid JSON: %v", line, se)
	}
	return "not a JSON array of users: " + err.Error()
}

func parseBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "yes", "y", "active":
		return true
	}
	return false
}

func parseUsersCSV(name string, b []byte) ([]User, error) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	if bytes.Count(b[:bytes.IndexByte(append(b, '\n'), '\n')], []byte(";")) > bytes.Count(b[:bytes.IndexByte(append(b, '\n'), '\n')], []byte(",")) {
		r.Comma = ';'
	}
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: line 1: %v", name, csvErr(err))
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	ui, ok := col["username"]
	if !ok {
		if ui, ok = col["user name"]; !ok {
			return nil, fmt.Errorf("%s: line 1: no userName column; expected a header such as userName,type,isActive", name)
		}
	}
	get := func(rec []string, k string) (string, bool) {
		i, ok := col[k]
		if !ok || i >= len(rec) {
			return "", false
		}
		return strings.TrimSpace(rec[i]), true
	}
	var out []User
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, csvErr(err))
		}
		line, _ := r.FieldPos(0)
		if ui >= len(rec) {
			return nil, fmt.Errorf("%s: line %d: no userName value", name, line)
		}
		u := User{UserName: rec[ui], Type: "regular", IsActive: true}
		if t, ok := get(rec, "type"); ok && t != "" {
			u.Type = t
		}
		if a, ok := get(rec, "isactive"); ok && a != "" {
			u.IsActive = parseBool(a)
		}
		if t, ok := get(rec, "teamsids"); ok && t != "" {
			for _, x := range strings.FieldsFunc(t, func(r rune) bool { return r == ';' || r == ',' || r == ' ' }) {
				u.TeamsIDs = append(u.TeamsIDs, x)
			}
		}
		out = append(out, u)
	}
	return out, nil
}

func csvErr(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d: %v", pe.Line, pe.Err)
	}
	return err.Error()
}

// claimFrom looks a claim up as UserInfo::get does: the ID token first,
// then userinfo when the token lacks it or has null.
func claimFrom(idt, ui map[string]any, claim string) (any, string) {
	if v, ok := idt[claim]; ok && v != nil {
		return v, "id_token"
	}
	if v, ok := ui[claim]; ok && v != nil {
		return v, "userinfo"
	}
	return nil, ""
}

// PredictUser says what EspoCRM would do with the user the claims name
// (espocrm-oidc.md §4).
func PredictUser(idt, ui map[string]any, o *espo.OIDC, users []User, haveUsers bool, maxLen int) *UserOutcome {
	if maxLen <= 0 {
		maxLen = 50
	}
	u := &UserOutcome{Claim: o.UsernameClaim, MaxLength: maxLen}
	if o.UsernameClaim == "" {
		u.Outcome, u.Detail = "claim-missing", "oidcUsernameClaim is empty: EspoCRM fails with 'No username claim in config.'"
		return u
	}
	v, from := claimFrom(idt, ui, o.UsernameClaim)
	u.From = from
	// DefaultUserProvider.php:80 (10.0.0) "if (!$username)": "", "0", 0 and
	// false are empty; an array or object is a TypeError in normalizeUsername.
	if verdict := espo.UsernameClaim(o.UsernameClaim, v, o.Version, false, false, false, false); verdict.Fails {
		u.Outcome = "claim-missing"
		u.NotString = verdict.Message != "" && !strings.HasPrefix(verdict.Message, "No username claim")
		u.Detail = fmt.Sprintf("%s (EspoCRM: %s, HTTP 500; %s)", verdict.Note, verdict.Message, verdict.Source)
		return u
	}
	numeric := false
	switch x := v.(type) {
	case string:
		u.Raw = x
	case json.Number:
		u.Raw, numeric = x.String(), true
	case bool:
		u.Raw, numeric = "1", true
	}
	// Sync::getUsernameFromToken (Sync.php:141-142) requires a string to
	// create or sync a user: a numeric claim fails there.
	badClaim := func(found bool) bool {
		return numeric && espo.UsernameClaim(o.UsernameClaim, v, o.Version, found, o.CreateUser, o.Sync, o.SyncTeams).Fails
	}
	const badMsg = "'Bad username claim returned in token.' (HTTP 500): the claim is a JSON %s, which EspoCRM converts to find a user but not to %s (Sync.php:141-142)"
	norm, err := NormalizeUsername(u.Raw, o.UserNameRegex)
	if err != nil {
		u.Outcome, u.Detail = "claim-missing", err.Error()
		return u
	}
	u.Normalized = norm
	u.TooLong = len(norm) > maxLen
	if !haveUsers {
		u.Outcome = "unknown"
		u.Detail = fmt.Sprintf("EspoCRM looks up the user with userName %q (give --users FILE to predict the outcome)", norm)
		if u.TooLong && o.CreateUser {
			u.Detail += fmt.Sprintf("; creating it would fail: the value exceeds userName's max length of %d", maxLen)
		}
		if badClaim(false) || badClaim(true) {
			u.Outcome = "bad-claim"
			u.Detail = fmt.Sprintf(badMsg, espo.PHPTypeName(v), "create or sync a user (oidcCreateUser, oidcSync, oidcSyncTeams)")
		}
		return u
	}
	var found *User
	for i := range users {
		// MySQL's default collation: case-insensitive, trailing spaces ignored.
		if strings.EqualFold(strings.TrimRight(users[i].UserName, " "), strings.TrimRight(norm, " ")) {
			found = &users[i]
			break
		}
	}
	if found == nil {
		if badClaim(false) {
			u.Outcome = "bad-claim"
			u.Detail = fmt.Sprintf("no user %q; creating it fails with "+badMsg, norm, espo.PHPTypeName(v), "create a user")
			return u
		}
		if o.CreateUser {
			if u.TooLong {
				u.Outcome = "too-long"
				u.Detail = fmt.Sprintf("no user %q; creating it fails: 'Value in username claim exceeds max length of `%d`.'", norm, maxLen)
				return u
			}
			u.Outcome = "would-be-created"
			u.Detail = fmt.Sprintf("no user %q; oidcCreateUser is on, so EspoCRM creates a regular user with that userName (no roles, mapped teams only)", norm)
			return u
		}
		u.Outcome = "not-found"
		u.Detail = fmt.Sprintf("no user %q and oidcCreateUser is off: 'OIDC: User not found.', the login fails (401)", norm)
		return u
	}
	u.Matched, u.UserType = found.UserName, found.Type
	switch {
	case !found.IsActive:
		u.Outcome, u.Detail = "inactive", fmt.Sprintf("user %q is inactive: the login fails (401)", found.UserName)
	case found.Type == "super-admin":
		u.Outcome, u.Detail = "super-admin", fmt.Sprintf("user %q is a super-admin: never allowed through OIDC", found.UserName)
	case found.Type == "admin" && !o.AllowAdminUser:
		u.Outcome, u.Detail = "admin-not-allowed", fmt.Sprintf("user %q is an admin and oidcAllowAdminUser is off: the login fails (401)", found.UserName)
	case found.Type == "portal":
		u.Outcome, u.Detail = "portal", fmt.Sprintf("user %q is a portal user: not allowed into the CRM through OIDC (portals use their own authentication provider)", found.UserName)
	case found.Type != "regular" && found.Type != "admin":
		u.Outcome, u.Detail = "wrong-type", fmt.Sprintf("user %q is of type %s: only regular and admin users can sign in to the CRM", found.UserName, found.Type)
	case badClaim(true):
		u.Outcome = "bad-claim"
		u.Detail = fmt.Sprintf("user %q is found, but syncing it fails with "+badMsg, found.UserName, espo.PHPTypeName(v), "sync a user")
	case (o.Sync || o.SyncTeams) && found.UserName != norm:
		u.Outcome, u.Detail = "username-mismatch", fmt.Sprintf("the database matches %q to the claim's %q, but sync compares exactly: 'Could not sync user. Username mismatch.' (HTTP 500)", found.UserName, norm)
	case (o.Sync || o.SyncTeams) && u.TooLong:
		u.Outcome, u.Detail = "too-long", fmt.Sprintf("sync re-validates the username and fails: longer than %d characters", maxLen)
	default:
		u.Outcome, u.Detail = "found", fmt.Sprintf("signs in as %q (%s)", found.UserName, found.Type)
	}
	return u
}

// PredictTeams computes the team list team sync would set.
func PredictTeams(idt, ui map[string]any, o *espo.OIDC, user *User) *Teams {
	t := &Teams{Claim: o.GroupClaim, SyncTeams: o.SyncTeams}
	if o.GroupClaim != "" {
		v, _ := claimFrom(idt, ui, o.GroupClaim)
		switch x := v.(type) {
		case string:
			t.Present, t.Groups = true, []string{x}
		case []any:
			t.Present = true
			for _, e := range x {
				if s, ok := e.(string); ok {
					t.Groups = append(t.Groups, s)
				}
			}
		}
		if names, ok := idt["_claim_names"].(map[string]any); ok {
			if _, ok := names[o.GroupClaim]; ok {
				t.Overage = true
			}
		}
		if h, ok := idt["hasgroups"].(bool); ok && h {
			t.Overage = true
		}
		if len(t.Groups) > 0 {
			t.GUIDs = true
			for _, g := range t.Groups {
				t.GUIDs = t.GUIDs && entra.IsGUID(g)
			}
		}
	}
	groupClaim, _ := claimFrom(idt, ui, o.GroupClaim)
	if o.GroupClaim == "" {
		groupClaim = nil
	}
	for _, id := range o.TeamsIDs {
		// Sync.php:164-168 (10.0.0): an empty or falsy group maps everyone;
		// otherwise in_array without strict, so "0123" matches "123".
		if espo.GroupMatches(o.TeamGroups[id], groupClaim) {
			t.Assigned = append(t.Assigned, id)
		}
	}
	if user != nil && o.SyncTeams {
		for _, id := range user.TeamsIDs {
			if !contains(t.Assigned, id) {
				t.Removed = append(t.Removed, id)
			}
		}
	}
	return t
}
