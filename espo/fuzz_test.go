package espo

import (
	"encoding/json"
	"strings"
	"testing"
)

// ParseVersion never panics, and what it accepts prints back to a version
// it accepts again with the same value.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"9.3.2", "10", "v8.4.0-beta.1", "@@version", "", "1.2.3.4", "999.999.999", "0.1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVersion(s)
		if err != nil {
			return
		}
		w, err := ParseVersion(v.String())
		if err != nil || w != v {
			t.Fatalf("%q → %v → %v, %v", s, v, w, err)
		}
		_ = Since("8.4.0").Contains(v)
	})
}

// The token verdicts take any decoded JSON without panicking.
func FuzzTokenVerdicts(f *testing.F) {
	for _, s := range []string{`{"iss":"i","sub":"s","aud":["c"],"exp":"1e3"}`, `{"exp":1e400,"nbf":"-9e99"}`, `{"aud":{"x":[1]},"u":0}`, `{}`} {
		f.Add(s, "8.0.0")
	}
	f.Fuzz(func(t *testing.T, js, ver string) {
		d := json.NewDecoder(strings.NewReader(js))
		d.UseNumber()
		var c map[string]any
		if d.Decode(&c) != nil {
			return
		}
		v, _ := ParseVersion(ver)
		_ = PayloadParseError(c, v)
		_ = HeaderParseError(c)
		TimeClaim(c, "exp")
		TimeClaim(c, "nbf")
		_ = AudienceMatches("123", c["aud"])
		_ = GroupMatches("0123", c["groups"])
		_ = UsernameClaim("u", c["u"], v, false, true, true, true)
		if keys, ok := c["keys"].([]any); ok {
			JWKSError(keys)
		}
		for _, x := range c {
			if s, ok := x.(string); ok {
				LooseEqualStrings(s, "1e3")
				IsNumericString(s)
			}
		}
	})
}
