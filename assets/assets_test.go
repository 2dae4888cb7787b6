package assets

import (
	"bytes"
	"encoding/json"
	"image/png"
	"testing"

	"fyne.io/fyne/v2"
)

func TestIcons(t *testing.T) {
	cases := []struct {
		res  fyne.Resource
		side int
	}{
		{AppIcon, 512},
		{TrayIdle, 64},
		{TrayBusy, 64},
		{TrayError, 64},
		{TrayRecording, 64},
	}
	for _, c := range cases {
		t.Run(c.res.Name(), func(t *testing.T) {
			img, err := png.Decode(bytes.NewReader(c.res.Content()))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != c.side || b.Dy() != c.side {
				t.Errorf("size %v, want %d×%d", b.Size(), c.side, c.side)
			}
			if _, _, _, a := img.At(0, 0).RGBA(); c.side == 512 && a != 0 {
				t.Error("the app icon's corner should be transparent (rounded square)")
			}
		})
	}
	if bytes.Equal(TrayIdle.Content(), TrayBusy.Content()) || bytes.Equal(TrayBusy.Content(), TrayError.Content()) ||
		bytes.Equal(TrayIdle.Content(), TrayRecording.Content()) {
		t.Error("tray states must look different")
	}
}

func TestTranslationsParse(t *testing.T) {
	for _, name := range []string{"en.json", "zh.json", "es.json"} {
		raw, err := Translations.ReadFile("translations/" + name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if len(m) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}
