package espo

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadFolderPrecedence(t *testing.T) {
	for _, path := range []string{"testdata/override", "testdata/override/data"} {
		s, err := Load(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join("testdata", "override", "data")
		cases := []struct {
			key, file string
			line      int
		}{
			{"siteUrl", "config-override.php", 3},          // override wins over config.php
			{"oidcScopes", "config-override.php", 4},       // lists are replaced whole
			{"oidcClientSecret", "config-internal.php", 3}, // internal
			{"logger", "config-internal-override.php", 3},  // last file touching it
			{"authenticationMethod", "config.php", 4},      // only in config.php
		}
		for _, c := range cases {
			loc := s.Locate(c.key)
			if loc.File != filepath.Join(dir, c.file) || loc.Line != c.line || loc.Column != 3 || loc.Absent {
				t.Errorf("%s: Locate(%s) = %+v, want %s:%d:3", path, c.key, loc, c.file, c.line)
			}
		}
		o := s.Typed()
		if o.SiteURL != "https://crm.example.com" || strings.Join(o.Scopes, ",") != "profile" {
			t.Errorf("merged values: site %q scopes %v", o.SiteURL, o.Scopes)
		}
		// Associative arrays merge recursively: path from config.php, rotation
		// from config-internal.php, level from the internal override.
		lg := s.Get("logger").Value
		if lg.Get("path") == nil || lg.Get("rotation") == nil || o.LoggerLevel != "DEBUG" {
			t.Errorf("logger merge: %+v level %s", lg.Entries, o.LoggerLevel)
		}
		// Absent keys point at the file where they belong.
		if loc := s.Locate("oidcClientId"); loc.File != filepath.Join(dir, "config.php") || loc.Line != 2 || !loc.Absent {
			t.Errorf("absent oidcClientId: %+v", loc)
		}
		if !s.SecretKnown() || o.ClientSecret.Reveal() != "internal-secret-value" {
			t.Error("secret from config-internal.php")
		}
	}
}

func TestRuntimeFallbacks(t *testing.T) {
	s, err := FromBytes("data/config.php", []byte("<?php return ['authenticationMethod' => 'Oidc'];"))
	if err != nil {
		t.Fatal(err)
	}
	o := s.Typed()
	if o.Fallback || o.PKCE || o.AllowAdminUser || len(o.Algorithms) != 0 || o.Prompt != "consent" || o.JwksCachePeriod != "10 minutes" || o.MaxAge != nil {
		t.Errorf("absent keys must take the code's fallbacks: %+v", o)
	}
	if s.SecretKnown() {
		t.Error("without config-internal.php the secret is unknown")
	}
	// The secret never prints itself.
	s2, _ := FromBytes("data/config-internal.php", []byte("<?php return ['oidcClientSecret' => 'TopSecret~Value'];"))
	o2 := s2.Typed()
	for _, out := range []string{o2.ClientSecret.String(), func() string { b, _ := o2.ClientSecret.MarshalJSON(); return string(b) }()} {
		if strings.Contains(out, "TopSecret") || !strings.Contains(out, "15 chars") {
			t.Errorf("secret rendering %q", out)
		}
	}
}

func TestTypeIssues(t *testing.T) {
	src := `<?php return [
  'oidcFallback' => 'false',
  'oidcJwtSignatureAlgorithmList' => 'RS256',
  'oidcAuthorizationMaxAge' => '3600',
  'oidcScopes' => [1 => 'profile', 2 => 'email'],
  'oidcClientId' => 12345,
];`
	s, err := FromBytes("c.php", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	o := s.Typed()
	if !o.Fallback {
		t.Error("'false' is true in PHP")
	}
	got := map[string]string{}
	for _, ti := range s.TypeIssues() {
		got[ti.Key] = ti.Got
	}
	want := map[string]string{"oidcFallback": "string", "oidcJwtSignatureAlgorithmList": "string", "oidcAuthorizationMaxAge": "string", "oidcScopes": "map", "oidcClientId": "int"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("type issue %s: got %q want %q (all: %v)", k, got[k], v, got)
		}
	}
	if *o.MaxAge != 3600 || o.ClientID != "12345" || strings.Join(o.Scopes, ",") != "profile,email" {
		t.Errorf("PHP conversions: %v %q %v", *o.MaxAge, o.ClientID, o.Scopes)
	}
}

func TestJSONExports(t *testing.T) {
	api := `{"authenticationMethod":"Oidc","oidcClientId":"x","oidcScopes":["profile"],"loginData":{"handler":"handlers/login/oidc","fallback":true,"method":"Oidc","data":{}}}`
	s, err := FromBytes("settings.json", []byte(api))
	if err != nil {
		t.Fatal(err)
	}
	if s.Sources[0].Role != RoleSettingsAPI || s.SecretKnown() {
		t.Errorf("Settings API export: role %s, secret known %v", s.Sources[0].Role, s.SecretKnown())
	}
	if loc := s.Locate("oidcClientId"); loc.Line != 1 || loc.Column != 32 {
		t.Errorf("JSON position: %+v", loc)
	}
	_, err = FromBytes("manifest.json", []byte(`{"appId":"11111111-2222-3333-4444-555555555555","signInAudience":"AzureADMyOrg"}`))
	if !errors.Is(err, ErrNotSettings) {
		t.Errorf("manifest: want ErrNotSettings, got %v", err)
	}
}

func TestBadInput(t *testing.T) {
	big := bytes.Repeat([]byte("x"), MaxFileSize+10)
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "empty.php: the file is empty"},
		{"blank", []byte("  \n\n"), "blank.php: the file is empty"},
		{"binary", []byte{0x7f, 'E', 'L', 'F', 0, 1, 2}, "binary.php: binary data"},
		{"garbage", []byte("hello world"), "garbage.php: neither PHP"},
		{"truncated", []byte("<?php\nreturn [\n  'a' => [\n    'b' => 1,\n"), "truncated.php:"},
		{"getenv", []byte("<?php\nreturn [\n  'oidcClientSecret' => getenv('SECRET'),\n];\n"), "getenv.php:3:"},
		{"scalar", []byte("<?php return 'x';"), "the file returns a string"},
	}
	for _, c := range cases {
		_, err := FromBytes(c.name+".php", c.data)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an InputError containing %q", c.name, err, c.want)
		}
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "config.php")
	if err := os.WriteFile(p, big, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p, nil); err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Errorf("huge file: %v", err)
	}
	if _, err := Load(dir+"/nope", nil); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing path: %v", err)
	}
	if _, err := Load(t.TempDir(), nil); err == nil || !strings.Contains(err.Error(), "no EspoCRM config files here") {
		t.Errorf("empty folder: %v", err)
	}
}

// A 50 MB config file (a generated array of 1M entries) loads, linearly.
func TestLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var b bytes.Buffer
	b.WriteString("<?php\nreturn [\n  'authenticationMethod' => 'Oidc',\n  'padding' => [\n")
	for b.Len() < 50<<20 {
		b.WriteString("    'some-padding-key-0000000000' => 'some padding value that is long enough',\n")
	}
	b.WriteString("  ],\n];\n")
	s, err := FromBytes("big.php", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if s.Typed().Method != "Oidc" {
		t.Error("method")
	}
}

// A path that cleans to another one by text ("", "missing/..") is not
// taken for the working folder's instance: it is looked at as given, and
// a root reached through ".." is still a root.
func TestLoadPathsThatCleanAway(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{"data", "other/data"} {
		if err := os.MkdirAll(filepath.Join(root, p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, p, "config.php"), []byte("<?php return ['siteUrl' => 'https://crm.example'];\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "afile"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root) // the working folder is itself an EspoCRM root
	for path, want := range map[string]string{
		"":           ": no such file or directory",
		"missing/..": "missing/..: no such file or directory",
		"afile/..":   "afile/..: not a directory",
	} {
		s, err := Load(path, nil)
		if err == nil || err.Error() != want {
			t.Errorf("Load(%q): %v (settings %v), want the error %q", path, err, s != nil, want)
		}
	}
	for path, dataDir := range map[string]string{"other/../other": "other/data", ".": "data", "other/data/..": "other/data"} {
		s, err := Load(path, nil)
		if err != nil {
			t.Fatalf("Load(%q): %v", path, err)
		}
		if s.DataDir != dataDir {
			t.Errorf("Load(%q) read %s, want %s", path, s.DataDir, dataDir)
		}
	}
}
