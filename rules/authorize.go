package rules

// Rule set core, theme authorize: the authorization request's scopes, prompt, max_age and PKCE.

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
)

var _ = declare(Rule{ID: "EO1030", Name: "scope-duplicate", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "a scope is listed twice, or openid is listed although EspoCRM always adds it",
	Doc: Doc{
		Why:     "EspoCRM prepends openid to oidcScopes on its own; listing it sends 'openid openid ...'. Duplicates are harmless for most providers but show a config nobody reviewed.",
		FixEspo: uiOIDC + " → Scopes: remove openid and duplicates.",
		Refs:    []string{"espocrm-oidc.md §1.2 (oidcScopes)", "espocrm-oidc.md §15 rule 5"},
	},
	Check: checkScopes})

func checkScopes(p *Pass) {
	seen := map[string]bool{}
	for _, s := range p.OIDC().Scopes {
		switch {
		case s == "openid":
			p.ReportKey("oidcScopes", "oidcScopes lists openid, which EspoCRM always adds itself: the request says 'openid openid ...'", "remove openid from "+uiOIDC+" → Scopes")
		case seen[s]:
			p.ReportKey("oidcScopes", fmt.Sprintf("the scope '%s' is listed twice", s), "remove the duplicate from "+uiOIDC+" → Scopes")
		}
		seen[s] = true
	}
}

var _ = declare(Rule{ID: "EO1031", Name: "prompt-value", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "oidcAuthorizationPrompt is not one of none, consent, login, select_account",
	Doc: Doc{
		Why:     "EspoCRM sends the value as prompt= unchanged. Providers reject unknown values; Entra accepts exactly one value and answers AADSTS90023 for anything else, including two values separated by a space.",
		FixEspo: uiOIDC + " → Authorization Prompt: login or select_account for Entra.",
		Refs:    []string{"espocrm-oidc.md §1.2 (oidcAuthorizationPrompt)", "entra.md §4 (AADSTS90023)"},
	},
	Check: checkPromptValue})

func checkPromptValue(p *Pass) {
	for _, inv := range p.Settings.InvalidValues() {
		if inv.Key != "oidcAuthorizationPrompt" {
			continue
		}
		msg := fmt.Sprintf("the prompt '%s' is not none, consent, login or select_account; the provider rejects the login request", inv.Value)
		if strings.ContainsAny(strings.TrimSpace(inv.Value), " ,") {
			msg = fmt.Sprintf("the prompt '%s' has several values; Entra accepts exactly one (AADSTS90023)", inv.Value)
		}
		p.ReportKey("oidcAuthorizationPrompt", msg, uiOIDC+" → Authorization Prompt: login or select_account")
	}
}

var _ = declare(Rule{ID: "EO1032", Name: "prompt-none", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "prompt=none fails for every user without an existing session at the provider",
	Doc: Doc{
		Why:     "prompt=none forbids any sign-in page. A user without a live provider session gets login_required / interaction_required, and EspoCRM shows only 'Error'.",
		FixEspo: uiOIDC + " → Authorization Prompt: login or select_account.",
		Refs:    []string{"espocrm-oidc.md §14 (prompt)", "entra.md §4"},
	},
	Check: checkPromptNone})

func checkPromptNone(p *Pass) {
	if p.OIDC().Prompt != "none" {
		return
	}
	p.ReportKey("oidcAuthorizationPrompt", "prompt=none: every user without a live session at the identity provider gets login_required and EspoCRM shows only 'Error'",
		uiOIDC+" → Authorization Prompt: login or select_account")
}

var _ = declare(Rule{ID: "EO1033", Name: "max-age-value", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "oidcAuthorizationMaxAge is not a whole number of seconds ≥ 0",
	Doc: Doc{
		Why:     "max_age is sent as given whenever the key is not null (0 included). A negative or non-numeric value is rejected or ignored by the provider.",
		FixEspo: "The setting has no UI: edit 'oidcAuthorizationMaxAge' in data/config.php (an int, or remove the key).",
		Refs:    []string{"espocrm-oidc.md §1.2 (oidcAuthorizationMaxAge)", "espocrm-oidc.md §15 rule 7"},
	},
	Check: checkMaxAge})

func checkMaxAge(p *Pass) {
	ma := p.OIDC().MaxAge
	if ma == nil || *ma >= 0 {
		return
	}
	for _, ti := range p.Settings.TypeIssues() {
		if ti.Key == "oidcAuthorizationMaxAge" && ti.TypeError {
			return // setting-type reports the TypeError: nothing is sent at all
		}
	}
	p.ReportKey("oidcAuthorizationMaxAge", "oidcAuthorizationMaxAge is not a whole number of seconds ≥ 0; it is sent as max_age and the provider rejects or ignores it",
		"remove the key, or write an int, e.g. "+phpLine("oidcAuthorizationMaxAge", "3600"))
}

var _ = declare(Rule{ID: "EO1062", Name: "pkce-off", Set: SetCore, Severity: Warning, Security: true, Needs: []Need{NeedOIDC}, Versions: espo.Since("10.0.0"),
	Summary: "PKCE is off (a missing oidcAuthorizationPkce means off)",
	Doc: Doc{
		Why:     "PKCE (S256) binds the authorization code to the browser session that asked for it, so an intercepted code cannot be redeemed. EspoCRM 10.0 supports it and the UI defaults it on, but a config without the key (an instance upgraded to 10.0 and not rebuilt since, hand-written files) runs without until the next rebuild writes the default true. PKCE needs PHP sessions shared by all app servers. Before 10.0 PKCE does not exist, and only an upgrade adds it.",
		FixEspo: uiOIDC + " → Authorization PKCE (EspoCRM 10.0+).",
		Refs:    []string{"espocrm-oidc.md §1.2 (oidcAuthorizationPkce)", "espocrm-oidc.md §2 step 3", "espocrm-oidc.md §15 rule 13", espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Oidc/PkceUtil.php"), espo.SourceURL("10.0.0", "application/Espo/Resources/defaults/config.php:301")},
	},
	Check: checkPKCE})

func checkPKCE(p *Pass) {
	if p.OIDC().PKCE {
		return
	}
	msg := "PKCE is off: an intercepted authorization code can be redeemed by whoever has the client secret"
	if p.Settings.Get("oidcAuthorizationPkce") == nil {
		msg = "oidcAuthorizationPkce is not set, which EspoCRM reads as off (the UI's default is on): an intercepted authorization code can be redeemed by whoever has the client secret" + p.Settings.RebuildNote("oidcAuthorizationPkce")
	}
	p.ReportKey("oidcAuthorizationPkce", msg, "tick Authorization PKCE in "+uiOIDC+" (EspoCRM 10.0+; needs PHP sessions shared by all app servers)")
}
