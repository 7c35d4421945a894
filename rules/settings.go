package rules

// Rule set core, theme settings: the authentication method, setting names and types, required settings, logging.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
)

var _ = declare(Rule{ID: "EO1001", Name: "method-value", Set: SetCore, Severity: Error, Needs: []Need{NeedSettings},
	Summary: "authenticationMethod must be exactly Espo, LDAP or Oidc (case-sensitive)",
	Doc: Doc{
		Why:     "EspoCRM picks the login class by the exact method name. 'oidc' or 'OIDC' is not 'Oidc': the factory then looks for a class Espo\\Core\\Authentication\\Logins\\<Name> that does not exist and every login fails with a fatal error.",
		FixEspo: "Administration → Authentication → Method: choose OIDC and save, or write 'authenticationMethod' => 'Oidc' in data/config.php.",
		Bad:     "'authenticationMethod' => 'oidc',", Good: "'authenticationMethod' => 'Oidc',",
		Refs:       []string{"espocrm-oidc.md §1.2 (authenticationMethod)", "espocrm-oidc.md §15 rule 1"},
		Unverified: "The fatal error for an unknown method name is inferred from LoginFactory, not run.",
	},
	Check: checkMethodValue})

func checkMethodValue(p *Pass) {
	st := p.Settings.Get("authenticationMethod")
	if st == nil || !p.Settings.IsSet("authenticationMethod") {
		return
	}
	m := strings.TrimSpace(p.OIDC().Method)
	for _, ok := range espo.AuthMethods {
		if m == ok && p.OIDC().Method == ok {
			return
		}
		if strings.EqualFold(m, ok) {
			p.ReportKey("authenticationMethod", fmt.Sprintf("authenticationMethod is '%s'; EspoCRM compares it case-sensitively, so it is not '%s' and every login fails with a fatal error", p.OIDC().Method, ok),
				fmt.Sprintf("write %s in %s", phpLine("authenticationMethod", "'"+ok+"'"), espo.FileFor("authenticationMethod")))
			return
		}
	}
	p.ReportKey("authenticationMethod", fmt.Sprintf("authenticationMethod is '%s', which is not a login method (Espo, LDAP or Oidc); every login fails", p.OIDC().Method),
		"Administration → Authentication → Method: choose OIDC (or Espo to switch OIDC off)")
}

var _ = declare(Rule{ID: "EO1002", Name: "oidc-not-active", Set: SetCore, Severity: Info, Needs: []Need{NeedSettings},
	Summary: "oidc* settings are set but OIDC is not the authentication method",
	Doc: Doc{
		Why:     "The OIDC settings have values but authenticationMethod is not Oidc, so the login page shows the password form and none of these settings is used. That is fine while preparing a switch; it is a surprise if you expected single sign-on.",
		FixEspo: "Administration → Authentication → Method: OIDC, when you are ready.",
		Refs:    []string{"espocrm-oidc.md §1.2 (authenticationMethod: absent ⇒ 'Espo')"},
	},
	Check: checkOIDCNotActive})

func checkOIDCNotActive(p *Pass) {
	if p.Settings.OIDCIsMethod() || !p.Settings.OIDCConfigured() {
		return // active (or misspelled: method-value), or nothing to say
	}
	m := p.OIDC().Method
	judged := "the rules about OIDC logins were not applied (--assume-oidc judges the settings as a planned switch)"
	if p.Options.AssumeOIDC {
		judged = "the OIDC rules judged them as a planned switch (--assume-oidc)"
	}
	p.ReportKey("authenticationMethod", fmt.Sprintf("oidc* settings are filled in, but authenticationMethod is '%s': OIDC is not used and the login page shows the password form; %s", m, judged),
		"Administration → Authentication → Method: OIDC, when you are ready to switch")
}

var _ = declare(Rule{ID: "EO1003", Name: "setting-type", Set: SetCore, Severity: Error, Needs: []Need{NeedSettings},
	Summary: "a setting has a PHP type EspoCRM does not expect",
	Doc: Doc{
		Why: "Hand-edited config files often hold 'true' (a string) where EspoCRM expects true, or 'RS256' where it expects ['RS256']. PHP converts silently: the non-empty string 'false' is true, and a string where a list is expected makes in_array()/array_unshift() throw a TypeError, so the login ends in HTTP 500. " +
			"From 7.4 EspoCRM reads OIDC settings through ConfigDataProvider, whose return types PHP enforces: an int oidcClientId becomes a string and works (reported as info); a non-numeric oidcAuthorizationMaxAge (even '') throws a TypeError when the login button asks for authorizationData; an oidcTeamsColumns written as a PHP array instead of (object) [...] throws a TypeError at user creation and team sync (before 7.4 it gives every team to every user).",
		FixEspo:    "Save the setting once through " + uiOIDC + " (the UI writes the right type), or correct the literal in the config file: true/false without quotes, lists as ['a', 'b'].",
		Bad:        "'oidcFallback' => 'false',\n'oidcJwtSignatureAlgorithmList' => 'RS256',",
		Good:       "'oidcFallback' => false,\n'oidcJwtSignatureAlgorithmList' => ['RS256'],",
		Refs:       []string{"espocrm-oidc.md §1.2 (Type column)", "espocrm-oidc.md §11"},
		Unverified: "The TypeError consequences follow PHP 8's coercion rules (checked with php-cli 8.2), not a running EspoCRM.",
	},
	Check: checkSettingType})

func checkSettingType(p *Pass) {
	for _, ti := range p.Settings.TypeIssues() {
		sev := Error
		switch {
		case ti.Works:
			sev = Info // EspoCRM converts it and it works: style
		case ti.TypeError:
			sev = Error
		case ti.Want == espo.TInt || strings.Contains(ti.Effect, "non-sequential"):
			sev = Warning
		}
		effect := ti.Effect
		if !ti.Versions.All() {
			effect += fmt.Sprintf(" (EspoCRM %s)", ti.Versions)
		}
		fix := "save the setting once in " + uiOIDC + ", or write it as " + withArticle(ti.Want.String())
		if ki := espo.Key(ti.Key); ki != nil && ki.Type == espo.TBool {
			fix = "write true or false without quotes"
		} else if ki != nil && ki.Type == espo.TList {
			fix = "write a list, e.g. " + phpLine(ti.Key, "['RS256']")
			if ti.Key == "oidcScopes" {
				fix = "write a list, e.g. " + phpLine(ti.Key, "['profile', 'email']")
			}
		}
		p.ReportKeySeverity(ti.Key, sev, fmt.Sprintf("%s is %s: %s", ti.Key, withArticle(ti.Got), effect), fix)
	}
}

var _ = declare(Rule{ID: "EO1004", Name: "unknown-setting", Set: SetCore, Severity: Warning, Needs: []Need{NeedSettings},
	Summary: "an oidc* setting name EspoCRM does not know (a typo is silently ignored)",
	Doc: Doc{
		Why:     "EspoCRM reads settings by exact name. 'oidcClientID' or 'oidcScope' is never read: the real setting stays at its fallback and nothing says so.",
		FixEspo: "Rename the key to the one EspoCRM reads (the message suggests it), or remove it.",
		Refs:    []string{"espocrm-oidc.md §1.2 (key table)", "espocrm-oidc.md §13 (no key was renamed or removed)"},
	},
	Check: checkUnknownSetting})

func checkUnknownSetting(p *Pass) {
	for _, k := range p.Settings.Order {
		if espo.Key(k) != nil || espo.KnownOIDCKey(k) {
			continue
		}
		if s := espo.SuggestKey(k); s != "" {
			p.ReportKey(k, fmt.Sprintf("'%s' is not a setting EspoCRM reads; did you mean '%s'? (names are case-sensitive)", k, s),
				fmt.Sprintf("rename the key to '%s'", s))
			continue
		}
		if strings.HasPrefix(strings.ToLower(k), "oidc") {
			p.ReportKey(k, fmt.Sprintf("'%s' is not an OIDC setting of EspoCRM 7.3–10.0; EspoCRM ignores it", k),
				"remove it, or rename it to the setting you meant (espo-oidc rules lists the settings each rule reads)")
		}
	}
}

var _ = declare(Rule{ID: "EO1010", Name: "required-setting", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "a setting EspoCRM needs for every OIDC login is empty",
	Doc: Doc{
		Why:      "Without a client ID or authorization endpoint the OIDC button fails with HTTP 500 (No client ID. / No authorization endpoint.); without a token endpoint or username claim every login fails with HTTP 500 after the identity provider's sign-in. The admin UI marks these fields required, but the server does not check, so a hand-edited config gets through.",
		FixEspo:  uiOIDC + ": fill in Client ID, Authorization Endpoint, Token Endpoint and Username Claim.",
		FixEntra: "App registrations → your app → Overview: Application (client) ID; Endpoints: OAuth 2.0 authorization endpoint (v2) and token endpoint (v2).",
		Refs:     []string{"espocrm-oidc.md §1.2 (Req column, Absent ⇒)", "espocrm-oidc.md §10.1", "espocrm-oidc.md §15 rule 2"},
	},
	Check: checkRequired})

func checkRequired(p *Pass) {
	for _, r := range requiredKeys {
		if p.Settings.IsSet(r.key) {
			continue
		}
		state := "is empty"
		if p.Settings.Get(r.key) == nil {
			state = "is not set"
		}
		p.ReportKey(r.key, fmt.Sprintf("%s %s: %s%s", r.key, state, r.effect, p.Settings.RebuildNote(r.key)), fmt.Sprintf("%s → %s", uiOIDC, r.label))
	}
}

var requiredKeys = []struct{ key, label, effect string }{
	{"oidcClientId", "Client ID", "the OIDC button fails with 'No client ID.' (HTTP 500)"},
	{"oidcAuthorizationEndpoint", "Authorization Endpoint", "the OIDC button fails with 'No authorization endpoint.' (HTTP 500)"},
	{"oidcTokenEndpoint", "Token Endpoint", "every login fails after sign-in with 'No token endpoint.' (HTTP 500)"},
	{"oidcUsernameClaim", "Username Claim", "every login fails with 'No username claim in config.' (HTTP 500)"},
}

var _ = declare(Rule{ID: "EO1066", Name: "logger-level-hides-oidc", Set: SetCore, Severity: Info, Needs: []Need{NeedOIDC},
	Summary: "the log level hides why OIDC users are refused (INFO and DEBUG messages)",
	Doc: Doc{
		Why:     "At the default WARNING level EspoCRM does not log why a found user was refused (INFO: not active, admin not allowed, ...) nor 'OIDC: User not found.' (DEBUG). When diagnosing, raise the level, then set it back: DEBUG also logs token payloads.",
		FixEspo: "In data/config-internal.php set 'logger' => [..., 'level' => 'DEBUG'] while diagnosing, then back to 'WARNING'.",
		Refs:    []string{"espocrm-oidc.md §9", "espocrm-oidc.md §15 rule 14"},
	},
	Check: checkLoggerLevel})

func checkLoggerLevel(p *Pass) {
	if p.Settings.Get("logger") == nil {
		return // the logger lives in config-internal.php; not given
	}
	switch p.OIDC().LoggerLevel {
	case "DEBUG", "INFO":
		return
	}
	p.ReportKey("logger", fmt.Sprintf("the log level is %s: EspoCRM does not log why OIDC users are refused (INFO) or 'OIDC: User not found.' (DEBUG)", p.OIDC().LoggerLevel),
		"while diagnosing set 'level' => 'DEBUG' in the 'logger' array of data/config-internal.php, then set it back to 'WARNING' (DEBUG logs token payloads)")
}

// withArticle puts "a" or "an" before a type name: "an int", "a string".
func withArticle(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}
