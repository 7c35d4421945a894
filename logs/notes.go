package logs

import "fmt"

// loggerHowTo is how to raise EspoCRM's log level and turn it back
// (espocrm-oidc.md §9, §15.14).
const loggerHowTo = `The level is the 'level' key of the 'logger' array in data/config-internal.php.
Change only that key and keep the others:

    'logger' => [
      ...
      'level' => 'DEBUG',
      ...
    ],

INFO shows the user-provider reasons; DEBUG also shows 'OIDC: User not found.' (10.0+)
and the ID token header and payload. Reproduce the failed login, run espo-oidc logs
again, then set 'level' back to 'WARNING': DEBUG writes ID-token payloads (names,
e-mail addresses, groups) into data/logs and makes the logs grow quickly.`

// notes says what the logs cannot show.
func notes(res *Analysis) []Note {
	var out []Note
	info, debug := res.Levels["INFO"]+res.Levels["NOTICE"], res.Levels["DEBUG"]
	switch {
	case res.Records > 0 && info == 0 && debug == 0:
		out = append(out, Note{
			Title: "The logs were written at level WARNING or higher",
			Text: fmt.Sprintf("None of the %d records is INFO or DEBUG, so EspoCRM's logger.level is probably WARNING (the default). "+
				"At that level the logs cannot show why a user was refused after a successful "+signIn(res)+": "+
				"the INFO lines 'Oidc: User <id> found but it's admin, not allowed.' (also inactive, portal, super-admin), "+
				"and the DEBUG line 'OIDC: User not found.' (no EspoCRM user matches the username claim, the most common cause), "+
				"nor the ID token's claims (DEBUG 'OIDC: JWT payload'). "+
				"Without changing the level, Administration → Auth Log lists every OIDC login under the username '**oidc': "+
				"a denied one with reason CREDENTIALS found no EspoCRM user for the username claim; INACTIVE_USER, IS_PORTAL_USER, "+
				"IS_NOT_PORTAL_USER, USER_IS_NOT_IN_PORTAL, IS_SYSTEM_USER and FORBIDDEN name the other checks.\n\n", res.Records) + loggerHowTo,
			Rules: []string{"logger-level-hides-oidc"},
		})
	case res.Records > 0 && debug == 0:
		out = append(out, Note{
			Title: "The logs hold no DEBUG records",
			Text: "INFO records are present, so the user-provider reasons are logged, but DEBUG is not: " +
				"'OIDC: User not found.' (10.0+) and the ID token header and payload are not visible.\n\n" + loggerHowTo,
			Rules: []string{"logger-level-hides-oidc"},
		})
	}
	out = append(out, Note{
		Title: "Never logged, at any level",
		Text: "EspoCRM never logs (1) password logins refused because of oidcFallback or oidcAllowRegularUserFallback " +
			"(HTTP 401 only), (2) errors " + popupErrors(res) + ", " +
			"(3) a popup that does not close because Site URL differs from the URL users browse, and (4) OIDC logins that failed with HTTP 500 " +
			"are not in Administration → Auth Log. For those, paste the text of the error page into `espo-oidc explain -`.",
		Rules: []string{"redirect-uri", "regular-fallback-ineffective", "site-url-missing"},
	})
	return out
}
