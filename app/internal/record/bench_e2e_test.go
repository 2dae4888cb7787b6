//go:build e2e

package record

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestRecordBench measures, for `make bench` ("BENCH name=value" lines,
// three of each under make bench, of which the script takes the median;
// one of each in make test):
//   - record_cpu_per_s: the CPU time (user+sys) the encoder used per
//     second of a full-screen 1280×800 MP4 recording with something moving;
//   - record_stop_to_mp4_ms and record_stop_to_gif_ms: from Stop to the
//     finished file (the MP4's remux, the GIF's palette pass).
func TestRecordBench(t *testing.T) {
	m := startMover(t, false)
	if m.size.Dx() != 1280 || m.size.Dy() != 800 {
		t.Fatalf("the screen is %v, want 1280×800 (.ci/e2e.sh starts one)", m.size.Size())
	}
	n := 1 // make test: each kind once, to check it works
	if os.Getenv("UPSHOT_BENCH") == "1" {
		n = 3 // make bench: medians
	}
	for i := 0; i < n; i++ {
		began := time.Now()
		res, stopToFile := benchRecord(t, Options{Target: Target{Mode: ModeFull}}, 4*time.Second)
		wall := res.stopped.Sub(began)
		t.Logf("BENCH record_cpu_per_s=%.2f", res.CPU.Seconds()/wall.Seconds())
		t.Logf("BENCH record_stop_to_mp4_ms=%d", stopToFile.Milliseconds())
	}
	for i := 0; i < n; i++ {
		_, stopToFile := benchRecord(t, Options{Target: Target{Mode: ModeFull}, Format: FormatGIF}, 3*time.Second)
		t.Logf("BENCH record_stop_to_gif_ms=%d", stopToFile.Milliseconds())
	}
}

type benchResult struct {
	*Result
	stopped time.Time
}

// benchRecord records for d and returns the result and how long it took
// from Stop to the file; the result is checked like any other.
func benchRecord(t *testing.T, opts Options, d time.Duration) (benchResult, time.Duration) {
	t.Helper()
	opts.Dir = t.TempDir()
	rec, err := New(SessionX11, os.Getenv).Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(d)
	stopped := time.Now()
	rec.Stop()
	res, err := rec.Wait()
	took := time.Since(stopped)
	if err != nil {
		t.Fatal(err)
	}
	if res.Frame.X == 0 || res.Duration < d/2 || res.CPU <= 0 {
		t.Fatalf("recording %+v", res)
	}
	_ = os.RemoveAll(opts.Dir)
	return benchResult{res, stopped}, took
}
