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

// x11grabInput is ffmpeg's input for the area of display's root window.
// The area must be on the screen and of even size (see evenRect).
func x11grabInput(display string, area image.Rectangle, fps int) []string {
	return []string{
		"-f", "x11grab", "-draw_mouse", "1", "-framerate", strconv.Itoa(fps),
		"-video_size", fmt.Sprintf("%dx%d", area.Dx(), area.Dy()),
		"-i", fmt.Sprintf("%s+%d,%d", display, area.Min.X, area.Min.Y),
	}
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

// livePipe makes ffmpeg start on a live pipe at once: its stream's
// header says all it needs, and probing would first read seconds of it.
func livePipe() []string { return []string{"-probesize", "32", "-analyzeduration", "0"} }

// copyToWork muxes the H.264 stream wf-recorder sends into the fragmented
// MP4 work, without encoding it again.
func copyToWork(work string) []string {
	args := append(livePipe(), "-f", "matroska", "-i", "pipe:0", "-map", "0:v:0", "-an", "-c:v", "copy")
	args = append(args, fragFlags()...)
	return append(args, "-f", "mp4", work)
}

// wfRecorderArgs record t with wf-recorder, encoding H.264 and writing
// Matroska to fd 3, a pipe to ffmpeg: a file name would make it ask
// whether to overwrite, and it prints messages on stdout. -D copies every
// frame, not only changed ones: waiting for a change, wf-recorder 0.3
// ignores Ctrl+C, so a still screen could not be stopped; its filter
// (-F fps) then keeps the frame rate (0.3 has no option for it).
func wfRecorderArgs(t Target, format Format, fps int) []string {
	crf := liveCRF
	if format == FormatGIF {
		crf = gifLiveCRF
	}
	args := []string{"-D", "-F", "fps=" + strconv.Itoa(fps), "-c", "libx264", "-x", "yuv420p",
		"-p", "preset=" + livePreset, "-p", "crf=" + strconv.Itoa(crf), "-p", "g=" + strconv.Itoa(fps),
		"-m", "matroska", "-f", "pipe:3"}
	if t.Mode == ModeRegion {
		r := evenSize(t.Rect)
		args = append(args, "-g", fmt.Sprintf("%d,%d %dx%d", r.Min.X, r.Min.Y, r.Dx(), r.Dy()))
	} else if t.Output != "" {
		args = append(args, "-o", t.Output)
	}
	return args
}

// gstArgs read the PipeWire stream node from the remote on fd 3 and write
// it as raw YUV4MPEG frames at fps to fd 4, a pipe to ffmpeg. -e: an
// interrupt ends the stream cleanly; keepalive repeats the last frame of
// a still screen, which would otherwise send none.
func gstArgs(node uint32, fps int) []string {
	return []string{"-e", "-q",
		"pipewiresrc", "fd=3", "path=" + strconv.FormatUint(uint64(node), 10), "do-timestamp=true", "keepalive-time=500",
		"!", "videorate", "!", fmt.Sprintf("video/x-raw,framerate=%d/1", fps),
		"!", "videoconvert", "!", "video/x-raw,format=I420",
		"!", "y4menc", "!", "fdsink", "fd=4"}
}

// y4mInput is ffmpeg's input for gstArgs' frames on stdin.
func y4mInput() []string {
	return append(livePipe(), "-f", "yuv4mpegpipe", "-i", "pipe:0")
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
