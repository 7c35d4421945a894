// Package redact is espo-oidc's one redaction policy. Everything that can
// reach an output (the terminal, a report, the bundle, --facts, the probe's
// timeline, an error) and did not come from espo-oidc itself goes through it.
//
// It removes:
//
//   - the known secrets of a run (a Set: the client secret, the test
//     account's password, codes and tokens the probe received, the inputs'
//     secret values), found in the raw text and in up to three decoded
//     readings of it (JSON and Go string escapes including \/ and \uXXXX,
//     percent-encoding in either case, '+' for a space, HTML character
//     references), base64 and base64url at any alignment (so
//     "Basic base64(client_id:secret)" too), and any run of Window or more
//     consecutive characters of a secret (less than half of a short one);
//   - credentials by their shape, known or not: values of secret-looking
//     keys in every syntax a log or an answer uses (key=value, "key":"value",
//     'key' => 'value', [key] => value, key: value, key%3Dvalue, PHP
//     serialize and var_dump), Authorization and Cookie header values
//     (Basic, Bearer, Digest, ...), JWT-shaped strings (eyJ..., eyA..., ew...),
//     URL userinfo (scheme://user:pw@host) and PEM private keys.
//
// ID token claims that are one-time values or hashes of tokens (nonce and
// friends, HiddenClaim) are printed only as their Fingerprint.
package redact

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// Mark replaces a redacted value; MarkJWT a redacted JWT-shaped string.
const (
	Mark    = "[redacted]"
	MarkJWT = "[redacted JWT]"
)

// MinSecret is the shortest value a Set tracks: shorter ones would match
// ordinary text everywhere.
const MinSecret = 4

// Window is the longest run of a secret's characters that may appear: a
// run of Window characters of a known secret is redacted as the secret. For
// secrets shorter than 2*Window the run is half the secret (at least
// MinSecret).
const Window = 8

// window is the run length for a secret of n bytes.
func window(n int) int {
	w := (n + 1) / 2
	if w < MinSecret {
		w = MinSecret
	}
	if w > Window {
		w = Window
	}
	if w > n {
		w = n
	}
	return w
}

// Fingerprint describes a secret without revealing it: its length and the
// first 8 hex digits of its SHA-256, so two reports can be compared.
func Fingerprint(secret string) string {
	if secret == "" {
		return "(empty)"
	}
	sum := sha256.Sum256([]byte(secret))
	return fmt.Sprintf("[redacted: %d chars, sha256 %s]", len(secret), hex.EncodeToString(sum[:4]))
}

// A Set is the known secrets of one run. The zero value and nil are usable
// (they redact by shape only). Safe for concurrent use.
type Set struct {
	whole   bool // NewWhole: only whole secrets, no runs of them
	mu      sync.RWMutex
	secrets []string
	grams   map[int]map[string][]ref // window -> run -> where it is in which secret
	ends    map[int]*gate            // window -> a cheap test before the map
	wins    []int                    // the windows, in the order they were added
	// per secret: its window and its folded bytes; per window: whether a
	// secret longer than it has it (else each run is a whole secret, found
	// by a plain search instead of a lookup at every position, and the
	// window has no lookup: grams and ends hold the windows with runs)
	winOf  []int
	folded [][]byte
	runsAt map[int]bool

	// b64 are, per secret, its base64 cores (every alignment and
	// alphabet; nil: not worked out yet), worked out when a text first has
	// a base64 run long enough to hold one of them (most texts have none,
	// and a long secret's cores fit in few).
	b64mu sync.Mutex
	b64   [][][]byte
}

type ref struct{ secret, pos int }

// New returns a Set holding secrets.
func New(secrets ...string) *Set {
	s := &Set{}
	s.Add(secrets...)
	return s
}

// NewWhole returns a Set that removes its secrets only whole (in every
// form), never a run of them: for secrets that may contain ordinary words
// next to text that uses them (configuration values in findings about the
// configuration).
func NewWhole(secrets ...string) *Set {
	s := &Set{whole: true}
	s.Add(secrets...)
	return s
}

// Add adds secrets (values shorter than MinSecret are ignored).
func (s *Set) Add(secrets ...string) { s.add(s.whole, secrets) }

// AddWhole adds secrets that are removed only whole (in every form), never
// a run of them, whatever the Set: for structured values whose parts are
// not secret and recur in other text, such as a session cookie that starts
// with the base64 of the time (gorilla/securecookie, Ory Hydra's), which an
// ID token issued in the same second also carries.
func (s *Set) AddWhole(secrets ...string) { s.add(true, secrets) }

func (s *Set) add(whole bool, secrets []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range secrets {
		if len(v) < MinSecret || slices.Contains(s.secrets, v) {
			continue
		}
		idx := len(s.secrets)
		s.secrets = append(s.secrets, v)
		f := fold([]byte(v))
		w := window(len(f))
		if whole {
			w = len(f)
		}
		if !slices.Contains(s.wins, w) {
			s.wins = append(s.wins, w)
		}
		s.winOf, s.folded = append(s.winOf, w), append(s.folded, f)
		switch {
		case len(f) > w && !s.runsAt[w]:
			// the first secret with runs in this window: from now on the
			// window is looked up run by run, the whole secrets in it too
			if s.runsAt == nil {
				s.runsAt = map[int]bool{}
			}
			s.runsAt[w] = true
			for i, sw := range s.winOf {
				if sw == w {
					s.index(i)
				}
			}
		case s.runsAt[w] || slowWholeSearch:
			s.index(idx)
		}
	}
}

// index enters the runs of secret idx in the lookup of its window. s.mu is
// held for writing.
func (s *Set) index(idx int) {
	w, f := s.winOf[idx], s.folded[idx]
	if s.grams == nil {
		s.grams, s.ends = map[int]map[string][]ref{}, map[int]*gate{}
	}
	m := s.grams[w]
	if m == nil {
		m = map[string][]ref{}
		s.grams[w], s.ends[w] = m, &gate{}
	}
	e := s.ends[w]
	// the runs are keyed by substrings of one string, and each new run's
	// first ref is a slot of one array: a few allocations per secret, not
	// two per run
	fs := string(f)
	slots := make([]ref, len(fs)-w+1)
	for i := 0; i+w <= len(fs); i++ {
		run := fs[i : i+w]
		slots[i] = ref{idx, i}
		if refs, ok := m[run]; ok {
			m[run] = append(refs, slots[i])
		} else {
			m[run] = slots[i : i+1 : i+1]
		}
		e.add(f[i : i+w])
	}
}

// slowWholeSearch makes secretSpans look whole secrets up position by
// position as it does runs: the tests compare the two ways.
var slowWholeSearch bool

// coresOf returns the base64 cores of secret i, working them out the
// first time. s.mu is held (read or write).
func (s *Set) coresOf(i int) [][]byte {
	s.b64mu.Lock()
	defer s.b64mu.Unlock()
	if n := len(s.secrets); len(s.b64) < n {
		s.b64 = append(s.b64, make([][][]byte, n-len(s.b64))...)
	}
	if s.b64[i] == nil {
		c := base64Cores(s.secrets[i])
		if c == nil {
			c = [][]byte{} // none: not nil, so not worked out again
		}
		s.b64[i] = c
	}
	return s.b64[i]
}

// minCore is a lower bound of the length of any base64 core of a secret of
// n bytes: its shortest alignment has (n-2)/3 whole 3-byte groups.
func minCore(n int) int { return 4 * ((n - 2) / 3) }

// gate is the test a text's run passes before the map lookup: a run can
// be one only if its first and last bytes are those of one.
type gate struct{ first, last [256]bool }

func (g *gate) add(run []byte) { g.first[run[0]], g.last[run[len(run)-1]] = true, true }

func (g *gate) may(run []byte) bool { return g.first[run[0]] && g.last[run[len(run)-1]] }

// Len is the number of secrets tracked.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.secrets)
}

// base64Cores are the parts of the base64 (standard and URL alphabet)
// encodings of v that appear whatever precedes v in the encoded bytes: for
// each of the three alignments, the encoding of v's whole 3-byte groups.
func base64Cores(v string) [][]byte {
	src := []byte(v)
	var size int
	for k := range min(3, len(src)) {
		size += 2 * base64.RawStdEncoding.EncodedLen((len(src)-k)/3*3)
	}
	buf := make([]byte, 0, size) // every core in one buffer
	var out [][]byte
	for k := range min(3, len(src)) {
		t := src[k:]
		t = t[:len(t)/3*3]
		if len(t) < 6 {
			continue
		}
		for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
			start := len(buf)
			buf = enc.AppendEncode(buf, t)
			c := buf[start:len(buf):len(buf)]
			if slices.ContainsFunc(out, func(o []byte) bool { return bytes.Equal(o, c) }) {
				buf = buf[:start] // the same in both alphabets
				continue
			}
			out = append(out, c)
		}
	}
	return out
}

// fold makes '+' and ' ' the same byte, as form decoding would.
func fold(b []byte) []byte {
	if bytes.IndexByte(b, '+') < 0 {
		return b
	}
	c := bytes.Clone(b)
	for i := range c {
		if c[i] == '+' {
			c[i] = ' '
		}
	}
	return c
}

// String returns text with every known secret and every credential-shaped
// value replaced by Mark (MarkJWT for JWTs).
func (s *Set) String(text string) string {
	if text == "" {
		return text
	}
	// find only reads its bytes (nothing in this package writes to the
	// text it searches), so the string's own bytes are searched, not a copy
	spans := s.find(unsafe.Slice(unsafe.StringData(text), len(text)))
	if len(spans) == 0 {
		return text
	}
	return string(apply([]byte(text), spans))
}

// Bytes is String for bytes; b is returned unchanged when nothing is
// redacted.
func (s *Set) Bytes(b []byte) []byte {
	spans := s.find(b)
	if len(spans) == 0 {
		return b
	}
	return apply(b, spans)
}

// String redacts text by shape only (no known secrets).
func String(text string) string { return (*Set)(nil).String(text) }

// Bytes redacts b by shape only.
func Bytes(b []byte) []byte { return (*Set)(nil).Bytes(b) }

// Leak names, by its Fingerprint, the first known secret found in b in any
// form ("" when none): the last check before a file is written.
func (s *Set) Leak(b []byte) string {
	if s == nil {
		return ""
	}
	for _, m := range s.secretSpans(b, nil) {
		if m.whole { // a run of a secret may be an ordinary word: only whole ones count here
			return Fingerprint(s.secrets[m.secret])
		}
	}
	return ""
}

// hit is one region of the original text to remove.
type hit struct {
	lo, hi int
	whole  bool // the whole secret (or its base64), not only a run of it
	jwt    bool
	secret int // for secret hits, which one; -1 otherwise
}

func (s *Set) find(b []byte) []hit {
	if len(b) == 0 {
		return nil
	}
	sum := shapeMemo.sum(b)
	sh, ok := shapeMemo.get(b, sum)
	var vs *viewList
	if !ok {
		sh, vs = shapeHits(b)
		shapeMemo.put(b, sum, sh)
	}
	var hits []hit
	if s != nil {
		hits = append(hits, s.secretSpans(b, vs)...)
	}
	return append(hits, sh...)
}

// shapeHits are the credential-shaped regions of b and its decoded views,
// with the views.
func shapeHits(b []byte) ([]hit, *viewList) {
	l := views(b)
	var sh []hit
	for i := range l.n {
		sh = shapes(&l.v[i], sh)
	}
	return sh, &l
}

// shapeMemo keeps the shape hits of short texts for the whole process:
// they depend on the text alone, and a fleet's results repeat the same
// messages, fixes and reasons thousands of times. It is bounded: texts
// longer than memoText bytes are not kept, and it has memoEntries slots.
var shapeMemo = memo{seed: maphash.MakeSeed()}

const (
	memoText    = 1024
	memoEntries = 4096
)

// memo is a direct-mapped cache: a slot holds the last text hashed to it,
// and a text that lands on a taken slot replaces the one there. Looking up
// and adding take no lock: the fleet's workers do both for every text they
// redact, and with a read-write lock they blocked on each other over 400
// times in a 1,000-instance run, each time idling a core.
//
// A text is kept the second time it is missed: the first miss only marks
// its hash, so the texts a fleet sees once (its paths, its instances'
// values) neither allocate an entry nor push out the ones that repeat.
type memo struct {
	seed  maphash.Seed
	slots [memoEntries]atomic.Pointer[memoEntry]
	seen  [memoEntries]atomic.Uint64
}

type memoEntry struct {
	text string
	hits []hit // shared by every caller: never changed
}

// sum is b's hash for get and put (0 for a text too long to keep).
func (c *memo) sum(b []byte) uint64 {
	if len(b) > memoText {
		return 0
	}
	return maphash.Bytes(c.seed, b)
}

func (c *memo) get(b []byte, sum uint64) ([]hit, bool) {
	if len(b) > memoText {
		return nil, false
	}
	if e := c.slots[sum%memoEntries].Load(); e != nil && e.text == string(b) {
		return e.hits, true
	}
	return nil, false
}

func (c *memo) put(b []byte, sum uint64, h []hit) {
	if len(b) > memoText {
		return
	}
	if c.seen[sum%memoEntries].Swap(sum) != sum {
		return // missed once: marked
	}
	c.slots[sum%memoEntries].Store(&memoEntry{text: string(b), hits: slices.Clip(h)})
}

// secretSpans finds the known secrets in b (and its decoded views).
// vs, when not nil, are b's views already worked out.
func (s *Set) secretSpans(b []byte, vs *viewList) []hit {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.secrets) == 0 {
		return nil
	}
	if vs == nil {
		l := views(b)
		vs = &l
	}
	var hits []hit
	for i := range vs.n {
		v := &vs.v[i]
		f := fold(v.b)
		for _, w := range s.wins {
			if s.ends[w] == nil || !s.runsAt[w] && !slowWholeSearch {
				// every run of this window is a whole secret
				from := len(hits)
				for idx, sw := range s.winOf {
					if sw != w {
						continue
					}
					sec := s.folded[idx]
					for off := 0; off+w <= len(f); {
						j := bytes.Index(f[off:], sec)
						if j < 0 {
							break
						}
						rl, rh := v.raw(off+j, off+j+w)
						hits = append(hits, hit{lo: rl, hi: rh, secret: idx, whole: true})
						off += j + 1
					}
				}
				// in text order, as the lookup finds them (Leak names the
				// first secret in the text)
				slices.SortStableFunc(hits[from:], func(x, y hit) int { return x.lo - y.lo })
				continue
			}
			m, e := s.grams[w], s.ends[w]
			for i := 0; i+w <= len(f); i++ {
				if !e.may(f[i : i+w]) {
					continue // no run of this window starts and ends so
				}
				refs, ok := m[string(f[i:i+w])]
				if !ok {
					continue
				}
				// the longest match through this run, either way
				best, lo, hi, whole := -1, i, i+w, false
				for _, r := range refs {
					sec := s.folded[r.secret]
					a, z := i, i+w
					for p := r.pos; a > 0 && p > 0 && f[a-1] == sec[p-1]; p-- {
						a--
					}
					for q := r.pos + w; z < len(f) && q < len(sec) && f[z] == sec[q]; q++ {
						z++
					}
					if best < 0 || z-a > hi-lo {
						best, lo, hi, whole = r.secret, a, z, z-a >= len(sec)
					}
				}
				rl, rh := v.raw(lo, hi)
				hits = append(hits, hit{lo: rl, hi: rh, secret: best, whole: whole})
				i = hi - w // continue after this match
			}
		}
	}
	// a core lies inside a run of one alphabet's bytes at least as long as
	// it: texts without such a run (most: a path mixes '/' and '-') skip
	// the search
	longest, std, url := 0, 0, 0
	for _, c := range b {
		k := b64Class[c]
		std, url = (std+1)*int(k&1), (url+1)*int(k>>1)
		longest = max(longest, std, url)
	}
	for i, v := range s.secrets {
		if longest < minCore(len(v)) {
			continue // none of this secret's cores fits
		}
		for _, c := range s.coresOf(i) {
			if len(c) > longest {
				continue
			}
			for off := 0; ; {
				j := bytes.Index(b[off:], c)
				if j < 0 {
					break
				}
				lo, hi := off+j, off+j+len(c)
				for lo > 0 && isB64(b[lo-1]) {
					lo--
				}
				for hi < len(b) && isB64(b[hi]) {
					hi++
				}
				hits = append(hits, hit{lo: lo, hi: hi, secret: i, whole: true})
				off = hi
			}
		}
	}
	return hits
}

// b64Class says which base64 alphabets hold a byte: 1 the standard one
// (A-Z a-z 0-9 + / =), 2 the URL one (A-Z a-z 0-9 - _ =), 3 both.
var b64Class = func() (t [256]uint8) {
	for c := range 256 {
		switch b := byte(c); {
		case b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '=':
			t[c] = 3
		case b == '+' || b == '/':
			t[c] = 1
		case b == '-' || b == '_':
			t[c] = 2
		}
	}
	return t
}()

// isB64: c belongs to either base64 alphabet.
func isB64(c byte) bool { return b64Class[c] != 0 }

// apply replaces the hits (merged where they overlap or touch) in b.
func apply(b []byte, hits []hit) []byte {
	for i := range hits {
		// never split a UTF-8 sequence
		for hits[i].lo > 0 && hits[i].lo < len(b) && !utf8.RuneStart(b[hits[i].lo]) {
			hits[i].lo--
		}
		for hits[i].hi < len(b) && !utf8.RuneStart(b[hits[i].hi]) {
			hits[i].hi++
		}
	}
	slices.SortFunc(hits, func(x, y hit) int { return x.lo - y.lo })
	var out bytes.Buffer
	out.Grow(len(b))
	at := 0
	for i := 0; i < len(hits); {
		lo, hi, jwt := hits[i].lo, hits[i].hi, hits[i].jwt
		j := i + 1
		for ; j < len(hits) && hits[j].lo <= hi; j++ {
			hi = max(hi, hits[j].hi)
			jwt = jwt || hits[j].jwt
		}
		if lo < at {
			lo = at
		}
		out.Write(b[at:lo])
		if jwt {
			out.WriteString(MarkJWT)
		} else {
			out.WriteString(Mark)
		}
		at = hi
		i = j
	}
	out.Write(b[at:])
	return out.Bytes()
}

// Error wraps err so that its text is redacted; errors.Is and errors.As
// still see err (whose own Error() must then not be printed).
func (s *Set) Error(err error) error {
	if err == nil {
		return nil
	}
	return &Error{msg: s.String(err.Error()), err: err}
}

// Error is a network or parse error whose text went through the policy.
type Error struct {
	msg string
	err error
}

func (e *Error) Error() string { return e.msg }
func (e *Error) Unwrap() error { return e.err }

// Strings redacts each of ss in place and returns it.
func (s *Set) Strings(ss []string) []string {
	for i := range ss {
		ss[i] = s.String(ss[i])
	}
	return ss
}

// containsFold reports whether any of words is in s, ignoring ASCII case.
func containsFold(s string, words ...string) bool {
	ls := strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(ls, w) {
			return true
		}
	}
	return false
}
