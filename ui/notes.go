package ui

import (
	"regexp"
	"strconv"
	"strings"
)

// notePattern is one of the queue's notes on an item (uploader.Item.Note,
// pieces joined by "; "), as the uploader words it (src, its format
// string) and matched by re; key is its catalog entry, its captures the
// entry's {{.A1}}, {{.A2}}…
type notePattern struct {
	src string
	re  *regexp.Regexp
	key string
}

var notePatterns = []notePattern{
	{"resized %d×%d → %d×%d to fit %s", regexp.MustCompile(`^resized (\d+)×(\d+) → (\d+)×(\d+) to fit (.+)$`), "note.resized"},
	{"re-encoded (%s → %s) to fit %s", regexp.MustCompile(`^re-encoded \((.+) → (.+)\) to fit (.+)$`), "note.reencoded"},
	{"uploaded after %d attempts", regexp.MustCompile(`^uploaded after (\d+) attempts$`), "note.uploaded_after"},
	{"failed after %d attempts", regexp.MustCompile(`^failed after (\d+) attempts$`), "note.failed_after"},
	{`"canceled"`, regexp.MustCompile(`^canceled$`), "state.canceled"},
	{"stopped: the queue was closed before it finished", regexp.MustCompile(`^stopped: the queue was closed before it finished$`), "note.stopped"},
	{"it will be offered again next time", regexp.MustCompile(`^it will be offered again next time$`), "note.offered_again"},
	{"host asks to slow down — retrying at ", regexp.MustCompile(`^host asks to slow down — retrying at (.+)$`), "note.slow_down_until"},
	{`"host asks to slow down"`, regexp.MustCompile(`^host asks to slow down$`), "note.slow_down"},
	{"retrying after: ", regexp.MustCompile(`^retrying after: (.+)$`), "note.retrying"},
	{"not started: the queue is closed", regexp.MustCompile(`^not started: the queue (?:is|was) closed$`), "note.not_started"},
	{"title cut to %d characters", regexp.MustCompile(`^title cut to (\d+) characters$`), "note.title_cut"},
}

// noteText is an item's note in the user's language: each piece the queue
// wrote that the catalog knows is translated; others stay as they are.
func noteText(note string) string {
	if note == "" {
		return ""
	}
	pieces := strings.Split(note, "; ")
	for i, p := range pieces {
		pieces[i] = notePiece(p)
	}
	return strings.Join(pieces, T("note.separator"))
}

func notePiece(p string) string {
	for _, np := range notePatterns {
		m := np.re.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		kv := make([]any, 0, 2*(len(m)-1))
		for i, v := range m[1:] {
			kv = append(kv, "A"+strconv.Itoa(i+1), v)
		}
		return T(np.key, kv...)
	}
	return p
}
