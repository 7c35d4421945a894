package probe

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/espo-oidc/espo-oidc/facts"
)

// tokens are the secrets a token answer carries; kept in memory only for
// the ID-token checks and the userinfo call, never recorded.
type tokens struct {
	idToken     string
	accessToken string
}

// ParseTokenResponse reads a token endpoint answer. The returned tokens
// are for in-memory use; the TokenResult holds no secret.
func ParseTokenResponse(grant facts.Grant, ex Answer, body []byte) (*TokenResult, tokens) {
	tr := &TokenResult{Answer: ex, Grant: grant}
	var tk tokens
	if ex.Failed {
		tr.EspoOutcome = "curl error: EspoCRM logs 'OIDC: Token request error.; Status: 0; Response: ' and the login fails (401)"
		return tr, tk
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		m = nil
	}
	if m != nil {
		for k := range m {
			tr.Fields = append(tr.Fields, k)
		}
		slices.Sort(tr.Fields)
		s := func(k string) string { v, _ := m[k].(string); return v }
		tr.OAuthError = s("error")
		desc := s("error_description")
		tr.AADSTS = AADSTS(desc)
		first, _, _ := strings.Cut(desc, "\n")
		tr.Description = strings.TrimSpace(strings.TrimSuffix(first, "\r"))
		if codes, ok := m["error_codes"].([]any); ok {
			for _, c := range codes {
				if f, ok := c.(float64); ok && f > 0 && f < 1e9 {
					tr.ErrorCodes = append(tr.ErrorCodes, int(f))
				}
			}
			if tr.AADSTS == 0 && len(tr.ErrorCodes) > 0 {
				tr.AADSTS = tr.ErrorCodes[0]
			}
		}
		tk.idToken = s("id_token")
		tk.accessToken = s("access_token")
		tr.HasIDToken = tk.idToken != ""
		tr.HasAccess = tk.accessToken != ""
		tr.HasRefresh = s("refresh_token") != ""
		tr.TokenType = s("token_type")
		switch v := m["expires_in"].(type) {
		case float64:
			if v > 0 && v < 1e9 {
				tr.ExpiresIn = int64(v)
			}
		case string:
			fmt.Sscan(v, &tr.ExpiresIn)
		}
	} else if ex.Status != 200 {
		tr.Snippet = snippet(body)
		tr.AADSTS = AADSTS(string(body))
	}
	switch {
	case ex.Status == 200 && m != nil && tr.OAuthError == "":
		switch grant {
		case "client_credentials":
			tr.OK = tr.HasAccess
		default:
			tr.OK = tr.HasIDToken
		}
	}
	tr.EspoOutcome = espoTokenOutcome(ex, m, tr)
	return tr, tk
}

// espoTokenOutcome is what Login::requestToken does with the answer
// (espocrm-oidc.md §2 step 7).
func espoTokenOutcome(ex Answer, m map[string]any, tr *TokenResult) string {
	if tr.Grant != "authorization_code" {
		return ""
	}
	switch {
	case ex.Status == 400:
		return "EspoCRM logs 'OIDC: Bad token request.; Status: 400; Response: …' and answers HTTP 500"
	case ex.Status >= 401 && ex.Status <= 499:
		return fmt.Sprintf("EspoCRM logs 'OIDC: Token request error.; Status: %d; …' and the login fails (401, 'Failed to log in')", ex.Status)
	case m == nil || !tr.HasIDToken:
		return fmt.Sprintf("EspoCRM logs 'OIDC: Bad token response.; Status: %d; …' and answers HTTP 500", ex.Status)
	}
	return "EspoCRM accepts the answer and validates the ID token"
}
