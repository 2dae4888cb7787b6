package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/profile"
	"github.com/upshot-app/upshot/uploader/sxcu"
)

// profileImport is `upshot profile import FILE.sxcu [--name NAME]
// [--default]`: a ShareX custom uploader becomes a profile. Its key goes
// to the key store, never to the config file. A file that cannot be used
// is a usage error (exit 2) naming the key and value at fault.
func profileImport(_ context.Context, args []string, env Env) (int, error) {
	var name string
	var makeDefault bool
	pc, err := loadProfileCmd("import", args, env, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "profile name (default: the file's Name, else its host)")
		fs.BoolVar(&makeDefault, "default", false, "make it the default profile")
	})
	if err != nil {
		return ExitUsage, err
	}
	file := pc.name
	data, err := readSXCU(file, env)
	if err != nil {
		return ExitUsage, err
	}
	im, err := profile.ImportSXCU(data)
	if err != nil {
		return ExitUsage, usagef("%s: %v — Upshot can import ShareX image uploaders that send the file as multipart form data", file, err)
	}
	if name != "" {
		im.Profile.Name = name
	}
	if _, err := im.Profile.Normalize(); err != nil {
		return ExitUsage, usagef("%s: %v", file, err)
	}
	if old, ok := pc.cfg.Get(im.Profile.Name); ok {
		return ExitUsage, usagef("%s: a profile named %q exists already — import it with --name OTHER, or remove that one first", file, old.Name)
	}
	pc.name = im.Profile.Name
	if code, err := pc.addImported(im, env); err != nil {
		return code, err
	}
	if makeDefault || pc.cfg.Default == "" {
		_ = pc.cfg.SetDefault(pc.name)
	}
	if err := pc.cfg.Save(pc.paths.Config); err != nil {
		return ExitFailed, err
	}
	printImported(pc, im, env)
	return ExitOK, nil
}

// readSXCU reads the file (never a FIFO or device), or stdin for "-".
func readSXCU(file string, env Env) ([]byte, error) {
	read := func() ([]byte, error) { return sxcu.ReadFile(file) }
	if file == "-" {
		read = func() ([]byte, error) { return sxcu.Read(env.Stdin) }
	}
	data, err := read()
	if err != nil {
		return nil, usagef("%s: %v", file, err)
	}
	return data, nil
}

// addImported stores the profile and its credentials; the key store is
// opened only when there is something to keep in it.
func (pc *profileCmd) addImported(im profile.Imported, env Env) (int, error) {
	var secrets profile.Secrets
	if im.NeedsKeyStore() {
		var err error
		if secrets, err = pc.keyStore(env); err != nil {
			return ExitFailed, err
		}
	}
	if err := pc.cfg.AddImported(im, secrets); err != nil {
		return ExitFailed, err
	}
	return ExitOK, nil
}

// keyStore opens the OS keyring, or — only when none exists — the 0600
// fallback file, with a warning.
func (pc *profileCmd) keyStore(env Env) (profile.Secrets, error) {
	if env.Secrets == nil {
		return nil, fmt.Errorf("no key store available")
	}
	s, usingFile, err := env.Secrets(pc.paths.Keys)
	if err != nil {
		return nil, fmt.Errorf("open the key store: %w", err)
	}
	if usingFile {
		fmt.Fprintf(env.Stderr, "upshot: warning: no OS keyring found; keys are kept in %s (mode 0600)\n", pc.paths.Keys)
	}
	return s, nil
}

// printImported says what the profile became, then the warnings.
func printImported(pc *profileCmd, im profile.Imported, env Env) {
	saved, _ := pc.cfg.Get(pc.name)
	kind := "Chevereto"
	if im.Generic() {
		kind = fmt.Sprintf("custom uploader, file field %q", saved.SXCU.FileFormName)
	}
	fmt.Fprintf(env.Stdout, "profile %q imported: %s (%s)\n", saved.Name, saved.Host, kind)
	for _, w := range im.Warnings {
		fmt.Fprintf(env.Stderr, "upshot: warning: %s\n", w)
	}
	if uploader.IsPlainHTTP(saved.Host) {
		fmt.Fprintf(env.Stderr, "upshot: warning: %s is plain http — uploads and credentials travel unencrypted\n", saved.Host)
	}
	if !im.Generic() && im.Key == "" {
		fmt.Fprintf(env.Stderr, "upshot: note: the file has no API key; add one with \"upshot profile add %s --host %s --key-stdin\"\n", saved.Name, saved.Host)
	}
}

// profileExport is `upshot profile export NAME [--with-key]`: the profile
// as a .sxcu file on stdout. The key is left out unless --with-key.
func profileExport(_ context.Context, args []string, env Env) (int, error) {
	var withKey bool
	pc, err := loadProfileCmd("export", args, env, func(fs *flag.FlagSet) {
		fs.BoolVar(&withKey, "with-key", false, "include the API key (anyone with the file can upload as you)")
	})
	if err != nil {
		return ExitUsage, err
	}
	p, ok := pc.cfg.Get(pc.name)
	if !ok {
		return ExitUsage, usagef("no profile named %q in %s — see \"upshot profile list\"", pc.name, pc.paths.Config)
	}
	var secrets profile.Secrets
	if withKey {
		if secrets, err = pc.keyStore(env); err != nil {
			return ExitFailed, err
		}
	}
	data, err := profile.ExportSXCU(*p, secrets, withKey)
	if err != nil {
		return ExitFailed, err
	}
	if _, err := env.Stdout.Write(data); err != nil {
		return ExitFailed, fmt.Errorf("write the .sxcu: %w", err)
	}
	if withKey {
		fmt.Fprintln(env.Stderr, "upshot: warning: the file holds the API key — share it only with people who may upload as you")
	}
	return ExitOK, nil
}
