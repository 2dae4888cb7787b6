package uploader

import (
	"reflect"
	"strings"
	"testing"
)

func TestOptionsCheck(t *testing.T) {
	img := &File{Name: "a.png", Width: 640, Height: 480}
	long := strings.Repeat("é", 120)
	tests := []struct {
		name  string
		in    Options
		f     *File
		want  Options
		warns []string
	}{
		{"zero stays zero", Options{}, img, Options{}, nil},
		{"title cut", Options{Title: long}, img, Options{Title: long[:200]}, []string{"title cut to 100 characters"}},
		{"tags split, trimmed, deduplicated", Options{Tags: []string{" cat ", "dog,Cat", ""}}, nil,
			Options{Tags: []string{"cat", "dog"}}, nil},
		{"bad tags dropped with a reason", Options{Tags: []string{"a/b", "c#", "ok", strings.Repeat("x", 33)}}, nil,
			Options{Tags: []string{"ok"}}, []string{`tag "a/b" dropped: tags cannot contain , / #`, `tag "c#" dropped: tags cannot contain , / #`,
				`tag "` + strings.Repeat("x", 33) + `" dropped: tags are at most 32 characters`}},
		{"album id kept", Options{AlbumID: "mq"}, nil, Options{AlbumID: "mq"}, nil},
		{"album URL", Options{AlbumID: "https://host/album/Summer-2024.mq/"}, nil, Options{AlbumID: "mq"}, nil},
		{"album path", Options{AlbumID: "/album/Name.Xy9"}, nil, Options{AlbumID: "Xy9"}, nil},
		{"width within the image", Options{Width: 640}, img, Options{Width: 640}, nil},
		{"width with unknown image width", Options{Width: 5000}, &File{Name: "v.mp4"}, Options{Width: 5000}, nil},
		{"expiration seconds canonical", Options{Expiration: "3600"}, nil, Options{Expiration: "PT1H"}, nil},
		{"expiration raised", Options{Expiration: "PT1M"}, nil, Options{Expiration: "PT5M"},
			[]string{"expiration 1m raised to the host minimum 5m"}},
		{"expiration lowered", Options{Expiration: "P2Y"}, nil, Options{Expiration: "P365D"},
			[]string{"expiration 730d lowered to the host maximum 1y"}},
		{"flags pass", Options{NSFW: true, UseFileDate: true, CategoryID: 3, Description: " d "}, nil,
			Options{NSFW: true, UseFileDate: true, CategoryID: 3, Description: " d "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warns, err := tt.in.Check(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check = %+v, want %+v", got, tt.want)
			}
			if !reflect.DeepEqual(warns, tt.warns) {
				t.Errorf("warnings = %q, want %q", warns, tt.warns)
			}
			again, w2, err := got.Check(tt.f)
			if err != nil || !reflect.DeepEqual(again, got) || len(w2) != 0 {
				t.Errorf("Check is not idempotent: %+v %q %v", again, w2, err)
			}
		})
	}
}

func TestOptionsCheckErrors(t *testing.T) {
	img := &File{Name: "a.png", Width: 640, Height: 480}
	tests := []struct {
		name string
		in   Options
		want string
	}{
		{"width too large", Options{Width: 5000}, "width 5000 is larger than the image (640 px wide)"},
		{"negative width", Options{Width: -1}, "width -1 is not valid"},
		{"negative category", Options{CategoryID: -2}, "category -2 is not valid"},
		{"junk expiration", Options{Expiration: "tomorrow"}, `expiration "tomorrow" is not valid: use seconds (300) or an ISO-8601 duration`},
		{"album junk", Options{AlbumID: "my album!"}, `album "my album!" is not an album id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.in.Check(img)
			fxKind(t, err, KindInvalid, tt.want)
		})
	}
}
