//go:build linux

package uploader_test

// Bad input, each with the message the user gets: files that are missing,
// empty, not images, damaged, enormous, unreadable or not files at all,
// junk options, and URL sources that are huge or are web pages. (The
// host-side failures are in faults_test.go.) Linux only: it makes FIFOs and
// counts the bytes the process reads in /proc/self/io.

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
)

// hdPNGHeader is a PNG signature and IHDR chunk claiming w×h 8-bit gray
// pixels, followed by a tiny IDAT: a decompression bomb's header.
func hdPNGHeader(w, h uint32) []byte {
	chunk := func(typ string, data []byte) []byte {
		var b bytes.Buffer
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
		return b.Bytes()
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 0, 0, 0, 0) // depth 8, gray, deflate, no filter, no interlace
	out := append([]byte("\x89PNG\r\n\x1a\n"), chunk("IHDR", ihdr)...)
	return append(out, chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
}

// hdFIFO makes a named pipe, which blocks whoever opens it for reading.
func hdFIFO(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// hdGuard runs f and fails the test if it blocks: a hang is the failure,
// the timeout only bounds it.
func hdGuard[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	ch := make(chan T, 1)
	go func() { ch <- f() }()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("%s blocked", what)
		panic("unreachable")
	}
}

// hdFixtures are the bad (and borderline) local sources of the tests below.
type hdFixtures struct {
	good, missing, empty, text, truncated, bomb, big, locked, fifo, noImages string
}

func hdMake(t *testing.T) hdFixtures {
	t.Helper()
	dir := t.TempDir()
	full := noisePNG(t, 64, 48, 1)
	fx := hdFixtures{
		good:      writeFile(t, dir, "good.png", full, 0o644),
		missing:   filepath.Join(dir, "missing.png"),
		empty:     writeFile(t, dir, "empty.png", nil, 0o644),
		text:      writeFile(t, dir, "notes.png", []byte("shopping list: milk, eggs\n"), 0o644),
		truncated: writeFile(t, dir, "cut.png", full[:len(full)/2], 0o644),
		bomb:      writeFile(t, dir, "bomb.png", hdPNGHeader(30000, 30000), 0o644),
		big:       writeFile(t, dir, "big.png", noisePNG(t, 200, 200, 1), 0o644), // ~40 KB
		locked:    writeFile(t, dir, "locked.png", full, 0o000),
		fifo:      hdFIFO(t, dir, "pipe.png"),
		noImages:  filepath.Join(dir, "docs"),
	}
	if err := os.Mkdir(fx.noImages, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, fx.noImages, "readme.txt", []byte("hello"), 0o644)
	hdFIFO(t, fx.noImages, "fake.png") // a supported name, but not a file
	return fx
}

// hdLimit is the size limit of the tests: good.png fits, big.png does not.
const hdLimit = 20_000

// TestHardeningSources: Prepare on each bad source answers at once with a
// message that names the file and says what to do.
func TestHardeningSources(t *testing.T) {
	fx := hdMake(t)
	tests := []struct {
		name, source string
		kind         uploader.Kind
		want         []string
	}{
		{"missing file", fx.missing, uploader.KindInvalid, []string{"missing.png does not exist — check the path"}},
		{"folder", fx.noImages, uploader.KindInvalid, []string{"docs is a folder — choose the files in it"}},
		{"empty file", fx.empty, uploader.KindInvalid, []string{"empty.png is empty — there is nothing to upload"}},
		{"text named .png", fx.text, uploader.KindUnsupported,
			[]string{"notes.png is not an image or video (content looks like text/plain); accepted: JPG PNG"}},
		{"over the limit", fx.big, uploader.KindTooBig, []string{"big.png is ", "over the 20 KB limit of this host — make it smaller"}},
		{"fifo", fx.fifo, uploader.KindInvalid, []string{"pipe.png is not a regular file (a FIFO) — only files can be uploaded"}},
		{"file URL to a fifo", "file://" + fx.fifo, uploader.KindInvalid, []string{"pipe.png is not a regular file (a FIFO)"}},
		{"stdin unavailable", "-", uploader.KindInvalid, []string{"standard input is not available here — give a file instead of -"}},
	}
	for _, tt := range tests {
		err := hdGuard(t, tt.name, func() error {
			_, err := uploader.Prepare(context.Background(), tt.source, t.TempDir(), hdLimit, nil)
			return err
		})
		checkErr(t, tt.name, err, tt.kind, tt.want...)
	}
}

// TestHardeningUnreadable: a chmod-000 file. A normal user gets "permission
// denied"; root reads it anyway (root bypasses file permissions), so the
// file is then simply accepted — asserted, not skipped.
func TestHardeningUnreadable(t *testing.T) {
	fx := hdMake(t)
	f, err := uploader.Inspect(fx.locked, 0)
	if os.Geteuid() == 0 {
		if err != nil || f.Width != 64 || f.Height != 48 {
			t.Fatalf("as root: Inspect(chmod 000) = %+v, %v; want it read like any file", f, err)
		}
		return
	}
	checkErr(t, "chmod 000", err, uploader.KindInvalid, "locked.png: permission denied — check the file's permissions")
}

// TestHardeningFolderWithoutImages: the only supported name in it is a FIFO,
// which Expand must skip without opening it.
func TestHardeningFolderWithoutImages(t *testing.T) {
	fx := hdMake(t)
	var out []string
	errs := hdGuard(t, "Expand", func() []error {
		var errs []error
		out, errs = uploader.Expand([]string{fx.noImages}, 10)
		return errs
	})
	if len(out) != 0 || len(errs) != 1 {
		t.Fatalf("Expand(no images) = %q, %v; want nothing and one error", out, errs)
	}
	checkErr(t, "folder without images", errs[0], uploader.KindInvalid, "folder "+fx.noImages+" has no image or video files (accepted: JPG")
}

// TestHardeningTruncatedPNG: a PNG cut in the middle of its pixel data.
// Inspect reads only the header, so it accepts the file with its real
// dimensions and the upload goes ahead: the host is the authority on the
// pixels (Chevereto, like the fake, checks the header). The preview, which
// decodes pixels, fails cleanly instead of panicking.
func TestHardeningTruncatedPNG(t *testing.T) {
	fx := hdMake(t)
	f, err := uploader.Inspect(fx.truncated, 0)
	if err != nil || f.Mime != "image/png" || f.Width != 64 || f.Height != 48 {
		t.Fatalf("Inspect(truncated) = %+v, %v; want image/png 64×48", f, err)
	}
	if _, err := uploader.Thumbnail(fx.truncated, 32); err == nil || !strings.Contains(err.Error(), "cut.png") {
		t.Errorf("Thumbnail(truncated) = %v, want an error naming cut.png", err)
	}
	host := chevtest.NewTB(t, chevtest.Options{Guest: true})
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: host.Endpoint(), Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Upload(context.Background(), f, uploader.Options{}, nil)
	if err != nil || res.Width != 64 || len(host.Uploads()) != 1 || host.Uploads()[0].Size != f.Size {
		t.Errorf("upload of the truncated PNG: %+v, %v", res, err)
	}
}

// TestHardeningDecompressionBomb: a 60-byte file claiming 30000×30000
// pixels. Inspect reports the size from the header; Thumbnail refuses it
// before allocating the 900 MB canvas.
func TestHardeningDecompressionBomb(t *testing.T) {
	fx := hdMake(t)
	f, err := uploader.Inspect(fx.bomb, 0)
	if err != nil || f.Width != 30000 || f.Height != 30000 || f.Mime != "image/png" {
		t.Fatalf("Inspect(bomb) = %+v, %v; want 30000×30000 from the header", f, err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = uploader.Thumbnail(fx.bomb, 256)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "bomb.png is 30000×30000 pixels, too large to preview") {
		t.Errorf("Thumbnail(bomb) = %v, want a refusal naming the size", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("Thumbnail(bomb) allocated %d bytes before refusing", grew)
	}
}

// TestHardeningOptions: a junk expiration (which the host would silently
// turn into 5 minutes) and a width over the image's are refused before any
// request, by Check, by the client and by the queue.
func TestHardeningOptions(t *testing.T) {
	fx := hdMake(t)
	f, err := uploader.Inspect(fx.good, 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts uploader.Options
		want string
	}{
		{"junk expiration", uploader.Options{Expiration: "next tuesday"}, `expiration "next tuesday" is not valid: use seconds (300) or an ISO-8601 duration`},
		{"negative expiration", uploader.Options{Expiration: "-5"}, `expiration "-5" is not valid`},
		{"width over the image", uploader.Options{Width: 65}, "width 65 is larger than the image (64 px wide)"},
		{"negative width", uploader.Options{Width: -1}, "width -1 is not valid"},
	}
	host := chevtest.NewTB(t, chevtest.Options{Guest: true})
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: host.Endpoint(), Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		_, _, err := tt.opts.Check(f)
		checkErr(t, tt.name+" (Check)", err, uploader.KindInvalid, tt.want)
		_, err = c.Upload(context.Background(), f, tt.opts, nil)
		checkErr(t, tt.name+" (Upload)", err, uploader.KindInvalid, tt.want)
		items := hdQueue(t, c, uploader.Target{}, tt.opts, fx.good)
		checkErr(t, tt.name+" (Queue)", items[0].Err, uploader.KindInvalid, tt.want)
	}
	if n := len(host.Requests()); n != 0 {
		t.Errorf("%d requests sent for options that cannot be sent", n)
	}
}

// hdQueue runs sources through a queue uploading with c (tg's other fields
// apply) and returns the items once it is idle.
func hdQueue(t *testing.T, c *uploader.Client, tg uploader.Target, opts uploader.Options, sources ...string) []uploader.Item {
	t.Helper()
	tg.Uploader, tg.Host = c, c.Endpoint()
	q, err := uploader.NewQueue(uploader.QueueConfig{Jobs: 2, SpoolDir: t.TempDir(),
		Resolve: func(string) (uploader.Target, error) { return tg, nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	go func() {
		for range q.Events() { // the one consumer; nothing to check here
		}
	}()
	q.Add("", opts, sources...)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatalf("queue stuck on bad input: %v", err)
	}
	return q.Items()
}

// TestHardeningQueueMixedBatch: one batch of every bad source among good
// ones. Each bad one fails alone with its message, in input order, without
// a request; the good (and the truncated) ones upload.
func TestHardeningQueueMixedBatch(t *testing.T) {
	fx := hdMake(t)
	host := chevtest.NewTB(t, chevtest.Options{Guest: true})
	c, err := uploader.NewClient(uploader.ClientConfig{Endpoint: host.Endpoint(), Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		source string
		state  uploader.State
		msg    string
	}{
		{fx.good, uploader.StateDone, ""},
		{fx.missing, uploader.StateFailed, "missing.png does not exist"},
		{fx.empty, uploader.StateFailed, "empty.png is empty"},
		{fx.text, uploader.StateFailed, "notes.png is not an image or video"},
		{fx.fifo, uploader.StateFailed, "pipe.png is not a regular file (a FIFO)"},
		{fx.noImages, uploader.StateFailed, "folder " + fx.noImages + " has no image or video files"},
		{fx.big, uploader.StateFailed, "big.png is "},
		{fx.truncated, uploader.StateDone, ""},
	}
	var sources []string
	for _, w := range want {
		sources = append(sources, w.source)
	}
	items := hdGuard(t, "queue", func() []uploader.Item {
		return hdQueue(t, c, uploader.Target{MaxSize: hdLimit}, uploader.Options{}, sources...)
	})
	if len(items) != len(want) {
		t.Fatalf("%d items for %d sources", len(items), len(want))
	}
	for i, w := range want {
		it := items[i]
		if it.Source != w.source || it.State != w.state || !strings.Contains(it.Message(), w.msg) || (w.msg == "") != (it.Err == nil) {
			t.Errorf("item %d: %s %v %q; want %s %v %q", i, it.Source, it.State, it.Message(), w.source, w.state, w.msg)
		}
	}
	if n, ups := len(host.Requests()), len(host.Uploads()); n != 2 || ups != 2 {
		t.Errorf("host saw %d requests, stored %d files; want 2 and 2 (bad sources never sent)", n, ups)
	}
}

// hdReadBytes is how many bytes this process has read with read(2) so far
// (sockets included): rchar of /proc/self/io.
func hdReadBytes(t *testing.T) int64 {
	t.Helper()
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "rchar: "); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatal("no rchar in /proc/self/io")
	return 0
}

// TestHardeningURLSources: a URL source that is far over the limit, with
// or without a Content-Length, is aborted early — the process reads at most
// the cap plus 64 KB of it, not the whole stream — and a web page is not
// taken for an image.
func TestHardeningURLSources(t *testing.T) {
	const limit = 1 << 20
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gallery.png" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<!doctype html><html><head><title>Gallery</title></head><body><img src=a.png></body></html>"))
			return
		}
		if r.URL.Path == "/huge-length.png" {
			w.Header().Set("Content-Length", strconv.Itoa(10<<30))
		}
		hdEndless(w, r)
	}))
	defer srv.Close()
	tests := []struct {
		name, path string
		kind       uploader.Kind
		want       string
	}{
		{"Content-Length over the cap", "/huge-length.png", uploader.KindTooBig, "/huge-length.png is 10.7 GB, over the 1 MB limit of this host"},
		{"chunked stream over the cap", "/endless.png", uploader.KindTooBig, "endless.png is over the 1 MB limit of this host"},
		{"web page", "/gallery.png", uploader.KindUnsupported, "/gallery.png is a web page, not an image — copy the address of the image itself"},
	}
	for _, tt := range tests {
		spool := t.TempDir()
		before := hdReadBytes(t)
		err := hdGuard(t, tt.name, func() error {
			_, err := uploader.Prepare(context.Background(), srv.URL+tt.path, spool, limit, nil)
			return err
		})
		read := hdReadBytes(t) - before
		checkErr(t, tt.name, err, tt.kind, tt.want)
		if read > limit+64<<10 {
			t.Errorf("%s: read %d bytes of the download, want at most the cap + 64 KB", tt.name, read)
		}
		if left, _ := os.ReadDir(spool); len(left) != 0 {
			t.Errorf("%s: %d files left in the spool folder", tt.name, len(left))
		}
	}
}

// hdEndless streams a PNG signature and then zeros until the client goes
// away (or 20 s pass: the guard against a client that never stops).
func hdEndless(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/png")
	chunk := make([]byte, 32<<10)
	copy(chunk, hdPNGHeader(64, 48))
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && r.Context().Err() == nil {
		if _, err := w.Write(chunk); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		clear(chunk[:64])
	}
}
