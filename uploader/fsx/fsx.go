// Package fsx holds the few file-system steps that Upshot's stores share:
// replacing a small file (config, key file) so that a crash leaves either
// the old or the new content, never half of one.
package fsx

import (
	"os"
	"path/filepath"
)

// WriteFileAtomic replaces path with data: it writes a temporary file next
// to path, fsyncs it, sets perm and renames it over path, then fsyncs the
// directory so the rename survives a crash too. Missing directories are
// created 0700 (they hold the user's private files). path itself is
// replaced, not followed: resolve a symlink first to write through it.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp") // created 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := writeSync(tmp, data, perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	SyncDir(dir)
	return nil
}

// writeSync writes data to f, gives it perm and flushes it to disk.
func writeSync(f *os.File, data []byte, perm os.FileMode) error {
	if perm != 0o600 { // CreateTemp's mode; a chmod is needed only to differ
		if err := f.Chmod(perm); err != nil {
			return err
		}
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// SyncDir makes a create, rename or remove in dir durable where the system
// allows it. It is best effort: not every system can fsync a directory,
// and the change itself is done either way.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
