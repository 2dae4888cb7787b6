package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run starts upshot.exe with args and returns its exit status. Ctrl+C
// reaches upshot.exe itself (it attaches to this console), so the launcher
// ignores it and waits for upshot.exe to finish.
func run(args []string) int {
	exe, err := target()
	if err != nil {
		fmt.Fprintln(os.Stderr, "upshot:", err)
		return 1
	}
	signal.Ignore(os.Interrupt)
	cmd := exec.Command(exe, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	fmt.Fprintf(os.Stderr, "upshot: start %s: %v\n", exe, err)
	return 1
}

// target is upshot.exe in this launcher's folder.
func target() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find upshot.exe: %w", err)
	}
	base := strings.TrimSuffix(filepath.Base(self), filepath.Ext(self))
	exe := filepath.Join(filepath.Dir(self), base+".exe")
	if _, err := os.Stat(exe); err != nil {
		return "", fmt.Errorf("%s is missing: unpack the whole zip into one folder", exe)
	}
	return exe, nil
}
