package espo

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/espo-oidc/espo-oidc/lit"
)

// Version is an EspoCRM release number. The zero value is "unknown".
type Version struct {
	Major, Minor, Patch int
}

// Versions espo-oidc knows: OIDC appeared in 7.3.0; 10.0.0 is the newest
// release whose source the verdicts were checked against.
var (
	FirstOIDC = Version{7, 3, 0}
	Newest    = Version{10, 0, 0}
)

// V builds a version from a literal such as "8.4.0"; it panics on a bad
// literal, so use it only for constants in code.
func V(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// ParseVersion reads "9.3.2", "9.3", "10" or "v8.4.0"; a pre-release or
// build suffix ("9.3.0-beta.1", "8.4.2+build") is ignored. EspoCRM's
// unbuilt placeholder '@@version' (a source checkout) is an error.
func ParseVersion(s string) (Version, error) {
	t := strings.TrimSpace(s)
	if t == "@@version" {
		return Version{}, fmt.Errorf("'@@version' is the placeholder of an EspoCRM source checkout, not a release number")
	}
	t = strings.TrimPrefix(strings.TrimPrefix(t, "v"), "V")
	if i := strings.IndexAny(t, "-+ "); i >= 0 {
		t = t[:i]
	}
	parts := strings.Split(t, ".")
	if t == "" || len(parts) > 3 {
		return Version{}, fmt.Errorf("%q is not an EspoCRM version (want e.g. 9.3.2)", s)
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil || x < 0 || x > 999 || (len(p) > 1 && p[0] == '0') {
			return Version{}, fmt.Errorf("%q is not an EspoCRM version (want e.g. 9.3.2)", s)
		}
		n[i] = x
	}
	if n[0] == 0 {
		return Version{}, fmt.Errorf("%q is not an EspoCRM version (want e.g. 9.3.2)", s)
	}
	return Version{n[0], n[1], n[2]}, nil
}

// Known reports whether v is a version (not the zero value).
func (v Version) Known() bool { return v.Major > 0 }

func (v Version) String() string {
	if !v.Known() {
		return "unknown"
	}
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

// Compare returns -1, 0 or +1.
func (v Version) Compare(o Version) int {
	for _, d := range [3]int{v.Major - o.Major, v.Minor - o.Minor, v.Patch - o.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// AtLeast reports v >= o.
func (v Version) AtLeast(o Version) bool { return v.Compare(o) >= 0 }

// Before reports v < o.
func (v Version) Before(o Version) bool { return v.Compare(o) < 0 }

// MarshalText writes the version as "9.3.2" ("" when unknown).
func (v Version) MarshalText() ([]byte, error) {
	if !v.Known() {
		return []byte{}, nil
	}
	return []byte(v.String()), nil
}

// Range is a span of EspoCRM versions: From (inclusive) up to Before
// (exclusive). A zero bound is open; the zero Range is every version.
type Range struct {
	From   Version
	Before Version
}

// Since is the range from v on.
func Since(v string) Range { return Range{From: V(v)} }

// Until is the range of the versions before v.
func Until(v string) Range { return Range{Before: V(v)} }

// Between is the range from (inclusive) to before (exclusive).
func Between(from, before string) Range { return Range{From: V(from), Before: V(before)} }

// All reports whether r is every version.
func (r Range) All() bool { return !r.From.Known() && !r.Before.Known() }

// Contains reports whether v is in r. An unknown v is in every range.
func (r Range) Contains(v Version) bool {
	if !v.Known() {
		return true
	}
	if r.From.Known() && v.Before(r.From) {
		return false
	}
	if r.Before.Known() && !v.Before(r.Before) {
		return false
	}
	return true
}

// String says the range for people: "all versions", "8.4.0+",
// "7.3.0–8.3.x", "7.3.0–7.3.1", "8.1.0–9.x".
func (r Range) String() string {
	if r.All() {
		return "all versions (7.3.0+)"
	}
	from := FirstOIDC
	if r.From.Known() {
		from = r.From
	}
	if !r.Before.Known() {
		return from.String() + "+"
	}
	return from.String() + "–" + lastBefore(r.Before)
}

// lastBefore names the last release before b as people write it.
func lastBefore(b Version) string {
	switch {
	case b.Patch > 0:
		return Version{b.Major, b.Minor, b.Patch - 1}.String()
	case b.Minor > 0:
		return fmt.Sprintf("%d.%d.x", b.Major, b.Minor-1)
	}
	return fmt.Sprintf("%d.x", b.Major-1)
}

// MarshalText writes the range as String does.
func (r Range) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// FeatureID names a behaviour of EspoCRM that depends on the version.
type FeatureID string

// Behaviours that changed between 7.3.0 and 10.0.0. Each is described, with
// the source file and line at the release tag, in Features and in
// docs/espocrm-fidelity.md.
const (
	ClientSecretSent     FeatureID = "client-secret-sent"
	PortalProviders      FeatureID = "portal-providers"
	TypedConfigGetters   FeatureID = "typed-config-getters"
	UsernameLengthCheck  FeatureID = "username-length-check"
	AdminRefusalLogged   FeatureID = "admin-refusal-logged"
	NumericJWTTimes      FeatureID = "numeric-jwt-times"
	OverrideFiles        FeatureID = "override-files"
	RefusedUserNotFound  FeatureID = "refused-user-not-found"
	PromptSetting        FeatureID = "prompt-setting"
	LogFormatter83       FeatureID = "log-formatter-8.3"
	OIDCBypasses2FA      FeatureID = "oidc-bypasses-2fa"
	UserInfoEndpoint     FeatureID = "userinfo-endpoint"
	StateFile            FeatureID = "state-file"
	PKCE                 FeatureID = "pkce"
	UserNotFoundDebugLog FeatureID = "user-not-found-debug-log"
)

// Feature is one row of the version matrix: what EspoCRM does in a range of
// versions, and where its source says so.
type Feature struct {
	ID      FeatureID
	Range   Range
	Summary string
	Source  string // repository path:line at the tag named in Tag
	Tag     string
}

// Features is the version matrix as data, in version order. Every entry was
// read in EspoCRM's source at the tags named (docs/espocrm-fidelity.md).
var Features = []Feature{
	{ClientSecretSent, Since("7.3.2"), "the token request sends client_secret, and an empty secret fails with 'No client secret.'; 7.3.0 and 7.3.1 send no secret at all",
		"application/Espo/Core/Authentication/Oidc/Login.php:101,199", "7.3.2"},
	{PortalProviders, Since("7.4.0"), "portals can log in through an Authentication Provider record",
		"application/Espo/Core/Authentication/Oidc/ConfigDataProvider.php:49", "7.4.0"},
	{TypedConfigGetters, Since("7.4.0"), "settings are read through ConfigDataProvider, whose return types convert (int client ID → string) or throw a TypeError (non-numeric oidcAuthorizationMaxAge, oidcTeamsColumns that is not an object)",
		"application/Espo/Core/Authentication/Oidc/ConfigDataProvider.php:87,206,220", "7.4.0"},
	{UsernameLengthCheck, Since("7.4.0"), "user creation and sync refuse a username claim longer than User.userName's maxLength (50)",
		"application/Espo/Core/Authentication/Oidc/UserProvider/UsernameValidator.php:48", "10.0.0"},
	{AdminRefusalLogged, Since("7.4.0"), "an admin refused over OIDC is logged at INFO: 'Oidc: User <id> found but it's admin, not allowed.'",
		"application/Espo/Core/Authentication/Oidc/UserProvider/DefaultUserProvider.php:122", "7.4.0"},
	{NumericJWTTimes, Since("8.1.0"), "exp, nbf, iat and auth_time may be numeric strings or floats (cast to int); before 8.1 anything but a JSON integer fails parsing with 'No or bad `exp`.'",
		"application/Espo/Core/Authentication/Jwt/Token/Payload.php:182-216", "8.1.0"},
	{OverrideFiles, Since("8.2.0"), "data/config-override.php and data/config-internal-override.php are read (and win over config.php and config-internal.php)",
		"application/Espo/Core/Utils/Config.php:47-48,303-304", "8.2.0"},
	{RefusedUserNotFound, Since("8.2.3"), "a found user who may not log in (inactive, admin without oidcAllowAdminUser, super-admin, wrong type) is 'not found' instead of falling through to user creation",
		"application/Espo/Core/Authentication/Oidc/UserProvider/DefaultUserProvider.php:102-134", "8.2.3"},
	{PromptSetting, Since("8.3.0"), "oidcAuthorizationPrompt is a field of the admin UI, and the next rebuild writes its default 'consent' (before 8.3 it is config-only; the code's fallback is 'consent' in every version)",
		"application/Espo/Resources/metadata/entityDefs/Settings.json:887", "8.3.0"},
	{LogFormatter83, Since("8.3.0"), "uncaught exceptions are logged at CRITICAL (RuntimeException) with the new line format; before 8.3 at ERROR",
		"application/Espo/Core/Api/ErrorOutput.php", "8.3.0"},
	{OIDCBypasses2FA, Since("8.4.0"), "an OIDC login skips EspoCRM's second step (withBypassSecondStep); before 8.4 users who enrolled in 2FA get a code prompt after OIDC",
		"application/Espo/Core/Authentication/Oidc/Login.php:155", "8.4.0"},
	{UserInfoEndpoint, Since("9.1.0"), "oidcUserInfoEndpoint is read: claims missing from the ID token are taken from the userinfo response",
		"application/Espo/Core/Authentication/Oidc/UserInfoDataProvider.php", "9.1.0"},
	{StateFile, Since("9.3.0"), "version, cacheTimestamp and other state live in data/state.php, which is read last",
		"application/Espo/Core/Utils/Config.php:49,316", "9.3.0"},
	{PKCE, Since("10.0.0"), "PKCE (S256) is sent when oidcAuthorizationPkce is true; the next rebuild writes true",
		"application/Espo/Core/Authentication/Oidc/PkceUtil.php", "10.0.0"},
	{UserNotFoundDebugLog, Since("10.0.0"), "a login with no matching user logs DEBUG 'OIDC: User not found.'",
		"application/Espo/Core/Authentication/Oidc/Login.php:160", "10.0.0"},
}

// FeatureByID returns the matrix row, or nil.
func FeatureByID(id FeatureID) *Feature {
	for i := range Features {
		if Features[i].ID == id {
			return &Features[i]
		}
	}
	return nil
}

// Has reports whether EspoCRM at version v has the behaviour. An unknown v
// is treated as Newest.
func (v Version) Has(id FeatureID) bool {
	f := FeatureByID(id)
	if f == nil {
		panic("espo: unknown feature " + string(id))
	}
	if !v.Known() {
		v = Newest
	}
	return f.Range.Contains(v)
}

// SourceURL links a path (optionally with :line or :from-to) in EspoCRM's
// repository at a release tag.
func SourceURL(tag, pathLine string) string {
	path, lines, _ := strings.Cut(pathLine, ":")
	u := "https://github.com/espocrm/espocrm/blob/" + tag + "/" + path
	if lines != "" {
		first, _, _ := strings.Cut(lines, ",")
		a, b, isRange := strings.Cut(first, "-")
		u += "#L" + a
		if isRange {
			u += "-L" + b
		}
	}
	return u
}

// InstanceVersion is the version espo-oidc judges an instance as, and
// where it came from.
type InstanceVersion struct {
	Version Version
	From    string   // the file it was read from, or "--espocrm-version"; "" when assumed
	Pos     lit.Pos  // where the 'version' key is written, when read from a file
	Assumed bool     // not known: Newest is assumed
	Notes   []string // what else the inputs said (a stale config.php version, a source checkout, ...)
}

// Describe says the version and where it came from, for every output
// format: "9.3.2 (data/state.php)", "10.0.0 (assumed: ...)".
func (iv InstanceVersion) Describe() string {
	if iv.Assumed {
		return iv.Version.String() + " (assumed: the inputs do not say the instance's version; give --espocrm-version)"
	}
	return iv.Version.String() + " (" + iv.From + ")"
}

// detectVersion reads the instance's version: data/state.php from 9.3
// (ConfigWriter moves 'version' there, ConfigWriter.php:154-163 at 9.3.0),
// else data/config.php (7.3–9.2), else any single file or JSON export that
// has a 'version' key. Without one, Newest is assumed.
func detectVersion(srcs []*Source) InstanceVersion {
	type cand struct {
		src *Source
		v   Version
	}
	var notes []string
	var state, config, other *cand
	stateSeen := false
	for _, src := range srcs {
		if src.Role == RoleState {
			stateSeen = true
		}
		e := src.Root.Get("version")
		if e == nil {
			continue
		}
		if e.Value.Kind != lit.String {
			notes = append(notes, fmt.Sprintf("%s: 'version' is a %s, not a version string; ignored", src.Path, e.Value.TypeName()))
			continue
		}
		v, err := ParseVersion(e.Value.Str)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v; ignored", src.Path, err))
			continue
		}
		c := &cand{src, v}
		switch src.Role {
		case RoleState:
			state = c
		case RoleConfig:
			config = c
		case RoleConfigInternal, RoleConfigOverride, RoleConfigInternalOverride:
			if other == nil {
				other = c
			}
		default:
			other = c
		}
	}
	pick := state
	switch {
	case state != nil && config != nil && config.v != state.v:
		notes = append(notes, fmt.Sprintf("%s still says %s; EspoCRM 9.3+ keeps the version in data/state.php, which says %s", config.src.Path, config.v, state.v))
	case state == nil && config != nil:
		pick = config
		if stateSeen && config.v.Before(V("9.3.0")) {
			notes = append(notes, fmt.Sprintf("data/state.php exists (EspoCRM 9.3+ writes it) but has no version, and %s says %s", config.src.Path, config.v))
		}
	case state == nil && config == nil:
		pick = other
	}
	if pick == nil {
		iv := InstanceVersion{Version: Newest, Assumed: true, Notes: notes}
		if stateSeen {
			iv.Notes = append(iv.Notes, "data/state.php exists, so the instance runs EspoCRM 9.3 or later")
		}
		return iv
	}
	e := pick.src.Root.Get("version")
	iv := InstanceVersion{Version: pick.v, From: pick.src.Path, Pos: e.KeyPos, Notes: notes}
	iv.Notes = append(iv.Notes, rangeNotes(pick.v)...)
	return iv
}

// rangeNotes warns about versions outside what espo-oidc was checked on.
func rangeNotes(v Version) []string {
	switch {
	case v.Before(FirstOIDC):
		return []string{fmt.Sprintf("EspoCRM %s has no OIDC login (it appeared in 7.3.0): upgrade before configuring OIDC", v)}
	case v.Compare(Newest) > 0:
		return []string{fmt.Sprintf("EspoCRM %s is newer than %s, the newest release espo-oidc was checked against; it is judged as %s", v, Newest, Newest)}
	}
	return nil
}
