//go:build !unix

package textwrap

import "os"

func terminalWidth(*os.File) int { return 0 }
