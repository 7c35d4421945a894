package espo

import (
	"strings"
	"testing"
)

// The settings validation takes its allowed values from AuthMethods,
// SignatureAlgorithms and AuthorizationPrompts, and reports them as oneof.
func TestValidationUsesDeclaredValues(t *testing.T) {
	s, err := FromBytes("espo.json", []byte(`{"authenticationMethod": "oidc", "oidcJwtSignatureAlgorithmList": ["RS256", "PS256", "HS512"], "oidcAuthorizationPrompt": "login consent"}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, inv := range s.InvalidValues() {
		got = append(got, inv.Key+"="+inv.Value+" "+inv.Tag)
	}
	want := "authenticationMethod=oidc oneof|oidcJwtSignatureAlgorithmList=PS256 oneof|oidcAuthorizationPrompt=login consent oneof"
	if strings.Join(got, "|") != want {
		t.Errorf("invalid values:\n got %q\nwant %q", strings.Join(got, "|"), want)
	}
	if JWTLeewayText != "240 s" {
		t.Errorf("JWTLeewayText = %q", JWTLeewayText)
	}
}
