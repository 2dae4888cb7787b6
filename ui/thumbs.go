package ui

import (
	"container/list"
	"image"
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/upshot-app/upshot/uploader"
)

const (
	thumbSide    = 128 // decoded size: sharp at 64 px on a 2× screen
	thumbWorkers = 2   // decoding is CPU-heavy; two keep the UI thread fed without starving it
	thumbPending = 64  // newest requests kept; older ones are dropped and asked again when shown
	thumbCached  = 256 // ~16 MB of 128×128 RGBA at most
)

// thumbFunc makes a preview; uploader.Thumbnail in the app, a fake in tests.
type thumbFunc func(path string, maxSide int) (image.Image, error)

// thumbResult is a finished preview (img nil when it could not be made).
type thumbResult struct {
	path string
	img  image.Image
}

// thumbPool decodes previews for the rows that are shown, newest request
// first, with a fixed number of goroutines. Results come back through
// deliver (which the window wraps in fyne.Do); the cache itself lives on
// the UI thread only.
type thumbPool struct {
	make    thumbFunc
	deliver func(thumbResult)

	mu      sync.Mutex
	wake    *sync.Cond
	stack   []string        // pending paths, newest last
	queued  map[string]bool // in stack or being decoded
	stopped bool
	inline  bool

	// UI thread only.
	cache *lru
}

// newThumbPool starts workers goroutines; with 0 it decodes inline on the
// caller's thread (tests, where a second goroutine touching widgets would be
// a data race).
func newThumbPool(mk thumbFunc, deliver func(thumbResult), workers int) *thumbPool {
	p := &thumbPool{make: mk, deliver: deliver, queued: map[string]bool{}, cache: newLRU(thumbCached),
		inline: workers == 0}
	p.wake = sync.NewCond(&p.mu)
	for range workers {
		go p.work()
	}
	return p
}

// lookup returns a cached preview (ok=false when it was never made).
// Call on the UI thread.
func (p *thumbPool) lookup(path string) (img image.Image, ok bool) {
	return p.cache.get(path)
}

// store keeps a finished preview. Call on the UI thread.
func (p *thumbPool) store(r thumbResult) { p.cache.put(r.path, r.img) }

// request asks for a preview of path unless it is already on its way. In
// inline mode it makes it at once and reports it as ready.
func (p *thumbPool) request(path string) (image.Image, bool) {
	if p.inline {
		img, err := p.make(path, thumbSide)
		if err != nil {
			img = nil
		}
		p.store(thumbResult{path: path, img: img})
		return img, true
	}
	p.enqueue(path)
	return nil, false
}

func (p *thumbPool) enqueue(path string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || p.queued[path] {
		return
	}
	p.queued[path] = true
	p.stack = append(p.stack, path)
	if len(p.stack) > thumbPending { // rows scrolled past long ago: forget them
		delete(p.queued, p.stack[0])
		p.stack = p.stack[1:]
	}
	p.wake.Signal()
}

// stop ends the workers once they finish their current preview.
func (p *thumbPool) stop() {
	p.mu.Lock()
	p.stopped = true
	p.stack = nil
	p.mu.Unlock()
	p.wake.Broadcast()
}

func (p *thumbPool) work() {
	for {
		p.mu.Lock()
		for len(p.stack) == 0 && !p.stopped {
			p.wake.Wait()
		}
		if p.stopped {
			p.mu.Unlock()
			return
		}
		path := p.stack[len(p.stack)-1]
		p.stack = p.stack[:len(p.stack)-1]
		p.mu.Unlock()

		img, err := p.make(path, thumbSide)
		if err != nil {
			img = nil // shown as a file icon; not retried
		}
		p.deliver(thumbResult{path: path, img: img})

		p.mu.Lock()
		delete(p.queued, path)
		p.mu.Unlock()
	}
}

// previewPath is the user's own file to preview for an item, or "" when
// the window previews nothing itself: a capture, a pasted image, a
// downloaded URL or piped data is the queue's copy, deleted once it
// uploads, and the queue previews it while it is there (Item.Preview).
func previewPath(it uploader.Item) string {
	s := it.Source
	if it.Owned || s == "" || s == "-" || strings.Contains(s, "://") {
		return ""
	}
	return s
}

// isImage tells pictures (which Copy image can put on the clipboard) by
// MIME, by what the host says, or by extension.
func isImage(it uploader.Item) bool {
	switch {
	case strings.HasPrefix(it.Mime, "image/"):
		return true
	case it.Result != nil && it.Result.Type != "":
		return it.Result.Type == "image"
	}
	switch strings.ToLower(filepath.Ext(it.Name)) {
	case ".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".avif":
		return true
	}
	return false
}

// isVideo tells videos (no preview, a video icon) by MIME or extension.
func isVideo(it uploader.Item) bool {
	if strings.HasPrefix(it.Mime, "video/") {
		return true
	}
	switch strings.ToLower(filepath.Ext(it.Name)) {
	case ".mp4", ".mov", ".webm":
		return true
	}
	return false
}

// lru is a small least-recently-used cache of previews.
type lru struct {
	max   int
	order *list.List // front = most recent; values are *lruEntry
	byKey map[string]*list.Element
}

type lruEntry struct {
	key string
	img image.Image
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *lru) get(k string) (image.Image, bool) {
	e, ok := c.byKey[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry).img, true
}

func (c *lru) put(k string, img image.Image) {
	if e, ok := c.byKey[k]; ok {
		e.Value.(*lruEntry).img = img
		c.order.MoveToFront(e)
		return
	}
	c.byKey[k] = c.order.PushFront(&lruEntry{key: k, img: img})
	if c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*lruEntry).key)
	}
}

// fyneDeliver hands results to the UI thread.
func fyneDeliver(apply func(thumbResult)) func(thumbResult) {
	return func(r thumbResult) { fyne.Do(func() { apply(r) }) }
}
