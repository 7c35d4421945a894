package espo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/espo-oidc/espo-oidc/lit"
	"github.com/go-playground/validator/v10"
)

// OIDC is the typed view of the settings as EspoCRM's code reads them at
// runtime: an absent or NULL key takes the code's fallback (espocrm-oidc.md
// §1.2 "Absent ⇒"), which is not always the installer default: a missing
// oidcFallback is false, a missing algorithm list rejects every token, a
// missing prompt is consent, a missing PKCE flag is off.
type OIDC struct {
	Version                  Version           `validate:"-"` // the version the view is computed for (Settings.Version)
	Method                   string            `validate:"omitempty,espo_method"`
	SiteURL                  string            `validate:"omitempty,url"`
	ClientID                 string            ``
	ClientSecret             Secret            ``
	AuthorizationEndpoint    string            `validate:"omitempty,url"`
	TokenEndpoint            string            `validate:"omitempty,url"`
	JwksEndpoint             string            `validate:"omitempty,url"`
	UserInfoEndpoint         string            `validate:"omitempty,url"`
	Algorithms               []string          `validate:"dive,espo_algorithm"`
	Scopes                   []string          ``
	UsernameClaim            string            ``
	CreateUser               bool              ``
	Sync                     bool              ``
	TeamsIDs                 []string          ``
	TeamGroups               map[string]string // team ID → IdP group value (oidcTeamsColumns[id].group)
	TeamNames                map[string]string // team ID → name (oidcTeamsNames)
	GroupClaim               string            ``
	SyncTeams                bool              ``
	Fallback                 bool              ``
	AllowRegularUserFallback bool              ``
	AllowAdminUser           bool              ``
	LogoutURL                string            ``
	Prompt                   string            `validate:"espo_prompt"`
	PKCE                     bool              ``
	MaxAge                   *int64            `validate:"omitempty,min=0"`
	JwksCachePeriod          string            ``
	Auth2FA                  bool              ``
	Auth2FAForced            bool              ``
	UserNameRegex            string            ``
	LoggerLevel              string            ``
}

// Secret holds a secret value. It never prints itself: String and
// MarshalJSON give only its length and a short SHA-256 fingerprint.
type Secret struct{ value string }

func NewSecret(v string) Secret   { return Secret{value: v} }
func (s Secret) Reveal() string   { return s.value } // for the token request and comparisons only
func (s Secret) Empty() bool      { return s.value == "" }
func (s Secret) Len() int         { return len(s.value) }
func (s Secret) String() string   { return Fingerprint(s.value) }
func (s Secret) GoString() string { return s.String() }
func (s Secret) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(s.String())), nil
}

// TypeIssue is a value whose PHP type is not the one EspoCRM expects.
type TypeIssue struct {
	Key       string
	Want      KeyType
	Got       string // PHP type name of the value
	Effect    string // how EspoCRM will read it
	Works     bool   // EspoCRM converts it and it works: a matter of style
	TypeError bool   // PHP throws a TypeError where EspoCRM reads it (HTTP 500)
	Versions  Range  // the EspoCRM versions the effect holds for (zero: all)
}

// Invalid is a value that fails validation (a URL that is not one, an
// unknown prompt or algorithm), as reported by validator/v10.
type Invalid struct {
	Key   string
	Field string
	Tag   string // the failed validation: url, oneof, min
	Value string
}

// Typed computes the runtime view of the settings. It never fails: every
// problem becomes a TypeIssue or an Invalid for the rules to report.
func (s *Settings) Typed() *OIDC {
	if s.typed != nil {
		return s.typed
	}
	ver := s.Version().Version
	r := &reader{s: s, v: ver}
	o := &OIDC{
		Version:                  ver,
		Method:                   r.str("authenticationMethod", "Espo"),
		SiteURL:                  r.str("siteUrl", ""),
		ClientID:                 r.clientID(),
		ClientSecret:             NewSecret(r.str("oidcClientSecret", "")),
		AuthorizationEndpoint:    r.str("oidcAuthorizationEndpoint", ""),
		TokenEndpoint:            r.str("oidcTokenEndpoint", ""),
		JwksEndpoint:             r.str("oidcJwksEndpoint", ""),
		UserInfoEndpoint:         r.str("oidcUserInfoEndpoint", ""),
		Algorithms:               r.list("oidcJwtSignatureAlgorithmList"),
		Scopes:                   r.list("oidcScopes"),
		UsernameClaim:            r.str("oidcUsernameClaim", ""),
		CreateUser:               r.boolean("oidcCreateUser"),
		Sync:                     r.boolean("oidcSync"),
		TeamsIDs:                 r.list("oidcTeamsIds"),
		GroupClaim:               r.str("oidcGroupClaim", ""),
		SyncTeams:                r.boolean("oidcSyncTeams"),
		Fallback:                 r.boolean("oidcFallback"),
		AllowRegularUserFallback: r.boolean("oidcAllowRegularUserFallback"),
		AllowAdminUser:           r.boolean("oidcAllowAdminUser"),
		LogoutURL:                r.str("oidcLogoutUrl", ""),
		Prompt:                   r.str("oidcAuthorizationPrompt", "consent"),
		PKCE:                     r.boolean("oidcAuthorizationPkce"),
		MaxAge:                   r.maxAge(),
		JwksCachePeriod:          r.str("oidcJwksCachePeriod", "10 minutes"),
		Auth2FA:                  r.boolean("auth2FA"),
		Auth2FAForced:            r.boolean("auth2FAForced"),
		UserNameRegex:            r.str("userNameRegularExpression", ""),
	}
	o.TeamGroups, o.TeamNames = r.teams()
	if !ver.Has(UserInfoEndpoint) {
		o.UserInfoEndpoint = "" // read from 9.1.0 only
	}
	if !ver.Has(PKCE) {
		o.PKCE = false // PKCE exists from 10.0.0
	}
	o.LoggerLevel = "WARNING"
	if lg := s.Get("logger"); lg != nil {
		if e := lg.Value.Get("level"); e != nil && e.Value.Kind == lit.String {
			o.LoggerLevel = strings.ToUpper(e.Value.Str)
		}
	}
	s.typeIssues = r.issues
	s.invalid = validate()(o)
	s.typed = o
	return o
}

// TypeIssues lists the values whose type is not what EspoCRM expects.
func (s *Settings) TypeIssues() []TypeIssue { s.Typed(); return s.typeIssues }

// InvalidValues lists the values validator/v10 rejects.
func (s *Settings) InvalidValues() []Invalid { s.Typed(); return s.invalid }

// IsSet reports whether key has a non-empty value (not absent, NULL or ”).
func (s *Settings) IsSet(key string) bool {
	st := s.Get(key)
	if st == nil {
		return false
	}
	v := st.Value
	switch v.Kind {
	case lit.Null:
		return false
	case lit.String:
		return strings.TrimSpace(v.Str) != ""
	case lit.Array:
		return len(v.Entries) > 0
	}
	return true
}

// OIDCConfigured reports whether OIDC matters for this instance: it is the
// method (in any spelling), or some oidc* key has a value.
func (s *Settings) OIDCConfigured() bool {
	if s.OIDCIsMethod() {
		return true
	}
	for _, k := range s.Order {
		if strings.HasPrefix(k, "oidc") && s.IsSet(k) {
			return true
		}
	}
	return false
}

// OIDCIsMethod reports whether authenticationMethod names OIDC, in any
// letter case (a misspelled 'oidc' is meant as OIDC; method-value reports it).
func (s *Settings) OIDCIsMethod() bool {
	return strings.EqualFold(strings.TrimSpace(s.Typed().Method), "oidc")
}

// validate checks the typed view against its validator tags. The validator is
// built on first use: a command that reads no settings does not pay for it.
var validate = sync.OnceValue(func() func(*OIDC) []Invalid {
	v := validator.New(validator.WithRequiredStructEnabled())
	registerValidations(v)
	fieldKey := map[string]string{
		"Method": "authenticationMethod", "SiteURL": "siteUrl", "AuthorizationEndpoint": "oidcAuthorizationEndpoint",
		"TokenEndpoint": "oidcTokenEndpoint", "JwksEndpoint": "oidcJwksEndpoint", "UserInfoEndpoint": "oidcUserInfoEndpoint",
		"Algorithms": "oidcJwtSignatureAlgorithmList", "Prompt": "oidcAuthorizationPrompt", "MaxAge": "oidcAuthorizationMaxAge",
	}
	return func(o *OIDC) []Invalid {
		err := v.Struct(o)
		verrs, ok := err.(validator.ValidationErrors)
		if !ok {
			return nil
		}
		var out []Invalid
		for _, fe := range verrs {
			name := fe.StructField()
			if i := strings.IndexByte(name, '['); i >= 0 {
				name = name[:i]
			}
			out = append(out, Invalid{Key: fieldKey[name], Field: fe.StructField(), Tag: fe.ActualTag(), Value: fmt.Sprint(fe.Value())})
		}
		return out
	}
})

// reader reads values with PHP's conversions and records type issues.
type reader struct {
	s      *Settings
	v      Version
	issues []TypeIssue
}

func (r *reader) value(key string) *lit.Value {
	st := r.s.Get(key)
	if st == nil || st.Value.Kind == lit.Null {
		return nil
	}
	return st.Value
}

func (r *reader) issue(key string, want KeyType, v *lit.Value, effect string) {
	r.issues = append(r.issues, TypeIssue{Key: key, Want: want, Got: v.TypeName(), Effect: effect})
}

func (r *reader) add(ti TypeIssue) { r.issues = append(r.issues, ti) }

// typedGetters reports whether the instance reads settings through
// ConfigDataProvider's typed getters (7.4.0+), which convert or throw.
func (r *reader) typedGetters() bool { return r.v.Has(TypedConfigGetters) }

var typedGettersRange = FeatureByID(TypedConfigGetters).Range

// fromPHP reports whether key's effective value was written in a PHP file,
// where an array and an (object) cast differ; a JSON export cannot tell them
// apart.
func (r *reader) fromPHP(key string) bool {
	st := r.s.Get(key)
	return st != nil && st.Source.Role != RoleJSON && st.Source.Role != RoleSettingsAPI
}

// clientID reads oidcClientId as ConfigDataProvider::getClientId(): ?string
// does (ConfigDataProvider.php:87 at 7.4.0–10.0.0): an int or float becomes
// its string, and TokenValidator compares it loosely with aud
// (TokenValidator.php:77), so an int client ID works.
func (r *reader) clientID() string {
	v := r.value("oidcClientId")
	if v == nil || (v.Kind != lit.Int && v.Kind != lit.Float) {
		return r.str("oidcClientId", "")
	}
	s := phpScalarString(v)
	r.add(TypeIssue{Key: "oidcClientId", Want: TString, Got: v.TypeName(), Works: true,
		Effect: fmt.Sprintf("EspoCRM converts it to the string '%s' and compares it loosely with the token's aud, so logins work; quote it so the admin UI and other tools read it as the text it is", s)})
	return s
}

func (r *reader) str(key, absent string) string {
	v := r.value(key)
	if v == nil {
		return absent
	}
	switch v.Kind {
	case lit.String:
		return v.Str
	case lit.Int, lit.Float:
		s := phpScalarString(v)
		r.issue(key, TString, v, fmt.Sprintf("EspoCRM expects a string; PHP reads this %s as '%s' where it converts, and fails with a TypeError (HTTP 500) where the code declares a string type (inferred)", v.TypeName(), s))
		return s
	case lit.Bool:
		r.issue(key, TString, v, "EspoCRM expects a string; a bool is not a usable value here")
		if v.Bool {
			return "1"
		}
		return ""
	default:
		r.issue(key, TString, v, "EspoCRM expects a string; an array here makes the code fail with a PHP TypeError or 'Array to string conversion' (inferred)")
		return absent
	}
}

func (r *reader) boolean(key string) bool {
	v := r.value(key)
	if v == nil {
		return false
	}
	b := phpTruthy(v)
	if v.Kind != lit.Bool {
		effect := fmt.Sprintf("EspoCRM expects true or false; PHP casts this %s to %v", v.TypeName(), b)
		if v.Kind == lit.String && strings.EqualFold(strings.TrimSpace(v.Str), "false") {
			effect += " (a non-empty string such as 'false' is true in PHP)"
		}
		r.issue(key, TBool, v, effect)
	}
	return b
}

func (r *reader) list(key string) []string {
	v := r.value(key)
	if v == nil {
		return nil
	}
	if v.Kind != lit.Array || v.Object {
		if v.Kind == lit.String {
			r.issue(key, TList, v, "EspoCRM expects a list such as ['RS256']; a string makes in_array/array_unshift fail with a PHP TypeError and the login ends in HTTP 500 (inferred)")
			if strings.TrimSpace(v.Str) == "" {
				return nil
			}
			return strings.Fields(v.Str)
		}
		r.issue(key, TList, v, "EspoCRM expects a list of strings; this value is not usable and the login fails (inferred)")
		return nil
	}
	var out []string
	reported := false
	if !v.IsList() && !reported {
		r.issue(key, TList, v, "EspoCRM expects a list; this array has non-sequential keys, PHP still uses its values but json_encode and the admin UI see an object")
		reported = true
	}
	for _, e := range v.Entries {
		if e.Value.Kind == lit.String {
			out = append(out, e.Value.Str)
			continue
		}
		if !reported {
			r.issue(key, TList, v, fmt.Sprintf("EspoCRM expects a list of strings; element %s is a %s and is compared as PHP converts it", e.Key, e.Value.TypeName()))
			reported = true
		}
		if e.Value.Kind == lit.Int || e.Value.Kind == lit.Float {
			out = append(out, phpScalarString(e.Value))
		}
	}
	return out
}

// maxAge reads oidcAuthorizationMaxAge. From 7.4.0 it goes through
// ConfigDataProvider::getAuthorizationMaxAge(): ?int
// (ConfigDataProvider.php:220 at 7.4.0, :230 at 10.0.0), which PHP coerces:
// ints, floats, bools and numeric strings work; any other string (even ”)
// or an array throws a TypeError when the login button asks for
// GET /api/v1/Oidc/authorizationData (Tools/Oidc/Service.php:104), HTTP 500.
// Before 7.4 the raw value is handed to the browser as max_age.
func (r *reader) maxAge() *int64 {
	const key = "oidcAuthorizationMaxAge"
	v := r.value(key)
	if v == nil {
		return nil
	}
	typeError := func(what string) *int64 {
		if r.typedGetters() {
			r.add(TypeIssue{Key: key, Want: TInt, Got: v.TypeName(), TypeError: true, Versions: typedGettersRange,
				Effect: what + " cannot be converted to int: the login button's request GET /api/v1/Oidc/authorizationData fails with a PHP TypeError (HTTP 500) before the identity provider is contacted"})
		} else {
			r.add(TypeIssue{Key: key, Want: TInt, Got: v.TypeName(), Versions: Until("7.4.0"),
				Effect: what + " is sent to the identity provider as max_age, which rejects or ignores it"})
		}
		n := int64(-1) // unusable
		return &n
	}
	switch v.Kind {
	case lit.Int:
		n := v.Int
		return &n
	case lit.Float:
		n := int64(v.Float)
		r.add(TypeIssue{Key: key, Want: TInt, Got: v.TypeName(), Works: true, Effect: fmt.Sprintf("EspoCRM expects an int; PHP truncates this float to %d", n)})
		return &n
	case lit.Bool:
		n := int64(0)
		if v.Bool {
			n = 1
		}
		r.add(TypeIssue{Key: key, Want: TInt, Got: v.TypeName(), Effect: fmt.Sprintf("EspoCRM expects an int number of seconds; PHP reads this bool as %d", n)})
		return &n
	case lit.String:
		f, intShaped, ok := parseNumeric(v.Str)
		if !ok {
			return typeError(fmt.Sprintf("the string '%s'", v.Str))
		}
		n := int64(f)
		if intShaped {
			if x, err := strconv.ParseInt(strings.TrimSpace(v.Str), 10, 64); err == nil {
				n = x
			}
		}
		r.add(TypeIssue{Key: key, Want: TInt, Got: v.TypeName(), Works: true, Effect: fmt.Sprintf("EspoCRM expects an int; PHP converts the numeric string '%s' to %d", v.Str, n)})
		return &n
	}
	return typeError("an array")
}

// teams reads oidcTeamsColumns (id → {group: "..."}) and oidcTeamsNames
// as Sync::getTeamIdList does (UserProvider/Sync.php:151-173 at 10.0.0,
// Oidc/Sync.php:205-229 at 7.3.0). A team whose group is empty or falsy
// ("0"), or whose column entry is not an object, is assigned to every user:
// it gets the group "" here. From 7.4.0 getTeamColumns(): ?stdClass
// (ConfigDataProvider.php:206 at 7.4.0, :211 at 10.0.0) throws a TypeError
// when the whole value is a PHP array instead of an (object) cast; before
// 7.4 such a value maps every team to every user.
func (r *reader) teams() (map[string]string, map[string]string) {
	const key = "oidcTeamsColumns"
	groups := map[string]string{}
	names := map[string]string{}
	if v := r.value(key); v != nil {
		switch {
		case v.Kind != lit.Array:
			r.issue(key, TObject, v, "EspoCRM expects an object mapping team IDs to {group: ...}; no team is mapped")
		case !v.Object && r.fromPHP(key) && r.typedGetters():
			r.add(TypeIssue{Key: key, Want: TObject, Got: v.TypeName(), TypeError: true, Versions: typedGettersRange,
				Effect: "it is a PHP array, not an (object) cast: ConfigDataProvider::getTeamColumns() throws a TypeError at every user creation, and at every login when oidcSyncTeams is on (HTTP 500)"})
			r.readGroups(v, groups, false, true)
		case !v.Object && r.fromPHP(key):
			r.add(TypeIssue{Key: key, Want: TObject, Got: v.TypeName(), Versions: Until("7.4.0"),
				Effect: "it is a PHP array, not an (object) cast: EspoCRM cannot read a team's group from it, so every team in oidcTeamsIds is assigned to every user"})
			r.readGroups(v, groups, true, true)
		default:
			r.readGroups(v, groups, false, false)
		}
	}
	if v := r.value("oidcTeamsNames"); v != nil && v.Kind == lit.Array {
		for _, e := range v.Entries {
			if e.Value.Kind == lit.String {
				names[e.Key] = e.Value.Str
			}
		}
	}
	return groups, names
}

// readGroups fills id → group; everyone=true maps every team to "", quiet
// reports nothing about the entries (the whole value is already reported).
func (r *reader) readGroups(v *lit.Value, groups map[string]string, everyone, quiet bool) {
	const key = "oidcTeamsColumns"
	php := r.fromPHP(key)
	for _, e := range v.Entries {
		if everyone {
			groups[e.Key] = ""
			continue
		}
		col := e.Value
		if col.Kind == lit.Array && !col.Object && php && len(col.Entries) > 0 {
			if g := col.Get("group"); g != nil && phpTruthy(g.Value) && !quiet {
				r.add(TypeIssue{Key: key, Want: TObject, Got: col.TypeName(),
					Effect: fmt.Sprintf("the entry for team %s is a PHP array, not an (object) cast: EspoCRM reads no group from it, so the team is assigned to every user", e.Key)})
			}
			groups[e.Key] = ""
			continue
		}
		g := col.Get("group")
		if g == nil {
			continue
		}
		switch g.Value.Kind {
		case lit.String:
			if g.Value.Str == "0" {
				r.add(TypeIssue{Key: key, Want: TString, Got: "string", Effect: fmt.Sprintf("team %s has the group '0', which PHP treats as empty: the team is assigned to every user", e.Key)})
				groups[e.Key] = ""
				continue
			}
			groups[e.Key] = g.Value.Str
		case lit.Int, lit.Float:
			if !phpTruthy(g.Value) {
				groups[e.Key] = ""
				continue
			}
			groups[e.Key] = phpScalarString(g.Value) // compared loosely with the claim's strings
		}
	}
}

func phpTruthy(v *lit.Value) bool { return v.Truthy() }

func phpScalarString(v *lit.Value) string {
	switch v.Kind {
	case lit.Int:
		return strconv.FormatInt(v.Int, 10)
	case lit.Float:
		if v.Float == math.Trunc(v.Float) && math.Abs(v.Float) < 1e15 {
			return strconv.FormatFloat(v.Float, 'f', -1, 64)
		}
		return strconv.FormatFloat(v.Float, 'G', 14, 64)
	}
	return ""
}
