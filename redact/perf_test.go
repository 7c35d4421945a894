package redact

import (
	"strings"
	"testing"
)

// BenchmarkString runs the policy over hostile repetitions: the time per
// byte must stay flat (linear), whatever the unit.
func BenchmarkString(b *testing.B) {
	set := New("abcdefgh", "ijklmnopqrstu")
	for _, unit := range []string{"password=", "Digest x ", "-----BEGIN PRIVATE KEY-----", "\"password\":\"", "password='", "%41", "eyJhbGciOi.", "https://a:b@", "aaaaaaaa", "plain prose, nothing to see. "} {
		text := strings.Repeat(unit, 100000/len(unit)+1)
		b.Run(strings.NewReplacer("/", "_", " ", "_").Replace(unit), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				set.String(text)
			}
		})
	}
}
