package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"

	"github.com/espo-oidc/espo-oidc/rules"
)

func init() { Register("gitlab", writeGitLab) }

// GitLab Code Quality: the JSON array GitLab reads from a job's
// artifacts:reports:codequality and shows in merge requests
// (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
// One entry per unsuppressed finding; the fingerprint is the finding's own
// (stable across runs, so GitLab can tell new findings from old), input
// errors get one from their instance and message.

type glIssue struct {
	Description string     `json:"description"`
	CheckName   string     `json:"check_name"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    glLocation `json:"location"`
}

type glLocation struct {
	Path  string  `json:"path"`
	Lines glLines `json:"lines"`
}

type glLines struct {
	Begin int `json:"begin"`
}

// glSeverity maps onto GitLab's info, minor, major, critical, blocker.
func glSeverity(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "critical"
	case rules.Warning:
		return "major"
	}
	return "info"
}

func writeGitLab(w io.Writer, r *Report, _ Options) error {
	issues := []glIssue{}
	for _, e := range r.Errors {
		sum := sha256.Sum256([]byte("input-error\x00" + e.Instance + "\x00" + e.Message))
		issues = append(issues, glIssue{Description: "espo-oidc input error: " + e.Message, CheckName: "espo-oidc input error",
			Fingerprint: hex.EncodeToString(sum[:16]), Severity: "blocker",
			Location: glLocation{Path: artifactPath(e.Instance), Lines: glLines{Begin: 1}}})
	}
	versions := r.espoVersions()
	for _, f := range r.Findings() {
		if f.Suppressed != "" {
			continue
		}
		issues = append(issues, glIssue{Description: withVersion(f.Rule+" "+f.Name, versions[f.Instance]) + ": " + withFix(f.Message, f.Fix), CheckName: f.Rule + " " + f.Name, Fingerprint: f.Fingerprint,
			Severity: glSeverity(f.Severity), Location: glLocation{Path: artifactPath(f.File), Lines: glLines{Begin: max(f.Line, 1)}}})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(issues)
}
