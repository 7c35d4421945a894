// Package probe runs live checks against the identity provider and records
// what it saw as facts.Facts, which the probe rules of the catalog judge. It
// never reports findings itself, never imports the rules, and never records a
// secret: tokens, codes, passwords and the client secret are sent where
// EspoCRM would send them and otherwise appear only as espo.Fingerprint.
// Facts: ../shared/reference/espocrm-oidc.md §2, §4; entra.md §1, §6–§8.
package probe

import "github.com/espo-oidc/espo-oidc/facts"

// The observed facts are declared in package facts, a leaf the rules can
// import without linking HTTP or TLS; these names keep probe's API.
type (
	Facts          = facts.Facts
	Failure        = facts.Failure
	Step           = facts.Step
	Answer         = facts.Answer
	Discovery      = facts.Discovery
	EndpointDiff   = facts.EndpointDiff
	JWKS           = facts.JWKS
	Key            = facts.Key
	TokenResult    = facts.TokenResult
	AuthorizeCheck = facts.AuthorizeCheck
	Callback       = facts.Callback
	Verdict        = facts.Verdict
	Check          = facts.Check
	UserInfo       = facts.UserInfo
	UserOutcome    = facts.UserOutcome
	Teams          = facts.Teams
	Clock          = facts.Clock
)
