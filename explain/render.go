package explain

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/espo-oidc/espo-oidc/internal/textwrap"
	"github.com/espo-oidc/espo-oidc/provider"
)

// MaxInput bounds what explain - reads from stdin.
const MaxInput = 4 << 20

// DefaultWidth is the width explain's text wraps at when the output's
// width is unknown (a pipe): explanations are prose for people.
const DefaultWidth = 100

var kindNames = map[string]string{
	KindAADSTS:   "Microsoft Entra error code",
	KindOAuth:    "OAuth 2.0 / OpenID Connect error",
	KindEspoCRM:  "EspoCRM log message",
	KindGoOIDC:   "go-oidc error",
	KindProvider: "identity provider's error text",
}

// WriteEntry prints one entry as text, wrapped at width (≤ 0: DefaultWidth).
// found is the text that matched, when it differs from the entry's ID;
// ruleLabel names a rule ("admin-lockout (EO1040)").
func WriteEntry(w io.Writer, e Entry, found string, width int, ruleLabel func(string) string) error {
	if width <= 0 {
		width = DefaultWidth
	}
	var b strings.Builder
	head := e.ID
	if e.Kind == KindEspoCRM || e.Kind == KindGoOIDC || e.Kind == KindProvider {
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
	fmt.Fprintf(&b, "%s\n", textwrap.Wrap(e.Title, "", width))
	sec := func(title, text string) {
		if text = strings.TrimSpace(text); text != "" {
			fmt.Fprintf(&b, "\n%s\n%s\n", title, textwrap.Wrap(text, "  ", width))
		}
	}
	if found != "" && found != e.ID {
		sec("Found", found)
	}
	switch e.Kind {
	case KindAADSTS:
		sec("Microsoft / the standard says", e.Text)
	case KindOAuth:
		sec("The OAuth / OpenID Connect standard says", e.Text)
	}
	sec("What it means for EspoCRM", e.Meaning)
	sec("Fix", e.Fix)
	if len(e.Rules) > 0 {
		names := make([]string, len(e.Rules))
		for i, n := range e.Rules {
			names[i] = n
			if ruleLabel != nil {
				names[i] = ruleLabel(n)
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

// WriteJSON writes v as indented JSON, with <, > and & as they are.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// ErrNothingKnown is the class of explain's "nothing known" answers (exit 2).
var ErrNothingKnown = errors.New("nothing known")

// UnknownQuery is the answer for a query nothing in the catalogue matches.
func UnknownQuery(q string) error {
	shown := Redact(q)
	if len(shown) > 200 {
		shown = shown[:200] + "…"
	}
	hint := ""
	if n := strings.TrimPrefix(strings.ToUpper(q), "AADSTS"); len(n) >= 5 && strings.Trim(n, "0123456789") == "" {
		hint = fmt.Sprintf(" AADSTS%s is not in espo-oidc's catalogue; Microsoft's lookup: https://login.microsoftonline.com/error?code=%s.", n, n)
	}
	return fmt.Errorf("%w about %q.%s Give a rule ID or name (espo-oidc rules lists them), an AADSTS code (AADSTS50011 or 50011), an OAuth error (invalid_client), an EspoCRM log message, a go-oidc error, or - to scan text from stdin", ErrNothingKnown, shown, hint)
}

// ScanResult is what explain - found in a text.
type ScanResult struct {
	Read      int     `json:"-"`
	Truncated bool    `json:"truncated"`
	Matches   []Match `json:"matches"`
	Unknown   []int   `json:"unknownAadsts"`
}

// ScanInput reads at most MaxInput bytes of free text (an error page, an
// e-mail, log lines) and finds every known code and message in it, explained
// for provider kind ("": inferred from the text).
func ScanInput(r io.Reader, kind provider.Kind) (*ScanResult, error) {
	if r == nil {
		return nil, errors.New("explain -: no standard input")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("explain -: reading stdin: %v", err)
	}
	res := &ScanResult{Read: len(data), Truncated: len(data) > MaxInput}
	if res.Truncated {
		data = data[:MaxInput]
	}
	text := string(data)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = strings.ReplaceAll(text, "\x00", " ")
	if strings.TrimSpace(text) == "" {
		return nil, errors.New("explain -: stdin is empty; paste the error text (an error page, an e-mail, log lines)")
	}
	res.Matches = Scan(text)
	if kind == "" {
		kind = InferProvider(text)
	}
	res.Matches = append(ProviderMatches(text, kind), res.Matches...)
	for i := range res.Matches {
		res.Matches[i].Entry = Tailor(res.Matches[i].Entry, res.Matches[i].Found, kind)
	}
	res.Unknown = UnknownAADSTS(text)
	if len(res.Matches) == 0 {
		if len(res.Unknown) > 0 {
			return nil, fmt.Errorf("explain -: found only AADSTS codes espo-oidc does not know: %s", strings.Join(res.pointers(), ", "))
		}
		return nil, fmt.Errorf("explain -: no AADSTS code, OAuth error, EspoCRM OIDC message or go-oidc error found in the %d bytes read from stdin", len(data))
	}
	return res, nil
}

func (res *ScanResult) pointers() []string {
	var out []string
	for _, n := range res.Unknown {
		out = append(out, fmt.Sprintf("AADSTS%d (%s)", n, LookupURL(n)))
	}
	return out
}

// WriteScan prints what ScanInput found, as text.
func WriteScan(w io.Writer, res *ScanResult, width int, ruleLabel func(string) string) error {
	fmt.Fprintf(w, "Found %d known code(s) or message(s) in the text:\n", len(res.Matches))
	if res.Truncated {
		fmt.Fprintf(w, "(only the first %d MB of stdin were read)\n", MaxInput>>20)
	}
	for _, m := range res.Matches {
		fmt.Fprintln(w)
		if err := WriteEntry(w, m.Entry, m.Found, width, ruleLabel); err != nil {
			return err
		}
	}
	if len(res.Unknown) > 0 {
		fmt.Fprintf(w, "\nNot in espo-oidc's catalogue: %s\n", strings.Join(res.pointers(), ", "))
	}
	return nil
}
