package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader/profile"
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
	im, err := service.ImportSXCU(pc.paths, service.ImportRequest{File: pc.name, Stdin: env.Stdin, Name: name, Default: makeDefault}, env.Secrets)
	if err != nil {
		return ExitFailed, err // report() makes a bad file exit 2
	}
	printImported(im, env)
	return ExitOK, nil
}

// printImported says what the profile became, then the warnings.
func printImported(im service.Imported, env Env) {
	if im.KeyFile != "" {
		fmt.Fprintf(env.Stderr, "upshot: warning: no OS keyring found; keys are kept in %s (mode 0600)\n", im.KeyFile)
	}
	kind := "Chevereto"
	if im.Generic {
		kind = fmt.Sprintf("custom uploader, file field %q", im.FileField)
	}
	fmt.Fprintf(env.Stdout, "profile %q imported: %s (%s)\n", im.Name, im.Host, kind)
	for _, w := range im.Warnings {
		fmt.Fprintf(env.Stderr, "upshot: warning: %s\n", w)
	}
	if im.PlainHTTP {
		fmt.Fprintf(env.Stderr, "upshot: warning: %s is plain http — uploads and credentials travel unencrypted\n", im.Host)
	}
	if im.NoKey {
		fmt.Fprintf(env.Stderr, "upshot: note: the file has no API key; add one with \"upshot profile add %s --host %s --key-stdin\"\n", im.Name, im.Host)
	}
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
