package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/internal/textwrap"
	"github.com/espo-oidc/espo-oidc/rules"
)

func runExplainCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// Every rule name the knowledge base refers to exists in the catalog. The
// probe rules are written in parallel: a missing probe-/app- name is logged,
// any other missing name fails.
func TestExplainRuleNamesExist(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range explain.All() {
		for _, n := range e.Rules {
			if seen[n] {
				continue
			}
			seen[n] = true
			if rules.Lookup(n) != nil {
				continue
			}
			if strings.HasPrefix(n, "probe-") || strings.HasPrefix(n, "app-") {
				t.Logf("rule %s (used by %s) is not in the catalog yet; it is reserved for the probe / entra-app rule sets", n, e.ID)
				continue
			}
			t.Errorf("rule %s (used by %s) does not exist", n, e.ID)
		}
	}
	if len(seen) < 40 {
		t.Errorf("only %d distinct rule names referenced", len(seen))
	}
}

func TestExplainAADSTS(t *testing.T) {
	for _, q := range []string{"AADSTS50011", "50011", "aadsts50011"} {
		code, out, errs := runExplainCmd(t, "", "explain", q)
		if code != 0 || errs != "" {
			t.Fatalf("explain %s: exit %d, stderr %q", q, code, errs)
		}
		for _, want := range []string{"AADSTS50011 (Microsoft Entra error code, OAuth error invalid_request)", "redirect URI not registered in Entra",
			"/oauth-callback.php", "Rules that catch it beforehand", "redirect-uri (EO1025)", "Reference"} {
			if !strings.Contains(out, want) {
				t.Errorf("explain %s: output lacks %q:\n%s", q, want, out)
			}
		}
	}
}

func TestExplainEveryCode(t *testing.T) {
	for _, c := range explain.Codes() {
		code, out, _ := runExplainCmd(t, "", "explain", strconv.Itoa(c))
		if code != 0 || !strings.HasPrefix(out, "AADSTS"+strconv.Itoa(c)+" ") {
			t.Errorf("explain %d: exit %d, %q", c, code, explainFirstLine(out))
		}
	}
}

func TestExplainMessagesAndRules(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"explain", "invalid_client"}, "client authentication failed"},
		{[]string{"explain", "OIDC: JWT signature not verified."}, "ID token signature not verified"},
		{[]string{"explain", "OIDC:", "JWT", "expired."}, "server clock"},
		{[]string{"explain", "oidc: issuer did not match the issuer returned by provider, expected \"x\" got \"y\""}, "go-oidc error"},
		{[]string{"explain", "EO1040"}, "EO1040 admin-lockout"},
		{[]string{"explain", "admin-lockout"}, "EO1040 admin-lockout"},
	}
	for _, c := range cases {
		code, out, errs := runExplainCmd(t, "", c.args...)
		if code != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %d, stderr %q, output lacks %q:\n%s", c.args, code, errs, c.want, out)
		}
	}
	// a rule prints exactly its DocText, wrapped at explain's width
	_, out, _ := runExplainCmd(t, "", "explain", "EO1040")
	if out != textwrap.Lines(rules.Lookup("EO1040").DocText(), explain.DefaultWidth) {
		t.Errorf("explain EO1040 is not the rule's DocText")
	}
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > explain.DefaultWidth {
			t.Errorf("explain EO1040: a line of %d columns: %q", len([]rune(l)), l)
		}
	}
}

func TestExplainUnknown(t *testing.T) {
	code, out, errs := runExplainCmd(t, "", "explain", "AADSTS12345")
	if code != 2 || out != "" || !strings.Contains(errs, "https://login.microsoftonline.com/error?code=12345") {
		t.Errorf("exit %d stdout %q stderr %q", code, out, errs)
	}
	code, _, errs = runExplainCmd(t, "", "explain", "client_secret=hunter2hunter2 what is this")
	if code != 2 || strings.Contains(errs, "hunter2") || !strings.Contains(errs, "rule ID or name") {
		t.Errorf("exit %d stderr %q", code, errs)
	}
	if code, _, _ := runExplainCmd(t, "", "explain"); code != 2 {
		t.Errorf("explain without argument: exit %d", code)
	}
	if code, _, errs := runExplainCmd(t, "", "explain", "50011", "--format", "xml"); code != 2 || !strings.Contains(errs, "--format") {
		t.Errorf("bad format: exit %d %q", code, errs)
	}
}

func TestExplainStdin(t *testing.T) {
	page := `Sign in
Sorry, but we're having trouble signing you in.
AADSTS700016: Application with identifier '1111' was not found in the directory 'Contoso'.
Request Id: 1c0a... Correlation Id: 2d1b...
Later the EspoCRM log said: OIDC: JWT nonce mismatch. and the popup showed login_required
token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl`
	code, out, errs := runExplainCmd(t, page, "explain", "-")
	if code != 0 {
		t.Fatalf("exit %d %s", code, errs)
	}
	for _, want := range []string{"Found 3 known code(s)", "AADSTS700016", "OIDC: JWT nonce mismatch.", "login_required"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "eyJhbGci") {
		t.Error("a JWT from the input was printed")
	}
	code, out, _ = runExplainCmd(t, page, "explain", "-", "--format", "json")
	var js struct {
		Matches []explain.Match `json:"matches"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || len(js.Matches) != 3 || js.Matches[0].Entry.ID != "AADSTS700016" {
		t.Errorf("json: exit %d %s", code, out)
	}
	// nothing known, empty, binary
	for _, in := range []string{"hello, nothing to see", "", "\x00\x01\xff\xfe"} {
		if code, _, errs := runExplainCmd(t, in, "explain", "-"); code != 2 || errs == "" {
			t.Errorf("stdin %q: exit %d", in, code)
		}
	}
}

func TestExplainJSON(t *testing.T) {
	code, out, _ := runExplainCmd(t, "", "explain", "7000215", "--format", "json")
	var js struct {
		Entries []explain.Entry `json:"entries"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || len(js.Entries) != 1 || js.Entries[0].Error != "invalid_client" {
		t.Errorf("exit %d %s", code, out)
	}
	code, out, _ = runExplainCmd(t, "", "explain", "EO1040", "--format", "json")
	if code != 0 || !strings.Contains(out, `"name": "admin-lockout"`) {
		t.Errorf("rule json: exit %d %s", code, out)
	}
}

func explainFirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func TestExplainStdinUnknownCodes(t *testing.T) {
	code, out, _ := runExplainCmd(t, "AADSTS50011 then AADSTS12345", "explain", "-")
	if code != 0 || !strings.Contains(out, "Not in espo-oidc's catalogue: AADSTS12345 (https://login.microsoftonline.com/error?code=12345)") {
		t.Errorf("exit %d\n%s", code, out)
	}
	code, _, errs := runExplainCmd(t, "only AADSTS12345 here", "explain", "-")
	if code != 2 || !strings.Contains(errs, "error?code=12345") {
		t.Errorf("exit %d %q", code, errs)
	}
	code, out, _ = runExplainCmd(t, "", "explain", "JWT signature not verified")
	if code != 0 || !strings.Contains(out, "ID token signature not verified") {
		t.Errorf("without prefix: exit %d %s", code, out)
	}
}
