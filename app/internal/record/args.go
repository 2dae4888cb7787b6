package record

import (
	"fmt"
	"image"
	"strconv"
)

// Encoding while recording: fast enough for two cores, and a keyframe
// every second, where the fragmented MP4 starts a new fragment, so that a
// crash loses at most about a second.
const (
	livePreset = "veryfast"
	liveCRF    = 23 // MP4: what is uploaded as it is
	gifLiveCRF = 18 // GIF: the MP4 is only the palette pass's source
)

// fragFlags make ffmpeg's MP4 playable up to its last fragment at any
// moment: an empty moov up front, a fragment at every keyframe, each
// packet flushed to the file as soon as it is muxed.
func fragFlags() []string {
	return []string{"-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-flush_packets", "1"}
}

// liveEncode encodes the first input's video as H.264 into the fragmented
// MP4 work. crop, when not empty, is an area of the input to keep (the
// portal's stream is a whole monitor); odd sizes are cut to even ones,
// which yuv420p needs.
func liveEncode(format Format, fps int, crop image.Rectangle, work string) []string {
	crf := liveCRF
	if format == FormatGIF {
		crf = gifLiveCRF
	}
	vf := "crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0"
	if !crop.Empty() {
		c := evenSize(crop)
		vf = fmt.Sprintf("crop=%d:%d:%d:%d", c.Dx(), c.Dy(), c.Min.X, c.Min.Y)
	}
	args := []string{"-map", "0:v:0", "-an", "-vf", vf,
		"-c:v", "libx264", "-preset", livePreset, "-crf", strconv.Itoa(crf), "-pix_fmt", "yuv420p",
		"-g", strconv.Itoa(fps)}
	args = append(args, fragFlags()...)
	return append(args, "-f", "mp4", work)
}

// remuxMP4 turns the fragmented work file into a plain MP4 with its index
// up front ("fast start"), so that browsers play it before it has loaded.
func remuxMP4(work, out string) []string {
	return []string{"-i", work, "-map", "0:v:0", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", out}
}

// gifEncode is one GIF encoding: a palette made for the clip, then used.
type gifEncode struct {
	FPS    int
	Width  int // 0 keeps the width
	Colors int // 2–256
}

// gifArgs make a GIF from work in one ffmpeg run: palettegen counts only
// what changes between frames (stats_mode=diff) and paletteuse redraws
// only the changed rectangle, which keeps screen recordings small.
func gifArgs(work, out string, g gifEncode) []string {
	scale := ""
	if g.Width > 0 {
		scale = fmt.Sprintf("scale=%d:-1:flags=lanczos,", g.Width)
	}
	graph := fmt.Sprintf("[0:v]fps=%d,%ssplit[a][b];[a]palettegen=max_colors=%d:stats_mode=diff[p];"+
		"[b][p]paletteuse=dither=bayer:bayer_scale=5:diff_mode=rectangle", g.FPS, scale, g.Colors)
	return []string{"-i", work, "-filter_complex", graph, "-loop", "0", "-f", "gif", out}
}

// mp4Encode is one re-encoding of an MP4 to fit a size.
type mp4Encode struct {
	Kbps  int // average video bit rate
	FPS   int // 0 keeps the frame rate
	Width int // 0 keeps the width
}

// mp4Args re-encode work at a target bit rate (one pass; fit checks the
// result and tries again lower when it overshoots).
func mp4Args(work, out string, e mp4Encode) []string {
	vf := ""
	if e.FPS > 0 {
		vf = fmt.Sprintf("fps=%d", e.FPS)
	}
	if e.Width > 0 {
		if vf != "" {
			vf += ","
		}
		vf += fmt.Sprintf("scale=%d:-2:flags=lanczos", e.Width)
	}
	args := []string{"-i", work, "-map", "0:v:0", "-an"}
	if vf != "" {
		args = append(args, "-vf", vf)
	}
	k := strconv.Itoa(e.Kbps)
	return append(args, "-c:v", "libx264", "-preset", "fast", "-b:v", k+"k",
		"-maxrate", strconv.Itoa(e.Kbps*3/2)+"k", "-bufsize", strconv.Itoa(e.Kbps*2)+"k",
		"-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", out)
}

// evenSize cuts r to even width and height, as yuv420p needs.
func evenSize(r image.Rectangle) image.Rectangle {
	return image.Rectangle{Min: r.Min, Max: r.Min.Add(image.Pt(r.Dx()&^1, r.Dy()&^1))}
}
