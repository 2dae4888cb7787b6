package annotate

import (
	"bytes"
	"image"
	"os"
	"testing"
)

// notoCJK is the Chinese font .ci/deps.sh test installs (fonts-noto-cjk).
const notoCJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// textMask is the coverage of text drawn alone at width 4.
func textMask(t *testing.T, r *Renderer, s string) []byte {
	t.Helper()
	d := NewDocument("x.png", 120, 60)
	d.Add(Shape{Kind: Text, Color: 8, Width: 4, Text: s, Points: pts(10, 10)})
	black := image.NewRGBA(image.Rect(0, 0, 120, 60))
	for i := 3; i < len(black.Pix); i += 4 {
		black.Pix[i] = 0xff
	}
	return NewScene(d, black, r).Export().(*image.RGBA).Pix
}

// TestFallbackFont: a character the main font lacks is drawn from a
// fallback font (a collection, .ttc), not as the main font's empty box.
func TestFallbackFont(t *testing.T) {
	cjk, err := os.ReadFile(notoCJK)
	if err != nil {
		t.Fatalf("%v (install fonts-noto-cjk: .ci/deps.sh test)", err)
	}
	plain := newTestRenderer(t)
	f := testFonts()
	f.Fallback = [][]byte{cjk}
	withCJK, err := NewRenderer(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(textMask(t, plain, "点"), textMask(t, plain, "您")) {
		t.Fatal("without a fallback two Chinese characters differ: the test font has them, the test proves nothing")
	}
	if bytes.Equal(textMask(t, withCJK, "点"), textMask(t, withCJK, "您")) {
		t.Error("with the fallback, 点 and 您 are drawn the same: not from the Chinese font")
	}
	if !bytes.Equal(textMask(t, withCJK, "Ab"), textMask(t, plain, "Ab")) {
		t.Error("the fallback changed characters the main font has")
	}
	if _, err := NewRenderer(Fonts{Regular: []byte("not a font")}); err == nil {
		t.Error("a bad font was accepted")
	}
	if _, err := NewRenderer(Fonts{}); err == nil {
		t.Error("no font was accepted")
	}
}
