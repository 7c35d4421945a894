package redact

import "reflect"

// Known removes only the known secrets (in every form) from b, leaving
// credential shapes alone: for answers that are still to be parsed (a
// token answer's id_token must stay readable to be judged).
func (s *Set) Known(b []byte) []byte {
	if s == nil {
		return b
	}
	hits := s.secretSpans(b)
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
	s.walk(rv.Elem(), 0)
}

func (s *Set) walk(v reflect.Value, depth int) {
	if depth > 64 || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			if r := s.String(v.String()); r != v.String() {
				v.SetString(r)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			s.walk(v.Elem(), depth+1)
		}
	case reflect.Interface:
		if v.IsNil() {
			return
		}
		e := v.Elem()
		if e.Kind() == reflect.String && v.CanSet() {
			v.Set(reflect.ValueOf(s.String(e.String())).Convert(e.Type()))
			return
		}
		if e.Kind() == reflect.Map || e.Kind() == reflect.Slice || e.Kind() == reflect.Pointer {
			s.walk(e, depth+1) // maps and slices share their storage
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				s.walk(f, depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			s.walk(v.Index(i), depth+1)
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
				v.SetMapIndex(k, reflect.ValueOf(s.String(e.String())).Convert(e.Type()))
			case e.Kind() == reflect.Interface && !e.IsNil() && e.Elem().Kind() == reflect.String:
				v.SetMapIndex(k, reflect.ValueOf(s.String(e.Elem().String())).Convert(e.Elem().Type()))
			case e.Kind() == reflect.Pointer || e.Kind() == reflect.Map || e.Kind() == reflect.Slice ||
				e.Kind() == reflect.Interface && !e.IsNil() && (e.Elem().Kind() == reflect.Map || e.Elem().Kind() == reflect.Slice || e.Elem().Kind() == reflect.Pointer):
				s.walk(e, depth+1)
			case e.Kind() == reflect.Struct:
				c := reflect.New(e.Type()).Elem()
				c.Set(e)
				s.walk(c, depth+1)
				v.SetMapIndex(k, c)
			}
		}
	}
}
