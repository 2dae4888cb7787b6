// Package record records the screen to an MP4 (H.264) or an animated GIF.
//
// It is an OS adapter: it runs external tools and knows nothing of the UI.
// On X11 it runs Debian's ffmpeg with x11grab; on Wayland it runs
// wf-recorder on wlroots desktops (sway, Hyprland, river…) and otherwise
// asks the xdg-desktop-portal ScreenCast interface for a PipeWire stream
// that GStreamer's pipewiresrc reads. Whatever the source, ffmpeg writes a
// fragmented MP4 while recording, so that a recording cut short by a crash
// is playable up to its last fragment; Stop turns it into the final file
// (a fast-start MP4, or a GIF made with a palette pass), re-encoded to fit
// a host's size limit when asked. FindLeftovers finds the recordings that
// a crash interrupted and finishes them.
//
// The session type (X11 or Wayland) is decided once by the app and passed
// to New.
package record

import (
	"errors"
	"fmt"
	"image"
	"time"
)

// Mode is what to record.
type Mode string

// Recording modes, as for screenshots.
const (
	ModeFull    Mode = "full"    // every monitor
	ModeMonitor Mode = "monitor" // one monitor
	ModeRegion  Mode = "region"  // a rectangle the user chose
	ModeWindow  Mode = "window"  // one window, where it is when the recording starts
)

// Format is the kind of file a recording ends as.
type Format string

// Output formats.
const (
	FormatMP4 Format = "mp4" // H.264, yuv420p, fast start, no audio
	FormatGIF Format = "gif" // animated GIF, palette pass, width capped
)

// Session is the kind of desktop session the app runs in. The app decides
// it once (app/internal/platform) and passes it to New.
type Session int

// Sessions.
const (
	SessionNone    Session = iota // no display at all
	SessionX11                    // an X server (not Xwayland under a Wayland desktop)
	SessionWayland                // a Wayland compositor
)

// Defaults and bounds.
const (
	DefaultFPS    = 30  // MP4
	DefaultGIFFPS = 12  // GIF; kept within 10–15
	MaxGIFWidth   = 960 // GIFs wider than this are scaled down
)

// MonitorAtPointer in Target.Monitor records the monitor under the pointer.
const MonitorAtPointer = -1

// Target says what part of the screen to record.
type Target struct {
	Mode Mode
	// Rect is the area of ModeRegion, in root window (X11) or layout
	// (Wayland) coordinates. It is cut to the screen and to even sizes.
	Rect image.Rectangle
	// Window is the X11 window of ModeWindow; 0 is the active window. Its
	// frame is included, and its geometry is read once, at the start.
	Window uint32
	// Monitor is the index of ModeMonitor's monitor in the X server's list
	// (Xinerama order), or MonitorAtPointer.
	Monitor int
	// Output names the Wayland output (e.g. "HEADLESS-1", "DP-1") that
	// wf-recorder records in ModeFull and ModeMonitor; "" lets it pick,
	// which works when there is one output.
	Output string
}

// Options describe one recording.
type Options struct {
	Target Target
	Format Format
	// FPS is the frame rate; 0 is DefaultFPS (MP4) or DefaultGIFFPS (GIF).
	// GIFs are kept within 10–15 fps.
	FPS int
	// MaxDuration stops the recording by itself; 0 is no limit.
	MaxDuration time.Duration
	// Dir is where the recording goes; it is created (0700) when missing.
	Dir string
	// SizeLimit, when above 0, is the host's limit in bytes: a larger
	// result is re-encoded to fit (see Result.Fitted).
	SizeLimit int64
}

// Result is a finished recording.
type Result struct {
	Path     string        // the file to upload
	Format   Format        // mp4 or gif
	Duration time.Duration // as ffprobe reads it
	Size     int64         // bytes
	Frame    image.Point   // width × height in pixels
	// Fitted says in words what was done to fit the size limit ("re-encoded
	// to 4.8 MB: 12 fps, 960 px wide"); "" when nothing was needed.
	Fitted string
	// Original is the full-quality file when Path is a re-encoded copy
	// that fits the limit; it is kept, for the app to offer or remove.
	Original string
	// Backend is the tool that recorded ("x11grab", "wf-recorder",
	// "pipewire"); CPU is the CPU time (user+sys) its processes used.
	Backend string
	CPU     time.Duration
}

// Errors callers branch on.
var (
	// ErrNoDisplay means there is no session to record.
	ErrNoDisplay = errors.New("no screen to record: no X display and no Wayland session")
	// ErrNothingRecorded means the recording stopped before a single
	// frame was saved.
	ErrNothingRecorded = errors.New("nothing was recorded")
	// ErrInterrupted means the recorder stopped by itself before Stop or
	// the time limit (it crashed or was killed); what it had recorded is
	// in the Result that comes with it.
	ErrInterrupted = errors.New("the recording was interrupted")
	// ErrUnsupported means this system has no way to record the screen.
	ErrUnsupported = errors.New("screen recording is not supported on this system yet")
)

// MissingToolError names a program the recording needs and the Debian
// package that provides it.
type MissingToolError struct {
	Tool    string // the program, e.g. "ffmpeg"
	Package string // the Debian package, e.g. "ffmpeg"
	Why     string // what it is for, e.g. "to record an X11 screen"
}

func (e *MissingToolError) Error() string {
	return fmt.Sprintf("%s is needed %s: install the %s package (sudo apt install %s)", e.Tool, e.Why, e.Package, e.Package)
}

// TooBigError means a recording could not be re-encoded under the size
// limit; the recording itself is kept at Path.
type TooBigError struct {
	Path  string
	Size  int64 // the smallest size reached
	Limit int64
}

func (e *TooBigError) Error() string {
	return fmt.Sprintf("the recording %s could not be made smaller than %s, over the host's limit of %s: record a shorter clip or a smaller area",
		e.Path, formatSize(e.Size), formatSize(e.Limit))
}

// normalize fills in the defaults and checks the options.
func (o Options) normalize() (Options, error) {
	switch o.Format {
	case "":
		o.Format = FormatMP4
	case FormatMP4, FormatGIF:
	default:
		return o, fmt.Errorf("unknown recording format %q: use mp4 or gif", o.Format)
	}
	switch o.Target.Mode {
	case ModeFull, ModeMonitor, ModeRegion, ModeWindow:
	default:
		return o, fmt.Errorf("unknown recording mode %q: use full, monitor, region or window", o.Target.Mode)
	}
	if r := o.Target.Rect; o.Target.Mode == ModeRegion && (r.Dx() < 2 || r.Dy() < 2) {
		return o, fmt.Errorf("the region %v is too small to record", o.Target.Rect)
	}
	if o.FPS < 0 || o.FPS > 120 {
		return o, fmt.Errorf("a frame rate of %d fps is not possible: use 1 to 120", o.FPS)
	}
	if o.Format == FormatGIF {
		o.FPS = gifFPS(o.FPS)
	} else if o.FPS == 0 {
		o.FPS = DefaultFPS
	}
	if o.Dir == "" {
		return o, errors.New("no folder to save the recording in")
	}
	if o.MaxDuration < 0 {
		o.MaxDuration = 0
	}
	return o, nil
}

// gifFPS keeps a GIF's frame rate within 10–15: fewer frames look broken,
// more only make the file bigger.
func gifFPS(fps int) int {
	if fps == 0 {
		return DefaultGIFFPS
	}
	return min(max(fps, 10), 15)
}
