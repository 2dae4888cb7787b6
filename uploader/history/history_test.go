package history

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	// The crash test re-runs this binary as a writer that it kills.
	if path := os.Getenv("UPSHOT_HISTORY_CRASH_CHILD"); path != "" {
		crashChild(path)
		return
	}
	os.Exit(m.Run())
}

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data", "upshot", "history.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

var base = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func mustAdd(t *testing.T, db *DB, e Entry) uint64 {
	t.Helper()
	id, err := db.Add(e)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAddGetRoundTrip(t *testing.T) {
	db, path := openTemp(t)
	want := Entry{
		Time: base, Profile: "imgapi", Source: "/home/u/shot.png", Name: "shot.png", Title: "Shot",
		Size: 160, Width: 64, Height: 48, Mime: "image/png", MD5: "0f3717b7e605a8dd2fb37f0de25269bf",
		URL: "https://h/images/shot.png", Viewer: "https://h/image/shot.mq", Short: "https://h/image/mq",
		Thumb: "https://h/images/shot.th.png", Medium: "https://h/images/shot.md.png", Delete: "https://h/image/mq/delete/abc",
		Expiration: base.Add(time.Hour), Thumbnail: []byte{0xff, 0xd8, 1, 2, 3},
	}
	id := mustAdd(t, db, want)
	want.ID = id
	got, err := db.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	list, err := db.List(Query{})
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], want) {
		t.Errorf("List = %+v, %v", list, err)
	}
	for p, mode := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: mode %v (err %v), want %v", p, st.Mode().Perm(), err, mode)
		}
	}
}

func TestAddSetsTime(t *testing.T) {
	db, _ := openTemp(t)
	before := time.Now()
	e, err := db.Get(mustAdd(t, db, Entry{Name: "a.png"}))
	if err != nil {
		t.Fatal(err)
	}
	if e.Time.Before(before.Add(-time.Second)) {
		t.Errorf("Time = %v, want about now", e.Time)
	}
}

// seed adds four entries an hour apart and returns their IDs, oldest first.
func seed(t *testing.T, db *DB) []uint64 {
	t.Helper()
	entries := []Entry{
		{Time: base, Profile: "imgapi", Name: "Cat.PNG", Title: "my cat", URL: "https://img.api.hn/images/cat.png"},
		{Time: base.Add(1 * time.Hour), Profile: "mine", Name: "dog.jpg", Source: "https://example.org/dog.jpg", URL: "http://mineurl.org/images/dog.jpg"},
		{Time: base.Add(2 * time.Hour), Profile: "imgapi", Name: "shot.png", Title: "Desktop", Short: "https://img.api.hn/image/Xy7"},
		{Time: base.Add(3 * time.Hour), Profile: "mine", Name: "clip.mp4", Source: "-", Viewer: "http://mineurl.org/video/clip.Q"},
	}
	var ids []uint64
	for _, e := range entries {
		ids = append(ids, mustAdd(t, db, e))
	}
	return ids
}

func TestListFilters(t *testing.T) {
	db, _ := openTemp(t)
	ids := seed(t, db)
	tests := []struct {
		name string
		q    Query
		want []uint64 // newest first
	}{
		{"all newest first", Query{}, []uint64{ids[3], ids[2], ids[1], ids[0]}},
		{"name any case", Query{Search: "cat.png"}, []uint64{ids[0]}},
		{"title", Query{Search: "DESKTOP"}, []uint64{ids[2]}},
		{"source", Query{Search: "example.org"}, []uint64{ids[1]}},
		{"stdin source", Query{Search: "-"}, []uint64{ids[3]}},
		{"short url", Query{Search: "xy7"}, []uint64{ids[2]}},
		{"viewer url", Query{Search: "video/clip"}, []uint64{ids[3]}},
		{"host", Query{Search: "mineurl"}, []uint64{ids[3], ids[1]}},
		{"no match", Query{Search: "nothing"}, nil},
		{"profile", Query{Profile: "imgapi"}, []uint64{ids[2], ids[0]}},
		{"from", Query{From: base.Add(2 * time.Hour)}, []uint64{ids[3], ids[2]}},
		{"to", Query{To: base.Add(time.Hour)}, []uint64{ids[1], ids[0]}},
		{"range", Query{From: base.Add(30 * time.Minute), To: base.Add(150 * time.Minute)}, []uint64{ids[2], ids[1]}},
		{"limit", Query{Limit: 2}, []uint64{ids[3], ids[2]}},
		{"combined", Query{Profile: "mine", Search: "dog", From: base}, []uint64{ids[1]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := db.List(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []uint64
			for _, e := range list {
				got = append(got, e.ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDeleteClearMarkDeleted(t *testing.T) {
	db, _ := openTemp(t)
	ids := seed(t, db)
	if err := db.Delete(ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Get(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: err = %v, want ErrNotFound", err)
	}
	if err := db.Delete(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: err = %v, want ErrNotFound", err)
	}
	if err := db.MarkDeleted(ids[0]); err != nil {
		t.Fatal(err)
	}
	e, err := db.Get(ids[0])
	if err != nil || !e.DeletedFromHost || e.Name != "Cat.PNG" {
		t.Errorf("after MarkDeleted: %+v, %v", e, err)
	}
	if err := db.MarkDeleted(ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("MarkDeleted of a deleted entry: err = %v", err)
	}
	if err := db.Clear(); err != nil {
		t.Fatal(err)
	}
	if list, err := db.List(Query{}); err != nil || len(list) != 0 {
		t.Errorf("after Clear: %d entries, err %v", len(list), err)
	}
	if id := mustAdd(t, db, Entry{Name: "new.png"}); id <= ids[3] {
		t.Errorf("ID after Clear = %d, want above %d (IDs are never reused)", id, ids[3])
	}
}

func TestClosedDB(t *testing.T) {
	db, _ := openTemp(t)
	db.Close()
	if _, err := db.Add(Entry{}); err == nil {
		t.Error("Add on a closed DB succeeded")
	}
	if _, err := db.List(Query{}); err == nil {
		t.Error("List on a closed DB succeeded")
	}
}

func TestOpenRejectsGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(path, []byte("this is not a bolt file, just text that is long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); err == nil {
		t.Error("Open accepted a text file")
	}
}

// Two handles on one file stand for the GUI and the CLI writing at once.
func TestTwoHandlesConcurrently(t *testing.T) {
	a, path := openTemp(t)
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const perWriter = 15
	var wg sync.WaitGroup
	errs := make(chan error, 4*perWriter)
	for w, db := range []*DB{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				if _, err := db.Add(Entry{Name: fmt.Sprintf("w%d-%d.png", w, i)}); err != nil {
					errs <- err
				}
				if _, err := db.List(Query{Limit: 3}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	list, err := b.List(Query{})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	ids := map[uint64]bool{}
	for _, e := range list {
		names[e.Name], ids[e.ID] = true, true
	}
	if len(list) != 4*perWriter || len(names) != 4*perWriter || len(ids) != 4*perWriter {
		t.Errorf("%d entries, %d names, %d IDs; want %d each", len(list), len(names), len(ids), 4*perWriter)
	}
}
