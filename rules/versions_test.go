package rules

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
)

// One instance per EspoCRM version range (testdata/versions/<version>),
// each with settings whose verdict depends on the version; the whole
// catalog runs on it and its findings must be exactly these (rule, key,
// file:line, severity, and a phrase of the message). The source lines the
// verdicts follow are in docs/espocrm-fidelity.md and in each rule's doc.
var versionFixtures = map[string][]string{
	"7.3.1": {
		// Login.php at 7.3.1 sends no client_secret (added at 7.3.2:199).
		"EO1069 oidcClientSecret config-internal.php:8 error | sends no client_secret",
		// Config.php reads the override files from 8.2.0 (:47-48).
		"EO1070 - config-override.php:2 warning | does not read config-override.php",
		"EO1025 siteUrl config.php:3 info | oauth-callback.php",
		// Login.php:155 bypasses 2FA only from 8.4.0.
		"EO1060 auth2FA config.php:7 error | users who enrolled a 2FA method",
		// No UsernameValidator before 7.4.0.
		"EO1054 oidcUsernameClaim config.php:22 warning | has no length check",
		// Oidc/Sync.php:205-229 at 7.3.0 reads the array silently: every team for everyone.
		"EO1003 oidcTeamsColumns config.php:29 error | every team in oidcTeamsIds is assigned to every user (EspoCRM 7.3.0–7.3.x)",
		// Tools/Oidc/Service.php:106 at 7.3.0 passes the raw value on.
		"EO1003 oidcAuthorizationMaxAge config.php:40 warning | sent to the identity provider as max_age",
		"EO1033 oidcAuthorizationMaxAge config.php:40 error | sent as max_age",
		"EO1068 oidcUserInfoEndpoint config.php:41 warning | from 9.1.0",
		"EO1068 oidcAuthorizationPkce config.php:42 warning | from 10.0.0",
	},
	"8.3.6": {
		"EO1025 siteUrl config.php:3 info | oauth-callback.php",
		"EO1060 auth2FA config.php:7 error | Only EspoCRM 8.4+ skips 2FA",
		// UsernameValidator.php:48.
		"EO1054 oidcUsernameClaim config.php:22 warning | exceeds max length of `50`",
		// AppService.php:156-160 needs auth2FA and auth2FAForced; before 8.4 the enrolled users' OIDC login breaks.
		"EO1061 auth2FAForced config.php:33 error | each OIDC user is made to enrol",
		// ConfigDataProvider.php:220 (7.4.0) ?int: TypeError at authorizationData.
		"EO1003 oidcAuthorizationMaxAge config.php:34 error | PHP TypeError (HTTP 500) before the identity provider is contacted (EspoCRM 7.4.0+)",
	},
	"8.4.2": {
		"EO1025 siteUrl config.php:3 info | oauth-callback.php",
		"EO1060 auth2FA config.php:7 warning | skips it for OIDC logins",
		// ConfigDataProvider.php:87 ?string and TokenValidator.php:77 loose in_array: an int client ID works.
		"EO1003 oidcClientId config.php:11 info | so logins work",
		"EO1054 oidcUsernameClaim config.php:22 warning | user sync",
		// ConfigDataProvider.php:211 ?stdClass: TypeError.
		"EO1003 oidcTeamsColumns config.php:29 error | throws a TypeError",
		// DefaultUserProvider.php:130-134: INFO line for a refused admin.
		"EO1044 oidcAllowAdminUser config.php:37 info | Oidc: User <id> found but it's admin, not allowed.",
		"EO1052 oidcGroupClaim config.php:40 warning | changes nothing",
	},
	"9.0.8": {
		"EO1025 siteUrl config.php:3 info | oauth-callback.php",
		"EO1044 oidcAllowAdminUser config.php:31 info | must use the password form",
		// UserInfoDataProvider.php appears at 9.1.0.
		"EO1068 oidcUserInfoEndpoint config.php:35 warning | EspoCRM 9.0.8 does not read it",
		// auth2FAForced without auth2FA: nothing (AppService.php:156-160).
	},
	"9.3.4": {
		// MissingDefaultParamsSaver writes 'oidcFallback' => true on the next rebuild.
		"EO1041 oidcFallback config.php:2 warning | the next rebuild",
		"EO1025 siteUrl config.php:3 info | oauth-callback.php",
		"EO1068 oidcAuthorizationPkce config.php:33 warning | from 10.0.0",
		// ConfigWriter.php:154-163 (9.3.0) keeps the version in state.php.
		"EO1071 version state.php:4 info | still says 9.2.7",
	},
	"10.0.0": {
		"EO1062 oidcAuthorizationPkce config.php:2 warning | writes EspoCRM's default 'oidcAuthorizationPkce' => true",
		"EO1025 siteUrl config.php:3 info | oauth-callback.php",
		"EO1060 auth2FA config.php:7 warning | skips it for OIDC logins",
		"EO1054 oidcUsernameClaim config.php:22 warning | user creation",
		"EO1003 oidcTeamsColumns config.php:29 error | throws a TypeError",
		"EO1044 oidcAllowAdminUser config.php:37 info | must use the password form",
		"EO1003 oidcAuthorizationMaxAge config.php:39 error | PHP TypeError",
		"EO1052 oidcGroupClaim config.php:40 warning | changes nothing",
		"EO1061 auth2FAForced config.php:41 warning | never check",
	},
}

// findingHead is "RULE key file:line severity" ("-" for no key).
func findingHead(f Finding) string {
	key := f.Key
	if key == "" {
		key = "-"
	}
	return fmt.Sprintf("%s %s %s:%d %s", f.Rule, key, filepath.Base(f.File), f.Line, f.Severity)
}

func TestVersionFixtures(t *testing.T) {
	for ver, wants := range versionFixtures {
		t.Run(ver, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "versions", ver)
			s, err := espo.Load(dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Version().Version.String(); got != ver || s.Version().Assumed {
				t.Fatalf("version %s, want %s read from the files", got, ver)
			}
			res := Run(&Input{Instance: dir, Settings: s, Options: DefaultOptions(), Now: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)}, nil)
			var got []string
			for _, f := range res.Findings {
				got = append(got, findingHead(f))
			}
			var exp []string
			for _, w := range wants {
				head, phrase, _ := strings.Cut(w, " | ")
				exp = append(exp, head)
				ok := false
				for _, f := range res.Findings {
					ok = ok || (findingHead(f) == head && strings.Contains(f.Message, phrase))
				}
				if !ok {
					t.Errorf("no finding %q with %q", head, phrase)
				}
			}
			slices.Sort(got)
			slices.Sort(exp)
			if strings.Join(got, "\n") != strings.Join(exp, "\n") {
				t.Errorf("findings:\n got: %q\nwant: %q", got, exp)
			}
		})
	}
}
