package history

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// crashChild adds entries forever, printing each ID once Add has returned
// (that is, once the record is committed). The parent kills it.
func crashChild(path string) {
	db, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	preview := bytes.Repeat([]byte{0xab}, 2048)
	for i := 0; i < 100000; i++ {
		id, err := db.Add(Entry{Name: fmt.Sprintf("crash-%d.png", i), Thumbnail: preview})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(id)
	}
	os.Exit(0)
}

func TestKillDuringWritesLosesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	var stderr bytes.Buffer
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "UPSHOT_HISTORY_CRASH_CHILD="+path)
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var committed []uint64
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		id, err := strconv.ParseUint(sc.Text(), 10, 64)
		if err != nil {
			t.Fatalf("child printed %q", sc.Text())
		}
		committed = append(committed, id)
		if len(committed) == 50 {
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
		}
	}
	if err := cmd.Wait(); err == nil {
		t.Fatalf("child was not killed (stderr: %s)", stderr.String())
	}
	if len(committed) < 50 {
		t.Fatalf("child died after %d ids: %s", len(committed), stderr.String())
	}

	db, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after kill -9: %v", err)
	}
	defer db.Close()
	for _, id := range committed {
		e, err := db.Get(id)
		if err != nil || len(e.Thumbnail) != 2048 {
			t.Errorf("committed entry %d: %v (preview %d bytes)", id, err, len(e.Thumbnail))
		}
	}
	list, err := db.List(Query{})
	if err != nil || len(list) < len(committed) {
		t.Errorf("List: %d entries, err %v; want at least %d", len(list), err, len(committed))
	}
	if _, err := db.Add(Entry{Name: "after.png"}); err != nil {
		t.Errorf("Add after the crash: %v", err)
	}
}
