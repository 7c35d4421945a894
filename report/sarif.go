package report

import (
	"encoding/json"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { Register("sarif", writeSARIF) }

// SARIF 2.1.0, written with plain structs (as golangci-lint does). Only the
// properties espo-oidc fills are declared; report/testdata holds the official
// schema the tests validate against.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	sarifInfoURI = "https://github.com/espo-oidc/espo-oidc"
	sarifSrcRoot = "%SRCROOT%"
	// FingerprintKey names espo-oidc's fingerprint in partialFingerprints.
	sarifFingerprintKey = "espoOidcFingerprint/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
	Properties  *sarifRunProps    `json:"properties,omitempty"`
}

// sarifRunProps says which EspoCRM version each instance was judged as.
type sarifRunProps struct {
	EspoCRM []sarifInstanceVersion `json:"espocrm"`
}

type sarifInstanceVersion struct {
	Instance string `json:"instance"`
	Version  string `json:"version"`
	From     string `json:"from,omitempty"`
	Assumed  bool   `json:"assumed,omitempty"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifText          `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags             []string `json:"tags"`
	SecuritySeverity string   `json:"security-severity,omitempty"`
	EspoCRMVersions  string   `json:"espocrmVersions"` // the EspoCRM versions the rule applies to
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string             `json:"ruleId"`
	RuleIndex           *int               `json:"ruleIndex,omitempty"`
	Level               string             `json:"level"`
	Message             sarifText          `json:"message"`
	Locations           []sarifLocation    `json:"locations"`
	PartialFingerprints map[string]string  `json:"partialFingerprints"`
	Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
	Properties          *sarifResultProps  `json:"properties,omitempty"`
}

type sarifResultProps struct {
	Instance string `json:"instance,omitempty"`
	Key      string `json:"key,omitempty"`
	Fix      string `json:"fix,omitempty"`
	EspoCRM  string `json:"espocrmVersion,omitempty"` // the version the instance was judged as
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Justification string `json:"justification"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	Message          *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

type sarifLogical struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's 0.0-10.0 score for a security rule's default
// severity: error is High, warning Medium, info Low.
func securitySeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "8.0"
	case rules.Warning:
		return "5.5"
	}
	return "3.0"
}

func sarifRuleOf(r *rules.Rule) sarifRule {
	doc := r.DocText()
	tags := []string{string(r.Set)}
	if r.Provider != "" && r.Provider != string(r.Set) {
		tags = append(tags, r.Provider)
	}
	props := sarifRuleProps{Tags: tags, EspoCRMVersions: r.Versions.String()}
	if r.Security {
		props.Tags = append(props.Tags, "security")
		props.SecuritySeverity = securitySeverity(r.Severity)
	}
	return sarifRule{
		ID: r.ID, Name: r.Name,
		ShortDescription:     sarifText{Text: r.Summary},
		FullDescription:      sarifText{Text: doc},
		Help:                 sarifText{Text: doc},
		HelpURI:              r.HelpURI(),
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		Properties:           props,
	}
}

// relPath is file relative to the working directory when it lies inside
// it (rel true), else the cleaned absolute path.
func relPath(file string) (string, bool) {
	p := filepath.Clean(file)
	if filepath.IsAbs(p) {
		wd, err := getwd()
		if err != nil {
			return filepath.ToSlash(p), false
		}
		r, err := filepath.Rel(wd, p)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(p), false
		}
		p = r
	}
	return filepath.ToSlash(p), true
}

// artifactURI turns a finding's file into a SARIF artifact location:
// relative to the working directory with the %SRCROOT% base, or an absolute
// file URI when the file is elsewhere.
func artifactURI(file string) sarifArtifact {
	if file == "" || file == "-" {
		return sarifArtifact{URI: "stdin"}
	}
	p, rel := relPath(file)
	if !rel {
		u := url.URL{Scheme: "file", Path: p}
		return sarifArtifact{URI: u.String()}
	}
	u := url.URL{Path: p}
	if p == ".." || strings.HasPrefix(p, "../") {
		// Outside the working directory: a relative reference without the
		// source root base, which it does not lie under.
		return sarifArtifact{URI: u.EscapedPath()}
	}
	return sarifArtifact{URI: u.EscapedPath(), URIBaseID: sarifSrcRoot}
}

// catalog is the rule list SARIF describes (tests pin it).
var catalog = rules.All

// getwd is the working directory (a variable so tests can pin it).
var getwd = os.Getwd

// ruleIndex maps the catalog's rule IDs to rules, for one rendering.
func ruleIndex() map[string]*rules.Rule {
	m := map[string]*rules.Rule{}
	for _, r := range catalog() {
		m[r.ID] = r
	}
	return m
}

// ToSARIF builds the SARIF log of a report.
func ToSARIF(r *Report) any {
	all := catalog()
	index := map[string]int{}
	driver := sarifDriver{Name: "espo-oidc", Version: r.Version, InformationURI: sarifInfoURI, Rules: []sarifRule{}}
	for i, rl := range all {
		index[rl.ID] = i
		driver.Rules = append(driver.Rules, sarifRuleOf(rl))
	}
	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0 && len(r.Incomplete) == 0}
	for _, m := range r.Incomplete {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifText{Text: m}})
	}
	for _, e := range r.Errors {
		n := sarifNotification{Level: "error", Message: sarifText{Text: e.Message}}
		if e.Instance != "" {
			n.Locations = []sarifLocation{{PhysicalLocation: &sarifPhysical{ArtifactLocation: artifactURI(e.Instance)}}}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Invocations: []sarifInvocation{inv}, Results: []sarifResult{}}
	versions := r.espoVersions()
	if len(r.Results) > 0 {
		run.Properties = &sarifRunProps{}
		for _, res := range r.Results {
			v := res.EspoCRM
			run.Properties.EspoCRM = append(run.Properties.EspoCRM, sarifInstanceVersion{Instance: res.Instance, Version: v.Version, From: v.From, Assumed: v.Assumed})
		}
	}
	for _, f := range r.Findings() {
		res := sarifResult{
			RuleID:              f.Rule,
			Level:               sarifLevel(f.Severity),
			Message:             sarifText{Text: resultText(f)},
			PartialFingerprints: map[string]string{sarifFingerprintKey: f.Fingerprint},
		}
		if i, ok := index[f.Rule]; ok {
			res.RuleIndex = &i
		}
		loc := sarifLocation{PhysicalLocation: &sarifPhysical{
			ArtifactLocation: artifactURI(f.File),
			Region:           &sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.Column, 1)},
		}}
		if f.Key != "" {
			loc.LogicalLocations = []sarifLogical{{Name: f.Key, Kind: "member"}}
		}
		res.Locations = []sarifLocation{loc}
		if f.Suppressed != "" {
			res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: f.Suppressed}}
		}
		res.Properties = &sarifResultProps{Instance: f.Instance, Key: f.Key, Fix: f.Fix, EspoCRM: versions[f.Instance]}
		run.Results = append(run.Results, res)
	}
	return &sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}
}

// resultText is the message GitHub shows: the finding, then its fix.
func resultText(f rules.Finding) string {
	if f.Fix == "" {
		return f.Message
	}
	return f.Message + "\nFix: " + f.Fix
}

func writeSARIF(w io.Writer, r *Report, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ToSARIF(r))
}
