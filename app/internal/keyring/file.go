package keyring

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"

	"github.com/upshot-app/upshot/uploader/fsx"
	"github.com/upshot-app/upshot/uploader/profile"
)

// fileStore keeps keys in a JSON file readable by the user alone. It is the
// fallback for systems without a keyring, and where such keys stay until
// they are set again with a keyring at hand. The file is read on every call
// so that the GUI and the CLI see each other's changes.
type fileStore struct {
	path string
	mu   sync.Mutex // serialises read-modify-write within this process
}

// keyFile is the file's content.
type keyFile struct {
	Comment string            `json:"_comment"`
	Keys    map[string]string `json:"keys"` // profile name → API key
}

const fileComment = "Upshot API keys, kept here because this system has no keyring. Keep this file private (mode 0600)."

func (f *fileStore) Get(name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	kf, err := f.read()
	if err != nil {
		return "", err
	}
	key, ok := kf.Keys[name]
	if !ok || key == "" {
		return "", profile.ErrNoKey
	}
	return key, nil
}

func (f *fileStore) Set(name, key string) error {
	return f.change(func(keys map[string]string) bool {
		old, ok := keys[name]
		keys[name] = key
		return !ok || old != key
	})
}

// Delete removes the key; a key that is not there is no error, and leaves
// the file as it was (or absent).
func (f *fileStore) Delete(name string) error {
	return f.change(func(keys map[string]string) bool {
		_, ok := keys[name]
		delete(keys, name)
		return ok
	})
}

// change applies edit, which reports whether it changed anything, and
// writes the file only then.
func (f *fileStore) change(edit func(map[string]string) bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	kf, err := f.read()
	if err != nil {
		return err
	}
	if !edit(kf.Keys) {
		return nil
	}
	kf.Comment = fileComment
	data, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return err
	}
	if err := fsx.WriteFileAtomic(f.path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("save key file %s: %w", f.path, err)
	}
	return nil
}

// read loads the file; a missing file holds no keys. A file others can
// read is made private again before its keys are used.
func (f *fileStore) read() (keyFile, error) {
	kf := keyFile{Keys: map[string]string{}}
	data, err := os.ReadFile(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return kf, nil
	}
	if err != nil {
		return kf, fmt.Errorf("read key file %s: %w", f.path, err)
	}
	if st, err := os.Stat(f.path); err == nil && st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(f.path, 0o600); err != nil {
			return kf, fmt.Errorf("key file %s is readable by others and cannot be made private: %w", f.path, err)
		}
	}
	if err := json.Unmarshal(data, &kf); err != nil {
		// The decoder's message may quote the file, that is, a key.
		return kf, fmt.Errorf("key file %s is damaged — delete it and enter the API keys again", f.path)
	}
	if kf.Keys == nil {
		kf.Keys = map[string]string{}
	}
	return kf, nil
}
