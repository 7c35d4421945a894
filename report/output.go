package report

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/internal/termsafe"
)

// Output is one rendering target of a run: a format and a path ("-" is
// standard output).
type Output struct{ Format, Path string }

// ParseOutputs turns --format and the --output FORMAT=PATH values into the
// outputs of a run. Formats are lower case (--format JSON is json). At most
// one output goes to standard output: --format, unless an --output names
// "-"; --format other than the default together with FORMAT=- is a
// contradiction and refused, as are two outputs to the same path.
func ParseOutputs(stdoutFormat string, formatSet bool, specs []string) ([]Output, error) {
	stdoutFormat = strings.ToLower(strings.TrimSpace(stdoutFormat))
	var outs []Output
	seen := map[string]string{}
	toStdout := ""
	for _, s := range specs {
		format, path, ok := strings.Cut(s, "=")
		format = strings.ToLower(strings.TrimSpace(format))
		if !ok || format == "" || path == "" {
			return nil, fmt.Errorf("--output %q: want FORMAT=PATH, e.g. sarif=espo-oidc.sarif", s)
		}
		if prev, dup := seen[path]; dup {
			if path == "-" {
				return nil, fmt.Errorf("--output %s=- and %s=-: only one output can go to standard output", prev, format)
			}
			return nil, fmt.Errorf("--output %s=%s and %s=%s write the same file", prev, path, format, path)
		}
		seen[path] = format
		if path == "-" {
			toStdout = format
		}
		outs = append(outs, Output{format, path})
	}
	switch {
	case toStdout == "":
		outs = append([]Output{{stdoutFormat, "-"}}, outs...)
	case formatSet && toStdout != stdoutFormat:
		return nil, fmt.Errorf("--format %s and --output %s=- both name standard output; give one of them", stdoutFormat, toStdout)
	}
	known := map[string]bool{}
	for _, f := range Formats() {
		known[f] = true
	}
	for _, out := range outs {
		if !known[out.Format] {
			return nil, fmt.Errorf("unknown output format %q (available: %s)", out.Format, strings.Join(Formats(), ", "))
		}
	}
	return outs, nil
}

// OutputOptions tune WriteOutputs.
type OutputOptions struct {
	Quiet bool
	Color ColorMode
	Width int // wrap text on standard output (textwrap.Width); files are never wrapped
	// SkippedFull lists every skipped rule in JSON (--skipped full).
	SkippedFull bool
}

// ColorMode is --color: auto (a terminal, and neither NO_COLOR nor
// --no-color), always, or never. FORCE_COLOR makes auto always.
type ColorMode string

const (
	ColorAuto   ColorMode = "auto"
	ColorAlways ColorMode = "always"
	ColorNever  ColorMode = "never"
)

// ParseColor reads --color (any case).
func ParseColor(s string) (ColorMode, error) {
	switch m := ColorMode(strings.ToLower(strings.TrimSpace(s))); m {
	case ColorAuto, ColorAlways, ColorNever:
		return m, nil
	case "":
		return ColorAuto, nil
	}
	return "", fmt.Errorf("--color %q: want auto, always or never", s)
}

// UseColor decides colour for output to w.
func UseColor(w io.Writer, mode ColorMode) bool {
	switch mode {
	case ColorAlways:
		return true
	case ColorNever:
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	if v := os.Getenv("FORCE_COLOR"); v != "" && v != "0" {
		return true
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// WriteOutputs renders rep to every output. Files are created anew; an
// error names the output.
func WriteOutputs(stdout io.Writer, rep *Report, outs []Output, o OutputOptions) error {
	for _, out := range outs {
		err := writeOutput(stdout, out, o, func(w io.Writer, opts Options) error { return Write(w, out.Format, rep, opts) })
		if err != nil {
			return err
		}
	}
	return nil
}

// writeOutput opens one output (standard output or a new file) and calls
// write with the options for it; text meant for people goes through
// TextSafe.
func writeOutput(stdout io.Writer, out Output, o OutputOptions, write func(io.Writer, Options) error) error {
	opts := Options{Quiet: o.Quiet, SkippedFull: o.SkippedFull}
	if out.Path == "-" {
		opts.Color = out.Format == "text" && UseColor(stdout, o.Color)
		opts.Width = o.Width
		if err := write(TextSafe(stdout, out.Format, opts.Color), opts); err != nil {
			return fmt.Errorf("writing %s to standard output: %v", out.Format, err)
		}
		return nil
	}
	f, err := safeio.Create(out.Path) // a new 0600 file, never written through a link
	if err != nil {
		return fmt.Errorf("--output %s=%s: %v", out.Format, out.Path, cleanPathErr(err))
	}
	if werr := write(TextSafe(f, out.Format, false), opts); werr != nil {
		f.Abort()
		return fmt.Errorf("--output %s=%s: %v", out.Format, out.Path, werr)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--output %s=%s: %v", out.Format, out.Path, cleanPathErr(err))
	}
	return nil
}

// TextSafe wraps w for the formats a terminal, a Markdown viewer or a
// browser shows (text, GitHub annotations, Markdown, HTML): no control
// character, C1 control or bidi override from the inputs or the identity
// provider reaches it raw (html/template escapes markup, not those); with
// color, espo-oidc's own SGR colours pass. JSON, SARIF, JUnit and the other
// machine formats escape as their formats do and are passed as they are.
func TextSafe(w io.Writer, format string, color bool) io.Writer {
	switch format {
	case "text", "github", "markdown", "html":
		return termsafe.NewWriter(w, color)
	}
	return w
}

// StdoutFormat is the format written to standard output.
func StdoutFormat(outs []Output) string {
	for _, o := range outs {
		if o.Path == "-" {
			return o.Format
		}
	}
	return ""
}

func cleanPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
