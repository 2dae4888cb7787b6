// Package xmover keeps an X screen moving for the recording tests: a
// window over the whole root window, a dark background, and a coloured
// square that crosses it, repainted 30 times a second. With noise, part of
// the window is also refilled with random pixels on every frame, which no
// encoder can shrink (to make a GIF too big for a host).
//
// It is a test helper (the record package's and the app's end-to-end
// tests); the product never imports it.
package xmover

import (
	"errors"
	"image"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"

	"github.com/upshot-app/upshot/app/internal/xconn"
)

// SquareSize is the side of the moving square.
const SquareSize = 120

// Mover animates the screen until Stop.
type Mover struct {
	Size image.Rectangle // the root window
	c    *xgb.Conn
	win  xproto.Window
	stop chan struct{}
	wg   sync.WaitGroup
}

// SquareAt is where the square is at frame n.
func SquareAt(size image.Rectangle, n int) image.Point {
	span := size.Dx() - SquareSize
	x := (n * 16) % (2 * span)
	if x > span {
		x = 2*span - x
	}
	return image.Pt(x, size.Dy()/2-SquareSize/2)
}

// Start maps the window on display ("" is $DISPLAY) and animates it.
func Start(display string, noise bool) (*Mover, error) {
	c, err := xconn.Dial(display)
	if err != nil {
		return nil, err
	}
	s := xproto.Setup(c).DefaultScreen(c)
	m := &Mover{Size: image.Rect(0, 0, int(s.WidthInPixels), int(s.HeightInPixels)), c: c, stop: make(chan struct{})}
	m.win, _ = xproto.NewWindowId(c)
	err = xproto.CreateWindowChecked(c, s.RootDepth, m.win, s.Root, 0, 0, s.WidthInPixels, s.HeightInPixels, 0,
		xproto.WindowClassInputOutput, s.RootVisual, xproto.CwBackPixel|xproto.CwOverrideRedirect, []uint32{0x202830, 1}).Check()
	if err == nil {
		err = xproto.MapWindowChecked(c, m.win).Check()
	}
	if err != nil {
		c.Close()
		return nil, errors.Join(errors.New("map the moving window"), err)
	}
	gc, _ := xproto.NewGcontextId(c)
	xproto.CreateGC(c, gc, xproto.Drawable(m.win), xproto.GcForeground, []uint32{0xffcc00})
	m.wg.Add(1)
	go m.animate(gc, s.RootDepth, noise)
	return m, nil
}

// Stop ends the animation and removes the window.
func (m *Mover) Stop() {
	close(m.stop)
	m.wg.Wait()
	xproto.DestroyWindow(m.c, m.win)
	m.c.Close()
}

// animate draws a frame every 33 ms.
func (m *Mover) animate(gc xproto.Gcontext, depth byte, noise bool) {
	defer m.wg.Done()
	c, win := m.c, m.win
	tick := time.NewTicker(33 * time.Millisecond)
	defer tick.Stop()
	noiseArea := image.Rect(m.Size.Dx()-360, 40, m.Size.Dx()-40, 280)
	pix := make([]byte, noiseArea.Dx()*40*4)
	prev := image.Point{}
	for n := 0; ; n++ {
		select {
		case <-m.stop:
			return
		case <-tick.C:
		}
		p := SquareAt(m.Size, n)
		xproto.ClearArea(c, false, win, int16(prev.X), int16(prev.Y), SquareSize, SquareSize)
		xproto.PolyFillRectangle(c, xproto.Drawable(win), gc, []xproto.Rectangle{{X: int16(p.X), Y: int16(p.Y), Width: SquareSize, Height: SquareSize}})
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
