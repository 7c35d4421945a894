package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/probe"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/run"
)

func init() { registerCommand("probe", newProbeCmd) }

// probeOptions are the probe command's flags.
type probeOptions struct {
	policy        policyFlags
	output        outputFlags
	probe         probeFlags
	db            dbFlags
	noCC          bool
	scope         string
	username      string
	passwordStdin bool
	passwordEnv   string
	authCode      bool
	listen        string
	redirectURI   string
	users         string
	factsOut      string
}

func newProbeCmd(a *app) *cobra.Command {
	o := &probeOptions{}
	cmd := &cobra.Command{
		Use:   "probe PATH",
		Short: "Probe the identity provider live with the settings EspoCRM uses (discovery, keys, tokens, ID token, user)",
		Long: `probe runs the static checks of lint and then talks to the identity provider
exactly as EspoCRM would:

  discovery   GET <issuer>/.well-known/openid-configuration; issuer, endpoints,
              client_secret_post and algorithms compared with the settings
  jwks        GET oidcJwksEndpoint: kids, key types and sizes, same keys as jwks_uri
  token       client credentials (default when the secret is known; no user needed,
              safe in CI): proves client ID, secret and tenant (Entra: Graph /.default)
              --username: password grant for a test account (password from stdin
              with --password-stdin or from an environment variable with --password-env)
              --auth-code: the authorization-code flow with the authorize URL EspoCRM's
              login page builds; sign in in a browser and paste the final URL
              (or --listen 127.0.0.1:PORT with a registered loopback redirect URI)
  id token    judged strictly (go-oidc) and exactly as EspoCRM would (240 s leeway,
              aud, alg allow-list, kid in the JWKS); claims shown with a glossary
  user        the username claim normalised as EspoCRM does; with --users FILE
              (CSV or JSON: userName,type,isActive) or --db/--dsn (the user table)
              the predicted login outcome

The client secret is sent only to oidcTokenEndpoint (never over plain http except
to loopback) and never printed; tokens and codes are never printed.
Independent requests run concurrently, each with a timeout (default 10 s).

Formats: those of lint (--format, --output FORMAT=PATH); text adds the probe's
summary; --facts FILE writes everything the probe saw as secret-free JSON.

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 input error,
3 the probe (or, with --db/--dsn, the database read) could not complete.

With --db or --dsn each portal with an OIDC provider is probed and judged as
an instance of its own (docs/database.md).`,
		Example: `  espo-oidc probe /var/www/espocrm
  espo-oidc probe data/ --username test@contoso.com --password-env TEST_PASSWORD --users users.csv
  espo-oidc probe data/ --auth-code
  espo-oidc probe data/ --issuer https://sso.example.org/realms/staff --ca-file corp-ca.pem`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runProbe(cmd, a, o, args[0])
		},
	}
	o.output.add(cmd, "text")
	o.policy.add(cmd, false)
	o.probe.add(cmd, "")
	o.db.add(cmd)
	f := cmd.Flags()
	f.BoolVar(&o.noCC, "no-client-credentials", false, "skip the client-credentials token request")
	f.StringVar(&o.scope, "scope", "", "scope of the client-credentials request (default: Entra's Graph /.default; none for other providers)")
	f.StringVar(&o.username, "username", "", "test account for the password grant")
	f.BoolVar(&o.passwordStdin, "password-stdin", false, "read the test account's password from the first line of stdin")
	f.StringVar(&o.passwordEnv, "password-env", "", "name of the environment variable holding the test account's password")
	f.BoolVar(&o.authCode, "auth-code", false, "run the authorization-code flow (you sign in in a browser)")
	f.StringVar(&o.listen, "listen", "", "with --auth-code: catch the redirect on this loopback address (host:port)")
	f.StringVar(&o.redirectURI, "redirect-uri", "", "with --auth-code: redirect URI to use instead of EspoCRM's (siteUrl + /oauth-callback.php)")
	f.StringVar(&o.users, "users", "", "CSV or JSON export of EspoCRM users (userName, type, isActive) to predict the login outcome")
	f.StringVar(&o.factsOut, "facts", "", "also write everything the probe saw (secret-free JSON) to this file")
	return cmd
}

func runProbe(cmd *cobra.Command, a *app, o *probeOptions, path string) error {
	outs, oo, err := o.output.parse(cmd)
	if err != nil {
		return inputError("%v", err)
	}
	switch {
	case (o.passwordStdin || o.passwordEnv != "") && o.username == "":
		return inputError("--password-stdin and --password-env need --username")
	case o.passwordStdin && o.passwordEnv != "":
		return inputError("give the password either with --password-stdin or with --password-env, not both")
	case (o.listen != "" || o.redirectURI != "") && !o.authCode:
		return inputError("--listen and --redirect-uri need --auth-code")
	case path == "-" && (o.passwordStdin || (o.authCode && o.listen == "")):
		return inputError("the settings cannot come from stdin (-) when stdin also carries the password or the pasted URL; give the settings as a file")
	}
	ro, err := o.policy.options(cmd, "probe", []string{path}, a)
	if err != nil {
		return inputError("%v", err)
	}
	if ro.Probe, err = o.probe.options(a); err != nil {
		return inputError("%v", err)
	}
	if ro.DB, err = o.db.options(cmd); err != nil {
		return inputError("%v", err)
	}
	po := ro.Probe
	po.ClientCredentials = !o.noCC
	po.Scope, po.Username = o.scope, o.username
	po.AuthCode, po.Listen, po.RedirectURI = o.authCode, o.listen, o.redirectURI
	po.Prompt = a.stderr
	if o.users != "" {
		if po.UsersData, err = probe.LoadUsers(o.users); err != nil {
			return inputError("--users %v", err)
		}
	}
	in := bufio.NewReader(orEmpty(a.stdin))
	po.Paste = in
	if po.Password, err = password(in, o.passwordStdin, o.passwordEnv); err != nil {
		return inputError("%v", err)
	}
	rep, err := run.Run(cmd.Context(), ro)
	if err != nil {
		return inputError("%v", err)
	}
	oo.Width = stdoutWidth(a)
	if err := report.WriteOutputs(a.stdout, rep, outs, oo); err != nil {
		return inputError("%v", err)
	}
	var facts *probe.Facts
	if len(rep.Inputs) > 0 {
		facts = rep.Inputs[0].Probe
	}
	if facts != nil && report.StdoutFormat(outs) == "text" && !o.output.Quiet {
		probe.WriteSummary(textSafe(a.stdout, "text", false), facts, rep.Generated)
	}
	if facts != nil && o.factsOut != "" {
		b, err := json.MarshalIndent(facts, "", "  ")
		if err == nil {
			err = safeio.WriteFile(o.factsOut, append(b, '\n')) // 0600, never through a link
		}
		if err != nil {
			return inputError("--facts %s: %v", o.factsOut, err)
		}
	}
	return exit(a, rep, o.policy.ExitZero)
}

// password reads the test account's password: the first line of stdin, or
// an environment variable; none when neither is asked for.
func password(in *bufio.Reader, fromStdin bool, env string) (espo.Secret, error) {
	switch {
	case fromStdin:
		line, err := readSecretLine(in) // at most 64 KiB: an endless stdin is refused
		if safeio.IsLimit(err) {
			return espo.Secret{}, errorString("--password-stdin: " + err.Error())
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if err != nil && err != io.EOF {
				return espo.Secret{}, err
			}
			return espo.Secret{}, errorString("--password-stdin: no password on the first line of stdin")
		}
		return espo.NewSecret(line), nil
	case env != "":
		v, ok := os.LookupEnv(env)
		if !ok || v == "" {
			return espo.Secret{}, errorString("--password-env " + env + ": the environment variable is not set or empty")
		}
		return espo.NewSecret(v), nil
	}
	return espo.Secret{}, nil
}

type errorString string

func (e errorString) Error() string { return string(e) }

func orEmpty(r io.Reader) io.Reader {
	if r == nil {
		return strings.NewReader("")
	}
	return r
}
