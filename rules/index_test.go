package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The package doc's file index (rule.go) says which file declares which
// rule IDs: a newcomer finds a rule from its ID in one step only while it is
// true.
func TestFileIndex(t *testing.T) {
	doc, err := os.ReadFile("rule.go")
	if err != nil {
		t.Fatal(err)
	}
	lineRe := regexp.MustCompile(`(?m)^//\t(?:[a-z-]+\s+)?\s*([a-z_]+\.go)\s+(EO[0-9].*)$`)
	idRe := regexp.MustCompile(`EO([0-9]{4})(?:-EO([0-9]{4}))?`)
	index := map[string][]string{}
	for _, m := range lineRe.FindAllStringSubmatch(string(doc), -1) {
		for _, r := range idRe.FindAllStringSubmatch(m[2], -1) {
			from, _ := strconv.Atoi(r[1])
			to := from
			if r[2] != "" {
				to, _ = strconv.Atoi(r[2])
			}
			for n := from; n <= to; n++ {
				index[m[1]] = append(index[m[1]], "EO"+strconv.Itoa(n))
			}
		}
	}
	declRe := regexp.MustCompile(`declare\(Rule\{ID: "(EO[0-9]{4})"`)
	files, _ := filepath.Glob("*.go")
	declared := map[string][]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "rule.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range declRe.FindAllStringSubmatch(string(b), -1) {
			declared[f] = append(declared[f], m[1])
		}
	}
	for f, ids := range declared {
		slices.Sort(ids)
		got := index[f]
		slices.Sort(got)
		if !slices.Equal(got, ids) {
			t.Errorf("rule.go's index says %s declares %v; it declares %v", f, got, ids)
		}
	}
	for f := range index {
		if declared[f] == nil {
			t.Errorf("rule.go's index names %s, which declares no rule", f)
		}
	}
}
