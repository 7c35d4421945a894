package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { Register("junit", writeJUnit) }

// JUnit XML as test dashboards (GitLab, Jenkins, Azure DevOps) read it: one
// test suite per instance, one test case per rule and instance. A rule fails
// when it found something at or above the --fail-on threshold; rules that did
// not run are skipped with the reason; input errors are test errors.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Timestamp  string           `xml:"timestamp,attr,omitempty"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Items []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func findingLine(f rules.Finding) string {
	s := fmt.Sprintf("%s: %s %s %s: %s", f.Where(), f.Severity, f.Rule, f.Name, f.Message)
	if f.Fix != "" {
		s += "\n  fix: " + strings.ReplaceAll(f.Fix, "\n", "\n       ")
	}
	if f.Suppressed != "" {
		s += "\n  suppressed: " + f.Suppressed
	}
	return s
}

// toJUnit builds the JUnit document of a report.
func toJUnit(r *Report) *junitSuites {
	out := &junitSuites{Name: "espo-oidc"}
	idx := ruleIndex()
	ts := ""
	if !r.Generated.IsZero() {
		ts = r.Generated.UTC().Format("2006-01-02T15:04:05")
	}
	if len(r.Errors)+len(r.Incomplete) > 0 {
		s := junitSuite{Name: "espo-oidc inputs", Timestamp: ts}
		for _, e := range r.Errors {
			s.Cases = append(s.Cases, junitCase{Name: "input " + e.Instance, Classname: "espo-oidc.inputs", Time: "0",
				Error: &junitProblem{Message: e.Message, Type: "input-error", Body: e.Message}})
			s.Tests++
			s.Errors++
		}
		for _, m := range r.Incomplete {
			s.Cases = append(s.Cases, junitCase{Name: "incomplete", Classname: "espo-oidc.inputs", Time: "0",
				Error: &junitProblem{Message: m, Type: "incomplete", Body: m}})
			s.Tests++
			s.Errors++
		}
		out.Suites = append(out.Suites, s)
	}
	for _, res := range r.Results {
		s := junitSuite{Name: res.Instance, Timestamp: ts, Properties: &junitProperties{Items: []junitProperty{{Name: "espocrm", Value: res.EspoCRM.String()}}}}
		byRule := map[string][]rules.Finding{}
		var order []string
		for _, id := range res.Ran {
			if _, ok := byRule[id]; !ok {
				order = append(order, id)
				byRule[id] = nil
			}
		}
		for _, f := range res.Findings {
			if _, ok := byRule[f.Rule]; !ok {
				order = append(order, f.Rule)
			}
			byRule[f.Rule] = append(byRule[f.Rule], f)
		}
		for _, id := range order {
			c := junitCase{Name: caseName(idx, id, byRule[id]), Classname: "espo-oidc." + res.Instance, Time: "0"}
			var failing, other []string
			var first rules.Finding
			for _, f := range byRule[id] {
				if f.Suppressed == "" && r.FailOn != rules.SeverityNone && f.Severity >= r.FailOn {
					if len(failing) == 0 {
						first = f
					}
					failing = append(failing, findingLine(f))
				} else {
					other = append(other, findingLine(f))
				}
			}
			if len(failing) > 0 {
				msg := first.Message
				if len(failing) > 1 {
					msg += fmt.Sprintf(" (and %d more)", len(failing)-1)
				}
				c.Failure = &junitProblem{Message: msg, Type: first.Severity.String(), Body: strings.Join(failing, "\n")}
				s.Failures++
			}
			if len(other) > 0 {
				c.SystemOut = strings.Join(other, "\n")
			}
			s.Cases = append(s.Cases, c)
			s.Tests++
		}
		for _, sk := range res.Skipped {
			s.Cases = append(s.Cases, junitCase{Name: sk.Rule + " " + sk.Name, Classname: "espo-oidc." + res.Instance, Time: "0",
				Skipped: &junitSkipped{Message: sk.Reason}})
			s.Tests++
			s.Skipped++
		}
		out.Suites = append(out.Suites, s)
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}
	return out
}

func caseName(idx map[string]*rules.Rule, id string, fs []rules.Finding) string {
	if r := idx[id]; r != nil {
		return r.ID + " " + r.Name
	}
	if len(fs) > 0 && fs[0].Name != "" {
		return id + " " + fs[0].Name
	}
	return id
}

func writeJUnit(w io.Writer, r *Report, _ Options) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(toJUnit(r)); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
