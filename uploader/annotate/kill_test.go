//go:build unix

package annotate

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const killHelperEnv = "UPSHOT_ANNOTATE_HELPER" // the capture the child edits

// TestHelperEditor is the child of TestEditsSurviveKill9: it opens a
// capture, makes edits, says so once they are written, and waits to be
// killed. It does nothing in a normal test run.
func TestHelperEditor(t *testing.T) {
	src := os.Getenv(killHelperEnv)
	if src == "" {
		return
	}
	d, _, err := Open(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Add(Shape{Kind: Arrow, Color: 1, Width: 4, Points: pts(10, 10, 80, 60)})
	d.Begin()
	id := d.Add(Shape{Kind: Pen, Color: 2, Width: 3, Points: pts(5, 5)})
	for i := 1; i <= 20; i++ {
		d.AppendPoint(id, Pt(float64(5+i*3), float64(5+i)))
	}
	d.End()
	d.Add(Shape{Kind: Redact, Points: pts(20, 20, 60, 50)})
	d.Undo()
	d.Add(Shape{Kind: Text, Color: 5, Width: 3, Text: "last edit", Points: pts(30, 60)})
	if err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString("saved\n")
	select {} // only SIGKILL ends this
}

// TestEditsSurviveKill9: a process killed after its edits were saved loses
// none of them: the next start finds the document and opens it as it was.
func TestEditsSurviveKill9(t *testing.T) {
	dir := t.TempDir()
	src := writeCapture(t, dir, "shot.png", 120, 90)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperEditor$", "-test.count=1")
	cmd.Env = append(os.Environ(), killHelperEnv+"="+src)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for line := range lines {
		if strings.Contains(line, "saved") {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	go func() { // drain, so the reader goroutine ends
		for range lines {
		}
	}()
	found, err := FindUnfinished(dir)
	if err != nil || len(found) != 1 {
		t.Fatalf("after the kill found %v (%v), want the edited capture", found, err)
	}
	d, _, err := Open(found[0].Source, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got := kinds(d)
	if want := []Kind{Arrow, Pen, Text}; strings.Join(kindNames(got), " ") != strings.Join(kindNames(want), " ") {
		t.Fatalf("reopened with %v, want %v", got, want)
	}
	if s := d.Shapes(); len(s[1].Points) != 21 || s[2].Text != "last edit" {
		t.Errorf("the stroke has %d points and the text is %q", len(s[1].Points), s[2].Text)
	}
}

func kindNames(ks []Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}
