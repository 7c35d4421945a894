package espo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/lit"
)

// MaxFileSize bounds what the loader reads from one input file.
const MaxFileSize = 16 << 20

// Role says which EspoCRM file a source is.
type Role string

const (
	RoleConfig                 Role = "config"                   // data/config.php
	RoleConfigInternal         Role = "config-internal"          // data/config-internal.php
	RoleConfigOverride         Role = "config-override"          // data/config-override.php (8.2+)
	RoleConfigInternalOverride Role = "config-internal-override" // data/config-internal-override.php (8.2+)
	RoleState                  Role = "state"                    // data/state.php (9.3+): version and other state
	RolePHP                    Role = "php"                      // a single PHP file given on its own
	RoleJSON                   Role = "json"                     // json_encode(include ...) output
	RoleSettingsAPI            Role = "settings-api"             // GET /api/v1/Settings (secrets are never in it)
)

// configFiles are the files of a data/ folder in EspoCRM's precedence, later
// winning (Config::load, application/Espo/Core/Utils/Config.php:309-369 at
// 10.0.0), with the version that started reading each.
var configFiles = []struct {
	name  string
	role  Role
	since FeatureID // "" for every version
}{
	{"config.php", RoleConfig, ""},
	{"config-internal.php", RoleConfigInternal, ""},
	{"config-override.php", RoleConfigOverride, OverrideFiles},
	{"config-internal-override.php", RoleConfigInternalOverride, OverrideFiles},
	{"state.php", RoleState, StateFile},
}

// roleSince is the feature that makes EspoCRM read a file of role r.
func roleSince(r Role) FeatureID {
	for _, cf := range configFiles {
		if cf.role == r {
			return cf.since
		}
	}
	return ""
}

// Source is one loaded input file.
type Source struct {
	Path string
	Role Role
	Root *lit.Value // the top-level array
}

// Setting is one effective top-level setting and where its value came from.
type Setting struct {
	Key    string
	Value  *lit.Value
	Source *Source
	KeyPos lit.Pos // where the key is written in Source
}

// Settings are an instance's effective settings.
type Settings struct {
	Instance string    // the PATH given on the command line ("-" for stdin)
	Sources  []*Source // files EspoCRM reads at the instance's version, in precedence order
	Ignored  []Ignored // files that were found but that EspoCRM at this version does not read
	Values   map[string]*Setting
	Order    []string // effective keys in first-seen order
	DataDir  string   // the data/ folder, when a folder was given

	loaded  []*Source // every loaded file, in precedence order
	version InstanceVersion

	mergeOps   int   // entry visits of the last merge (tests show it is linear)
	typed      *OIDC // computed once by Typed
	typeIssues []TypeIssue
	invalid    []Invalid
}

// ErrNotSettings is returned for a JSON document that is not EspoCRM settings
// (an Entra app manifest, say); callers may route it elsewhere.
var ErrNotSettings = errors.New("not EspoCRM settings")

// InputError is an unusable input: it names the file (and line, when known)
// and says what to do. Callers exit with code 2.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string {
	var pe *lit.ParseError
	if errors.As(e.Err, &pe) {
		return pe.Error()
	}
	return e.Path + ": " + e.Err.Error()
}

func (e *InputError) Unwrap() error { return e.Err }

// Load reads one instance from path: an EspoCRM root (has data/), a data/
// folder, a config .php file, a JSON export, or "-" for stdin.
func Load(path string, stdin io.Reader) (*Settings, error) {
	if path == "-" {
		b, err := readAll(stdin, "stdin")
		if err != nil {
			return nil, err
		}
		return fromBytes("-", "stdin", b, true)
	}
	// An EspoCRM root (its data/ is a folder) in one stat: path is then a
	// folder too. Not for "" or a path with "..": Join cleans those by text
	// alone ("missing/.." and "data" make "data"), so for them path itself
	// is stat'ed first.
	dataDir := filepath.Join(path, "data")
	oneStat := path != "" && !strings.Contains(path, "..")
	if !oneStat || !isDir(dataDir) {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, &InputError{Path: path, Err: errors.New(strings.TrimPrefix(err.Error(), "stat "+path+": "))}
		}
		if !fi.IsDir() {
			b, err := readFile(path)
			if err != nil {
				return nil, err
			}
			return fromBytes(path, path, b, true)
		}
		if oneStat || !isDir(dataDir) {
			dataDir = path // a data/ folder given itself
		}
	}
	s := &Settings{Instance: path, DataDir: dataDir}
	var found []*Source
	for _, cf := range configFiles {
		p := filepath.Join(dataDir, cf.name)
		b, there, err := readIfThere(p)
		if !there {
			continue
		}
		if err != nil {
			return nil, err
		}
		src, err := parseSource(p, cf.role, b, true)
		if err != nil {
			return nil, err
		}
		found = append(found, src)
	}
	if len(found) == 0 {
		return nil, &InputError{Path: path, Err: fmt.Errorf("no EspoCRM config files here: looked for data/config.php, data/config-internal.php, data/config-override.php, data/config-internal-override.php and data/state.php; give an EspoCRM root, its data/ folder, a config .php file or a JSON export")}
	}
	s.init(found)
	return s, nil
}

// File is a named file content, for FromFiles.
type File struct {
	Name string // the path; its base name decides the role (config.php, config-internal.php, ...)
	Data []byte
}

// FromFiles loads an instance from file contents given in precedence order,
// as Load does for a folder (tests use it to build instances in memory).
func FromFiles(instance string, files ...File) (*Settings, error) {
	s := &Settings{Instance: instance}
	var found []*Source
	for _, f := range files {
		one, err := fromBytes(f.Name, f.Name, f.Data, false)
		if err != nil {
			return nil, err
		}
		found = append(found, one.loaded...)
	}
	s.init(found)
	return s, nil
}

// FromBytes loads settings from one file's content (tests, stdin).
func FromBytes(name string, b []byte) (*Settings, error) { return fromBytes(name, name, b, false) }

// fromBytes loads one file's content; owned: b was read here and nothing
// changes it afterwards, so the settings may share its bytes.
func fromBytes(instance, name string, b []byte, owned bool) (*Settings, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &InputError{Path: name, Err: errors.New("the file is empty; expected EspoCRM settings as PHP (<?php return [...];) or JSON")}
	}
	var role Role
	switch lit.Detect(b) {
	case "php":
		role = RolePHP
		if base := filepath.Base(name); base != "" {
			for _, cf := range configFiles {
				if base == cf.name {
					role = cf.role
				}
			}
		}
	case "json":
		role = RoleJSON
	default:
		if bytes.IndexByte(b, 0) >= 0 {
			return nil, &InputError{Path: name, Err: errors.New("binary data, not EspoCRM settings; expected a PHP config file (<?php return [...];) or a JSON export")}
		}
		return nil, &InputError{Path: name, Err: errors.New("neither PHP (<?php return [...];) nor JSON ({...}); give data/config.php, a data/ folder, or a JSON export of the settings")}
	}
	src, err := parseSource(name, role, b, owned)
	if err != nil {
		return nil, err
	}
	s := &Settings{Instance: instance}
	s.init([]*Source{src})
	return s, nil
}

func parseSource(path string, role Role, b []byte, owned bool) (*Source, error) {
	var v *lit.Value
	var err error
	switch {
	case role == RoleJSON:
		v, err = lit.ParseJSON(path, b)
	case owned:
		v, err = lit.ParsePHPOwned(path, b)
	default:
		v, err = lit.ParsePHP(path, b)
	}
	if err != nil {
		return nil, &InputError{Path: path, Err: err}
	}
	if v.Kind != lit.Array {
		return nil, &InputError{Path: path, Err: &lit.ParseError{Pos: v.Pos,
			Msg: fmt.Sprintf("the file returns a %s; EspoCRM settings are an array of key => value pairs", v.TypeName())}}
	}
	if role == RoleJSON {
		if v.Get("loginData") != nil {
			role = RoleSettingsAPI
		} else if isManifest(v) {
			return nil, &InputError{Path: path, Err: ErrNotSettings}
		}
	}
	return &Source{Path: path, Role: role, Root: v}, nil
}

// isManifest recognises an Entra app manifest by its shape.
func isManifest(v *lit.Value) bool {
	if v.Get("authenticationMethod") != nil {
		return false
	}
	for _, k := range []string{"appId", "replyUrlsWithType", "signInAudience", "requiredResourceAccess", "passwordCredentials"} {
		if v.Get(k) != nil {
			return true
		}
	}
	return false
}

// Ignored is a file that was loaded but that EspoCRM at the instance's
// version does not read (an override file before 8.2, state.php before 9.3).
type Ignored struct {
	Source *Source
	Reason string
}

// init records the loaded files, finds the instance's version in them and
// merges the files that version reads.
func (s *Settings) init(found []*Source) {
	s.loaded = found
	s.version = detectVersion(found)
	s.merge()
}

// merge computes the effective settings from the loaded files that EspoCRM
// reads at the instance's version, with Util::merge (merge.go). It is linear
// in the size of the files.
func (s *Settings) merge() {
	n := 0
	for _, src := range s.loaded {
		n += len(src.Root.Entries)
	}
	// sized once, and the settings in one slab: a fleet merges thousands
	s.Sources, s.Ignored, s.Values, s.Order = nil, nil, make(map[string]*Setting, n), make([]string, 0, n)
	slab := make([]Setting, 0, n)
	s.typed, s.typeIssues, s.invalid = nil, nil, nil
	v := s.version
	m := &merger{}
	for _, src := range s.loaded {
		if f := roleSince(src.Role); f != "" && !v.Assumed && !v.Version.Has(f) {
			ft := FeatureByID(f)
			s.Ignored = append(s.Ignored, Ignored{Source: src, Reason: fmt.Sprintf("EspoCRM %s does not read %s (read from %s)", v.Version, filepath.Base(src.Path), ft.Range.From)})
			continue
		}
		s.Sources = append(s.Sources, src)
		for _, e := range src.Root.Entries {
			prev := s.Values[e.Key]
			var cur *lit.Value
			if prev != nil {
				cur = prev.Value
			} else {
				s.Order = append(s.Order, e.Key)
			}
			slab = append(slab, Setting{Key: e.Key, Value: m.mergeValue(cur, prev != nil, e.Value), Source: src, KeyPos: e.KeyPos})
			s.Values[e.Key] = &slab[len(slab)-1]
		}
	}
	s.mergeOps = m.ops
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

func readFile(path string) ([]byte, error) {
	b, there, err := readIfThere(path)
	if !there {
		return nil, &InputError{Path: path, Err: errors.New(strings.TrimPrefix(err.Error(), "stat "+path+": "))}
	}
	return b, err
}

// readIfThere is readFile that also says whether there is anything at
// path: false when it cannot be stat'ed (a config file the instance does
// not have), with the stat's error, which readFile words (a folder's
// missing optional files cost no message).
func readIfThere(path string) ([]byte, bool, error) {
	b, err := read(path)
	if pe, ok := errors.AsType[*fs.PathError](err); ok && pe.Op == "stat" {
		return nil, false, err
	}
	return b, true, err
}

func read(path string) ([]byte, error) {
	b, err := safeio.ReadFile(path, MaxFileSize) // a FIFO, socket or device is refused, not waited on
	if err == nil {
		return b, nil
	}
	if pe, ok := errors.AsType[*fs.PathError](err); ok && pe.Op == "stat" {
		return nil, err // nothing there: readIfThere says so
	}
	var nr *safeio.NotRegularError
	if errors.As(err, &nr) {
		return nil, &InputError{Path: path, Err: errors.New(nr.Kind + ", not a regular file; an EspoCRM config file is a regular file")}
	}
	if _, over := errors.AsType[*safeio.TooLargeError](err); over {
		return nil, tooLarge(path)
	}
	return nil, &InputError{Path: path, Err: errors.New(strings.TrimPrefix(err.Error(), "open "+path+": "))}
}

func tooLarge(name string) error {
	return &InputError{Path: name, Err: fmt.Errorf("larger than %d MiB; an EspoCRM config file is a few kilobytes: is this the right file?", MaxFileSize>>20)}
}

// readLimited reads at most MaxFileSize bytes of r (about size of them).
func readLimited(r io.Reader, size int64, name string) ([]byte, error) {
	b, err := safeio.ReadSized(r, size, MaxFileSize, name)
	if _, over := errors.AsType[*safeio.TooLargeError](err); over {
		return nil, tooLarge(name)
	}
	if err != nil {
		return nil, &InputError{Path: name, Err: err}
	}
	return b, nil
}

func readAll(r io.Reader, name string) ([]byte, error) {
	if r == nil {
		return nil, &InputError{Path: name, Err: errors.New("no input")}
	}
	return readLimited(r, 0, name)
}

// Get returns the effective setting for key, or nil when the key is absent.
// A key set to NULL is present (with a null value) but means absent to
// EspoCRM; typed accessors treat both alike.
func (s *Settings) Get(key string) *Setting {
	if s == nil {
		return nil
	}
	return s.Values[key]
}

// HasSource reports whether a file of the given role was loaded.
func (s *Settings) HasSource(roles ...Role) bool {
	for _, src := range s.Sources {
		for _, r := range roles {
			if src.Role == r {
				return true
			}
		}
	}
	return false
}

// SecretKnown reports whether the inputs can say whether oidcClientSecret is
// set: data/config-internal.php (where EspoCRM writes it) was loaded, or the
// key appears in some input. A Settings API export never carries the secret.
func (s *Settings) SecretKnown() bool {
	if s.Get("oidcClientSecret") != nil {
		return true
	}
	return s.HasSource(RoleConfigInternal, RoleConfigInternalOverride)
}

// Location is where a finding about a key points.
type Location struct {
	File   string
	Line   int
	Column int
	Absent bool // the key is not set; File is where it belongs
}

// Locate says where to edit key: the place its effective value is written,
// or, for an absent key, the file where EspoCRM keeps it (config-internal.php
// for internal keys, config.php otherwise) at the start of its array.
func (s *Settings) Locate(key string) Location {
	if st := s.Get(key); st != nil {
		return Location{File: st.Source.Path, Line: st.KeyPos.Line, Column: st.KeyPos.Column}
	}
	want := RoleConfig
	if ki := Key(key); ki != nil && ki.Internal {
		want = RoleConfigInternal
	}
	var fallback *Source
	for _, src := range s.Sources {
		if src.Role == want {
			return Location{File: src.Path, Line: max(src.Root.Pos.Line, 1), Column: max(src.Root.Pos.Column, 1), Absent: true}
		}
		if fallback == nil && (src.Role == RoleConfig || src.Role == RolePHP || src.Role == RoleJSON || src.Role == RoleSettingsAPI) {
			fallback = src
		}
	}
	if fallback == nil && len(s.Sources) > 0 {
		fallback = s.Sources[0]
	}
	if want == RoleConfigInternal && s.DataDir != "" {
		return Location{File: filepath.Join(s.DataDir, "config-internal.php"), Line: 1, Column: 1, Absent: true}
	}
	if fallback == nil {
		return Location{File: s.Instance, Line: 1, Column: 1, Absent: true}
	}
	return Location{File: fallback.Path, Line: max(fallback.Root.Pos.Line, 1), Column: max(fallback.Root.Pos.Column, 1), Absent: true}
}

// FileFor names the EspoCRM file an edit of key belongs in, for fix texts.
func FileFor(key string) string {
	if ki := Key(key); ki != nil && ki.Internal {
		return "data/config-internal.php"
	}
	return "data/config.php"
}

// Version is the version espo-oidc judges the instance as: read from the
// inputs, given with SetVersion, or assumed (Newest).
func (s *Settings) Version() InstanceVersion {
	if s == nil {
		return InstanceVersion{Version: Newest, Assumed: true}
	}
	return s.version
}

// InheritVersion gives settings built from other settings (a portal's,
// package dbfacts) that instance's version, without merging again; nil
// from means the newest version, assumed.
func (s *Settings) InheritVersion(from *Settings) { s.version = from.Version() }

// SetVersion sets the instance's version (--espocrm-version), overriding
// what the files say, and merges the files that version reads again.
func (s *Settings) SetVersion(v Version) {
	iv := InstanceVersion{Version: v, From: "--espocrm-version", Notes: rangeNotes(v)}
	if d := s.version; !d.Assumed && d.Version != v {
		iv.Notes = append(iv.Notes, fmt.Sprintf("%s says %s; --espocrm-version %s wins", d.From, d.Version, v))
	}
	s.version = iv
	s.merge()
}
