package espo

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/espo-oidc/espo-oidc/lit"
	"github.com/go-playground/validator/v10"
)

// OIDC is the typed view of the settings as EspoCRM's code reads them at
// runtime: an absent or NULL key takes the code's fallback (espocrm-oidc.md
// §1.2 "Absent ⇒"), which is not always the installer default: a missing
// oidcFallback is false, a missing algorithm list rejects every token, a
// missing prompt is consent, a missing PKCE flag is off.
type OIDC struct {
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
	Key    string
	Want   KeyType
	Got    string // PHP type name of the value
	Effect string // how EspoCRM will read it
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
	r := &reader{s: s}
	o := &OIDC{
		Method:                   r.str("authenticationMethod", "Espo"),
		SiteURL:                  r.str("siteUrl", ""),
		ClientID:                 r.str("oidcClientId", ""),
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
		MaxAge:                   r.intPtr("oidcAuthorizationMaxAge"),
		JwksCachePeriod:          r.str("oidcJwksCachePeriod", "10 minutes"),
		Auth2FA:                  r.boolean("auth2FA"),
		Auth2FAForced:            r.boolean("auth2FAForced"),
		UserNameRegex:            r.str("userNameRegularExpression", ""),
	}
	o.TeamGroups, o.TeamNames = r.teams()
	o.LoggerLevel = "WARNING"
	if lg := s.Get("logger"); lg != nil {
		if e := lg.Value.Get("level"); e != nil && e.Value.Kind == lit.String {
			o.LoggerLevel = strings.ToUpper(e.Value.Str)
		}
	}
	s.typeIssues = r.issues
	s.invalid = validate(o)
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
	if strings.EqualFold(strings.TrimSpace(s.Typed().Method), "oidc") {
		return true
	}
	for _, k := range s.Order {
		if strings.HasPrefix(k, "oidc") && s.IsSet(k) {
			return true
		}
	}
	return false
}

var validate = func() func(*OIDC) []Invalid {
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
}()

// reader reads values with PHP's conversions and records type issues.
type reader struct {
	s      *Settings
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

func (r *reader) intPtr(key string) *int64 {
	v := r.value(key)
	if v == nil {
		return nil
	}
	switch v.Kind {
	case lit.Int:
		n := v.Int
		return &n
	case lit.Float:
		r.issue(key, TInt, v, "EspoCRM expects an int; the float is sent as max_age as PHP prints it")
		n := int64(v.Float)
		return &n
	case lit.String:
		if n, err := strconv.ParseInt(strings.TrimSpace(v.Str), 10, 64); err == nil {
			r.issue(key, TInt, v, fmt.Sprintf("EspoCRM expects an int; the string '%s' is sent as max_age unchanged", v.Str))
			return &n
		}
		r.issue(key, TInt, v, "EspoCRM expects an int; this string is sent as max_age and the identity provider rejects or ignores it")
		n := int64(-1)
		return &n
	}
	r.issue(key, TInt, v, "EspoCRM expects an int number of seconds")
	n := int64(-1)
	return &n
}

// teams reads oidcTeamsColumns (id → {group: "..."}) and oidcTeamsNames.
func (r *reader) teams() (map[string]string, map[string]string) {
	groups := map[string]string{}
	names := map[string]string{}
	if v := r.value("oidcTeamsColumns"); v != nil {
		if v.Kind != lit.Array {
			r.issue("oidcTeamsColumns", TObject, v, "EspoCRM expects an object mapping team IDs to {group: ...}; no team is mapped")
		} else {
			for _, e := range v.Entries {
				if g := e.Value.Get("group"); g != nil && g.Value.Kind == lit.String {
					groups[e.Key] = g.Value.Str
				}
			}
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

func phpTruthy(v *lit.Value) bool {
	switch v.Kind {
	case lit.Bool:
		return v.Bool
	case lit.Int:
		return v.Int != 0
	case lit.Float:
		return v.Float != 0
	case lit.String:
		return v.Str != "" && v.Str != "0"
	case lit.Array:
		return len(v.Entries) > 0
	}
	return false
}

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
