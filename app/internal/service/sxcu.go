package service

import (
	"fmt"
	"io"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
	"github.com/upshot-app/upshot/uploader/sxcu"
)

// ImportProblem says why a .sxcu file was not imported.
type ImportProblem int

// The import problems; each means nothing was changed.
const (
	ImportUnreadable  ImportProblem = iota // the file cannot be opened or read (Err)
	ImportUnsupported                      // not an uploader Upshot can use (Err names the key and value)
	ImportInvalid                          // the profile it makes is not valid (Err)
	ImportExists                           // a profile called Name exists already
)

// ImportError is a .sxcu file that cannot be imported; the command line
// exits with status 2 on it.
type ImportError struct {
	Problem ImportProblem
	File    string // as the user gave it
	Name    string // the profile name, for ImportExists
	Err     error
}

func (e *ImportError) Error() string {
	switch e.Problem {
	case ImportUnsupported:
		return fmt.Sprintf("%s: %v — Upshot can import ShareX image uploaders that send the file as multipart form data", e.File, e.Err)
	case ImportExists:
		return fmt.Sprintf("%s: a profile named %q exists already — import it with --name OTHER, or remove that one first", e.File, e.Name)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ImportError) Unwrap() error { return e.Err }

// ImportRequest is one .sxcu file to import.
type ImportRequest struct {
	File    string    // the path, or "-" for Stdin
	Stdin   io.Reader // read for "-"
	Name    string    // the profile name ("" = the file's Name, else its host)
	Default bool      // make it the default profile
}

// Imported is what a .sxcu file became.
type Imported struct {
	Name, Host string
	Generic    bool     // a custom uploader, not a Chevereto host
	FileField  string   // a custom uploader's file field
	Warnings   []string // what of the file was left out, in the profile package's words
	PlainHTTP  bool     // uploads and credentials travel unencrypted
	NoKey      bool     // a Chevereto host without an API key in the file
	KeyFile    string   // the 0600 file the credentials went to (no OS keyring); "" = the keyring
}

// ImportSXCU imports a ShareX custom uploader as a profile of the
// configuration at p.Config: the key goes to the key store, never to the
// config file. It is the one import path of the CLI, the drop on the
// window and Settings.
func ImportSXCU(p Paths, req ImportRequest, secrets SecretsOpener) (Imported, error) {
	cfg, err := LoadConfig(p.Config)
	if err != nil {
		return Imported{}, err
	}
	data, err := readSXCU(req)
	if err != nil {
		return Imported{}, err
	}
	im, err := profile.ImportSXCU(data)
	if err != nil {
		return Imported{}, &ImportError{Problem: ImportUnsupported, File: req.File, Err: err}
	}
	if req.Name != "" {
		im.Profile.Name = req.Name
	}
	if _, err := im.Profile.Normalize(); err != nil {
		return Imported{}, &ImportError{Problem: ImportInvalid, File: req.File, Err: err}
	}
	if old, ok := cfg.Get(im.Profile.Name); ok {
		return Imported{}, &ImportError{Problem: ImportExists, File: req.File, Name: old.Name}
	}
	var out Imported
	if err := addImported(cfg, im, p.Keys, secrets, &out); err != nil {
		return Imported{}, err
	}
	if req.Default || cfg.Default == "" {
		_ = cfg.SetDefault(im.Profile.Name)
	}
	if err := cfg.Save(p.Config); err != nil {
		return Imported{}, err
	}
	saved, _ := cfg.Get(im.Profile.Name)
	out.Name, out.Host, out.Generic, out.Warnings = saved.Name, saved.Host, im.Generic(), im.Warnings
	if out.Generic {
		out.FileField = saved.SXCU.FileFormName
	}
	out.PlainHTTP = uploader.IsPlainHTTP(saved.Host)
	out.NoKey = !im.Generic() && im.Key == ""
	return out, nil
}

// readSXCU reads the file (never a FIFO or device), or stdin for "-".
func readSXCU(req ImportRequest) ([]byte, error) {
	read := func() ([]byte, error) { return sxcu.ReadFile(req.File) }
	if req.File == "-" {
		read = func() ([]byte, error) { return sxcu.Read(req.Stdin) }
	}
	data, err := read()
	if err != nil {
		return nil, &ImportError{Problem: ImportUnreadable, File: req.File, Err: err}
	}
	return data, nil
}

// addImported stores the profile and its credentials; the key store is
// opened only when there is something to keep in it.
func addImported(cfg *profile.Config, im profile.Imported, keysPath string, open SecretsOpener, out *Imported) error {
	var secrets profile.Secrets
	if im.NeedsKeyStore() {
		s, usingFile, err := OpenSecrets(open, keysPath)
		if err != nil {
			return err
		}
		if usingFile {
			out.KeyFile = keysPath
		}
		secrets = s
	}
	return cfg.AddImported(im, secrets)
}

// OpenSecrets opens the key store through open, with the command line's
// wording when it fails.
func OpenSecrets(open SecretsOpener, keysPath string) (profile.Secrets, bool, error) {
	if open == nil {
		return nil, false, ErrNoKeyStore
	}
	s, usingFile, err := open(keysPath)
	if err != nil {
		return nil, false, fmt.Errorf("open the key store: %w", err)
	}
	return s, usingFile, nil
}
