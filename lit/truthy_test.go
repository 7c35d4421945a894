package lit

import "testing"

// Truthy is PHP's (bool) cast, as `if ($config->get('x'))` reads a setting.
func TestTruthy(t *testing.T) {
	for src, want := range map[string]bool{
		"true": true, "false": false, "1": true, "0": false, "-1": true, "0.0": false, "0.5": true,
		"'1'": true, "'0'": false, "''": false, "'0.0'": true, "'false'": true, "' '": true,
		"null": false, "[]": false, "[0]": true, "['a' => false]": true,
	} {
		v, err := ParsePHP("t.php", []byte("<?php return "+src+";"))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := v.Truthy(); got != want {
			t.Errorf("%s: Truthy() = %v, want %v", src, got, want)
		}
	}
	if (*Value)(nil).Truthy() {
		t.Error("nil is truthy")
	}
}
