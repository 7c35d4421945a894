package report

import (
	"encoding/json"
	"fmt"

	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/rules"
)

// ApplyBaseline drops from rep every finding whose fingerprint is in the
// JSON report at path (an earlier `--format json` output), so only new
// findings remain.
func ApplyBaseline(rep *Report, path string) error {
	known, err := LoadBaseline(path)
	if err != nil {
		return err
	}
	for _, res := range rep.Results {
		DropKnown(res, known)
	}
	return nil
}

// LoadBaseline reads the fingerprints of the findings of an earlier JSON
// report.
func LoadBaseline(path string) (map[string]bool, error) {
	b, err := safeio.ReadFile(path, safeio.MaxBaseline) // bounded; a FIFO or device is refused
	if err != nil {
		return nil, fmt.Errorf("baseline %v", err)
	}
	var base struct {
		SchemaVersion int             `json:"schemaVersion"`
		Findings      []rules.Finding `json:"findings"`
	}
	if err := json.Unmarshal(b, &base); err != nil {
		return nil, fmt.Errorf("baseline %s: not an espo-oidc JSON report: %v", path, err)
	}
	if base.SchemaVersion == 0 {
		return nil, fmt.Errorf("baseline %s: not an espo-oidc JSON report (no schemaVersion); create one with --format json", path)
	}
	known := map[string]bool{}
	for _, f := range base.Findings {
		known[f.Fingerprint] = true
	}
	return known, nil
}

// DropKnown drops from res the findings whose fingerprint is known (nil:
// none is).
func DropKnown(res *rules.Result, known map[string]bool) {
	if known == nil {
		return
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if !known[f.Fingerprint] {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
}
