package report

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/redact"
)

// The manifest and probe parts of the support report. They render what the
// loaders recorded; nothing here reads a file or the network.

type manifestView struct {
	Path, Format, AppID, DisplayName, SignInAudience, GroupClaims string
	ImplicitIDToken                                               string
	Redirects                                                     []manifestRedirect
	Secrets                                                       []manifestSecret
	IDTokenClaims                                                 []string
}

type manifestRedirect struct{ Platform, URI string }

type manifestSecret struct{ Name, KeyID, Expires, State string }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func buildManifestView(in *InstanceInput, now time.Time) *manifestView {
	m := in.Manifest
	if m == nil {
		return nil
	}
	mv := &manifestView{Path: m.Path, Format: orDash(string(m.Format)), AppID: orDash(m.AppID.Value),
		DisplayName: orDash(m.DisplayName.Value), SignInAudience: orDash(m.SignInAudience.Value),
		GroupClaims: orDash(m.GroupMembershipClaims.Value), ImplicitIDToken: "off"}
	if m.ImplicitIDToken.Set && m.ImplicitIDToken.Value {
		mv.ImplicitIDToken = "on"
	}
	for _, r := range m.RedirectURIs {
		mv.Redirects = append(mv.Redirects, manifestRedirect{Platform: string(r.Platform), URI: r.URI})
	}
	if now.IsZero() {
		now = time.Now()
	}
	for _, c := range m.PasswordCredentials {
		s := manifestSecret{Name: orDash(c.DisplayName), KeyID: orDash(c.KeyID), Expires: "—", State: "valid"}
		if !c.End.IsZero() {
			s.Expires = c.End.UTC().Format("2006-01-02")
			if !c.End.After(now) {
				s.State = "expired"
			}
		}
		mv.Secrets = append(mv.Secrets, s)
	}
	for _, c := range m.OptionalClaims {
		if c.Token == "idToken" {
			mv.IDTokenClaims = append(mv.IDTokenClaims, c.Name)
		}
	}
	return mv
}

type probeView struct {
	Started, Issuer string
	Timeline        []probeStep
	Failures        []string
	Notes           []string
	Claims          []claimRow
	Verdicts        []string
	User            string
}

type probeStep struct {
	Step, Method, URL, Status, MS, Error string
}

type claimRow struct{ Name, Value, Meaning string }

// claimGlossary explains the ID token claims a support engineer meets most
// (OpenID Connect Core §2 and §5.1; Entra's own claims: entra.md §6).
var claimGlossary = map[string]string{
	"iss":                "issuer: who issued the token; must match the issuer EspoCRM expects",
	"aud":                "audience: the client ID the token is for (oidcClientId)",
	"sub":                "subject: the user's ID at the identity provider, unique per application",
	"exp":                "expiry time (seconds since 1970)",
	"iat":                "issued-at time",
	"nbf":                "not-before time",
	"auth_time":          "when the user last signed in",
	"nonce":              "one-time value tying the token to the login request",
	"azp":                "authorized party: the client the token was issued to",
	"name":               "display name",
	"given_name":         "first name",
	"family_name":        "last name",
	"email":              "email address (not verified by Entra; never a safe username)",
	"email_verified":     "whether the email address was verified",
	"preferred_username": "the sign-in name (Entra: usually the UPN); mutable",
	"upn":                "user principal name (Entra); mutable",
	"oid":                "Entra object ID of the user: stable across applications in the tenant",
	"tid":                "Entra tenant ID the user signed in to",
	"ver":                "token version (1.0 or 2.0)",
	"groups":             "group object IDs (Entra), used for team sync",
	"roles":              "app roles assigned to the user",
	"hasgroups":          "Entra: too many groups for the token (group overage)",
	"_claim_names":       "Entra: group overage marker; the groups must be fetched from Graph",
	"_claim_sources":     "Entra: where the overage groups can be fetched",
	"at_hash":            "hash of the access token",
	"c_hash":             "hash of the authorization code",
	"idp":                "the identity provider that authenticated the user (guests)",
	"acr":                "authentication context class",
	"amr":                "authentication methods used (pwd, mfa, ...)",
	"sid":                "session ID",
	"uti":                "Entra: token identifier",
	"rh":                 "Entra: internal claim",
	"aio":                "Entra: internal claim",
}

func claimValue(name string, v any) string {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return "(unprintable)"
		}
		s = string(b)
	}
	if (redact.HiddenClaim(name) || espo.IsSecretKey(name)) && !strings.HasPrefix(s, "[redacted: ") {
		return redact.Fingerprint(s)
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

func buildProbeView(in *InstanceInput) *probeView {
	f := in.Probe
	if f == nil {
		return nil
	}
	pv := &probeView{Issuer: orDash(f.Issuer), Notes: f.Notes}
	if !f.Started.IsZero() {
		pv.Started = f.Started.UTC().Format(time.RFC3339)
	}
	for _, s := range f.Timeline {
		st := probeStep{Step: string(s.Step), Method: s.Method, URL: s.URL, Status: "—", MS: fmt.Sprint(s.MS), Error: s.Error}
		if s.Status != 0 {
			st.Status = fmt.Sprint(s.Status)
		}
		pv.Timeline = append(pv.Timeline, st)
	}
	for _, fl := range f.Failures {
		pv.Failures = append(pv.Failures, fmt.Sprintf("%s (%s): %s", fl.Step, fl.Kind, fl.Message))
	}
	for _, name := range sortedKeys(f.IDToken) {
		pv.Claims = append(pv.Claims, claimRow{Name: name, Value: claimValue(name, f.IDToken[name]), Meaning: orDash(claimGlossary[name])})
	}
	if f.Strict != nil {
		pv.Verdicts = append(pv.Verdicts, verdictLine(f.Strict.Validator, f.Strict.Accepted, f.Strict.Reasons))
	}
	if f.Espo != nil {
		pv.Verdicts = append(pv.Verdicts, verdictLine(f.Espo.Validator, f.Espo.Accepted, f.Espo.Reasons))
	}
	if f.User != nil {
		pv.User = fmt.Sprintf("claim %s → %s: %s", f.User.Claim, f.User.Outcome, f.User.Detail)
	}
	return pv
}

func verdictLine(who string, ok bool, reasons []string) string {
	if ok {
		return who + ": accepted"
	}
	s := who + ": rejected"
	for i, r := range reasons {
		if i == 0 {
			s += ": "
		} else {
			s += "; "
		}
		s += r
	}
	return s
}

type logsView struct {
	Files                       []string
	Lines, Records, OIDCRecords int64
	Summary                     []logCauseRow
	Incidents                   []logIncidentRow
	More                        int
	Notes                       []logNoteRow
	Skipped                     string
	Versions                    []string // EspoCRM log formats seen
}

type logCauseRow struct{ Cause, Code, Incidents, Attempts, First, Last, Rules string }

type logIncidentRow struct{ When, Cause, Code, Attempts, Message, Fix, At string }

type logNoteRow struct{ Title, Text string }

// maxIncidentsShown bounds the incidents listed in detail; the summary
// counts them all.
const maxIncidentsShown = 20

func logTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

func buildLogsView(r *Report) *logsView {
	a := r.Logs
	if a == nil {
		return nil
	}
	lv := &logsView{Lines: a.Lines, Records: a.Records, OIDCRecords: a.OIDCRecords, Skipped: a.Skipped.String(), Versions: a.Versions}
	for _, f := range a.Files {
		lv.Files = append(lv.Files, f.File)
	}
	for _, c := range a.Summary {
		lv.Summary = append(lv.Summary, logCauseRow{Cause: c.Cause, Code: orDash(c.Code), Incidents: fmt.Sprint(c.Incidents),
			Attempts: fmt.Sprint(c.Attempts), First: logTime(c.First), Last: logTime(c.Last), Rules: orDash(strings.Join(c.Rules, ", "))})
	}
	for i, in := range a.Incidents {
		if i == maxIncidentsShown {
			lv.More = len(a.Incidents) - i
			break
		}
		lv.Incidents = append(lv.Incidents, logIncidentRow{When: logTime(in.First) + " – " + logTime(in.Last), Cause: in.Cause,
			Code: orDash(in.Code), Attempts: fmt.Sprint(in.Attempts), Message: in.Message, Fix: in.Fix, At: in.FirstAt.String()})
	}
	lv.More += a.DroppedIncidents
	for _, n := range a.Notes {
		lv.Notes = append(lv.Notes, logNoteRow{Title: n.Title, Text: n.Text})
	}
	return lv
}
