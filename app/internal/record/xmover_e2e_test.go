//go:build e2e

package record

import (
	"image"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// mover is an X client that keeps the screen moving: a window over the
// whole root window, a dark background, and a coloured square that
// crosses it, repainted 30 times a second. With noise, part of the window
// is also refilled with random pixels on every frame, which no encoder
// can shrink (to make a GIF too big for a host).
type mover struct {
	size image.Rectangle
	stop chan struct{}
	wg   sync.WaitGroup
}

// Where the moving square is at frame n, and its size.
const squareSize = 120

func squareAt(size image.Rectangle, n int) image.Point {
	span := size.Dx() - squareSize
	x := (n * 16) % (2 * span)
	if x > span {
		x = 2*span - x
	}
	return image.Pt(x, size.Dy()/2-squareSize/2)
}

// startMover maps the window and animates it until the test ends.
func startMover(t *testing.T, noise bool) *mover {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("DISPLAY is not set: run the e2e tests under Xvfb (make e2e)")
	}
	c, err := xconn.Dial("")
	if err != nil {
		t.Fatal(err)
	}
	s := xproto.Setup(c).DefaultScreen(c)
	m := &mover{size: image.Rect(0, 0, int(s.WidthInPixels), int(s.HeightInPixels)), stop: make(chan struct{})}
	win, _ := xproto.NewWindowId(c)
	err = xproto.CreateWindowChecked(c, s.RootDepth, win, s.Root, 0, 0, s.WidthInPixels, s.HeightInPixels, 0,
		xproto.WindowClassInputOutput, s.RootVisual, xproto.CwBackPixel|xproto.CwOverrideRedirect, []uint32{0x202830, 1}).Check()
	if err != nil {
		t.Fatal(err)
	}
	if err := xproto.MapWindowChecked(c, win).Check(); err != nil {
		t.Fatal(err)
	}
	gc, _ := xproto.NewGcontextId(c)
	xproto.CreateGC(c, gc, xproto.Drawable(win), xproto.GcForeground, []uint32{0xffcc00})
	m.wg.Add(1)
	go m.animate(c, win, gc, s.RootDepth, noise)
	t.Cleanup(func() {
		close(m.stop)
		m.wg.Wait()
		xproto.DestroyWindow(c, win)
		c.Close()
	})
	return m
}

// animate draws a frame every 33 ms.
func (m *mover) animate(c *xgb.Conn, win xproto.Window, gc xproto.Gcontext, depth byte, noise bool) {
	defer m.wg.Done()
	tick := time.NewTicker(33 * time.Millisecond)
	defer tick.Stop()
	noiseArea := image.Rect(m.size.Dx()-360, 40, m.size.Dx()-40, 280)
	pix := make([]byte, noiseArea.Dx()*40*4)
	prev := image.Point{}
	for n := 0; ; n++ {
		select {
		case <-m.stop:
			return
		case <-tick.C:
		}
		p := squareAt(m.size, n)
		xproto.ClearArea(c, false, win, int16(prev.X), int16(prev.Y), squareSize, squareSize)
		xproto.PolyFillRectangle(c, xproto.Drawable(win), gc, []xproto.Rectangle{{X: int16(p.X), Y: int16(p.Y), Width: squareSize, Height: squareSize}})
		prev = p
		if noise {
			for y := noiseArea.Min.Y; y < noiseArea.Max.Y; y += 40 {
				for i := range pix {
					pix[i] = byte(rand.Uint32())
				}
				xproto.PutImage(c, xproto.ImageFormatZPixmap, xproto.Drawable(win), gc, uint16(noiseArea.Dx()), 40,
					int16(noiseArea.Min.X), int16(y), 0, depth, pix)
			}
		}
		xproto.GetInputFocus(c).Reply() // a round trip: the frame is drawn before the next one
	}
}
