package record

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Fitting a clip to a host's size limit. The planners are pure: given the
// clip, the limit and the last try (its settings and the size it gave),
// they choose the next settings, giving up quality in the order people
// mind least: bit rate (an MP4) or colours (a GIF) first, then frames per
// second, then size. Each try is measured and the next one corrects for
// the encoder's error.

// fitTries bounds the re-encodings of one clip.
const fitTries = 5

// margin is the part of the limit a plan aims at: encoders miss a target
// by a few per cent either way.
const margin = 0.93

// Floors below which a clip is not worth sending.
const (
	minKbps  = 40  // MP4 bit rate
	minWidth = 160 // pixels
	minFPS   = 10  // the lowest frame rate a plan goes to
	// minBPP is the fewest bits per pixel and frame that keep screen
	// content (text, flat colours) readable in H.264; below it, frames
	// per second and then size give way before the bit rate does.
	minBPP = 0.03
)

// fpsSteps are the frame rates a plan steps down through.
var fpsSteps = []int{24, 20, 15, 12, 10}

// widthSteps are the scales a plan steps down through.
var widthSteps = []float64{0.75, 0.5, 0.375, 0.25}

// mp4Try is one MP4 re-encoding and the size it gave.
type mp4Try struct {
	mp4Encode
	Size int64
}

// planMP4 chooses the next MP4 encoding of c to fit limit, after last (nil
// before the first try); false when no encoding can fit.
func planMP4(c clip, limit int64, last *mp4Try) (mp4Encode, bool) {
	secs := c.Duration.Seconds()
	if secs <= 0 || limit <= 0 {
		return mp4Encode{}, false
	}
	// The container takes a little: about 1 % and a few kilobytes.
	bits := (float64(limit)*margin - 8000) * 8
	kbps := int(bits / secs / 1000)
	if last != nil && last.Size > 0 {
		kbps = min(kbps, int(float64(last.Kbps)*float64(limit)*margin/float64(last.Size)))
	}
	if kbps < minKbps {
		return mp4Encode{}, false
	}
	fps := int(math.Round(c.FPS))
	if fps <= 0 {
		fps = DefaultFPS
	}
	e := mp4Encode{Kbps: kbps}
	// Bits per pixel and frame at a frame rate and a width (the height
	// follows the width).
	bpp := func(fps, w int) float64 {
		area := float64(w) * float64(w) * float64(c.Frame.Y) / float64(c.Frame.X)
		return float64(kbps) * 1000 / (float64(fps) * area)
	}
	w := c.Frame.X
	for _, f := range fpsSteps {
		if bpp(fps, w) >= minBPP {
			break
		}
		if f < fps {
			e.FPS, fps = f, f
		}
	}
	for _, s := range widthSteps {
		nw := int(float64(c.Frame.X)*s) &^ 1
		if bpp(fps, w) >= minBPP || nw < minWidth {
			break
		}
		e.Width, w = nw, nw
	}
	return e, true
}

// gifTry is one GIF encoding and the size it gave.
type gifTry struct {
	gifEncode
	Size int64
}

// colorSteps are the palette sizes a plan steps down through, with the
// share of the file each keeps (measured on screen recordings).
var colorSteps = []struct {
	colors int
	share  float64
}{{256, 1}, {128, 0.85}, {64, 0.72}}

// colorShare is the share of a 256-colour GIF's size a palette keeps.
func colorShare(colors int) float64 {
	for _, s := range colorSteps {
		if colors >= s.colors {
			return s.share
		}
	}
	return colorSteps[len(colorSteps)-1].share
}

// planGIF chooses the next GIF encoding to fit limit after last, the
// encoding that made the current file; false when nothing smaller is
// possible. The size is taken to grow with the frame rate and the area.
func planGIF(limit int64, last gifTry) (gifEncode, bool) {
	if last.Size <= 0 || limit <= 0 {
		return gifEncode{}, false
	}
	need := float64(limit) * margin / float64(last.Size) // < 1
	next := last.gifEncode
	// Colours first.
	for _, s := range colorSteps {
		if s.colors >= last.Colors {
			continue
		}
		next.Colors = s.colors
		if colorShare(s.colors)/colorShare(last.Colors) <= need {
			break // enough
		}
	}
	need /= colorShare(next.Colors) / colorShare(last.Colors)
	if need >= 1 {
		return next, true
	}
	// Then frames per second, down to minFPS.
	if fps := max(minFPS, int(float64(last.FPS)*need)); fps < last.FPS {
		next.FPS = fps
		need /= float64(fps) / float64(last.FPS)
		if need >= 1 {
			return next, true
		}
	}
	// Then size: the area scales the file.
	w := int(float64(last.Width)*math.Sqrt(need)) &^ 1
	if w < minWidth {
		return gifEncode{}, false
	}
	next.Width = w
	return next, true
}

// describeFit says what fitting did, for the user: "re-encoded to 4.8 MB:
// 128 colours, 12 fps, 960 px wide". Only what changed from the original
// (fps, width) is named; an MP4's bit rate always is.
func describeFit(size int64, orig clip, kbps, colors, fps, width int) string {
	var parts []string
	if kbps > 0 {
		parts = append(parts, strconv.Itoa(kbps)+" kbit/s")
	}
	if colors > 0 && colors < 256 {
		parts = append(parts, strconv.Itoa(colors)+" colours")
	}
	if fps > 0 && float64(fps) < math.Round(orig.FPS) {
		parts = append(parts, strconv.Itoa(fps)+" fps")
	}
	if width > 0 && width < orig.Frame.X {
		parts = append(parts, strconv.Itoa(width)+" px wide")
	}
	s := "re-encoded to " + formatSizeDown(size)
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

// formatSizeDown writes a size like formatSize but rounded down, so that a
// file just under a 5 MB limit reads "4.9 MB", not "5 MB".
func formatSizeDown(n int64) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f MB", math.Floor(float64(n)/100_000)/10)
	case n >= 1000:
		return fmt.Sprintf("%d KB", n/1000)
	}
	return fmt.Sprintf("%d B", n)
}
