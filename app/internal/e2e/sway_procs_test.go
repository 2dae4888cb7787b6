//go:build e2e

package e2e

import (
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// procGroup starts the session's long-running programs and stops them.
// They are started from one goroutine locked to its thread, which stays
// alive, so that the parent-death signal they carry (set for the case
// where the test binary is killed before TestMain can stop them) is tied
// to the test process, not to a thread the Go runtime may end.
type procGroup struct {
	mu    sync.Mutex
	cmds  []*exec.Cmd
	reqs  chan func()
	start func(*exec.Cmd, *os.File) error
}

func newProcGroup() *procGroup {
	g := &procGroup{reqs: make(chan func())}
	go func() {
		runtime.LockOSThread() // never unlocked: the thread lives as long as the tests
		for f := range g.reqs {
			f()
		}
	}()
	g.start = func(cmd *exec.Cmd, log *os.File) error {
		if cmd.SysProcAttr == nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{}
		}
		cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
		if log != nil {
			cmd.Stdout, cmd.Stderr = log, log
		}
		done := make(chan error)
		g.reqs <- func() { done <- cmd.Start() }
		if err := <-done; err != nil {
			return err
		}
		g.mu.Lock()
		g.cmds = append(g.cmds, cmd)
		g.mu.Unlock()
		return nil
	}
	return g
}

// stop ends the programs, the last started first: SIGTERM, then SIGKILL
// for one that has not exited within 5 s.
func (g *procGroup) stop() {
	g.mu.Lock()
	cmds := g.cmds
	g.cmds = nil
	g.mu.Unlock()
	for i := len(cmds) - 1; i >= 0; i-- {
		cmd := cmds[i]
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
}
