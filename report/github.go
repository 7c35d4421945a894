package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { Register("github", writeGitHub) }

// GitHub Actions workflow commands: one annotation per unsuppressed finding,
// `::error file=F,line=L,col=C,title=T::message`, warning and notice for the
// lower severities; input errors as errors without a file.

var (
	ghDataEsc = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropEsc = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// ghData escapes a workflow command's message.
func ghData(s string) string { return ghDataEsc.Replace(s) }

// ghProp escapes a workflow command's property value.
func ghProp(s string) string { return ghPropEsc.Replace(s) }

func ghLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

func writeGitHub(w io.Writer, r *Report, _ Options) error {
	for _, e := range r.Errors {
		props := "title=" + ghProp("espo-oidc input error")
		if e.Instance != "" && e.Instance != "-" {
			props = "file=" + ghProp(artifactPath(e.Instance)) + "," + props
		}
		if _, err := fmt.Fprintf(w, "::error %s::%s\n", props, ghData(e.Message)); err != nil {
			return err
		}
	}
	versions := r.espoVersions()
	for _, f := range r.Findings() {
		if f.Suppressed != "" {
			continue
		}
		title := withVersion(f.Rule+" "+f.Name, versions[f.Instance])
		msg := f.Message
		if f.Fix != "" {
			msg += "\nFix: " + f.Fix
		}
		if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", ghLevel(f.Severity),
			ghProp(artifactPath(f.File)), max(f.Line, 1), max(f.Column, 1), ghProp(title), ghData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// artifactPath is the file as the repository sees it: relative to the
// working directory when inside it.
func artifactPath(file string) string {
	p, _ := relPath(file)
	return p
}
