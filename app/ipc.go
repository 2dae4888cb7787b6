package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/app/internal/hotkeys"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/service"
)

// handoffWait bounds how long a handed-over batch may take.
const handoffWait = 24 * time.Hour

// serveIPC lets later `upshot …` runs hand their work to this instance, so
// a desktop shortcut bound to `upshot capture region` behaves exactly like
// the built-in hotkey. cli.Handoff answers; this wires it to the window.
func (g *gui) serveIPC() {
	h := cli.Handoff{
		Queue:         g.queue,
		Capture:       func(s service.Shot) { fyne.Do(func() { g.act(string(s.Mode), s.Delay) }) },
		Clipboard:     func() { fyne.Do(func() { g.act(hotkeys.ActionClipboard, 0) }) },
		Show:          func() { fyne.Do(func() { g.act("show", 0) }) },
		Edit:          g.editHandedOver,
		Record:        func(c service.Clip) bool { return g.startRecording(g.recordFlow(g.sizeLimit()), c) },
		StopRecording: g.recSlot.StopAndWait,
		WaitRecording: g.recSlot.Wait,
		CopyText: func(text string) error {
			var err error
			fyne.DoAndWait(func() { err = g.main.CopyText(text) })
			return err
		},
	}
	srv, err := ipc.Listen(func(req ipc.Request) ipc.Response {
		ctx, cancel := context.WithTimeout(g.ctx, handoffWait)
		defer cancel()
		return h.Serve(ctx, req)
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "upshot: single-instance socket: %v\n", err)
		return
	}
	g.ipc = srv
}
