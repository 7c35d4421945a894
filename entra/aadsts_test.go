package entra

import "testing"

func TestCode(t *testing.T) {
	for in, want := range map[string]int{
		"AADSTS7000215: Invalid client secret provided.": 7000215,
		"<html>... AADSTS50011: The redirect URI ...":    50011,
		"error AADSTS123 too short":                      0,
		"AADSTS90002 then AADSTS50011":                   90002,
		"":                                               0,
	} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		code         int
		oauth, desc  string
		token, authz Problem
	}{
		{7000215, "invalid_client", "", ProblemSecret, ProblemOther},
		{7000222, "invalid_client", "", ProblemSecretExpired, ProblemOther},
		{700016, "unauthorized_client", "", ProblemApp, ProblemApp},
		{90002, "invalid_request", "", ProblemTenant, ProblemOther},
		{50011, "invalid_request", "", ProblemRedirect, ProblemRedirect},
		{900971, "", "", ProblemRedirect, ProblemRedirect},
		{50194, "invalid_request", "", ProblemOther, ProblemOther},
		{0, "invalid_client", "", ProblemSecret, ProblemOther},
		{0, "unauthorized_client", "", ProblemApp, ProblemOther},
		{0, "invalid_grant", "Redirect URI mismatch", ProblemRedirect, ProblemOther},
		{0, "invalid_grant", "code expired", ProblemOther, ProblemOther},
	} {
		if got := Classify(c.code, c.oauth, c.desc); got != c.token {
			t.Errorf("Classify(%d, %q, %q) = %d, want %d", c.code, c.oauth, c.desc, got, c.token)
		}
		if got := AuthorizeProblem(c.code); got != c.authz {
			t.Errorf("AuthorizeProblem(%d) = %d, want %d", c.code, got, c.authz)
		}
	}
}
