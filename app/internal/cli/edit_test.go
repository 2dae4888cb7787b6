package cli

import (
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader/annotate"
)

func TestParseEdit(t *testing.T) {
	tests := []struct {
		args   []string
		file   string
		upload []string
		error  string
	}{
		{args: []string{"shot.png"}, file: "shot.png"},
		{args: []string{"--title", "Bug", "shot.png", "--nsfw"}, file: "shot.png", upload: []string{"--nsfw=true", "--title=Bug"}},
		{args: []string{"--host", "https://img.example", "--", "-odd.png"}, file: "-odd.png", upload: []string{"--host=https://img.example"}},
		{args: nil, error: "edit: give the image to edit"},
		{args: []string{"a.png", "b.png"}, error: "edit: one image at a time"},
		{args: []string{"a.png", "--jobs", "0"}, error: "--jobs 0"},
		{args: []string{"a.png", "--bogus"}, error: "flag provided but not defined: -bogus"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r, err := ParseEdit(tt.args, Env{Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }})
			if tt.error != "" {
				if err == nil || !strings.Contains(err.Error(), tt.error) || !isUsage(err) {
					t.Fatalf("ParseEdit = %v, want a usage error with %q", err, tt.error)
				}
				return
			}
			if err != nil || r.File != tt.file || !reflect.DeepEqual(r.Upload, tt.upload) {
				t.Fatalf("ParseEdit = %+v, %v; want %q %q", r, err, tt.file, tt.upload)
			}
		})
	}
}

// editEnv is captureEnv with an editor that hands back img (or err) and
// records the file it was opened on.
func editEnv(t *testing.T, img image.Image, err error) (Env, func() []string) {
	t.Helper()
	env, _, _, _, _ := captureEnv(t, nil)
	var opened []string
	env.Send = func(context.Context, ipc.Request) (ipc.Response, error) { return ipc.Response{}, ipc.ErrNotRunning }
	env.Edit = func(_ context.Context, path, dir string) (string, error) {
		opened = append(opened, path)
		if err != nil {
			return "", err
		}
		return service.SaveEdited(dir, path, img)
	}
	return env, func() []string { return opened }
}

// TestEditHereUploadsTheEditedPicture: with no app, the editor opens here
// on FILE (resolved in the working directory); what it hands back uploads,
// the link is printed and copied, the original stays and the edited copy
// is gone once it uploaded.
func TestEditHereUploadsTheEditedPicture(t *testing.T) {
	env, opened := editEnv(t, image.NewRGBA(image.Rect(0, 0, 17, 9)), nil)
	_, srv, out, errb, copied := captureEnv(t, nil)
	vars := map[string]string{"XDG_DATA_HOME": env.Getenv("XDG_DATA_HOME"), "XDG_CONFIG_HOME": env.Getenv("XDG_CONFIG_HOME"), "UPSHOT_HOST": srv.URL()}
	env.Getenv = func(k string) string { return vars[k] }
	env.Stdout, env.Stderr = out, errb
	env.Copy = func(s string) error { *copied = append(*copied, s); return nil }
	dir := t.TempDir()
	env.Cwd = dir
	orig := writePNG(t, dir, "bug.png", 40, 30)
	if code := Run(context.Background(), []string{"edit", "bug.png"}, env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if got := opened(); len(got) != 1 || got[0] != orig {
		t.Errorf("editor opened on %q, want %s", got, orig)
	}
	if b, err := os.ReadFile(filepath.Join(vars["XDG_DATA_HOME"], "upshot", "edit-dirs")); err != nil || string(b) != dir+"\n" {
		t.Errorf("edit-dirs %q, %v; want %s remembered for the next start's search", b, err, dir)
	}
	ups := srv.Uploads()
	if len(ups) != 1 || ups[0].Width != 17 || ups[0].Height != 9 || !strings.Contains(ups[0].Name, "bug-edited") {
		t.Fatalf("uploads %+v, want the editor's 17×9 bug-edited.png", ups)
	}
	link := strings.TrimSpace(out.String())
	if !strings.HasPrefix(link, "http://") || len(*copied) != 1 || (*copied)[0] != link {
		t.Errorf("stdout %q, copied %q", link, *copied)
	}
	if _, err := os.Stat(orig); err != nil {
		t.Errorf("the original is gone: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(vars["XDG_DATA_HOME"], "upshot", "captures", "*.png"))
	if len(left) != 0 {
		t.Errorf("the uploaded edited copy was kept: %v", left)
	}
}

// TestEditClosedOrBroken: closing without uploading is exit 1 and the
// contract's message; a file that is missing, unreadable or no image is
// exit 2 naming it, and no editor opens.
func TestEditClosedOrBroken(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, dir, "shot.png", 8, 8)
	os.WriteFile(filepath.Join(dir, "notes.png"), []byte("hello"), 0o644)
	os.Mkdir(filepath.Join(dir, "folder"), 0o755)
	tests := []struct {
		file   string
		err    error
		code   int
		stderr string
		opens  bool
	}{
		{"shot.png", service.ErrEditClosed, ExitFailed, "upshot: shot.png: closed without uploading\n", true},
		{"shot.png", errors.New("boom"), ExitFailed, "upshot: shot.png: boom\n", true},
		{"gone.png", nil, ExitUsage, "upshot: gone.png: no such file — give the path of an image to edit\n", false},
		{"notes.png", nil, ExitUsage, "upshot: notes.png is not an image the editor can open — give a PNG, JPEG, GIF, WebP or BMP file\n", false},
		{"folder", nil, ExitUsage, "upshot: folder is a folder — give the path of an image to edit\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			env, opened := editEnv(t, nil, tt.err)
			var errb strings.Builder
			env.Stderr, env.Cwd = &errb, dir
			if code := Run(context.Background(), []string{"edit", tt.file}, env); code != tt.code || errb.String() != tt.stderr {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errb.String(), tt.code, tt.stderr)
			}
			if got := len(opened()) > 0; got != tt.opens {
				t.Errorf("editor opened: %v, want %v", got, tt.opens)
			}
		})
	}
}

// TestEditHandsOff: a portable `upshot edit` goes to the running app with
// the file as typed and the sender's directory, and the CLI prints its
// answer; --host keeps it here.
func TestEditHandsOff(t *testing.T) {
	env, opened := editEnv(t, image.NewRGBA(image.Rect(0, 0, 4, 4)), nil)
	var out, errb strings.Builder
	env.Stdout, env.Stderr = &out, &errb
	getenv := env.Getenv
	env.Getenv = func(k string) string { // UPSHOT_HOST would keep the edit here
		if k == "UPSHOT_HOST" {
			return ""
		}
		return getenv(k)
	}
	dir := t.TempDir()
	env.Cwd = dir
	writePNG(t, dir, "a.png", 5, 5)
	var sent []ipc.Request
	env.Send = func(_ context.Context, r ipc.Request) (ipc.Response, error) {
		sent = append(sent, r)
		return ipc.Response{Lines: []string{"http://x/a-edited.png"}, Error: "a.png: closed without uploading", Exit: ExitFailed}, nil
	}
	if code := Run(context.Background(), []string{"edit", "--title", "T", "a.png"}, env); code != ExitFailed {
		t.Fatalf("exit %d, want the app's 1", code)
	}
	want := ipc.Request{Command: ipc.CmdEdit, Args: []string{"--title=T", "--", "a.png"}, Cwd: dir}
	if len(sent) != 1 || !reflect.DeepEqual(sent[0], want) {
		t.Errorf("sent %+v, want %+v", sent, want)
	}
	if out.String() != "http://x/a-edited.png\n" || errb.String() != "upshot: a.png: closed without uploading\n" {
		t.Errorf("stdout %q stderr %q", out.String(), errb.String())
	}
	if len(opened()) != 0 {
		t.Error("the editor opened here too")
	}
	sent = nil
	Run(context.Background(), []string{"edit", "a.png", "--host", "http://127.0.0.1:1"}, env)
	if len(sent) != 0 || len(opened()) != 1 {
		t.Errorf("--host: sent %+v, opened %q — want no hand-off", sent, opened())
	}
}

// TestHandoffEdit: the app's end opens its editor on the file resolved in
// the sender's directory, uploads what comes back (owned: deleted once
// uploaded), copies the link and answers with it; a closed editor is the
// contract's message with exit 1.
func TestHandoffEdit(t *testing.T) {
	q, srv := appQueue(t)
	dir, caps := t.TempDir(), t.TempDir()
	orig := writePNG(t, dir, "a.png", 6, 4)
	var copied, opened []string
	result := error(nil)
	h := Handoff{Queue: q, CopyText: func(s string) error { copied = append(copied, s); return nil },
		Edit: func(_ context.Context, path string) (string, error) {
			opened = append(opened, path)
			if result != nil {
				return "", result
			}
			return service.SaveEdited(caps, path, image.NewRGBA(image.Rect(0, 0, 3, 2)))
		}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp := h.Serve(ctx, ipc.Request{Command: ipc.CmdEdit, Cwd: dir, Args: []string{"--", "a.png"}})
	if !resp.OK || resp.Exit != ExitOK || len(resp.Lines) != 1 || !strings.Contains(resp.Lines[0], "a-edited") {
		t.Fatalf("answer %+v, want one link to a-edited", resp)
	}
	if len(opened) != 1 || opened[0] != orig || len(copied) != 1 || copied[0] != resp.Lines[0] {
		t.Errorf("opened %q, copied %q", opened, copied)
	}
	if ups := srv.Uploads(); len(ups) != 1 || ups[0].Width != 3 {
		t.Errorf("uploads %+v, want the 3×2 edited picture", ups)
	}
	waitGone(t, filepath.Join(caps, "a-edited.png"))
	result = service.ErrEditClosed
	resp = h.Serve(ctx, ipc.Request{Command: ipc.CmdEdit, Cwd: dir, Args: []string{"a.png"}})
	if resp.Exit != ExitFailed || resp.Error != "a.png: closed without uploading" {
		t.Errorf("closed: answer %+v", resp)
	}
	resp = h.Serve(ctx, ipc.Request{Command: ipc.CmdEdit, Cwd: dir, Args: []string{"gone.png"}})
	if resp.Exit != ExitUsage || !strings.HasPrefix(resp.Error, "gone.png: no such file") {
		t.Errorf("missing file: answer %+v", resp)
	}
}

// waitGone waits for the queue to delete an owned file once it uploaded.
func waitGone(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s is still there after its upload", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCaptureRegionEEditsHere: E in the overlay of `upshot capture region`
// (no app) opens the selection in the editor here; its picture uploads
// and neither the capture nor the edited copy is left behind. Closing the
// editor is like Esc in the overlay: exit 0, nothing sent.
func TestCaptureRegionEEditsHere(t *testing.T) {
	for _, closed := range []bool{false, true} {
		env, srv, out, errb, _ := captureEnv(t, nil)
		env.Send = func(context.Context, ipc.Request) (ipc.Response, error) { return ipc.Response{}, ipc.ErrNotRunning }
		env.PickRegion = func(context.Context, *image.RGBA) (image.Rectangle, bool, error) {
			return image.Rect(5, 5, 25, 15), true, nil
		}
		var got image.Point
		env.Edit = func(_ context.Context, path, dir string) (string, error) {
			img, err := annotate.DecodeImage(path)
			if err != nil {
				t.Fatal(err)
			}
			got = img.Bounds().Size()
			if closed {
				return "", service.ErrEditClosed
			}
			return service.SaveEdited(dir, path, image.NewRGBA(image.Rect(0, 0, 7, 7)))
		}
		if code := Run(context.Background(), []string{"capture", "region"}, env); code != ExitOK {
			t.Fatalf("closed %v: exit %d: %s", closed, code, errb)
		}
		if got != image.Pt(20, 10) {
			t.Errorf("the editor got a %v picture, want the 20×10 selection", got)
		}
		ups := srv.Uploads()
		if closed && (len(ups) != 0 || out.Len() != 0) {
			t.Errorf("closed editor: uploads %+v, stdout %q", ups, out)
		}
		if !closed && (len(ups) != 1 || ups[0].Width != 7) {
			t.Errorf("uploads %+v, want the editor's 7×7 picture", ups)
		}
		left, _ := filepath.Glob(filepath.Join(env.Getenv("XDG_DATA_HOME"), "upshot", "captures", "*"))
		if len(left) != 0 {
			t.Errorf("closed %v: left %v in the captures folder", closed, left)
		}
	}
}
