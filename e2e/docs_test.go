package e2e

import (
	"fmt"
	"io"
	"os"
	"os/exec"
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
				cmd := exec.Command(binary, args...)
				cmd.Env = append(os.Environ(), "NO_COLOR=1", "COLUMNS=200")
				cmd.Dir = filepath.Dir(dir)
				args[1] = "inst"
				os.Rename(dir, filepath.Join(filepath.Dir(dir), "inst"))
				cmd.Args[2] = "inst"
				errR, errW := io.Pipe()
				var stdout strings.Builder
				cmd.Stdout, cmd.Stderr = &stdout, errW
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				var stderr strings.Builder
				done := make(chan struct{})
				go func() {
					defer close(done)
					b := make([]byte, 4096)
					started := false
					for {
						n, err := errR.Read(b)
						stderr.Write(b[:n])
						if m := regexp.MustCompile(`(?m)^\s+(https://\S+/auth\?\S+)$`).FindStringSubmatch(stderr.String()); m != nil && signIn && !started {
							started = true
							go func() {
								br := newBrowser(t, p.tls, login(p), userPassword)
								if final := br.signIn(m[1], "http://"+listen+"/"); final != "" {
									br.deliver(final)
								}
							}()
						}
						if err != nil {
							return
						}
					}
				}()
				err := cmd.Wait()
				errW.Close()
				<-done
				code := 0
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
				}
				if code != c.code {
					t.Errorf("exit %d, want %d\n%s\n%s", code, c.code, stdout.String(), stderr.String())
				}
				text := "$ espo-oidc " + strings.Join(args, " ") + "\n" + stdout.String()
				text = regexp.MustCompile(`127\.0\.0\.1:\d+`).ReplaceAllString(text, "127.0.0.1:PORT")
				text = strings.ReplaceAll(text, p.tls.cert, "ca.pem")
				text += fmt.Sprintf("(exit code %d)\n", code)
				for _, s := range secrets {
					if strings.Contains(text+stderr.String(), s) {
						t.Errorf("output carries a secret (%.6s…)", s)
					}
				}
				os.WriteFile(filepath.Join(out, prov+"-"+c.name+".txt"), []byte(text), 0o644)
			})
		}
	}
}
