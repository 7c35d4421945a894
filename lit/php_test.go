package lit

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goodPHPFixtures are the fixtures that PHP itself can include; each has a
// golden NAME.json written by PHP's json_encode (see TestPHPOracle).
func goodPHPFixtures(t testing.TB) []string { return fixtures(t, "php/*.php") }

func TestParsePHPGolden(t *testing.T) {
	for _, f := range goodPHPFixtures(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			v, err := ParsePHP(f, readFile(t, f))
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.ToJSON()
			if err != nil {
				t.Fatal(err)
			}
			want := readFile(t, strings.TrimSuffix(f, ".php")+".json")
			if !bytes.Equal(got, want) {
				t.Errorf("ToJSON mismatch\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

// TestPHPOracle compares ToJSON(ParsePHP(f)) byte for byte with what real PHP
// prints for json_encode(include f), for every fixture PHP can include.
// Output PHP prints before the value (a BOM or whitespace outside <?php ?>,
// which include echoes) is not part of the value and is dropped.
func TestPHPOracle(t *testing.T) {
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("php not on PATH")
	}
	for _, f := range goodPHPFixtures(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			cmd := exec.Command(php, "-n", "-d", "display_errors=stderr", "-d", "error_reporting=-1",
				"-r", `echo json_encode(include $argv[1]);`, f)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil || stderr.Len() > 0 {
				t.Fatalf("php failed: %v\n%s", err, stderr.Bytes())
			}
			out = bytes.TrimPrefix(out, []byte("\xEF\xBB\xBF"))
			out = bytes.TrimLeft(out, " \t\r\n")
			v, err := ParsePHP(f, readFile(t, f))
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.ToJSON()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, out) {
				t.Errorf("mismatch with php\n  go: %s\n php: %s", got, out)
			}
		})
	}
}

func TestScratch(t *testing.T) {
	for _, f := range fixtures(t, "php/bad/*.php") {
		_, err := ParsePHP(f, readFile(t, f))
		t.Logf("%v", err)
	}
}
