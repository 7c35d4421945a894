package entra

// Manifest is an Entra app registration manifest (Microsoft Graph or legacy
// Azure AD Graph format), loaded with positions. (Stub: extended by the
// manifest loader.)
type Manifest struct {
	Path string
}
