package cli

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/upshot-app/upshot/uploader/chevtest"
)

// TestHistoryDeleteFromHost: the fake host answers a delete like Chevereto
// 4.2 (301 → ?deleted → 301 → 404), which is a deletion; a link that
// answers 404 at once was already gone. Both remove the entry, exit 0.
func TestHistoryDeleteFromHost(t *testing.T) {
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	cli, _ := testEnv(t)
	dir := t.TempDir()
	up := cli("", "upload", "--host", srv.URL(), "--output", "json", writePNG(t, dir, "a.png", 6, 6), writePNG(t, dir, "b.png", 7, 7))
	if up.code != 0 {
		t.Fatalf("upload: %d %s", up.code, up.stderr)
	}
	entries := historyEntries(t, cli)
	if len(entries) != 2 {
		t.Fatalf("history has %d entries, want 2", len(entries))
	}
	byName := map[string]historyLine{}
	for _, e := range entries {
		byName[e.Name] = e
	}
	a, b := byName["a.png"], byName["b.png"]

	r := cli("", "history", "delete", itoa(a.ID), "--from-host")
	if r.code != 0 || !strings.Contains(r.stdout, "deleted a.png from the host") {
		t.Fatalf("delete a: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if code := status(t, a.URL); code != http.StatusNotFound {
		t.Errorf("a.png still downloads after the delete: HTTP %d", code)
	}

	// b is deleted on the host's website first: the link then answers 404.
	if code := status(t, b.Delete); code != http.StatusMovedPermanently {
		t.Fatalf("deleting b by hand: HTTP %d", code)
	}
	r = cli("", "history", "delete", itoa(b.ID), "--from-host")
	if r.code != 0 || !strings.Contains(r.stdout, "b.png was already gone from the host; removed from history") {
		t.Fatalf("delete b again: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if left := historyEntries(t, cli); len(left) != 0 {
		t.Errorf("history still holds %+v", left)
	}
}

func historyEntries(t *testing.T, cli func(string, ...string) run) []historyLine {
	t.Helper()
	h := cli("", "history", "--json")
	var out []historyLine
	for _, l := range strings.Split(strings.TrimSpace(h.stdout), "\n") {
		if l == "" {
			continue
		}
		var e historyLine
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("history line %q: %v", l, err)
		}
		out = append(out, e)
	}
	return out
}

// status is the HTTP status of a GET, redirects not followed.
func status(t *testing.T, u string) int {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
