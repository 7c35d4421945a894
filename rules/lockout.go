package rules

import (
	"fmt"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/provider"
)

// Rule set core, theme lockout: password fallback, admins and EspoCRM's own 2FA.

var _ = declare(Rule{ID: "EO1040", Name: "admin-lockout", Set: SetCore, Severity: Error, Needs: []Need{NeedOIDC},
	Summary: "no admin can log in: password fallback is off and admins may not use OIDC",
	Doc: Doc{
		Why:     "With oidcFallback false, nobody may log in with a password; with oidcAllowAdminUser false, admins may not log in through OIDC. Together no admin can reach Administration. The UI refuses to save this pair, but a hand-edited config, or a missing key (a missing oidcFallback means false), produces it.",
		FixEspo: uiOIDC + ": tick Fallback Login, or Allow OIDC login for admin users. Recovery without UI: 'oidcFallback' => true in data/config.php (or data/config-override.php on 8.2+); on 10.0: php command.php config:set oidcFallback true --type=bool.",
		Refs:    []string{"espocrm-oidc.md §5 (Lockout)", "espocrm-oidc.md §15 rule 8"},
	},
	Check: checkAdminLockout})

func checkAdminLockout(p *Pass) {
	o := p.OIDC()
	if o.Fallback || o.AllowAdminUser {
		return
	}
	note := absentNote(p, "oidcFallback", "false")
	p.ReportKey("oidcFallback", "no admin can log in: password fallback is off and admins may not use OIDC"+note,
		"write "+phpLine("oidcFallback", "true")+" in data/config.php, or tick Allow OIDC login for admin users in "+uiOIDC)
}

var _ = declare(Rule{ID: "EO1041", Name: "super-admin-lockout", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "password fallback is off: super-admins can never log in",
	Doc: Doc{
		Why:     "EspoCRM never lets a super-admin log in through OIDC; with oidcFallback false they cannot use a password either. Regular admins still can through OIDC when allowed.",
		FixEspo: uiOIDC + " → Fallback Login, if super-admins need access.",
		Refs:    []string{"espocrm-oidc.md §5 (table: super-admin)", "espocrm-oidc.md §15 rule 8"},
	},
	Check: checkSuperAdminLockout})

func checkSuperAdminLockout(p *Pass) {
	o := p.OIDC()
	if o.Fallback || !o.AllowAdminUser {
		return // admin-lockout covers the other case
	}
	p.ReportKey("oidcFallback", "password fallback is off: super-admins can never log in (EspoCRM refuses super-admins through OIDC)"+absentNote(p, "oidcFallback", "false"),
		"tick Fallback Login in "+uiOIDC+" if super-admins need access")
}

var _ = declare(Rule{ID: "EO1042", Name: "regular-fallback-ineffective", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "password fallback for regular users is on, but fallback itself is off: it does nothing",
	Doc: Doc{
		Why:     "oidcAllowRegularUserFallback only widens oidcFallback. Without oidcFallback, regular users still cannot use passwords; the UI marks this combination invalid.",
		FixEspo: uiOIDC + ": tick Fallback Login as well, or untick Allow fallback login for regular users.",
		Refs:    []string{"espocrm-oidc.md §1.2 (oidcAllowRegularUserFallback)", "espocrm-oidc.md §5"},
	},
	Check: checkRegularFallbackIneffective})

func checkRegularFallbackIneffective(p *Pass) {
	o := p.OIDC()
	if !o.AllowRegularUserFallback || o.Fallback {
		return
	}
	p.ReportKey("oidcAllowRegularUserFallback", "fallback for regular users is on but oidcFallback is off, so it has no effect"+absentNote(p, "oidcFallback", "false"),
		"tick Fallback Login as well, or untick Allow fallback login for regular users")
}

var _ = declare(Rule{ID: "EO1043", Name: "password-fallback-bypasses-mfa", Set: SetCore, Severity: Warning, Security: true, Needs: []Need{NeedOIDC},
	Summary: "regular users may log in with an EspoCRM password, bypassing the provider's MFA and policies",
	Doc: Doc{
		Why:      "With oidcFallback and oidcAllowRegularUserFallback both on, every regular user with an EspoCRM password can skip the identity provider, and with it MFA, Conditional Access and account disabling. The community guide turns this on for convenience; decide it deliberately.",
		FixEspo:  uiOIDC + ": untick Allow fallback login for regular users (admins keep the fallback).",
		FixEntra: "If fallback stays on, remember that Conditional Access does not apply to these logins.",
		Refs:     []string{"espocrm-oidc.md §5", "entra-guide.md step 7"},
	},
	Check: checkFallbackBypassesMFA})

func checkFallbackBypassesMFA(p *Pass) {
	o := p.OIDC()
	if !o.Fallback || !o.AllowRegularUserFallback {
		return
	}
	p.ReportKey("oidcAllowRegularUserFallback", "regular users can log in with an EspoCRM password, bypassing the identity provider's MFA, Conditional Access and account disabling",
		"untick Allow fallback login for regular users in "+uiOIDC+" unless you accept that")
}

var _ = declare(Rule{ID: "EO1060", Name: "espo-2fa-with-oidc", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "EspoCRM's own 2FA is on: from 8.4 it protects only password fallback logins; before 8.4 it breaks OIDC logins of enrolled users",
	Doc: Doc{
		Why: "From 8.4.0 an OIDC login skips EspoCRM's second step (Result::withBypassSecondStep), so EspoCRM 2FA protects only password fallback logins. " +
			"Before 8.4 the second step runs after OIDC, but only for users who enrolled a 2FA method (processTwoFactor returns early for the others): they get a code prompt, and the second request re-sends the authorization code already redeemed, which providers refuse (Entra: AADSTS54005), so their login ends in HTTP 500. Users without 2FA enrolled log in normally. Only an upgrade to 8.4 fixes this for enrolled users. MFA belongs to the identity provider.",
		FixEspo:  "Administration → Authentication → 2-Factor Authentication: untick, unless fallback password logins need it; on EspoCRM before 8.4, upgrade.",
		FixEntra: "Require MFA with Conditional Access or security defaults instead.",
		Refs: []string{espo.SourceURL("8.4.0", "application/Espo/Core/Authentication/Oidc/Login.php:155"),
			espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Authentication.php:236-247"),
			espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Authentication.php:433-475")},
	},
	Check: check2FA})

func check2FA(p *Pass) {
	if !p.OIDC().Auth2FA {
		return
	}
	if p.Version().Has(espo.OIDCBypasses2FA) {
		p.ReportKey("auth2FA", fmt.Sprintf("EspoCRM 2FA is on: EspoCRM %s skips it for OIDC logins, so it protects only password fallback logins", p.Version()),
			"Administration → Authentication → 2-Factor Authentication: untick unless fallback logins need it, and require MFA at the identity provider")
		return
	}
	code := "invalid_grant"
	if d := p.Provider(); d.Is(provider.Entra) || d.Kind == provider.Unknown {
		code = "AADSTS54005"
	}
	p.ReportKeySeverity("auth2FA", Error, fmt.Sprintf("EspoCRM 2FA is on: on EspoCRM %s users who enrolled a 2FA method get a code prompt after OIDC, and the second request re-sends the already redeemed authorization code, which the provider refuses (%s), HTTP 500; users without 2FA enrolled are not affected. Only EspoCRM 8.4+ skips 2FA for OIDC logins", p.Version(), code),
		"upgrade EspoCRM to 8.4 or later; until then untick Administration → Authentication → 2-Factor Authentication and require MFA at the identity provider")
}

var _ = declare(Rule{ID: "EO1061", Name: "forced-2fa-with-oidc", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "forced 2FA (auth2FA and auth2FAForced) makes regular OIDC users set up a second factor",
	Doc: Doc{
		Why: "EspoCRM asks a regular user to set up 2FA when auth2FA and auth2FAForced are both on and the user has none (AppService: auth2FARequired); auth2FAForced alone does nothing. " +
			"From 8.4 OIDC logins never ask for the factor, so OIDC users enrol one that is never used. Before 8.4, once enrolled, their next OIDC login asks for the code and breaks (see espo-2fa-with-oidc).",
		FixEspo:    "Administration → Authentication → 2-Factor Authentication: untick Force for regular users.",
		Refs:       []string{espo.SourceURL("10.0.0", "application/Espo/Tools/App/AppService.php:156-160"), espo.SourceURL("8.4.0", "application/Espo/Core/Authentication/Oidc/Login.php:155")},
		Unverified: "Whether the front end still shows the setup prompt to OIDC users on 8.4+ was not checked.",
	},
	Check: checkForced2FA})

func checkForced2FA(p *Pass) {
	o := p.OIDC()
	if !o.Auth2FAForced || !o.Auth2FA {
		return // auth2FAForced without auth2FA has no effect (AppService.php:156-160)
	}
	if p.Version().Has(espo.OIDCBypasses2FA) {
		p.ReportKey("auth2FAForced", "2FA is forced for regular users (auth2FA and auth2FAForced): OIDC users are asked to set up a second factor that OIDC logins never check",
			"Administration → Authentication → 2-Factor Authentication: untick Force")
		return
	}
	p.ReportKeySeverity("auth2FAForced", Error, fmt.Sprintf("2FA is forced for regular users (auth2FA and auth2FAForced): on EspoCRM %s each OIDC user is made to enrol, and from then on their OIDC login asks for the code and fails (the authorization code is sent twice); only EspoCRM 8.4+ skips 2FA for OIDC logins", p.Version()),
		"untick Force (and 2FA) in Administration → Authentication → 2-Factor Authentication, or upgrade EspoCRM to 8.4 or later")
}

var _ = declare(Rule{ID: "EO1044", Name: "admin-uses-password-form", Set: SetCore, Severity: Info, Needs: []Need{NeedOIDC},
	Summary: "admins may not log in through OIDC: they must use the password form",
	Doc: Doc{
		Why: "With oidcAllowAdminUser off, EspoCRM refuses an admin found through OIDC: the login fails with HTTP 401 and, from 7.4, EspoCRM logs at INFO 'Oidc: User <id> found but it's admin, not allowed.' (invisible at the default WARNING level). With password fallback on, admins log in with their EspoCRM password instead. " +
			"Before 8.2.3 the refused admin counts as not found, so with oidcCreateUser EspoCRM tries to create a second user of the same name and fails with HTTP 500.",
		FixEspo: uiOIDC + ": tick Allow OIDC login for admin users if admins should use single sign-on; otherwise tell them to use the username/password link of the login page.",
		Refs: []string{espo.SourceURL("10.0.0", "application/Espo/Core/Authentication/Oidc/UserProvider/DefaultUserProvider.php:130-134"),
			espo.SourceURL("8.2.3", "application/Espo/Core/Authentication/Oidc/UserProvider/DefaultUserProvider.php:130-134")},
	},
	Check: checkAdminPasswordForm})

func checkAdminPasswordForm(p *Pass) {
	o := p.OIDC()
	if o.AllowAdminUser || !o.Fallback || o.Method != "Oidc" {
		return // admin-lockout covers fallback off
	}
	log := "EspoCRM logs at INFO: Oidc: User <id> found but it's admin, not allowed. (set logger.level to INFO to see it)"
	if !p.Version().Has(espo.AdminRefusalLogged) {
		log = fmt.Sprintf("EspoCRM %s logs no line for it", p.Version())
	}
	msg := "admins cannot log in through OIDC (oidcAllowAdminUser is off): they must use the password form; an admin who uses the OIDC button gets 'Failed to log in' (HTTP 401) and " + log
	if o.CreateUser && !p.Version().Has(espo.RefusedUserNotFound) {
		msg += fmt.Sprintf("; on EspoCRM %s, with oidcCreateUser on, EspoCRM instead tries to create a second user of that name and fails with HTTP 500 (fixed in 8.2.3)", p.Version())
	}
	p.ReportKey("oidcAllowAdminUser", msg, "tick Allow OIDC login for admin users in "+uiOIDC+" if admins should use single sign-on")
}
