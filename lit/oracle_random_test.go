package lit

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// phpGen writes random literal PHP: arrays in both syntaxes, casts, keys
// that PHP converts, duplicates, escapes, numbers in every base,
// concatenation and comments.
type phpGen struct {
	r *rand.Rand
	b strings.Builder
}

func (g *phpGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *phpGen) space() {
	switch g.r.IntN(12) {
	case 0:
		g.b.WriteString(" /* c */ ")
	case 1:
		g.b.WriteString(" // c\n")
	case 2:
		g.b.WriteString(" # c\n")
	case 3:
		g.b.WriteString("\n\t")
	case 4, 5, 6:
		g.b.WriteString(" ")
	}
}

func (g *phpGen) int() {
	n := g.r.Int64N(1<<uint(g.r.IntN(63)) + 1)
	switch g.r.IntN(7) {
	case 0:
		fmt.Fprintf(&g.b, "0x%X", n)
	case 1:
		fmt.Fprintf(&g.b, "0%o", n)
	case 2:
		fmt.Fprintf(&g.b, "0o%o", n)
	case 3:
		fmt.Fprintf(&g.b, "0b%b", n)
	case 4:
		s := fmt.Sprint(n)
		if len(s) > 3 {
			s = s[:1] + "_" + s[1:]
		}
		g.b.WriteString(s)
	case 5: // beyond int64: a float in PHP
		g.b.WriteString(g.pick("9223372036854775808", "0xFFFFFFFFFFFFFFFFF", "0b11111111111111111111111111111111111111111111111111111111111111111", "07777777777777777777777"))
	default:
		fmt.Fprint(&g.b, n)
	}
}

func (g *phpGen) float() {
	switch g.r.IntN(6) {
	case 0:
		fmt.Fprintf(&g.b, "%d.%d", g.r.IntN(100000), g.r.IntN(1000))
	case 1:
		fmt.Fprintf(&g.b, ".%d", g.r.IntN(1000))
	case 2:
		fmt.Fprintf(&g.b, "%de%d", g.r.IntN(100), g.r.IntN(60)-30)
	case 3:
		fmt.Fprintf(&g.b, "%d.%dE+%d", g.r.IntN(10), g.r.IntN(10), g.r.IntN(30))
	case 4:
		fmt.Fprintf(&g.b, "%d.", g.r.IntN(100))
	default:
		fmt.Fprint(&g.b, math.Abs(g.r.NormFloat64()*1e6))
	}
}

var strPieces = []string{"a", "Z", " ", "/", "é", "😀", "\t", "{", "}", "$", "$ ", "\\", "\\\\", "\"", "'",
	"\n", "\x01", "\x7f", "?>", "//", "#", "/*", "0", "-3", "05", "1.5"}

func (g *phpGen) str() {
	var raw strings.Builder
	for range g.r.IntN(6) {
		raw.WriteString(strPieces[g.r.IntN(len(strPieces))])
	}
	s := raw.String()
	if g.r.IntN(2) == 0 {
		s = strings.ReplaceAll(s, `\`, `\\`)
		s = strings.ReplaceAll(s, `'`, `\'`)
		g.b.WriteString("'" + s + "'")
		return
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b.WriteString(g.pick(`\\`, `\q`))
		case '"':
			b.WriteString(`\"`)
		case '$':
			b.WriteString(`\$`)
		case '{':
			b.WriteString(g.pick("{", `\{`))
		default:
			b.WriteByte(c)
		}
		switch g.r.IntN(12) {
		case 0:
			b.WriteString(g.pick(`\n`, `\t`, `\r`, `\v`, `\e`, `\f`, `\0`, `\101`, `\7`, `\377`, `\x41`, `\x7e`, `\xff`, `\xA`,
				`\u{e9}`, `\u{1F600}`, `\u{0}`, `\u{D800}`, `\uZ`, `\x`, `\'`))
		}
	}
	g.b.WriteString(`"` + b.String() + `"`)
}

func (g *phpGen) scalar() {
	switch g.r.IntN(9) {
	case 0:
		g.b.WriteString(g.pick("true", "TRUE", "False", "null", "NULL", "Null"))
	case 1, 2:
		if g.r.IntN(3) == 0 {
			g.b.WriteString(g.pick("-", "+", "- -"))
		}
		g.int()
	case 3:
		if g.r.IntN(3) == 0 {
			g.b.WriteString("-")
		}
		g.float()
	case 4: // concatenation
		g.str()
		for range 1 + g.r.IntN(3) {
			g.b.WriteString(g.pick(" . ", " .\n", "\n. "))
			switch g.r.IntN(6) {
			case 0:
				g.int()
			case 1:
				g.float()
			case 2:
				g.b.WriteString(g.pick("true", "false", "null", "-1"))
			default:
				g.str()
			}
		}
	default:
		g.str()
	}
}

func (g *phpGen) key() {
	switch g.r.IntN(8) {
	case 0:
		fmt.Fprint(&g.b, g.r.IntN(6)-2)
	case 1:
		g.b.WriteString(g.pick("'0'", "'1'", "'05'", "'-1'", "'-0'", "''", "'9223372036854775808'", "\"3\""))
	case 2:
		g.b.WriteString(g.pick("true", "false", "null", "2.0", "-0.0"))
	case 3:
		g.b.WriteString(g.pick("'a' . 'b'", "'x' . 1"))
	default:
		g.b.WriteString(g.pick("'a'", "'b'", "'ab'", `"a"`, "'c'", "'é'", "'a/b'"))
	}
}

func (g *phpGen) value(depth int) {
	if depth > 3 || g.r.IntN(3) == 0 {
		g.scalar()
		return
	}
	if g.r.IntN(4) == 0 {
		g.b.WriteString(g.pick("(object)", "(object) ", "( OBJECT )"))
	}
	long := g.r.IntN(3) == 0
	if long {
		g.b.WriteString(g.pick("array(", "ARRAY (", "Array("))
	} else {
		g.b.WriteString("[")
	}
	n := g.r.IntN(5)
	if g.r.IntN(5) == 0 {
		n = 9 + g.r.IntN(16) // past the parser's linear duplicate scan: repeats merged at the end
	}
	for i := range n {
		g.space()
		if g.r.IntN(2) == 0 {
			g.key()
			g.space()
			g.b.WriteString("=>")
			g.space()
		}
		g.value(depth + 1)
		if i < n-1 || g.r.IntN(2) == 0 {
			g.b.WriteString(",")
		}
	}
	g.space()
	if long {
		g.b.WriteString(")")
	} else {
		g.b.WriteString("]")
	}
}

func (g *phpGen) file() string {
	g.b.Reset()
	g.b.WriteString(g.pick("<?php\n", "<?php ", "<?PHP\r\n"))
	g.space()
	g.b.WriteString(g.pick("return ", "return\t", "RETURN "))
	g.value(0)
	g.b.WriteString(g.pick(";\n", ";", " ;", "\n?>\n", ";\n?>"))
	return g.b.String()
}

// TestPHPOracleRandom parses random literal PHP files with ParsePHP and with
// PHP itself and compares json_encode output byte for byte (an empty line
// when json_encode fails, e.g. on invalid UTF-8).
func TestPHPOracleRandom(t *testing.T) {
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("php not on PATH")
	}
	n := 400
	if testing.Short() {
		n = 50
	}
	dir := t.TempDir()
	g := &phpGen{r: rand.New(rand.NewPCG(7, 11))}
	var files []string
	srcs := map[string]string{}
	for i := range n {
		f := filepath.Join(dir, fmt.Sprintf("%03d.php", i))
		src := g.file()
		if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		srcs[f] = src
	}
	script := `foreach (array_slice($argv, 1) as $f) { $j = json_encode(include $f); echo $j === false ? '' : $j, "\n"; }`
	cmd := exec.Command(php, append([]string{"-n", "-d", "display_errors=stderr", "-d", "error_reporting=-1", "-r", script, "--"}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// PHP warns about octal escapes above \377 (and keeps the low byte, as
	// ParsePHP does); any other message is a failure.
	var msgs []string
	for _, l := range strings.Split(stderr.String(), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.Contains(l, "Octal escape sequence overflow") {
			msgs = append(msgs, l)
		}
	}
	if err != nil || len(msgs) > 0 {
		t.Fatalf("php: %v\n%s", err, strings.Join(msgs, "\n"))
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(files) {
		t.Fatalf("php printed %d lines for %d files", len(lines), len(files))
	}
	failed := 0
	for i, f := range files {
		v, err := ParsePHP(f, []byte(srcs[f]))
		if err != nil {
			t.Errorf("%s: %v\n%s", f, err, srcs[f])
			failed++
		} else {
			got, err := v.ToJSON()
			if err != nil {
				got = nil
			}
			if string(got) != lines[i] {
				t.Errorf("%s: mismatch\nsrc: %s\n go: %s\nphp: %s", f, srcs[f], got, lines[i])
				failed++
			}
		}
		if failed > 5 {
			t.Fatal("too many failures")
		}
	}
}
