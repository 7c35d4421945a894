package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/facts"
)

// TestClockSkewFollowsTheToken: beyond the leeway, the clock finding says
// what EspoCRM does with this provider's fresh token (issue 13 item 2: the
// provider 10 minutes behind, a 1 h token without nbf, both verdicts
// accepting it, and the rule claimed fresh tokens were rejected).
func TestClockSkewFollowsTheToken(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	token := func(iat, exp time.Time, nbf *time.Time) map[string]any {
		c := map[string]any{"iss": "https://idp", "aud": "c", "sub": "s", "iat": float64(iat.Unix()), "exp": float64(exp.Unix())}
		if nbf != nil {
			c["nbf"] = float64(nbf.Unix())
		}
		return c
	}
	idpNow := now.Add(-10 * time.Minute)
	nbfAhead := now.Add(10 * time.Minute)
	cases := []struct {
		name     string
		skew     time.Duration
		claims   map[string]any
		espo     *facts.Verdict
		sev      Severity
		contains []string
		absent   []string
	}{
		{"provider behind, 1 h token accepted", 10 * time.Minute, token(idpNow, idpNow.Add(time.Hour), nil),
			&facts.Verdict{Accepted: true, Checks: []facts.Check{{Name: "exp", OK: true}}}, Warning,
			[]string{"10m0s ahead of", "still accepted", "no nbf, 1h0m0s lifetime", "for 54m0s instead of 1h4m0s", "shorter than 6m0s"}, []string{"are rejected"}},
		{"provider behind, 60 s token expired", 10 * time.Minute, token(idpNow, idpNow.Add(time.Minute), nil),
			&facts.Verdict{Checks: []facts.Check{{Name: "exp", OK: false, Detail: "exp 9m0s ago, with 240 s leeway"}}}, Error,
			[]string{"fresh ID token is rejected (exp check: exp 9m0s ago"}, nil},
		{"provider ahead, no nbf", -10 * time.Minute, token(nbfAhead, nbfAhead.Add(time.Hour), nil),
			&facts.Verdict{Accepted: true, Checks: []facts.Check{{Name: "exp", OK: true}}}, Warning,
			[]string{"10m0s behind", "still accepted", "never checks iat", "tokens that carry nbf would be refused"}, []string{"are rejected"}},
		{"provider ahead, nbf refused", -10 * time.Minute, token(nbfAhead, nbfAhead.Add(time.Hour), &nbfAhead),
			&facts.Verdict{Checks: []facts.Check{{Name: "exp", OK: true}, {Name: "nbf", OK: false, Detail: "nbf in 10m0s"}}}, Error,
			[]string{"is rejected (nbf check: nbf in 10m0s)"}, nil},
		{"no token, ahead", 10 * time.Minute, nil, nil, Error,
			[]string{"lifetime under 6m0s are rejected", "--auth-code"}, nil},
		{"no token, behind", -10 * time.Minute, nil, nil, Error,
			[]string{"that carry nbf are rejected", "never checks iat"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := build(t, instanceSpec{})
			f := goodFacts()
			f.Clock.Skew = c.skew
			f.IDToken, f.Espo = c.claims, c.espo
			b.in.Probe = f
			var got []Finding
			for _, x := range Run(b.in, nil).Findings {
				if x.Name == "probe-clock-skew" {
					got = append(got, x)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%d clock findings: %+v", len(got), got)
			}
			if got[0].Severity != c.sev {
				t.Errorf("severity %s, want %s: %s", got[0].Severity, c.sev, got[0].Message)
			}
			for _, s := range c.contains {
				if !strings.Contains(got[0].Message, s) {
					t.Errorf("message lacks %q: %s", s, got[0].Message)
				}
			}
			for _, s := range c.absent {
				if strings.Contains(got[0].Message, s) {
					t.Errorf("message has %q: %s", s, got[0].Message)
				}
			}
		})
	}
}
