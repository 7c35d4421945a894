package report

import (
	"encoding/json"
	"io"
	"time"

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

// JSONInstance summarises one instance.
type JSONInstance struct {
	Instance string               `json:"instance"`
	Provider string               `json:"provider"`
	EspoCRM  rules.EspoCRMVersion `json:"espocrm"`
	Summary  rules.Counts         `json:"summary"`
	Ran      int                  `json:"rulesRun"`
	Skipped  []rules.Skip         `json:"skipped"`
}

// ToJSON builds the JSON document of a report.
func ToJSON(r *Report) *JSONReport {
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
		skipped := res.Skipped
		if skipped == nil {
			skipped = []rules.Skip{}
		}
		out.Instances = append(out.Instances, JSONInstance{Instance: res.Instance, Provider: res.Provider, EspoCRM: res.EspoCRM,
			Summary: rules.Count(res.Findings), Ran: len(res.Ran), Skipped: skipped})
	}
	out.Errors = append(out.Errors, r.Errors...)
	out.Summary = rules.Count(out.Findings)
	return out
}

func writeJSON(w io.Writer, r *Report, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ToJSON(r))
}
