package entra

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/lit"
)

// MaxManifestSize bounds what LoadManifest reads. A real manifest is a few
// kilobytes (its collections are capped at 1200 entries, entra.md §5.3).
const MaxManifestSize = 16 << 20

// Format is the manifest format (entra.md §5.1).
type Format string

const (
	FormatGraph    Format = "microsoft-graph" // the current format (web, spa, publicClient, ...)
	FormatAADGraph Format = "azure-ad-graph"  // the legacy format (replyUrlsWithType, ...)
)

// Platform is where a redirect URI is registered.
type Platform string

const (
	PlatformWeb    Platform = "web"          // web.redirectUris / replyUrlsWithType type Web
	PlatformSPA    Platform = "spa"          // spa.redirectUris / type Spa
	PlatformPublic Platform = "publicClient" // publicClient.redirectUris / type InstalledClient
)

// Loc is where a manifest field is, or, when it is absent, where it belongs:
// Key is its JSON path ("web.redirectUris[0]"), Pos the place in the file.
type Loc struct {
	Key    string
	Pos    lit.Pos
	Absent bool
}

// RedirectURI is one registered redirect URI.
type RedirectURI struct {
	URI      string
	Platform Platform
	Loc      Loc
}

// PasswordCredential is one client secret of the app (never its value: the
// manifest does not hold it).
type PasswordCredential struct {
	DisplayName string
	KeyID       string // the "Secret ID" of the admin center
	Hint        string // the first three characters of the secret's value ("" in the legacy format)
	Start       time.Time
	End         time.Time // zero when the manifest gives none
	Loc         Loc       // the credential object
	EndLoc      Loc       // endDateTime / endDate
}

// Permission is one entry of requiredResourceAccess[].resourceAccess[].
type Permission struct {
	ResourceAppID string
	ID            string
	Type          string // PermissionDelegated ("Scope") or PermissionApplication ("Role")
	Loc           Loc
}

// OptionalClaim is one entry of optionalClaims.{idToken,accessToken,saml2Token}.
type OptionalClaim struct {
	Token                string // idToken, accessToken, saml2Token
	Name                 string
	AdditionalProperties []string
	Loc                  Loc
}

// StringField is an optional string field of the manifest.
type StringField struct {
	Value string
	Set   bool // present and not null
	Loc   Loc
}

// BoolField is an optional bool field of the manifest.
type BoolField struct {
	Value bool
	Set   bool
	Loc   Loc
}

// Manifest is an Entra app registration manifest (Microsoft Graph or legacy
// Azure AD Graph format, entra.md §5), loaded with positions: every field
// keeps the file, line and column it came from, so findings can point there.
type Manifest struct {
	Path   string
	Format Format
	Root   *lit.Value

	AppID       StringField
	DisplayName StringField
	// SignInAudience is signInAudience, or, in very old legacy manifests,
	// derived from availableToOtherTenants (true: AzureADMultipleOrgs,
	// false: AzureADMyOrg) with Loc pointing there.
	SignInAudience StringField

	RedirectURIs []RedirectURI
	RedirectLoc  Loc // where Web redirect URIs are (or belong): web.redirectUris / replyUrlsWithType

	PasswordCredentials []PasswordCredential
	PasswordLoc         Loc // passwordCredentials

	Permissions   []Permission
	PermissionLoc Loc // requiredResourceAccess

	OptionalClaims    []OptionalClaim
	OptionalClaimsLoc Loc // optionalClaims.idToken (or where it belongs)

	GroupMembershipClaims StringField // None, SecurityGroup, ApplicationGroup, DirectoryRole, All
	AccessTokenVersion    struct {
		Value int64
		Set   bool
		Loc   Loc
	} // api.requestedAccessTokenVersion / accessTokenAcceptedVersion
	ImplicitIDToken     BoolField   // web.implicitGrantSettings.enableIdTokenIssuance / oauth2AllowIdTokenImplicitFlow
	ImplicitAccessToken BoolField   // web.implicitGrantSettings.enableAccessTokenIssuance / oauth2AllowImplicitFlow
	FallbackPublic      BoolField   // isFallbackPublicClient / allowPublicClient
	LogoutURL           StringField // web.logoutUrl / logoutUrl (front-channel logout URL)
}

// RootLoc is the manifest's top-level object.
func (m *Manifest) RootLoc() Loc {
	return Loc{Key: "", Pos: m.Root.Pos}
}

// RedirectsOn returns the registered redirect URIs on one platform.
func (m *Manifest) RedirectsOn(pl Platform) []RedirectURI {
	var out []RedirectURI
	for _, r := range m.RedirectURIs {
		if r.Platform == pl {
			out = append(out, r)
		}
	}
	return out
}

// IDTokenClaim returns the idToken optional claim with the given name, or nil.
func (m *Manifest) IDTokenClaim(name string) *OptionalClaim {
	for i := range m.OptionalClaims {
		c := &m.OptionalClaims[i]
		if c.Token == "idToken" && c.Name == name {
			return c
		}
	}
	return nil
}

// ManifestError is an unusable manifest. It names the file and, when known,
// the line and column.
type ManifestError struct {
	Pos lit.Pos
	Msg string
}

func (e *ManifestError) Error() string { return e.Pos.String() + ": " + e.Msg }

// expectManifest is what ParseManifest says it wanted when it got something else.
const expectManifest = "expected an Entra app manifest as downloaded from the Entra admin center (App registrations → your app → Manifest → Download): a JSON object with appId and, in the Microsoft Graph format, web.redirectUris, or, in the legacy Azure AD Graph format, replyUrlsWithType"

// LoadManifest reads and parses a manifest file.
func LoadManifest(path string) (*Manifest, error) {
	f, err := safeio.Open(path) // a FIFO, socket or device is refused, not waited on
	if err != nil {
		var nr *safeio.NotRegularError
		if errors.As(err, &nr) {
			return nil, &ManifestError{Pos: lit.Pos{File: path}, Msg: nr.Kind + ", not a regular file; an app manifest is a JSON file"}
		}
		return nil, &ManifestError{Pos: lit.Pos{File: path}, Msg: strings.TrimPrefix(err.Error(), "open "+path+": ")}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxManifestSize+1))
	if err != nil {
		return nil, &ManifestError{Pos: lit.Pos{File: path}, Msg: err.Error()}
	}
	return ParseManifest(path, b)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ParseManifest parses a manifest's content; name is the file name used in
// positions and errors. It never panics: any problem is a *ManifestError.
func ParseManifest(name string, b []byte) (m *Manifest, err error) {
	defer func() {
		if r := recover(); r != nil { // a defect of ours must not end in a stack trace
			m, err = nil, &ManifestError{Pos: lit.Pos{File: name}, Msg: fmt.Sprintf("could not read the manifest (internal error: %v); please report this", r)}
		}
	}()
	if len(b) > MaxManifestSize {
		return nil, &ManifestError{Pos: lit.Pos{File: name}, Msg: fmt.Sprintf("larger than %d MiB; an app manifest is a few kilobytes: is this the right file?", MaxManifestSize>>20)}
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(b, utf8BOM))
	if len(trimmed) == 0 {
		return nil, &ManifestError{Pos: lit.Pos{File: name}, Msg: "the file is empty; " + expectManifest}
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return nil, &ManifestError{Pos: lit.Pos{File: name}, Msg: "binary data, not JSON; " + expectManifest}
	}
	if trimmed[0] != '{' {
		what := "not JSON"
		if trimmed[0] == '[' {
			what = "a JSON list"
		} else if bytes.HasPrefix(trimmed, []byte("<?php")) {
			what = "a PHP file (EspoCRM settings go in PATH, the manifest after --app-manifest)"
		}
		return nil, &ManifestError{Pos: lit.Pos{File: name, Line: 1, Column: 1}, Msg: what + "; " + expectManifest}
	}
	root, err := lit.ParseJSON(name, b) // positions count the BOM's bytes, like an editor's columns
	if err != nil {
		var pe *lit.ParseError
		if errors.As(err, &pe) {
			return nil, &ManifestError{Pos: pe.Pos, Msg: "not valid JSON: " + pe.Msg}
		}
		return nil, &ManifestError{Pos: lit.Pos{File: name}, Msg: "not valid JSON: " + err.Error()}
	}
	if !isObject(root) {
		got := "null"
		if root != nil {
			got = "a JSON " + root.TypeName()
		}
		pos := lit.Pos{File: name, Line: 1, Column: 1}
		if root != nil {
			pos = root.Pos
		}
		return nil, &ManifestError{Pos: pos, Msg: "got " + got + "; " + expectManifest}
	}
	p := &parser{name: name, m: &Manifest{Path: name, Root: root}}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.m, nil
}

type parser struct {
	name string
	m    *Manifest
}

// manifestKeys are top-level keys of either format; a JSON object with none
// of them is some other document.
var manifestKeys = []string{"appId", "signInAudience", "requiredResourceAccess", "passwordCredentials",
	"replyUrlsWithType", "replyUrls", "web", "spa", "publicClient", "groupMembershipClaims", "optionalClaims",
	"availableToOtherTenants", "oauth2AllowIdTokenImplicitFlow", "identifierUris"}

// legacyKeys occur only in the Azure AD Graph format.
var legacyKeys = []string{"replyUrlsWithType", "replyUrls", "oauth2AllowIdTokenImplicitFlow", "oauth2AllowImplicitFlow",
	"allowPublicClient", "availableToOtherTenants", "accessTokenAcceptedVersion", "oauth2Permissions", "logoutUrl"}

func (p *parser) errAt(pos lit.Pos, format string, args ...any) error {
	if pos.File == "" {
		pos.File = p.name
	}
	return &ManifestError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// present returns the entry for key when it is there and not null.
func present(obj *lit.Value, key string) *lit.Entry {
	e := obj.Get(key)
	if e == nil || e.Value == nil || e.Value.Kind == lit.Null {
		return nil
	}
	return e
}

// fieldLoc locates key in obj: where it is written (also when null), else
// the object it belongs in.
func fieldLoc(obj *lit.Value, parent, key string) Loc {
	if e := obj.Get(key); e != nil {
		return Loc{Key: join(parent, key), Pos: e.KeyPos, Absent: e.Value == nil || e.Value.Kind == lit.Null}
	}
	return Loc{Key: join(parent, key), Pos: obj.Pos, Absent: true}
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func (p *parser) str(obj *lit.Value, parent, key string) (StringField, error) {
	f := StringField{Loc: fieldLoc(obj, parent, key)}
	e := present(obj, key)
	if e == nil {
		return f, nil
	}
	f.Loc = Loc{Key: join(parent, key), Pos: e.KeyPos}
	if e.Value.Kind != lit.String {
		return f, p.errAt(e.Value.Pos, "%s: expected a string, got %s", f.Loc.Key, describe(e.Value))
	}
	f.Value, f.Set = e.Value.Str, true
	return f, nil
}

func (p *parser) boolean(obj *lit.Value, parent, key string) (BoolField, error) {
	f := BoolField{Loc: fieldLoc(obj, parent, key)}
	e := present(obj, key)
	if e == nil {
		return f, nil
	}
	f.Loc = Loc{Key: join(parent, key), Pos: e.KeyPos}
	if e.Value.Kind != lit.Bool {
		return f, p.errAt(e.Value.Pos, "%s: expected true or false, got %s", f.Loc.Key, describe(e.Value))
	}
	f.Value, f.Set = e.Value.Bool, true
	return f, nil
}

// object returns the object at key (nil when absent or null).
func (p *parser) object(obj *lit.Value, parent, key string) (*lit.Value, error) {
	e := present(obj, key)
	if e == nil {
		return nil, nil
	}
	if !isObject(e.Value) {
		return nil, p.errAt(e.Value.Pos, "%s: expected a JSON object, got %s", join(parent, key), describe(e.Value))
	}
	return e.Value, nil
}

// list returns the list at key (nil when absent or null).
func (p *parser) list(obj *lit.Value, parent, key string) (*lit.Entry, error) {
	e := present(obj, key)
	if e == nil {
		return nil, nil
	}
	if !isList(e.Value) {
		return nil, p.errAt(e.Value.Pos, "%s: expected a JSON list, got %s", join(parent, key), describe(e.Value))
	}
	return e, nil
}

// isObject reports whether v is a JSON object ({...}).
func isObject(v *lit.Value) bool {
	return v != nil && v.Kind == lit.Array && (v.Object || len(v.Entries) > 0 && !v.IsList())
}

// isList reports whether v is a JSON list ([...]).
func isList(v *lit.Value) bool {
	return v != nil && v.Kind == lit.Array && !v.Object && v.IsList()
}

// describe names a JSON value's type for messages, never its content (a
// manifest value might be anything, even a pasted secret).
func describe(v *lit.Value) string {
	if v == nil {
		return "nothing"
	}
	switch v.Kind {
	case lit.Null:
		return "null"
	case lit.Bool:
		return "a boolean"
	case lit.Int, lit.Float:
		return "a number"
	case lit.String:
		return "a string"
	case lit.Array:
		if isObject(v) {
			return "an object"
		}
		return "a list"
	}
	return "an unknown value"
}

func (p *parser) parse() error {
	m, root := p.m, p.m.Root
	known := false
	for _, k := range manifestKeys {
		if root.Get(k) != nil {
			known = true
			break
		}
	}
	if !known {
		return p.errAt(root.Pos, "a JSON object of another shape (none of appId, signInAudience, web, replyUrlsWithType, passwordCredentials, requiredResourceAccess); %s", expectManifest)
	}
	m.Format = FormatGraph
	for _, k := range legacyKeys {
		if root.Get(k) != nil {
			m.Format = FormatAADGraph
			break
		}
	}
	var err error
	if m.AppID, err = p.str(root, "", "appId"); err != nil {
		return err
	}
	if m.DisplayName, err = p.str(root, "", "displayName"); err != nil {
		return err
	}
	if !m.DisplayName.Set {
		if m.DisplayName, err = p.str(root, "", "name"); err != nil {
			return err
		}
	}
	if m.SignInAudience, err = p.str(root, "", "signInAudience"); err != nil {
		return err
	}
	if !m.SignInAudience.Set {
		b, err := p.boolean(root, "", "availableToOtherTenants")
		if err != nil {
			return err
		}
		if b.Set {
			m.SignInAudience = StringField{Value: AudienceMyOrg, Set: true, Loc: b.Loc}
			if b.Value {
				m.SignInAudience.Value = AudienceMultipleOrgs
			}
		}
	}
	if m.GroupMembershipClaims, err = p.str(root, "", "groupMembershipClaims"); err != nil {
		return err
	}
	steps := []func() error{p.redirects, p.passwords, p.permissions, p.optionalClaims, p.flags}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) redirects() error {
	m, root := p.m, p.m.Root
	m.RedirectLoc = Loc{Key: "web.redirectUris", Pos: root.Pos, Absent: true}
	if m.Format == FormatAADGraph {
		m.RedirectLoc.Key = "replyUrlsWithType"
	}
	// Microsoft Graph format: web, spa, publicClient objects.
	for _, pl := range []Platform{PlatformWeb, PlatformSPA, PlatformPublic} {
		obj, err := p.object(root, "", string(pl))
		if err != nil {
			return err
		}
		if obj == nil {
			continue
		}
		if pl == PlatformWeb && m.Format == FormatGraph {
			m.RedirectLoc = Loc{Key: "web.redirectUris", Pos: obj.Pos, Absent: true}
		}
		le, err := p.list(obj, string(pl), "redirectUris")
		if err != nil {
			return err
		}
		if le == nil {
			continue
		}
		if pl == PlatformWeb && m.Format == FormatGraph {
			m.RedirectLoc = Loc{Key: "web.redirectUris", Pos: le.KeyPos}
		}
		for i, e := range le.Value.Entries {
			key := fmt.Sprintf("%s.redirectUris[%d]", pl, i)
			if e.Value.Kind != lit.String {
				return p.errAt(e.Value.Pos, "%s: expected a string (a redirect URI), got %s", key, describe(e.Value))
			}
			m.RedirectURIs = append(m.RedirectURIs, RedirectURI{URI: e.Value.Str, Platform: pl, Loc: Loc{Key: key, Pos: e.Value.Pos}})
		}
	}
	// Legacy format: replyUrlsWithType [{url, type}], very old replyUrls [url].
	le, err := p.list(root, "", "replyUrlsWithType")
	if err != nil {
		return err
	}
	if le != nil {
		m.RedirectLoc = Loc{Key: "replyUrlsWithType", Pos: le.KeyPos}
		for i, e := range le.Value.Entries {
			key := fmt.Sprintf("replyUrlsWithType[%d]", i)
			if !isObject(e.Value) {
				return p.errAt(e.Value.Pos, "%s: expected an object {\"url\": ..., \"type\": ...}, got %s", key, describe(e.Value))
			}
			u, err := p.str(e.Value, key, "url")
			if err != nil {
				return err
			}
			t, err := p.str(e.Value, key, "type")
			if err != nil {
				return err
			}
			if !u.Set {
				return p.errAt(e.Value.Pos, "%s: no url", key)
			}
			pl := PlatformWeb
			switch strings.ToLower(t.Value) {
			case "spa":
				pl = PlatformSPA
			case "installedclient":
				pl = PlatformPublic
			}
			m.RedirectURIs = append(m.RedirectURIs, RedirectURI{URI: u.Value, Platform: pl, Loc: Loc{Key: key + ".url", Pos: e.Value.Get("url").Value.Pos}})
		}
	}
	le, err = p.list(root, "", "replyUrls")
	if err != nil {
		return err
	}
	if le != nil {
		if m.RedirectLoc.Absent {
			m.RedirectLoc = Loc{Key: "replyUrls", Pos: le.KeyPos}
		}
		for i, e := range le.Value.Entries {
			key := fmt.Sprintf("replyUrls[%d]", i)
			if e.Value.Kind != lit.String {
				return p.errAt(e.Value.Pos, "%s: expected a string (a redirect URI), got %s", key, describe(e.Value))
			}
			m.RedirectURIs = append(m.RedirectURIs, RedirectURI{URI: e.Value.Str, Platform: PlatformWeb, Loc: Loc{Key: key, Pos: e.Value.Pos}})
		}
	}
	return nil
}

// parseTime reads the ISO-8601 dates of the manifest, with or without zone
// and fractional seconds (legacy examples have seven digits).
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func (p *parser) passwords() error {
	m, root := p.m, p.m.Root
	m.PasswordLoc = Loc{Key: "passwordCredentials", Pos: root.Pos, Absent: true}
	le, err := p.list(root, "", "passwordCredentials")
	if err != nil || le == nil {
		return err
	}
	m.PasswordLoc = Loc{Key: "passwordCredentials", Pos: le.KeyPos}
	for i, e := range le.Value.Entries {
		key := fmt.Sprintf("passwordCredentials[%d]", i)
		v := e.Value
		if !isObject(v) {
			return p.errAt(v.Pos, "%s: expected an object (a client secret), got %s", key, describe(v))
		}
		c := PasswordCredential{Loc: Loc{Key: key, Pos: v.Pos}}
		fields := map[string]*string{"displayName": &c.DisplayName, "keyId": &c.KeyID, "hint": &c.Hint}
		for _, k := range []string{"displayName", "keyId", "hint"} {
			f, err := p.str(v, key, k)
			if err != nil {
				return err
			}
			*fields[k] = f.Value
		}
		if c.DisplayName == "" {
			if f, err := p.str(v, key, "customKeyIdentifier"); err == nil && f.Set {
				c.DisplayName = f.Value // legacy: often a base64 description; informational only
			}
		}
		for _, pair := range [][2]string{{"startDateTime", "startDate"}, {"endDateTime", "endDate"}} {
			var f StringField
			for _, k := range pair {
				if f, err = p.str(v, key, k); err != nil {
					return err
				}
				if f.Set {
					break
				}
			}
			if !f.Set {
				continue
			}
			t, ok := parseTime(f.Value)
			if !ok {
				return p.errAt(v.Get(lastKey(f.Loc.Key)).Value.Pos, "%s: not a date (want ISO 8601 such as 2026-05-01T10:00:00Z)", f.Loc.Key)
			}
			if pair[0] == "startDateTime" {
				c.Start = t
			} else {
				c.End, c.EndLoc = t, f.Loc
			}
		}
		if c.EndLoc.Key == "" {
			c.EndLoc = Loc{Key: key + ".endDateTime", Pos: v.Pos, Absent: true}
		}
		m.PasswordCredentials = append(m.PasswordCredentials, c)
	}
	return nil
}

func lastKey(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func (p *parser) permissions() error {
	m, root := p.m, p.m.Root
	m.PermissionLoc = Loc{Key: "requiredResourceAccess", Pos: root.Pos, Absent: true}
	le, err := p.list(root, "", "requiredResourceAccess")
	if err != nil || le == nil {
		return err
	}
	m.PermissionLoc = Loc{Key: "requiredResourceAccess", Pos: le.KeyPos}
	for i, e := range le.Value.Entries {
		key := fmt.Sprintf("requiredResourceAccess[%d]", i)
		v := e.Value
		if !isObject(v) {
			return p.errAt(v.Pos, "%s: expected an object {\"resourceAppId\": ..., \"resourceAccess\": [...]}, got %s", key, describe(v))
		}
		res, err := p.str(v, key, "resourceAppId")
		if err != nil {
			return err
		}
		ra, err := p.list(v, key, "resourceAccess")
		if err != nil {
			return err
		}
		if ra == nil {
			continue
		}
		for j, a := range ra.Value.Entries {
			akey := fmt.Sprintf("%s.resourceAccess[%d]", key, j)
			if !isObject(a.Value) {
				return p.errAt(a.Value.Pos, "%s: expected an object {\"id\": ..., \"type\": \"Scope\"|\"Role\"}, got %s", akey, describe(a.Value))
			}
			id, err := p.str(a.Value, akey, "id")
			if err != nil {
				return err
			}
			typ, err := p.str(a.Value, akey, "type")
			if err != nil {
				return err
			}
			m.Permissions = append(m.Permissions, Permission{ResourceAppID: res.Value, ID: id.Value, Type: typ.Value, Loc: Loc{Key: akey, Pos: a.Value.Pos}})
		}
	}
	return nil
}

func (p *parser) optionalClaims() error {
	m, root := p.m, p.m.Root
	m.OptionalClaimsLoc = Loc{Key: "optionalClaims.idToken", Pos: root.Pos, Absent: true}
	oc, err := p.object(root, "", "optionalClaims")
	if err != nil || oc == nil {
		return err
	}
	m.OptionalClaimsLoc.Pos = oc.Pos
	for _, tok := range []string{"idToken", "accessToken", "saml2Token"} {
		le, err := p.list(oc, "optionalClaims", tok)
		if err != nil {
			return err
		}
		if le == nil {
			continue
		}
		if tok == "idToken" {
			m.OptionalClaimsLoc = Loc{Key: "optionalClaims.idToken", Pos: le.KeyPos}
		}
		for i, e := range le.Value.Entries {
			key := fmt.Sprintf("optionalClaims.%s[%d]", tok, i)
			v := e.Value
			if !isObject(v) {
				return p.errAt(v.Pos, "%s: expected an object {\"name\": ...}, got %s", key, describe(v))
			}
			name, err := p.str(v, key, "name")
			if err != nil {
				return err
			}
			c := OptionalClaim{Token: tok, Name: name.Value, Loc: Loc{Key: key, Pos: v.Pos}}
			ap, err := p.list(v, key, "additionalProperties")
			if err != nil {
				return err
			}
			if ap != nil {
				for j, x := range ap.Value.Entries {
					if x.Value.Kind != lit.String {
						return p.errAt(x.Value.Pos, "%s.additionalProperties[%d]: expected a string, got %s", key, j, describe(x.Value))
					}
					c.AdditionalProperties = append(c.AdditionalProperties, x.Value.Str)
				}
			}
			m.OptionalClaims = append(m.OptionalClaims, c)
		}
	}
	return nil
}

func (p *parser) flags() error {
	m, root := p.m, p.m.Root
	var err error
	// Microsoft Graph names first, then the legacy ones.
	web, err := p.object(root, "", "web")
	if err != nil {
		return err
	}
	if web != nil {
		igs, err := p.object(web, "web", "implicitGrantSettings")
		if err != nil {
			return err
		}
		if igs != nil {
			if m.ImplicitIDToken, err = p.boolean(igs, "web.implicitGrantSettings", "enableIdTokenIssuance"); err != nil {
				return err
			}
			if m.ImplicitAccessToken, err = p.boolean(igs, "web.implicitGrantSettings", "enableAccessTokenIssuance"); err != nil {
				return err
			}
		}
		if m.LogoutURL, err = p.str(web, "web", "logoutUrl"); err != nil {
			return err
		}
	}
	if !m.ImplicitIDToken.Set {
		if m.ImplicitIDToken, err = p.boolean(root, "", "oauth2AllowIdTokenImplicitFlow"); err != nil {
			return err
		}
	}
	if !m.ImplicitAccessToken.Set {
		if m.ImplicitAccessToken, err = p.boolean(root, "", "oauth2AllowImplicitFlow"); err != nil {
			return err
		}
	}
	if !m.LogoutURL.Set {
		if m.LogoutURL, err = p.str(root, "", "logoutUrl"); err != nil {
			return err
		}
	}
	if m.FallbackPublic, err = p.boolean(root, "", "isFallbackPublicClient"); err != nil {
		return err
	}
	if !m.FallbackPublic.Set {
		if m.FallbackPublic, err = p.boolean(root, "", "allowPublicClient"); err != nil {
			return err
		}
	}
	// Access token version: api.requestedAccessTokenVersion, legacy accessTokenAcceptedVersion.
	var ve *lit.Entry
	key := "api.requestedAccessTokenVersion"
	api, err := p.object(root, "", "api")
	if err != nil {
		return err
	}
	if api != nil {
		ve = present(api, "requestedAccessTokenVersion")
	}
	if ve == nil {
		ve, key = present(root, "accessTokenAcceptedVersion"), "accessTokenAcceptedVersion"
	}
	if ve != nil {
		if ve.Value.Kind != lit.Int {
			return p.errAt(ve.Value.Pos, "%s: expected 1, 2 or null, got %s", key, describe(ve.Value))
		}
		m.AccessTokenVersion.Value, m.AccessTokenVersion.Set = ve.Value.Int, true
		m.AccessTokenVersion.Loc = Loc{Key: key, Pos: ve.KeyPos}
	}
	return nil
}

// String describes the manifest for messages (never secrets: it holds none).
func (m *Manifest) String() string {
	name := m.DisplayName.Value
	if name == "" {
		name = "app " + m.AppID.Value
	}
	return strconv.Quote(name) + " (" + string(m.Format) + " manifest " + m.Path + ")"
}
