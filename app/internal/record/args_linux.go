package record

import (
	"fmt"
	"image"
	"strconv"
)

// The arguments of the Linux back-ends' tools.

// x11grabInput is ffmpeg's input for the area of display's root window.
// The area must be on the screen and of even size (see evenSize).
func x11grabInput(display string, area image.Rectangle, fps int) []string {
	return []string{
		"-f", "x11grab", "-draw_mouse", "1", "-framerate", strconv.Itoa(fps),
		"-video_size", fmt.Sprintf("%dx%d", area.Dx(), area.Dy()),
		"-i", fmt.Sprintf("%s+%d,%d", display, area.Min.X, area.Min.Y),
	}
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
