// Package dbfacts holds what espo-oidc read from an EspoCRM instance's
// database (package espodb reads it): portals and their authentication
// providers, users, teams and the auth log, plus the analyses the rules and
// the logs command make of them. It is pure data: no driver, no network, so
// the rule catalog can depend on it.
package dbfacts

import (
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
)

// Driver is the database family: EspoCRM's platform Mysql (MySQL and
// MariaDB) or Postgresql (7.4+).
type Driver string

const (
	MySQL    Driver = "mysql"
	Postgres Driver = "postgres"
)

// Snapshot is what was read from one instance's database.
type Snapshot struct {
	Target        string // Target.String(): no password
	From          string
	Driver        Driver
	ServerVersion string
	ReadOnly      bool   // the server confirmed the session is read-only
	TLS           string // the TLS version of the connection ("" without TLS)

	Providers []Provider // authentication_provider rows, deleted ones too (Deleted set)
	Portals   []Portal   // portal rows that are not deleted
	Users     []User     // user rows that are not deleted, with teams and portals
	Teams     []Team     // team rows, deleted ones too (Deleted set)
	AuthLog   AuthLog

	UserNameMaxLength int // user.user_name column length (EspoCRM default 50); 0 if unknown

	Loaded  map[string]bool // which of the Parts were read
	Skipped []Skip          // parts not read, and why
	Notes   []string        // unexpected values and other facts worth saying

	Statements []string // the SELECT statements that ran, in order
}

// Parts of a snapshot, as named in Loaded and Skip.Part.
const (
	PartProviders   = "portal providers"
	PartPortals     = "portals"
	PartUsers       = "users"
	PartTeams       = "teams"
	PartTeamUsers   = "team members"
	PartPortalUsers = "portal members"
	PartAuthLog     = "auth log"
)

// Skip is a part of the snapshot that could not be read.
type Skip struct {
	Part   string
	Table  string
	Reason string
}

func (s Skip) String() string { return s.Part + " (" + s.Table + "): " + s.Reason }

// Has reports whether part was read.
func (s *Snapshot) Has(part string) bool { return s != nil && s.Loaded[part] }

// SkipReason says why part was not read ("" when it was).
func (s *Snapshot) SkipReason(part string) string {
	if s == nil {
		return "no database given"
	}
	for _, k := range s.Skipped {
		if k.Part == part {
			return k.Reason
		}
	}
	if !s.Loaded[part] {
		return "not read"
	}
	return ""
}

// Provider is an authentication_provider row (a portal's OIDC settings).
type Provider struct {
	ID, Name, Method      string
	Deleted               bool
	ClientID              string
	ClientSecret          espo.Secret // read to run the probe; never printed
	AuthorizationEndpoint string
	TokenEndpoint         string
	JwksEndpoint          string
	UserInfoEndpoint      string // 9.1+
	Algorithms            []string
	AlgorithmsRaw         *string // the stored text (NULL → nil)
	Scopes                []string
	ScopesRaw             *string
	UsernameClaim         string
	UsernameClaimNull     bool // NULL: EspoCRM fails with "No username claim in config."
	CreateUser            bool
	Sync                  bool
	LogoutURL             string
	Prompt                string          // 8.3+; "" when the column is missing or NULL
	PKCE                  bool            // 10.0+
	Has                   map[string]bool // optional columns present: oidc_user_info_endpoint, oidc_authorization_prompt, oidc_authorization_pkce
	Problems              []string        // unexpected stored values
}

// Portal is a portal row and its provider.
type Portal struct {
	ID, Name   string
	CustomID   string
	CustomURL  string
	IsActive   bool
	ProviderID string    // authentication_provider_id ("" when none)
	Provider   *Provider // nil when ProviderID is empty or names no row
}

// ProviderBroken reports a provider link to a missing or deleted record:
// EspoCRM then finds no provider and the portal falls back to the main
// settings' method.
func (p Portal) ProviderBroken() bool {
	return p.ProviderID != "" && (p.Provider == nil || p.Provider.Deleted)
}

// UsesOIDC reports whether the portal logs in with OIDC: a live provider
// whose method is Oidc.
func (p Portal) UsesOIDC() bool {
	return p.Provider != nil && !p.Provider.Deleted && p.Provider.Method == "Oidc"
}

// URL is the portal's URL as EspoCRM computes it (Repositories/Portal.php):
// custom_url as stored, else {siteUrl}/portal/ for the default portal, else
// {siteUrl}/portal/{customId or id}/.
func (p Portal) URL(siteURL, defaultPortalID string) string {
	if p.CustomURL != "" {
		return p.CustomURL
	}
	u := strings.TrimRight(siteURL, "/") + "/portal/"
	if p.ID == defaultPortalID {
		return u
	}
	if p.CustomID != "" {
		return u + p.CustomID + "/"
	}
	return u + p.ID + "/"
}

// RedirectURI is the redirect URI EspoCRM sends for the portal:
// rtrim(portal URL, '/') . '/oauth-callback.php'.
func (p Portal) RedirectURI(siteURL, defaultPortalID string) string {
	return strings.TrimRight(p.URL(siteURL, defaultPortalID), "/") + "/oauth-callback.php"
}

// User is a user row (not deleted).
type User struct {
	ID, UserName string
	Type         string // regular, admin, portal, api, system, super-admin
	IsActive     bool
	AuthMethod   string   // ApiKey/Hmac for API users
	TeamIDs      []string // from team_user (links not deleted)
	PortalIDs    []string // from portal_user
}

// Team is a team row.
type Team struct {
	ID, Name string
	Deleted  bool
}

// AuthLog is the OIDC part of auth_log_record.
type AuthLog struct {
	Rows      []AuthLogRecord // OIDC rows, newest first
	Truncated bool            // more OIDC rows exist than were read
	Total     int             // rows of any method that are not deleted
	First     time.Time       // oldest row of any method
	Last      time.Time       // newest row of any method
}

// AuthLogRecord is one auth_log_record row.
type AuthLogRecord struct {
	ID           string
	Username     string // the given user name: "**oidc" for OIDC logins
	UserID       string // the resolved user, when there was one
	UserName     string // that user's user_name, when the user exists
	PortalID     string
	IPAddress    string
	CreatedAt    time.Time // UTC
	RequestTime  time.Time // from request_time (unix seconds)
	IsDenied     bool
	DenialReason string
	RequestURL   string
	Method       string // authentication_method
	AuthTokenID  string
}

// Time is when the attempt happened: request_time, else created_at.
func (r AuthLogRecord) Time() time.Time {
	if !r.RequestTime.IsZero() {
		return r.RequestTime
	}
	return r.CreatedAt
}
