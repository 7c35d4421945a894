package entra

import (
	"strings"

	"github.com/espo-oidc/espo-oidc/internal/lazyre"
)

// Entra's AADSTS error codes: how to find one in an answer, and what it says
// is wrong with EspoCRM's settings. The probe extracts codes with Code; the
// probe rules choose their rule with Classify.

var codeRe = lazyre.New(`AADSTS(\d{4,7})`)

// Code returns the first AADSTS code in s (an error_description, an HTML
// error page, a redirect's Location), or 0.
func Code(s string) int {
	m := codeRe().FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

// Codes the rules name.
const (
	CodeInvalidSecret  = 7000215 // invalid client secret: often the Secret ID instead of the Value
	CodeTenantNotFound = 90002   // the tenant does not exist in this cloud
)

// Problem is what an error says is wrong, as far as EspoCRM's settings go.
type Problem int

const (
	ProblemOther         Problem = iota // none of the below
	ProblemSecret                       // the client secret is wrong
	ProblemSecretExpired                // the client secret has expired
	ProblemApp                          // the client ID is unknown, or the app disabled
	ProblemTenant                       // the tenant does not exist
	ProblemRedirect                     // the redirect URI is not registered or does not match
)

var codeProblem = map[int]Problem{
	CodeInvalidSecret: ProblemSecret, 70002: ProblemSecret, 7000218: ProblemSecret,
	7000222: ProblemSecretExpired,
	700016:  ProblemApp, 700011: ProblemApp, 70001: ProblemApp, 7000112: ProblemApp,
	CodeTenantNotFound: ProblemTenant, 90038: ProblemTenant,
	50011: ProblemRedirect, 70004: ProblemRedirect, 500113: ProblemRedirect, 500112: ProblemRedirect, 900971: ProblemRedirect,
}

// Classify says what a token endpoint's error is about: by its AADSTS code
// when there is one, else by the OAuth error (and its description).
func Classify(code int, oauthError, description string) Problem {
	if code != 0 {
		return codeProblem[code]
	}
	switch oauthError {
	case "invalid_client":
		return ProblemSecret
	case "unauthorized_client":
		return ProblemApp
	case "invalid_grant":
		if strings.Contains(strings.ToLower(description), "redirect") {
			return ProblemRedirect
		}
	}
	return ProblemOther
}

// AuthorizeProblem says what the authorize endpoint's error page is about:
// ProblemRedirect, ProblemApp, or ProblemOther for anything else.
func AuthorizeProblem(code int) Problem {
	switch p := codeProblem[code]; p {
	case ProblemRedirect, ProblemApp:
		return p
	}
	return ProblemOther
}
