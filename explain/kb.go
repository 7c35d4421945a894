// Package explain is espo-oidc's knowledge base of the errors an EspoCRM
// OpenID Connect login can run into: Microsoft Entra AADSTS codes, OAuth 2.0
// error codes, every OIDC-related EspoCRM log message and exception text, and
// the error strings of github.com/coreos/go-oidc. Each entry says what the
// error means for an EspoCRM login, how to fix it, and which espo-oidc rules
// (by name) would have caught it beforehand.
//
// Facts: ../shared/reference/espocrm-oidc.md §3, §9, §10, §14; entra.md §4,
// §6, §7, §8; failure-modes.md §1, §3.
package explain

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/espo-oidc/espo-oidc/internal/lazyre"
	"github.com/espo-oidc/espo-oidc/knowledge"
	"github.com/espo-oidc/espo-oidc/redact"
)

// Kinds of entries.
const (
	KindAADSTS  = "aadsts"  // a Microsoft Entra AADSTS error code
	KindOAuth   = "oauth"   // an OAuth 2.0 / OIDC error code (the "error" field)
	KindEspoCRM = "espocrm" // an EspoCRM log message, exception text or error page text
	KindGoOIDC  = "go-oidc" // an error string of github.com/coreos/go-oidc
)

// Entry is one known code or message.
type Entry struct {
	Kind string `json:"kind"`
	// ID is stable and unique: "AADSTS50011", "invalid_client",
	// "espocrm:bad-token-request", "go-oidc:issuer-mismatch".
	ID string `json:"id"`
	// Text is the code's or message's canonical wording (Microsoft's text
	// for AADSTS codes, the exact EspoCRM string with <...> for variable
	// parts).
	Text string `json:"text"`
	// Title is the cause in a few plain words; logs uses it as the
	// incident's cause.
	Title string `json:"title"`
	// Meaning explains what happened in EspoCRM terms.
	Meaning string `json:"meaning"`
	// Fix says what to change, and where.
	Fix string `json:"fix"`
	// Rules are the names of the espo-oidc rules (lint, app manifest or
	// probe) that catch the cause before users hit it.
	Rules []string `json:"rules,omitempty"`
	// Error is the OAuth error an AADSTS code usually comes with.
	Error string `json:"error,omitempty"`
	// Level is the EspoCRM log level of a log message; HTTP the status the
	// browser's request gets.
	Level string `json:"level,omitempty"`
	HTTP  string `json:"http,omitempty"`
	// Since / Until: EspoCRM versions the wording applies to, when limited.
	Versions string `json:"versions,omitempty"`
	// Refs are the reference sections the entry rests on.
	Refs []string `json:"refs"`
	// Unverified names the facts of the entry that are general knowledge
	// rather than verified.
	Unverified string `json:"unverified,omitempty"`

	// Companion marks an EspoCRM record that only accompanies another one of
	// the same login attempt (the empty-message CRITICAL after "Bad token
	// request", "JWT parsing error." after the detailed line, ...).
	Companion bool `json:"-"`
	// Diagnostic marks a record that is information, not a failure (DEBUG
	// JWT header/payload lines).
	Diagnostic bool `json:"-"`
	// NotOIDC marks general authentication messages that are not about an
	// OIDC login (password logins); logs does not report them.
	NotOIDC bool `json:"-"`

	pat string         // EspoCRM and go-oidc entries: the pattern, compiled on first use (compiled)
	re  *regexp.Regexp // pat compiled
	lit string         // a lower-case literal every match contains ("" if none), checked before re
}

// Match is one entry recognised in a text.
type Match struct {
	Entry  Entry  `json:"entry"`
	Found  string `json:"found"`  // the text that matched (redacted)
	Offset int    `json:"offset"` // byte offset in the scanned text
}

var (
	all      []*Entry
	byID     = map[string]*Entry{}
	aadsts   = map[int]*Entry{}
	patterns []*Entry // EspoCRM, then go-oidc entries, in match order
)

// compiled returns patterns with their regexps compiled: they are compiled
// once, when a run first matches text (start-up pays nothing for them).
var compiled = sync.OnceValue(func() []*Entry {
	built()
	for _, e := range patterns {
		e.re = regexp.MustCompile(e.pat)
		e.lit = requiredLiteral(e.pat)
	}
	return patterns
})

func add(e *Entry) {
	if byID[strings.ToLower(e.ID)] != nil {
		panic("explain: duplicate entry " + e.ID)
	}
	// Citations point at the project's own pages (docs/knowledge/).
	e.Refs = knowledge.Cites(e.Refs)
	e.Meaning, e.Fix, e.Unverified = knowledge.Rewrite(e.Meaning), knowledge.Rewrite(e.Fix), knowledge.Rewrite(e.Unverified)
	all = append(all, e)
	byID[strings.ToLower(e.ID)] = e
	if e.pat != "" {
		patterns = append(patterns, e)
	}
}

// built builds the indexes once, when a run first asks the catalogue (lint
// never does, so its start-up does not pay for them).
var built = sync.OnceFunc(build)

func build() {
	fillUnverified()
	for i := range aadstsTable {
		e := &aadstsTable[i]
		e.Kind = KindAADSTS
		n, err := strconv.Atoi(strings.TrimPrefix(e.ID, "AADSTS"))
		if err != nil {
			panic("explain: bad AADSTS id " + e.ID)
		}
		if len(e.Refs) == 0 {
			e.Refs = []string{"entra.md §6"}
		}
		add(e)
		aadsts[n] = e
	}
	for i := range oauthTable {
		e := &oauthTable[i]
		e.Kind = KindOAuth
		if len(e.Refs) == 0 {
			e.Refs = []string{"entra.md §4", "entra.md §7"}
		}
		add(e)
	}
	for i := range espoTable {
		e := &espoTable[i].Entry
		e.Kind = KindEspoCRM
		e.ID = "espocrm:" + e.ID
		e.pat = "(?i)" + espoTable[i].pattern
		if len(e.Refs) == 0 {
			e.Refs = []string{"espocrm-oidc.md §10"}
		}
		add(e)
	}
	for i := range goOIDCTable {
		e := &goOIDCTable[i].Entry
		e.Kind = KindGoOIDC
		e.ID = "go-oidc:" + e.ID
		e.pat = "(?i)" + goOIDCTable[i].pattern
		if len(e.Refs) == 0 {
			e.Refs = []string{"entra.md §8", "failure-modes.md §3"}
		}
		add(e)
	}
	addProviders()
}

// All returns every entry: AADSTS codes by number, then OAuth errors, EspoCRM
// messages and go-oidc strings in catalogue order.
func All() []Entry {
	built()
	out := make([]Entry, 0, len(all))
	for _, e := range all {
		out = append(out, *e)
	}
	return out
}

// Codes returns the AADSTS codes of the catalogue, ascending.
func Codes() []int {
	built()
	out := make([]int, 0, len(aadsts))
	for n := range aadsts {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// AADSTS returns the entry of an AADSTS code, or false.
func AADSTS(code int) (Entry, bool) {
	built()
	if e := aadsts[code]; e != nil {
		return *e, true
	}
	return Entry{}, false
}

// ByID returns an entry by its ID (case-insensitive), or false.
func ByID(id string) (Entry, bool) {
	built()
	if e := byID[strings.ToLower(strings.TrimSpace(id))]; e != nil {
		return *e, true
	}
	return Entry{}, false
}

var (
	codeOnlyRe = lazyre.New(`(?i)^(?:AADSTS)?\s*([0-9]{5,8})$`)
	aadstsRe   = lazyre.New(`(?i)\bAADSTS\s?([0-9]{5,8})\b`)
	oauthRe    = lazyre.New(`\b(invalid_request|invalid_client|invalid_grant|unauthorized_client|unsupported_grant_type|invalid_scope|access_denied|unsupported_response_type|server_error|temporarily_unavailable|interaction_required|login_required|account_selection_required|consent_required|invalid_request_uri|invalid_request_object|request_not_supported|request_uri_not_supported|registration_not_supported|invalid_tenant|invalid_resource)\b`)
	errCodesRe = lazyre.New(`"error_codes"\s*:\s*\[\s*([0-9]{5,8})`)
)

// Lookup explains one query: an AADSTS code ("AADSTS50011" or "50011"), an
// OAuth error ("invalid_client"), an entry ID, an EspoCRM log message or a
// go-oidc error string. A longer text yields every entry recognised in it,
// most specific first. Nothing known → nil.
func Lookup(q string) []Entry {
	built()
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	if m := codeOnlyRe().FindStringSubmatch(q); m != nil {
		n, _ := strconv.Atoi(m[1])
		if e := aadsts[n]; e != nil {
			return []Entry{*e}
		}
		return nil
	}
	if e := byID[strings.ToLower(q)]; e != nil {
		return []Entry{*e}
	}
	if e := byID["espocrm:"+strings.ToLower(q)]; e != nil {
		return []Entry{*e}
	}
	if e := byID["go-oidc:"+strings.ToLower(q)]; e != nil {
		return []Entry{*e}
	}
	var out []Entry
	for _, m := range Scan(q) {
		out = append(out, m.Entry)
	}
	if out == nil && len(q) < 300 {
		// a message pasted without EspoCRM's "OIDC: " prefix or final period
		for _, v := range []string{"OIDC: " + q, "OIDC: " + q + ".", q + "."} {
			if e, ok := MatchMessage(v); ok {
				return []Entry{e}
			}
		}
	}
	return out
}

// UnknownAADSTS returns the AADSTS codes in text that the catalogue does not
// hold, in order.
func UnknownAADSTS(text string) []int {
	built()
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	var out []int
	for _, n := range ExtractAADSTS(text) {
		if aadsts[n] == nil {
			out = append(out, n)
		}
	}
	return out
}

// LookupURL is Microsoft's page for an AADSTS code.
func LookupURL(code int) string {
	return "https://login.microsoftonline.com/error?code=" + strconv.Itoa(code)
}

// Scan finds every known code and message in free text (an error page, an
// e-mail, a log excerpt). Each entry is reported once, at its first
// occurrence; a match inside a longer match of another entry (the AADSTS
// code inside an EspoCRM line is not such a case) is dropped, so
// "OIDC: JWT parsing error." does not also yield "JWT parsing error.".
// Matches are ordered by offset.
func Scan(text string) []Match {
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	var ms []Match
	seen := map[string]bool{}
	type span struct{ a, b int }
	var spans []span
	inside := func(a, b int) bool {
		for _, s := range spans {
			if a >= s.a && b <= s.b && (a != s.a || b != s.b) {
				return true
			}
		}
		return false
	}
	// EspoCRM and go-oidc messages first: their spans hide shorter ones.
	type cand struct {
		e    *Entry
		a, b int
	}
	var cands []cand
	for _, e := range compiled() {
		for _, loc := range e.re.FindAllStringIndex(text, 8) {
			cands = append(cands, cand{e, loc[0], loc[1]})
		}
	}
	// Longer matches claim their span first.
	sort.SliceStable(cands, func(i, j int) bool {
		return cands[i].b-cands[i].a > cands[j].b-cands[j].a
	})
	for _, c := range cands {
		if inside(c.a, c.b) {
			continue
		}
		spans = append(spans, span{c.a, c.b})
		if seen[c.e.ID] {
			continue
		}
		seen[c.e.ID] = true
		ms = append(ms, Match{Entry: *c.e, Found: Redact(text[c.a:c.b]), Offset: c.a})
	}
	for _, loc := range aadstsRe().FindAllStringSubmatchIndex(text, -1) {
		n, _ := strconv.Atoi(text[loc[2]:loc[3]])
		e := aadsts[n]
		if e == nil || seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		ms = append(ms, Match{Entry: *e, Found: text[loc[0]:loc[1]], Offset: loc[0]})
	}
	for _, loc := range errCodesRe().FindAllStringSubmatchIndex(text, -1) {
		n, _ := strconv.Atoi(text[loc[2]:loc[3]])
		e := aadsts[n]
		if e == nil || seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		ms = append(ms, Match{Entry: *e, Found: text[loc[0]:loc[1]] + "]", Offset: loc[0]})
	}
	for _, loc := range oauthRe().FindAllStringIndex(text, -1) {
		e := byID[text[loc[0]:loc[1]]]
		if e == nil || seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		ms = append(ms, Match{Entry: *e, Found: text[loc[0]:loc[1]], Offset: loc[0]})
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Offset < ms[j].Offset })
	return ms
}

// maxScan bounds the text Scan looks at (explain - reads at most this much).
const maxScan = 4 << 20

// requiredLiteral returns the longest literal of a pattern's top-level
// concatenation, lower-cased: every match contains it, so a message without
// it need not be run through the regexp.
func requiredLiteral(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return ""
	}
	re = re.Simplify()
	var subs []*syntax.Regexp
	switch re.Op {
	case syntax.OpConcat:
		subs = re.Sub
	case syntax.OpLiteral:
		subs = []*syntax.Regexp{re}
	}
	best := ""
	for _, s := range subs {
		if s.Op == syntax.OpLiteral {
			if l := strings.ToLower(string(s.Rune)); len(l) > len(best) {
				best = l
			}
		}
	}
	return best
}

// matchPrefix bounds the part of a log message MatchMessage looks at: the
// EspoCRM text comes first, an IdP's response body after "Response:".
const matchPrefix = 512

// MatchMessage classifies one EspoCRM log message: the first EspoCRM entry
// whose text it contains, in catalogue order (specific wordings come before
// the general ones). It does not look for AADSTS codes.
func MatchMessage(msg string) (Entry, bool) {
	if i := strings.Index(msg, "Response:"); i >= 0 {
		msg = msg[:i]
	}
	if len(msg) > matchPrefix {
		msg = msg[:matchPrefix]
	}
	lower := strings.ToLower(msg)
	for _, e := range compiled() {
		if e.Kind != KindEspoCRM {
			continue
		}
		if e.lit != "" && !strings.Contains(lower, e.lit) {
			continue
		}
		if e.re.MatchString(msg) {
			return *e, true
		}
	}
	return Entry{}, false
}

// ExtractAADSTS returns the AADSTS codes in s, in order, without duplicates.
func ExtractAADSTS(s string) []int {
	var out []int
	seen := map[int]bool{}
	for _, m := range aadstsRe().FindAllStringSubmatch(s, -1) {
		n, err := strconv.Atoi(m[1])
		if err == nil && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// Redact removes anything that could be a secret from text meant for
// output: it is the one redaction policy (package redact) applied by shape
// (JWTs, Authorization values, credential keys in every syntax, URL
// userinfo).
func Redact(s string) string { return redact.String(s) }
