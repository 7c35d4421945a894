package logs

// The identity provider behind the logs: given (Options.Provider, from the
// instance's settings) or inferred from what the provider answered (AADSTS
// codes are Entra's; Keycloak's, Okta's, ... own error texts in the
// Response: parts). Incidents of a provider other than Entra are explained
// in provider-neutral words, with the provider's own advice where its error
// text was recognised.

import (
	"strings"

	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/provider"
)

// providerCause recognises a provider's own error text in a token or
// userinfo response's error_description and takes the cause, meaning and
// fix from it. It reports whether one was found.
func providerCause(c *cause, desc string) bool {
	if desc == "" {
		return false
	}
	ms := provider.MatchErrors(desc, "")
	if len(ms) == 0 {
		return false
	}
	m := ms[0]
	e, ok := explain.ByID(m.Error.Key(m.Profile))
	if !ok {
		return false
	}
	c.provider, c.perr = string(m.Profile.Kind), "|"+e.ID
	c.title, c.meaning, c.fix, c.rules, c.unverified = e.Title, e.Meaning, e.Fix, e.Rules, e.Unverified
	if c.code == "" {
		c.code = c.oauthErr
	}
	return true
}

// logsProvider is the provider the analysis is about: the given one, else
// Entra when an incident carries an AADSTS code, else the provider whose
// error text an incident carried; "" when nothing says.
func logsProvider(res *Analysis, given provider.Kind) string {
	if p := provider.ByKind(given); p != nil {
		return string(p.Kind)
	}
	for _, inc := range res.Incidents {
		if strings.HasPrefix(inc.Code, "AADSTS") {
			return string(provider.Entra)
		}
	}
	for _, inc := range res.Incidents {
		if inc.Provider != "" {
			return inc.Provider
		}
	}
	return ""
}

// tailorIncidents rewrites the incidents of a provider other than Entra in
// its words: no Entra codes or screens, the algorithm advice for the
// algorithm in the message.
func tailorIncidents(res *Analysis) {
	kind := provider.Kind(res.Provider)
	if res.Provider == "" || kind == provider.Entra {
		return
	}
	for i := range res.Incidents {
		inc := &res.Incidents[i]
		if inc.Provider != "" || strings.HasPrefix(inc.Code, "AADSTS") {
			continue // the provider's own advice, or Entra's code
		}
		base, ok := explain.ByID(inc.Entry)
		if !ok {
			continue // an unrecognised message: nothing Entra in it
		}
		t := explain.Tailor(base, inc.Message, kind)
		inc.Meaning, inc.Fix, inc.Unverified = t.Meaning, t.Fix, t.Unverified
		inc.Rules = t.Rules
		if o, ok := explain.ByID(inc.Error); ok && inc.Error != "" && inc.Code == inc.Error && o.Kind == explain.KindOAuth {
			to := explain.Tailor(o, "", kind)
			inc.Meaning, inc.Fix, inc.Rules = t.Meaning+" "+to.Meaning, to.Fix, to.Rules
		}
	}
	for i := range res.Summary {
		res.Summary[i].Rules = explain.NonEntraRules(res.Summary[i].Rules)
	}
}

// signInAt names the provider in the notes ("Microsoft" for Entra).
func signInAt(res *Analysis) string {
	switch p := provider.ByKind(provider.Kind(res.Provider)); {
	case p == nil || p.Kind == provider.Generic:
		return "the identity provider"
	case p.Kind == provider.Entra:
		return "Microsoft"
	default:
		return p.Name
	}
}

// signIn is "Microsoft sign-in" for Entra, "sign-in at <provider>" otherwise.
func signIn(res *Analysis) string {
	if res.Provider == string(provider.Entra) {
		return "Microsoft sign-in"
	}
	return "sign-in at " + signInAt(res)
}

// popupErrors is what the provider shows in the login popup, which EspoCRM
// never logs.
func popupErrors(res *Analysis) string {
	if res.Provider == string(provider.Entra) {
		return "Microsoft shows in the login popup before EspoCRM gets a code " +
			"(AADSTS50011 redirect URI, AADSTS700016 client ID, AADSTS50105 user not assigned, consent AADSTS65001/90094, prompt AADSTS90023)"
	}
	return signInAt(res) + " shows in the login popup before EspoCRM gets a code " +
		"(a redirect URI that is not registered, an unknown client ID, a user without access to the application, consent, an unsupported prompt or scope)"
}
