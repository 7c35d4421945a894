package espo

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	good := map[string]Version{"9.3.2": {9, 3, 2}, "9.3": {9, 3, 0}, "10": {10, 0, 0}, "v8.4.0": {8, 4, 0}, " 9.3.0-beta.1 ": {9, 3, 0}, "8.4.2+b": {8, 4, 2}}
	for in, want := range good {
		if got, err := ParseVersion(in); err != nil || got != want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "9..1", "9.3.2.1", "0.1", "09.1", "-1", "@@version", "9.a"} {
		if v, err := ParseVersion(in); err == nil {
			t.Errorf("ParseVersion(%q) = %v, want an error", in, v)
		}
	}
	if _, err := ParseVersion("@@version"); err == nil || !strings.Contains(err.Error(), "source checkout") {
		t.Errorf("@@version: %v", err)
	}
}

func TestRanges(t *testing.T) {
	cases := []struct {
		r    Range
		want string
		in   []string
		out  []string
	}{
		{Range{}, "all versions (7.3.0+)", []string{"7.3.0", "10.0.0"}, nil},
		{Since("8.4.0"), "8.4.0+", []string{"8.4.0", "9.0.0", "10.0.0"}, []string{"8.3.6", "7.3.0"}},
		{Until("8.4.0"), "7.3.0–8.3.x", []string{"7.3.0", "8.3.6"}, []string{"8.4.0"}},
		{Until("7.3.2"), "7.3.0–7.3.1", []string{"7.3.1"}, []string{"7.3.2"}},
		{Between("8.1.0", "10.0.0"), "8.1.0–9.x", []string{"8.1.0", "9.3.10"}, []string{"8.0.6", "10.0.0"}},
	}
	for _, c := range cases {
		if c.r.String() != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.r, c.r.String(), c.want)
		}
		for _, v := range c.in {
			if !c.r.Contains(V(v)) {
				t.Errorf("%s should contain %s", c.want, v)
			}
		}
		for _, v := range c.out {
			if c.r.Contains(V(v)) {
				t.Errorf("%s should not contain %s", c.want, v)
			}
		}
	}
	// The matrix: each row at the boundary versions of docs/espocrm-fidelity.md.
	has := map[FeatureID][2]string{ // last version without, first with
		ClientSecretSent: {"7.3.1", "7.3.2"}, TypedConfigGetters: {"7.3.4", "7.4.0"}, NumericJWTTimes: {"8.0.6", "8.1.0"},
		OverrideFiles: {"8.1.5", "8.2.0"}, RefusedUserNotFound: {"8.2.2", "8.2.3"}, PromptSetting: {"8.2.5", "8.3.0"},
		OIDCBypasses2FA: {"8.3.6", "8.4.0"}, UserInfoEndpoint: {"9.0.8", "9.1.0"}, StateFile: {"9.2.7", "9.3.0"}, PKCE: {"9.3.10", "10.0.0"},
	}
	for f, b := range has {
		if V(b[0]).Has(f) || !V(b[1]).Has(f) {
			t.Errorf("%s: want absent at %s and present at %s", f, b[0], b[1])
		}
	}
	if !(Version{}).Has(PKCE) {
		t.Error("an unknown version is judged as the newest")
	}
	for _, f := range Features {
		if f.Source == "" || f.Tag == "" || f.Summary == "" {
			t.Errorf("feature %s lacks its source", f.ID)
		}
	}
	if u := SourceURL("8.4.0", "application/Espo/Core/Authentication/Oidc/Login.php:155"); u != "https://github.com/espocrm/espocrm/blob/8.4.0/application/Espo/Core/Authentication/Oidc/Login.php#L155" {
		t.Error(u)
	}
	if u := SourceURL("8.1.0", "a/P.php:182-216"); !strings.HasSuffix(u, "#L182-L216") {
		t.Error(u)
	}
}

func TestDetectVersion(t *testing.T) {
	cfg := func(v string) File {
		return File{"data/config.php", []byte("<?php return ['authenticationMethod' => 'Oidc', 'version' => '" + v + "'];")}
	}
	state := func(v string) File {
		return File{"data/state.php", []byte("<?php return ['cacheTimestamp' => 1, 'version' => '" + v + "'];")}
	}
	override := File{"data/config-override.php", []byte("<?php return ['oidcFallback' => true];")}
	cases := []struct {
		name     string
		files    []File
		want     string
		assumed  bool
		note     string
		ignored  int
		fallback bool // the override's oidcFallback=true applies (read) or not
	}{
		{"9.3+: state.php wins over a stale config.php", []File{cfg("9.2.7"), state("9.3.4")}, "9.3.4", false, "data/config.php still says 9.2.7", 0, false},
		{"before 9.3: config.php", []File{cfg("8.4.2")}, "8.4.2", false, "", 0, false},
		{"source checkout", []File{cfg("@@version")}, "10.0.0", true, "source checkout", 0, false},
		{"no version: 10.0.0 assumed", []File{{"data/config.php", []byte("<?php return ['authenticationMethod' => 'Oidc'];")}}, "10.0.0", true, "", 0, false},
		{"state.php without version says 9.3+", []File{{"data/config.php", []byte("<?php return [];")}, {"data/state.php", []byte("<?php return ['cacheTimestamp' => 1];")}}, "10.0.0", true, "9.3 or later", 0, false},
		{"override files are not read before 8.2", []File{cfg("8.1.5"), override}, "8.1.5", false, "", 1, false},
		{"override files are read from 8.2", []File{cfg("8.2.0"), override}, "8.2.0", false, "", 0, true},
		{"too old", []File{cfg("7.2.7")}, "7.2.7", false, "has no OIDC login", 0, false},
		{"newer than known", []File{cfg("11.0.1")}, "11.0.1", false, "judged as 10.0.0", 0, false},
	}
	for _, c := range cases {
		s, err := FromFiles("x", c.files...)
		if err != nil {
			t.Fatal(err)
		}
		iv := s.Version()
		if iv.Version.String() != c.want || iv.Assumed != c.assumed || (c.note != "" && !strings.Contains(strings.Join(iv.Notes, "|"), c.note)) {
			t.Errorf("%s: got %+v, want %s assumed=%v note %q", c.name, iv, c.want, c.assumed, c.note)
		}
		if len(s.Ignored) != c.ignored || s.Typed().Fallback != c.fallback {
			t.Errorf("%s: ignored %v, fallback %v", c.name, s.Ignored, s.Typed().Fallback)
		}
	}
	// --espocrm-version overrides, and a 9.2 instance does not read state.php.
	s, _ := FromFiles("x", cfg("9.3.0"), state("9.3.0"))
	s.SetVersion(V("9.2.0"))
	if iv := s.Version(); iv.From != "--espocrm-version" || !strings.Contains(strings.Join(iv.Notes, "|"), "says 9.3.0") || len(s.Ignored) != 1 || s.Ignored[0].Source.Role != RoleState {
		t.Errorf("SetVersion: %+v ignored %+v", iv, s.Ignored)
	}
	if d := s.Version().Describe(); d != "9.2.0 (--espocrm-version)" {
		t.Error(d)
	}
	if d := (InstanceVersion{Version: Newest, Assumed: true}).Describe(); !strings.Contains(d, "10.0.0 (assumed") {
		t.Error(d)
	}
}

func TestVersionedTypedView(t *testing.T) {
	src := `<?php return ['authenticationMethod' => 'Oidc', 'oidcUserInfoEndpoint' => 'https://idp/userinfo', 'oidcAuthorizationPkce' => true, 'version' => '%s'];`
	for v, want := range map[string][2]bool{"9.0.8": {false, false}, "9.1.0": {true, false}, "10.0.0": {true, true}} {
		s, _ := FromBytes("data/config.php", []byte(strings.Replace(src, "%s", v, 1)))
		o := s.Typed()
		if (o.UserInfoEndpoint != "") != want[0] || o.PKCE != want[1] || o.Version != V(v) {
			t.Errorf("%s: userinfo %q pkce %v", v, o.UserInfoEndpoint, o.PKCE)
		}
	}
}

func TestRebuildDefaults(t *testing.T) {
	s, _ := FromBytes("data/config.php", []byte("<?php return ['version' => '8.2.0', 'oidcScopes' => null];"))
	if _, ok := s.PendingDefault("oidcAuthorizationPrompt"); ok {
		t.Error("8.2 has no prompt default")
	}
	if _, ok := s.PendingDefault("oidcScopes"); ok {
		t.Error("a NULL key is set for Config::has and is not overwritten")
	}
	if n := s.RebuildNote("oidcFallback"); !strings.Contains(n, "'oidcFallback' => true") || strings.Contains(n, "config:populate") {
		t.Error(n)
	}
	s.SetVersion(V("10.0.0"))
	if d, ok := s.PendingDefault("oidcAuthorizationPkce"); !ok || d.PHP != "true" {
		t.Error("10.0 writes oidcAuthorizationPkce")
	}
	if n := s.RebuildNote("oidcFallback"); !strings.Contains(n, "config:populate") {
		t.Error(n)
	}
}

// PHP's loose comparison and truthiness, as in_array() and !$x use them.
func TestPHPSemantics(t *testing.T) {
	eq := []struct {
		a   string
		b   any
		php bool
	}{
		{"0123", "123", true}, {"1e3", "1000", true}, {" 1", "1", true}, {"1 ", "1", true}, {"abc", "ABC", false},
		{"9223372036854775808", "9223372036854775809", false}, {"1.0", "1", true}, {"0x1A", "26", false}, {".5", "0.5", true},
		{"123", json.Number("123"), true}, {"abc", json.Number("0"), false}, {"abc", true, true}, {"", false, true},
		{"0", false, true}, {"abc", nil, false}, {"", nil, true}, {"1", []any{"1"}, false}, {"1", map[string]any{}, false},
		{"12", json.Number("12.0"), true}, {"12abc", json.Number("12"), false},
	}
	for _, c := range eq {
		if got := LooseEqual(c.a, c.b); got != c.php {
			t.Errorf("%q == %#v: got %v, PHP says %v", c.a, c.b, got, c.php)
		}
	}
	for _, v := range []any{"0", "", json.Number("0"), false, nil, []any{}} {
		if Truthy(v) {
			t.Errorf("%#v is falsy in PHP", v)
		}
	}
	for _, v := range []any{"00", " ", "a", json.Number("1"), true, []any{nil}, map[string]any{}, "0.0"} {
		if !Truthy(v) {
			t.Errorf("%#v is truthy in PHP", v)
		}
	}
	if !IsNumericString(" 1e3 ") || IsNumericString("1e") || IsNumericString(".") || IsNumericString("0b11") {
		t.Error("IsNumericString")
	}
}

// TestPHPSemanticsOracle checks LooseEqualStrings against php-cli's
// in_array on generated numeric-looking strings.
func TestPHPSemanticsOracle(t *testing.T) {
	php, err := exec.LookPath("php")
	if err != nil {
		t.Skip("php-cli not installed (apt-get install php-cli) to compare loose comparisons with PHP")
	}
	vals := []string{"0", "00", "0123", "123", "123.0", "1e3", "1000", " 1", "1 ", "+1", "-0", "0.0", ".5", "0.5", "5.", "1e", "abc", "", "0x1A", "26",
		"9223372036854775807", "9223372036854775808", "9223372036854775809", "1e400", "INF", "1_000", "\t2", "2\n", "1E3", "0e5", "0e9"}
	var pairs [][2]string
	for _, a := range vals {
		for _, b := range vals {
			pairs = append(pairs, [2]string{a, b})
		}
	}
	in, _ := json.Marshal(pairs)
	cmd := exec.Command(php, "-r", `foreach (json_decode(stream_get_contents(STDIN)) as $p) echo in_array($p[0], [$p[1]]) ? 1 : 0, is_numeric($p[0]) ? 1 : 0;`)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil || len(out) != 2*len(pairs) {
		t.Fatalf("php: %v %q", err, out)
	}
	for i, p := range pairs {
		if got, want := LooseEqualStrings(p[0], p[1]), out[2*i] == '1'; got != want {
			t.Errorf("%q == %q: got %v, PHP %v", p[0], p[1], got, want)
		}
		if got, want := IsNumericString(p[0]), out[2*i+1] == '1'; got != want {
			t.Errorf("is_numeric(%q): got %v, PHP %v", p[0], got, want)
		}
	}
}
