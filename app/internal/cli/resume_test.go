//go:build unix

package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/profile"
)

const cliHelperEnv = "UPSHOT_CLI_HELPER_ARGS" // newline-separated command line for TestCLIHelperProcess

// TestCLIHelperProcess is the child of the kill tests: it runs one command
// line with the real environment, until it ends or is killed. It does
// nothing in a normal test run.
func TestCLIHelperProcess(t *testing.T) {
	args := os.Getenv(cliHelperEnv)
	if args == "" {
		return
	}
	env := Env{Stdin: strings.NewReader(""), Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Version: "test"}
	os.Exit(Run(context.Background(), strings.Split(args, "\n"), env))
}

// killedUser is a user whose `upshot` has been killed mid-batch.
type killedUser struct {
	vars    map[string]string
	secrets memSecrets
	journal string
}

func newKilledUser(t *testing.T) *killedUser {
	t.Helper()
	dir := t.TempDir()
	u := &killedUser{secrets: memSecrets{}, vars: map[string]string{
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_DATA_HOME":   filepath.Join(dir, "data"),
	}}
	u.journal = Env{Getenv: func(k string) string { return u.vars[k] }}.paths("").Journal
	return u
}

func (u *killedUser) run(stdin string, args ...string) run {
	var out, errb bytes.Buffer
	env := Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv:  func(k string) string { return u.vars[k] },
		Version: "test",
		Secrets: func(string) (profile.Secrets, bool, error) { return u.secrets, false, nil },
	}
	code := Run(context.Background(), args, env)
	return run{code, out.String(), errb.String()}
}

// killMidBatch starts the command line in a child process, waits until its
// journal holds want items, and kills it with SIGKILL.
func (u *killedUser) killMidBatch(t *testing.T, want int, args ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCLIHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), cliHelperEnv+"="+strings.Join(args, "\n"))
	for k, v := range u.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for u.journaled(t) < want {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child never journaled %d items; its output:\n%s", want, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
}

// journaled counts the add records in the journal folder.
func (u *killedUser) journaled(t *testing.T) int {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(u.journal, "*.journal"))
	n := 0
	for _, p := range names {
		b, _ := os.ReadFile(p)
		n += strings.Count(string(b), `"op":"add"`)
	}
	return n
}

func (u *killedUser) journalText(t *testing.T) string {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(u.journal, "*.journal"))
	var all []byte
	for _, p := range names {
		b, _ := os.ReadFile(p)
		all = append(all, b...)
	}
	return string(all)
}

// TestResumeKeepsEachUploadOnItsHost is issue 10 §4: after
// `upshot upload --host A --key K` is killed, a bare `upshot resume` must
// not send the rest to the default profile's host B: it names A, asks for
// the key (exit 2, nothing sent), and `resume --key K` finishes on A.
func TestResumeKeepsEachUploadOnItsHost(t *testing.T) {
	const keyA, keyB = "chv_host_A_key_123", "chv_host_B_key_456"
	hostA := chevtest.NewTB(t, chevtest.Options{Key: keyA, Faults: chevtest.Faults{Delay: time.Hour}})
	hostB := chevtest.NewTB(t, chevtest.Options{Key: keyB})
	u := newKilledUser(t)
	if r := u.run(keyB+"\n", "profile", "add", "b", "--host", hostB.URL(), "--key-stdin", "--default"); r.code != 0 {
		t.Fatalf("profile add: %d %s", r.code, r.stderr)
	}
	dir := t.TempDir()
	args := []string{"upload", "--host", hostA.URL(), "--key", keyA, "--jobs", "1"}
	for i := range 6 {
		args = append(args, writePNG(t, dir, fmt.Sprintf("f%d.png", i), 6+i, 6))
	}
	u.killMidBatch(t, 6, args...)
	if strings.Contains(u.journalText(t), keyA) {
		t.Fatal("the journal holds the API key")
	}

	r := u.run("", "resume")
	hp := strings.TrimPrefix(hostA.URL(), "http://")
	want := "upshot: 6 uploads to " + hp + " were interrupted; its key was given on the command line: run upshot resume --key KEY\n"
	if r.code != ExitUsage || r.stderr != want || r.stdout != "" {
		t.Errorf("bare resume: exit %d, stdout %q, stderr %q; want exit 2 and %q", r.code, r.stdout, r.stderr, want)
	}
	if n := len(hostB.Requests()); n != 0 {
		t.Fatalf("the default profile's host B got %d requests", n)
	}
	if n := len(hostA.Uploads()); n != 0 {
		t.Fatalf("a bare resume sent %d uploads to A", n)
	}

	hostA.SetOptions(func(o *chevtest.Options) { o.Faults.Delay = 0 })
	r = u.run("", "resume", "--key", keyA)
	if r.code != 0 || len(strings.Fields(r.stdout)) != 6 {
		t.Fatalf("resume --key: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if n := len(hostA.Uploads()); n != 6 {
		t.Errorf("host A has %d uploads, want the 6 interrupted ones", n)
	}
	if n := len(hostB.Requests()); n != 0 {
		t.Errorf("host B got %d requests", n)
	}
	if r := u.run("", "resume"); r.code != 0 || !strings.Contains(r.stderr, "nothing to resume") {
		t.Errorf("a third resume: exit %d, stderr %q", r.code, r.stderr)
	}
}

// writeDeadJournal leaves a journal as a dead process would have: lines
// are add records' JSON bodies after "op":"add","id":N.
func (u *killedUser) writeDeadJournal(t *testing.T, n int, recs ...string) {
	t.Helper()
	if err := os.MkdirAll(u.journal, 0o700); err != nil {
		t.Fatal(err)
	}
	text := `{"op":"head","pid":8388608,"start":"0"}` + "\n"
	for i, r := range recs {
		text += fmt.Sprintf(`{"op":"add","id":%d,%s}`+"\n", i+1, r)
	}
	p := filepath.Join(u.journal, fmt.Sprintf("8388608-0-%08x.journal", n))
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestResumeRules(t *testing.T) {
	const keyA, keyB = "chv_host_A_key_123", "chv_host_B_key_456"
	hostA := chevtest.NewTB(t, chevtest.Options{Key: keyA})
	hostC := chevtest.NewTB(t, chevtest.Options{Key: keyA})
	hostB := chevtest.NewTB(t, chevtest.Options{Key: keyB})
	png := func(name string) string { return fmt.Sprintf("%q", writePNG(t, t.TempDir(), name, 5, 5)) }
	newUser := func(t *testing.T) *killedUser {
		u := newKilledUser(t)
		if r := u.run(keyB+"\n", "profile", "add", "b", "--host", hostB.URL(), "--key-stdin", "--default"); r.code != 0 {
			t.Fatalf("profile add: %d %s", r.code, r.stderr)
		}
		return u
	}
	sentKeys := func(s *chevtest.Server) []string {
		var out []string
		for _, r := range s.Requests() {
			out = append(out, r.Header.Get("X-API-Key"))
		}
		return out
	}

	t.Run("old journal is not guessed", func(t *testing.T) {
		u := newUser(t)
		u.writeDeadJournal(t, 1, `"source":`+png("old.png"))
		r := u.run("", "resume")
		if r.code != ExitUsage || !strings.Contains(r.stderr, "1 upload interrupted by an earlier version of Upshot does not say where it was going") {
			t.Fatalf("bare resume of an old journal: exit %d, stderr %q", r.code, r.stderr)
		}
		if n := len(hostB.Requests()); n != 0 {
			t.Fatalf("host B got %d requests", n)
		}
		before := len(hostB.Uploads())
		if r := u.run("", "resume", "--profile", "b"); r.code != 0 || len(hostB.Uploads()) != before+1 {
			t.Fatalf("resume --profile b: exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("a key never goes to a profile's host", func(t *testing.T) {
		u := newUser(t)
		u.writeDeadJournal(t, 2, `"source":`+png("p.png")+`,"profile":"b","dest":{"profile":"b"}`)
		n := len(hostB.Requests())
		r := u.run("", "resume", "--key", keyA)
		if r.code != 0 || !strings.Contains(r.stderr, "--key is not used") {
			t.Fatalf("resume --key with profile items only: exit %d, stderr %q", r.code, r.stderr)
		}
		if got := sentKeys(hostB)[n:]; len(got) != 1 || got[0] != keyB {
			t.Errorf("host B got keys %q, want only its own stored key", got)
		}
	})
	t.Run("several keyed hosts need --host", func(t *testing.T) {
		u := newUser(t)
		epA, epC := hostA.URL()+"/api/1/upload", hostC.URL()+"/api/1/upload"
		u.writeDeadJournal(t, 3, `"source":`+png("a.png")+`,"dest":{"host":"`+epA+`","keyed":true}`)
		u.writeDeadJournal(t, 4, `"source":`+png("c.png")+`,"dest":{"host":"`+epC+`","keyed":true}`)
		r := u.run("", "resume", "--key", keyA)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "uploads to 2 hosts were interrupted") {
			t.Fatalf("resume --key with two hosts: exit %d, stderr %q", r.code, r.stderr)
		}
		r = u.run("", "resume", "--host", hostA.URL(), "--key", keyA)
		wantC := "1 upload to " + strings.TrimPrefix(hostC.URL(), "http://") + " was interrupted; its key was given on the command line: run upshot resume --host " + epC + " --key KEY"
		if r.code != ExitUsage || !strings.Contains(r.stderr, wantC) {
			t.Fatalf("resume --host A with C waiting too: exit %d, stderr %q; want %q", r.code, r.stderr, wantC)
		}
		if len(hostA.Requests())+len(hostC.Requests()) != 0 {
			t.Fatal("something was sent although a host's key is missing")
		}
	})
	t.Run("guest host needs no key", func(t *testing.T) {
		u := newUser(t)
		guest := chevtest.NewTB(t, chevtest.Options{Guest: true})
		u.writeDeadJournal(t, 5, `"source":`+png("g.png")+`,"dest":{"host":"`+guest.Endpoint()+`"}`)
		if r := u.run("", "resume"); r.code != 0 || len(guest.Uploads()) != 1 {
			t.Fatalf("resume of a guest upload: exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("local test host is left to the app", func(t *testing.T) {
		u := newUser(t)
		u.writeDeadJournal(t, 6, `"source":`+png("l.png")+`,"dest":{"local":true}`)
		r := u.run("", "resume")
		if r.code != 0 || !strings.Contains(r.stderr, "1 upload to the app's local test host was interrupted: start Upshot to finish it") {
			t.Fatalf("resume with a local item: exit %d, stderr %q", r.code, r.stderr)
		}
		if u.journaled(t) != 1 {
			t.Error("the local item left the journal")
		}
	})
}
