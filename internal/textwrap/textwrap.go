// Package textwrap is espo-oidc's one word-wrapper for terminal output, and
// the rule for how wide that output is: COLUMNS when it is set, the
// terminal's width when the output is a terminal, otherwise no wrapping (a
// pipe or a file keeps whole lines for the programs that read them).
package textwrap

import (
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// cols is a string's width in columns (one per rune: the output is Latin text
// and arrows).
func cols(s string) int { return utf8.RuneCountInString(s) }

// Wrap breaks text into lines of at most width columns, each starting with
// prefix; line breaks in text start a new paragraph. A word longer than a
// line stands alone on its line. width ≤ 0: no wrapping, only the prefix.
func Wrap(text, prefix string, width int) string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapPara(para, prefix, prefix, cols(prefix), width)...)
	}
	return strings.Join(out, "\n")
}

// Hang wraps text that continues a line on which used columns are already
// printed; the following lines start with indent.
func Hang(text string, used int, indent string, width int) string {
	var out []string
	for i, para := range strings.Split(text, "\n") {
		first, start := "", used
		if i > 0 {
			first, start = indent, cols(indent)
		}
		out = append(out, wrapPara(para, first, indent, start, width)...)
	}
	return strings.Join(out, "\n")
}

func wrapPara(para, first, indent string, start, width int) []string {
	words := strings.Fields(para)
	if width <= 0 {
		return []string{first + strings.Join(words, " ")}
	}
	var out []string
	line, n, empty := first, start, true
	for _, w := range words {
		if !empty && n+1+cols(w) > width {
			out = append(out, line)
			line, n, empty = indent, cols(indent), true
		}
		if !empty {
			line += " "
			n++
		}
		line += w
		n += cols(w)
		empty = false
	}
	return append(out, line)
}

// Width is how wide output to f may be: COLUMNS when it is a positive
// number, else the terminal's width when f is a terminal, else 0 (do not
// wrap).
func Width(f *os.File) int {
	if c, err := strconv.Atoi(strings.TrimSpace(os.Getenv("COLUMNS"))); err == nil && c > 0 {
		return c
	}
	if f == nil {
		return 0
	}
	return terminalWidth(f)
}

// Lines wraps each line of text at width, keeping its own indentation for
// its continuation lines (documentation with indented paragraphs).
// width ≤ 0 returns text unchanged.
func Lines(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if cols(l) <= width {
			continue
		}
		indent := l[:len(l)-len(strings.TrimLeft(l, " "))]
		lines[i] = Wrap(strings.TrimLeft(l, " "), indent, width)
	}
	return strings.Join(lines, "\n")
}
