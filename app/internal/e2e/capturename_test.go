//go:build e2e

package e2e

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

// readableTitle is how a capture is titled on the host: the time as
// people write it, not "Screenshot 2026 12 02 02 29 01" (what Chevereto
// makes of a file name's dashes).
var readableTitle = regexp.MustCompile(`^Screenshot \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`)

// TestCapturesHaveReadableTitles: a capture handed to the running app and
// one `upshot capture` uploads itself both reach the host titled
// "Screenshot 2026-12-02 02:29:01", from a file name with no colon.
func TestCapturesHaveReadableTitles(t *testing.T) {
	h := newHome(t)
	site := h.testHost()
	a := startApp(t, h, site)
	if r := h.runEnv(h.env, "", "capture", "full"); r.code != 0 {
		t.Fatalf("capture handed to the app: exit %d, stderr %s", r.code, r.stderr)
	}
	waitFor(t, "the app's capture in the history", 20*time.Second, func() bool { return len(historyEntries(t, h)) == 1 })
	a.stop()
	if r := h.runEnv(h.env, "", "capture", "full", "--host", site); r.code != 0 {
		t.Fatalf("upshot capture full --host: exit %d, stderr %s", r.code, r.stderr)
	}
	entries := historyEntries(t, h)
	if len(entries) != 2 {
		t.Fatalf("history has %d entries, want the 2 captures: %+v", len(entries), entries)
	}
	for _, e := range entries {
		if !readableTitle.MatchString(e.Title) {
			t.Errorf("capture %q titled %q, want \"Screenshot YYYY-MM-DD HH:MM:SS\"", e.Name, e.Title)
		}
		if strings.Contains(e.Name, ":") || !strings.HasPrefix(e.Name, "Screenshot ") {
			t.Errorf("capture file %q: want \"Screenshot …\" with no colon", e.Name)
		}
	}
}

// historyEntry is what the tests read of `upshot history --json`.
type historyEntry struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

func historyEntries(t *testing.T, h *home) []historyEntry {
	t.Helper()
	r := h.run("", "history", "--json")
	var out []historyEntry
	for _, l := range lines(r.stdout) {
		var e historyEntry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("history line %q: %v", l, err)
		}
		out = append(out, e)
	}
	return out
}
