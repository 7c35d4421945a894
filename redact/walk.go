package redact

import (
	"reflect"
	"sync"
	"unsafe"
)

// Known removes only the known secrets (in every form) from b, leaving
// credential shapes alone: for answers that are still to be parsed (a
// token answer's id_token must stay readable to be judged).
func (s *Set) Known(b []byte) []byte {
	if s == nil {
		return b
	}
	hits := s.secretSpans(b, nil)
	if len(hits) == 0 {
		return b
	}
	return apply(b, hits)
}

// Walk redacts, in place, every string reachable from v (a pointer):
// struct fields, slices, arrays, map values and interfaces, at any depth;
// maps of claims (map[string]any) also get HiddenClaim values as their
// Fingerprint. It is how a whole record (the probe's facts) is made fit
// for output at one point.
func (s *Set) Walk(v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return
	}
	w := walker{s: s}
	w.walk(rv.Elem(), 0)
}

// walker is one Walk. A record repeats its strings (a result's skipped
// rules share a few reasons, its findings one instance and file), most of
// them the very same string: the last few redacted are kept, matched by
// their bytes' address, so a repeat is not searched again and no map is
// built for the ones that do not repeat.
type walker struct {
	s      *Set
	recent [8]struct {
		p    *byte
		n    int
		done string
	}
	next int
	// the field plan of the struct type visited last
	planT reflect.Type
	plan  []int
}

func (w *walker) str(t string) string {
	if t == "" {
		return t
	}
	p := unsafe.StringData(t)
	for i := range w.recent {
		if w.recent[i].p == p && w.recent[i].n == len(t) {
			return w.recent[i].done
		}
	}
	r := w.s.String(t)
	w.recent[w.next].p, w.recent[w.next].n, w.recent[w.next].done = p, len(t), r
	w.next = (w.next + 1) % len(w.recent)
	return r
}

func (w *walker) walk(v reflect.Value, depth int) {
	if depth > 64 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			if r := w.str(v.String()); r != v.String() {
				v.SetString(r)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			w.walk(v.Elem(), depth+1)
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if e.Kind() == reflect.String && v.CanSet() {
			v.Set(reflect.ValueOf(w.str(e.String())).Convert(e.Type()))
			return
		}
		if e.Kind() == reflect.Map || e.Kind() == reflect.Slice || e.Kind() == reflect.Pointer {
			w.walk(e, depth+1) // maps and slices share their storage
		}
	case reflect.Struct:
		t := v.Type()
		if t != w.planT { // a record's structs come in runs of one type (its skipped rules)
			w.planT, w.plan = t, fieldsOf(t)
		}
		for _, i := range w.plan {
			if f := v.Field(i); f.CanSet() {
				w.walk(f, depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.walk(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		claims := v.Type().Key().Kind() == reflect.String && v.Type().Elem().Kind() == reflect.Interface
		for _, k := range v.MapKeys() {
			e := v.MapIndex(k)
			if claims && HiddenClaim(k.String()) {
				if !e.IsNil() && !isFingerprint(e.Elem()) {
					v.SetMapIndex(k, reflect.ValueOf(Fingerprint(fmtValue(e.Elem()))))
				}
				continue
			}
			switch {
			case e.Kind() == reflect.String:
				v.SetMapIndex(k, reflect.ValueOf(w.str(e.String())).Convert(e.Type()))
			case e.Kind() == reflect.Interface && !e.IsNil() && e.Elem().Kind() == reflect.String:
				v.SetMapIndex(k, reflect.ValueOf(w.str(e.Elem().String())).Convert(e.Elem().Type()))
			case e.Kind() == reflect.Pointer || e.Kind() == reflect.Map || e.Kind() == reflect.Slice ||
				e.Kind() == reflect.Interface && !e.IsNil() && (e.Elem().Kind() == reflect.Map || e.Elem().Kind() == reflect.Slice || e.Elem().Kind() == reflect.Pointer):
				w.walk(e, depth+1)
			case e.Kind() == reflect.Struct:
				c := reflect.New(e.Type()).Elem()
				c.Set(e)
				w.walk(c, depth+1)
				v.SetMapIndex(k, c)
			}
		}
	}
}

// fieldsOf lists the fields of a struct type that Walk visits: the
// exported ones that can hold a string, less those tagged redact:"-",
// which hold values of the rule catalog (rule IDs and names) and never
// anything read from an input or the network. Worked out once per type.
func fieldsOf(t reflect.Type) []int {
	if f, ok := fieldPlans.Load(t); ok {
		return f.([]int)
	}
	var out []int
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("redact") == "-" || !mayHoldString(f.Type, 0) {
			continue
		}
		out = append(out, i)
	}
	fieldPlans.Store(t, out)
	return out
}

var fieldPlans sync.Map // reflect.Type -> []int

// mayHoldString reports whether a value of type t can reach a string.
func mayHoldString(t reflect.Type, depth int) bool {
	if depth > 8 {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Interface, reflect.Map:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return mayHoldString(t.Elem(), depth+1)
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() && mayHoldString(t.Field(i).Type, depth+1) {
				return true
			}
		}
	}
	return false
}
