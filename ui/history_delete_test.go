package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/history"
)

// TestHistoryDeleteFromHostChevereto42 runs the window's delete through the
// real history.DeleteFromHost against the fake host, which answers like
// Chevereto 4.2 (301 → ?deleted → 301 → 404): that is a deletion, and the
// entry leaves the list and the store, as `upshot history delete ID
// --from-host` does. The same link kept by a second entry then answers 404
// at once: already gone, which removes that entry too, with a note.
func TestHistoryDeleteFromHostChevereto42(t *testing.T) {
	withLanguage(t, "en")
	test.NewTempApp(t)
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	e := uploadedEntry(t, srv)
	db, err := history.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	var ids [2]uint64
	for i := range ids {
		if ids[i], err = db.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	w := test.NewTempWindow(t, nil)
	h := newHistory(w, HistoryDeps{
		Open: func() (*history.DB, error) { return db, nil },
		DeleteFromHost: func(ctx context.Context, e history.Entry) (history.Deletion, error) {
			return history.DeleteFromHost(ctx, nil, e)
		},
	}, func(f func()) { f() }, time.UTC)
	w.Resize(fyne.NewSize(760, 520))
	if len(h.shown) != 2 {
		t.Fatalf("History shows %d entries, want 2", len(h.shown))
	}

	notices := []string{"shot.png was deleted from the host and removed from History",
		"shot.png was already gone from the host; removed from History"}
	for i, id := range ids {
		e, _ := h.entry(id)
		h.deleteFromHost(e)
		if n := h.notice.text(); n != notices[i] {
			t.Errorf("delete %d: notice %q, want %q", i+1, n, notices[i])
		}
		if _, err := db.Get(id); !errors.Is(err, history.ErrNotFound) {
			t.Errorf("delete %d: the entry is still in the store (err %v)", i+1, err)
		}
		if _, shown := h.entry(id); shown || len(h.shown) != len(ids)-1-i {
			t.Errorf("delete %d: the list still shows the entry (%d shown)", i+1, len(h.shown))
		}
	}
	if ups := srv.Uploads(); len(ups) != 1 || !ups[0].Deleted {
		t.Errorf("host uploads %+v, want the one deleted", ups)
	}
}

// uploadedEntry uploads a small PNG to srv and returns its history entry.
func uploadedEntry(t *testing.T, srv *chevtest.Server) history.Entry {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 6, 4))); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "shot.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: srv.Endpoint(), Transport: http.DefaultTransport})
	if err != nil {
		t.Fatal(err)
	}
	f, err := uploader.Inspect(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Upload(context.Background(), f, uploader.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return history.FromResult("", uploader.Item{Name: "shot.png", Path: path, Result: r})
}
