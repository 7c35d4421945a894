package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium finds headless Chromium (Debian's chromium package), or skips
// the test saying how to enable it; ESPO_OIDC_REQUIRE_CHROMIUM=1 (.ci/run)
// makes a missing browser a failure.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("ESPO_OIDC_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("ESPO_OIDC_REQUIRE_CHROMIUM") != "" {
		t.Fatal("ESPO_OIDC_REQUIRE_CHROMIUM is set but no chromium is installed (apt-get install chromium poppler-utils)")
	}
	t.Skip("headless Chromium not installed: apt-get install chromium poppler-utils (or set ESPO_OIDC_CHROMIUM) to look at the HTML report in a real browser")
	return ""
}

// runBrowser runs headless Chromium with no network but the file, and
// returns its standard output.
func runBrowser(t *testing.T, browser string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	profile := t.TempDir()
	base := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile,
		"--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking", "--disable-quic", "--disable-component-update", "--disable-sync"}
	cmd := exec.CommandContext(ctx, browser, append(base, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v", args, err)
	}
	return out
}

// The support report as a browser reads it (issue 11 item 10): the DOM
// Chromium builds holds every finding with its anchor, every in-page link
// has its target, nothing is loaded from elsewhere; printed, every finding
// is there and no page ends with a heading torn from its content.
func TestHTMLReportInBrowser(t *testing.T) {
	browser := chromium(t)
	dir := filepath.Join(t.TempDir(), "bundle")
	code, stdout, stderr := runCmd(t, "", "report", examples+"entra-guide", "--app-manifest", "../../testdata/manifests/typical-mistakes.json",
		"--logs", "../../logs/testdata/v10", "-d", dir)
	if code != exitFindings {
		t.Fatalf("report: exit %d: %s%s", code, stdout, stderr)
	}
	var doc struct {
		Findings []struct {
			Rule, Name string
		} `json:"findings"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil || len(doc.Findings) < 5 {
		t.Fatalf("report.json: %v, %d findings", err, len(doc.Findings))
	}
	page := "file://" + filepath.Join(dir, "report.html")

	dom := string(runBrowser(t, browser, "--dump-dom", page))
	if !strings.Contains(dom, "</html>") {
		t.Fatalf("no DOM: %.200s", dom)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`\sid="([^"]+)"`).FindAllStringSubmatch(dom, -1) {
		ids[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`href="#([^"]*)"`).FindAllStringSubmatch(dom, -1) {
		if !ids[m[1]] {
			t.Errorf("the link #%s has no target in the page", m[1])
		}
	}
	if n := strings.Count(dom, `class="finding s-`); n < len(doc.Findings) {
		t.Errorf("the DOM shows %d findings, report.json has %d", n, len(doc.Findings))
	}
	if m := regexp.MustCompile(`(?i)<script|<link[^>]+rel="?stylesheet|<(?:img|iframe)[^>]+src="?(?:https?:)?//`).FindString(dom); m != "" {
		t.Errorf("the page is not self-contained: %s", m)
	}

	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("ESPO_OIDC_REQUIRE_CHROMIUM") != "" {
			t.Fatal("pdftotext missing (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext not installed (apt-get install poppler-utils): the print check needs it")
	}
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	runBrowser(t, browser, "--no-pdf-header-footer", "--print-to-pdf="+pdf, page)
	txt, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(txt), "\f")
	if len(pages) < 2 {
		t.Fatalf("printed on %d page(s)", len(pages))
	}
	text := strings.Join(pages, "\n")
	for _, f := range doc.Findings {
		if !strings.Contains(text, f.Rule+" "+f.Name) {
			t.Errorf("the printed report lacks %s %s", f.Rule, f.Name)
		}
	}
	headings := regexp.MustCompile(`^(Fix first|Findings|Effective settings|Entra app registration.*|Log incidents.*|Instance .*|Probe.*)$`)
	for i, p := range pages[:len(pages)-1] {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		// a heading among a page's last two lines (with at most its note
		// under it) has been torn from its content
		for _, l := range lines[max(0, len(lines)-2):] {
			if headings.MatchString(l) {
				t.Errorf("printed page %d ends with the heading %q; its content is on the next page", i+1, l)
			}
		}
	}
}
