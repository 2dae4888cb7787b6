//go:build e2e

package e2e

import (
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/xdnd"
)

// histEntry is one line of `upshot history --json`.
type histEntry struct {
	ID                        uint64
	Name, URL, Delete, Source string
}

// historyOf lists the history's entries.
func historyOf(t *testing.T, hm *home) []histEntry {
	t.Helper()
	r := hm.run("", "history", "--json")
	if r.code != 0 {
		t.Fatalf("history: %d %s", r.code, r.stderr)
	}
	var out []histEntry
	for _, l := range lines(r.stdout) {
		var e histEntry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("history line %q: %v", l, err)
		}
		out = append(out, e)
	}
	return out
}

// TestRealHostHistoryDeleteFromHost: issue 10 §3. Chevereto 4.2 answers a
// deletion 301 → ?deleted → 301 → 404; Upshot takes that as done, removes
// the entry, and the file really 404s. A file deleted on the host first is
// "already gone": a success with a note.
func TestRealHostHistoryDeleteFromHost(t *testing.T) {
	rh := needRealHost(t)
	hm := newHome(t)
	dir := t.TempDir()
	a := writeFile(t, dir, "del-a.png", func(w io.Writer) error { return png.Encode(w, noisy(21, 13)) })
	b := writeFile(t, dir, "del-b.png", func(w io.Writer) error { return png.Encode(w, noisy(22, 13)) })
	if _, r := uploadJSON(t, hm, rh, a, b); r.code != 0 {
		t.Fatalf("upload: %d %s", r.code, r.stderr)
	}
	entries := map[string]uint64{}
	var urlA, urlB, delB string
	for _, e := range historyOf(t, hm) {
		entries[e.Name] = e.ID
		switch e.Name {
		case "del-a.png":
			urlA = e.URL
		case "del-b.png":
			urlB, delB = e.URL, e.Delete
		}
	}
	r := hm.run("", "history", "delete", strconv.FormatUint(entries["del-a.png"], 10), "--from-host")
	if r.code != 0 || !strings.Contains(r.stdout, "deleted del-a.png from the host") {
		t.Fatalf("history delete --from-host: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if code, _ := download(t, urlA); code != 404 {
		t.Errorf("after the delete %s answers %d, want 404", urlA, code)
	}
	// b deleted on the host's side first (the delete link opened elsewhere).
	if code, _ := download(t, delB); code != 404 {
		t.Fatalf("opening b's delete link by hand: %d (the chain should end in 404)", code)
	}
	if code, _ := download(t, urlB); code != 404 {
		t.Fatalf("b still downloads after its delete link was opened: %d", code)
	}
	r = hm.run("", "history", "delete", strconv.FormatUint(entries["del-b.png"], 10), "--from-host")
	if r.code != 0 || !strings.Contains(r.stdout, "del-b.png was already gone from the host; removed from history") {
		t.Fatalf("second delete: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if left := historyOf(t, hm); len(left) != 0 {
		t.Errorf("history still holds %+v", left)
	}
}

// TestRealHostProfileTest: `profile test` against the real key check
// (POST with no source): the key works, a wrong one is a bad key.
func TestRealHostProfileTest(t *testing.T) {
	rh := needRealHost(t)
	hm := newHome(t)
	if r := hm.run(rh.Key+"\n", "profile", "add", "real", "--host", rh.URL, "--key-stdin", "--default"); r.code != 0 {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	if r := hm.run("", "profile", "test", "real"); r.code != 0 || !strings.Contains(r.stdout, "real: key works") {
		t.Errorf("profile test: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := hm.run("chv_wrong\n", "profile", "add", "wrong", "--host", rh.URL, "--key-stdin"); r.code != 0 {
		t.Fatalf("profile add wrong: %d %s", r.code, r.stderr)
	}
	if r := hm.run("", "profile", "test", "wrong"); r.code != 1 || !strings.Contains(r.stdout, "wrong: bad key") {
		t.Errorf("profile test with a wrong key: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestRealHostResumeAfterKill: issue 10 §4 on the real host. A killed
// `upload --host REAL --key K` leaves its uploads pinned to REAL: a bare
// resume sends nothing to the default profile's host and asks for the key
// (exit 2); `resume --key K` finishes them on REAL, each once.
func TestRealHostResumeAfterKill(t *testing.T) {
	rh := needRealHost(t)
	hm := newHome(t)
	other := hm.testHost() // the default profile's host: must get nothing
	if r := hm.run("", "profile", "add", "other", "--host", other, "--default"); r.code != 0 {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	dir := t.TempDir()
	var files []string
	for i := range 12 {
		files = append(files, writeFile(t, dir, fmt.Sprintf("r%02d.png", i), func(w io.Writer) error { return png.Encode(w, noisy(120+i, 90)) }))
	}
	cmd := exec.Command(bin(t), append([]string{"upload", "--host", rh.URL, "--key", rh.Key, "--jobs", "1"}, files...)...)
	cmd.Env = hm.without("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a few uploads in the history", 60*time.Second, func() bool { return len(historySources(t, hm)) >= 2 })
	cmd.Process.Kill()
	cmd.Wait()
	before := historySources(t, hm)
	left := len(files) - len(before)
	if left == 0 {
		t.Fatal("the batch finished before the kill; nothing to resume")
	}
	hostPort := strings.TrimPrefix(rh.URL, "http://")
	r := hm.run("", "resume")
	if r.code != 2 || !strings.Contains(r.stderr, fmt.Sprintf("upshot: %d uploads to %s were interrupted; its key was given on the command line: run upshot resume --key KEY", left, hostPort)) {
		if left != 1 || !strings.Contains(r.stderr, "1 upload to "+hostPort+" was interrupted") {
			t.Fatalf("bare resume: exit %d, stderr %q (%d left)", r.code, r.stderr, left)
		}
	}
	if n := countFiles(t, hm.dir+"/hostfiles"); n != 0 {
		t.Fatalf("the default profile's host received %d files", n)
	}
	r = hm.run("", "resume", "--key", rh.Key)
	if r.code != 0 {
		t.Fatalf("resume --key: exit %d, stderr %q", r.code, r.stderr)
	}
	after := historyOf(t, hm)
	seen := map[string]int{}
	for _, e := range after {
		seen[e.Source]++
		if !strings.HasPrefix(e.URL, rh.URL+"/images/") {
			t.Errorf("%s went to %s, not the real host", e.Source, e.URL)
		}
	}
	for _, f := range files {
		if seen[f] != 1 {
			t.Errorf("%s is %d times in the history, want once", f, seen[f])
		}
	}
	if n := countFiles(t, hm.dir+"/hostfiles"); n != 0 {
		t.Errorf("the default profile's host received %d files", n)
	}
}

// TestRealHostThroughTheApp: the desktop app, started with the real host
// (UPSHOT_HOST and UPSHOT_API_KEY), uploads a dropped file and one that
// `upshot upload` hands to it; both download byte-identical.
func TestRealHostThroughTheApp(t *testing.T) {
	rh := needRealHost(t)
	hm := newHome(t)
	a := startApp(t, hm, rh.URL, "UPSHOT_API_KEY="+rh.Key)
	dir := t.TempDir()
	dropped := writeFile(t, dir, "dropped.png", func(w io.Writer) error { return png.Encode(w, noisy(33, 22)) })
	u, _ := xdnd.FileURI(dropped)
	if err := xdnd.Drop(a.display, "Upshot", 420, 320, []string{u}, 10*time.Second); err != nil {
		t.Fatalf("drop: %v", err)
	}
	waitFor(t, "the dropped file's link on the clipboard", 30*time.Second, func() bool {
		return strings.Contains(clipboardText(a.display), "/dropped")
	})
	link := strings.TrimSpace(clipboardText(a.display))
	if code, body := download(t, link); code != 200 || string(body) != string(mustRead(t, dropped)) || !strings.HasPrefix(link, rh.URL) {
		t.Errorf("dropped: %s answers %d with %d bytes", link, code, len(body))
	}

	handed := writeFile(t, dir, "handed.png", func(w io.Writer) error { return png.Encode(w, noisy(34, 22)) })
	r := hm.run("", "upload", handed) // no host or key here: the running app's
	l := lines(r.stdout)
	if r.code != 0 || len(l) != 1 || !strings.HasPrefix(l[0], rh.URL+"/images/") {
		t.Fatalf("hand-off: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	waitFor(t, "the app's own copy of the handed-off link", 10*time.Second, func() bool {
		return strings.Contains(clipboardText(a.display), "/handed") // the app took the batch
	})
	if code, body := download(t, l[0]); code != 200 || string(body) != string(mustRead(t, handed)) {
		t.Errorf("handed: %s answers %d with %d bytes", l[0], code, len(body))
	}
}
