package rules

import "testing"

// The hand-written checks Register makes stand for ^EO[0-9]{4}$ and
// ^[a-z0-9]+(-[a-z0-9]+)*$ (no regexp is compiled at start-up).
func TestValidIDAndName(t *testing.T) {
	for id, want := range map[string]bool{
		"EO1040": true, "EO0000": true, "EO104": false, "EO10400": false, "eo1040": false,
		"EX1040": false, "EO10a0": false, "": false, "EO１０４": false,
	} {
		if got := validID(id); got != want {
			t.Errorf("validID(%q) = %v, want %v", id, got, want)
		}
	}
	for name, want := range map[string]bool{
		"admin-lockout": true, "a": true, "pkce-off2": true, "x-1-y": true,
		"": false, "-a": false, "a-": false, "a--b": false, "Admin": false, "a_b": false, "a b": false, "ä": false,
	} {
		if got := validName(name); got != want {
			t.Errorf("validName(%q) = %v, want %v", name, got, want)
		}
	}
}

// The catalogue is sorted by ID once, however the rule files registered.
func TestAllIsInIDOrder(t *testing.T) {
	all := All()
	for i := 1; i < len(all); i++ {
		if all[i-1].ID >= all[i].ID {
			t.Fatalf("catalogue out of order at %d: %s before %s", i, all[i-1].ID, all[i].ID)
		}
	}
}
