package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/espo-oidc/espo-oidc/explain"
	"github.com/espo-oidc/espo-oidc/provider"
	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { registerCommand("explain", newExplainCmd) }

// maxExplainInput bounds what explain - reads from stdin.
const maxExplainInput = 4 << 20

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
			if format != "text" && format != "json" {
				return inputError("unknown --format %q (want text or json)", format)
			}
			q := strings.TrimSpace(strings.Join(args, " "))
			kind, err := providerFlag(idp)
			if err != nil {
				return err
			}
			if q == "-" {
				return explainStdin(a, format, kind)
			}
			if r := rules.Lookup(q); r != nil {
				if format == "json" {
					return explainJSON(a.stdout, map[string]any{"query": q, "rule": map[string]any{
						"id": r.ID, "name": r.Name, "set": r.Set, "severity": r.Severity, "summary": r.Summary, "text": r.DocText()}})
				}
				_, err := io.WriteString(a.stdout, r.DocText())
				return err
			}
			entries := explain.Lookup(q)
			if kind == "" {
				kind = explain.InferProvider(q)
			}
			for _, m := range explain.ProviderMatches(q, kind) {
				entries = append([]explain.Entry{m.Entry}, entries...)
			}
			if len(entries) == 0 {
				return unknownQuery(q)
			}
			for i := range entries {
				entries[i] = explain.Tailor(entries[i], q, kind)
			}
			if format == "json" {
				return explainJSON(a.stdout, map[string]any{"query": explain.Redact(q), "entries": entries})
			}
			for i, e := range entries {
				if i > 0 {
					fmt.Fprintln(a.stdout)
				}
				if err := writeEntry(a.stdout, e, ""); err != nil {
					return err
				}
			}
			return nil
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

func explainStdin(a *app, format string, kind provider.Kind) error {
	if a.stdin == nil {
		return inputError("explain -: no standard input")
	}
	data, err := io.ReadAll(io.LimitReader(a.stdin, maxExplainInput+1))
	if err != nil {
		return inputError("explain -: reading stdin: %v", err)
	}
	truncated := len(data) > maxExplainInput
	if truncated {
		data = data[:maxExplainInput]
	}
	text := string(data)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = strings.ReplaceAll(text, "\x00", " ")
	if strings.TrimSpace(text) == "" {
		return inputError("explain -: stdin is empty; paste the error text (an error page, an e-mail, log lines)")
	}
	ms := explain.Scan(text)
	if kind == "" {
		kind = explain.InferProvider(text)
	}
	ms = append(explain.ProviderMatches(text, kind), ms...)
	for i := range ms {
		ms[i].Entry = explain.Tailor(ms[i].Entry, ms[i].Found, kind)
	}
	unknown := explain.UnknownAADSTS(text)
	var pointers []string
	for _, n := range unknown {
		pointers = append(pointers, fmt.Sprintf("AADSTS%d (%s)", n, explain.LookupURL(n)))
	}
	if len(ms) == 0 {
		if len(unknown) > 0 {
			return inputError("explain -: found only AADSTS codes espo-oidc does not know: %s", strings.Join(pointers, ", "))
		}
		return inputError("explain -: no AADSTS code, OAuth error, EspoCRM OIDC message or go-oidc error found in the %d bytes read from stdin", len(data))
	}
	if format == "json" {
		return explainJSON(a.stdout, map[string]any{"truncated": truncated, "matches": ms, "unknownAadsts": unknown})
	}
	if len(unknown) > 0 {
		defer fmt.Fprintf(a.stdout, "\nNot in espo-oidc's catalogue: %s\n", strings.Join(pointers, ", "))
	}
	fmt.Fprintf(a.stdout, "Found %d known code(s) or message(s) in the text:\n", len(ms))
	if truncated {
		fmt.Fprintf(a.stdout, "(only the first %d MB of stdin were read)\n", maxExplainInput>>20)
	}
	for _, m := range ms {
		fmt.Fprintln(a.stdout)
		if err := writeEntry(a.stdout, m.Entry, m.Found); err != nil {
			return err
		}
	}
	return nil
}

func unknownQuery(q string) error {
	shown := explain.Redact(q)
	if len(shown) > 200 {
		shown = shown[:200] + "…"
	}
	hint := ""
	if n := strings.TrimPrefix(strings.ToUpper(q), "AADSTS"); len(n) >= 5 && strings.Trim(n, "0123456789") == "" {
		hint = fmt.Sprintf(" AADSTS%s is not in espo-oidc's catalogue; Microsoft's lookup: https://login.microsoftonline.com/error?code=%s.", n, n)
	}
	return inputError("nothing known about %q.%s Give a rule ID or name (espo-oidc rules lists them), an AADSTS code (AADSTS50011 or 50011), an OAuth error (invalid_client), an EspoCRM log message, a go-oidc error, or - to scan text from stdin", shown, hint)
}

var kindNames = map[string]string{
	explain.KindAADSTS:   "Microsoft Entra error code",
	explain.KindOAuth:    "OAuth 2.0 / OpenID Connect error",
	explain.KindEspoCRM:  "EspoCRM log message",
	explain.KindGoOIDC:   "go-oidc error",
	explain.KindProvider: "identity provider's error text",
}

func writeEntry(w io.Writer, e explain.Entry, found string) error {
	var b strings.Builder
	head := e.ID
	if e.Kind == explain.KindEspoCRM || e.Kind == explain.KindGoOIDC || e.Kind == explain.KindProvider {
		head = e.Text
	}
	fmt.Fprintf(&b, "%s (%s", head, kindNames[e.Kind])
	if e.Error != "" {
		fmt.Fprintf(&b, ", OAuth error %s", e.Error)
	}
	if e.Level != "" {
		fmt.Fprintf(&b, ", level %s", e.Level)
	}
	if e.HTTP != "" {
		fmt.Fprintf(&b, ", HTTP %s", e.HTTP)
	}
	if e.Versions != "" {
		fmt.Fprintf(&b, ", EspoCRM %s", e.Versions)
	}
	b.WriteString(")\n")
	fmt.Fprintf(&b, "%s\n", e.Title)
	sec := func(title, text string) {
		if text = strings.TrimSpace(text); text != "" {
			fmt.Fprintf(&b, "\n%s\n%s\n", title, explainWrap(text, "  ", 100))
		}
	}
	if found != "" && found != e.ID {
		sec("Found", found)
	}
	switch e.Kind {
	case explain.KindAADSTS:
		sec("Microsoft / the standard says", e.Text)
	case explain.KindOAuth:
		sec("The OAuth / OpenID Connect standard says", e.Text)
	}
	sec("What it means for EspoCRM", e.Meaning)
	sec("Fix", e.Fix)
	if len(e.Rules) > 0 {
		var names []string
		for _, n := range e.Rules {
			if r := rules.Lookup(n); r != nil {
				names = append(names, n+" ("+r.ID+")")
			} else {
				names = append(names, n)
			}
		}
		sec("Rules that catch it beforehand", strings.Join(names, ", "))
	}
	if e.Unverified != "" {
		sec("Not verified", e.Unverified)
	}
	if len(e.Refs) > 0 {
		sec("Reference", strings.Join(e.Refs, "; "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func explainWrap(text, prefix string, width int) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		line := prefix
		for _, w := range words {
			if len(line) > len(prefix) && len(line)+1+len(w) > width {
				out = append(out, line)
				line = prefix
			}
			if len(line) > len(prefix) {
				line += " "
			}
			line += w
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func explainJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
