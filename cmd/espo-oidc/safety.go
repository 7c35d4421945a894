package main

import (
	"bufio"
	"io"

	"github.com/espo-oidc/espo-oidc/internal/safeio"
	"github.com/espo-oidc/espo-oidc/report"
)

// textSafe is report.TextSafe, for what commands print themselves (the
// probe summary, logs and explain text).
func textSafe(w io.Writer, format string, color bool) io.Writer {
	return report.TextSafe(w, format, color)
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
