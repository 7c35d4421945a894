package rules

import (
	"slices"
	"strings"
	"testing"
)

// A config whose method is Espo but whose oidc* settings are filled in (and
// lock admins out, were OIDC on) gets the one finding that says OIDC is not
// in use, not the OIDC login rules; --assume-oidc (Options.AssumeOIDC)
// judges the same settings as a planned switch. (Issue: six errors,
// including "no admin can log in", beside "OIDC is not in use".)
func TestOIDCRulesOnlyWhenOIDCIsTheMethod(t *testing.T) {
	spec := instanceSpec{edits: []string{"authenticationMethod='Espo'", "oidcFallback=false", "oidcAllowAdminUser=false", "oidcUsernameClaim='sub'"}}
	names := func(opts *Options) []string {
		spec.options = opts
		b := build(t, spec)
		var out []string
		for _, f := range findingsOf(t, b.in, baseSecret, func(*Rule) bool { return true }) {
			out = append(out, f.Name)
		}
		return out
	}
	got := names(nil)
	if !slices.Equal(got, []string{"oidc-not-active"}) {
		t.Errorf("method Espo: findings %v, want only oidc-not-active", got)
	}
	b := build(t, instanceSpec{edits: spec.edits})
	res := Run(b.in, nil)
	skipped := false
	for _, sk := range res.Skipped {
		if sk.Name == "admin-lockout" {
			skipped = sk.NotApplicable && strings.Contains(sk.Reason, "authenticationMethod is 'Espo'") && strings.Contains(sk.Reason, "--assume-oidc")
		}
	}
	if !skipped {
		t.Errorf("admin-lockout is not reported as not applicable, with the way to judge it: %+v", res.Skipped)
	}
	for _, f := range res.Findings {
		if f.Name == "oidc-not-active" && !strings.Contains(f.Message, "--assume-oidc") {
			t.Errorf("oidc-not-active does not say how to judge the planned switch: %s", f.Message)
		}
	}

	opts := DefaultOptions()
	opts.AssumeOIDC = true
	got = names(&opts)
	for _, want := range []string{"oidc-not-active", "admin-lockout", "entra-username-sub"} {
		if !slices.Contains(got, want) {
			t.Errorf("--assume-oidc: %s missing from %v", want, got)
		}
	}

	// A method spelled 'oidc' is meant as OIDC: the rules run (and
	// method-value reports the spelling).
	spec.edits = []string{"authenticationMethod='oidc'", "oidcFallback=false", "oidcAllowAdminUser=false"}
	got = names(nil)
	if !slices.Contains(got, "method-value") || !slices.Contains(got, "admin-lockout") {
		t.Errorf("method 'oidc': %v", got)
	}
}
