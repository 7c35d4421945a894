// Package espo models an EspoCRM instance's authentication settings as the
// runtime sees them: the config files merged in EspoCRM's precedence, each
// effective value remembering the file and line it came from, and a typed view
// in which absent keys take the fallbacks of EspoCRM's code (not the
// installer's defaults). Facts: ../shared/reference/espocrm-oidc.md §1, §11.
package espo

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/redact"
)

// KeyType is the PHP type EspoCRM expects for a setting.
type KeyType int

const (
	TString KeyType = iota
	TBool
	TInt
	TList   // list of strings
	TObject // object (stdClass) or map
	TAny
)

func (t KeyType) String() string {
	return [...]string{"string", "bool", "int", "list of strings", "object", "any"}[t]
}

// KeyInfo describes one setting EspoCRM knows.
type KeyInfo struct {
	Key      string
	Type     KeyType
	Internal bool   // stored in data/config-internal.php
	Since    string // EspoCRM version that introduced it, when later than 7.3
}

// Keys are the settings espo-oidc reads (espocrm-oidc.md §1.2), in the order
// of the admin UI.
var Keys = []KeyInfo{
	{Key: "authenticationMethod", Type: TString},
	{Key: "siteUrl", Type: TString},
	{Key: "oidcClientId", Type: TString},
	{Key: "oidcClientSecret", Type: TString, Internal: true},
	{Key: "oidcAuthorizationEndpoint", Type: TString},
	{Key: "oidcTokenEndpoint", Type: TString},
	{Key: "oidcJwksEndpoint", Type: TString},
	{Key: "oidcJwtSignatureAlgorithmList", Type: TList},
	{Key: "oidcUserInfoEndpoint", Type: TString, Since: "9.1"},
	{Key: "oidcScopes", Type: TList},
	{Key: "oidcUsernameClaim", Type: TString},
	{Key: "oidcCreateUser", Type: TBool},
	{Key: "oidcSync", Type: TBool},
	{Key: "oidcTeamsIds", Type: TList},
	{Key: "oidcTeamsNames", Type: TObject},
	{Key: "oidcTeamsColumns", Type: TObject},
	{Key: "oidcGroupClaim", Type: TString},
	{Key: "oidcSyncTeams", Type: TBool},
	{Key: "oidcFallback", Type: TBool},
	{Key: "oidcAllowRegularUserFallback", Type: TBool},
	{Key: "oidcAllowAdminUser", Type: TBool},
	{Key: "oidcLogoutUrl", Type: TString},
	{Key: "oidcAuthorizationPrompt", Type: TString},
	{Key: "oidcAuthorizationPkce", Type: TBool, Since: "10.0"},
	{Key: "oidcAuthorizationMaxAge", Type: TInt},
	{Key: "oidcJwksCachePeriod", Type: TString},
	{Key: "auth2FA", Type: TBool},
	{Key: "auth2FAForced", Type: TBool},
	{Key: "auth2FAMethodList", Type: TList},
	{Key: "userNameRegularExpression", Type: TString},
	{Key: "useCache", Type: TBool},
	{Key: "logger", Type: TObject, Internal: true},
}

var keyIndex = func() map[string]*KeyInfo {
	m := map[string]*KeyInfo{}
	for i := range Keys {
		m[Keys[i].Key] = &Keys[i]
	}
	return m
}()

// Key returns what EspoCRM knows of a setting, or nil.
func Key(key string) *KeyInfo { return keyIndex[key] }

// KnownOIDCKey reports whether key is one of EspoCRM's oidc* settings. The
// admin UI's pseudo-field oidcAuthorizationRedirectUri is never stored but is
// harmless, and oidcTeams is the UI name of the teams field.
func KnownOIDCKey(key string) bool {
	if keyIndex[key] != nil {
		return true
	}
	return key == "oidcAuthorizationRedirectUri" || key == "oidcTeams"
}

// SuggestKey returns the known key that differs from key only by case, or "".
func SuggestKey(key string) string {
	for _, k := range Keys {
		if strings.EqualFold(k.Key, key) && k.Key != key {
			return k.Key
		}
	}
	return ""
}

// secretKeys are settings whose values must never appear in any output
// (espocrm-oidc.md §1.1: internal and system items).
var secretKeys = map[string]bool{
	"oidcclientsecret": true, "smtppassword": true, "ldappassword": true, "passwordsalt": true,
	"cryptkey": true, "hashsecretkey": true, "apisecretkeys": true, "database": true,
	"awss3storage": true, "internalsmtppassword": true, "password": true, "secret": true,
}

// IsSecretKey reports whether a setting (or a nested key inside one) holds a
// secret: passwords, keys, salts, tokens, database credentials.
func IsSecretKey(key string) bool {
	if ki := Key(key); ki != nil {
		return ki.Key == "oidcClientSecret" // the other login settings are public
	}
	if secretKeys[strings.ToLower(key)] {
		return true
	}
	return redact.SecretName(key) // the one policy's rule for names
}

// RebuildDefault is a default that EspoCRM writes into data/config.php when
// the key is missing: MissingDefaultParamsSaver
// (application/Espo/Core/Utils/Config/MissingDefaultParamsSaver.php:47-73 at
// 10.0.0) copies every key of application/Espo/Resources/defaults/config.php
// that Config::has() does not find, at the end of every
// DataManager::rebuild() (DataManager.php:90 at 8.0.0–10.0.0, :112 at
// 7.3.0): on upgrade, on Administration → Rebuild, and on the 10.0 console
// command config:populate. A key present with the value NULL counts as set
// (Config::has uses array_key_exists) and is not overwritten.
type RebuildDefault struct {
	Key   string
	PHP   string // the value written, as PHP
	Range Range  // the versions whose defaults/config.php has it
	Line  int    // its line in defaults/config.php at 10.0.0
}

// RebuildDefaults are the defaults of the settings espo-oidc reads.
var RebuildDefaults = []RebuildDefault{
	{"useCache", "true", Range{}, 39},
	{"authenticationMethod", "'Espo'", Range{}, 90},
	{"userNameRegularExpression", `'[^a-z0-9\-@_\.\s]'`, Range{}, 206},
	{"auth2FAMethodList", "['Totp']", Range{}, 267},
	{"oidcJwtSignatureAlgorithmList", "['RS256']", Range{}, 296},
	{"oidcUsernameClaim", "'sub'", Range{}, 297},
	{"oidcFallback", "true", Range{}, 298},
	{"oidcScopes", "['profile', 'email', 'phone']", Range{}, 299},
	{"oidcAuthorizationPrompt", "'consent'", Since("8.3.0"), 300},
	{"oidcAuthorizationPkce", "true", Since("10.0.0"), 301},
}

// PendingDefault returns the default the next rebuild writes for key: the
// key is absent from every file EspoCRM reads, and the instance's version
// has a default for it.
func (s *Settings) PendingDefault(key string) (RebuildDefault, bool) {
	if s.Get(key) != nil {
		return RebuildDefault{}, false
	}
	v := s.Version().Version
	for _, d := range RebuildDefaults {
		if d.Key == key && d.Range.Contains(v) {
			return d, true
		}
	}
	return RebuildDefault{}, false
}

// RebuildNote says, for an absent key, what the next rebuild writes, as a
// clause to append to a finding about what happens now: "; this holds until
// the next rebuild (...), which writes EspoCRM's default 'oidcFallback' =>
// true into data/config.php". It is "" when key is set or has no default.
func (s *Settings) RebuildNote(key string) string {
	d, ok := s.PendingDefault(key)
	if !ok {
		return ""
	}
	how := "Administration → Rebuild or an upgrade"
	if s.Version().Version.AtLeast(V("10.0.0")) {
		how += " or php command.php config:populate"
	}
	return fmt.Sprintf("; this holds until the next rebuild (%s), which writes EspoCRM's default '%s' => %s into data/config.php", how, d.Key, d.PHP)
}
