//go:build !linux

package record

import (
	"os"
	"os/exec"
	"syscall"
)

// childAttr has nothing to add where recording is not supported.
func childAttr() *syscall.SysProcAttr { return nil }

// interrupt stops a tool.
func interrupt(cmd *exec.Cmd) error { return cmd.Process.Kill() }

// killGroup kills a tool.
func killGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

// tryLock is a no-op where flock is not available.
func tryLock(*os.File) error { return nil }
