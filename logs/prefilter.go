package logs

import (
	"bytes"
	"math/bits"
)

// The pre-filter decides, in one pass over a record's message, whether the
// record can matter: it mentions OIDC ("IDC" finds OIDC, "idc" finds Oidc and
// oidc), or it contains a word of one of the catalogue's messages that carry
// no OIDC prefix. Only records that pass are matched against the catalogue's
// regexps. The words are tight so that EspoCRM's ordinary lines (the
// AuthTokenControl job, SMTP errors, "the client connection") do not pass:
// "Auth" only as "Auth:", "client " only before "ID." or "secret.",
// "endpoint" only before "." or " not specified", "Could not" only before
// " sync user" (the catalogue's "Could not create a user." also says
// "claim"). The part after the word is compared ignoring case, as the
// catalogue's patterns do.

type anchor struct {
	word  string
	pivot int      // the index of the word's rarest byte: the scan looks for it
	next  []string // one of them must follow the word (lower case; compared ignoring case); none: the word suffices
	oidc  bool     // the word says OIDC
}

// The pivots are few distinct bytes, upper-case letters where a word has
// one: the scan looks for each with bytes.IndexByte (vectorised), so it costs
// a few passes over the message at memory speed, not a loop over its bytes.
var anchors = []anchor{
	{word: "IDC", pivot: 2, oidc: true},
	{word: "idc", pivot: 2, oidc: true},
	{word: "JW", pivot: 1},
	{word: "RSA", pivot: 2},
	{word: "lgorithm", pivot: 1},
	{word: "claim"},
	{word: "userNameReg", pivot: 4},
	{word: "Wrong key."},
	{word: "No hash."},
	{word: "maintenance", pivot: 9}, // its c: one pass with idc, claim and client
	{word: "Auth", next: []string{":"}},
	{word: "client ", next: []string{"id.", "secret."}},
	{word: "endpoint", pivot: 3, next: []string{".", " not specified"}},
	{word: "Could not", next: []string{" sync user"}},
}

// pivots lists each pivot byte once with the anchors (bits) it stands for.
var pivots = func() (ps []struct {
	b     byte
	words uint16
}) {
next:
	for i, a := range anchors {
		b := a.word[a.pivot]
		for k := range ps {
			if ps[k].b == b {
				ps[k].words |= 1 << i
				continue next
			}
		}
		ps = append(ps, struct {
			b     byte
			words uint16
		}{b, 1 << i})
	}
	return ps
}()

// scanMessage reports whether msg mentions OIDC and whether it holds an
// anchor word (it stops at the first OIDC mention: then both are true).
func scanMessage(msg []byte) (oidc, anchored bool) {
	for _, p := range pivots {
		for from := 0; ; {
			k := bytes.IndexByte(msg[from:], p.b)
			if k < 0 {
				break
			}
			i := from + k
			from = i + 1
			for m := p.words; m != 0; m &= m - 1 {
				a := &anchors[bits.TrailingZeros16(m)]
				start, end := i-a.pivot, i-a.pivot+len(a.word)
				// first and last byte before the whole word: most hits of
				// a pivot byte end there
				if start < 0 || end > len(msg) || msg[start] != a.word[0] || msg[end-1] != a.word[len(a.word)-1] ||
					string(msg[start:end]) != a.word || !followedBy(msg[end:], a.next) {
					continue
				}
				if a.oidc {
					return true, true
				}
				anchored = true
			}
		}
		if anchored {
			// an OIDC mention may still follow; only "IDC"/"idc" matter now
			return mentionsOIDC(msg), true
		}
	}
	return false, false
}

func followedBy(b []byte, next []string) bool {
	if next == nil {
		return true
	}
	for _, n := range next {
		if len(b) >= len(n) && bytes.EqualFold(b[:len(n)], []byte(n)) {
			return true
		}
	}
	return false
}

// mentionsOIDC reports "IDC" or "idc" in b.
func mentionsOIDC(b []byte) bool {
	return bytes.Contains(b, []byte("IDC")) || bytes.Contains(b, []byte("idc"))
}
