package espo

import (
	"fmt"
	"regexp"
)

// DefaultUserNameRegex is EspoCRM's userNameRegularExpression default.
const DefaultUserNameRegex = `[^a-z0-9\-@_\.\s]`

// UsernameNormalizer returns Sync::normalizeUsername for the instance's
// userNameRegularExpression ("" for the default): strtolower, every
// character matching the expression → '_', then spaces → '_'. PHP's
// strtolower only lowers ASCII. Compile it once to normalise many names.
func UsernameNormalizer(regex string) (func(string) string, error) {
	if regex == "" {
		regex = DefaultUserNameRegex
	}
	re, err := regexp.Compile(regex)
	if err != nil {
		return nil, fmt.Errorf("userNameRegularExpression %q is not a usable regular expression", regex)
	}
	return func(s string) string {
		// PCRE without /u works on bytes: map each byte to one rune so a
		// multi-byte character becomes one '_' per byte, as in PHP.
		rs := make([]rune, len(s))
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= 'A' && c <= 'Z' {
				c += 32
			}
			rs[i] = rune(c)
		}
		out := []rune(re.ReplaceAllString(string(rs), "_"))
		bs := make([]byte, 0, len(out))
		for _, r := range out {
			if r == ' ' {
				r = '_'
			}
			bs = append(bs, byte(r))
		}
		return string(bs)
	}, nil
}

// NormalizeUsername normalises one user name (see UsernameNormalizer).
func NormalizeUsername(s, regex string) (string, error) {
	n, err := UsernameNormalizer(regex)
	if err != nil {
		return "", err
	}
	return n(s), nil
}
