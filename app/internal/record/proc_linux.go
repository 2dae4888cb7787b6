package record

import (
	"os"
	"os/exec"
	"syscall"
)

// childAttr puts a recording tool in a process group of its own, so that a
// Ctrl+C in Upshot's terminal reaches Upshot, which then stops the
// recording properly, and interrupts it when Upshot dies: ffmpeg then
// writes its last fragment and exits instead of recording on for ever.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGINT}
}

// interrupt asks a recording tool to stop and finish its file, as Ctrl+C
// would (ffmpeg, wf-recorder and gst-launch -e all finish on SIGINT).
func interrupt(cmd *exec.Cmd) error {
	return cmd.Process.Signal(os.Interrupt)
}

// killGroup kills a tool and whatever it started.
func killGroup(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

// tryLock takes an exclusive, non-blocking flock on f. The kernel drops it
// when the process dies, which is how a leftover is told from a recording
// still running.
func tryLock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
