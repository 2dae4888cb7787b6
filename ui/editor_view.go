package ui

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/upshot-app/upshot/uploader/annotate"
)

// viewTileSize is the side of the squares the picture is shown in: a
// change re-uploads only the squares it touches, not a whole 2560×1440
// texture.
const viewTileSize = 256

// viewTile is one square of the picture with its own pixels (the GL
// driver uploads an *image.RGBA's Pix as it is, so a tile cannot be a
// sub-image of the frame).
//
// When the picture is shown smaller than 100%, a tile holds its square
// already reduced to the screen pixels it covers (an average of the image
// pixels under each, see reduceTile): the painter then draws it 1:1 instead
// of scaling a full-size texture every frame, the GPU gets fewer pixels,
// and the reduction is a proper average rather than the nearest pixel.
type viewTile struct {
	rect image.Rectangle // in image pixels
	img  *image.RGBA     // rect's pixels, or their reduction (smaller than rect)
	obj  *canvas.Image
}

// editorView shows the scene's frame: at 100% when the picture fits, else
// fitted to the view, or at the zoom the user chose; the part shown is the
// crop, or the whole image while the crop tool is in use.
type editorView struct {
	widget.BaseWidget
	e *Editor

	region image.Rectangle // the part of the image shown
	zoom   float64         // screen pixels per image pixel
	manual bool            // the user chose the zoom (Ctrl+wheel, Ctrl+0)
	offX   float64         // where region.Min is shown, in screen pixels from the view's corner
	offY   float64
	scale  float32 // the canvas scale at the last layout
	tiles  []*viewTile
	sent   int64 // bytes of tiles refreshed so far: what the GPU is sent again
	bg     *canvas.Rectangle
	ov     *editorOverlay

	pressed bool          // the primary button is down on the picture
	panning bool          // another button is down: dragging pans
	wheel   float32       // scroll not yet turned into a width step
	last    fyne.Position // the pointer's last position
	mods    func() fyne.KeyModifier
}

var (
	_ desktop.Mouseable   = (*editorView)(nil)
	_ desktop.Hoverable   = (*editorView)(nil)
	_ desktop.Cursorable  = (*editorView)(nil)
	_ fyne.Draggable      = (*editorView)(nil)
	_ fyne.Scrollable     = (*editorView)(nil)
	_ fyne.Focusable      = (*editorView)(nil)
	_ fyne.Shortcutable   = (*editorView)(nil)
	_ fyne.DoubleTappable = (*editorView)(nil)
	_ fyne.Tabbable       = (*editorView)(nil)
)

// viewBackground frames the picture; fixed, so that the picture's own
// colours are judged against the same grey in both themes.
var viewBackground = color.NRGBA{0x3c, 0x3f, 0x44, 0xff}

func newEditorView(e *Editor) *editorView {
	v := &editorView{e: e, zoom: 1, scale: 1, mods: driverModifiers}
	v.bg = canvas.NewRectangle(viewBackground)
	v.ov = newEditorOverlay(v)
	v.ExtendBaseWidget(v)
	return v
}

func (v *editorView) modifiers() fyne.KeyModifier { return v.mods() }

// wantRegion is the part of the image to show now.
func (v *editorView) wantRegion() image.Rectangle {
	if v.e.tool == ToolCrop || (v.e.g != nil && v.e.g.kind == gCrop) {
		return v.e.doc.Bounds()
	}
	return v.e.doc.Crop()
}

// update shows the frame's changed rectangles, and the overlays.
func (v *editorView) update(dirty []image.Rectangle) {
	if r := v.wantRegion(); r != v.region || v.tiles == nil {
		v.region = r
		v.buildTiles()
		v.Refresh()
		return
	}
	if v.canvasScale() != v.scale { // the window moved to a screen of another scale
		v.Refresh()
	}
	frame := v.e.scene.Frame()
	for _, t := range v.tiles {
		if t.img == nil { // not laid out yet: layout fills it
			continue
		}
		changed := false
		for _, d := range dirty {
			if r := d.Intersect(t.rect); !r.Empty() {
				t.redraw(frame, r)
				changed = true
			}
		}
		if changed {
			canvas.Refresh(t.obj)
			v.sent += int64(len(t.img.Pix))
		}
	}
	v.ov.layout()
}

// buildTiles cuts the region into tiles, from its corner. Their pixels
// are filled by layout, at the size they are shown.
func (v *editorView) buildTiles() {
	v.tiles = v.tiles[:0]
	for y := v.region.Min.Y; y < v.region.Max.Y; y += viewTileSize {
		for x := v.region.Min.X; x < v.region.Max.X; x += viewTileSize {
			t := &viewTile{rect: image.Rect(x, y, x+viewTileSize, y+viewTileSize).Intersect(v.region)}
			t.obj = canvas.NewImageFromImage(image.NewRGBA(image.Rectangle{}))
			t.obj.FillMode = canvas.ImageFillStretch
			t.obj.ScaleMode = canvas.ImageScalePixels // 1:1 below 100%, crisp pixels above
			v.tiles = append(v.tiles, t)
		}
	}
}

// fit gives the tile the pixels to show it w×h screen pixels big: the
// image's own at 100% and above, a reduction below. It reports whether
// they changed.
func (t *viewTile) fit(frame *image.RGBA, w, h int) bool {
	size := t.rect.Size()
	if w < size.X || h < size.Y {
		size = image.Pt(max(w, 1), max(h, 1))
	}
	if t.img != nil && t.img.Rect.Size() == size {
		return false
	}
	t.img = image.NewRGBA(image.Rectangle{Max: size})
	t.obj.Image = t.img
	t.redraw(frame, t.rect)
	return true
}

// redraw renews the tile's pixels that show r (image pixels within the
// tile) from frame.
func (t *viewTile) redraw(frame *image.RGBA, r image.Rectangle) {
	if t.img.Rect.Size() == t.rect.Size() {
		draw.Draw(t.img, r.Sub(t.rect.Min), frame, r.Min, draw.Src)
		return
	}
	reduceTile(t.img, frame, t.rect, r)
}

// reduceTile shows src (image pixels) in dst, smaller: dst pixel (i, j)
// is the average of the image pixels [src.Min + i·src.Dx()/W, … (i+1)…)
// across, and the same down, so that the tile's pixels partition its
// square and neighbouring tiles meet without seams. Only the dst pixels
// that show dirty (within src) are recomputed. Averaging premultiplied
// RGBA is the right average of colours with their coverage.
func reduceTile(dst, frame *image.RGBA, src, dirty image.Rectangle) {
	W, H := dst.Rect.Dx(), dst.Rect.Dy()
	sw, sh := src.Dx(), src.Dy()
	// The dst range whose boxes touch dirty: box i starts at i·sw/W.
	d := dirty.Sub(src.Min)
	i0, i1 := max(d.Min.X*W/sw-1, 0), min((d.Max.X*W+sw-1)/sw+1, W)
	j0, j1 := max(d.Min.Y*H/sh-1, 0), min((d.Max.Y*H+sh-1)/sh+1, H)
	xs := make([]int, 0, i1-i0+1)
	for i := i0; i <= i1; i++ {
		xs = append(xs, 4*(src.Min.X+i*sw/W-frame.Rect.Min.X))
	}
	for j := j0; j < j1; j++ {
		y0, y1 := src.Min.Y+j*sh/H-frame.Rect.Min.Y, src.Min.Y+(j+1)*sh/H-frame.Rect.Min.Y
		out := dst.Pix[j*dst.Stride+4*i0:]
		for k := range i1 - i0 {
			x0, x1 := xs[k], xs[k+1]
			var r, g, b, a, n uint32
			for y := y0; y < y1; y++ {
				row := frame.Pix[y*frame.Stride+x0 : y*frame.Stride+x1]
				for p := 0; p+3 < len(row); p += 4 {
					r += uint32(row[p])
					g += uint32(row[p+1])
					b += uint32(row[p+2])
					a += uint32(row[p+3])
					n++
				}
			}
			h := n / 2 // round to nearest
			o := out[4*k : 4*k+4 : 4*k+4]
			o[0], o[1], o[2], o[3] = uint8((r+h)/n), uint8((g+h)/n), uint8((b+h)/n), uint8((a+h)/n)
		}
	}
}

// CreateRenderer draws the background, the tiles and the overlays.
func (v *editorView) CreateRenderer() fyne.WidgetRenderer { return &editorViewRenderer{v: v} }

type editorViewRenderer struct{ v *editorView }

func (r *editorViewRenderer) Layout(s fyne.Size) { r.v.layout(s) }
func (r *editorViewRenderer) MinSize() fyne.Size { return fyne.NewSize(160, 120) }
func (r *editorViewRenderer) Refresh()           { r.v.layout(r.v.Size()) }
func (r *editorViewRenderer) Destroy()           {}

func (r *editorViewRenderer) Objects() []fyne.CanvasObject {
	v := r.v
	objs := make([]fyne.CanvasObject, 0, len(v.tiles)+16)
	objs = append(objs, v.bg)
	for _, t := range v.tiles {
		objs = append(objs, t.obj)
	}
	return append(objs, v.ov.objects()...)
}

// canvasScale is the screen pixels per Fyne unit of the window's canvas.
func (v *editorView) canvasScale() float32 {
	if s := v.e.w.Canvas().Scale(); s > 0 {
		return s
	}
	return 1
}

// layout fits the zoom (unless the user chose one), places the region in
// the view and the tiles on whole screen pixels, so that at 100% each
// image pixel is one screen pixel and tiles meet without seams.
func (v *editorView) layout(s fyne.Size) {
	v.scale = v.canvasScale()
	vw, vh := float64(s.Width*v.scale), float64(s.Height*v.scale)
	rw, rh := float64(v.region.Dx()), float64(v.region.Dy())
	if !v.manual && rw > 0 && rh > 0 {
		v.zoom = math.Min(1, math.Min(vw/rw, vh/rh))
	}
	v.offX = placeAxis(v.offX, vw, rw*v.zoom)
	v.offY = placeAxis(v.offY, vh, rh*v.zoom)
	v.bg.Move(fyne.NewPos(0, 0))
	v.bg.Resize(s)
	frame := v.e.scene.Frame()
	for _, t := range v.tiles {
		x0, y0 := v.toScreen(t.rect.Min)
		x1, y1 := v.toScreen(t.rect.Max)
		if vw >= 1 && vh >= 1 && t.fit(frame, int(x1-x0), int(y1-y0)) {
			canvas.Refresh(t.obj)
			v.sent += int64(len(t.img.Pix))
		}
		t.obj.Move(fyne.NewPos(float32(x0)/v.scale, float32(y0)/v.scale))
		t.obj.Resize(fyne.NewSize(float32(x1-x0)/v.scale, float32(y1-y0)/v.scale))
	}
	v.ov.layout()
	v.e.showInfo() // a fitted zoom changes with the window's size
}

// placeAxis centres content of length c in a view of length l, or, when
// it is longer, keeps the offset o within the range that leaves no gap.
func placeAxis(o, l, c float64) float64 {
	if c <= l {
		return math.Round((l - c) / 2)
	}
	return math.Round(math.Max(l-c, math.Min(0, o)))
}

// toScreen is where image pixel corner p is shown, in whole screen pixels
// from the view's corner.
func (v *editorView) toScreen(p image.Point) (x, y float64) {
	return math.Round(v.offX + float64(p.X-v.region.Min.X)*v.zoom), math.Round(v.offY + float64(p.Y-v.region.Min.Y)*v.zoom)
}

// toUnits is where the image point p is shown, in Fyne units.
func (v *editorView) toUnits(p annotate.Point) fyne.Position {
	x := v.offX + (p.X-float64(v.region.Min.X))*v.zoom
	y := v.offY + (p.Y-float64(v.region.Min.Y))*v.zoom
	return fyne.NewPos(float32(x)/v.scale, float32(y)/v.scale)
}

// toImage is the image point under pos (Fyne units on the view).
func (v *editorView) toImage(pos fyne.Position) annotate.Point {
	x := (float64(pos.X*v.scale)-v.offX)/v.zoom + float64(v.region.Min.X)
	y := (float64(pos.Y*v.scale)-v.offY)/v.zoom + float64(v.region.Min.Y)
	return annotate.Pt(x, y)
}

// center is the middle of the view.
func (v *editorView) center() fyne.Position {
	s := v.Size()
	return fyne.NewPos(s.Width/2, s.Height/2)
}

// setZoom shows the picture at z screen pixels per image pixel, keeping
// the image point under at where it is.
func (v *editorView) setZoom(z float64, at fyne.Position) {
	z = math.Max(0.05, math.Min(z, 16))
	if math.Abs(z-1) < 1e-6 { // back to 100% after steps in and out
		z = 1
	}
	p := v.toImage(at)
	v.manual, v.zoom = true, z
	v.offX = float64(at.X*v.scale) - (p.X-float64(v.region.Min.X))*z
	v.offY = float64(at.Y*v.scale) - (p.Y-float64(v.region.Min.Y))*z
	v.Refresh()
}

// zoomBy zooms in (steps > 0) or out by 25% a step.
func (v *editorView) zoomBy(steps int, at fyne.Position) {
	v.setZoom(v.zoom*math.Pow(1.25, float64(steps)), at)
}
