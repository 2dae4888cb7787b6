package uploader

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestCheckKey(t *testing.T) {
	tests := []struct {
		name    string
		answer  func(w http.ResponseWriter)
		want    KeyStatus
		wantErr string
	}{
		{"accepted", func(w http.ResponseWriter) { fxHostError(w, "Empty upload source", 130) }, KeyOK, ""},
		{"bad", func(w http.ResponseWriter) { fxHostError(w, "Invalid API key.", 100) }, KeyBad, ""},
		{"missing", func(w http.ResponseWriter) { fxHostError(w, "No key provided", 100) }, KeyBad, ""},
		{"denied", func(w http.ResponseWriter) { fxHostError(w, "Request denied", 401) }, KeyDenied, ""},
		{"flood", func(w http.ResponseWriter) {
			fxHostError(w, "Flooding detected. You can only upload 1 images per minute", 130)
		},
			KeyUnknown, "Flooding"},
		{"server error", func(w http.ResponseWriter) { w.WriteHeader(503) }, KeyUnknown, "HTTP 503"},
		{"not chevereto", func(w http.ResponseWriter) { fxAnswer(w, 200, realBody) }, KeyUnknown, "without a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := fxServe(t, func(_ int, w http.ResponseWriter, _ *http.Request) { tt.answer(w) })
			c := fxClient(t, host.URL, func(cfg *ClientConfig) { cfg.Retries = -1 })
			got, err := c.CheckKey(context.Background())
			if got != tt.want {
				t.Errorf("CheckKey = %v, want %v (err %v)", got, tt.want, err)
			}
			if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
			fxNoSecret(t, err)
			r := host.requests()[0]
			if r.method != http.MethodPost || r.fileName != "" || r.fields["key"] != fxKey || r.header.Get("X-API-Key") != fxKey || r.query != "" {
				t.Errorf("key check request %+v", r)
			}
		})
	}
	if KeyOK.String() != "key works" || KeyBad.String() != "bad key" || KeyDenied.String() != "host denies API uploads" {
		t.Error("KeyStatus strings changed")
	}
}
