package logs

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/internal/lazyre"
)

// cause is what one primary record says.
type cause struct {
	entry       string
	title       string
	code        string // AADSTS code, OAuth error or JWT detail
	oauthErr    string
	desc        string
	status      int
	correlation string
	message     string
	meaning     string
	fix         string
	rules       []string
	unverified  string
	provider    string // the provider whose own error text the response carried
	perr        string // that error text's key ("|keycloak:code-not-valid"), part of the grouping key

	raw  string // the message, for finish
	resp string // what the Response: part said, not yet redacted
}

// finish computes the output texts (redacted); it runs once per incident,
// not per record, since redacting is the expensive part.
func (c *cause) finish() {
	if c.message != "" {
		return
	}
	c.desc = explain.Redact(c.desc)
	if c.entry == "unknown" {
		c.message = summarise(c.raw, "")
		return
	}
	c.message = summarise(c.raw, c.resp)
}

func (c cause) key() string { return c.entry + "|" + c.code + c.perr }

// compiled on first use: a run that finds no OIDC record never needs them
var (
	statusRe    = lazyre.New(`Status:\s*(\d{1,3})`)
	errFieldRe  = lazyre.New(`"error"\s*:\s*"([a-z_]{3,40})"`)
	descFieldRe = lazyre.New(`"error_description"\s*:\s*"((?:[^"\\]|\\.){0,600})`)
	corrRe      = lazyre.New(`(?i)"?correlation[_ ]id"?\s*[:=]\s*"?([0-9a-f-]{36})`)
	numIDRe     = lazyre.New(`\b[0-9a-f]{17}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\d+`)
	jwtDetailRe = lazyre.New(`(?i)OIDC: JWT parsing error\.\s*(.{0,80})`)
)

// tokenBody is the JSON error answer of a token or userinfo endpoint.
type tokenBody struct {
	Error         json.RawMessage `json:"error"` // a string (OAuth) or an object (Microsoft Graph)
	Description   string          `json:"error_description"`
	Codes         []int           `json:"error_codes"`
	CorrelationID string          `json:"correlation_id"`
}

// response is what the Response: part of a message tells.
type response struct {
	status      int
	oauthErr    string
	desc        string
	codes       []int
	correlation string
	kind        string // "json", "html", "empty", "text"
}

// parseResponse reads "...; Status: <s>; Response: <body>".
func parseResponse(msg string) (response, bool) {
	var r response
	i := strings.Index(msg, "Response:")
	if i < 0 {
		if m := statusRe().FindStringSubmatch(msg); m != nil {
			r.status, _ = strconv.Atoi(m[1])
			return r, true
		}
		return r, false
	}
	if m := statusRe().FindStringSubmatch(msg[:i]); m != nil {
		r.status, _ = strconv.Atoi(m[1])
	}
	body := strings.TrimSpace(msg[i+len("Response:"):])
	if len(body) > 64<<10 {
		body = body[:64<<10]
	}
	switch {
	case body == "":
		r.kind = "empty"
	case strings.HasPrefix(body, "{"):
		r.kind = "json"
		raw := body
		if j := strings.LastIndexByte(raw, '}'); j > 0 {
			raw = raw[:j+1]
		}
		tb, fastErr, valid, fast := decodeTokenBodyErr(raw)
		if !fast {
			tb = tokenBody{}
			valid = json.Unmarshal([]byte(raw), &tb) == nil
		}
		if valid {
			r.desc, r.codes, r.correlation = tb.Description, tb.Codes, tb.CorrelationID
			var s string
			var obj struct{ Code, Message string }
			if fast && tb.Error != nil {
				r.oauthErr = fastErr // the error string, read by hand
			} else if json.Unmarshal(tb.Error, &s) == nil {
				r.oauthErr = s
			} else if json.Unmarshal(tb.Error, &obj) == nil && obj.Code != "" {
				// Microsoft Graph: {"error":{"code":"InvalidAuthenticationToken","message":"..."}}
				r.desc = obj.Code + ": " + obj.Message
			}
		} else {
			// truncated or not quite JSON: pick the fields out
			if m := errFieldRe().FindStringSubmatch(body); m != nil {
				r.oauthErr = m[1]
			}
			if m := descFieldRe().FindStringSubmatch(body); m != nil {
				var s string
				if json.Unmarshal([]byte(`"`+m[1]+`"`), &s) == nil {
					r.desc = s
				} else {
					r.desc = m[1]
				}
			}
		}
	case strings.Contains(strings.ToLower(body[:min(len(body), 512)]), "<html") || strings.HasPrefix(body, "<"):
		r.kind = "html"
	default:
		r.kind = "text"
	}
	if r.correlation == "" && containsFold(body, "correlation") {
		if m := corrRe().FindStringSubmatch(body); m != nil {
			r.correlation = m[1]
		}
	}
	if len(r.codes) == 0 {
		for _, n := range explain.ExtractAADSTS(r.desc + " " + body[:min(len(body), 4096)]) {
			r.codes = append(r.codes, n)
		}
	}
	return r, true
}

// safeCode keeps an OAuth "error" value that looks like one (lower-case
// letters and underscores); anything else from a response is redacted and
// shortened, since it is printed.
func safeCode(s string) string {
	ok := len(s) <= 64
	for i := 0; ok && i < len(s); i++ {
		c := s[i]
		ok = c == '_' || (c >= 'a' && c <= 'z')
	}
	if ok {
		return s
	}
	s = explain.Redact(s)
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return s
}

// firstLine is the first line of an error_description, without Entra's
// "Trace ID: ..." trailer.
func firstLine(s string) string {
	for _, sep := range []string{"\r\n", "\n", " Trace ID:", "\\r\\n"} {
		if i := strings.Index(s, sep); i >= 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(s)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// classifyRecord works out the cause of a primary record.
func classifyRecord(msg string, e explain.Entry, known bool) cause {
	var c cause
	if !known {
		// redacted before it is normalised and cut: neither may hide a
		// separator from the policy or leave part of a value
		norm := numIDRe().ReplaceAllString(explain.Redact(msg), "…")
		if len(norm) > 120 {
			norm = strings.ToValidUTF8(norm[:120], "")
		}
		c = cause{entry: "unknown", title: "unrecognised OIDC log message", code: norm,
			raw:     msg,
			meaning: "espo-oidc does not know this OIDC-related message; it may come from an EspoCRM version or extension newer than its catalogue.",
			fix:     "Look at the message and the lines around it; run `espo-oidc explain \"<message>\"` on parts of it.",
		}
		return c
	}
	c = cause{entry: e.ID, title: e.Title, meaning: e.Meaning, fix: e.Fix, rules: e.Rules, unverified: e.Unverified, raw: msg}
	switch e.ID {
	case "espocrm:jwt-parsing-error":
		if m := jwtDetailRe().FindStringSubmatch(msg); m != nil {
			d := strings.TrimSpace(m[1])
			if k := strings.Index(d, " :: "); k >= 0 {
				d = d[:k]
			}
			d = explain.Redact(d)
			c.code = d
			if d != "" {
				c.title = e.Title + " (" + d + ")"
			}
		}
		return c
	}
	r, hasResp := parseResponse(msg)
	if !hasResp {
		return c
	}
	c.status = r.status
	c.oauthErr = safeCode(r.oauthErr)
	c.desc = firstLine(r.desc)
	c.correlation = r.correlation
	var respSummary string
	switch r.kind {
	case "html":
		respSummary = "an HTML page"
		if e.ID == "espocrm:bad-token-response" {
			c.title = "token endpoint answered with an HTML page (wrong URL, proxy or redirect)"
		}
	case "empty":
		respSummary = "(empty)"
	case "text":
		respSummary = "(not JSON)"
	}
	if c.oauthErr != "" {
		respSummary = "error=" + c.oauthErr
		if c.desc != "" {
			respSummary += ": " + c.desc
		}
	} else if c.desc != "" {
		respSummary = c.desc
	}
	c.resp = respSummary
	if len(r.codes) > 0 {
		c.code = "AADSTS" + strconv.Itoa(r.codes[0])
		if a, ok := explain.AADSTS(r.codes[0]); ok {
			c.title = a.Title
			c.meaning = a.Meaning
			c.fix = a.Fix
			c.rules = a.Rules
			c.unverified = a.Unverified
		} else {
			c.fix = "espo-oidc does not know " + c.code + "; Microsoft's page for it: " + explain.LookupURL(r.codes[0]) + ". " + c.fix
		}
		return c
	}
	if providerCause(&c, r.desc) {
		return c
	}
	if c.oauthErr != "" {
		c.code = c.oauthErr
		if o, ok := explain.ByID(c.oauthErr); ok && o.Kind == explain.KindOAuth {
			c.title = o.Title
			c.meaning = e.Meaning + " " + o.Meaning
			c.fix = o.Fix
			c.rules = o.Rules
		}
	}
	return c
}

// summarise is the message for output: the Response: body replaced by what
// was read from it, secrets redacted, bounded.
func summarise(msg, resp string) string {
	if i := strings.Index(msg, "Response:"); i >= 0 {
		if resp == "" {
			resp = "…"
		}
		msg = msg[:i] + "Response: " + resp
	}
	msg = explain.Redact(msg)
	if len(msg) > 400 {
		msg = msg[:400] + "…"
	}
	return msg
}

// containsFold reports whether s contains the lower-case ASCII word w,
// ignoring case (it spares the regexps that need w a run over every body).
func containsFold(s, w string) bool {
	up := w[0] - 'a' + 'A'
	for i := 0; i+len(w) <= len(s); i++ {
		c := s[i]
		if (c == w[0] || c == up) && strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}
