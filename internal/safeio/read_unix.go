//go:build unix

package safeio

import (
	"io/fs"
	"syscall"
)

// readFile is ReadFile in system calls: the same checks and errors as
// OpenStat and ReadSized, without an *os.File (its registration with the
// poller, which a regular file refuses, and its cleanup) or a FileInfo. A
// fleet reads two files per instance, so this is most of what loading one
// costs beyond the reads themselves.
func readFile(path string, limit int64) ([]byte, error) {
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Stat(path, &st) }); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if uint32(st.Mode)&syscall.S_IFMT != syscall.S_IFREG {
		return nil, &NotRegularError{Path: path, Kind: kind(modeOf(uint32(st.Mode)))}
	}
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|readFlags, 0)
		return err
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, &fs.PathError{Op: "fstat", Path: path, Err: err}
	}
	if uint32(st.Mode)&syscall.S_IFMT != syscall.S_IFREG {
		return nil, &NotRegularError{Path: path, Kind: kind(modeOf(uint32(st.Mode)))}
	}
	if st.Size > limit {
		return nil, &TooLargeError{Path: path, Limit: limit}
	}
	b := make([]byte, 0, min(max(st.Size, 0), limit)+512)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		var n int
		want := cap(b) - len(b)
		err := retry(func() (err error) {
			n, err = syscall.Read(fd, b[len(b):cap(b)])
			return err
		})
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			return b, nil
		}
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, &TooLargeError{Path: path, Limit: limit}
		}
		if n < want && int64(len(b)) == st.Size && st.Size > 0 {
			// all the bytes the file had when it was opened, and a short
			// read: the end of the file, without the read that returns 0
			// (a file that reports no size, as in /proc, is read to its
			// end; one that grows while read is taken as it was opened)
			return b, nil
		}
	}
}

// retry repeats a system call interrupted by a signal.
func retry(call func() error) error {
	for {
		if err := call(); err != syscall.EINTR {
			return err
		}
	}
}

// modeOf is the fs.FileMode type bits of a stat's mode.
func modeOf(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}
