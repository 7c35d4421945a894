package lit

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// mergeRepeats gives what mergeByMap gives, for arrays up to the size it
// serves, with many repeats and keys that share table slots.
func TestMergeRepeatsAsMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for n := range 2000 {
		size := rng.IntN(mergeTable/2 + 1)
		keys := 1 + rng.IntN(size+1)
		in := make([]Entry, size)
		for i := range in {
			k := rng.IntN(keys)
			in[i] = Entry{Key: fmt.Sprint(k), IntKey: k%3 == 0 && rng.IntN(2) == 0, KeyPos: Pos{Line: i + 1}, Value: &Value{Kind: Int, Int: int64(i)}}
		}
		want := mergeByMap(append([]Entry(nil), in...))
		got := mergeRepeats(append([]Entry(nil), in...))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d (%d entries, %d keys): merged differently\n got %v\nwant %v", n, size, keys, got, want)
		}
	}
}
