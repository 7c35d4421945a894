package rules

// Rule set probe, theme clock: the local clock against the provider's.

import (
	"fmt"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/facts"
)

var _ = declare(Rule{ID: "EO4050", Name: "probe-clock-skew", Set: SetProbe, Severity: Error,
	Summary: "the local clock differs from the identity provider's beyond EspoCRM's 240 s leeway",
	Doc: Doc{
		Why:     "EspoCRM checks only exp and nbf, each with 240 s of leeway (never iat). A server clock ahead of the provider's by more than a token's lifetime plus 240 s rejects fresh tokens ('JWT expired.'); one behind it by more than 240 s rejects fresh tokens that carry nbf ('JWT used before allowed time.'); a smaller skew shortens or lengthens how long tokens are accepted. When the probe obtained an ID token it judges that token, so the finding agrees with the token verdicts. The probe compares this machine's clock with the provider's Date header: run it on the EspoCRM server for a meaningful result.",
		FixEspo: "Synchronise the EspoCRM server's clock (NTP: systemd-timesyncd, chrony).",
		Refs:    []string{"espocrm-oidc.md §2 step 9.1", "failure-modes.md §1 row 12"},
	},
	Check: checkClockSkew})

// checkClockSkew judges the clock difference by what EspoCRM checks: exp
// and nbf, each with its leeway, and nothing else (iat is never checked).
// When the probe saw a fresh ID token, its verdict decides: a skew beyond
// the leeway is an error only when that token fails exp or nbf, so the
// finding always agrees with the token verdicts of the same run. Without a
// token it says which tokens the skew rejects.
func checkClockSkew(p *Pass) {
	c := p.Probe.Clock
	if c == nil {
		return
	}
	abs := c.Skew
	if abs < 0 {
		abs = -abs
	}
	dir := "ahead of"
	if c.Skew < 0 {
		dir = "behind"
	}
	skew := abs.Round(time.Second)
	if abs <= espo.JWTLeeway {
		if abs > 60*time.Second {
			p.Report(Finding{Severity: Warning, Message: fmt.Sprintf("this machine's clock is %s %s the identity provider's: within EspoCRM's %s leeway, but drifting", skew, dir, espo.JWTLeewayText),
				Fix: "synchronise the clock with NTP"})
		}
		return
	}
	head := fmt.Sprintf("this machine's clock is %s %s the identity provider's (Date header of %s), beyond EspoCRM's %s leeway on exp and nbf", skew, dir, c.From, espo.JWTLeewayText)
	fix := "synchronise the clock with NTP (and run the probe on the EspoCRM server)"
	claims := p.Probe.IDToken
	if v := p.Probe.Espo; v != nil && len(claims) > 0 {
		for _, ch := range v.Checks {
			if (ch.Name == "exp" || ch.Name == "nbf") && !ch.OK {
				p.Report(Finding{Message: fmt.Sprintf("%s: the provider's fresh ID token is rejected (%s check: %s)", head, ch.Name, ch.Detail), Fix: fix})
				return
			}
		}
		exp, hasExp := facts.ClaimTime(claims, "exp")
		nbf, hasNbf := facts.ClaimTime(claims, "nbf")
		iat, hasIat := facts.ClaimTime(claims, "iat")
		issued, hasIssued := iat, hasIat
		if hasNbf {
			issued, hasIssued = nbf, true
		}
		what := "no nbf"
		if hasNbf {
			what = "nbf"
		}
		if hasExp && hasIssued {
			what += fmt.Sprintf(", %s lifetime", exp.Sub(issued).Round(time.Second))
		}
		msg := fmt.Sprintf("%s; the provider's fresh ID token (%s) is still accepted", head, what)
		switch {
		case c.Skew > 0 && hasExp && hasIssued:
			// every token expires skew earlier here
			left := exp.Sub(issued) + espo.JWTLeeway - abs
			msg += fmt.Sprintf(", but EspoCRM lets each one be used for %s instead of %s; a provider issuing tokens shorter than %s would be refused ('JWT expired.')",
				left.Round(time.Second), (exp.Sub(issued) + espo.JWTLeeway).Round(time.Second), (abs - espo.JWTLeeway).Round(time.Second))
		case c.Skew < 0 && !hasNbf:
			msg += ": EspoCRM never checks iat; tokens that carry nbf would be refused ('JWT used before allowed time.')"
		}
		p.Report(Finding{Severity: Warning, Message: msg, Fix: fix})
		return
	}
	if c.Skew > 0 {
		p.Report(Finding{Message: fmt.Sprintf("%s: ID tokens with a lifetime under %s are rejected as expired ('JWT expired.'), longer ones are usable %s less (sign in with --auth-code or --username to judge a real token)", head, (abs - espo.JWTLeeway).Round(time.Second), skew), Fix: fix})
		return
	}
	p.Report(Finding{Message: fmt.Sprintf("%s: fresh ID tokens that carry nbf are rejected ('JWT used before allowed time.'); those without nbf pass, EspoCRM never checks iat (sign in with --auth-code or --username to judge a real token)", head), Fix: fix})
}
