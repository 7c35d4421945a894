package probe

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
)

// Glossary explains ID token claims as Entra issues them (entra.md §2).
var Glossary = map[string]string{
	"aud":                "audience: must contain EspoCRM's client ID",
	"iss":                "issuer; EspoCRM only checks that it is non-empty (never which tenant)",
	"iat":                "issued at",
	"nbf":                "not before (EspoCRM allows " + espo.JWTLeewayText + " leeway)",
	"exp":                "expiry (EspoCRM allows " + espo.JWTLeewayText + " leeway)",
	"sub":                "subject; pairwise in Entra: unique per app and tenant, never equals a username",
	"oid":                "the user's object ID: stable within the tenant, differs per tenant",
	"tid":                "the tenant ID (GUID) the user signed in to",
	"ver":                "token version: 1.0 (v1 endpoints) or 2.0",
	"name":               "display name; mutable, display only",
	"preferred_username": "usually the UPN; mutable, may be an email or phone number (v2, profile scope)",
	"upn":                "user principal name; optional claim in v2, changes over a user's lifetime",
	"unique_name":        "v1 only, display only",
	"email":              "only with the email scope/optional claim and a mail attribute; unverified domains may be removed",
	"given_name":         "first name (v2: optional claim); EspoCRM sync writes firstName",
	"family_name":        "last name (v2: optional claim); EspoCRM sync writes lastName",
	"groups":             "group object IDs (GUIDs), not names; omitted past 200 groups (overage)",
	"_claim_names":       "overage marker: the groups did not fit; EspoCRM maps no team",
	"_claim_sources":     "where the overage groups would be fetched (EspoCRM does not)",
	"hasgroups":          "overage marker (implicit flow)",
	"roles":              "app roles assigned to the user",
	"nonce":              "must equal the nonce EspoCRM's login page sent",
	"idp":                "the identity provider of a guest or external user",
	"aio":                "internal to Entra; ignore",
	"rh":                 "internal to Entra; ignore",
	"uti":                "token identifier",
	"sid":                "session ID",
	"auth_time":          "when the user last authenticated (needed for max_age)",
	"xms_edov":           "email domain owner verified",
	"wids":               "directory role template IDs",
	"azp":                "authorized party (EspoCRM does not check it)",
	"at_hash":            "access token hash",
	"c_hash":             "code hash",
	"acr":                "authentication context class",
	"amr":                "authentication methods",
	"email_verified":     "not issued by Entra",
}

func claimValue(name string, v any, now time.Time) string {
	switch name {
	case "iat", "nbf", "exp", "auth_time":
		if t, ok := ClaimTime(map[string]any{name: v}, name); ok {
			return t.Format(time.RFC3339) + " (" + Relative(t, now) + ")"
		}
	}
	switch x := v.(type) {
	case string:
		if len(x) > 120 {
			return x[:120] + "…"
		}
		return x
	case []any:
		var parts []string
		for i, e := range x {
			if i == 5 {
				parts = append(parts, fmt.Sprintf("… (%d in all)", len(x)))
				break
			}
			parts = append(parts, fmt.Sprint(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

// WriteSummary prints what the probe saw, for people: the timeline, the
// discovery and key checks, the ID token's claims with a glossary, both
// verdicts and the predicted user outcome. Tokens are never printed.
func WriteSummary(w io.Writer, f *Facts, now time.Time) {
	if f == nil {
		return
	}
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("\nProbe (provider %s", f.Provider)
	if f.Issuer != "" {
		p(", issuer %s from %s", f.Issuer, f.IssuerFrom)
	}
	p(")\n")
	if len(f.Timeline) > 0 {
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  step\tstatus\tms\trequest")
		for _, s := range f.Timeline {
			st := fmt.Sprint(s.Status)
			if s.Status == 0 {
				st = "-"
			}
			line := fmt.Sprintf("  %s\t%s\t%d\t%s %s", s.Step, st, s.MS, s.Method, s.URL)
			if s.Error != "" {
				line += "  (" + s.Error + ")"
			}
			fmt.Fprintln(tw, line)
		}
		tw.Flush()
	}
	for _, n := range f.Notes {
		p("  note: %s\n", n)
	}
	if d := f.Discovery; d != nil && d.Valid {
		p("  discovery: issuer %s (%s), token auth %v, algorithms %v\n", d.Issuer, map[bool]string{true: "matches", false: "does NOT match"}[d.IssuerMatches], d.AuthMethods, d.SigningAlgs)
	}
	if j := f.JWKS; j != nil && j.Valid {
		var ks []string
		for _, k := range j.Keys {
			s := k.Kid
			if s == "" {
				s = "(no kid)"
			}
			s += " " + k.Kty
			if k.Bits > 0 {
				s += fmt.Sprintf(" %d bits", k.Bits)
			}
			if k.Issuer != "" {
				s += " issuer " + k.Issuer
			}
			ks = append(ks, s)
		}
		p("  jwks: %d key(s): %s\n", len(j.Keys), strings.Join(ks, "; "))
	}
	for _, t := range f.Tokens {
		state := "ok"
		if !t.OK {
			state = fmt.Sprintf("failed (HTTP %d", t.Status)
			if t.AADSTS != 0 {
				state += fmt.Sprintf(", AADSTS%d", t.AADSTS)
			}
			if t.OAuthError != "" {
				state += ", " + t.OAuthError
			}
			state += ")"
		}
		p("  token %s: %s\n", t.Grant, state)
	}
	if f.Clock != nil {
		p("  clock: local minus IdP %s (EspoCRM's leeway %ds)\n", f.Clock.Skew, int(espo.JWTLeeway/time.Second))
	}
	if f.IDToken != nil {
		p("\n  ID token (%s, header alg=%v kid=%v); the token itself is never printed\n", f.IDTokenFrom, f.IDTokenHeader["alg"], f.IDTokenHeader["kid"])
		names := make([]string, 0, len(f.IDToken))
		for k := range f.IDToken {
			names = append(names, k)
		}
		slices.Sort(names)
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		for _, n := range names {
			g := Glossary[n]
			if n == "tid" && entra.IsGUID(ClaimString(f.IDToken, "tid")) && ClaimString(f.IDToken, "tid") == entra.ConsumersTenantID {
				g = "the personal Microsoft account (MSA) tenant"
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\n", n, claimValue(n, f.IDToken[n], now), g)
		}
		tw.Flush()
		for _, v := range []*Verdict{f.Strict, f.Espo} {
			if v == nil {
				continue
			}
			name := v.Validator
			if v.EspoCRM != "" {
				name += " " + v.EspoCRM
			}
			if v.Accepted {
				p("  %s: accepts the token\n", name)
			} else {
				status := ""
				if v.Status != 0 {
					status = fmt.Sprintf(" (HTTP %d)", v.Status)
				}
				p("  %s: REJECTS the token%s: %s\n", name, status, strings.Join(v.Reasons, "; "))
			}
		}
	}
	if u := f.User; u != nil {
		p("  user: claim %s", u.Claim)
		if u.Raw != "" {
			p(" = %q → %q", u.Raw, u.Normalized)
		}
		p(": %s (%s)\n", u.Outcome, u.Detail)
	}
	if t := f.Teams; t != nil && (t.Claim != "" || len(t.Assigned) > 0) {
		p("  teams: group claim %q present=%v overage=%v; mapping assigns %v", t.Claim, t.Present, t.Overage, t.Assigned)
		if len(t.Removed) > 0 {
			p("; sync removes %v", t.Removed)
		}
		p("\n")
	}
}
