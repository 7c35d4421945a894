// Package safeio is how espo-oidc touches files: every read is of a
// regular file and bounded, every written file is new, private (0600) and
// never written through a symbolic link.
//
// Reading: a FIFO, socket, device or directory given as a path is refused
// before it is opened (nothing waits on a pipe forever, nothing reads
// /dev/zero), and a file larger than its limit is refused with an error
// naming the path and the limit.
//
// Writing: the data goes to a new temporary file (0600) in the target's
// folder, renamed over the target when complete, so a symbolic link or a
// hard link planted at the target is replaced, never followed, and an
// existing file's mode is not kept. A target that is a symbolic link, a
// directory or a device is refused. Folders espo-oidc creates are 0700.
package safeio

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Limits of inputs read through this package (bytes); the settings files,
// manifests, --config and --users keep theirs beside their parsers
// (espo.MaxFileSize, entra.MaxManifestSize, config.MaxSize,
// probe.MaxUsersFile). Real inputs are far below them; they exist so that a
// wrong or hostile path cannot take the machine's memory.
const (
	MaxBaseline = 64 << 20 // a --baseline file (an earlier JSON report)
	MaxCA       = 4 << 20  // a --ca-file PEM bundle
	MaxSecret   = 64 << 10 // a password on standard input
)

// NotRegularError is a path that is not a regular file.
type NotRegularError struct {
	Path string
	Kind string // "a named pipe (FIFO)", "a socket", "a device", "a directory", ...
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: %s, not a regular file; espo-oidc reads only regular files", e.Path, e.Kind)
}

// TooLargeError is an input over its limit.
type TooLargeError struct {
	Path  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %s; espo-oidc reads at most %s from it (is it the right file?)", e.Path, Size(e.Limit), Size(e.Limit))
}

// Size writes a byte count for messages: 16 MiB, 64 KiB, 100 bytes.
func Size(n int64) string {
	switch {
	case n >= 1<<40 && n%(1<<40) == 0:
		return fmt.Sprintf("%d TiB", n>>40)
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// kind names a non-regular file mode.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// Open opens a regular file for reading; anything else is refused with a
// *NotRegularError before it is opened (and checked again after, on the
// open file).
func Open(path string) (*os.File, error) {
	f, _, err := OpenStat(path)
	return f, err
}

// OpenStat is Open that also returns what the open file's stat said (its
// size sizes the read buffer). A *fs.PathError with Op "stat" means the
// path could not be stat'ed before it was opened (nothing is there).
func OpenStat(path string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, &NotRegularError{Path: path, Kind: kind(fi.Mode())}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|readFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err = f.Stat()
	if err != nil {
		f.Close()
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			// not "stat": that Op says nothing is at path (the check before open)
			err = &fs.PathError{Op: "fstat", Path: pe.Path, Err: pe.Err}
		}
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, &NotRegularError{Path: path, Kind: kind(fi.Mode())}
	}
	return f, fi, nil
}

// ReadSized reads at most limit bytes from r, expecting about size of them
// (a regular file's stat): one buffer, usually one read and the one that
// sees the end. name is what messages call it.
func ReadSized(r io.Reader, size, limit int64, name string) ([]byte, error) {
	b := make([]byte, 0, min(max(size, 0), limit)+512)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, &TooLargeError{Path: name, Limit: limit}
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ReadFile reads a regular file of at most limit bytes. Its errors are
// those of OpenStat and ReadSized: a *fs.PathError with Op "stat" when
// nothing is at path, a *NotRegularError, a *TooLargeError, or a
// *fs.PathError of the open, fstat or read.
func ReadFile(path string, limit int64) ([]byte, error) { return readFile(path, limit) }

// readFileOS is ReadFile through package os (systems without the raw one).
func readFileOS(path string, limit int64) ([]byte, error) {
	f, fi, err := OpenStat(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	return ReadSized(f, fi.Size(), limit, path)
}

// ReadAll reads at most limit bytes from r (standard input); name is what
// messages call it.
func ReadAll(r io.Reader, limit int64, name string) ([]byte, error) {
	return readAll(r, limit, name)
}

func readAll(r io.Reader, limit int64, name string) ([]byte, error) {
	return ReadSized(r, 0, limit, name)
}

// LimitReader returns a reader of r that fails with a *TooLargeError once
// more than limit bytes were read (for inputs read as a stream).
func LimitReader(r io.Reader, limit int64, name string) io.Reader {
	return &limited{r: r, left: limit, limit: limit, name: name}
}

type limited struct {
	r           io.Reader
	left, limit int64
	name        string
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{Path: l.name, Limit: l.limit}
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		n += int(l.left) // hand out exactly limit bytes
		return n, &TooLargeError{Path: l.name, Limit: l.limit}
	}
	return n, err
}

// IsLimit reports whether err is a refused input (too large, or not a
// regular file): a usage error (exit 2), never a crash.
func IsLimit(err error) bool {
	var t *TooLargeError
	var n *NotRegularError
	return errors.As(err, &t) || errors.As(err, &n)
}

// File is an output file being written: nothing is at its path until
// Close succeeds.
type File struct {
	tmp  *os.File
	path string
	done bool
}

// Create starts writing the file at path (see the package comment). A
// target that exists and is a symbolic link, a directory or a device is
// refused.
func Create(path string) (*File, error) {
	if fi, err := os.Lstat(path); err == nil {
		if !fi.Mode().IsRegular() {
			what := kind(fi.Mode())
			return nil, fmt.Errorf("%s: exists and is %s; espo-oidc writes only new or regular files and never through a link (remove it or name another file)", path, what)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	return &File{tmp: tmp, path: path}, nil
}

// Write writes to the file.
func (f *File) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// Close completes the file: it appears at its path, replacing what was
// there (never through a link).
func (f *File) Close() error {
	if f.done {
		return nil
	}
	f.done = true
	if err := f.tmp.Close(); err != nil {
		os.Remove(f.tmp.Name())
		return err
	}
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		os.Remove(f.tmp.Name())
		return err
	}
	return nil
}

// Abort drops the file: nothing appears at its path.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// WriteFile writes data to a new private file at path (see Create).
func WriteFile(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}

// MkdirPrivate makes dir (and missing parents) with mode 0700; an
// existing folder is used as it is.
func MkdirPrivate(dir string) error {
	if fi, err := os.Stat(dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("%s: exists and is not a folder", dir)
		}
		return nil
	}
	return os.MkdirAll(dir, 0o700)
}
