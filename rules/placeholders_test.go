package rules

import (
	"regexp"
	"slices"
	"testing"
)

var placeholderOracle = regexp.MustCompile(`\{[^{}]*\}|<[^<>]*>`)

func FuzzPlaceholders(f *testing.F) {
	for _, s := range []string{
		"", "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/logout?post_logout_redirect_uri={siteUrl}",
		"{a<b>}", "<{a}>", "{{x}", "{x}}", "<<>>", "{", "}", "<a", "a>{b", "{}{}", "<é>{ü}", "\xff{\xfe}", "{a{b}c}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := placeholders(s), placeholderOracle.FindAllString(s, -1); !slices.Equal(got, want) {
			t.Fatalf("placeholders(%q) = %q, the regexp finds %q", s, got, want)
		}
	})
}
