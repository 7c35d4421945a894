package lit

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"reflect"
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

func TestParsePHPValues(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"espo writer style",
			"<?php\nreturn [\n  'a' => 1,\n  'b' => [\n    0 => 'x'\n  ],\n  'c' => (object) [],\n  'd' => NULL\n];\n",
			`map@2:8["a"@3:3=int(1)@3:10, "b"@4:3=list@4:10[0@5:5=string("x")@5:10], "c"@7:3=object@7:10{}, "d"@8:3=null@8:10]`},
		{"duplicate key overwrites in place",
			"<?php return ['a' => 1, 'b' => 2, 'a' => 3];",
			`map@1:14["a"@1:35=int(3)@1:42, "b"@1:25=int(2)@1:32]`},
		{"auto keys follow the largest int key",
			"<?php return [5 => 'x', 'y', '7' => 'z', 'w'];",
			`map@1:14[5@1:15=string("x")@1:20, 6@1:25=string("y")@1:25, 7@1:30=string("z")@1:37, 8@1:42=string("w")@1:42]`},
		{"auto keys after negative keys (PHP 8)",
			"<?php return [-5 => 'a', 'b'];",
			`map@1:14[-5@1:15=string("a")@1:21, -4@1:26=string("b")@1:26]`},
		{"numeric string keys become ints, others stay strings",
			"<?php return ['5' => 1, '05' => 2, '-3' => 3, '-0' => 4, '' => 5];",
			`map@1:14[5@1:15=int(1)@1:22, "05"@1:25=int(2)@1:33, -3@1:36=int(3)@1:44, "-0"@1:47=int(4)@1:55, ""@1:58=int(5)@1:64]`},
		{"list", "<?php return ['a', 'b',];", `list@1:14[0@1:15=string("a")@1:15, 1@1:20=string("b")@1:20]`},
		{"int key and string key collide", "<?php return [0 => 'x', '0' => 'y'];", `list@1:14[0@1:25=string("y")@1:32]`},
		{"bool and null keys", "<?php return [true => 1, false => 2, null => 3];",
			`map@1:14[1@1:15=int(1)@1:23, 0@1:26=int(2)@1:35, ""@1:38=int(3)@1:46]`},
		{"object cast makes keys strings", "<?php return (object) ['a', 'b'];",
			`object@1:14{"0"@1:24=string("a")@1:24, "1"@1:29=string("b")@1:29}`},
		{"object cast with spaces and array()", "<?php return ( Object\t)array('k' => null);",
			`object@1:14{"k"@1:30=null@1:37}`},
		{"nested objects", "<?php return (object) ['x' => (object) ['y' => []]];",
			`object@1:14{"x"@1:24=object@1:31{"y"@1:41=list@1:48[]}}`},
		{"negative int", "<?php return -5;", `int(-5)@1:14`},
		{"double negation", "<?php return - - 5;", `int(5)@1:14`},
		{"unary plus", "<?php return +1.5;", `float(1.5)@1:14`},
		{"negative float", "<?php return -0.25;", `float(-0.25)@1:14`},
		{"negative zero float", "<?php return -0.0;", `float(-0)@1:14`},
		{"hex", "<?php return 0x1A;", `int(26)@1:14`},
		{"negative hex", "<?php return -0X1a;", `int(-26)@1:14`},
		{"octal", "<?php return [017, 0o17, 0O17, 0_17];", `list@1:14[0@1:15=int(15)@1:15, 1@1:20=int(15)@1:20, 2@1:26=int(15)@1:26, 3@1:32=int(15)@1:32]`},
		{"binary", "<?php return 0b101;", `int(5)@1:14`},
		{"underscores", "<?php return 1_000_000;", `int(1000000)@1:14`},
		{"int max", "<?php return 9223372036854775807;", `int(9223372036854775807)@1:14`},
		{"int overflow is a float", "<?php return 9223372036854775808;", `float(9223372036854776000)@1:14`},
		{"hex overflow is a float", "<?php return 0x8000000000000000;", `float(9223372036854776000)@1:14`},
		{"floats", "<?php return [1.5, .5, 1., 1e3, 2.5E-3, 1751446931.482913, 1_0.5];",
			`list@1:14[0@1:15=float(1.5)@1:15, 1@1:20=float(0.5)@1:20, 2@1:24=float(1)@1:24, 3@1:28=float(1000)@1:28, 4@1:33=float(0.0025)@1:33, 5@1:41=float(1751446931.482913)@1:41, 6@1:60=float(10.5)@1:60]`},
		{"float overflow is INF", "<?php return 1e999;", `float(+Inf)@1:14`},
		{"true false null in any case", "<?php return [TRUE, False, NULL, null, Null, \\true];",
			`list@1:14[0@1:15=bool(true)@1:15, 1@1:21=bool(false)@1:21, 2@1:28=null@1:28, 3@1:34=null@1:34, 4@1:40=null@1:40, 5@1:46=bool(true)@1:46]`},
		{"single-quoted escapes", `<?php return 'a\'b\\c\nd\e';`, `string("a'b\\c\\nd\\e")@1:14`},
		{"double-quoted escapes", `<?php return "\n\t\r\v\e\f\\\$\"\0\101\400\x41\x4g\u{e9}\u{1F600}\q\'\u00e9$ $1 {x} \{";`,
			`string("\n\t\r\v\x1b\f\\$\"\x00A\x00A\x04gé😀\\q\\'\\u00e9$ $1 {x} \\{")@1:14`},
		{"concatenation", `<?php return 'a' . "\0" . 'b';`, `string("a\x00b")@1:14`},
		{"concatenation with numbers and bools", `<?php return 'p' . 8080 . -1 . 1.5 . 0.1 . 1e25 . 1e-5 . true . false . null;`,
			`string("p8080-11.50.11.0E+251.0E-51")@1:14`},
		{"concatenation precision 14", `<?php return '' . 0.30000000000000004 . ' ' . 123456789012345678;`,
			`string("0.3 123456789012345678")@1:14`},
		{"parentheses", "<?php return ('a' . ('b'));", `string("ab")@1:15`},
		{"multi-line string positions", "<?php return [\n  'k' => 'multi\nline',\n  'after' => true,\n];",
			`map@1:14["k"@2:3=string("multi\nline")@2:10, "after"@4:3=bool(true)@4:14]`},
		{"comments everywhere", "<?php // c1\n# c2\n/* c3\n */ return /* c4 */ [ // c5\n 'a' /* c6 */ => # c7\n 1 ] ; // c8",
			`map@4:21["a"@5:2=int(1)@6:2]`},
		{"closing tag", "<?php return 1 ?>\n", `int(1)@1:14`},
		{"closing tag after semicolon and comment", "<?php return 1; // comment ?>  \n\n", `int(1)@1:14`},
		{"BOM and leading whitespace", "\xEF\xBB\xBF\n  <?php\r\nreturn\t[];", `list@3:8[]`},
		{"upper-case keywords", "<?PHP RETURN ARRAY();", `list@1:14[]`},
		{"return without space", "<?php return['a'];", `list@1:13[0@1:14=string("a")@1:14]`},
		{"empty statements", "<?php ;; return 1;;", `int(1)@1:17`},
		{"binary string prefix", `<?php return b'x' . B"y";`, `string("xy")@1:14`},
		{"open tag at end of line, no trailing newline", "<?php\nreturn 1;", `int(1)@2:8`},
		{"column counts bytes", "<?php return ['é' => 'ü', 'k' => 1];",
			`map@1:14["é"@1:15=string("ü")@1:23, "k"@1:29=int(1)@1:36]`},
		{"integral float key", "<?php return [2.0 => 'a', 'b'];", `map@1:14[2@1:15=string("a")@1:22, 3@1:27=string("b")@1:27]`},
		{"int min string key", "<?php return ['-9223372036854775808' => 1];", `map@1:14[-9223372036854775808@1:15=int(1)@1:41]`},
		{"too-large numeric string key stays a string", "<?php return ['9223372036854775808' => 1];", `map@1:14["9223372036854775808"@1:15=int(1)@1:40]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParsePHP("f.php", []byte(tt.src))
			if err != nil {
				t.Fatalf("ParsePHP(%q): %v", tt.src, err)
			}
			if got := dump(v); got != tt.want {
				t.Errorf("ParsePHP(%q)\n got: %s\nwant: %s", tt.src, got, tt.want)
			}
			if v.Pos.File != "f.php" {
				t.Errorf("file = %q", v.Pos.File)
			}
		})
	}
}

// withAdvice is the message of a non-literal error about what.
func withAdvice(what string) string { return what + " is not a literal; " + NonLiteralAdvice }

func TestParsePHPErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// not literals
		{"getenv", "<?php\nreturn [\n  'host' => getenv('DB_HOST'),\n];", "3:13: " + withAdvice("getenv() call")},
		{"namespaced call", "<?php return \\getenv('X');", "1:14: " + withAdvice(`\getenv() call`)},
		{"dirname", "<?php return [dirname(__DIR__)];", "1:15: " + withAdvice("dirname() call")},
		{"variable", "<?php return ['password' => $dbPass];", "1:29: " + withAdvice("variable $dbPass")},
		{"assignment before return", "<?php\n$config = [];\nreturn $config;", "2:1: " + withAdvice("variable $config")},
		{"variable variable", "<?php return $$x;", "1:14: " + withAdvice("a variable variable ($$ or ${...})")},
		{"constant", "<?php return PHP_EOL;", "1:14: " + withAdvice("an unquoted name (a PHP constant; quote it if it is a value)")},
		{"magic constant", "<?php return __dir__;", "1:14: " + withAdvice("magic constant __dir__")},
		{"class constant", "<?php return FOO::BAR;", "1:14: " + withAdvice("class constant FOO::BAR")},
		{"static call", "<?php return Foo::bar();", "1:14: " + withAdvice("static call Foo::bar()")},
		{"class name", "<?php return Foo::class;", "1:14: " + withAdvice("Foo::class")},
		{"static property", "<?php return Foo::$bar;", "1:14: " + withAdvice("static property Foo::$bar")},
		{"interpolation", `<?php return "https://$host/";`, "1:23: " + withAdvice("a double-quoted string interpolating a variable ($name)")},
		{"interpolation in a password", `<?php return "hunter2$word";`, "1:22: " + withAdvice("a double-quoted string interpolating a variable ($name)")},
		{"interpolation braces", `<?php return "a{$b}";`, "1:16: " + withAdvice("a double-quoted string interpolating {$...}")},
		{"interpolation dollar brace", `<?php return "a${b}";`, "1:16: " + withAdvice("a double-quoted string interpolating ${...}")},
		{"include", "<?php return include 'x.php';", "1:14: " + withAdvice("an include expression")},
		{"require_once", "<?php return REQUIRE_ONCE 'x.php';", "1:14: " + withAdvice("a require_once expression")},
		{"new", "<?php return new Foo();", "1:14: " + withAdvice("a new expression")},
		{"static fn", "<?php return static fn() => 1;", "1:14: " + withAdvice("a static closure")},
		{"fn", "<?php return fn() => 1;", "1:14: " + withAdvice("an arrow function (fn)")},
		{"function", "<?php return function () {};", "1:14: " + withAdvice("a closure (function)")},
		{"multiplication", "<?php return 60 * 60;", "1:17: " + withAdvice("the * operator")},
		{"binary minus", "<?php return [10 - 1];", "1:18: " + withAdvice("the - operator")},
		{"addition", "<?php return 'a' . 'b' + 1;", "1:24: " + withAdvice("the + operator")},
		{"ternary", "<?php return true ? 1 : 2;", "1:19: " + withAdvice("the ternary operator ?:")},
		{"null coalescing", "<?php return null ?? 1;", "1:19: " + withAdvice("the null-coalescing operator ??")},
		{"array access", "<?php return [1][0];", "1:17: " + withAdvice("array access [...]")},
		{"not", "<?php return !true;", "1:14: " + withAdvice("the ! operator")},
		{"int cast", "<?php return (int) '5';", "1:14: " + withAdvice("a (int) cast")},
		{"object cast of a scalar", "<?php return (object) 'a';", "1:14: " + withAdvice("an (object) cast of something other than an array literal")},
		{"unary minus on a string", "<?php return -'5';", "1:14: " + withAdvice("unary - applied to a value of type string")},
		{"spread", "<?php return [...[1]];", "1:15: " + withAdvice("the spread operator ...")},
		{"reference", "<?php return [&$a];", "1:15: " + withAdvice("a reference &")},
		{"error suppression", "<?php return @[1];", "1:14: " + withAdvice("the error-suppression operator @")},
		{"backticks", "<?php return `ls`;", "1:14: " + withAdvice("a shell command in backticks")},
		{"attribute", "<?php return [#[A] 1];", "1:15: " + withAdvice("an attribute #[...]")},
		{"declare", "<?php declare(strict_types=1); return [];", "1:7: " + withAdvice("a declare statement")},
		{"namespace", "<?php namespace Foo; return [];", "1:7: " + withAdvice("a namespace statement")},
		{"define", "<?php define('X', 1); return [];", "1:7: " + withAdvice("define() call")},
		{"logical and", "<?php return true and false;", "1:19: " + withAdvice("the and operator")},
		{"assignment in array", "<?php return [$a = 1];", "1:15: " + withAdvice("variable $a")},
		{"heredoc", "<?php return <<<EOT\nx\nEOT;", "1:14: heredoc and nowdoc strings (<<<) are not supported; " + NonLiteralAdvice},

		// syntax errors
		{"empty", "", "1:1: empty file: expected <?php"},
		{"whitespace only", " \n\t", "1:1: the file holds only whitespace: expected <?php"},
		{"no open tag", "return [];", "1:1: not a PHP file: expected <?php at the start"},
		{"JSON", " {\"a\":1}", "1:2: this looks like JSON, not PHP: a PHP settings file must start with <?php"},
		{"short open tag", "<? return [];", "1:1: expected <?php: short open tags are not supported"},
		{"open tag glued", "<?phpreturn [];", "1:1: expected whitespace after <?php"},
		{"binary", "\x00\x01\x02\x03", "1:1: binary data, not a PHP file: NUL byte (binary data?)"},
		{"UTF-16", "\xfe\xff\x00<\x00?", "1:1: the file is UTF-16 encoded: save it as UTF-8"},
		{"invalid UTF-8 before open tag", "\xff\xff<?php", "1:1: binary data, not a PHP file: invalid UTF-8 byte 0xFF (binary data?)"},
		{"NUL inside code", "<?php return [\x00];", "1:15: unexpected NUL byte (binary data?)"},
		{"invalid UTF-8 inside code", "<?php\nreturn [\xc3\x28];", "2:9: unexpected invalid UTF-8 byte 0xC3 (binary data?)"},
		{"non-ASCII identifier", "<?php return [é];", "1:15: unexpected character U+00E9"},
		{"open tag only", "<?php\n", "2:1: missing return statement: expected `return [ ... ];` after <?php"},
		{"open tag then close", "<?php ?>", "1:7: missing return statement: expected `return [ ... ];` after <?php"},
		{"return nothing", "<?php return;", "1:7: return without a value: expected return followed by an array"},
		{"return EOF", "<?php return", "1:13: unexpected end of file: expected a value"},
		{"literal statement", "<?php 'a'; return 1;", "1:7: expected `return`, found a string: a settings file must be `<?php return [ ... ];`"},
		{"missing semicolon", "<?php\nreturn [\n  'a' => 1\n]\n", "5:1: unexpected end of file: expected ';' after the returned value"},
		{"garbage after value", "<?php return [] [];", "1:17: " + withAdvice("array access [...]")},
		{"string after value", "<?php return [] 'x';", "1:17: expected ';' after the returned value, found a string"},
		{"statement after return", "<?php return 1; echo 1;", "1:17: unexpected 'echo' after the return statement: the file must end after `return ...;`"},
		{"content after close tag", "<?php return 1; ?>\nhello", "2:1: unexpected content after the closing ?> tag (PHP would print it)"},
		{"truncated array", "<?php\nreturn [\n  'a' => [\n    'b' => 1,\n", "5:1: unexpected end of file: the array opened at line 3 is not closed"},
		{"truncated after key", "<?php return ['a' =>", "1:21: unexpected end of file: expected a value"},
		{"truncated array()", "<?php return array(1", "1:21: unexpected end of file: the array opened at line 1 is not closed"},
		{"missing comma", "<?php return [1 2];", "1:17: expected ',' or ']' in the array opened at line 1, found a number"},
		{"mismatched bracket", "<?php return array(1];", "1:21: expected ',' or ')' in the array opened at line 1, found ']'"},
		{"empty element", "<?php return [1,,2];", "1:17: unexpected ',' in the array opened at line 1: empty array elements are not allowed"},
		{"leading comma", "<?php return [,];", "1:15: unexpected ',' in the array opened at line 1: empty array elements are not allowed"},
		{"unclosed paren", "<?php return ('a';", "1:18: expected ')' to close the parenthesis opened at line 1, found ';'"},
		{"array keyword alone", "<?php return array;", "1:14: unexpected 'array' without '('"},
		{"array as key", "<?php return [[] => 1];", "1:15: an array cannot be an array key (illegal offset type)"},
		{"fractional float key", "<?php return [1.5 => 1];", "1:15: a float array key that is not a whole number (PHP truncates it with a deprecation warning)"},
		{"concatenating an array", "<?php return 'a' . [];", "1:20: an array cannot be concatenated with . (PHP would make it the string \"Array\")"},
		{"next key occupied", "<?php return [9223372036854775807 => 1, 2];", "1:41: cannot add an element without a key: the next int key after PHP_INT_MAX is already occupied"},
		{"unterminated single", "<?php\nreturn [\n  'password' => 'hunter2,\n];\n", "3:17: unterminated string: the single-quoted string opened here is not closed before the end of the file"},
		{"unterminated double", "<?php return \"hunter2\\", "1:14: unterminated string: the double-quoted string opened here is not closed before the end of the file"},
		{"unterminated comment", "<?php return /* hunter2", "1:14: unterminated comment: the /* comment opened here is not closed before the end of the file"},
		{"bad number", "<?php return 089;", "1:14: invalid numeric literal"},
		{"number glued to name", "<?php return 1abc;", "1:14: invalid numeric literal"},
		{"double underscore", "<?php return 1__0;", "1:14: invalid numeric literal"},
		{"trailing underscore", "<?php return 1_;", "1:14: invalid numeric literal"},
		{"empty hex", "<?php return 0x;", "1:14: invalid numeric literal"},
		{"bad binary digit", "<?php return 0b102;", "1:14: invalid numeric literal"},
		{"bad \\u escape", `<?php return "\u{zz}";`, `1:15: invalid \u{...} escape in a double-quoted string: expected hex digits and }`},
		{"too large \\u escape", `<?php return "\u{110000}";`, `1:15: invalid \u{...} escape in a double-quoted string: code point above U+10FFFF`},
		{"unexpected token", "<?php return ];", "1:14: unexpected ']', expected a value"},
		{"object cast at EOF", "<?php return (object)", "1:22: unexpected end of file: expected an array after (object)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := ParsePHP("f.php", []byte(tt.src))
			if err == nil {
				t.Fatalf("ParsePHP(%q) = %s, want error %q", tt.src, dump(v), tt.want)
			}
			checkParseError(t, "f.php", err)
			if got := err.Error(); got != "f.php:"+tt.want {
				t.Errorf("ParsePHP(%q)\n got: %s\nwant: f.php:%s", tt.src, got, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "word") {
				t.Errorf("error quotes a string literal: %s", err)
			}
			if IsNonLiteral(err) != strings.HasSuffix(tt.want, NonLiteralAdvice) {
				t.Errorf("IsNonLiteral = %v", IsNonLiteral(err))
			}
		})
	}
}

func TestParsePHPErrorFixtures(t *testing.T) {
	want := map[string]string{
		"after_return.php":         "3:1: unexpected 'echo' after the return statement: the file must end after `return ...;`",
		"arithmetic.php":           "2:25: " + withAdvice("the * operator"),
		"attribute.php":            "2:9: " + withAdvice("an attribute #[...]"),
		"binary.php":               "1:5: binary data, not a PHP file: control character 0x02",
		"binary_inside.php":        "3:10: unexpected NUL byte (binary data?)",
		"class_constant.php":       "2:20: " + withAdvice(`class constant \Monolog\Logger::WARNING`),
		"closure.php":              "2:16: " + withAdvice("a static closure"),
		"constant.php":             "3:26: " + withAdvice("magic constant __DIR__"),
		"declare.php":              "2:1: " + withAdvice("a declare statement"),
		"empty.php":                "1:1: empty file: expected <?php",
		"env_call.php":             "1:37: " + withAdvice("env() call"),
		"getenv.php":               "4:15: " + withAdvice("getenv() call"),
		"heredoc.php":              "2:19: heredoc and nowdoc strings (<<<) are not supported; " + NonLiteralAdvice,
		"include.php":              "2:8: " + withAdvice("an include expression"),
		"interpolated.php":         "3:25: " + withAdvice("a double-quoted string interpolating a variable ($name)"),
		"json.php":                 "1:1: this looks like JSON, not PHP: a PHP settings file must start with <?php",
		"mismatched.php":           "3:15: expected ',' or ']' in the array opened at line 3, found ')'",
		"missing_comma.php":        "4:3: expected ',' or ']' in the array opened at line 2, found a string",
		"missing_return.php":       "3:1: missing return statement: expected `return [ ... ];` after <?php",
		"missing_semicolon.php":    "5:1: unexpected end of file: expected ';' after the returned value",
		"ternary.php":              "2:25: " + withAdvice("the ternary operator ?:"),
		"trailing_content.php":     "4:1: unexpected content after the closing ?> tag (PHP would print it)",
		"truncated.php":            "5:1: unexpected end of file: the array opened at line 3 is not closed",
		"unterminated_comment.php": "2:10: unterminated comment: the /* comment opened here is not closed before the end of the file",
		"unterminated_string.php":  "3:17: unterminated string: the single-quoted string opened here is not closed before the end of the file",
		"variable.php":             "2:1: " + withAdvice("variable $dbPass"),
		"variable_value.php":       "3:17: " + withAdvice("variable $dbPass"),
		"whitespace.php":           "1:1: the file holds only whitespace: expected <?php",
	}
	files := fixtures(t, "php/bad/*.php")
	if len(files) != len(want) {
		t.Errorf("%d bad fixtures, %d expectations", len(files), len(want))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src := readFile(t, f)
			_, err := ParsePHP(f, src)
			if err == nil {
				t.Fatal("no error")
			}
			checkParseError(t, f, err)
			if w := f + ":" + want[filepath.Base(f)]; err.Error() != w {
				t.Errorf("\n got: %s\nwant: %s", err, w)
			}
			for _, secret := range []string{"secret", "hunter2", "DB_HOST", "OIDC_SECRET", "config-defaults"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error quotes file contents %q: %s", secret, err)
				}
			}
		})
	}
}

// TestParsePHPEspoConfig checks values and positions in the writer-style
// fixture through the Value API.
func TestParsePHPEspoConfig(t *testing.T) {
	const f = "testdata/php/espo_config.php"
	v, err := ParsePHP(f, readFile(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if v.TypeName() != "map" || len(v.Entries) != 25 {
		t.Fatalf("top level: %s with %d entries", v.TypeName(), len(v.Entries))
	}
	at := func(line, col int) Pos { return Pos{File: f, Line: line, Column: col} }
	check := func(key string, keyPos Pos, want string) {
		t.Helper()
		e := v.Get(key)
		if e == nil {
			t.Fatalf("no key %q", key)
		}
		if e.KeyPos != keyPos {
			t.Errorf("%s: key at %v, want %v", key, e.KeyPos, keyPos)
		}
		if got := dump(e.Value); got != want {
			t.Errorf("%s:\n got: %s\nwant: %s", key, got, want)
		}
	}
	check("siteUrl", at(3, 3), `string("https://crm.example.com")@3:16`)
	check("oidcJwtSignatureAlgorithmList", at(5, 3), `list@5:38[0@6:5=string("RS256")@6:10]`)
	check("oidcFallback", at(9, 3), `bool(true)@9:21`)
	check("oidcUserInfoEndpoint", at(20, 3), `null@20:29`)
	check("oidcTeamsNames", at(26, 3), `object@26:23{"6650a1b2c3d4e5f60"@27:5=string("Sales")@27:28}`)
	check("oidcTeamsColumns", at(29, 3), `object@29:25{"6650a1b2c3d4e5f60"@30:5=object@30:28{"group"@31:7=string("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")@31:18}}`)
	check("oidcGroupTeamsMap", at(34, 3), `object@34:26{}`)
	check("emptyList", at(38, 3), `list@38:18[]`)
	check("quoted", at(39, 3), `string("It's a \\path\\ and a \\n that stays literal")@39:15`)
	check("microtime", at(40, 3), `float(1751446931.482913)@40:18`)
}

func TestDetect(t *testing.T) {
	for src, want := range map[string]string{
		"<?php return [];":         "php",
		"\xEF\xBB\xBF\n <?PHP\n":   "php",
		`{"a":1}`:                  "json",
		"\xEF\xBB\xBF\r\n [1]":     "json",
		"":                         "",
		"   ":                      "",
		"<? return [];":            "",
		"<?phq":                    "",
		"return [];":               "",
		"\x00\x01":                 "",
		"<html><?php return 1; ?>": "",
	} {
		if got := Detect([]byte(src)); got != want {
			t.Errorf("Detect(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestIsNonLiteral(t *testing.T) {
	_, err := ParsePHP("f.php", []byte("<?php return getenv('X');"))
	if !IsNonLiteral(err) {
		t.Errorf("IsNonLiteral(%v) = false", err)
	}
	_, err = ParsePHP("f.php", []byte("<?php return [;"))
	if IsNonLiteral(err) {
		t.Errorf("IsNonLiteral(%v) = true", err)
	}
	if IsNonLiteral(nil) {
		t.Error("IsNonLiteral(nil) = true")
	}
}

func TestParsePHPDepth(t *testing.T) {
	for _, tt := range []struct {
		open, close string
	}{{"[", "]"}, {"array(", ")"}, {"(", ")"}, {"(object)[", "]"}} {
		ok := "<?php return " + strings.Repeat(tt.open, MaxDepth) + "1" + strings.Repeat(tt.close, MaxDepth) + ";"
		if _, err := ParsePHP("f.php", []byte(ok)); err != nil {
			t.Errorf("%s nested %d deep: %v", tt.open, MaxDepth, err)
		}
		deep := "<?php return " + strings.Repeat(tt.open, 100000) + "1" + strings.Repeat(tt.close, 100000) + ";"
		_, err := ParsePHP("f.php", []byte(deep))
		if err == nil || !strings.Contains(err.Error(), "nested more than 500 levels deep") {
			t.Errorf("%s nested 100000 deep: %v", tt.open, err)
		}
		checkParseError(t, "f.php", err)
	}
	// Many unary signs do not recurse.
	if v, err := ParsePHP("f.php", []byte("<?php return "+strings.Repeat("- ", 100001)+"1;")); err != nil || v.Int != -1 {
		t.Errorf("100001 minus signs: %v %v", v, err)
	}
}

// ParsePHPOwned gives what ParsePHP gives, positions included, for every
// fixture; its strings share the source's bytes.
func TestParsePHPOwned(t *testing.T) {
	for _, f := range goodPHPFixtures(t) {
		want, err := ParsePHP(f, readFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParsePHPOwned(f, readFile(t, f))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ParsePHPOwned differs from ParsePHP", f)
		}
	}
}

// The arrays' entries share one slab: growing one array never writes over
// the next one's entries.
func TestEntriesSlabDoesNotAlias(t *testing.T) {
	v, err := ParsePHP("x.php", []byte("<?php return ['a' => [1, 2], 'b' => [3, 4], 'c' => 5];"))
	if err != nil {
		t.Fatal(err)
	}
	a, b := v.Get("a").Value, v.Get("b").Value
	a.Entries = append(a.Entries, Entry{Key: "2", IntKey: true, Value: &Value{Kind: Int, Int: 9}})
	if got := []int64{b.Entries[0].Value.Int, b.Entries[1].Value.Int}; got[0] != 3 || got[1] != 4 {
		t.Fatalf("b's entries are %v after appending to a's, want [3 4]", got)
	}
	v.Entries = append(v.Entries, Entry{Key: "d", Value: &Value{Kind: Int, Int: 7}})
	if a.Entries[0].Value.Int != 1 || len(b.Entries) != 2 {
		t.Fatal("appending to the root array changed its children")
	}
}
