package provider

import (
	"regexp"
	"sort"
	"strings"
)

// ErrorMatch is a provider error text found in some text.
type ErrorMatch struct {
	Profile *Profile
	Error   *ErrorText
	Found   string // the matched text
	Offset  int
}

// Key is the error's catalogue ID: "<provider>:<id>", e.g.
// "keycloak:client-assertion-type-missing".
func (e *ErrorText) Key(p *Profile) string { return string(p.Kind) + ":" + e.ID }

// Match reports whether text contains this error.
func (e *ErrorText) Match(text string) bool {
	compileErrors()
	return e.re.MatchString(text)
}

// Pattern is the case-insensitive regular expression finding the text
// (not compiled: callers that compile it lazily keep start-up cheap): the
// declared pattern, else the text itself quoted.
func (e *ErrorText) Pattern() string {
	if e.pattern == "" {
		return "(?i)" + regexp.QuoteMeta(e.Text)
	}
	return "(?i)" + e.pattern
}

// MatchErrors finds the providers' error texts in text, each at its first
// occurrence, ordered by offset; a match inside a longer one is dropped
// (Keycloak's "Invalid client or Invalid client credentials" does not also
// yield Dex's "Invalid client credentials."). When prefer is a provider
// family, only its errors are matched if any of them is found; texts in
// the standard's (shared) wording are matched only for prefer.
func MatchErrors(text string, prefer Kind) []ErrorMatch {
	type cand struct {
		m    ErrorMatch
		a, b int
	}
	var cands []cand
	compileErrors()
	for _, p := range profiles {
		for i := range p.Errors {
			e := &p.Errors[i]
			if e.Shared && (prefer == "" || prefer.Family() != p.Kind) {
				continue
			}
			loc := e.re.FindStringIndex(text)
			if loc == nil {
				continue
			}
			cands = append(cands, cand{ErrorMatch{Profile: p, Error: e, Found: text[loc[0]:loc[1]], Offset: loc[0]}, loc[0], loc[1]})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].b-cands[i].a > cands[j].b-cands[j].a })
	var kept []cand
	for _, c := range cands {
		inside := false
		for _, k := range kept {
			if c.a >= k.a && c.b <= k.b && (c.a != k.a || c.b != k.b) {
				inside = true
				break
			}
		}
		if !inside {
			kept = append(kept, c)
		}
	}
	var out []ErrorMatch
	if prefer != "" {
		for _, k := range kept {
			if k.m.Profile.Kind == prefer.Family() {
				out = append(out, k.m)
			}
		}
	}
	if out == nil {
		for _, k := range kept {
			out = append(out, k.m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

// ErrorByKey returns an error text by its key ("okta:user-not-assigned").
func ErrorByKey(key string) (*Profile, *ErrorText, bool) {
	k := strings.ToLower(strings.TrimSpace(key))
	for _, p := range profiles {
		for i := range p.Errors {
			if p.Errors[i].Key(p) == k {
				return p, &p.Errors[i], true
			}
		}
	}
	return nil, nil, false
}
