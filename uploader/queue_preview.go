package uploader

import (
	"image"
	"strings"
)

// PreviewSide is the side, in pixels, of the previews the queue makes
// (sharp at 64 units on a 2× screen, and what the history stores).
const PreviewSide = 128

// startPreview makes, in the background, the preview of an image whose file
// does not outlive its upload: a capture or pasted image the queue deletes
// once uploaded, a downloaded URL, piped data. The user's own files are
// previewed by whoever shows them, when they are shown (a thousand dropped
// files are not all decoded). It runs beside the upload, so it costs the
// link no time unless decoding is the slower of the two; finish waits for
// it before the file goes. Called from the worker without the lock.
func (q *Queue) startPreview(e *entry, it Item, f *File, out *outcome) {
	if it.Preview != nil || !strings.HasPrefix(f.Mime, "image/") || !previewedByQueue(it) {
		return
	}
	done := make(chan struct{})
	out.preview = done
	go func() {
		defer close(done)
		img, err := Thumbnail(f.Path, PreviewSide)
		if err != nil {
			return // shown as a file icon: an image Go cannot decode (AVIF)
		}
		q.setPreview(e, img)
	}()
}

// previewedByQueue reports whether the item's bytes are the queue's own
// copy, gone after the upload, so that only the queue can preview them.
func previewedByQueue(it Item) bool {
	return it.Owned || it.Source == "-" || isURL(it.Source)
}

// setPreview stores a finished preview and shows it at once when the item
// is still on its way (its end state carries it anyway).
func (q *Queue) setPreview(e *entry, img image.Image) {
	q.mu.Lock()
	defer q.mu.Unlock()
	e.item.Preview = img
	if !e.item.State.Final() && q.byID[e.item.ID] == e {
		q.emit(EventUpdated, e)
	}
}

// waitPreview waits for the run's preview, if one is being made.
func (out *outcome) waitPreview() {
	if out.preview != nil {
		<-out.preview
	}
}
