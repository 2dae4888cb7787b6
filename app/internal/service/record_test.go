package service

import (
	"context"
	"errors"
	"image"
	"slices"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/record"
)

// fakeRecording ends, once stopped, with res and err.
type fakeRecording struct {
	res     *record.Result
	err     error
	stopped chan struct{}
	done    chan struct{}
}

func newFakeRecording(res *record.Result, err error) *fakeRecording {
	r := &fakeRecording{res: res, err: err, stopped: make(chan struct{}), done: make(chan struct{})}
	go func() { <-r.stopped; close(r.done) }()
	return r
}

func (r *fakeRecording) Stop() {
	select {
	case <-r.stopped:
	default:
		close(r.stopped)
	}
}
func (r *fakeRecording) Wait() (*record.Result, error) { <-r.done; return r.res, r.err }
func (r *fakeRecording) Done() <-chan struct{}         { return r.done }
func (r *fakeRecording) Elapsed() time.Duration        { return 12 * time.Second }

// recordFlow is a flow over rec whose steps are logged.
func recordFlow(rec *fakeRecording, steps *[]string, opts *record.Options) RecordFlow {
	return RecordFlow{
		Start: func(ctx context.Context, o record.Options) (Recording, error) {
			*steps, *opts = append(*steps, "start"), o
			if ctx.Done() != nil {
				return nil, errors.New("the recording's context can be canceled: a Ctrl+C would throw it away")
			}
			return rec, nil
		},
		Shoot: func(m capture.Mode) (*image.RGBA, error) {
			*steps = append(*steps, "shoot "+string(m))
			return screen(), nil
		},
		Region: func(context.Context, *image.RGBA) (image.Rectangle, error) {
			*steps = append(*steps, "region")
			return image.Rect(2, 4, 22, 14), nil
		},
		Sleep: func(_ context.Context, d time.Duration) error {
			*steps = append(*steps, "wait "+d.String())
			return nil
		},
		Dir:       "/tmp/recordings",
		SizeLimit: 5_000_000,
		Started:   func(Recording) { *steps = append(*steps, "started") },
		Queue:     func(p string) error { *steps = append(*steps, "queue "+p); return nil },
	}
}

// A region recording: wait, overlay, record the rectangle chosen until
// ctx ends (a Ctrl+C), which stops it, and queue the file all the same.
func TestRecordFlowRegionStoppedByCancel(t *testing.T) {
	rec := newFakeRecording(&record.Result{Path: "/tmp/recordings/r.gif"}, nil)
	var steps []string
	var opts record.Options
	f := recordFlow(rec, &steps, &opts)
	ctx, cancel := context.WithCancel(context.Background())
	f.Started = func(Recording) { steps = append(steps, "started"); cancel() }
	res, err := f.Run(ctx, Clip{Mode: record.ModeRegion, GIF: true, FPS: 15, MaxDuration: 9 * time.Second, Delay: time.Second})
	if err != nil || res != rec.res {
		t.Fatalf("Run = %+v, %v", res, err)
	}
	want := []string{"wait 1s", "shoot region", "region", "start", "started", "queue /tmp/recordings/r.gif"}
	if !slices.Equal(steps, want) {
		t.Errorf("steps %q, want %q", steps, want)
	}
	wantOpts := record.Options{Target: record.Target{Mode: record.ModeRegion, Rect: image.Rect(2, 4, 22, 14), Monitor: record.MonitorAtPointer},
		Format: record.FormatGIF, FPS: 15, MaxDuration: 9 * time.Second, Dir: "/tmp/recordings", SizeLimit: 5_000_000}
	if opts != wantOpts {
		t.Errorf("options %+v, want %+v", opts, wantOpts)
	}
}

func TestRecordFlowOutcomes(t *testing.T) {
	kept := &record.Result{Path: "/tmp/recordings/k.mp4"}
	for _, c := range []struct {
		name      string
		res       *record.Result
		err       error
		wantQueue bool
	}{
		{"interrupted: what was recorded uploads", kept, record.ErrInterrupted, true},
		{"too big: kept, not sent", kept, &record.TooBigError{Path: kept.Path, Size: 9e6, Limit: 5e6}, false},
		{"nothing recorded", nil, record.ErrNothingRecorded, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := newFakeRecording(c.res, c.err)
			var steps []string
			var opts record.Options
			f := recordFlow(rec, &steps, &opts)
			f.Started = func(r Recording) { r.Stop() }
			res, err := f.Run(context.Background(), Clip{Mode: record.ModeFull})
			if res != c.res || !errors.Is(err, c.err) {
				t.Errorf("Run = %v, %v; want %v, %v", res, err, c.res, c.err)
			}
			if queued := slices.Contains(steps, "queue /tmp/recordings/k.mp4"); queued != c.wantQueue {
				t.Errorf("queued = %v (steps %q), want %v", queued, steps, c.wantQueue)
			}
			if slices.Contains(steps, "region") || opts.Format != record.FormatMP4 {
				t.Errorf("a full-screen MP4 recording: steps %q, options %+v", steps, opts)
			}
		})
	}
}

// A tool that is missing is said before the overlay shows.
func TestRecordFlowChecksFirst(t *testing.T) {
	var steps []string
	var opts record.Options
	f := recordFlow(nil, &steps, &opts)
	missing := &record.MissingToolError{Tool: "wf-recorder", Package: "wf-recorder", Why: "to record"}
	f.Check = func(record.Mode) error { return missing }
	_, err := f.Run(context.Background(), Clip{Mode: record.ModeRegion, Delay: time.Second})
	var mt *record.MissingToolError
	if !errors.As(err, &mt) || len(steps) != 0 {
		t.Errorf("Run = %v after steps %q; want the missing tool before anything", err, steps)
	}
}

// A dismissed overlay starts nothing and is a cancel, not a failure.
func TestRecordFlowOverlayDismissed(t *testing.T) {
	var steps []string
	var opts record.Options
	f := recordFlow(nil, &steps, &opts)
	f.Region = func(context.Context, *image.RGBA) (image.Rectangle, error) {
		return image.Rectangle{}, capture.ErrCanceled
	}
	if _, err := f.Run(context.Background(), Clip{Mode: record.ModeRegion}); !errors.Is(err, capture.ErrCanceled) {
		t.Fatalf("Run = %v, want capture.ErrCanceled", err)
	}
	if slices.Contains(steps, "start") {
		t.Errorf("steps %q: a recording started", steps)
	}
}

func TestFitNote(t *testing.T) {
	for _, c := range []struct {
		fitted string
		want   string
	}{
		{"", ""},
		{"re-encoded to 4.8 MB: 10 fps", "re-encoded to 4.8 MB (10 fps) to fit the host's 5 MB limit"},
		{"re-encoded to 990 KB", "re-encoded to 990 KB to fit the host's 1 MB limit"},
	} {
		limit := int64(5_000_000)
		if c.fitted == "re-encoded to 990 KB" {
			limit = 1_000_000
		}
		if got := FitNote(&record.Result{Fitted: c.fitted}, limit); got != c.want {
			t.Errorf("FitNote(%q) = %q, want %q", c.fitted, got, c.want)
		}
	}
}

// The slot holds one recording: a second is refused while the first is
// under way, Stop reaches the one that runs, and End frees it.
func TestRecordSlot(t *testing.T) {
	var s RecordSlot
	if s.Stop() || s.Recording() {
		t.Fatal("an empty slot stopped or reported a recording")
	}
	if !s.Begin() || s.Begin() {
		t.Fatal("Begin: want the first to take the slot and the second refused")
	}
	if s.Stop() {
		t.Error("Stop before the recording started reported one stopped")
	}
	rec := newFakeRecording(&record.Result{}, nil)
	s.Set(rec)
	if busy, d := s.Busy(); !busy || d != 12*time.Second || !s.Recording() {
		t.Errorf("Busy = %v, %v; Recording = %v", busy, d, s.Recording())
	}
	if !s.Stop() {
		t.Fatal("Stop did not find the recording")
	}
	<-rec.Done()
	if s.Recording() {
		t.Error("a finished recording still counts as recording")
	}
	s.End(nil)
	if busy, _ := s.Busy(); busy || !s.Begin() {
		t.Error("End did not free the slot")
	}
}

// StopAndWait stops the recording and waits for its flow's end: the queue
// item its file became and the flow's error, or the caller's context.
func TestRecordSlotStopAndWait(t *testing.T) {
	var s RecordSlot
	if _, ok := s.StopAndWait(); ok {
		t.Fatal("StopAndWait on an empty slot found a recording")
	}
	if _, ok := s.Wait(); ok {
		t.Fatal("Wait on a slot that saw no recording found one")
	}
	for _, tt := range []struct {
		name string
		id   int64
		err  error
	}{{"uploaded", 7, nil}, {"failed", 0, errors.New("the encoder died")}} {
		s.Begin()
		rec := newFakeRecording(&record.Result{}, nil)
		s.Set(rec)
		wait, ok := s.StopAndWait()
		if !ok {
			t.Fatalf("%s: StopAndWait did not find the recording", tt.name)
		}
		<-rec.Done() // it stopped the recording
		short, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		if _, err := wait(short); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: wait before the flow ended = %v, want the context's deadline", tt.name, err)
		}
		cancel()
		if tt.id != 0 {
			s.Queued(tt.id)
		}
		s.End(tt.err)
		id, err := wait(context.Background())
		if id != tt.id || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("%s: wait = %d, %v; want %d, %v", tt.name, id, err, tt.id, tt.err)
		}
		// A handed `upshot record` asks after the flow may have ended: Wait
		// gives the last one's end.
		last, ok := s.Wait()
		if !ok {
			t.Fatalf("%s: Wait after the recording ended found none", tt.name)
		}
		if id, err := last(context.Background()); id != tt.id || !errors.Is(err, tt.err) {
			t.Errorf("%s: Wait after the end = %d, %v; want %d, %v", tt.name, id, err, tt.id, tt.err)
		}
	}
}

// RegionOnly tells the picker the region is for a recording (its overlay
// says so and offers no editor); a picker called directly is not told.
func TestRegionOnlyMarksTheRegionForRecording(t *testing.T) {
	var asked []bool
	pick := func(ctx context.Context, _ *image.RGBA) (image.Rectangle, bool, error) {
		asked = append(asked, ForRecording(ctx))
		return image.Rect(1, 2, 3, 4), true, nil
	}
	r, err := RegionOnly(pick)(context.Background(), nil)
	pick(context.Background(), nil)
	if err != nil || r != image.Rect(1, 2, 3, 4) || len(asked) != 2 || !asked[0] || asked[1] {
		t.Errorf("RegionOnly: %v %v, pickers told for recording %v; want [true false]", r, err, asked)
	}
}
