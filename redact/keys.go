package redact

import "strings"

// keyWords are the words a credential's key ends in, in the order the
// first one that fits is taken (secretkeys before secretkey before secret).
var keyWords = strings.Split(keyWordList, "|")

// keysByPrefix holds keyWords by their first two letters, in keyWords'
// order: keyAt tries only the words that can start at a position.
var keysByPrefix = func() (t [26][26][]string) {
	for _, w := range keyWords {
		t[w[0]-'a'][w[1]-'a'] = append(t[w[0]-'a'][w[1]-'a'], w)
	}
	return t
}()

const keyWordList = `secretkeys|secretkey|secret|passwords|password|passwd|passphrase|pwd|tokens|token|cryptkey|salt|apikey|api_key|api-key|privatekey|private_key|private-key|assertion|code_verifier|codeverifier|code|authorization|cookie|credentials|credential`

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func isKeyChar(c byte) bool { return isWord(c) || c == '.' || c == '-' }

// boundary is \b at i.
func boundary(b []byte, i int) bool {
	before := i > 0 && isWord(b[i-1])
	after := i < len(b) && isWord(b[i])
	return before != after
}

// keyAt returns the length of the first key word at q followed by a word
// boundary, 0 when none.
func keyAt(b []byte, q int) int {
	if q+1 >= len(b) {
		return 0
	}
	c0, c1 := b[q]|0x20, b[q+1]|0x20
	if c0 < 'a' || c0 > 'z' || c1 < 'a' || c1 > 'z' {
		return 0
	}
	for _, w := range keysByPrefix[c0-'a'][c1-'a'] {
		if q+len(w) <= len(b) && foldEq(b[q:q+len(w)], w) && boundary(b, q+len(w)) {
			return len(w)
		}
	}
	return 0
}

// findKeys finds, left to right, the keys whose value is a credential: an
// identifier (letters, digits, '_', '.', '-') starting at a word boundary
// and ending in one of keyWords at a word boundary (client_secret,
// clientSecret, oidcClientSecret, smtpPassword, id_token, passwordSalt).
// Each match is [start, end, start, word start, word start, end], the
// layout of a regexp's submatch indexes for `\b(prefix)(word)\b`. It runs
// in linear time.
func findKeys(b []byte) [][]int {
	var out [][]int
	for s := 0; s < len(b); {
		if !isKeyChar(b[s]) || !boundary(b, s) {
			s++
			continue
		}
		// the first key word at or after s within this run of key characters
		q := s
		n := 0
		for ; q < len(b) && isKeyChar(b[q]); q++ {
			if n = keyAt(b, q); n > 0 {
				break
			}
		}
		if n == 0 {
			s = q // no key word in the rest of the run: none for any later start in it
			continue
		}
		out = append(out, []int{s, q + n, s, q, q, q + n})
		s = q + n
	}
	return out
}

// foldEq compares b with the lower-case ASCII word w, ignoring ASCII case.
func foldEq(b []byte, w string) bool {
	if len(b) != len(w) {
		return false
	}
	for i := range len(w) {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}
