package record

import (
	"context"
	"errors"
	"image"
	"io"
	"os"
)

// The Wayland back-ends' programs, with their Debian packages.
var (
	toolWFRecorder = tool{"wf-recorder", "wf-recorder", "to record the screen of a wlroots desktop (sway, Hyprland, river…)"}
	toolGst        = tool{"gst-launch-1.0", "gstreamer1.0-tools", "to record the screen through the desktop's ScreenCast portal"}
	toolGstInspect = tool{"gst-inspect-1.0", "gstreamer1.0-tools", toolGst.why}
)

// backend chooses how to record t in this session: ffmpeg's x11grab on
// X11; on Wayland, wf-recorder where the compositor offers wlroots'
// screencopy (it cannot record one window), else the ScreenCast portal.
func (r *Recorder) backend(t Target) (backend, error) {
	switch r.session {
	case SessionX11:
		ff, err := r.ffmpegs()
		if err != nil {
			return nil, err
		}
		return &x11Backend{display: r.getenv("DISPLAY"), ffmpeg: ff}, nil
	case SessionWayland:
		return r.waylandBackend(t)
	}
	return nil, ErrNoDisplay
}

// ffmpegs finds ffmpeg, and ffprobe, which finishing needs.
func (r *Recorder) ffmpegs() (string, error) {
	ff, err := r.tools.path(toolFFmpeg)
	if err == nil {
		_, err = r.tools.path(toolFFprobe)
	}
	return ff, err
}

// waylandBackend prefers wf-recorder on wlroots desktops: no dialog, and
// the region is recorded as such. When neither back-end has its tools, the
// error names the package for this desktop.
func (r *Recorder) waylandBackend(t Target) (backend, error) {
	ff, err := r.ffmpegs()
	if err != nil {
		return nil, err
	}
	var wlrootsErr error
	if t.Mode != ModeWindow {
		if g, err := r.probe(waylandSocket(r.getenv)); err == nil && g[screencopyGlobal] {
			wf, err := r.tools.path(toolWFRecorder)
			if err == nil {
				return &wfBackend{wf: wf, ffmpeg: ff}, nil
			}
			wlrootsErr = err
		}
	}
	gst, err := r.gstreamer()
	if err != nil {
		if wlrootsErr != nil {
			return nil, wlrootsErr
		}
		return nil, err
	}
	return &portalBackend{gst: gst, ffmpeg: ff}, nil
}

// x11Backend records with ffmpeg's x11grab.
type x11Backend struct {
	display string
	ffmpeg  string
}

func (b *x11Backend) name() string { return "x11grab" }

func (b *x11Backend) start(_ context.Context, opts Options, work string) (*pipeline, error) {
	x, err := openScreen(b.display)
	if err != nil {
		return nil, err
	}
	area, err := x.area(opts.Target)
	x.c.Close()
	if err != nil {
		return nil, err
	}
	p := &pipeline{}
	args := append(ffmpegCommon(), x11grabInput(b.display, area, opts.FPS)...)
	p.add(b.ffmpeg, append(args, liveEncode(opts.Format, opts.FPS, image.Rectangle{}, work)...)...)
	return p, nil
}

// wfBackend records with wf-recorder, which sends H.264 in Matroska
// through a pipe to ffmpeg, which writes the fragmented MP4.
type wfBackend struct {
	wf, ffmpeg string
}

func (b *wfBackend) name() string { return "wf-recorder" }

func (b *wfBackend) start(_ context.Context, opts Options, work string) (*pipeline, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p := &pipeline{parent: []io.Closer{pr, pw}}
	src := p.add(b.wf, wfRecorderArgs(opts.Target, opts.Format, opts.FPS)...)
	src.ExtraFiles = []*os.File{pw} // fd 3
	src.Dir = opts.Dir              // where no file is named "pipe:3"
	enc := p.add(b.ffmpeg, append(ffmpegCommon(), copyToWork(work)...)...)
	enc.Stdin = pr
	return p, nil
}

// gstreamer finds gst-launch-1.0 and the elements the portal back-end
// uses, or says which package to install.
func (r *Recorder) gstreamer() (string, error) {
	gst, err := r.tools.path(toolGst)
	if err != nil {
		return "", err
	}
	for _, el := range gstElements {
		_, err := r.tools.run(context.Background(), toolGstInspect, "--exists", el.name)
		var missing *MissingToolError
		if errors.As(err, &missing) {
			return "", err
		}
		if err != nil {
			return "", &MissingToolError{Tool: "GStreamer's " + el.name, Package: el.pkg, Why: toolGst.why}
		}
	}
	return gst, nil
}

// gstElements are the GStreamer elements of gstArgs and their packages.
var gstElements = []tool{
	{name: "pipewiresrc", pkg: "gstreamer1.0-pipewire"},
	{name: "videoconvert", pkg: "gstreamer1.0-plugins-base"},
	{name: "videorate", pkg: "gstreamer1.0-plugins-base"},
	{name: "y4menc", pkg: "gstreamer1.0-plugins-good"},
	{name: "fdsink", pkg: "gstreamer1.0-tools"},
}
