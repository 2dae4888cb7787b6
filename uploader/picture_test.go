package uploader

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPicturePNG(t *testing.T) {
	dir := t.TempDir()
	pngPath := filepath.Join(dir, "shot.png")
	writePNG(t, pngPath, 40, 30, 0x70)
	pngData, _ := os.ReadFile(pngPath)
	var jb bytes.Buffer
	src := image.NewRGBA(image.Rect(0, 0, 20, 10))
	src.Set(3, 3, color.RGBA{R: 200, A: 255})
	if err := jpeg.Encode(&jb, src, nil); err != nil {
		t.Fatal(err)
	}
	jpgPath := filepath.Join(dir, "photo.jpg")
	os.WriteFile(jpgPath, jb.Bytes(), 0o600)
	textPath := filepath.Join(dir, "notes.png")
	os.WriteFile(textPath, []byte("not a picture at all"), 0o600)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(jb.Bytes()) }))
	defer srv.Close()

	tests := []struct {
		name   string
		src    PictureSource
		w, h   int    // of the PNG, 0 = an error
		same   []byte // the PNG must be these bytes, unchanged
		errHas string
	}{
		{"a PNG file as it is", PictureSource{Path: pngPath, Name: "shot.png"}, 40, 30, pngData, ""},
		{"a JPEG file made PNG", PictureSource{Path: jpgPath, Name: "photo.jpg"}, 20, 10, nil, ""},
		{"file gone: from the host", PictureSource{Path: filepath.Join(dir, "gone.png"), URL: srv.URL + "/i/photo.jpg", Name: "gone.png"}, 20, 10, nil, ""},
		{"a capture: only the host", PictureSource{URL: srv.URL + "/i/photo.jpg", Name: "Screenshot.png"}, 20, 10, nil, ""},
		{"not a picture", PictureSource{Path: textPath, Name: "notes.png"}, 0, 0, nil, "notes.png is not a picture"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PicturePNG(context.Background(), tt.src)
			if tt.w == 0 {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(got))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
				t.Errorf("picture %v, want %d×%d", b, tt.w, tt.h)
			}
			if tt.same != nil && !bytes.Equal(got, tt.same) {
				t.Error("a PNG was encoded again instead of copied as it is")
			}
		})
	}
	if _, err := PicturePNG(context.Background(), PictureSource{Name: "x.png"}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no file and no link: err = %v, want fs.ErrNotExist", err)
	}
}
