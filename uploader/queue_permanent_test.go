package uploader

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestPermanentTellsValidationFromTransientFailures(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"not an image", unsupportedError("notes.png", "text/plain"), true},
		{"over the limit", TooBigError("big.png", 9e6, 5e6), true},
		{"missing file", statError("/nowhere/x.png", "x.png", os.ErrNotExist), true},
		{"empty file", invalidf(KindInvalid, "x.png is empty — there is nothing to upload"), true},
		{"duplicate", &APIError{Kind: KindDuplicate, Message: "Duplicated upload"}, true},
		{"host refuses the format", hostError(400, 310, "Unavailable image format", true), true},
		{"file changed meanwhile", fileFailure(errFileChanged), false},
		{"disk error", fileFailure(errors.New("input/output error")), false},
		{"profile cannot be built", resolveError(errors.New(`no profile named "work"`)), false},
		{"download answered 503", statusError("https://x.test/a.png", 503), false},
		{"download answered 404", statusError("https://x.test/a.png", 404), true},
		{"network", networkError(errors.New("connection reset by peer")), false},
		{"server", &APIError{Kind: KindServer, HTTPStatus: 502}, false},
		{"bad key", &APIError{Kind: KindBadKey}, false},
		{"rate limited", &APIError{Kind: KindRateLimited}, false},
		{"canceled", context.Canceled, false},
		{"no error", nil, false},
	}
	for _, tt := range tests {
		if got := Permanent(tt.err); got != tt.want {
			t.Errorf("%s: Permanent(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}

// A file that can never upload is reported once: no retry, and the journal
// does not bring it back on the next start. A network failure stays and is
// resumed.
func TestPermanentFailureIsNotRetriedOrResumed(t *testing.T) {
	dir, jdir := t.TempDir(), t.TempDir()
	text := filepath.Join(dir, "notes.png")
	if err := os.WriteFile(text, []byte("meeting notes, not a picture"), 0o600); err != nil {
		t.Fatal(err)
	}
	flaky := writeImages(t, dir, 1)[0]
	up := &fakeUploader{fn: func(_ context.Context, f *File, _ int) (*Result, error) {
		return nil, &APIError{Kind: KindNetwork, Message: "connection refused"}
	}}
	q1 := newTestQueue(t, up, func(c *QueueConfig) { c.JournalDir = jdir })
	ids := q1.Add("p", Options{}, text, flaky)
	waitIdle(t, q1)
	bad, _ := q1.Item(ids[0])
	net, _ := q1.Item(ids[1])
	if bad.State != StateFailed || !Permanent(bad.Err) || bad.Retryable() {
		t.Fatalf("notes.png: state %v, err %v, retryable %v; want a permanent failure", bad.State, bad.Err, bad.Retryable())
	}
	if net.State != StateFailed || !net.Retryable() {
		t.Fatalf("the network failure: state %v, retryable %v; want a retryable failure", net.State, net.Retryable())
	}
	if q1.Retry(ids[0]) {
		t.Error("Retry accepted a file that is not an image")
	}
	if n := q1.RetryFailed(); n != 1 {
		t.Errorf("RetryFailed = %d, want 1 (only the network failure)", n)
	}
	waitIdle(t, q1)
	q1.Close()

	q2 := newTestQueue(t, &fakeUploader{}, func(c *QueueConfig) { c.JournalDir = jdir })
	if n := q2.Pending(); n != 1 {
		t.Fatalf("Pending = %d, want 1: the network failure resumes, the text file does not", n)
	}
	resumed, err := q2.Resume()
	if err != nil {
		t.Fatal(err)
	}
	if got := sourcesOf(q2, resumed); len(got) != 1 || got[0] != flaky {
		t.Errorf("resumed %v, want only %s", got, flaky)
	}
}
