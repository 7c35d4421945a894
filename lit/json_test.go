package lit

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseJSONValues(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"object", "{\n  \"a\": 1,\n  \"b\": [true, null]\n}",
			`object@1:1{"a"@2:3=int(1)@2:8, "b"@3:3=list@3:8[0@3:9=bool(true)@3:9, 1@3:15=null@3:15]}`},
		{"numeric keys stay strings", `{"0": "x", "1": "y"}`, `object@1:1{"0"@1:2=string("x")@1:7, "1"@1:12=string("y")@1:17}`},
		{"duplicate key overwrites in place", `{"a": 1, "b": 2, "a": 3}`, `object@1:1{"a"@1:18=int(3)@1:23, "b"@1:10=int(2)@1:15}`},
		{"empty object and array", `[{}, []]`, `list@1:1[0@1:2=object@1:2{}, 1@1:6=list@1:6[]]`},
		{"numbers", `[0, -0, 12, -3, 1.5, -0.0, 1e3, 2E-2, 9223372036854775807, 9223372036854775808, -9223372036854775808, 1e999]`,
			`list@1:1[0@1:2=int(0)@1:2, 1@1:5=int(0)@1:5, 2@1:9=int(12)@1:9, 3@1:13=int(-3)@1:13, 4@1:17=float(1.5)@1:17, 5@1:22=float(-0)@1:22, 6@1:28=float(1000)@1:28, 7@1:33=float(0.02)@1:33, 8@1:39=int(9223372036854775807)@1:39, 9@1:60=float(9223372036854776000)@1:60, 10@1:81=int(-9223372036854775808)@1:81, 11@1:103=float(+Inf)@1:103]`},
		{"string escapes", `"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\u0000"`, `string("a\"b\\c/d\b\f\n\r\té😀\x00")@1:1`},
		{"raw UTF-8", `"Zoë"`, `string("Zoë")@1:1`},
		{"scalar top level", " true ", `bool(true)@1:2`},
		{"BOM", "\xEF\xBB\xBF{\"a\":null}", `object@1:4{"a"@1:5=null@1:9}`},
		{"CRLF", "[\r\n1,\r\n2]", `list@1:1[0@2:1=int(1)@2:1, 1@3:1=int(2)@3:1]`},
		{"column counts bytes", `{"é": "ü", "k": 1}`, `object@1:1{"é"@1:2=string("ü")@1:8, "k"@1:14=int(1)@1:19}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseJSON("f.json", []byte(tt.src))
			if err != nil {
				t.Fatalf("ParseJSON(%q): %v", tt.src, err)
			}
			if got := dump(v); got != tt.want {
				t.Errorf("ParseJSON(%q)\n got: %s\nwant: %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "1:1: empty file: expected a JSON value"},
		{"whitespace", " \n ", "2:2: unexpected end of JSON input: expected a value"},
		{"unclosed object", "{\"a\": 1", "1:8: unexpected end of JSON input: the object opened at line 1 is not closed"},
		{"unclosed nested", "{\n  \"a\": [\n    1,\n", "4:1: unexpected end of JSON input: the array opened at line 2 is not closed"},
		{"unclosed after colon", `{"a":`, "1:6: unexpected end of JSON input: the object opened at line 1 is not closed"},
		{"unclosed after key", `{"a"`, "1:5: unexpected end of JSON input: the object opened at line 1 is not closed"},
		{"unclosed string", `{"password": "hunter2`, "1:22: unexpected end of JSON input: the string opened at line 1, column 14 is not closed"},
		{"bad character", `{"a": x}`, "1:7: invalid character 'x' looking for beginning of value"},
		{"trailing comma in object", `{"a": 1,}`, "1:9: invalid character '}' looking for beginning of object key string"},
		{"trailing comma in array", `[1,]`, "1:4: invalid character ']' looking for beginning of value"},
		{"missing colon", `{"a" 1}`, "1:6: invalid character '1' after object key"},
		{"missing comma", `{"a": 1 "b": 2}`, "1:9: invalid character '\"' after object key:value pair"},
		{"missing array comma", `[1 2]`, "1:4: invalid character '2' after array element"},
		{"unquoted key", `{a: 1}`, "1:2: invalid character 'a' looking for beginning of object key string"},
		{"single quotes", `{'a': 1}`, "1:2: invalid character '\\'' looking for beginning of object key string"},
		{"leading zero", `[01]`, "1:3: invalid character '1' after array element"},
		{"bad fraction", `1.x`, "1:3: invalid character 'x' after decimal point in numeric literal"},
		{"bad exponent", `1e+`, "1:4: unexpected end of JSON input: in numeric literal"},
		{"lone minus", `-`, "1:2: unexpected end of JSON input: in numeric literal"},
		{"minus letter", `-a`, "1:2: invalid character 'a' in numeric literal"},
		{"bad literal", `[tru]`, "1:5: invalid character ']' in literal true (expecting 'e')"},
		{"truncated literal", `nul`, "1:4: unexpected end of JSON input: in literal null"},
		{"upper-case literal", `TRUE`, "1:1: invalid character 'T' looking for beginning of value"},
		{"after top-level value", `{} x`, "1:4: invalid character 'x' after top-level value"},
		{"two values", "1\n2", "2:1: invalid character '2' after top-level value"},
		{"control character in string", "{\"password\": \"hunter2\n\"}", "1:22: invalid control character 0x0A in string literal (control characters must be escaped)"},
		{"invalid UTF-8 in string", "\"hunter2\xff\"", "1:9: invalid UTF-8 in string literal"},
		{"bad escape", `"hunter2\q"`, "1:9: invalid escape sequence in string literal"},
		{"short \\u", `"\u12"`, "1:2: invalid \\u escape in string literal: expected 4 hex digits"},
		{"lone high surrogate", `"\ud83d"`, "1:2: invalid \\u escape in string literal: unpaired UTF-16 surrogate"},
		{"lone low surrogate", `"\ude00"`, "1:2: invalid \\u escape in string literal: unpaired UTF-16 surrogate"},
		{"high surrogate then non-surrogate", `"\ud83d\u0041"`, "1:2: invalid \\u escape in string literal: unpaired UTF-16 surrogate"},
		{"NUL byte", "\x00", "1:1: invalid NUL byte (binary data?) looking for beginning of value"},
		{"binary", "\xff\x00{", "1:1: invalid UTF-8 byte 0xFF (binary data?) looking for beginning of value"},
		{"UTF-16", "\xff\xfe{\x00}\x00", "1:1: the file is UTF-16 encoded: save it as UTF-8"},
		{"invalid UTF-8 after value", "{}\xc3", "1:3: invalid UTF-8 byte 0xC3 (binary data?) after top-level value"},
		{"PHP", "<?php return [];", "1:1: invalid character '<' looking for beginning of value"},
		{"comment", "{} // c", "1:4: invalid character '/' after top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParseJSON("f.json", []byte(tt.src))
			if err == nil {
				t.Fatalf("ParseJSON(%q) = %s, want error", tt.src, dump(v))
			}
			checkParseError(t, "f.json", err)
			if got := err.Error(); got != "f.json:"+tt.want {
				t.Errorf("ParseJSON(%q)\n got: %s\nwant: f.json:%s", tt.src, got, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error quotes a string: %s", err)
			}
		})
	}
}

func TestParseJSONDepth(t *testing.T) {
	for _, open := range []string{"[", `{"a":`} {
		closer := "]"
		if open != "[" {
			closer = "}"
		}
		ok := strings.Repeat(open, MaxDepth) + "1" + strings.Repeat(closer, MaxDepth)
		if _, err := ParseJSON("f.json", []byte(ok)); err != nil {
			t.Errorf("%s nested %d deep: %v", open, MaxDepth, err)
		}
		deep := strings.Repeat(open, 1000000)
		_, err := ParseJSON("f.json", []byte(deep))
		if err == nil || !strings.Contains(err.Error(), "f.json:1:") || !strings.HasSuffix(err.Error(), "JSON nested more than 500 levels deep") {
			t.Errorf("%s nested 1000000 deep: %v", open, err)
		}
	}
}

// TestParseJSONRoundTrip: for JSON that PHP's json_encode wrote, ToJSON
// reproduces the input byte for byte. One exception, as in PHP: -0.0 is
// encoded as -0, which decodes as the int 0 (json_decode("-0") === 0).
func TestParseJSONRoundTrip(t *testing.T) {
	for _, f := range fixtures(t, "php/*.json") {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src := readFile(t, f)
			v, err := ParseJSON(f, src)
			if err != nil {
				t.Fatal(err)
			}
			got, err := v.ToJSON()
			if err != nil {
				t.Fatal(err)
			}
			want := bytes.ReplaceAll(src, []byte(`"neg_zero":-0,`), []byte(`"neg_zero":0,`))
			if !bytes.Equal(got, want) {
				t.Errorf("\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

func TestParseJSONFixtures(t *testing.T) {
	const settings = "testdata/json/settings.json"
	v, err := ParseJSON(settings, readFile(t, settings))
	if err != nil {
		t.Fatal(err)
	}
	if !v.Object || len(v.Entries) != 14 {
		t.Fatalf("settings: %s with %d entries", v.TypeName(), len(v.Entries))
	}
	for key, want := range map[string]string{
		"oidcAuthorizationEndpoint": `string("https://login.microsoftonline.com/tid/oauth2/v2.0/authorize")@4:34`,
		"oidcScopes":                `list@6:19[0@6:20=string("profile")@6:20, 1@6:31=string("email")@6:31, 2@6:40=string("phone")@6:40]`,
		"oidcTeamsNames":            `object@10:23{}`,
		"oidcTeamsIds":              `list@9:21[]`,
		"microtime":                 `float(1751446931.482913)@13:18`,
		"maxFileNumber":             `int(30)@14:22`,
		"oidcUserInfoEndpoint":      `null@12:29`,
	} {
		e := v.Get(key)
		if e == nil {
			t.Errorf("no %s", key)
			continue
		}
		if got := dump(e.Value); got != want {
			t.Errorf("%s:\n got: %s\nwant: %s", key, got, want)
		}
	}

	const manifest = "testdata/json/entra_manifest.json"
	m, err := ParseJSON(manifest, readFile(t, manifest))
	if err != nil {
		t.Fatal(err)
	}
	if e := m.Get("id"); e == nil || e.KeyPos != (Pos{manifest, 2, 2}) {
		t.Errorf("id key: %+v", e)
	}
	if e := m.Get("displayName"); e == nil || e.Value.Str != "EspoCRM é" {
		t.Errorf("displayName: %+v", e)
	}
	if e := m.Get("big"); e == nil || e.Value.Kind != Float || e.Value.Float != 12345678901234567890 {
		t.Errorf("big: %+v", e)
	}
	if e := m.Get("exp"); e == nil || e.Value.Kind != Float || e.Value.Float != 1000 {
		t.Errorf("exp: %+v", e)
	}
	rr := m.Get("replyUrlsWithType")
	if rr == nil || dump(rr.Value) != `list@7:23[0@7:24=object@7:24{"url"@7:25=string("https://crm.example.com/oauth-callback.php")@7:32, "type"@7:78=string("Web")@7:86}]` {
		t.Errorf("replyUrlsWithType: %s", dump(rr.Value))
	}
}

// TestJSONOracle compares ToJSON(ParseJSON(f)) with PHP's
// json_encode(json_decode(f)) for the JSON fixtures (PHP's json_decode does
// not accept a BOM, so the script drops it first).
func TestJSONOracle(t *testing.T) {
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("php not on PATH")
	}
	files := append(fixtures(t, "json/*.json"), fixtures(t, "php/*.json")...)
	script := `foreach (array_slice($argv, 1) as $f) {
		$s = file_get_contents($f);
		if (str_starts_with($s, "\xEF\xBB\xBF")) { $s = substr($s, 3); }
		echo json_encode(json_decode($s, false, 512, JSON_THROW_ON_ERROR)), "\n";
	}`
	cmd := exec.Command(php, append([]string{"-n", "-d", "display_errors=stderr", "-d", "error_reporting=-1", "-r", script, "--"}, files...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("php: %v\n%s", err, stderr.Bytes())
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(files) {
		t.Fatalf("php printed %d lines for %d files", len(lines), len(files))
	}
	for i, f := range files {
		v, err := ParseJSON(f, readFile(t, f))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		got, err := v.ToJSON()
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if string(got) != lines[i] {
			t.Errorf("%s:\n  go: %s\n php: %s", f, got, lines[i])
		}
	}
}
