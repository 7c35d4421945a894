package rules

// Rule set entra-app, theme secrets: the app's client secrets against the configured one.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/entra"
	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/lit"
)

var _ = declare(Rule{ID: "EO3007", Name: "app-no-secret", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest},
	Summary: "the app has no client secret, and EspoCRM can authenticate only with one",
	Doc: Doc{
		Why:      "EspoCRM redeems the code with client_secret_post only (no certificates, no private_key_jwt). An app without a password credential cannot accept any secret: every login ends at the token endpoint with AADSTS7000215 or AADSTS7000218.",
		FixEntra: appUISecrets + " → Client secrets → New client secret; copy its Value (shown once).",
		FixEspo:  uiOIDC + " → Client Secret: paste the Value.",
		Refs:     []string{"entra-guide.md step 4", "espocrm-oidc.md §2 step 7 (client_secret_post only)", "entra.md §5.3 (passwordCredentials)", "entra.md §6"},
	},
	Check: checkAppNoSecret})

func checkAppNoSecret(p *Pass) {
	m := p.Manifest
	if len(m.PasswordCredentials) > 0 {
		return
	}
	msg := fmt.Sprintf("%s has no client secret (passwordCredentials is empty); EspoCRM authenticates only with a client secret (client_secret_post), so every token request fails", appName(m))
	if kc := m.Root.Get("keyCredentials"); kc != nil && kc.Value.Kind == lit.Array && len(kc.Value.Entries) > 0 {
		msg += "; the app's certificates (keyCredentials) do not help, EspoCRM cannot use them"
	}
	appReport(p, m.PasswordLoc, SeverityNone, msg, appUISecrets+" → New client secret; paste its Value in "+uiOIDC+" → Client Secret")
}

var _ = declare(Rule{ID: "EO3008", Name: "app-secret-expired", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest},
	Summary: "every client secret of the app has expired, or the one EspoCRM uses has (AADSTS7000222)",
	Doc: Doc{
		Why:      "Entra refuses an expired secret at the token endpoint with AADSTS7000222 ('The provided client secret keys for app ... are expired'); EspoCRM logs 'OIDC: Bad token request.' and every OIDC login fails.",
		FixEntra: appUISecrets + " → New client secret; copy its Value.",
		FixEspo:  uiOIDC + " → Client Secret: paste the new Value; then delete the expired secret in Entra.",
		Refs:     []string{"entra.md §5.3 (endDateTime)", "entra.md §5.5", "entra.md §6 (AADSTS7000222)", "entra-guide.md step 4"},
	},
	Check: checkAppSecretExpired})

func checkAppSecretExpired(p *Pass) {
	m, now := p.Manifest, p.Now
	if len(m.PasswordCredentials) == 0 {
		return
	}
	var newest *entra.PasswordCredential
	allExpired := true
	for i := range m.PasswordCredentials {
		c := &m.PasswordCredentials[i]
		if c.End.IsZero() || c.End.After(now) {
			allExpired = false
		}
		if newest == nil || c.End.After(newest.End) {
			newest = c
		}
	}
	if allExpired {
		msg := fmt.Sprintf("every client secret of %s has expired (the newest, %s, on %s); the next login fails at the token endpoint with AADSTS7000222", appName(m), appCredName(*newest), appDate(newest.End))
		appReport(p, newest.EndLoc, SeverityNone, msg, appUISecrets+" → New client secret; paste its Value in "+uiOIDC+" → Client Secret")
		return
	}
	secret := appConfiguredSecret(p)
	if secret == "" {
		return
	}
	matches := appHintMatches(m, secret)
	if len(matches) == 0 {
		return // app-secret-hint-mismatch reports it
	}
	for _, c := range matches {
		if c.End.IsZero() || c.End.After(now) {
			return // a matching credential is still valid
		}
	}
	c := matches[0]
	appReport(p, c.EndLoc, SeverityNone, fmt.Sprintf("the client secret EspoCRM uses (%s) matches only %s, which expired on %s; logins fail with AADSTS7000222 although the app has a valid secret", espo.Fingerprint(secret), appCredName(c), appDate(c.End)),
		uiOIDC+" → Client Secret: paste the Value of a valid secret (or create a new one in "+appUISecrets+")")
}

// appHintMatches returns the credentials whose hint starts the secret.
func appHintMatches(m *entra.Manifest, secret string) []entra.PasswordCredential {
	var out []entra.PasswordCredential
	for _, c := range m.PasswordCredentials {
		if c.Hint != "" && strings.HasPrefix(secret, c.Hint) {
			out = append(out, c)
		}
	}
	return out
}

// appCredName names a credential for messages (never its hint or keyId:
// both are pieces of what could be the configured secret).
func appCredName(c entra.PasswordCredential) string {
	if c.DisplayName != "" {
		return fmt.Sprintf("%q (%s)", c.DisplayName, c.Loc.Key)
	}
	return c.Loc.Key
}

func appDate(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// appConfiguredSecret returns the configured secret when the inputs have it.
func appConfiguredSecret(p *Pass) string {
	if p.Settings == nil || !p.Settings.SecretKnown() {
		return ""
	}
	return strings.TrimSpace(p.OIDC().ClientSecret.Reveal())
}

var _ = declare(Rule{ID: "EO3009", Name: "app-secret-expiring", Set: SetEntraApp, Severity: Warning, Needs: []Need{NeedManifest},
	Summary: "the newest client secret expires soon (default window 30 days)",
	Doc: Doc{
		Why:      "When the last valid secret expires every OIDC login fails with AADSTS7000222. The guide's author renews two weeks before expiry; the window is the config file's options.secretExpiryWarningDays (default 30).",
		FixEntra: appUISecrets + " → New client secret before the old one expires.",
		FixEspo:  uiOIDC + " → Client Secret: paste the new Value, test a login, then delete the old secret in Entra.",
		Refs:     []string{"entra.md §5.5", "entra-guide.md step 4 (reminder two weeks before expiry)", "entra.md §9 (warn ~30 days before expiry)"},
	},
	Check: checkAppSecretExpiring})

func checkAppSecretExpiring(p *Pass) {
	m, now := p.Manifest, p.Now
	window := p.Options.SecretExpiryWindow
	if window <= 0 {
		window = DefaultOptions().SecretExpiryWindow
	}
	var newest *entra.PasswordCredential
	for i := range m.PasswordCredentials {
		c := &m.PasswordCredentials[i]
		if c.End.IsZero() {
			return // a secret that never expires (legacy) is never "expiring"
		}
		if c.End.After(now) && (newest == nil || c.End.After(newest.End)) {
			newest = c
		}
	}
	if newest == nil {
		return // none valid: app-no-secret or app-secret-expired
	}
	days := func(c *entra.PasswordCredential) int { return int(c.End.Sub(now).Hours() / 24) }
	if newest.End.Sub(now) <= window {
		appReport(p, newest.EndLoc, SeverityNone, fmt.Sprintf("the newest client secret of %s, %s, expires on %s (in %d days, within the %d-day window); after that every login fails with AADSTS7000222", appName(m), appCredName(*newest), appDate(newest.End), days(newest), int(window.Hours()/24)),
			appUISecrets+" → New client secret now; paste its Value in "+uiOIDC+" → Client Secret, test a login, then delete the old secret")
		return
	}
	// The newest is fine; is EspoCRM still on an older one that is about to go?
	secret := appConfiguredSecret(p)
	if secret == "" {
		return
	}
	matches := appHintMatches(m, secret)
	if len(matches) == 0 {
		return
	}
	slices.SortFunc(matches, func(a, b entra.PasswordCredential) int { return b.End.Compare(a.End) }) // newest first
	c := matches[0]
	if c.End.After(now) && c.End.Sub(now) <= window {
		appReport(p, c.EndLoc, SeverityNone, fmt.Sprintf("the client secret EspoCRM uses (%s) matches %s, which expires on %s (in %d days); a newer secret, %s, exists until %s", espo.Fingerprint(secret), appCredName(c), appDate(c.End), days(&c), appCredName(*newest), appDate(newest.End)),
			uiOIDC+" → Client Secret: paste the newer secret's Value (or create one) before the old one expires")
	}
}

var _ = declare(Rule{ID: "EO3010", Name: "app-secret-is-key-id", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest, NeedOIDC, NeedSecret},
	Summary: "the configured client secret is a credential's Secret ID (keyId), not its Value (AADSTS7000215)",
	Doc: Doc{
		Why:      "Certificates & secrets shows two columns, Value and Secret ID. The Secret ID is the credential's keyId, a GUID; Entra refuses it at the token endpoint with AADSTS7000215 ('Ensure the secret being sent in the request is the client secret value, not the client secret ID').",
		FixEntra: appUISecrets + " → New client secret (the Value of an existing one is shown only once).",
		FixEspo:  uiOIDC + " → Client Secret: paste the Value column.",
		Refs:     []string{"entra-guide.md step 4", "entra.md §5.3 (keyId = Secret ID)", "entra.md §6 (AADSTS7000215)"},
	},
	Check: checkAppSecretIsKeyID})

func checkAppSecretIsKeyID(p *Pass) {
	secret := appConfiguredSecret(p)
	if secret == "" {
		return
	}
	for _, c := range p.Manifest.PasswordCredentials {
		if c.KeyID != "" && strings.EqualFold(strings.TrimSpace(c.KeyID), secret) {
			p.ReportKey("oidcClientSecret", fmt.Sprintf("the configured client secret is the Secret ID (keyId) of %s in %s, not its Value; Entra answers AADSTS7000215 'Invalid client secret provided' at every login", appCredName(c), p.Manifest.Path),
				uiOIDC+" → Client Secret: paste the secret's Value (shown once when it was created; create a new secret in "+appUISecrets+" if nobody has it)")
			return
		}
	}
}

var _ = declare(Rule{ID: "EO3011", Name: "app-secret-hint-mismatch", Set: SetEntraApp, Severity: Error, Needs: []Need{NeedManifest, NeedOIDC, NeedSecret},
	Summary: "the configured client secret does not start with any credential's hint (wrong or rotated secret)",
	Doc: Doc{
		Why:      "Each passwordCredential has a hint: the first three characters of its value. A configured secret that starts with none of them is not a secret of this app (another app's, a rotated or deleted one, or a paste error): Entra answers AADSTS7000215 at every login.",
		FixEntra: appUISecrets + ": the Value column starts with the hint; create a new secret if no one has the Value any more.",
		FixEspo:  uiOIDC + " → Client Secret: paste the current Value.",
		Refs:     []string{"entra.md §5.3 (hint: first three characters of the password)", "entra-guide.md step 4"},
	},
	Check: checkAppSecretHint})

func checkAppSecretHint(p *Pass) {
	m := p.Manifest
	secret := appConfiguredSecret(p)
	if secret == "" {
		return
	}
	withHint := 0
	for _, c := range m.PasswordCredentials {
		if c.Hint != "" {
			withHint++
		}
		if c.KeyID != "" && strings.EqualFold(strings.TrimSpace(c.KeyID), secret) {
			return // app-secret-is-key-id reports it
		}
	}
	if withHint == 0 || len(appHintMatches(m, secret)) > 0 {
		return // legacy manifests carry no hints: nothing to compare
	}
	p.ReportKey("oidcClientSecret", fmt.Sprintf("the configured client secret %s starts with none of the hints (first three characters) of the %d client secret(s) of %s in %s: it is not a current secret of this app (another app's, a deleted or rotated one); Entra answers AADSTS7000215", espo.Fingerprint(secret), withHint, appName(m), m.Path),
		uiOIDC+" → Client Secret: paste the Value of a current secret (Certificates & secrets shows its first characters); create a new one if nobody has it")
}

var _ = declare(Rule{ID: "EO3020", Name: "app-secret-lifetime", Set: SetEntraApp, Severity: Warning, Needs: []Need{NeedManifest},
	Summary: "a client secret lives longer than allowed (default 24 months)",
	Doc: Doc{
		Why:      "Entra limits client secrets to 24 months in the admin center and recommends less than 12; a longer-lived secret (created through the Graph API) stays valid long after people who saw it have left. The limit is the config file's options.maxSecretLifetimeMonths (default 24).",
		FixEntra: appUISecrets + " → New client secret with 12 months (or 24 at most); switch EspoCRM to it, then delete the old one.",
		Refs:     []string{"entra.md §5.5"},
	},
	Check: checkAppSecretLifetime})

func checkAppSecretLifetime(p *Pass) {
	max := p.Options.MaxSecretLifetime
	if max <= 0 {
		max = DefaultOptions().MaxSecretLifetime
	}
	for _, c := range p.Manifest.PasswordCredentials {
		if c.Start.IsZero() || c.End.IsZero() || !c.End.After(p.Now) {
			continue
		}
		if life := c.End.Sub(c.Start); life > max {
			appReport(p, c.EndLoc, SeverityNone, fmt.Sprintf("client secret %s lives %d days (%s to %s), more than the %d-day limit; Entra allows at most 24 months in the admin center and recommends less than 12", appCredName(c), int(life.Hours()/24), appDate(c.Start), appDate(c.End), int(max.Hours()/24)),
				appUISecrets+" → New client secret with 12 months (24 at most); switch EspoCRM to it, then delete this one")
		}
	}
}
