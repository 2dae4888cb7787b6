package record

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"time"
)

// Recorder starts recordings in one desktop session.
type Recorder struct {
	session Session
	getenv  func(string) string
	tools   tools
	now     func() time.Time
	probe   probeFunc // what the Wayland compositor offers (Linux)
	// choose picks the back-end for a target: r.backend, but for tests.
	choose func(Target) (backend, error)
}

// New returns a Recorder for the session the app decided on; getenv reads
// the environment (os.Getenv): DISPLAY, WAYLAND_DISPLAY, XDG_RUNTIME_DIR.
func New(session Session, getenv func(string) string) *Recorder {
	if getenv == nil {
		getenv = os.Getenv
	}
	r := &Recorder{session: session, getenv: getenv, tools: systemTools(), now: time.Now, probe: defaultProbe}
	r.choose = r.backend
	return r
}

// Check reports whether mode can be recorded here without starting: nil,
// or an error that names what to install (a *MissingToolError) or why not.
func (r *Recorder) Check(mode Mode) error {
	_, err := r.choose(Target{Mode: mode})
	return err
}

// backend is one way of recording the screen.
type backend interface {
	name() string
	// start prepares the processes that record opts into the file work.
	start(ctx context.Context, opts Options, work string) (*pipeline, error)
}

// pipeline is the processes of one recording. procs[0] is the one an
// interrupt stops (ffmpeg itself, or the source that feeds it through a
// pipe); the recording has ended when all have exited.
type pipeline struct {
	procs   []*exec.Cmd
	stderr  []*stderrLog
	parent  []io.Closer // the parent's copies of the pipes' ends, closed once started
	cleanup func()      // after the processes: e.g. close the portal session
}

// add appends a process whose stderr is kept for error messages.
func (p *pipeline) add(path string, args ...string) *exec.Cmd {
	cmd := exec.Command(path, args...)
	log := newStderrLog()
	if log.f != nil {
		cmd.Stderr = log.f
	}
	cmd.SysProcAttr = childAttr()
	p.procs = append(p.procs, cmd)
	p.stderr = append(p.stderr, log)
	return cmd
}

// close releases what start holds when the processes never ran.
func (p *pipeline) close() {
	for _, c := range p.parent {
		c.Close()
	}
	p.parent = nil
	if p.cleanup != nil {
		p.cleanup()
		p.cleanup = nil
	}
	for _, l := range p.stderr {
		l.close()
	}
}

// Recording is a recording in progress.
type Recording struct {
	opts  Options
	files *files
	tools tools
	name  string

	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
	framed   chan struct{} // closed once the first frame is in the file (or never will be)

	mu      sync.Mutex
	started time.Time
	ended   time.Time
	res     *Result
	err     error
}

// Start starts recording opts and returns once frames reach the file (or
// after 5 s). The recording runs until Stop, until opts.MaxDuration, or
// until ctx is canceled, which throws it away; Wait then returns the
// finished file. The error names what to install when a tool is missing
// (*MissingToolError); a ScreenCast dialog the user dismissed is
// context.Canceled. On Wayland without wf-recorder, Start shows the
// desktop's dialog and waits for the user.
func (r *Recorder) Start(ctx context.Context, opts Options) (*Recording, error) {
	opts, err := opts.normalize()
	if err != nil {
		return nil, err
	}
	b, err := r.choose(opts.Target)
	if err != nil {
		return nil, err
	}
	f, err := newFiles(opts.Dir, manifest{Version: 1, Format: opts.Format, FPS: opts.FPS, Started: r.now(), Backend: b.name()})
	if err != nil {
		return nil, err
	}
	f.maxLen = opts.MaxDuration
	p, err := b.start(ctx, opts, f.work())
	if err != nil {
		f.remove()
		return nil, err
	}
	rec := &Recording{opts: opts, files: f, tools: r.tools, name: b.name(),
		stop: make(chan struct{}), done: make(chan struct{}), framed: make(chan struct{})}
	started := make(chan error, 1)
	go rec.run(ctx, p, started)
	if err := <-started; err != nil {
		f.remove()
		return nil, err
	}
	rec.waitFirstFrame()
	return rec, nil
}

// Stop ends the recording; Wait returns the finished file. It returns at
// once and may be called more than once.
func (rec *Recording) Stop() { rec.stopOnce.Do(func() { close(rec.stop) }) }

// Done is closed when the recording is finished (or failed).
func (rec *Recording) Done() <-chan struct{} { return rec.done }

// Wait waits until the recording is finished and returns it. With
// ErrInterrupted (the recorder died) the result still holds what was
// recorded; with a *TooBigError it holds the file that did not fit.
func (rec *Recording) Wait() (*Result, error) {
	<-rec.done
	return rec.res, rec.err
}

// Elapsed is how long the recording has run, or ran.
func (rec *Recording) Elapsed() time.Duration {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.started.IsZero() {
		return 0
	}
	if !rec.ended.IsZero() {
		return rec.ended.Sub(rec.started)
	}
	return time.Since(rec.started)
}

// Path is the file being written: a fragmented MP4, playable up to its
// last fragment.
func (rec *Recording) Path() string { return rec.files.work() }

// waitFirstFrame waits (a few seconds at most) until the encoder has
// written its first frame, so that the recording's time counts from when
// the screen is really being recorded.
func (rec *Recording) waitFirstFrame() {
	defer close(rec.framed)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if st, err := os.Stat(rec.files.work()); err == nil && st.Size() > 0 {
			break
		}
		select {
		case <-rec.done:
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
	rec.mu.Lock()
	rec.started = time.Now()
	rec.mu.Unlock()
}

// run starts the processes, reports whether they started, and sees the
// recording to its end. It keeps its OS thread: the children get an
// interrupt when the thread that started them ends (Pdeathsig), which must
// be when Upshot dies, not when Go retires an idle thread.
func (rec *Recording) run(ctx context.Context, p *pipeline, started chan<- error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer close(rec.done)
	if err := startAll(p); err != nil {
		started <- err
		return
	}
	started <- nil
	ended, interrupted := rec.supervise(ctx, p)
	if ended == endCanceled {
		rec.files.remove()
		rec.err = fmt.Errorf("recording canceled: %w", ctx.Err())
		return
	}
	rec.res, rec.err = rec.finish(ctx, interrupted)
	if rec.res != nil {
		rec.res.CPU = cpuTime(p.procs)
	}
}

// startAll starts p's processes, or none. The parent's copies of the
// pipes are closed either way: a child then sees the end of its input when
// the other child exits.
func startAll(p *pipeline) error {
	var err error
	for i, cmd := range p.procs {
		if err = cmd.Start(); err != nil {
			for _, c := range p.procs[:i] {
				_ = c.Process.Kill()
				_ = c.Wait()
			}
			err = fmt.Errorf("start %s: %w", cmd.Path, err)
			break
		}
	}
	for _, c := range p.parent {
		c.Close()
	}
	p.parent = nil
	if err != nil {
		p.close()
	}
	return err
}

// How a recording ended.
const (
	endStopped  = iota // Stop or the time limit
	endCanceled        // ctx
	endByItself        // a process exited first
)

// supervise waits for the end, stops the processes and waits for them. It
// returns how it ended and, when a process died on its own with a failure,
// why.
func (rec *Recording) supervise(ctx context.Context, p *pipeline) (int, error) {
	exits := make(chan procExit, len(p.procs))
	for i, cmd := range p.procs {
		go func() { exits <- procExit{i, cmd.Wait()} }()
	}
	var limit <-chan time.Time
	if rec.opts.MaxDuration > 0 {
		quit := make(chan struct{})
		defer close(quit)
		limit = rec.limitFromFirstFrame(quit)
	}
	how, waiting := endStopped, len(p.procs)
	var interrupted error
	select {
	case <-rec.stop:
	case <-limit:
	case <-ctx.Done():
		how = endCanceled
	case e := <-exits:
		how, waiting = endByItself, waiting-1
		interrupted = rec.diedAlone(p, e)
	}
	rec.mu.Lock()
	rec.ended = time.Now()
	rec.mu.Unlock()
	_ = interrupt(p.procs[0])
	drain(p, exits, waiting, 20*time.Second)
	return how, interrupted
}

// limitFromFirstFrame fires MaxDuration after the first frame reached the
// file, as Elapsed counts: a recorder slow to start (a loaded machine)
// must not eat into the clip. quit ends the wait.
func (rec *Recording) limitFromFirstFrame(quit <-chan struct{}) <-chan time.Time {
	c := make(chan time.Time, 1)
	go func() {
		select {
		case <-rec.framed:
		case <-quit:
			return
		}
		t := time.NewTimer(rec.opts.MaxDuration)
		defer t.Stop()
		select {
		case now := <-t.C:
			c <- now
		case <-quit:
		}
	}()
	return c
}

// procExit is one process's end.
type procExit struct {
	i   int
	err error
}

// diedAlone explains a process that exited before it was told to: nil when
// it ended cleanly (the desktop stopped the screencast), ErrInterrupted
// with its last words otherwise.
func (rec *Recording) diedAlone(p *pipeline, e procExit) error {
	if e.err == nil {
		return nil
	}
	return fmt.Errorf("%w: %s stopped by itself (%v)%s", ErrInterrupted, p.procs[e.i].Path, e.err, p.stderr[e.i].suffix())
}

// drain waits for the remaining processes; those that outlive the grace
// period are killed.
func drain(p *pipeline, exits <-chan procExit, waiting int, grace time.Duration) {
	deadline := time.After(grace)
	for waiting > 0 {
		select {
		case <-exits:
			waiting--
		case <-deadline:
			for _, cmd := range p.procs {
				killGroup(cmd)
			}
			deadline = nil
		}
	}
	p.close()
}

// finish makes the final file. A failure other than an empty recording
// leaves the partial file for FindLeftovers: nothing recorded is lost.
func (rec *Recording) finish(ctx context.Context, interrupted error) (*Result, error) {
	res, err := finish(ctx, rec.tools, rec.files, rec.opts.SizeLimit)
	switch {
	case err == nil || isTooBig(err):
		rec.files.remove()
	case errors.Is(err, ErrNothingRecorded):
		rec.files.remove()
		if interrupted != nil {
			return nil, fmt.Errorf("%w: %w", ErrNothingRecorded, interrupted)
		}
		return nil, err
	default:
		rec.files.release()
		return nil, fmt.Errorf("%w; the recording is kept in %s and will be offered again at the next start", err, rec.files.work())
	}
	if err == nil && interrupted != nil {
		err = interrupted
	}
	return res, err
}

// cpuTime is the user and system time the processes used.
func cpuTime(procs []*exec.Cmd) time.Duration {
	var d time.Duration
	for _, c := range procs {
		if c.ProcessState != nil {
			d += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
		}
	}
	return d
}
