package report

import (
	"encoding/xml"
	"io"
	"strings"

	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { Register("checkstyle", writeCheckstyle) }

// Checkstyle XML, the format Jenkins' warnings-ng, reviewdog, SonarQube's
// external issues and most CI dashboards read: one <file> per file in the
// order the findings name them, one <error> per unsuppressed finding with
// the rule ID as its source. Input errors are <error>s on the input that
// could not be read. Suppressed findings are left out, as golangci-lint's
// checkstyle printer does.

type csReport struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []csFile `xml:"file"`
}

type csFile struct {
	Name   string    `xml:"name,attr"`
	Errors []csError `xml:"error"`
}

type csError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func csSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "info"
}

func writeCheckstyle(w io.Writer, r *Report, _ Options) error {
	doc := csReport{Version: "4.3"}
	index := map[string]int{}
	add := func(file string, e csError) {
		i, ok := index[file]
		if !ok {
			i = len(doc.Files)
			index[file] = i
			doc.Files = append(doc.Files, csFile{Name: file})
		}
		doc.Files[i].Errors = append(doc.Files[i].Errors, e)
	}
	for _, e := range r.Errors {
		add(artifactPath(e.Instance), csError{Line: 1, Severity: "error", Message: e.Message, Source: "espo-oidc.input-error"})
	}
	versions := r.espoVersions()
	for _, f := range r.Findings() {
		if f.Suppressed != "" {
			continue
		}
		msg := withFix(f.Message, f.Fix)
		if v := versions[f.Instance]; v != "" {
			msg = "[EspoCRM " + v + "] " + msg
		}
		add(artifactPath(f.File), csError{Line: max(f.Line, 1), Column: f.Column, Severity: csSeverity(f.Severity),
			Message: msg, Source: "espo-oidc." + f.Rule + "." + f.Name})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// withFix is a finding's message and fix as one line of prose, for formats
// with a single message field.
func withFix(msg, fix string) string {
	if fix == "" {
		return msg
	}
	return strings.TrimRight(msg, ". ") + ". Fix: " + fix
}
