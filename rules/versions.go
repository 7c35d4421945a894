package rules

// Rule set core, theme versions: what the instance's EspoCRM version does
// not do, or does differently (docs/espocrm-fidelity.md).

import (
	"fmt"
	"strings"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/lit"
)

var _ = declare(Rule{ID: "EO1068", Name: "setting-needs-newer-espocrm", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC}, Versions: espo.Until("10.0.0"),
	Summary: "a setting is filled in that the instance's EspoCRM version does not read (oidcUserInfoEndpoint before 9.1, oidcAuthorizationPkce before 10.0)",
	Doc: Doc{
		Why: "EspoCRM reads oidcUserInfoEndpoint from 9.1.0 (UserInfoDataProvider) and has PKCE from 10.0.0 (PkceUtil). On an older instance the value is ignored without a word: " +
			"claims the provider sends only from userinfo never reach EspoCRM, and no PKCE is sent. Only an upgrade makes the setting work.",
		FixEspo: "Upgrade EspoCRM to the version named in the finding, or remove the setting; before 9.1, make the provider put the needed claims into the ID token.",
		Refs: []string{espo.SourceURL("9.1.0", "application/Espo/Core/Authentication/Oidc/UserInfoDataProvider.php"),
			espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Oidc/PkceUtil.php")},
	},
	Check: checkSettingNeedsNewer})

func checkSettingNeedsNewer(p *Pass) {
	v := p.Version()
	for _, c := range []struct {
		key    string
		f      espo.FeatureID
		effect string
	}{
		{"oidcUserInfoEndpoint", espo.UserInfoEndpoint, "the userinfo endpoint is never called, so claims come from the ID token only"},
		{"oidcAuthorizationPkce", espo.PKCE, "no PKCE is sent"},
	} {
		if v.Has(c.f) || !p.Settings.IsSet(c.key) {
			continue
		}
		if st := p.Settings.Get(c.key); c.key == "oidcAuthorizationPkce" && st.Value.Kind == lit.Bool && !st.Value.Bool {
			continue // false: nothing is lost
		}
		from := espo.FeatureByID(c.f).Range.From
		p.ReportKey(c.key, fmt.Sprintf("%s is set, but EspoCRM %s does not read it (it does from %s): %s; only an upgrade changes that", c.key, v, from, c.effect),
			fmt.Sprintf("upgrade EspoCRM to %s or later, or remove the setting", from))
	}
}

var _ = declare(Rule{ID: "EO1069", Name: "client-secret-not-sent", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC}, Versions: espo.Until("7.3.2"),
	Summary: "EspoCRM 7.3.0 and 7.3.1 never send the client secret to the token endpoint",
	Doc: Doc{
		Why: "The token request of 7.3.0 and 7.3.1 carries no client_secret (it was added, with the 'No client secret.' check, in 7.3.2). A provider that treats EspoCRM as a confidential client, which is every provider set up as the guides say, refuses the code exchange (invalid_client, HTTP 401 at the token endpoint), so every OIDC login fails. " +
			"Only an upgrade fixes it; registering EspoCRM as a public client would weaken the setup.",
		FixEspo:  "Upgrade EspoCRM to 7.3.2 or later (any current release).",
		FixEntra: "There is no safe Entra-side fix: keep the app confidential and upgrade EspoCRM.",
		Refs: []string{espo.SourceURL("7.3.1", "application/Espo/Core/Authentication/Oidc/Login.php"),
			espo.SourceURL("7.3.2", "application/Espo/Core/Authentication/Oidc/Login.php:199")},
	},
	Check: checkSecretNotSent})

func checkSecretNotSent(p *Pass) {
	p.ReportKey("oidcClientSecret", fmt.Sprintf("EspoCRM %s sends no client_secret in the token request: a provider that requires it (invalid_client) refuses every login; only an upgrade to 7.3.2 or later fixes it", p.Version()),
		"upgrade EspoCRM to 7.3.2 or later")
}

var _ = declare(Rule{ID: "EO1070", Name: "config-file-ignored", Set: SetCore, Severity: Warning, Needs: []Need{NeedSettings}, Versions: espo.Until("9.3.0"),
	Summary: "a config file is present that the instance's EspoCRM version does not read",
	Doc: Doc{
		Why:     "data/config-override.php and data/config-internal-override.php are read from 8.2.0, data/state.php from 9.3.0. On an older instance their settings have no effect, whatever they say.",
		FixEspo: "Move the settings into data/config.php (data/config-internal.php for secrets), or upgrade EspoCRM to the version named in the finding.",
		Refs: []string{espo.SourceURL("8.2.0", "application/Espo/Core/Utils/Config.php:47-48"),
			espo.SourceURL("9.3.0", "application/Espo/Core/Utils/Config.php:49")},
	},
	Check: checkConfigFileIgnored})

func checkConfigFileIgnored(p *Pass) {
	for _, ig := range p.Settings.Ignored {
		var keys []string
		for _, e := range ig.Source.Root.Entries {
			keys = append(keys, e.Key)
		}
		what := "it is empty"
		if len(keys) > 0 {
			what = "these settings have no effect: " + strings.Join(keys, ", ")
		}
		p.Report(Finding{File: ig.Source.Path, Line: max(ig.Source.Root.Pos.Line, 1), Column: max(ig.Source.Root.Pos.Column, 1),
			Message: ig.Reason + "; " + what,
			Fix:     "move the settings into data/config.php (secrets into data/config-internal.php), or upgrade EspoCRM"})
	}
}

var _ = declare(Rule{ID: "EO1071", Name: "espocrm-version", Set: SetCore, Severity: Info, Needs: []Need{NeedSettings},
	Summary: "what the inputs say about the instance's EspoCRM version, when it is not plain",
	Doc: Doc{
		Why: "espo-oidc judges every setting for the instance's version: data/state.php from 9.3, else data/config.php, else --espocrm-version; without one it assumes the newest version it knows. " +
			"This rule says when that needed a choice: a stale version in config.php, a source checkout ('@@version'), a version older than OIDC (7.3.0) or newer than espo-oidc knows.",
		FixEspo: "Give --espocrm-version X.Y.Z when the files do not say the version (a JSON export) or say it wrongly.",
		Refs: []string{espo.SourceURL("9.3.0", "application/Espo/Core/Utils/Config/ConfigWriter.php:154-163"),
			espo.SourceURL("9.3.0", "application/Espo/Core/Utils/Config/InternalConfigHelper.php:38-45")},
	},
	Check: checkEspoVersion})

func checkEspoVersion(p *Pass) {
	iv := p.Input.Version()
	for _, n := range iv.Notes {
		f := Finding{Key: "version", Message: n, Fix: "give --espocrm-version X.Y.Z to judge the instance as another version"}
		if iv.Pos.Line > 0 {
			f.File, f.Line, f.Column = iv.Pos.File, iv.Pos.Line, iv.Pos.Column
			p.Report(f)
			continue
		}
		p.ReportAt(f)
	}
}
