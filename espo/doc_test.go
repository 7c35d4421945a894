package espo

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated part of docs/espocrm-fidelity.md")

// matrixMarkdown renders Features as the table in docs/espocrm-fidelity.md.
func matrixMarkdown() string {
	var b strings.Builder
	b.WriteString("| Versions | What EspoCRM does | Source |\n|---|---|---|\n")
	for _, f := range Features {
		path := f.Source[strings.LastIndex(f.Source, "/")+1:]
		fmt.Fprintf(&b, "| %s | %s | [%s @ %s](%s) |\n", f.Range, f.Summary, path, f.Tag, SourceURL(f.Tag, f.Source))
	}
	return b.String()
}

// The version matrix on the docs page is generated from Features:
// go test ./espo -run TestFidelityDoc -update
func TestFidelityDoc(t *testing.T) {
	const path = "../docs/espocrm-fidelity.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	const start, end = "<!-- matrix:start -->\n", "<!-- matrix:end -->"
	i, j := strings.Index(doc, start), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatal("docs/espocrm-fidelity.md lacks the matrix markers")
	}
	want := doc[:i+len(start)] + matrixMarkdown() + doc[j:]
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc != want {
		t.Error("docs/espocrm-fidelity.md is stale: go test ./espo -run TestFidelityDoc -update")
	}
	if strings.Contains(doc, ".md §") {
		t.Error("the page must cite public sources, not internal reference notes")
	}
}
