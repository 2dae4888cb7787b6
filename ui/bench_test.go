package ui

import (
	"testing"

	"github.com/upshot-app/upshot/uploader"
)

// BenchmarkApply1000 measures one pump batch that adds 1,000 items and then
// a progress tick over all of them — the "1,000 files dropped at once" case.
func BenchmarkApply1000(b *testing.B) {
	e := newMainEnv(b, "en", false)
	adds := make([]uploader.Event, 0, 1000)
	samples := make([]uploader.ProgressSample, 0, 1000)
	for i := int64(1); i <= 1000; i++ {
		adds = append(adds, evAdded(qItem(i, "f.png", uploader.StateUploading, 0, 1000)))
		samples = append(samples, uploader.ProgressSample{ID: i, Sent: 500, Total: 1000})
	}
	b.ResetTimer()
	for range b.N {
		e.m.model = newItemModel()
		e.m.applyBatch(adds)
		e.m.applyBatch([]uploader.Event{evProgress(samples...)})
	}
}
