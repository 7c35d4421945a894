package report

import (
	"io"
	"time"

	"github.com/espo-oidc/espo-oidc/internal/jsonw"
	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { Register("json", writeJSON) }

// JSONReport is the stable JSON schema (docs/json-schema.md).
type JSONReport struct {
	SchemaVersion int    `json:"schemaVersion"`
	Tool          string `json:"tool"`
	Version       string `json:"version"`
	Generated     string `json:"generated,omitempty"`
	Command       string `json:"command"`
	FailOn        string `json:"failOn"`
	// Status is passed, failed or incomplete (an input could not be used,
	// or a live check could not complete); Failed is true unless passed.
	Status     string          `json:"status"`
	Failed     bool            `json:"failed"`
	Incomplete []string        `json:"incomplete,omitempty"`
	Summary    rules.Counts    `json:"summary"`
	Findings   []rules.Finding `json:"findings"`
	Instances  []JSONInstance  `json:"instances"`
	Errors     []ToolError     `json:"errors"`
}

// JSONInstance summarises one instance. The rules that did not run are
// counted per reason; the list of them is there only on request
// (Options.SkippedFull, --skipped full): it is most of a fleet's document.
type JSONInstance struct {
	Instance        string               `json:"instance"`
	Provider        string               `json:"provider"`
	EspoCRM         rules.EspoCRMVersion `json:"espocrm"`
	Summary         rules.Counts         `json:"summary"`
	Ran             int                  `json:"rulesRun"`
	SkippedCount    int                  `json:"skippedCount"`
	SkippedByReason []JSONSkipReason     `json:"skippedByReason"`
	Skipped         []rules.Skip         `json:"skipped,omitempty"`
}

// JSONSkipReason is how many rules did not run for one reason.
type JSONSkipReason struct {
	Reason        string `json:"reason"`
	NotApplicable bool   `json:"notApplicable,omitempty"`
	Rules         int    `json:"rules"`
}

// jsonInstance is an instance's entry.
func jsonInstance(res *rules.Result, full bool) *JSONInstance {
	in := &JSONInstance{Instance: res.Instance, Provider: res.Provider, EspoCRM: res.EspoCRM, Summary: rules.Count(res.Findings), Ran: len(res.Ran),
		SkippedCount: len(res.Skipped), SkippedByReason: skipReasons(res.Skipped)}
	if full {
		in.Skipped = res.Skipped
	}
	return in
}

// NotApplicableReason is the one entry that counts the rules written for
// another EspoCRM version or another provider (other reasons a rule does
// not apply, such as OIDC not being the login method, keep their own): a reason per version range and provider would be most of a
// good instance's entry, and none of them asks anything of the user.
const NotApplicableReason = "not applicable to this instance (another EspoCRM version or provider); --skipped full lists them"

// skipReasons counts skipped rules per reason, in the order the reasons
// first appear; the rules written for another EspoCRM version or another
// provider count under one entry.
func skipReasons(skipped []rules.Skip) []JSONSkipReason {
	out := []JSONSkipReason{}
	for _, s := range skipped {
		reason := s.Reason
		if s.Elsewhere {
			reason = NotApplicableReason
		}
		i := 0
		for i < len(out) && (out[i].Reason != reason || out[i].NotApplicable != s.NotApplicable) {
			i++
		}
		if i == len(out) {
			out = append(out, JSONSkipReason{Reason: reason, NotApplicable: s.NotApplicable})
		}
		out[i].Rules++
	}
	return out
}

// ToJSON builds the JSON document of a report (skipped rules counted per
// reason).
func ToJSON(r *Report) *JSONReport { return toJSON(r, false) }

// toJSON builds the JSON document; the skipped rules are listed one by one
// when full is true.
func toJSON(r *Report, full bool) *JSONReport {
	out := &JSONReport{
		SchemaVersion: SchemaVersion, Tool: "espo-oidc", Version: r.Version, Command: r.Command,
		FailOn: r.FailOn.String(), Status: r.Status(), Failed: r.Status() != "passed", Incomplete: r.Incomplete, Findings: []rules.Finding{}, Instances: []JSONInstance{},
		Errors: []ToolError{},
	}
	if r.FailOn == rules.SeverityNone {
		out.FailOn = "never"
	}
	if !r.Generated.IsZero() {
		out.Generated = r.Generated.UTC().Format(time.RFC3339)
	}
	for _, res := range r.Results {
		out.Findings = append(out.Findings, res.Findings...)
		out.Instances = append(out.Instances, *jsonInstance(res, full))
	}
	out.Errors = append(out.Errors, r.Errors...)
	out.Summary = rules.Count(out.Findings)
	return out
}

// writeJSON writes the document indented as json.Encoder with SetIndent
// would, without building it compact first and re-indenting it.
func writeJSON(w io.Writer, r *Report, opts Options) error {
	_, err := w.Write(append(jsonw.Append(nil, toJSON(r, opts.SkippedFull), 0), '\n'))
	return err
}
