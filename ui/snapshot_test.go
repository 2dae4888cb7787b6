package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader"
)

// TestMainScreenMarkup snapshots the main screen idle, uploading and done
// with an error, in each language. Masters are in testdata/; after an
// intended change, review testdata/failed/*.xml and copy them over.
func TestMainScreenMarkup(t *testing.T) {
	states := []struct {
		name   string
		deps   func(*Deps)
		events []uploader.Event
	}{
		{"idle", func(d *Deps) {
			d.Banner = "Local test host: uploads go to 127.0.0.1 and are deleted when it stops"
			d.Warnings = []string{"plain http: uploads to mineurl.org are not encrypted"}
			d.OnSettings = func() {}
			d.OnHistory = func() {}
		}, nil},
		{"uploading", nil, uploadingScene()},
		{"done_error", nil, doneWithErrorScene()},
	}
	for _, code := range []string{"en", "zh", "es"} {
		for _, s := range states {
			t.Run(s.name+"_"+code, func(t *testing.T) {
				var edit []func(*Deps)
				if s.deps != nil {
					edit = append(edit, s.deps)
				}
				e := newMainEnv(t, code, false, edit...)
				if s.events != nil {
					e.m.applyBatch(s.events)
				}
				test.AssertRendersToMarkup(t, "main_"+s.name+"_"+code+".xml", e.w.Canvas())
			})
		}
	}
}

func doneWithErrorScene() []uploader.Event {
	evs := []uploader.Event{
		evAdded(qItem(1, "beach.jpg", uploader.StateQueued, 0, 0)),
		evAdded(qItem(2, "huge-panorama.png", uploader.StateQueued, 0, 0)),
		evAdded(qItem(3, "clip.mp4", uploader.StateQueued, 0, 0)),
		evUpdated(qItem(1, "beach.jpg", uploader.StateDone, 2_400_000, 2_400_000)),
		evUpdated(qItem(2, "huge-panorama.png", uploader.StateFailed, 0, 9_800_000)),
		evUpdated(qItem(3, "clip.mp4", uploader.StateDone, 3_011_299, 3_011_299)),
		evIdle(),
	}
	return evs
}
