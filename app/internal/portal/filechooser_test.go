package portal

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/upshot-app/upshot/app/internal/portal/portaltest"
)

func openFiles(t *testing.T) ([]string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return OpenFiles(ctx, "Upload files", "Images and videos", []string{"*.png", "*.jpg"})
}

func TestOpenFilesReturnsThePickedPaths(t *testing.T) {
	portaltest.PrivateBus(t)
	f := portaltest.StartFileChooser(t, 0, "file:///home/me/Pictures/a%20b.png", "file:///home/me/c.jpg")
	paths, err := openFiles(t)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/home/me/Pictures/a b.png", "/home/me/c.jpg"}; !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
	opts := <-f.Asked
	if opts["multiple"].Value() != true {
		t.Error("the chooser was not asked for several files")
	}
	if f := opts["filters"].String(); !strings.Contains(f, "Images and videos") || !strings.Contains(f, "*.jpg") {
		t.Errorf("filters %v", f)
	}
}

// TestFilterSignature: the portal takes filters as a(sa(us)).
func TestFilterSignature(t *testing.T) {
	v := dbus.MakeVariant([]filter{newFilter("Images", []string{"*.png"})})
	if sig := v.Signature().String(); sig != "a(sa(us))" {
		t.Errorf("filters go out as %s, want a(sa(us))", sig)
	}
	if sig := dbus.MakeVariant(newFilter("Images", nil)).Signature().String(); sig != "(sa(us))" {
		t.Errorf("current_filter goes out as %s, want (sa(us))", sig)
	}
}

func TestOpenFilesAnswers(t *testing.T) {
	t.Run("dismissed", func(t *testing.T) {
		portaltest.PrivateBus(t)
		portaltest.StartFileChooser(t, 1)
		if paths, err := openFiles(t); err != nil || paths != nil {
			t.Errorf("dismissed: %v %v, want nothing and no error", paths, err)
		}
	})
	t.Run("not a local file", func(t *testing.T) {
		portaltest.PrivateBus(t)
		portaltest.StartFileChooser(t, 0, "https://example.org/a.png")
		if _, err := openFiles(t); err == nil || errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "not a local file") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("no portal", func(t *testing.T) {
		portaltest.PrivateBus(t)
		if _, err := openFiles(t); !errors.Is(err, ErrUnavailable) {
			t.Errorf("err %v, want ErrUnavailable", err)
		}
	})
	t.Run("portal without a file chooser", func(t *testing.T) {
		portaltest.PrivateBus(t)
		portaltest.Own(t, map[string]any{"org.freedesktop.portal.Screenshot": &struct{}{}})
		if _, err := openFiles(t); !errors.Is(err, ErrUnavailable) {
			t.Errorf("err %v, want ErrUnavailable", err)
		}
	})
}

// TestOpenFolderAsksForADirectory: Folder… asks the chooser for a folder,
// not files, and gets its path back.
func TestOpenFolderAsksForADirectory(t *testing.T) {
	portaltest.PrivateBus(t)
	f := portaltest.StartFileChooser(t, 0, "file:///home/me/Pictures/Shots%202026")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	dir, err := OpenFolder(ctx, "Upload a folder")
	if err != nil || dir != "/home/me/Pictures/Shots 2026" {
		t.Fatalf("OpenFolder: %q, %v; want the picked folder", dir, err)
	}
	opts := <-f.Asked
	if opts["directory"].Value() != true {
		t.Error("the chooser was not asked for a folder")
	}
	if _, many := opts["multiple"]; many {
		t.Error("the chooser was asked for several entries")
	}
}
