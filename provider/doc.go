package provider

import (
	"fmt"
	"slices"
	"strings"
)

// Markdown renders every profile as docs/providers.md: what espo-oidc
// knows about each provider, and what it has not verified.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Identity providers\n\n")
	b.WriteString("What espo-oidc knows about each identity provider EspoCRM users connect to: how it recognises the\n" +
		"provider from the configured endpoints, which claims and settings work with EspoCRM, and the provider's\n" +
		"own error texts (`espo-oidc explain` explains them). The provider rules (EO5xxx, [rules.md](rules.md))\n" +
		"and `explain` / `logs` read these profiles. Generated from package provider\n" +
		"(`go test ./provider -run TestProvidersDoc -update`); facts marked *not verified* rest on the\n" +
		"providers' documentation as remembered, not re-read.\n\n")
	b.WriteString("EspoCRM itself, for every provider: it sends the client secret only in the POST body\n" +
		"(`client_secret_post`); it verifies ID tokens signed with " + strings.Join(VerifiedByEspo, ", ") + " only (ES*, PS*\n" +
		"and EdDSA never); its logout URL knows only `{clientId}` and `{siteUrl}` (no `id_token_hint`); it always\n" +
		"sends `prompt` (default `consent`); userinfo claims are read from EspoCRM 9.1 on, with `oidcUserInfoEndpoint` set.\n\n")
	for _, p := range profiles {
		if p.Kind == Generic {
			continue
		}
		fmt.Fprintf(&b, "## %s\n\n", p.Name)
		row := func(k, v string) {
			if strings.TrimSpace(v) != "" {
				fmt.Fprintf(&b, "| %s | %s |\n", k, cell(v))
			}
		}
		b.WriteString("| | |\n|---|---|\n")
		row("Kind", "`"+string(p.Kind)+"`"+variants(p))
		for _, r := range []Role{RoleAuthorization, RoleToken, RoleJWKS, RoleUserInfo, RoleLogout} {
			if s := p.Shape[r]; s != "" {
				row(string(r)+" endpoint", "`"+s+"`")
			}
		}
		row("Issuer", p.Issuer)
		if p.ScopeName != "" {
			row("Must be the same in every endpoint", p.ScopeName)
		}
		c := p.Claims
		row("Username claim for EspoCRM", "`"+c.Username+"`"+alts(c.Alternatives)+". "+c.UsernameWhy)
		row("sub", fmt.Sprintf("%s (about %d characters)", c.Sub, c.SubLength))
		row("ID-token claims by default", codeList(c.IDToken))
		row("Only at userinfo by default", codeList(c.UserInfoOnly)+note(c.UserInfoNote))
		row("Never issued", codeList(c.Absent))
		if c.Scopes != nil {
			refused := "unknown scopes are ignored or refused"
			if c.ScopesRefused {
				refused = "other scopes are refused"
			}
			row("Scopes", codeList(c.Scopes)+" ("+refused+")")
		}
		row("Claims configured at", c.Setting)
		g := p.Groups
		gv := string(g.Format)
		if g.Claim != "" {
			gv = "`" + g.Claim + "`, " + gv
		}
		if g.Scope != "" {
			gv += ", needs scope `" + g.Scope + "`"
		}
		if !g.Default && g.Format != GroupsNone {
			gv += ", not present by default"
		}
		row("Group claim", gv+". "+g.Setting)
		sg := p.Signing
		row("ID-token signing", fmt.Sprintf("default %s; possible %s; EspoCRM can verify %s. %s", sg.Default, strings.Join(sg.Possible, ", "), verifiable(sg), sg.Setting))
		ca := p.ClientAuth
		post := "accepts EspoCRM's client_secret_post as set up by default"
		if !ca.AcceptsPost() {
			post = "**must be set to client_secret_post**"
		}
		row("Client authentication", fmt.Sprintf("default %s (%s); %s", ca.Default, strings.Join(ca.Methods, ", "), post)+". "+ca.Setting)
		l := p.Logout
		lv := "no end-session endpoint"
		switch {
		case l.EndSession && l.NeedsIDTokenHint:
			lv = "end-session needs `id_token_hint`, which EspoCRM cannot send"
		case l.EndSession && l.NeedsClientID:
			lv = "end-session needs `client_id` with `post_logout_redirect_uri`"
		case l.EndSession:
			lv = "end-session endpoint"
		}
		if l.Template != "" {
			lv += "; `" + l.Template + "`"
		}
		row("Logout", lv+". "+l.Setting)
		if p.Prompt.Values != nil {
			row("prompt", codeList(p.Prompt.Values)+". "+p.Prompt.Note)
		} else {
			row("prompt", "not judged. "+p.Prompt.Note)
		}
		pk := "supported"
		if p.PKCE.Required {
			pk = "**required**: tick Authorization PKCE"
		}
		row("PKCE", pk+". "+p.PKCE.Setting)
		var unv []string
		for _, u := range []string{c.Unverified, g.Unverified, sg.Unverified, ca.Unverified, l.Unverified, p.Prompt.Unverified, p.PKCE.Unverified} {
			if u != "" && !slices.Contains(unv, u) {
				unv = append(unv, u)
			}
		}
		row("Not verified", strings.Join(unv, " "))
		row("Docs", strings.Join(p.Docs, " "))
		b.WriteString("\n")
		if len(p.Errors) > 0 {
			b.WriteString("| Error text | Where | Cause and fix |\n|---|---|---|\n")
			for _, e := range p.Errors {
				cf := e.Cause + " **Fix:** " + e.Fix
				if e.Unverified != "" {
					cf += " *Not verified:* " + e.Unverified
				}
				if e.Shared {
					cf += " (The OAuth standard's wording: recognised only with `--provider " + string(p.Kind) + "`.)"
				}
				fmt.Fprintf(&b, "| `%s` | %s | %s |\n", cell(e.Text), cell(e.Where), cell(cf))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(strings.TrimSpace(s))
}

func codeList(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return "`" + strings.Join(xs, "`, `") + "`"
}

func alts(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return " (or " + codeList(xs) + ")"
}

func note(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func variants(p *Profile) string {
	if len(p.Variants) == 0 {
		return ""
	}
	var vs []string
	for _, v := range p.Variants {
		vs = append(vs, "`"+string(v)+"`")
	}
	return ", variants " + strings.Join(vs, ", ")
}

func verifiable(sg Signing) string {
	var ok []string
	for _, a := range sg.Possible {
		if EspoVerifies(a) && !(strings.HasPrefix(a, "HS") && sg.HMACKey == "provider-key") {
			ok = append(ok, a)
		}
	}
	s := strings.Join(ok, ", ")
	if len(ok) == 0 {
		s = "none of them"
	}
	switch sg.HMACKey {
	case "provider-key":
		s += " (not HS*: signed with the provider's own key, not the client secret)"
	case "client-secret":
		s += " (HS* with the client secret as key)"
	}
	return s
}
