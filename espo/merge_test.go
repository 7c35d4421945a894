package espo

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/espo-oidc/espo-oidc/lit"
)

// dumpPHP prints a value compactly, the way phpDump in oracleScript does.
func dumpPHP(v *lit.Value) string {
	var b strings.Builder
	var walk func(v *lit.Value)
	walk = func(v *lit.Value) {
		switch v.Kind {
		case lit.Null:
			b.WriteString("NULL")
		case lit.Bool:
			b.WriteString(strconv.FormatBool(v.Bool))
		case lit.Int:
			b.WriteString(strconv.FormatInt(v.Int, 10))
		case lit.String:
			b.WriteString("'" + v.Str + "'")
		case lit.Array:
			if v.Object {
				b.WriteString("(object)")
			}
			b.WriteString("[")
			for i, e := range v.Entries {
				if i > 0 {
					b.WriteString(",")
				}
				if n, err := strconv.ParseInt(e.Key, 10, 64); e.IntKey || (v.Object && err == nil && strconv.FormatInt(n, 10) == e.Key) {
					b.WriteString(e.Key) // get_object_vars gives numeric property names back as ints
				} else {
					b.WriteString("'" + e.Key + "'")
				}
				b.WriteString("=>")
				walk(e.Value)
			}
			b.WriteString("]")
		default:
			b.WriteString(fmt.Sprint(v.Kind))
		}
	}
	walk(v)
	return b.String()
}

// mergedFiles merges PHP files in order, as Config::load does, and dumps the
// effective settings as one array.
func mergedFiles(t testing.TB, files ...string) string {
	t.Helper()
	var fs []File
	names := []string{"data/config.php", "data/config-internal.php", "data/config-override.php", "data/config-internal-override.php"}
	for i, f := range files {
		fs = append(fs, File{Name: names[i], Data: []byte("<?php return " + f + ";")})
	}
	s, err := FromFiles("x", fs...)
	if err != nil {
		t.Fatal(err)
	}
	out := &lit.Value{Kind: lit.Array}
	for _, k := range s.Order {
		out.Entries = append(out.Entries, lit.Entry{Key: k, Value: s.Values[k].Value})
	}
	return dumpPHP(out)
}

// Util::merge's rules (application/Espo/Core/Utils/Util.php:172-226 at
// 10.0.0). Every expected value was produced by running EspoCRM's own
// Util::merge at 10.0.0 under php-cli 8.2 (TestMergeOracle repeats that
// when ESPO_OIDC_ESPOCRM_UTIL names the file).
func TestUtilMerge(t *testing.T) {
	cases := []struct{ name, cur, nw, want string }{
		{"null in a later file replaces an array (the loop assigns; only the top-level call keeps a non-array)",
			"['oidcScopes' => ['a', 'b']]", "['oidcScopes' => null]", "['oidcScopes'=>NULL]"},
		{"an empty array does not clear a map",
			"['logger' => ['level' => 'X', 'path' => 'p']]", "['logger' => []]", "['logger'=>['level'=>'X','path'=>'p']]"},
		{"an empty list replaces a list",
			"['oidcScopes' => ['a']]", "['oidcScopes' => []]", "['oidcScopes'=>[]]"},
		{"lists replace lists",
			"['oidcScopes' => ['a', 'b', 'c']]", "['oidcScopes' => ['d']]", "['oidcScopes'=>[0=>'d']]"},
		{"__APPEND__ appends to the current list and is removed",
			"['oidcScopes' => ['profile', 'email']]", "['oidcScopes' => ['__APPEND__', 'phone']]", "['oidcScopes'=>[0=>'profile',1=>'email',2=>'phone']]"},
		{"__APPEND__ on a key that was not set is removed and the array renumbered (string keys too)",
			"['a' => 1]", "['m' => ['x' => '__APPEND__', 'y' => 1]]", "['a'=>1,'m'=>[0=>1]]"},
		{"__APPEND__ is removed at every depth of a new key",
			"['a' => 1]", "['n' => ['k' => ['__APPEND__']]]", "['a'=>1,'n'=>['k'=>[]]]"},
		{"a map merges into a list key by key",
			"['l' => ['a', 'b']]", "['l' => ['x' => 'y']]", "['l'=>[0=>'a',1=>'b','x'=>'y']]"},
		{"a list merges into a map key by key",
			"['l' => ['x' => 'y']]", "['l' => [5 => 'z']]", "['l'=>['x'=>'y',5=>'z']]"},
		{"maps merge recursively, replaced keys keep their place",
			"['logger' => ['path' => 'p', 'level' => 'WARNING', 'rotation' => true]]", "['logger' => ['level' => 'DEBUG', 'x' => 1]]",
			"['logger'=>['path'=>'p','level'=>'DEBUG','rotation'=>true,'x'=>1]]"},
		{"an (object) cast is not an array: it replaces",
			"['oidcTeamsColumns' => (object) ['t1' => (object) ['group' => 'g1']]]", "['oidcTeamsColumns' => (object) ['t2' => (object) ['group' => 'g2']]]",
			"['oidcTeamsColumns'=>(object)['t2'=>(object)['group'=>'g2']]]"},
		{"an array replaces a scalar, and keeps its marker when the key was set",
			"['x' => 'str']", "['x' => ['__APPEND__', 'a']]", "['x'=>[0=>'__APPEND__',1=>'a']]"},
		{"a key that was NULL counts as not set: markers are removed",
			"['x' => null]", "['x' => ['__APPEND__', 'a']]", "['x'=>[0=>'a']]"},
		{"__APPEND__ with string keys: array_merge replaces them in place",
			"['m' => ['a' => 1, 0 => 'p']]", "['m' => ['__APPEND__', 'a' => 2, 'q']]", "['m'=>['a'=>2,0=>'p',1=>'q']]"},
	}
	for _, c := range cases {
		if got := mergedFiles(t, c.cur, c.nw); got != c.want {
			t.Errorf("%s:\n  merge(%s, %s)\n  got  %s\n  want %s", c.name, c.cur, c.nw, got, c.want)
		}
	}
}

// The merge is linear: merging two files that share an array of n keys
// visits a number of entries proportional to n (the old merge compared
// every new key with every current one: 160k keys took 53 s).
func TestMergeLinear(t *testing.T) {
	ops := func(n int) int {
		var a, b strings.Builder
		a.WriteString("<?php return ['shared' => [")
		b.WriteString("<?php return ['shared' => [")
		for i := range n {
			fmt.Fprintf(&a, "'k%d' => ['v' => %d],", i, i)
			fmt.Fprintf(&b, "'k%d' => ['w' => %d],", n-1-i, i)
		}
		a.WriteString("]];")
		b.WriteString("]];")
		s, err := FromFiles("x", File{"data/config.php", []byte(a.String())}, File{"data/config-internal.php", []byte(b.String())})
		if err != nil {
			t.Fatal(err)
		}
		if e := s.Get("shared").Value.Get("k0"); e == nil || len(e.Value.Entries) != 2 {
			t.Fatalf("n=%d: k0 not merged: %+v", n, e)
		}
		return s.mergeOps
	}
	small, large := ops(1000), ops(64000)
	if ratio := float64(large) / float64(small); ratio > 64*1.1 {
		t.Errorf("64x the keys cost %.1fx the entry visits (%d vs %d): not linear", ratio, large, small)
	}
}

func BenchmarkMergeShared160k(b *testing.B) {
	var x, y strings.Builder
	x.WriteString("<?php return ['shared' => [")
	y.WriteString("<?php return ['shared' => [")
	for i := range 160000 {
		fmt.Fprintf(&x, "'k%d' => %d,", i, i)
		fmt.Fprintf(&y, "'k%d' => %d,", i, -i)
	}
	x.WriteString("]];")
	y.WriteString("]];")
	files := []File{{"data/config.php", []byte(x.String())}, {"data/config-internal.php", []byte(y.String())}}
	for b.Loop() {
		if _, err := FromFiles("x", files...); err != nil {
			b.Fatal(err)
		}
	}
}

// oracleScript merges arrays with EspoCRM's own Util::merge and prints them
// as dumpPHP does.
const oracleScript = `<?php
require getenv('ESPO_UTIL');
use Espo\Core\Utils\Util;
function d($v) {
  if ($v === null) return 'NULL';
  if (is_bool($v)) return $v ? 'true' : 'false';
  if (is_int($v)) return (string) $v;
  if (is_string($v)) return "'" . $v . "'";
  $o = is_object($v); $a = $o ? get_object_vars($v) : $v; $p = [];
  foreach ($a as $k => $x) $p[] = (is_int($k) ? $k : "'" . $k . "'") . '=>' . d($x);
  return ($o ? '(object)' : '') . '[' . implode(',', $p) . ']';
}
foreach (explode("\n", trim(stream_get_contents(STDIN))) as $line) {
  $files = eval('return ' . $line . ';');
  $m = [];
  foreach ($files as $f) $m = Util::merge($m, $f);
  echo d($m), "\n";
}
`

// randomArray writes a random PHP array literal of config-like shape.
func randomArray(r *rand.Rand, depth int) string {
	var b strings.Builder
	if depth > 0 && r.IntN(6) == 0 {
		b.WriteString("(object) ")
	}
	b.WriteString("[")
	n := r.IntN(5)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		switch r.IntN(3) {
		case 0:
			fmt.Fprintf(&b, "'%s' => ", []string{"a", "b", "c", "level"}[r.IntN(4)])
		case 1:
			fmt.Fprintf(&b, "%d => ", r.IntN(3))
		}
		switch k := r.IntN(8); {
		case k < 3 && depth < 3:
			b.WriteString(randomArray(r, depth+1))
		case k == 3:
			b.WriteString("'__APPEND__'")
		case k == 4:
			b.WriteString("null")
		default:
			b.WriteString([]string{"'x'", "'y'", "1", "true", "''"}[r.IntN(5)])
		}
	}
	b.WriteString("]")
	return b.String()
}

// TestMergeOracle compares the merge with EspoCRM's Util::merge on random
// config files. It needs php-cli and EspoCRM's
// application/Espo/Core/Utils/Util.php (any release 7.3.0–10.0.0):
// ESPO_OIDC_ESPOCRM_UTIL=/path/to/Util.php go test ./espo -run Oracle
func TestMergeOracle(t *testing.T) {
	util := os.Getenv("ESPO_OIDC_ESPOCRM_UTIL")
	php, err := exec.LookPath("php")
	if util == "" || err != nil {
		t.Skip("set ESPO_OIDC_ESPOCRM_UTIL to EspoCRM's application/Espo/Core/Utils/Util.php (and install php-cli) to compare with EspoCRM's Util::merge")
	}
	r := rand.New(rand.NewPCG(1, 2))
	var lines, wants []string
	for range 400 {
		nfiles := 2 + r.IntN(3)
		var files []string
		for range nfiles {
			var b strings.Builder
			b.WriteString("[")
			for j := range 1 + r.IntN(3) {
				if j > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "'%s' => ", []string{"oidcScopes", "logger", "oidcTeamsColumns"}[r.IntN(3)])
				if r.IntN(5) == 0 {
					b.WriteString([]string{"null", "'s'", "[]"}[r.IntN(3)])
				} else {
					b.WriteString(randomArray(r, 1))
				}
			}
			b.WriteString("]")
			files = append(files, b.String())
		}
		lines = append(lines, "["+strings.Join(files, ", ")+"]")
		wants = append(wants, mergedFiles(t, files...))
	}
	cmd := exec.Command(php, "-d", "error_reporting=0", "-r", "eval('?>' . file_get_contents('php://fd/3'));")
	cmd.Env = append(os.Environ(), "ESPO_UTIL="+util)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	script := filepath.Join(t.TempDir(), "oracle.php")
	if err := os.WriteFile(script, []byte(oracleScript), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd.Args = []string{php, "-d", "error_reporting=0", script}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("php: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(got) != len(wants) {
		t.Fatalf("php printed %d lines for %d cases:\n%s", len(got), len(wants), out)
	}
	for i := range wants {
		if got[i] != wants[i] {
			t.Errorf("files %s\n  EspoCRM %s\n  ours    %s", lines[i], got[i], wants[i])
		}
	}
}
