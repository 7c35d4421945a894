package run

import (
	"context"
	"strings"
	"testing"
)

// However many instances --jobs asks to check at once, a run makes no more
// workers, and no larger channels, than it has instances: an absurd number
// is not a crash. The results keep the input order.
func TestJobsBeyondInstances(t *testing.T) {
	paths := []string{"../testdata/instances/entra-guide", "../testdata/instances/installer-defaults", "../testdata/instances/entra-guide/data"}
	for _, jobs := range []int{1, 3, 64, 1 << 40, 1<<62 - 1} {
		rep, err := Run(context.Background(), Options{Paths: paths, ConfigPath: noConfig(t), Now: fixed, Jobs: jobs})
		if err != nil || len(rep.Errors) > 0 {
			t.Fatalf("--jobs %d: %v %v", jobs, err, rep.Errors)
		}
		if got := instanceIDs(rep); strings.Join(got, " ") != strings.Join(paths, " ") {
			t.Errorf("--jobs %d: instances %q", jobs, got)
		}
	}
}
