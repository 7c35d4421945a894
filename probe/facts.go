// Package probe runs live checks against the identity provider and records
// what it saw as Facts, which the probe rules of the catalog judge. It never
// reports findings itself. (Stub: extended by the probe implementation.)
package probe

// Facts is what one probe run observed.
type Facts struct {
	IDToken map[string]any
}

// HasIDToken reports whether the probe obtained an ID token.
func (f *Facts) HasIDToken() bool { return f != nil && f.IDToken != nil }
