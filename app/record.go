package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/record"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader"
)

// recorder is the screen recorder of the session the app decided on.
func recorder(session platform.Session) *record.Recorder {
	kind := record.SessionNone
	switch session.Kind {
	case platform.X11:
		kind = record.SessionX11
	case platform.Wayland:
		kind = record.SessionWayland
	}
	return record.New(kind, os.Getenv)
}

// listenRecorder is cli.Env.ListenRecorder: ipc.ListenRecorder, whose
// Close lets the answers under way reach `upshot record stop`.
func listenRecorder(handler func(ipc.Request) ipc.Response) (io.Closer, error) {
	srv, err := ipc.ListenRecorder(handler)
	if err != nil {
		return nil, err
	}
	return drainOnClose{srv}, nil
}

// drainOnClose closes an ipc.Server with Drain.
type drainOnClose struct{ srv *ipc.Server }

func (d drainOnClose) Close() error { return d.srv.Drain(10 * time.Second) }

// recordFlow is the GUI's recording flow: the region is picked in this
// app's overlay, the clip lands in the window's queue, fitted to limit.
func (g *gui) recordFlow(limit int64) service.RecordFlow {
	r := recorder(g.session)
	return service.RecordFlow{
		Start:     service.StartRecorder(r),
		Check:     r.Check,
		Shoot:     capture.New(g.session).Take,
		Region:    service.RegionOnly(g.pickRegion),
		Dir:       g.paths.Recordings,
		SizeLimit: limit,
		Started: func(rec service.Recording) {
			g.recSlot.Set(rec)
			fyne.Do(g.recordingStarted)
		},
		Queue: func(path string) error {
			queued := make(chan int64, 1)
			fyne.Do(func() { queued <- g.main.AddCapture(path) })
			select {
			case id := <-queued:
				g.recSlot.Queued(id) // for the `upshot record stop` that waits for its link
			case <-g.ctx.Done(): // quitting: the UI thread may not run it any more
			}
			return nil
		},
	}
}

// toggleRecording is the record hotkey: it stops the recording that runs,
// or starts one of mode.
func (g *gui) toggleRecording(mode record.Mode) {
	if !g.recSlot.Stop() {
		g.startRecording(g.recordFlow(g.sizeLimit()), service.Clip{Mode: mode})
	}
}

// recordFromMenu is "Record region" or "Record screen" in the tray: the
// screen is read once the menu is off it.
func (g *gui) recordFromMenu(mode record.Mode) {
	f := g.recordFlow(g.sizeLimit())
	screen := capture.New(g.session)
	start := f.Start
	f.Shoot = func(m capture.Mode) (*image.RGBA, error) {
		screen.AfterMenu()
		return screen.Take(m)
	}
	f.Start = func(ctx context.Context, o record.Options) (service.Recording, error) {
		screen.AfterMenu()
		return start(ctx, o)
	}
	g.startRecording(f, service.Clip{Mode: mode})
}

// startRecording runs f for clip off the UI thread; false when a
// recording is under way already. It may be called from any goroutine.
func (g *gui) startRecording(f service.RecordFlow, clip service.Clip) bool {
	if !g.recSlot.Begin() {
		return false
	}
	clip.GIF = clip.GIF || g.config().Settings.RecordGIF
	go func() {
		res, err := f.Run(g.ctx, clip)
		g.recSlot.End(err)
		fyne.Do(func() { g.recordingEnded(res, err, f.SizeLimit) })
	}()
	return true
}

// sizeLimit is the upload host's size limit (0: none), which a recording
// is fitted to.
func (g *gui) sizeLimit() int64 {
	g.mu.Lock()
	t := g.targets
	g.mu.Unlock()
	tg, err := t.Resolve("")
	if err != nil {
		return 0 // the upload says what is wrong
	}
	return tg.MaxSize
}

// recordingStarted shows that the screen is being recorded: the tray's
// icon and its "Stop recording (0:12)", which ticks every second. UI
// thread.
func (g *gui) recordingStarted() {
	g.notify(ui.T("app.name"), ui.T("notice.record_started"))
	g.onActivity(g.queue.Summary()) // the icon
	g.refreshTrayMenu()
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for range tick.C {
			if !g.recSlot.Recording() {
				return
			}
			fyne.Do(g.refreshTrayMenu)
		}
	}()
}

// recordingEnded tells the user what came of a recording. UI thread.
func (g *gui) recordingEnded(res *record.Result, err error, limit int64) {
	g.onActivity(g.queue.Summary())
	g.refreshTrayMenu()
	var tooBig *record.TooBigError
	switch {
	case errors.Is(err, capture.ErrCanceled):
	case errors.As(err, &tooBig):
		g.recordNotice(ui.T("notice.record_too_big", "Limit", uploader.FormatSize(tooBig.Limit), "Path", tooBig.Path))
	case errors.Is(err, record.ErrInterrupted) && res != nil:
		g.recordNotice(ui.T("notice.record_interrupted", "Seconds", int(res.Duration.Seconds())))
	case err != nil:
		g.recordNotice(ui.T("notice.record_failed", "Error", err.Error()))
	case res != nil && res.Fitted != "":
		g.recordNotice(ui.T("notice.record_fitted", "Size", uploader.FormatSize(res.Size), "Limit", uploader.FormatSize(limit)))
	}
}

// recordNotice is said on stderr and in a notification.
func (g *gui) recordNotice(msg string) {
	fmt.Fprintln(os.Stderr, "upshot:", msg)
	g.notify(ui.T("app.name"), msg)
}

// recordMenuItems are the tray's recording entries: "Record region" and
// "Record screen", or, while a recording is under way, "Stop recording
// (0:12)".
func (g *gui) recordMenuItems() []*fyne.MenuItem {
	if busy, elapsed := g.recSlot.Busy(); busy {
		s := int(elapsed.Seconds())
		stop := fyne.NewMenuItem(ui.T("tray.record_stop", "Elapsed", fmt.Sprintf("%d:%02d", s/60, s%60)), func() { g.recSlot.Stop() })
		stop.Disabled = !g.recSlot.Recording() // still choosing the region, or finishing
		return []*fyne.MenuItem{stop}
	}
	return []*fyne.MenuItem{
		fyne.NewMenuItem(ui.T("tray.record_region"), func() { g.recordFromMenu(record.ModeRegion) }),
		fyne.NewMenuItem(ui.T("tray.record_screen"), func() { g.recordFromMenu(record.ModeFull) }),
	}
}

// offerLeftovers looks for recordings a crash interrupted and offers each
// one for upload; "Not now" keeps it for the next start.
func (g *gui) offerLeftovers() {
	left, err := record.FindLeftovers(g.paths.Recordings)
	if err != nil {
		fmt.Fprintf(os.Stderr, "upshot: look for interrupted recordings in %s: %v\n", g.paths.Recordings, err)
	}
	for _, l := range left {
		kept, err := l.Kept(g.ctx)
		if err != nil {
			l.Release()
			continue
		}
		fyne.Do(func() { g.offerLeftover(l, kept) })
	}
}

// offerLeftover asks about one interrupted recording. UI thread.
func (g *gui) offerLeftover(l *record.Leftover, kept time.Duration) {
	msg := ui.T("dialog.record_leftover", "Time", l.Started.Format("15:04"), "Seconds", int(kept.Seconds()))
	d := dialog.NewConfirm(ui.T("dialog.record_leftover.title"), msg, func(upload bool) {
		if !upload {
			l.Release()
			return
		}
		limit := g.sizeLimit()
		go func() {
			res, err := l.Finish(g.ctx, limit)
			if err == nil {
				fyne.Do(func() { g.main.AddCapture(res.Path) })
			}
			fyne.Do(func() { g.recordingEnded(res, err, limit) })
		}()
	}, g.win)
	d.SetConfirmText(ui.T("dialog.record_leftover.upload"))
	d.SetDismissText(ui.T("dialog.record_leftover.later"))
	d.Show()
}
