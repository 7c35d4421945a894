package logs

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type wantInc struct {
	entry, code         string
	attempts, records   int
	file                string
	firstLine, lastLine int64
	versions            string
}

func analyze(t *testing.T, opts Options, paths ...string) *Analysis {
	t.Helper()
	a, err := Analyze(context.Background(), paths, nil, opts)
	if err != nil {
		t.Fatalf("Analyze(%v): %v", paths, err)
	}
	return a
}

func checkIncidents(t *testing.T, a *Analysis, want []wantInc) {
	t.Helper()
	if len(a.Incidents) != len(want) {
		for _, i := range a.Incidents {
			t.Logf("got %s %s %d/%d %v-%d %v", i.Entry, i.Code, i.Attempts, i.Records, i.FirstAt, i.LastAt.Line, i.Versions)
		}
		t.Fatalf("%d incidents, want %d", len(a.Incidents), len(want))
	}
	for n, w := range want {
		i := a.Incidents[n]
		got := fmt.Sprintf("%s|%s|%d|%d|%s|%d|%d|%s", i.Entry, i.Code, i.Attempts, i.Records, filepath.Base(i.FirstAt.File), i.FirstAt.Line, i.LastAt.Line, strings.Join(i.Versions, ","))
		exp := fmt.Sprintf("%s|%s|%d|%d|%s|%d|%d|%s", "espocrm:"+w.entry, w.code, w.attempts, w.records, w.file, w.firstLine, w.lastLine, w.versions)
		if w.entry == "unknown" {
			exp = strings.Replace(exp, "espocrm:unknown", "unknown", 1)
		}
		if got != exp {
			t.Errorf("incident %d:\n got  %s\n want %s", n+1, got, exp)
		}
		if i.Cause == "" || i.Fix == "" || i.Meaning == "" {
			t.Errorf("incident %d has no cause, meaning or fix", n+1)
		}
	}
}

func TestVersion10(t *testing.T) {
	a := analyze(t, Options{}, "testdata/v10")
	const f = "espo-2026-07-02.log"
	checkIncidents(t, a, []wantInc{
		{"token-request-error", "AADSTS7000215", 3, 6, f, 5, 12, "10.x"},
		{"bad-token-request", "AADSTS50148", 1, 2, f, 15, 16, "10.x"},
		{"no-client-secret", "", 1, 1, f, 22, 22, "10.x"},
		{"jwt-aud", "", 1, 1, f, 24, 24, "10.x"},
		{"user-admin-not-allowed", "", 1, 2, f, 27, 28, "10.x"},
		{"user-not-found", "", 1, 1, f, 29, 29, "10.x"},
		{"token-request-network", "", 1, 2, f, 30, 31, "10.x"},
	})
	i := a.Incidents[0]
	if i.Error != "invalid_client" || i.Status != 401 || i.CorrelationID != "9f8e7d6c-0000-4000-8000-000000000002" ||
		!strings.HasPrefix(i.Description, "AADSTS7000215: Invalid client secret provided.") || strings.Contains(i.Description, "Trace ID") {
		t.Errorf("response not read: %+v", i)
	}
	if !i.First.Equal(time.Date(2026, 7, 2, 9, 15, 1, 0, time.UTC)) || !i.Last.Equal(time.Date(2026, 7, 2, 9, 20, 11, 0, time.UTC)) {
		t.Errorf("time range %v – %v", i.First, i.Last)
	}
	if a.Skipped.Corrupt != 2 || a.Skipped.Total() != 2 {
		t.Errorf("skipped %+v, want 2 corrupt (the PHP warning before the first record, the cut record start)", a.Skipped)
	}
	if a.Diagnostics != 2 {
		t.Errorf("diagnostics %d, want the 2 DEBUG JWT lines", a.Diagnostics)
	}
	if a.Records != 20 || a.Lines != 35 {
		t.Errorf("records %d lines %d", a.Records, a.Lines)
	}
	// INFO and DEBUG present: no "level too high" note, only "never logged".
	if len(a.Notes) != 1 || !strings.HasPrefix(a.Notes[0].Title, "Never logged") {
		t.Errorf("notes %+v", a.Notes)
	}
}

func TestVersion83to93(t *testing.T) {
	a := analyze(t, Options{}, "testdata/v93/espo-2025-03-01.log")
	const f = "espo-2025-03-01.log"
	checkIncidents(t, a, []wantInc{
		{"no-client-secret", "", 1, 1, f, 2, 2, "8.3–9.3"},
		{"jwt-signature", "", 2, 2, f, 3, 4, "8.3–9.3"},
		{"bad-token-request", "AADSTS50011", 1, 2, f, 5, 6, "8.3–9.3"},
		{"username-claim-missing", "", 1, 1, f, 7, 7, "8.3–9.3"},
		{"bad-token-response", "", 2, 4, f, 8, 11, "8.3–9.3"},
		{"jwt-parsing-error", "Bad `exp`.", 1, 2, f, 12, 13, "8.3–9.3"},
		{"userinfo-response-error", "", 1, 2, f, 14, 15, "8.3–9.3"},
		{"unknown", "OIDC: Something new happened ….", 1, 1, f, 16, 16, "8.3–9.3"},
	})
	if a.Incidents[2].Cause != "redirect URI not registered in Entra" {
		t.Errorf("AADSTS50011 cause %q", a.Incidents[2].Cause)
	}
	if !strings.Contains(a.Incidents[4].Cause, "HTML") {
		t.Errorf("HTML token response cause %q", a.Incidents[4].Cause)
	}
	if !strings.Contains(a.Incidents[6].Description, "InvalidAuthenticationToken") {
		t.Errorf("Graph error not read: %q", a.Incidents[6].Description)
	}
	// WARNING and above only: the note says which logger.level to set, where, and how to go back.
	n := a.Notes[0]
	if !strings.Contains(n.Title, "WARNING") || !strings.Contains(n.Text, "data/config-internal.php") ||
		!strings.Contains(n.Text, "'level' => 'DEBUG'") || !strings.Contains(n.Text, "back to 'WARNING'") || n.Rules[0] != "logger-level-hides-oidc" {
		t.Errorf("level note: %+v", n)
	}
}

func TestVersion80to82(t *testing.T) {
	a := analyze(t, Options{}, "testdata/v82")
	const f = "espo-2024-01-10.log"
	checkIncidents(t, a, []wantInc{
		{"no-client-secret", "", 1, 1, f, 2, 2, "8.0–8.2"},
		{"bad-token-request", "AADSTS54005", 1, 2, f, 3, 4, "8.0–8.2"},
		{"user-not-regular", "", 1, 1, f, 5, 5, "8.0–8.2"},
		{"jwt-alg-not-allowed", "", 1, 1, f, 6, 6, "8.0–8.2"},
	})
	if r := a.Incidents[1].Rules; len(r) == 0 || r[0] != "espo-2fa-with-oidc" {
		t.Errorf("AADSTS54005 rules %v", r)
	}
}

func TestVersion7(t *testing.T) {
	a := analyze(t, Options{}, "testdata/v7")
	const f = "espo-2023-05-01.log"
	checkIncidents(t, a, []wantInc{
		{"token-request-error", "AADSTS7000222", 1, 2, f, 2, 3, "7.x"},
		{"jwt-expired", "", 1, 1, f, 4, 4, "7.x"},
		{"no-hash", "", 1, 1, f, 5, 5, "7.x"},
	})
	if got := a.Incidents[0].Cause; got != "client secret expired" {
		t.Errorf("cause %q", got)
	}
}

func TestGzipAndFolderOrder(t *testing.T) {
	a := analyze(t, Options{}, "testdata/gz", "testdata/v7")
	checkIncidents(t, a, []wantInc{
		{"token-request-error", "AADSTS7000222", 1, 2, "espo-2023-05-01.log", 2, 3, "7.x"},
		{"jwt-expired", "", 1, 1, "espo-2023-05-01.log", 4, 4, "7.x"},
		{"no-hash", "", 1, 1, "espo-2023-05-01.log", 5, 5, "7.x"},
		{"bad-token-request", "AADSTS700016", 2, 4, "espo-2026-07-01.log.gz", 2, 6, "10.x"},
	})
	if !a.Files[0].Gzip || a.Files[1].Gzip {
		t.Errorf("gzip detection: %+v", a.Files)
	}
	if got := strings.Join(a.Versions, ","); got != "7.x,10.x" {
		t.Errorf("versions %s", got)
	}
}

func TestBadInputsSkippedAndCounted(t *testing.T) {
	a, err := Analyze(context.Background(), []string{"testdata/bad", "testdata/mixed"}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]FileStat{}
	for _, f := range a.Files {
		byName[filepath.Base(f.File)] = f
	}
	if s := byName["binary.log"].Skipped; s.Binary == 0 || byName["binary.log"].Records != 0 {
		t.Errorf("binary.log: %+v", byName["binary.log"])
	}
	if s := byName["latin1.log"].Skipped; s.NotUTF8 != 2 {
		t.Errorf("latin1.log: %+v", s)
	}
	tr := byName["truncated.log.gz"]
	if tr.Skipped.Truncated != 1 || !strings.Contains(tr.Problem, "truncated gzip") || tr.Records == 0 {
		t.Errorf("truncated.log.gz: %+v", tr)
	}
	mx := byName["espo-2026-07-03.log"]
	if mx.Skipped.Binary != 1 || mx.Skipped.NotUTF8 != 1 || mx.Records != 2 {
		t.Errorf("mixed: %+v", mx)
	}
	if a.Skipped.Truncated != 1 || a.Skipped.NotUTF8 != 4 {
		t.Errorf("totals %+v", a.Skipped)
	}
}

func TestUnusableInputs(t *testing.T) {
	for _, c := range []struct{ path, msg string }{
		{"testdata/bad/binary.log", "no EspoCRM log records found"},
		{"testdata/bad/latin1.log", "2 not UTF-8"},
		{"testdata/does-not-exist.log", "no such file"},
		{"testdata/golden", "no log files"},
	} {
		_, err := Analyze(context.Background(), []string{c.path}, nil, Options{})
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), c.path) {
			t.Errorf("%s: err %v, want an InputError naming the file with %q", c.path, err, c.msg)
		}
	}
	_, err := Analyze(context.Background(), []string{"-"}, strings.NewReader(""), Options{})
	if err == nil || !strings.Contains(err.Error(), "(stdin)") {
		t.Errorf("empty stdin: %v", err)
	}
	if _, err := Analyze(context.Background(), nil, nil, Options{}); err == nil {
		t.Error("no paths: no error")
	}
}

func TestLongLineSkippedBounded(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("[2026-07-02 09:00:00] ERROR: OIDC: JWT expired.\n")
	b.WriteString("[2026-07-02 09:00:01] ERROR: OIDC: Bad token request.; Status: 400; Response: ")
	b.Write(bytes.Repeat([]byte("A"), 3<<20))
	b.WriteString("\n[2026-07-02 09:00:02] ERROR: OIDC: JWT signature not verified.\n")
	a, err := Analyze(context.Background(), []string{"-"}, &b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Skipped.TooLong != 1 || a.Records != 2 || len(a.Incidents) != 2 {
		t.Errorf("skipped %+v records %d incidents %d", a.Skipped, a.Records, len(a.Incidents))
	}
	// a line of exactly the limit is still read
	line := "[2026-07-02 09:00:00] ERROR: OIDC: JWT expired. " + strings.Repeat("x", 100)
	a, err = Analyze(context.Background(), []string{"-"}, strings.NewReader(line), Options{MaxLine: len(line)})
	if err != nil || a.Skipped.TooLong != 0 || len(a.Incidents) != 1 {
		t.Errorf("line at the limit: %v %+v", err, a)
	}
}

func TestSinceUntilAndGap(t *testing.T) {
	opts := Options{Since: time.Date(2026, 7, 2, 10, 0, 0, 0, time.UTC), Until: time.Date(2026, 7, 2, 12, 0, 0, 0, time.UTC)}
	a := analyze(t, opts, "testdata/v10")
	var got []string
	for _, i := range a.Incidents {
		got = append(got, i.Entry)
	}
	if strings.Join(got, " ") != "espocrm:bad-token-request espocrm:no-client-secret espocrm:jwt-aud espocrm:user-admin-not-allowed" {
		t.Errorf("filtered incidents %v", got)
	}
	if a.OutOfRange == 0 || a.Since == nil || a.Until == nil {
		t.Errorf("out of range %d", a.OutOfRange)
	}
	// The same cause two hours apart is two incidents of one cause.
	logText := "[2026-07-02 09:00:00] ERROR: OIDC: JWT expired.\n[2026-07-02 09:10:00] ERROR: OIDC: JWT expired.\n[2026-07-02 11:10:00] ERROR: OIDC: JWT expired.\n"
	a, err := Analyze(context.Background(), []string{"-"}, strings.NewReader(logText), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Incidents) != 2 || a.Incidents[0].Attempts != 2 || len(a.Summary) != 1 || a.Summary[0].Incidents != 2 || a.Summary[0].Attempts != 3 {
		t.Errorf("gap: %d incidents, summary %+v", len(a.Incidents), a.Summary)
	}
}

func TestNoSecretsInOutput(t *testing.T) {
	for _, dir := range []string{"testdata/v10", "testdata/v93", "testdata/v82", "testdata/v7", "testdata/gz"} {
		a := analyze(t, Options{}, dir)
		var text bytes.Buffer
		if err := a.WriteText(&text); err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(a)
		for _, out := range [][]byte{text.Bytes(), js} {
			for _, secret := range []string{"eyJ0eXAi", "c2lnbmF0dXJlLXNlY3JldA", "n-0S6_WzA2Mj", "admin@contoso.com"} {
				if bytes.Contains(out, []byte(secret)) {
					t.Errorf("%s: output contains %q", dir, secret)
				}
			}
		}
	}
}

func TestRotatedAndStdin(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile("testdata/v7/espo-2023-05-01.log")
	os.WriteFile(filepath.Join(dir, "espo.log.1"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a log"), 0o644)
	a := analyze(t, Options{}, dir)
	if len(a.Files) != 1 || len(a.Incidents) != 3 {
		t.Errorf("rotated: files %d incidents %d", len(a.Files), len(a.Incidents))
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	a, err := Analyze(context.Background(), []string{"-"}, &gz, Options{})
	if err != nil || a.Files[0].File != "(stdin)" || !a.Files[0].Gzip || len(a.Incidents) != 3 {
		t.Errorf("gzip on stdin: %v %+v", err, a)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Analyze(ctx, []string{"testdata/v7"}, nil, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
}

func TestMaxIncidents(t *testing.T) {
	var b strings.Builder
	for h := 0; h < 10; h++ {
		fmt.Fprintf(&b, "[2026-07-02 %02d:00:00] ERROR: OIDC: JWT expired.\n", h)
	}
	a, err := Analyze(context.Background(), []string{"-"}, strings.NewReader(b.String()), Options{MaxIncidents: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Incidents) != 3 || a.DroppedIncidents != 7 || a.Summary[0].Incidents != 10 || a.Summary[0].Attempts != 10 {
		t.Errorf("incidents %d dropped %d summary %+v", len(a.Incidents), a.DroppedIncidents, a.Summary)
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, p := range []string{"testdata/v10/espo-2026-07-02.log", "testdata/v93/espo-2025-03-01.log", "testdata/v82/espo-2024-01-10.log", "testdata/v7/espo-2023-05-01.log", "testdata/mixed/espo-2026-07-03.log"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("[2026-07-02 09:00:00] ERROR: OIDC: Bad token request.; Status: 400; Response: {\"error\":\"x\",\"error_description\":\"AADSTS5"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Analyze(context.Background(), []string{"-"}, bytes.NewReader(data), Options{MaxLine: 4096})
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error is not an InputError: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := a.WriteText(&out); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(out.Bytes(), []byte("eyJ")) && jwtLike(out.Bytes()) {
			t.Fatalf("output shows a JWT")
		}
	})
}

func jwtLike(b []byte) bool {
	i := bytes.Index(b, []byte("eyJ"))
	if i < 0 {
		return false
	}
	rest := b[i:]
	return bytes.Count(rest[:min(len(rest), 200)], []byte(".")) >= 2 && !bytes.Contains(rest[:min(len(rest), 200)], []byte(" "))
}

// Records spread over many blocks keep their line numbers and companions.
func TestManyBlocks(t *testing.T) {
	var b strings.Builder
	t0 := time.Date(2026, 7, 2, 0, 0, 0, 0, time.UTC)
	line := int64(0)
	var firstExp, lastExp, firstTok, lastTok int64
	var nExp, nTok int
	for i := 0; b.Len() < 5*blockSize; i++ {
		ts := t0.Add(time.Duration(i) * time.Second).Format("2006-01-02 15:04:05")
		switch {
		case i%997 == 0:
			line++
			fmt.Fprintf(&b, "[%s] ERROR: OIDC: JWT expired.\n", ts)
			if firstExp == 0 {
				firstExp = line
			}
			lastExp = line
			nExp++
		case i%1013 == 0:
			fmt.Fprintf(&b, "[%s] ERROR: OIDC: Bad token request.; Status: 400; Response: {\"error\":\"invalid_grant\",\"error_codes\":[70008]}\n", ts)
			fmt.Fprintf(&b, "[%s] CRITICAL: (0)  :: GET /App/user\n[object] (RuntimeException(code: 0):  at /var/www/html/application/Espo/Core/Authentication/Oidc/Login.php:266)\n", ts)
			line += 3
			if firstTok == 0 {
				firstTok = line - 2
			}
			lastTok = line - 1
			nTok++
		case i%50 == 0:
			fmt.Fprintf(&b, "[%s] ERROR: (500) Failure. :: POST /Email\n[object] (Espo\\Core\\Exceptions\\Error(code: 500): Failure. at /x/Sender.php:200)\n[stacktrace]\n#0 {main}\n", ts)
			line += 4
		default:
			fmt.Fprintf(&b, "[%s] WARNING: Scheduled job took longer than expected; the cron interval may be too short.\n", ts)
			line++
		}
	}
	a, err := Analyze(context.Background(), []string{"-"}, strings.NewReader(b.String()), Options{Gap: 1000 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if a.Lines != line {
		t.Errorf("lines %d, want %d", a.Lines, line)
	}
	if len(a.Incidents) != 2 {
		t.Fatalf("incidents %d", len(a.Incidents))
	}
	exp, tok := a.Incidents[0], a.Incidents[1]
	if exp.Code != "" {
		exp, tok = tok, exp
	}
	if exp.Attempts != nExp || exp.FirstAt.Line != firstExp || exp.LastAt.Line != lastExp {
		t.Errorf("JWT expired: %d attempts lines %d-%d, want %d %d-%d", exp.Attempts, exp.FirstAt.Line, exp.LastAt.Line, nExp, firstExp, lastExp)
	}
	if tok.Code != "AADSTS70008" || tok.Attempts != nTok || tok.Records != 2*nTok || tok.FirstAt.Line != firstTok || tok.LastAt.Line != lastTok {
		t.Errorf("token: %s %d attempts %d records lines %d-%d, want %d attempts lines %d-%d", tok.Code, tok.Attempts, tok.Records, tok.FirstAt.Line, tok.LastAt.Line, nTok, firstTok, lastTok)
	}
}

func TestHasControl(t *testing.T) {
	for in, want := range map[string]bool{
		"": false, "plain ascii text of some length": false, "tab\there and \x1b[0m escape": false,
		"0123456789abcdef\x00": true, "\x01": true, "0123456\r89": true, "ümlaut ÿ\xff\x80 bytes": false,
		strings.Repeat("a", 64) + "\x1f": true, strings.Repeat("\x7f\x80\xa0", 20): false,
	} {
		if got := hasControl([]byte(in)); got != want {
			t.Errorf("hasControl(%q) = %v", in, got)
		}
	}
}

func TestDistinctCodesBounded(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "[2026-07-02 09:00:00] ERROR: OIDC: Bad token request.; Status: 400; Response: {\"error\":\"invalid_grant\",\"error_codes\":[%d]}\n", 1000000+i)
	}
	a, err := Analyze(context.Background(), []string{"-"}, strings.NewReader(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Summary) != maxCauses+1 || a.Summary[0].Code != "(other)" || a.Summary[0].Attempts != 3000-maxCauses {
		t.Errorf("summary %d causes, first %+v", len(a.Summary), a.Summary[0])
	}
}

func TestParseHeaderForms(t *testing.T) {
	want := time.Date(2026, 7, 2, 9, 15, 1, 0, time.UTC)
	for in, w := range map[string]time.Time{
		"[2026-07-02 09:15:01] ERROR: x":         want,
		"[2026-07-02T09:15:01] ERROR: x":         want,
		"[2026-07-02T09:15:01Z] ERROR: x":        want,
		"[2026-07-02T11:15:01+02:00] ERROR: x":   want,
		"[2026-07-02T04:15:01-0500] ERROR: x":    want,
		"[2026-07-02 09:15:01.250000] ERROR: x":  want.Add(250 * time.Millisecond),
		"[2026-07-02T09:15:01.5+00:00] ERROR: x": want.Add(500 * time.Millisecond),
	} {
		var h header
		if !parseHeader([]byte(in), &h) || !h.ts.time().Equal(w) || h.level != "ERROR" || string(h.msg) != "x" {
			t.Errorf("parseHeader(%q) = %v %s %q", in, h.ts.time(), h.level, h.msg)
		}
	}
	for _, in := range []string{"[2026-07-02 09:15:01] NOTALEVEL: x", "[2026-13-02 09:15:01] ERROR: x", "[2026-07-02 09:15:01+25:00] ERROR: x",
		"[2026-07-02 09:15:01", "[2026-07-02 09:15:01]ERROR: x", "[2026-07-02 09:15:01.] ERROR: x"} {
		var h header
		if parseHeader([]byte(in), &h) && in != "[2026-07-02 09:15:01.] ERROR: x" {
			t.Errorf("parseHeader(%q) accepted", in)
		}
	}
}

func TestHostileResponseRedacted(t *testing.T) {
	in := `[2026-07-02 09:00:00] ERROR: OIDC: Bad token request.; Status: 400; Response: {"error":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-secret","error_description":"client_secret=TopSecret123 code=AUTHCODE42 eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln"}
[2026-07-02 09:05:00] ERROR: OIDC: JWT parsing error. Bad ` + "`aud`" + `. eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln
`
	a, err := Analyze(context.Background(), []string{"-"}, strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	a.WriteText(&text)
	js, _ := json.Marshal(a)
	for _, out := range [][]byte{text.Bytes(), js} {
		for _, s := range []string{"eyJhbGci", "TopSecret123", "AUTHCODE42", "sig-secret"} {
			if bytes.Contains(out, []byte(s)) {
				t.Errorf("output contains %q", s)
			}
		}
	}
}
