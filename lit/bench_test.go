package lit

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

const benchConfig = "testdata/php/espo_full_config.php"

func BenchmarkParsePHP(b *testing.B) {
	src := readFile(b, benchConfig)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePHP(benchConfig, src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseJSON(b *testing.B) {
	const f = "testdata/php/espo_full_config.json"
	src := readFile(b, f)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseJSON(f, src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkToJSON(b *testing.B) {
	v, err := ParsePHP(benchConfig, readFile(b, benchConfig))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.ToJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// genConfig writes a config.php of about size bytes in the writer's style,
// mixing nested arrays, objects, escapes, concatenation and numbers.
func genConfig(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 4096)
	b.WriteString("<?php\nreturn [\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "  'key%d' => [\n", i)
		fmt.Fprintf(&b, "    'name' => 'value \\'%d\\' with \\\\ escapes',\n", i)
		fmt.Fprintf(&b, "    \"dq\" => \"tab\\there \\u{e9} \\x41\",\n")
		fmt.Fprintf(&b, "    'concat' => 'a' . \"\\0\" . 'b' . %d,\n", i)
		fmt.Fprintf(&b, "    'list' => [0 => 'RS256', 1 => %d, 2 => -0x1F, 3 => %d.5e-3, 4 => NULL, 5 => true],\n", i, i)
		fmt.Fprintf(&b, "    'obj' => (object) ['k%d' => (object) []], // comment\n", i%10)
		fmt.Fprintf(&b, "    'k%d' => 'duplicate', 'k%d' => 'overwritten'\n", i%3, i%3)
		b.WriteString("  ],\n")
	}
	b.WriteString("  'microtime' => 1751446931.482913\n];\n")
	return b.Bytes()
}

// timeParse returns the fastest of a few parses of src and the bytes
// allocated by one parse.
func timeParse(t *testing.T, parse func(string, []byte) (*Value, error), src []byte, runs int) (time.Duration, uint64) {
	t.Helper()
	// Collector pauses scale with the heap and the machine's load; with the
	// collector off during a parse, the timing is the parser's own work.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	best := time.Duration(1 << 62)
	var alloc uint64
	for range runs {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		start := time.Now()
		v, err := parse("big", src)
		d := time.Since(start)
		runtime.ReadMemStats(&m1)
		if err != nil {
			t.Fatal(err)
		}
		runtime.KeepAlive(v)
		best = min(best, d)
		alloc = m1.TotalAlloc - m0.TotalAlloc
	}
	return best, alloc
}

// checkLinear parses an input of about size/10 and one of about size bytes:
// ten times the input must not take much more than ten times as long, and
// allocations must stay proportional to the input. Quadratic behaviour shows
// as a time-per-byte ratio near 10 or more every time; as timings on a busy
// machine are noisy, the check passes if any of three attempts is below 5.
func checkLinear(t *testing.T, name string, size int, maxPerByte float64, parse func(string, []byte) (*Value, error), gen func(int) []byte) {
	small, big := gen(size/10), gen(size)
	var ratios []float64
	for attempt := 0; attempt < 3; attempt++ {
		ds, as := timeParse(t, parse, small, 3)
		db, ab := timeParse(t, parse, big, 2)
		ratio := float64(db) / float64(ds) * float64(len(small)) / float64(len(big))
		t.Logf("%s: %d MB in %v (%.0f MB/s), %d MB in %v (%.0f MB/s); time per byte ratio %.2f; allocated %.1fx and %.1fx the input",
			name, len(small)>>20, ds, float64(len(small))/ds.Seconds()/1e6, len(big)>>20, db, float64(len(big))/db.Seconds()/1e6,
			ratio, float64(as)/float64(len(small)), float64(ab)/float64(len(big)))
		if perByte := float64(ab) / float64(len(big)); perByte > maxPerByte {
			t.Errorf("%s: allocated %.1f bytes per input byte", name, perByte)
		}
		ratios = append(ratios, ratio)
		if ratio <= 5 {
			return
		}
	}
	t.Errorf("%s: parsing 10x the input took %.1fx as long per byte: not linear", name, ratios)
}

func TestParsePHPLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB inputs; skipped with -short")
	}
	// Every value costs a 120-byte Value and a 64-byte Entry, so memory per
	// input byte depends on how dense the values are.
	checkLinear(t, "config.php", 50<<20, 16, ParsePHP, genConfig)
	// One huge string literal with escapes, and one huge concatenation.
	checkLinear(t, "one string", 50<<20, 4, ParsePHP, func(n int) []byte {
		return []byte("<?php return '" + strings.Repeat(`ab\'c\\`, n/7) + "';")
	})
	checkLinear(t, "concatenation", 20<<20, 4, ParsePHP, func(n int) []byte {
		return []byte("<?php return 'x'" + strings.Repeat(` . "\0" . 'yz'`, n/16) + ";")
	})
	checkLinear(t, "flat list of short values", 20<<20, 45, ParsePHP, func(n int) []byte {
		return []byte("<?php return [" + strings.Repeat("'value', 12345, ", n/16) + "];")
	})
}

func TestParseJSONLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB inputs; skipped with -short")
	}
	checkLinear(t, "settings.json", 50<<20, 25, ParseJSON, genJSON)
}

// genJSON writes a JSON settings export of about size bytes.
func genJSON(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 4096)
	b.WriteString("\xEF\xBB\xBF{\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `  "key%d": {"name": "value \"%d\" with \\ escapes \u00e9 \ud83d\ude00", "url": "https:\/\/crm.example.com\/", `, i, i)
		fmt.Fprintf(&b, `"list": ["RS256", %d, -31, %d.5e-3, null, true, false], "obj": {"k%d": {}}, "k": "a", "k": "b"},`+"\n", i, i, i%10)
	}
	b.WriteString(`  "microtime": 1751446931.482913` + "\n}\n")
	return b.Bytes()
}
