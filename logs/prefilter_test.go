package logs

import (
	"bytes"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/explain"
)

// oldPass is the pre-filter before issue 16 (16 bytes.Contains): every
// catalogue message it let through to the regexps, the new one lets
// through too.
func oldPass(msg []byte) bool {
	for _, w := range []string{"IDC", "idc", "JW", "RSA", "client ", "endpoint", "claim", "userNameReg", "Auth", "No hash.",
		"maintenance", "lgorithm", "Wrong key.", "Could not"} {
		if bytes.Contains(msg, []byte(w)) {
			return true
		}
	}
	return false
}

func newPass(msg []byte) bool {
	oidc, anchored := scanMessage(msg)
	return oidc || anchored
}

func TestPrefilterKeepsEveryCatalogueMessage(t *testing.T) {
	n := 0
	for _, e := range explain.All() {
		if e.Kind != explain.KindEspoCRM || e.NotOIDC {
			continue
		}
		for _, text := range []string{e.Text, "(0) " + e.Text + " :: GET /App/user", "Error: " + e.Text + "; more",
			strings.ReplaceAll(e.Text, ".", ". ")} {
			m := []byte(text)
			if _, ok := explain.MatchMessage(text); !ok || !oldPass(m) {
				continue
			}
			n++
			if !newPass(m) {
				t.Errorf("%s: %q no longer passes the pre-filter", e.ID, text)
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d catalogue messages checked", n)
	}
}

func TestPrefilterDropsOrdinaryLines(t *testing.T) {
	for _, msg := range []string{
		"JobManager: Failed job running, job [66f0a1b2c3d400003]. Error Details: Scheduled job AuthTokenControl took 3 s; the client connection was closed at /var/www/html/application/Espo/Core/Job/JobRunner.php:176",
		"Cron: job AuthTokenControl done in 2 ms; 2 auth tokens removed",
		`Email sending error: Could not connect to SMTP host smtp.example.com:587 (message 5); Failed to authenticate on SMTP server with username "crm5@example.com"`,
		"Scheduled job 'ProcessJobQueueQ1' took 1 s, longer than the cron interval; job id 66f0a1b2c3d41",
		"(404) Record not found. :: GET /Lead/6650a1b2c3d4e0007",
	} {
		if newPass([]byte(msg)) {
			t.Errorf("passes the pre-filter: %q", msg)
		}
	}
	for _, msg := range []string{"OIDC: JWT expired.", "Oidc: User alice found but it's not active", "No client secret.",
		"no client SECRET.", "No token endpoint.", "Auth: Forbidden. Not allowed IP address.", "Could not sync user. Username mismatch."} {
		if !newPass([]byte(msg)) {
			t.Errorf("does not pass the pre-filter: %q", msg)
		}
	}
}

// BenchmarkPrefilter: the pre-filter over the messages of the benchmark
// log (bytes/s of message text), against the one before issue 16.
func BenchmarkPrefilter(b *testing.B) {
	var msgs [][]byte
	var n int64
	var h header
	for _, l := range bytes.Split(genChunk(), []byte("\n")) {
		if parseHeader(l, &h) {
			msgs = append(msgs, h.msg)
			n += int64(len(h.msg))
		}
	}
	for _, f := range []struct {
		name string
		pass func([]byte) bool
	}{{"new", newPass}, {"old", oldPass}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(n)
			for b.Loop() {
				for _, m := range msgs {
					f.pass(m)
				}
			}
		})
	}
}

// scanMessageByWord is scanMessage by its definition: every occurrence of
// every anchor word, followed as it must be.
func scanMessageByWord(msg []byte) (oidc, anchored bool) {
	for _, a := range anchors {
		for off := 0; ; {
			j := bytes.Index(msg[off:], []byte(a.word))
			if j < 0 {
				break
			}
			end := off + j + len(a.word)
			off += j + 1
			if followedBy(msg[end:], a.next) {
				anchored = true
				oidc = oidc || a.oidc
			}
		}
	}
	return oidc, anchored
}

func FuzzScanMessage(f *testing.F) {
	for _, s := range []string{"OIDC: JWT expired.", "no client SECRET.", "client client id.", "Auth:", "Could not sync user",
		"endpoint not specified", "xRSAx claimmaintenanceW", "No hash.Wrong key.", "oidc", "userNameRegex", "algorithm JW", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		o1, a1 := scanMessage(msg)
		o2, a2 := scanMessageByWord(msg)
		if o1 != o2 || a1 != a2 {
			t.Errorf("%q: scanMessage %v %v, by word %v %v", msg, o1, a1, o2, a2)
		}
	})
}
