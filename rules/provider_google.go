package rules

// Rule set provider, Google: the key set URL and who can sign up.

import "github.com/espo-oidc/espo-oidc/provider"

const googleClientUI = "Google Cloud console → APIs & Services → Credentials → your OAuth 2.0 Client ID"

var _ = declare(Rule{ID: "EO5040", Name: "google-jwks-pem-certs", Set: SetProvider, Provider: string(provider.Google), Severity: Error,
	Summary: "the JWKS endpoint is Google's v1 certs URL, which serves PEM certificates, not a JSON Web Key Set",
	Doc: Doc{
		Why:        "https://www.googleapis.com/oauth2/v1/certs returns an object of PEM certificates keyed by key ID; it has no keys array, so EspoCRM finds no key and every login fails. Google's JSON Web Key Set is https://www.googleapis.com/oauth2/v3/certs (the jwks_uri of https://accounts.google.com/.well-known/openid-configuration).",
		FixEspo:    uiOIDC + " → JSON Web Key Set Endpoint: https://www.googleapis.com/oauth2/v3/certs.",
		Refs:       []string{"https://accounts.google.com/.well-known/openid-configuration (jwks_uri)"},
		Unverified: "The v1 certs format is general knowledge, not re-read.",
	},
	Check: checkGooglePEM})

var _ = declare(Rule{ID: "EO5041", Name: "google-create-user-any-account", Set: SetProvider, Provider: string(provider.Google), Severity: Warning, Security: true,
	Summary: "user creation is on with Google: unless the consent screen is Internal, anyone with a Google account gets an EspoCRM user",
	Doc: Doc{
		Why:        "EspoCRM cannot restrict a Google login to your Workspace domain: it sends no hd parameter and does not check the hd claim. With Create User on and an External OAuth consent screen, every Google account (gmail.com included) that signs in gets an EspoCRM user.",
		FixEspo:    uiOIDC + ": untick Create User and create the users in EspoCRM (usernames = their e-mail addresses).",
		FixIdP:     "Google Cloud console → APIs & Services → OAuth consent screen → User type: Internal (only your Workspace organisation's users can sign in).",
		Refs:       []string{"https://support.google.com/cloud/answer/10311615 (user type Internal)", "https://developers.google.com/identity/openid-connect/openid-connect (hd)"},
		Unverified: "Whether your consent screen is Internal cannot be seen from EspoCRM's settings.",
	},
	Check: checkGoogleCreateUser})

func checkGooglePEM(p *Pass) {
	if o := p.OIDC(); detection(p).Is(provider.Google) && provider.GooglePEMCerts(o.JwksEndpoint) {
		p.ReportKey("oidcJwksEndpoint", "the JWKS endpoint is https://www.googleapis.com/oauth2/v1/certs, which serves PEM certificates instead of a JSON Web Key Set: EspoCRM finds no key and every login fails",
			"set the JSON Web Key Set Endpoint to https://www.googleapis.com/oauth2/v3/certs")
	}
}

func checkGoogleCreateUser(p *Pass) {
	if detection(p).Is(provider.Google) && p.OIDC().CreateUser {
		p.ReportKey("oidcCreateUser", "user creation is on with Google: EspoCRM cannot limit sign-in to your domain, so with an External consent screen any Google account that signs in gets an EspoCRM user",
			"set the OAuth consent screen to Internal (Google Cloud console → APIs & Services → OAuth consent screen), or untick Create User")
	}
}
