package localhost

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// post sends one small PNG upload and returns the status (0 on a transport
// error) and the Content-Type.
func post(t *testing.T, s *Server, c *http.Client, data []byte) (int, string) {
	t.Helper()
	rq := withKey(&filePart{field: "source", name: "f.png", ctype: "image/png", data: data}, nil)
	body, ct := multipartBody(t, rq.fields, rq.file)
	hr, err := http.NewRequest(http.MethodPost, s.Endpoint(), body)
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Content-Type", ct)
	hr.Header.Set("X-API-Key", testKey)
	resp, err := c.Do(hr)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Content-Type")
}

func TestFaultFractions(t *testing.T) {
	tests := []struct {
		name   string
		faults Faults
		status int // the status of a faulty answer (0 = dropped)
		n      int // requests sent
		lo, hi int // how many may be faulty
	}{
		{"html 500", Faults{HTML500: 0.2, Seed: 1}, 500, 200, 20, 60},
		{"drop", Faults{Drop: 0.25, Seed: 7}, 0, 200, 25, 75},
		{"none", Faults{Seed: 3}, -1, 50, 0, 0},
	}
	data := pngBytes(t, 3, 3)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewTB(t, Options{Key: testKey, Faults: tt.faults})
			c := client()
			faulty, ok := 0, 0
			for range tt.n {
				code, ct := post(t, s, c, data)
				switch {
				case code == tt.status && (code != 500 || strings.HasPrefix(ct, "text/html")):
					faulty++
				case code == 200:
					ok++
				}
			}
			if faulty < tt.lo || faulty > tt.hi || faulty+ok != tt.n {
				t.Errorf("%d faulty, %d ok of %d; want %d–%d faulty, the rest ok", faulty, ok, tt.n, tt.lo, tt.hi)
			}
			if n, fails := s.Stats(); n != ok || fails != faulty {
				t.Errorf("Stats() = %d, %d; want %d, %d", n, fails, ok, faulty)
			}
		})
	}
}

func TestFaultsAreReproducible(t *testing.T) {
	seq := func() string {
		s := NewTB(t, Options{Key: testKey, Faults: Faults{HTML500: 0.3, Drop: 0.2, Seed: 42}})
		var b strings.Builder
		for range 40 {
			code, _ := post(t, s, client(), pngBytes(t, 2, 2))
			b.WriteString(map[int]string{0: "x", 200: ".", 500: "5"}[code])
		}
		return b.String()
	}
	a, b := seq(), seq()
	if a != b || !strings.Contains(a, "x") || !strings.Contains(a, "5") || !strings.Contains(a, ".") {
		t.Errorf("sequences %q and %q: want equal, each with drops, 500s and successes", a, b)
	}
}

func TestDropResetsMidUpload(t *testing.T) {
	s := NewTB(t, Options{Key: testKey, Faults: Faults{Drop: 1}})
	// More than loopback's socket buffers can hold (tcp_wmem's 4 MB and
	// tcp_rmem's 32 MB at most here): with 4 MB a loaded machine sometimes
	// had the whole body written before the reset came, and the test failed.
	big := mp4Bytes("isom", 64<<20)
	rq := withKey(&filePart{field: "source", name: "v.mp4", ctype: "video/mp4", data: big}, nil)
	body, ct := multipartBody(t, rq.fields, rq.file)
	hr, _ := http.NewRequest(http.MethodPost, s.Endpoint(), body)
	hr.Header.Set("Content-Type", ct)
	resp, err := client().Do(hr)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got HTTP %d, want a transport error", resp.StatusCode)
	}
	if body.Len() == 0 {
		t.Errorf("the whole body was sent; want the reset mid-upload")
	}
	s.Close()
	if rs := s.Requests(); len(rs) != 1 || rs[0].Status != 0 || len(s.Uploads()) != 0 {
		t.Errorf("recorded %+v, want one unanswered request and no upload", rs)
	}
}

func TestDelayAndStall(t *testing.T) {
	tests := []struct {
		name    string
		faults  Faults
		timeout time.Duration // client context timeout
		wantOK  bool
	}{
		{"short delay still answers", Faults{Delay: 20 * time.Millisecond}, 5 * time.Second, true},
		{"short stall still answers", Faults{Stall: 20 * time.Millisecond}, 5 * time.Second, true},
		{"long delay: client gives up", Faults{Delay: time.Minute}, 100 * time.Millisecond, false},
		{"long stall: client gives up", Faults{Stall: time.Minute}, 100 * time.Millisecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{Key: testKey, Faults: tt.faults})
			defer s.Close()
			rq := withKey(pngPart(t), nil)
			body, ct := multipartBody(t, rq.fields, rq.file)
			ctx, cancel := context.WithTimeout(context.Background(), tt.timeout)
			defer cancel()
			hr, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.Endpoint(), bytes.NewReader(body.Bytes()))
			hr.Header.Set("Content-Type", ct)
			resp, err := client().Do(hr)
			if err == nil {
				resp.Body.Close()
			}
			if (err == nil && resp.StatusCode == 200) != tt.wantOK {
				t.Fatalf("err %v, want success = %v", err, tt.wantOK)
			}
			s.Close() // must end the sleeping handler at once
			if rs := s.Requests(); len(rs) != 1 || (rs[0].Status == 200) != tt.wantOK {
				t.Errorf("recorded %+v", rs)
			}
		})
	}
}
