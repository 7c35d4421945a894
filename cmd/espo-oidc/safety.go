package main

import (
	"bufio"
	"io"

	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/internal/termsafe"
)

// textSafe wraps w for the formats a terminal or a Markdown viewer shows
// (text, GitHub annotations, Markdown): no control character, C1 control
// or bidi override from the inputs or the identity provider reaches it
// raw; with color, espo-oidc's own SGR colours pass. JSON, SARIF, JUnit
// and HTML escape as their formats do and are passed as they are.
func textSafe(w io.Writer, format string, color bool) io.Writer {
	switch format {
	case "text", "github", "markdown":
		return termsafe.NewWriter(w, color)
	}
	return w
}

// readSecretLine reads the first line of r, at most safeio.MaxSecret bytes
// (an endless standard input is refused, not read into memory).
func readSecretLine(r *bufio.Reader) (string, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > safeio.MaxSecret {
			return "", &safeio.TooLargeError{Path: "standard input", Limit: safeio.MaxSecret}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return string(line), err
	}
}
