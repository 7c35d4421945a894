package main

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the example outputs in README.md and docs/*.md from real runs")

// The examples in the README and docs/ are real runs: every fenced block
// that starts with "$ espo-oidc ..." (or "$ cat FILE" followed by the file's
// content) is run from the repository root, at 100 columns, and its output
// must be what the block shows. A line "..." or "…" alone (indentation
// allowed) stands for lines left out; "$ echo $?" shows the exit code of the
// command before it. Paths under /tmp/ are written to a temporary folder.
// The clock is fixed at 2026-11-29 08:00 UTC.
// `go test ./cmd/espo-oidc -run TestDocExamples -update-docs` rewrites the
// shown output from the runs (keeping the left-out parts left out).
func TestDocExamples(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files = append([]string{filepath.Join(root, "README.md")}, files...)
	t.Setenv("COLUMNS", "100")
	// the examples' dates (a secret that expires in 11 days) hold on any day
	clock = func() time.Time { return time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC) }
	defer func() { clock = nil }()
	t.Setenv("NO_COLOR", "1")
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		changed := false
		for i := 0; i < len(lines); i++ {
			if lines[i] != "```" || i+1 >= len(lines) || !(strings.HasPrefix(lines[i+1], "$ espo-oidc ") || strings.HasPrefix(lines[i+1], "$ cat ")) {
				continue
			}
			end := i + 1
			for end < len(lines) && lines[end] != "```" {
				end++
			}
			name := filepath.Base(f) + ":" + strconv.Itoa(i+2)
			block := runExampleBlock(t, root, name, lines[i+1:end])
			n++
			if *updateDocs && !slicesEqual(block, lines[i+1:end]) {
				lines = append(lines[:i+1], append(block, lines[end:]...)...)
				end = i + 1 + len(block)
				changed = true
			}
			i = end
		}
		if changed {
			if err := os.WriteFile(f, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d examples found in the README and docs/", n)
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// runExampleBlock runs one block's commands and returns the block as it
// should read (the same as block when the output matches).
func runExampleBlock(t *testing.T, root, name string, block []string) []string {
	t.Helper()
	work := t.TempDir()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != ".git" {
			if err := os.Symlink(filepath.Join(root, e.Name()), filepath.Join(work, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	tmp := filepath.Join(t.TempDir(), "tmp")
	if err := os.Mkdir(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	var out []string
	lastCode := -1
	for i := 0; i < len(block); {
		cmd := block[i]
		j := i + 1
		for j < len(block) && !strings.HasPrefix(block[j], "$ ") {
			j++
		}
		want := block[i+1 : j]
		out = append(out, cmd)
		switch {
		case strings.HasPrefix(cmd, "$ cat "):
			p := strings.TrimSpace(strings.TrimPrefix(cmd, "$ cat "))
			if err := os.WriteFile(filepath.Join(work, p), []byte(strings.Join(want, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			out = append(out, want...)
		case cmd == "$ echo $?":
			got := strconv.Itoa(lastCode)
			if len(want) != 1 || want[0] != got {
				t.Errorf("%s: %s shows %q; the exit code was %s", name, block[0], want, got)
			}
			out = append(out, got)
		case strings.HasPrefix(cmd, "$ espo-oidc "):
			args, stdinFile, err := splitCommand(strings.TrimPrefix(cmd, "$ espo-oidc "))
			if err != nil {
				t.Fatalf("%s: %s: %v", name, cmd, err)
			}
			for k, a := range args {
				if strings.HasPrefix(a, "/tmp/") {
					args[k] = tmp + strings.TrimPrefix(a, "/tmp")
				}
			}
			stdin := ""
			if stdinFile != "" {
				b, err := os.ReadFile(stdinFile)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				stdin = string(b)
			}
			code, stdout, stderr := runCmd(t, stdin, args...)
			lastCode = code
			text := strings.ReplaceAll(stdout+stderr, tmp, "/tmp")
			got := strings.Split(strings.TrimRight(text, "\n"), "\n")
			for k := range got {
				got[k] = strings.TrimRight(got[k], " ")
			}
			shown, ok := matchElided(want, got)
			if !ok {
				if *updateDocs {
					t.Logf("%s: %s: output rewritten", name, cmd)
				} else {
					t.Errorf("%s: %s: the output differs from the example (go test ./cmd/espo-oidc -run TestDocExamples -update-docs rewrites it)\n--- shown\n%s\n--- real run (exit %d)\n%s",
						name, cmd, strings.Join(want, "\n"), code, strings.Join(got, "\n"))
				}
			}
			out = append(out, shown...)
		default:
			t.Errorf("%s: cannot run %q in an example", name, cmd)
			out = append(out, want...)
		}
		i = j
	}
	return out
}

// isElision says whether a shown line stands for lines left out.
func isElision(s string) bool {
	s = strings.TrimSpace(s)
	return s == "..." || s == "…"
}

// matchElided compares the shown lines (with elisions) with the real
// output. It returns whether they match and the shown lines as they should
// read: the real lines in place of each shown part, the elisions kept.
func matchElided(want, got []string) ([]string, bool) {
	var chunks [][]string
	var marks []string
	cur := []string{}
	for _, w := range want {
		if isElision(w) {
			chunks = append(chunks, cur)
			marks = append(marks, w)
			cur = []string{}
			continue
		}
		cur = append(cur, strings.TrimRight(w, " "))
	}
	chunks = append(chunks, cur)
	if len(chunks) == 1 {
		return got, slicesEqual(want, got)
	}
	ok := true
	var out []string
	pos := 0
	for c, chunk := range chunks {
		var at int
		switch {
		case c == 0:
			at = 0
		case c == len(chunks)-1:
			at = len(got) - len(chunk)
		default:
			at = findChunk(got, chunk, pos)
		}
		if at < pos || at+len(chunk) > len(got) {
			ok = false
			at = min(max(pos, 0), len(got))
		}
		end := min(at+len(chunk), len(got))
		if !slicesEqual(chunk, got[at:end]) {
			ok = false
		}
		out = append(out, got[at:end]...)
		pos = end
		if c < len(marks) {
			out = append(out, marks[c])
		}
	}
	return out, ok
}

// findChunk finds chunk in got from pos: exactly, else where its first line
// begins the same way (its first 60 bytes), else -1.
func findChunk(got, chunk []string, pos int) int {
	if len(chunk) == 0 {
		return pos
	}
	for i := pos; i+len(chunk) <= len(got); i++ {
		if slicesEqual(chunk, got[i:i+len(chunk)]) {
			return i
		}
	}
	key := chunk[0]
	if len(key) > 60 {
		key = key[:60]
	}
	for i := pos; i < len(got); i++ {
		if strings.HasPrefix(got[i], key) {
			return i
		}
	}
	return -1
}

// splitCommand splits a shell command line the way the examples write them:
// words, 'single' and "double" quotes, and "< FILE" for standard input.
func splitCommand(s string) (args []string, stdin string, err error) {
	var cur strings.Builder
	in, quote := false, byte(0)
	redirect := false
	flush := func() {
		if !in {
			return
		}
		if redirect {
			stdin, redirect = cur.String(), false
		} else {
			args = append(args, cur.String())
		}
		cur.Reset()
		in = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == ' ' || c == '\t':
			flush()
		case c == '<' && !in:
			redirect = true
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		return nil, "", os.ErrInvalid
	}
	flush()
	return args, stdin, nil
}
