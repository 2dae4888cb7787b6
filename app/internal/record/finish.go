package record

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// smaller is the name of the re-encoded copy that fits a limit.
func (f *files) smaller() string {
	return filepath.Join(f.dir, f.base+" (smaller)."+string(f.m.Format))
}

// finish turns the work file into the final file, fits it to limit (when
// above 0) and describes the result. The partial files stay: the caller
// removes them once the result is safe.
func finish(ctx context.Context, ts tools, f *files, limit int64) (*Result, error) {
	src, err := ts.probe(ctx, f.work())
	var exit *exec.ExitError
	if errors.As(err, &exit) || err == nil && src.Duration <= 0 {
		err = ErrNothingRecorded // ffprobe cannot read it: not one fragment was written
	}
	if err != nil {
		return nil, err
	}
	if f.maxLen > 0 && src.Duration > f.maxLen {
		src.Duration = f.maxLen // what the final encodes keep (files.cut)
	}
	f.removeTmp()
	if err := makeFinal(ctx, ts, f, src); err != nil {
		return nil, err
	}
	res := &Result{Path: f.final(), Format: f.m.Format, Backend: f.m.Backend}
	size, err := fileSize(res.Path)
	if err != nil {
		return nil, err
	}
	if limit > 0 && size > limit {
		path, summary, err := fit(ctx, ts, f, src, size, limit)
		if err != nil {
			return res, err
		}
		res.Original, res.Path, res.Fitted = res.Path, path, summary
	}
	return describe(ctx, ts, res)
}

// makeFinal writes the MP4 (remuxed, fast start) or the GIF (palette pass,
// width capped) next to the work file, then gives it its name.
func makeFinal(ctx context.Context, ts tools, f *files, src clip) error {
	tmp := f.tmp("")
	var args []string
	if f.m.Format == FormatGIF {
		args = gifArgs(f.work(), tmp, gifEncode{FPS: gifFPS(f.m.FPS), Width: min(MaxGIFWidth, src.Frame.X), Colors: 256})
	} else {
		args = remuxMP4(f.work(), tmp)
	}
	if err := ts.ffmpeg(ctx, f.cut(args)...); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("finish the recording %s: %w", f.final(), err)
	}
	if err := os.Rename(tmp, f.final()); err != nil {
		return fmt.Errorf("finish the recording %s: %w", f.final(), err)
	}
	return nil
}

// fit re-encodes the recording until it is under limit and returns the
// copy that is, with what was done in words.
func fit(ctx context.Context, ts tools, f *files, src clip, size, limit int64) (string, string, error) {
	tmp := f.tmp("-fit")
	defer os.Remove(tmp)
	ft := &fitter{ctx: ctx, ts: ts, f: f, tmp: tmp, limit: limit, smallest: size}
	var summary string
	var err error
	if f.m.Format == FormatGIF {
		summary, err = ft.gif(src, size)
	} else {
		summary, err = ft.mp4(src)
	}
	if err != nil {
		return "", "", err
	}
	if summary == "" {
		return "", "", &TooBigError{Path: f.final(), Size: ft.smallest, Limit: limit}
	}
	if err := os.Rename(tmp, f.smaller()); err != nil {
		return "", "", fmt.Errorf("save the smaller recording %s: %w", f.smaller(), err)
	}
	return f.smaller(), summary, nil
}

// fitter runs the tries of one fit into tmp.
type fitter struct {
	ctx      context.Context
	ts       tools
	f        *files
	tmp      string
	limit    int64
	smallest int64 // the smallest size a try reached
}

// try encodes with args and returns the size it gave.
func (ft *fitter) try(args []string) (int64, error) {
	if err := ft.ts.ffmpeg(ft.ctx, ft.f.cut(args)...); err != nil {
		return 0, fmt.Errorf("re-encode the recording %s to fit %s: %w", ft.f.final(), formatSize(ft.limit), err)
	}
	n, err := fileSize(ft.tmp)
	ft.smallest = min(ft.smallest, n)
	return n, err
}

// gif tries GIF encodings, starting from the one that made size; "" when
// none fit.
func (ft *fitter) gif(src clip, size int64) (string, error) {
	last := gifTry{gifEncode{FPS: gifFPS(ft.f.m.FPS), Width: min(MaxGIFWidth, src.Frame.X), Colors: 256}, size}
	for i := 0; i < fitTries; i++ {
		e, ok := planGIF(ft.limit, last)
		if !ok {
			break
		}
		n, err := ft.try(gifArgs(ft.f.work(), ft.tmp, e))
		if err != nil || n <= ft.limit {
			return describeFit(n, src, 0, e.Colors, e.FPS, e.Width), err
		}
		last = gifTry{e, n}
	}
	return "", nil
}

// mp4 tries MP4 bit rates (and frame rates, sizes); "" when none fit.
func (ft *fitter) mp4(src clip) (string, error) {
	var last *mp4Try
	for i := 0; i < fitTries; i++ {
		e, ok := planMP4(src, ft.limit, last)
		if !ok {
			break
		}
		n, err := ft.try(mp4Args(ft.f.work(), ft.tmp, e))
		if err != nil || n <= ft.limit {
			return describeFit(n, src, e.Kbps, 0, e.FPS, e.Width), err
		}
		last = &mp4Try{e, n}
	}
	return "", nil
}

// describe fills in what ffprobe reads of res.Path.
func describe(ctx context.Context, ts tools, res *Result) (*Result, error) {
	c, err := ts.probe(ctx, res.Path)
	if err != nil {
		return res, fmt.Errorf("read the finished recording %s: %w", res.Path, err)
	}
	res.Duration, res.Frame = c.Duration, c.Frame
	res.Size, err = fileSize(res.Path)
	return res, err
}

func fileSize(path string) (int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// isTooBig reports a TooBigError: the recording is finished, only too big.
func isTooBig(err error) bool {
	var tb *TooBigError
	return errors.As(err, &tb)
}
