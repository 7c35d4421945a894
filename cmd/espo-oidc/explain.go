package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/internal/textwrap"
	"github.com/espo-oidc/espo-oidc/provider"
	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { registerCommand("explain", newExplainCmd) }

func newExplainCmd(a *app) *cobra.Command {
	var format, idp string
	cmd := &cobra.Command{
		Use:   "explain RULE|CODE|TEXT|-",
		Short: "Explain a rule, an AADSTS code, an OAuth error, an EspoCRM log message or a go-oidc error",
		Long: `explain prints what something means for an EspoCRM OIDC login, how to fix it and
which espo-oidc rules catch it beforehand. It takes:

  a rule ID or name      EO1040, admin-lockout
  an AADSTS code         AADSTS50011 or 50011
  an OAuth error         invalid_client, invalid_grant, login_required
  an EspoCRM log line    "OIDC: JWT signature not verified."
  a go-oidc error        "oidc: issuer did not match the issuer returned by provider"
  a provider's error     "Parameter client_assertion_type is missing" (Keycloak),
                         "User is not assigned to the client application." (Okta), ...
  -                      free text on stdin (an error page, an e-mail, a log excerpt):
                         every code and message recognised in it is explained

The advice follows the identity provider: --provider names it (keycloak, okta,
google, ...); otherwise it is inferred from the text (AADSTS codes, a provider's own
error texts, its URLs). For a provider other than Entra the OAuth errors are
explained without Entra's codes.

Formats: text (default) or json.

Exit codes: 0 explained, 2 nothing known found.`,
		Example: `  espo-oidc explain AADSTS7000215
  espo-oidc explain 50011
  espo-oidc explain invalid_client
  espo-oidc explain "OIDC: JWT signature not verified."
  espo-oidc explain admin-lockout
  espo-oidc explain --provider keycloak invalid_client
  pbpaste | espo-oidc explain -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := providerFlag(idp)
			if err != nil {
				return err
			}
			return runExplain(a, strings.ToLower(strings.TrimSpace(format)), strings.TrimSpace(strings.Join(args, " ")), kind)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "text", "output format: text or json")
	cmd.Flags().StringVar(&idp, "provider", "", "the identity provider the error comes from ("+providerNames()+"); default: inferred from the text")
	return cmd
}

// providerFlag checks --provider ("" when not given).
func providerFlag(name string) (provider.Kind, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return "", nil
	}
	if p := provider.ByKind(provider.Kind(name)); p != nil {
		return p.Kind, nil
	}
	return "", inputError("unknown --provider %q (want one of %s)", name, providerNames())
}

func providerNames() string {
	var names []string
	for _, p := range provider.All() {
		names = append(names, string(p.Kind))
	}
	return strings.Join(names, ", ")
}

func runExplain(a *app, format, q string, kind provider.Kind) error {
	if format != "text" && format != "json" {
		return inputError("unknown --format %q (want text or json)", format)
	}
	width := explainWidth(a)
	if q == "-" {
		res, err := explain.ScanInput(a.stdin, kind)
		if err != nil {
			return inputError("%v", err)
		}
		if format == "json" {
			return explain.WriteJSON(a.stdout, res)
		}
		return explain.WriteScan(textSafe(a.stdout, "text", false), res, width, ruleLabel)
	}
	if r := rules.Lookup(q); r != nil {
		if format == "json" {
			return explain.WriteJSON(a.stdout, map[string]any{"query": q, "rule": map[string]any{
				"id": r.ID, "name": r.Name, "set": r.Set, "severity": r.Severity, "summary": r.Summary, "text": r.DocText()}})
		}
		_, err := io.WriteString(textSafe(a.stdout, "text", false), textwrap.Lines(r.DocText(), width))
		return err
	}
	entries := explain.LookupFor(q, kind)
	if len(entries) == 0 {
		err := explain.UnknownQuery(q)
		if errors.Is(err, explain.ErrNothingKnown) {
			return inputError("%v", err)
		}
		return err
	}
	if format == "json" {
		return explain.WriteJSON(a.stdout, map[string]any{"query": explain.Redact(q), "entries": entries})
	}
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(textSafe(a.stdout, "text", false))
		}
		if err := explain.WriteEntry(textSafe(a.stdout, "text", false), e, "", width, ruleLabel); err != nil {
			return err
		}
	}
	return nil
}

// explainWidth: the terminal's width (or COLUMNS), at most the default; a
// pipe gets the default, since explanations are prose for people.
func explainWidth(a *app) int {
	w := textwrap.Width(a.stdoutFile())
	if w <= 0 || w > explain.DefaultWidth {
		return explain.DefaultWidth
	}
	return w
}

// ruleLabel names a rule with its ID: "admin-lockout (EO1040)".
func ruleLabel(name string) string {
	if r := rules.Lookup(name); r != nil {
		return name + " (" + r.ID + ")"
	}
	return name
}
