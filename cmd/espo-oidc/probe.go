package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/espo"
	"github.com/espo-oidc/espo-oidc/espodb"
	"github.com/espo-oidc/espo-oidc/probe"
	"github.com/espo-oidc/espo-oidc/report"
	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { registerCommand("probe", newProbeCmd) }

type probeFlags struct {
	lint          lintOptions
	issuer        string
	caFile        string
	timeout       time.Duration
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
	pf := &probeFlags{}
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
              (CSV or JSON: userName,type,isActive) the predicted login outcome

The client secret is sent only to oidcTokenEndpoint (never over plain http except
to loopback) and never printed; tokens and codes are never printed.
Independent requests run concurrently, each with a timeout (default 10 s).

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 input error,
3 the probe could not complete (network, TLS, timeout).`,
		Example: `  espo-oidc probe /var/www/espocrm
  espo-oidc probe data/ --username test@contoso.com --password-env TEST_PASSWORD --users users.csv
  espo-oidc probe data/ --auth-code
  espo-oidc probe data/ --issuer https://sso.example.org/realms/staff --ca-file corp-ca.pem`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pf.lint.Paths = args
			return runProbe(cmd.Context(), a, pf)
		},
	}
	addReportFlags(cmd, &pf.lint)
	f := cmd.Flags()
	f.StringVar(&pf.issuer, "issuer", "", "the identity provider's issuer URL (default: implied by the endpoints)")
	f.StringVar(&pf.caFile, "ca-file", "", "PEM file with a private CA's certificate (TLS stays verified)")
	f.DurationVar(&pf.timeout, "timeout", 10*time.Second, "timeout of each request (EspoCRM uses 10s)")
	f.BoolVar(&pf.noCC, "no-client-credentials", false, "skip the client-credentials token request")
	f.StringVar(&pf.scope, "scope", "", "scope of the client-credentials request (default: Entra's Graph /.default; none for other providers)")
	f.StringVar(&pf.username, "username", "", "test account for the password grant")
	f.BoolVar(&pf.passwordStdin, "password-stdin", false, "read the test account's password from the first line of stdin")
	f.StringVar(&pf.passwordEnv, "password-env", "", "name of the environment variable holding the test account's password")
	f.BoolVar(&pf.authCode, "auth-code", false, "run the authorization-code flow (you sign in in a browser)")
	f.StringVar(&pf.listen, "listen", "", "with --auth-code: catch the redirect on this loopback address (host:port)")
	f.StringVar(&pf.redirectURI, "redirect-uri", "", "with --auth-code: redirect URI to use instead of EspoCRM's (siteUrl + /oauth-callback.php)")
	f.StringVar(&pf.users, "users", "", "CSV or JSON export of EspoCRM users (userName, type, isActive) to predict the login outcome")
	f.StringVar(&pf.factsOut, "facts", "", "also write everything the probe saw (secret-free JSON) to this file")
	return cmd
}

func runProbe(ctx context.Context, a *app, pf *probeFlags) error {
	if ctx == nil {
		ctx = context.Background()
	}
	o := &pf.lint
	o.Command = "probe"
	path := o.Paths[0]
	failOn, err := parseFailOn(o.FailOn)
	if err != nil {
		return inputError("%v", err)
	}
	outs, err := parseOutputs(o.Format, o.Outputs)
	if err != nil {
		return inputError("%v", err)
	}
	switch {
	case (pf.passwordStdin || pf.passwordEnv != "") && pf.username == "":
		return inputError("--password-stdin and --password-env need --username")
	case pf.passwordStdin && pf.passwordEnv != "":
		return inputError("give the password either with --password-stdin or with --password-env, not both")
	case (pf.listen != "" || pf.redirectURI != "") && !pf.authCode:
		return inputError("--listen and --redirect-uri need --auth-code")
	case path == "-" && (pf.passwordStdin || (pf.authCode && pf.listen == "")):
		return inputError("the settings cannot come from stdin (-) when stdin also carries the password or the pasted URL; give the settings as a file")
	case pf.timeout <= 0:
		return inputError("--timeout must be positive, e.g. 10s")
	}
	cfg, err := loadConfig(o.ConfigPath)
	if err != nil {
		return err
	}
	s, err := espo.Load(path, a.stdin)
	if err != nil {
		if errors.Is(err, espo.ErrNotSettings) {
			return inputError("%s: an app manifest, not EspoCRM settings; give the instance (probe judges the live provider, lint --app-manifest the manifest)", path)
		}
		return inputError("%v", err)
	}
	client, err := probe.NewClient(pf.caFile)
	if err != nil {
		return inputError("--ca-file %v", err)
	}
	popts := probe.DefaultOptions()
	popts.Client = client
	popts.Timeout = pf.timeout
	popts.Issuer = pf.issuer
	popts.ClientCredentials = !pf.noCC
	popts.Scope = pf.scope
	popts.Username = pf.username
	popts.AuthCode, popts.Listen, popts.RedirectURI = pf.authCode, pf.listen, pf.redirectURI
	popts.Prompt = a.stderr
	popts.UserNameMaxLength = cfg.Options.UserNameMaxLength
	dl := loadDB(ctx, s, o.DB)
	if dl.inErr != nil {
		return inputError("%v", dl.inErr)
	}
	portalOpts := popts // portal logins: no CRM-user simulation
	if pf.users != "" {
		users, err := probe.LoadUsers(pf.users)
		if err != nil {
			return inputError("--users %v", err)
		}
		popts.UsersData = users
	} else if users := espodb.ProbeUsers(dl.snap); users != nil {
		popts.UsersData = users // the user table
	}
	in := bufio.NewReader(orEmpty(a.stdin))
	popts.Paste = in
	switch {
	case pf.passwordStdin:
		line, err := in.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if err != nil && err != io.EOF {
				return inputError("--password-stdin: %v", err)
			}
			return inputError("--password-stdin: no password on the first line of stdin")
		}
		popts.Password = espo.NewSecret(line)
	case pf.passwordEnv != "":
		v, ok := os.LookupEnv(pf.passwordEnv)
		if !ok || v == "" {
			return inputError("--password-env %s: the environment variable is not set or empty", pf.passwordEnv)
		}
		popts.Password = espo.NewSecret(v)
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
		popts.Now = o.Now
	}
	facts := probe.Run(ctx, s, popts)
	for _, fl := range facts.Failures {
		if fl.Kind == "input" && fl.Step == "setup" {
			return inputError("%s", fl.Message)
		}
	}
	ri := &rules.Input{Instance: path, Settings: s, Probe: facts, Options: cfg.Options, Now: now(), DB: dl.snap, DBMissing: dl.missing}
	mainRes := rules.Run(ri, cfg.Policy)
	rep := &report.Report{Tool: "espo-oidc", Version: toolVersion(), Generated: now(), Command: "probe", FailOn: failOn,
		Results: []*rules.Result{mainRes},
		Inputs:  []*report.InstanceInput{{Instance: path, Settings: s, Probe: facts, DB: dl.snap, DBMissing: dl.missing}}}
	incomplete := facts.Incomplete()
	if incomplete != nil {
		incomplete = fmt.Errorf("probe incomplete: %w", incomplete)
	}
	portals, portalIn := portalRuns(ri, mainRes, cfg.Policy, func(x *rules.Input) {
		x.Probe = probe.Run(ctx, x.Settings, portalOpts)
		if err := x.Probe.Incomplete(); err != nil && incomplete == nil {
			incomplete = fmt.Errorf("probe incomplete: %s: %w", x.Instance, err)
		}
	})
	rep.Results = append(rep.Results, portals...)
	rep.Inputs = append(rep.Inputs, portalIn...)
	if incomplete == nil && dl.connErr != nil {
		incomplete = dl.connErr
	}
	if sf := rules.SuppressionFindings(cfg.Policy, cfg.Path, now()); len(sf) > 0 {
		rep.Results = append(rep.Results, &rules.Result{Instance: cfg.Path, Provider: "config", Findings: sf})
	}
	if o.Baseline != "" {
		if err := report.ApplyBaseline(rep, o.Baseline); err != nil {
			return inputError("%v", err)
		}
	}
	if err := writeOutputs(a, rep, outs, o); err != nil {
		return err
	}
	if o.Format == "text" && !o.Quiet && stdoutIsText(outs) {
		probe.WriteSummary(a.stdout, facts, now())
	}
	if pf.factsOut != "" {
		b, err := json.MarshalIndent(facts, "", "  ")
		if err == nil {
			err = os.WriteFile(pf.factsOut, append(b, '\n'), 0o600)
		}
		if err != nil {
			return inputError("--facts %s: %v", pf.factsOut, err)
		}
	}
	if incomplete != nil {
		return &exitError{code: exitIncomplete, err: incomplete}
	}
	if rep.Failed() && !o.ExitZero {
		return &exitError{code: exitFindings}
	}
	return nil
}

func stdoutIsText(outs []output) bool {
	for _, o := range outs {
		if o.path == "-" {
			return o.format == "text"
		}
	}
	return false
}

func orEmpty(r io.Reader) io.Reader {
	if r == nil {
		return strings.NewReader("")
	}
	return r
}
