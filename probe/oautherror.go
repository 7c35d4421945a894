package probe

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/espo-oidc/espo-oidc/internal/lazyre"
)

// oauthErrorCodes are the error codes of RFC 6749 §4.1.2.1 and §5.2, OpenID
// Connect Core §3.1.2.6 and RFC 9101/9126 that an authorize endpoint or its
// error page may show. Only these count as a provider's error code.
var oauthErrorCodes = map[string]bool{
	"invalid_request": true, "unauthorized_client": true, "access_denied": true,
	"unsupported_response_type": true, "invalid_scope": true, "server_error": true,
	"temporarily_unavailable": true, "invalid_client": true, "invalid_grant": true,
	"unsupported_grant_type": true, "invalid_redirect_uri": true, "interaction_required": true,
	"login_required": true, "account_selection_required": true, "consent_required": true,
	"invalid_request_uri": true, "invalid_request_object": true, "request_not_supported": true,
	"request_uri_not_supported": true, "registration_not_supported": true, "invalid_target": true,
	"invalid_client_metadata": true, "invalid_redirect_uri_metadata": true,
}

var (
	pageErrorRe = lazyre.New(`(?i)\berror\s*[:=]\s*"?([a-z_]+)`)
	pageDescRe  = lazyre.New(`(?i)\b(?:error_)?description\s*[:=]\s*"?(.*?)"?\s*(?:\b(?:state|iss|error_uri|error_hint|hint|debug|status_code)\s*[:=]|$)`)
	pageHintRe  = lazyre.New(`(?i)\b(?:error_)?hint\s*[:=]\s*"?(.*?)"?\s*(?:\b(?:state|iss|error_uri|debug|status_code)\s*[:=]|$)`)
)

// oauthErrorOf finds the OAuth error code (and its description) an
// answer carries: a JSON body's "error", an error= parameter of the
// redirect, or an "error: code" line of an error page (oidc-provider's
// error/error_description, Hydra's Error/Description/Hint). It returns ""
// when there is no known code.
func oauthErrorOf(body []byte, text, location string) (code, desc string) {
	var m struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &m) == nil && oauthErrorCodes[m.Error] {
		return m.Error, firstLine(m.Description)
	}
	if u, err := url.Parse(location); err == nil && location != "" {
		if c := u.Query().Get("error"); oauthErrorCodes[c] {
			return c, firstLine(u.Query().Get("error_description"))
		}
	}
	if mm := pageErrorRe().FindStringSubmatch(text); mm != nil && oauthErrorCodes[strings.ToLower(mm[1])] {
		code = strings.ToLower(mm[1])
		if d := pageDescRe().FindStringSubmatch(text); d != nil {
			desc = strings.TrimSpace(d[1])
		}
		if h := pageHintRe().FindStringSubmatch(text); h != nil && strings.TrimSpace(h[1]) != "" {
			desc = strings.TrimSpace(desc + " " + strings.TrimSpace(h[1])) // Hydra: the hint names the cause
		}
		return code, desc
	}
	return "", ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// judgeOAuthError says what an authorize endpoint's error code refuses:
// the code decides; the wording (the description, else the whole page, as
// Hydra's error page puts it in a "Hint") only splits invalid_request,
// which providers use for both a bad client_id and a bad redirect_uri.
func judgeOAuthError(code, desc, page string) (client, redirect bool) {
	ld := strings.ToLower(desc + " " + page)
	switch code {
	case "invalid_client", "unauthorized_client":
		return true, false
	case "invalid_redirect_uri":
		return false, true
	case "invalid_request":
		switch {
		case strings.Contains(ld, "redirect"):
			return false, true
		case strings.Contains(ld, "client_id") || strings.Contains(ld, "client id") || strings.Contains(ld, "unknown client"):
			return true, false
		}
	}
	return false, false
}
