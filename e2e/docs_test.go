package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDocsOutput writes the real text output docs/probe.md shows for each
// provider (a good setup signed in with --listen, and a broken one) to
// $ESPO_OIDC_E2E_DOCS/<provider>-<case>.txt, ports replaced by PORT. It
// checks the exit codes, so a doc never shows a run that went otherwise.
func TestDocsOutput(t *testing.T) {
	out := os.Getenv("ESPO_OIDC_E2E_DOCS")
	if out == "" {
		t.Skip("ESPO_OIDC_E2E_DOCS=DIR writes the outputs docs/probe.md shows")
	}
	cases := []struct {
		name  string
		setup setup
		over  map[string]string
		flags []string
		code  int
	}{
		{name: "good", code: 0},
		{name: "clock-behind", setup: setup{clockOffset: -600}, code: 0},
		{name: "only-basic", setup: setup{authMethod: "client_secret_basic", onlyBasic: true}, flags: []string{"-q"}, code: 1},
		{name: "unknown-client", over: map[string]string{"oidcClientId": "'not-espocrm'"}, flags: []string{"-q", "--no-client-credentials"}, code: 1},
	}
	for _, prov := range []string{"dex", "oidc-provider", "hydra"} {
		for _, c := range cases {
			if prov == "hydra" && c.name == "clock-behind" {
				continue // Hydra's clock cannot be shifted
			}
			if prov == "dex" && c.name == "only-basic" {
				continue // Dex cannot be limited to client_secret_basic
			}
			t.Run(prov+"/"+c.name, func(t *testing.T) {
				s := c.setup
				listen := fmt.Sprintf("127.0.0.1:%d", freePort(t))
				signIn := len(c.flags) == 0
				if signIn {
					s.extraRedirect = "http://" + listen + "/oauth-callback.php"
				}
				p := providers[prov](t, s)
				dir := p.instance(t, c.over)
				args := p.args(dir, c.flags...)
				if signIn {
					args = append(args, "--auth-code", "--listen", listen)
				}
				parent := filepath.Dir(dir)
				os.Rename(dir, filepath.Join(parent, "inst"))
				args[1] = "inst"
				var browse func(string) string
				if signIn {
					browse = listenBrowser(t, p, listen, nil)
				}
				r := exec1(t, parent, "", browse, args...)
				if r.code != c.code {
					t.Errorf("exit %d, want %d\n%s\n%s", r.code, c.code, r.stdout, r.stderr)
				}
				text := "$ espo-oidc " + strings.Join(args, " ") + "\n" + r.stdout
				text = regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(text, "127.0.0.1:PORT")
				text = strings.ReplaceAll(text, p.tls.cert, "ca.pem")
				text += fmt.Sprintf("(exit code %d)\n", r.code)
				for _, s := range secrets {
					if strings.Contains(text+r.stderr, s) {
						t.Errorf("output carries a secret (%.6s…)", s)
					}
				}
				os.WriteFile(filepath.Join(out, prov+"-"+c.name+".txt"), []byte(text), 0o644)
			})
		}
	}
}
