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

	"github.com/upshot-app/upshot/app/internal/capture"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/profile"
)

func TestParseCapture(t *testing.T) {
	tests := []struct {
		args  []string
		shot  service.Shot
		rest  []string
		error string
	}{
		{args: []string{"full"}, shot: service.Shot{Mode: capture.ModeFull}},
		{args: []string{"region", "--delay", "2.5"}, shot: service.Shot{Mode: capture.ModeRegion, Delay: 2500 * time.Millisecond}},
		{args: []string{"--delay=1", "window", "--copy", "--output", "markdown"}, shot: service.Shot{Mode: capture.ModeWindow, Delay: time.Second},
			rest: []string{"--copy", "--output", "markdown"}},
		{args: []string{"-delay", "0", "monitor"}, shot: service.Shot{Mode: capture.ModeMonitor}},
		{args: []string{"--delay"}, error: "--delay needs a number of seconds"},
		{args: []string{"full", "--delay", "601"}, error: `--delay "601": give seconds from 0 to 600`},
		{args: []string{"full", "--delay=-1"}, error: "give seconds from 0 to 600"},
		{args: []string{"--delay", "x", "full"}, error: "give seconds"},
		{args: nil, error: "capture: say full, monitor, region or window"},
		{args: []string{"--title", "x"}, error: "say full, monitor"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			shot, rest, err := ParseCapture(tt.args)
			if tt.error != "" {
				if err == nil || !strings.Contains(err.Error(), tt.error) {
					t.Fatalf("ParseCapture = %v, want an error with %q", err, tt.error)
				}
				return
			}
			if err != nil || shot != tt.shot || !reflect.DeepEqual(rest, tt.rest) {
				t.Errorf("ParseCapture = %+v %q %v, want %+v %q", shot, rest, err, tt.shot, tt.rest)
			}
		})
	}
}

// captureEnv is an Env with a fake screen and overlay over a fake host.
func captureEnv(t *testing.T, region func(context.Context, *image.RGBA) (image.Rectangle, error)) (Env, *chevtest.Server, *strings.Builder, *strings.Builder, *[]string) {
	t.Helper()
	srv := chevtest.NewTB(t, chevtest.Options{Guest: true})
	dir := t.TempDir()
	vars := map[string]string{"XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_DATA_HOME": filepath.Join(dir, "data"), "UPSHOT_HOST": srv.URL()}
	var out, errb strings.Builder
	var copied []string
	env := Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv:  func(k string) string { return vars[k] },
		Secrets: func(string) (profile.Secrets, bool, error) { return memSecrets{}, false, nil },
		Copy:    func(s string) error { copied = append(copied, s); return nil },
		Shoot: func(capture.Mode) (*image.RGBA, error) {
			return image.NewRGBA(image.Rect(0, 0, 40, 30)), nil
		},
		PickRegion: func(ctx context.Context, img *image.RGBA) (image.Rectangle, bool, error) {
			r, err := region(ctx, img)
			return r, false, err
		},
	}
	return env, srv, &out, &errb, &copied
}

// TestCaptureHereUploadsTheRegion: with no app running, `upshot capture
// region` runs the flow here: the overlay's rectangle is what uploads, the
// link is printed and copied, the file is gone afterwards.
func TestCaptureHereUploadsTheRegion(t *testing.T) {
	env, srv, out, errb, copied := captureEnv(t, func(_ context.Context, img *image.RGBA) (image.Rectangle, error) {
		return image.Rect(5, 5, 25, 15), nil
	})
	env.Send = func(context.Context, ipc.Request) (ipc.Response, error) { return ipc.Response{}, ipc.ErrNotRunning }
	if code := Run(context.Background(), []string{"capture", "region"}, env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	ups := srv.Uploads()
	if len(ups) != 1 || ups[0].Width != 20 || ups[0].Height != 10 {
		t.Fatalf("uploads %+v, want one 20×10 PNG", ups)
	}
	link := strings.TrimSpace(out.String())
	if !strings.HasPrefix(link, "http://") || len(*copied) != 1 || (*copied)[0] != link {
		t.Errorf("stdout %q, copied %q", link, *copied)
	}
	left, _ := filepath.Glob(filepath.Join(env.Getenv("XDG_DATA_HOME"), "upshot", "captures", "*.png"))
	if len(left) != 0 {
		t.Errorf("the uploaded screenshot was kept: %v", left)
	}
}

// TestCaptureCanceledIsQuiet: Esc in the overlay is exit 0, no upload.
func TestCaptureCanceledIsQuiet(t *testing.T) {
	env, srv, out, errb, _ := captureEnv(t, func(context.Context, *image.RGBA) (image.Rectangle, error) {
		return image.Rectangle{}, capture.ErrCanceled
	})
	if code := Run(context.Background(), []string{"capture", "region", "--output", "url"}, env); code != ExitOK || out.Len() != 0 || errb.Len() != 0 {
		t.Fatalf("exit %d, %q %q", code, out, errb)
	}
	if n, _ := srv.Stats(); n != 0 {
		t.Errorf("%d uploads after a canceled capture", n)
	}
}

// TestCaptureHandsOff: without upload flags the capture goes to the
// running app, and the CLI prints its answer.
func TestCaptureHandsOff(t *testing.T) {
	env, _, out, errb, _ := captureEnv(t, nil)
	var sent []ipc.Request
	env.Send = func(_ context.Context, r ipc.Request) (ipc.Response, error) {
		sent = append(sent, r)
		return ipc.Response{OK: true, Lines: []string{"capture handed to the running Upshot"}}, nil
	}
	env.Shoot = func(capture.Mode) (*image.RGBA, error) { return nil, errors.New("shot here") }
	if code := Run(context.Background(), []string{"capture", "full", "--delay", "1"}, env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if len(sent) != 1 || sent[0].Command != ipc.CmdCapture || !reflect.DeepEqual(sent[0].Args, []string{"full", "--delay", "1"}) {
		t.Errorf("sent %+v", sent)
	}
	if out.Len() != 0 || errb.String() != "upshot: capture handed to the running Upshot\n" {
		t.Errorf("stdout %q, stderr %q: the app's answer goes to stderr", out, errb)
	}
}

// TestCaptureFailureSays: a screen that cannot be read is exit 1
// with the reason.
func TestCaptureFailureSays(t *testing.T) {
	env, _, _, errb, _ := captureEnv(t, nil)
	env.Shoot = func(capture.Mode) (*image.RGBA, error) { return nil, capture.ErrNoWindow }
	if code := Run(context.Background(), []string{"capture", "window", "--copy"}, env); code != ExitFailed {
		t.Fatalf("exit %d", code)
	}
	if want := "upshot: screenshot: " + capture.ErrNoWindow.Error() + "\n"; errb.String() != want {
		t.Errorf("stderr %q, want %q", errb, want)
	}
}

func TestClipboardImageUploads(t *testing.T) {
	env, srv, out, errb, _ := captureEnv(t, nil)
	png, err := os.ReadFile(writePNG(t, t.TempDir(), "c.png", 7, 5))
	if err != nil {
		t.Fatal(err)
	}
	env.Clipboard = fakeClipboard{png: png}
	if code := Run(context.Background(), []string{"clipboard", "--output", "url"}, env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if ups := srv.Uploads(); len(ups) != 1 || ups[0].Width != 7 || out.Len() == 0 {
		t.Errorf("uploads %+v, stdout %q", ups, out)
	}
	env.Clipboard = fakeClipboard{}
	errb.Reset()
	if code := Run(context.Background(), []string{"clipboard", "--copy"}, env); code != ExitFailed ||
		!strings.Contains(errb.String(), "the clipboard has no image, link or file to upload") {
		t.Errorf("empty clipboard: exit %d, %q", code, errb)
	}
}

type fakeClipboard struct {
	png  []byte
	text string
}

func (c fakeClipboard) ReadImage() []byte { return c.png }
func (c fakeClipboard) ReadText() string  { return c.text }
