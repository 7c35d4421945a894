package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/logs"
)

const logsTestdata = "../../logs/testdata/"

func runLogsCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(append([]string{"logs"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// golden compares out with logs/testdata/golden/NAME; with
// ESPO_OIDC_UPDATE_GOLDEN=1 it rewrites the file instead.
func golden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join(logsTestdata, "golden", name)
	if os.Getenv("ESPO_OIDC_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with ESPO_OIDC_UPDATE_GOLDEN=1 to create it)", err)
	}
	if string(want) != out {
		t.Errorf("output differs from %s (ESPO_OIDC_UPDATE_GOLDEN=1 rewrites it):\n%s", path, out)
	}
}

func TestLogsGoldenText(t *testing.T) {
	for _, dir := range []string{"v10", "v93", "v82", "v7", "gz"} {
		code, out, errs := runLogsCmd(t, "", logsTestdata+dir)
		if code != 1 || errs != "" {
			t.Errorf("%s: exit %d, stderr %q", dir, code, errs)
		}
		golden(t, "logs-"+dir+".txt", out)
	}
}

func TestLogsGoldenJSON(t *testing.T) {
	code, out, _ := runLogsCmd(t, "", logsTestdata+"v93", logsTestdata+"v7", "--format", "json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var a logs.Analysis
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if len(a.Incidents) != 11 || a.Incidents[0].Code != "AADSTS7000222" || a.Incidents[0].FirstAt.Line != 2 {
		t.Errorf("incidents %d, first %+v", len(a.Incidents), a.Incidents[0])
	}
	golden(t, "logs-v93-v7.json", out)
}

func TestLogsExitCodes(t *testing.T) {
	// unrelated noise only: no incidents, exit 0, and the level note
	noise := "[2026-07-02 08:00:00] WARNING: Scheduled job failed.\n[2026-07-02 08:05:10] ERROR: (404) Record not found. :: GET /Lead/x\n[object] (Espo\\Core\\Exceptions\\NotFound(code: 404): Record not found. at /x.php:1)\n"
	code, out, _ := runLogsCmd(t, noise, "-")
	if code != 0 || !strings.Contains(out, "No failed OIDC logins found") || !strings.Contains(out, "logger") {
		t.Errorf("noise: exit %d\n%s", code, out)
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{logsTestdata + "bad/binary.log"}, "bad/binary.log: no EspoCRM log records found (skipped"},
		{[]string{logsTestdata + "bad/latin1.log"}, "2 not UTF-8"},
		{[]string{logsTestdata + "nope.log"}, "nope.log: no such file"},
		{[]string{logsTestdata + "v7", "--since", "yesterday-ish"}, "--since: cannot read"},
		{[]string{logsTestdata + "v7", "--since", "2026-07-02", "--until", "2026-07-01"}, "is before --since"},
		{[]string{logsTestdata + "v7", "--format", "yaml"}, "--format"},
		{[]string{}, "requires at least 1 arg"},
	} {
		code, out, errs := runLogsCmd(t, "", c.args...)
		if code != 2 || out != "" || !strings.Contains(errs, c.msg) || strings.Contains(errs, "goroutine") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q (want %q)", c.args, code, out, errs, c.msg)
		}
	}
	if code, _, errs := runLogsCmd(t, "", "-"); code != 2 || !strings.Contains(errs, "(stdin)") {
		t.Errorf("empty stdin: exit %d %q", code, errs)
	}
}

func TestLogsBadInputShownWithCounts(t *testing.T) {
	code, out, errs := runLogsCmd(t, "", logsTestdata+"bad", logsTestdata+"mixed")
	if code != 1 || errs != "" {
		t.Fatalf("exit %d %q", code, errs)
	}
	for _, want := range []string{"Skipped: 19 binary, 4 not UTF-8, 1 truncated or corrupt gzip file(s).",
		"truncated.log.gz: truncated gzip file", "latin1.log: 2 not UTF-8"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// a line over 1 MB in a gzip stream on stdin
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("[2026-07-02 09:00:00] ERROR: OIDC: JWT expired.\n" + strings.Repeat("x", 2<<20) + "\n[2026-07-02 09:00:05] ERROR: OIDC: JWT expired.\n"))
	zw.Close()
	code, out, _ = runLogsCmd(t, gz.String(), "-")
	if code != 1 || !strings.Contains(out, "Skipped: 1 over 1 MB.") || !strings.Contains(out, "2 login attempts") {
		t.Errorf("long line: exit %d\n%s", code, out)
	}
}

func TestLogsSinceUntil(t *testing.T) {
	code, out, _ := runLogsCmd(t, "", logsTestdata+"v10", "--since", "2026-07-02 11:00", "--until", "2026-07-02T11:59:59Z", "--format", "json")
	var a logs.Analysis
	if code != 1 || json.Unmarshal([]byte(out), &a) != nil {
		t.Fatalf("exit %d %s", code, out)
	}
	if len(a.Incidents) != 2 || a.Incidents[0].Entry != "espocrm:no-client-secret" || a.Incidents[1].Entry != "espocrm:jwt-aud" {
		t.Errorf("incidents %+v", a.Incidents)
	}
	// a whole day
	code, _, _ = runLogsCmd(t, "", logsTestdata+"v10", "--since", "2026-07-03")
	if code != 0 {
		t.Errorf("nothing after the last record: exit %d", code)
	}
}

func TestLogsNoSecretsPrinted(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		_, out, _ := runLogsCmd(t, "", logsTestdata+"v93", logsTestdata+"v10", "--format", format)
		for _, s := range []string{"eyJ0eXAi", "c2lnbmF0dXJlLXNlY3JldA", "admin@contoso.com"} {
			if strings.Contains(out, s) {
				t.Errorf("%s output contains %q", format, s)
			}
		}
	}
}
