package espo

import (
	"strconv"

	"github.com/espo-oidc/espo-oidc/lit"
)

// Config::load merges the config files with Util::merge
// (application/Espo/Core/Utils/Util.php:172-226 at 10.0.0; the same code at
// 7.3.0, 8.4.0 and 9.0.0). Its rules, for two PHP arrays cur and new:
//
//   - a key of new that is not in cur is appended; one that is replaces cur's
//     value in place (so a NULL in a later file replaces an array);
//   - when both values are PHP arrays (not (object) casts):
//   - if new's value contains the string '__APPEND__', the marker is removed
//     and the rest is appended to cur's value (array_merge: int keys
//     renumbered, string keys replaced);
//   - else if either is not a "single array" (every key an int), the two
//     merge recursively, so a list merges into a map key by key;
//   - else (two int-keyed arrays) new's replaces cur's;
//   - a new value that is an array and whose key was not set (absent or NULL)
//     in cur loses every '__APPEND__' marker, recursively, and an array that
//     lost one is renumbered (array_values: string keys become 0, 1, ...);
//   - merging an empty array into a non-empty one keeps cur, and merging two
//     empty ones gives an empty array.
//
// mergeArrays is linear in the sizes of both arrays: one index of cur's
// keys, built once per merged array.

// mergeMarker is Util::merge's $mergeIdentifier.
const mergeMarker = "__APPEND__"

// merger runs Util::merge; ops counts entry visits, so a test can show the
// merge is linear.
type merger struct{ ops int }

func isPHPArray(v *lit.Value) bool { return v != nil && v.Kind == lit.Array && !v.Object }

// isSingleArray is Util::isSingleArray: every key is an int (true when empty).
func (m *merger) isSingleArray(v *lit.Value) bool {
	for _, e := range v.Entries {
		m.ops++
		if !e.IntKey {
			return false
		}
	}
	return true
}

// appendIndex is array_search('__APPEND__', $value, true): the first entry
// whose value is exactly that string, or -1.
func (m *merger) appendIndex(v *lit.Value) int {
	for i, e := range v.Entries {
		m.ops++
		if e.Value != nil && e.Value.Kind == lit.String && e.Value.Str == mergeMarker {
			return i
		}
	}
	return -1
}

type entryKey struct {
	s     string
	isInt bool
}

// mergeArrays is Util::merge(cur, nw) for two PHP arrays.
func (m *merger) mergeArrays(cur, nw *lit.Value) *lit.Value {
	if len(cur.Entries) == 0 && len(nw.Entries) == 0 {
		return &lit.Value{Kind: lit.Array, Pos: nw.Pos}
	}
	if len(nw.Entries) == 0 {
		return cur
	}
	out := &lit.Value{Kind: lit.Array, Pos: nw.Pos, Entries: make([]lit.Entry, len(cur.Entries), len(cur.Entries)+len(nw.Entries))}
	copy(out.Entries, cur.Entries)
	index := make(map[entryKey]int, len(cur.Entries)+len(nw.Entries))
	for i, e := range out.Entries {
		m.ops++
		index[entryKey{e.Key, e.IntKey}] = i
	}
	for _, e := range nw.Entries {
		m.ops++
		i, exists := index[entryKey{e.Key, e.IntKey}]
		var cv *lit.Value
		if exists {
			cv = out.Entries[i].Value
		}
		e.Value = m.mergeValue(cv, exists, e.Value)
		if exists {
			out.Entries[i] = e
		} else {
			index[entryKey{e.Key, e.IntKey}] = len(out.Entries)
			out.Entries = append(out.Entries, e)
		}
	}
	return out
}

// mergeValue is the body of Util::merge's loop for one key: the value that
// replaces (or is added as) cur's value, given new's value nv.
func (m *merger) mergeValue(cv *lit.Value, exists bool, nv *lit.Value) *lit.Value {
	if isPHPArray(nv) && exists && isPHPArray(cv) {
		if i := m.appendIndex(nv); i >= 0 {
			rest := &lit.Value{Kind: lit.Array, Pos: nv.Pos, Entries: make([]lit.Entry, 0, len(nv.Entries)-1)}
			rest.Entries = append(rest.Entries, nv.Entries[:i]...)
			rest.Entries = append(rest.Entries, nv.Entries[i+1:]...)
			nv = m.arrayMerge(cv, rest)
		} else if !m.isSingleArray(nv) || !m.isSingleArray(cv) {
			nv = m.mergeArrays(cv, nv)
		}
	}
	isset := exists && cv != nil && cv.Kind != lit.Null
	if !isset && isPHPArray(nv) {
		nv = m.removeMarkers(nv)
	}
	return nv
}

// arrayMerge is PHP's array_merge(a, b): int keys are renumbered from 0,
// a string key of b replaces a's entry in place.
func (m *merger) arrayMerge(a, b *lit.Value) *lit.Value {
	out := &lit.Value{Kind: lit.Array, Pos: b.Pos, Entries: make([]lit.Entry, 0, len(a.Entries)+len(b.Entries))}
	strIndex := map[string]int{}
	next := 0
	for _, src := range [2]*lit.Value{a, b} {
		for _, e := range src.Entries {
			m.ops++
			if e.IntKey {
				e.Key = strconv.Itoa(next)
				next++
				out.Entries = append(out.Entries, e)
				continue
			}
			if i, ok := strIndex[e.Key]; ok {
				out.Entries[i] = e
				continue
			}
			strIndex[e.Key] = len(out.Entries)
			out.Entries = append(out.Entries, e)
		}
	}
	return out
}

// removeMarkers is Util::unsetInArrayByValue('__APPEND__', v): it removes
// the marker at every depth of PHP arrays and renumbers (array_values) each
// array that lost one. It returns v itself when there is nothing to remove.
func (m *merger) removeMarkers(v *lit.Value) *lit.Value {
	var out []lit.Entry // copied on the first change
	removed := false
	for i, e := range v.Entries {
		m.ops++
		nv := e.Value
		drop := false
		if isPHPArray(nv) {
			nv = m.removeMarkers(nv)
		} else if nv != nil && nv.Kind == lit.String && nv.Str == mergeMarker {
			drop = true
		}
		if (drop || nv != e.Value) && out == nil {
			out = make([]lit.Entry, i, len(v.Entries))
			copy(out, v.Entries[:i])
		}
		if drop {
			removed = true
			continue
		}
		if out != nil {
			e.Value = nv
			out = append(out, e)
		}
	}
	if out == nil {
		return v
	}
	if removed {
		for i := range out {
			out[i].Key, out[i].IntKey = strconv.Itoa(i), true
		}
	}
	return &lit.Value{Kind: lit.Array, Pos: v.Pos, Entries: out}
}
