package lazyre

import "testing"

func TestNewCompilesOnceOnFirstUse(t *testing.T) {
	re := New(`^a+$`)
	first := re()
	if !first.MatchString("aaa") || first.MatchString("ab") {
		t.Fatalf("pattern does not behave as ^a+$")
	}
	if re() != first {
		t.Fatalf("second call compiled again")
	}
}

func TestNewBadPatternPanicsOnUseNotBefore(t *testing.T) {
	re := New(`(`) // no panic here
	defer func() {
		if recover() == nil {
			t.Fatalf("a bad pattern did not panic on first use")
		}
	}()
	re()
}
