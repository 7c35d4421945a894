package run

import "testing"

// An instance has one identity however its path was typed.
func TestInstanceID(t *testing.T) {
	wd := "/srv/crm"
	for _, c := range []struct{ path, base, want string }{
		{"broken", "", "broken"},
		{"./broken", "", "broken"},
		{"broken/", "", "broken"},
		{"/srv/crm/broken", "", "broken"},
		{"../x/broken", "", "../x/broken"},
		{"/elsewhere/crm", "", "../../elsewhere/crm"},
		{"sites/a", "/srv/crm/sites", "a"},       // inside the config file's folder: relative to it
		{"other/b", "/srv/crm/sites", "other/b"}, // outside it: relative to the working directory
		{"-", "", "-"},
	} {
		if got := instanceID(c.path, c.base, wd); got != c.want {
			t.Errorf("instanceID(%q, %q) = %q, want %q", c.path, c.base, got, c.want)
		}
	}
	if got := instanceID("a/./b", "", ""); got != "a/b" {
		t.Errorf("without a working directory: %q", got)
	}
}
