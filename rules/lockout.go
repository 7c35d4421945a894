package rules

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
	note := absentNote(p, "oidcFallback", "false; the installer's true does not apply at runtime")
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
	Summary: "EspoCRM's own 2FA is on: it applies only to password fallback logins (and breaks OIDC before 8.4)",
	Doc: Doc{
		Why:      "Since 8.4 an OIDC login skips EspoCRM 2FA; before 8.4 it asked for a second step that re-sent the same authorization code, which Entra refuses (AADSTS54005) and the login ended in HTTP 500. MFA belongs to the identity provider; the community guide turns EspoCRM 2FA off.",
		FixEspo:  "Administration → Authentication → 2-Factor Authentication: untick, unless fallback password logins need it.",
		FixEntra: "Require MFA with Conditional Access or security defaults instead.",
		Refs:     []string{"espocrm-oidc.md §7", "entra-guide.md step 1"},
	},
	Check: check2FA})

func check2FA(p *Pass) {
	if !p.OIDC().Auth2FA {
		return
	}
	p.ReportKey("auth2FA", "EspoCRM 2FA is on: since 8.4 OIDC logins skip it (it protects only password fallback logins); before 8.4 it breaks OIDC logins (code redeemed twice, AADSTS54005, HTTP 500)",
		"Administration → Authentication → 2-Factor Authentication: untick, and require MFA at the identity provider")
}

var _ = declare(Rule{ID: "EO1061", Name: "forced-2fa-with-oidc", Set: SetCore, Severity: Warning, Needs: []Need{NeedOIDC},
	Summary: "forced 2FA makes OIDC users set up a second factor that is never asked for",
	Doc: Doc{
		Why:        "auth2FAForced still flags regular users as needing 2FA setup after an OIDC login, although OIDC logins never check it: users are pushed to enrol a factor that is never used.",
		FixEspo:    "Administration → Authentication → 2-Factor Authentication: untick Force for regular users.",
		Refs:       []string{"espocrm-oidc.md §7", "espocrm-oidc.md §15 rule 11"},
		Unverified: "The setup prompt is inferred from AppService::getAppParams, not observed.",
	},
	Check: checkForced2FA})

func checkForced2FA(p *Pass) {
	if !p.OIDC().Auth2FAForced {
		return
	}
	p.ReportKey("auth2FAForced", "2FA is forced for regular users: OIDC users are asked to set up a second factor that OIDC logins never check",
		"Administration → Authentication → 2-Factor Authentication: untick Force")
}
