package localhost

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// real420 is the body a real Chevereto 4.2.0 answered for a 64×48 PNG.
const real420 = `{"status_code":200,"success":{"message":"file uploaded","code":200},"image":{"name":"small","extension":"png","size":160,"width":64,"height":48,"date":"2026-11-23 03:40:06","date_gmt":"2026-11-23 06:40:06","title":"small","description":null,"nsfw":0,"storage_mode":"datefolder","md5":"0f3717b7e605a8dd2fb37f0de25269bf","source_md5":null,"original_filename":"small.png","original_exifdata":null,"views":0,"category_id":null,"chain":5,"thumb_size":335,"medium_size":0,"frame_size":0,"expiration_date_gmt":null,"likes":0,"is_animated":0,"is_approved":1,"is_360":0,"duration":0,"type":"image","tags":[],"tags_string":"","file":{"resource":{"type":"path"}},"id_encoded":"mq","filename":"small.png","mime":"image/png","url":"http://127.0.0.1:8080/images/2026/11/23/small.png","ratio":1.3333333333333333,"size_formatted":"160 B","image":{"filename":"small.png","name":"small","mime":"image/png","extension":"png","url":"http://127.0.0.1:8080/images/2026/11/23/small.png","size":160},"thumb":{"filename":"small.th.png","name":"small.th","mime":"image/png","extension":"png","url":"http://127.0.0.1:8080/images/2026/11/23/small.th.png","size":335},"url_frame":"","medium":{"filename":null,"name":null,"mime":null,"extension":null,"url":null},"duration_time":"","url_viewer":"http://127.0.0.1:8080/image/small.mq","path_viewer":"/image/small.mq","url_short":"http://127.0.0.1:8080/image/mq","display_url":"http://127.0.0.1:8080/images/2026/11/23/small.png","display_width":64,"display_height":48,"views_label":"views","likes_label":"likes","how_long_ago":"moments ago","date_fixed_peer":"2026-11-23 06:40:06","title_truncated":"small","title_truncated_html":"small","is_use_loader":false,"display_title":"small","delete_url":"http://127.0.0.1:8080/image/mq/delete/f437c30f95544b3125671c08044d5c65af8be5c970d807da"},"status_txt":"OK"}`

// keysOf lists the keys of the JSON object at path, in order.
func keysOf(t *testing.T, raw []byte, path ...string) []string {
	t.Helper()
	for _, p := range path {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		raw = m[p]
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		t.Fatalf("%v: %v", path, err)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func TestSuccessKeyOrderMatchesReal420(t *testing.T) {
	s := NewTB(t, Options{Key: testKey, Now: fixedNow})
	code, hdr, body := do(t, s, withKey(pngPart(t), nil))
	if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d %q: %s", code, hdr.Get("Content-Type"), body)
	}
	for _, path := range [][]string{nil, {"success"}, {"image"}, {"image", "image"}, {"image", "thumb"}, {"image", "medium"}, {"image", "file"}} {
		want, got := keysOf(t, []byte(real420), path...), keysOf(t, body, path...)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("keys of %v:\n got %v\nwant %v", path, got, want)
		}
	}
	if !strings.HasPrefix(hdr.Get("Set-Cookie"), "PHPSESSID=") {
		t.Errorf("Set-Cookie = %q, want a PHPSESSID session", hdr.Get("Set-Cookie"))
	}
}

func TestSuccessValues(t *testing.T) {
	s := NewTB(t, Options{Key: testKey, Now: fixedNow})
	fp := pngPart(t)
	_, _, body := do(t, s, withKey(fp, nil))
	img := decode(t, body)["image"].(map[string]any)
	sum := md5.Sum(fp.data)
	want := map[string]any{
		"name": "small", "extension": "png", "filename": "small.png", "mime": "image/png", "type": "image",
		"width": 64.0, "height": 48.0, "size": float64(len(fp.data)), "md5": hex.EncodeToString(sum[:]),
		"title": "small", "original_filename": "small.png", "date_gmt": "2026-11-23 06:40:06",
		"nsfw": 0.0, "is_approved": 1.0, "url_frame": "", "expiration_date_gmt": nil, "ratio": 64.0 / 48,
		"url":         s.URL() + "/images/2026/11/23/small.png",
		"url_short":   s.URL() + "/image/" + img["id_encoded"].(string),
		"path_viewer": "/image/small." + img["id_encoded"].(string),
	}
	for k, v := range want {
		if img[k] != v {
			t.Errorf("image.%s = %#v, want %#v", k, img[k], v)
		}
	}
	if del := img["delete_url"].(string); !strings.HasPrefix(del, img["url_short"].(string)+"/delete/") || len(del)-strings.LastIndex(del, "/")-1 != 48 {
		t.Errorf("delete_url = %q, want <url_short>/delete/<48 hex>", del)
	}
	code, got := get(t, img["url"].(string))
	if code != http.StatusOK || !bytes.Equal(got, fp.data) {
		t.Errorf("GET url: %d, %d bytes; want 200 and the uploaded bytes", code, len(got))
	}
	for _, u := range []string{img["url_viewer"].(string), img["url_short"].(string), img["thumb"].(map[string]any)["url"].(string)} {
		if code, _ := get(t, u); code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", u, code)
		}
	}
}

func TestSuccessVariants(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		rq       func(t *testing.T) req
		top      string   // key holding the image object
		absent   []string // image keys that must be missing
		present  []string
		check    map[string]any
		subcheck func(t *testing.T, img map[string]any)
	}{
		{"moderation", Options{Moderation: true}, func(t *testing.T) req { return withKey(pngPart(t), nil) }, "image",
			[]string{"url", "display_url"}, []string{"url_viewer", "delete_url", "url_short"}, map[string]any{"is_approved": 0.0},
			func(t *testing.T, img map[string]any) {
				for _, sub := range []string{"thumb", "medium"} {
					if _, ok := img[sub].(map[string]any)["url"]; ok {
						t.Errorf("%s.url present while awaiting moderation", sub)
					}
				}
			}},
		{"image field answers data", Options{}, func(t *testing.T) req {
			fp := pngPart(t)
			fp.field = "image"
			return withKey(fp, nil)
		}, "data", nil, []string{"url"}, map[string]any{"width": 64.0}, nil},
		{"video by part type", Options{}, func(t *testing.T) req {
			return withKey(&filePart{field: "source", name: "clip one.mp4", ctype: "video/mp4", data: mp4Bytes("isom", 4096)}, nil)
		}, "image", nil, []string{"frame", "url"}, map[string]any{"type": "video", "mime": "video/mp4", "extension": "mp4", "chain": 21.0},
			func(t *testing.T, img map[string]any) {
				if !strings.HasPrefix(img["path_viewer"].(string), "/clip/clip-one.") || img["url_frame"] == "" {
					t.Errorf("path_viewer %v url_frame %v: want /clip/clip-one.<id> and a frame", img["path_viewer"], img["url_frame"])
				}
				if code, b := get(t, img["display_url"].(string)); code != 200 || !bytes.HasPrefix(b, []byte{0xFF, 0xD8}) {
					t.Errorf("GET display_url = %d, want a JPEG frame", code)
				}
			}},
		{"quicktime", Options{}, func(t *testing.T) req {
			return withKey(&filePart{field: "source", name: "a.mov", ctype: "video/quicktime", data: mp4Bytes("qt  ", 512)}, nil)
		}, "image", nil, nil, map[string]any{"extension": "mov", "mime": "video/quicktime"}, nil},
		{"webm", Options{}, func(t *testing.T) req {
			return withKey(&filePart{field: "source", name: "a.webm", ctype: "video/webm", data: []byte{0x1A, 0x45, 0xDF, 0xA3, 1, 2, 3}}, nil)
		}, "image", nil, nil, map[string]any{"extension": "webm", "type": "video"}, nil},
		{"avif by magic", Options{}, func(t *testing.T) req {
			return withKey(&filePart{field: "source", name: "a.avif", ctype: "image/avif", data: mp4Bytes("avif", 300)}, nil)
		}, "image", nil, nil, map[string]any{"extension": "avif", "width": 0.0, "type": "image"}, nil},
		{"bmp becomes png", Options{}, func(t *testing.T) req {
			return withKey(&filePart{field: "source", name: "pic.bmp", ctype: "image/bmp", data: bmpBytes(t)}, nil)
		}, "image", nil, nil, map[string]any{"extension": "png", "mime": "image/png", "width": 10.0, "filename": "pic.png"}, nil},
		{"v3 strings", Options{V3: true}, func(t *testing.T) req { return withKey(pngPart(t), map[string]string{"nsfw": "1"}) }, "image",
			nil, nil, map[string]any{"nsfw": "1", "width": "64", "views": "0"}, nil},
		{"guest", Options{Guest: true}, func(t *testing.T) req {
			return req{fields: map[string]string{"tags": "a,b"}, file: pngPart(t)}
		}, "image", nil, nil, map[string]any{"tags_string": ""}, nil},
		{"options", Options{}, func(t *testing.T) req {
			return withKey(pngPart(t), map[string]string{"title": strings.Repeat("é", 150), "description": "d <b>",
				"tags": "a, b/c,#d,ok, ok ," + strings.Repeat("x", 33), "nsfw": "true", "category_id": "7", "width": "32"})
		}, "image", nil, nil, map[string]any{"title": strings.Repeat("é", 100), "description": "d <b>", "tags_string": "a,ok",
			"nsfw": 0.0, "category_id": 7.0, "width": 32.0, "height": 24.0, "title_truncated": strings.Repeat("é", 25) + "..."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Key, tt.opts.Now = testKey, fixedNow
			s := NewTB(t, tt.opts)
			code, _, body := do(t, s, tt.rq(t))
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, body)
			}
			m := decode(t, body)
			img, ok := m[tt.top].(map[string]any)
			if !ok {
				t.Fatalf("no %q object in %s", tt.top, body)
			}
			assertImage(t, img, tt.absent, tt.present, tt.check)
			if tt.subcheck != nil {
				tt.subcheck(t, img)
			}
		})
	}
}

func assertImage(t *testing.T, img map[string]any, absent, present []string, check map[string]any) {
	t.Helper()
	for _, k := range absent {
		if _, ok := img[k]; ok {
			t.Errorf("image.%s present, want absent", k)
		}
	}
	for _, k := range present {
		if _, ok := img[k]; !ok {
			t.Errorf("image.%s absent, want present", k)
		}
	}
	for k, v := range check {
		if !reflect.DeepEqual(img[k], v) {
			t.Errorf("image.%s = %#v, want %#v", k, img[k], v)
		}
	}
}

func TestSuccessMessageV3AndV4(t *testing.T) {
	for _, v3 := range []bool{false, true} {
		s := NewTB(t, Options{Key: testKey, V3: v3})
		_, _, body := do(t, s, withKey(pngPart(t), nil))
		msg := decode(t, body)["success"].(map[string]any)["message"]
		want := map[bool]string{false: "file uploaded", true: "image uploaded"}[v3]
		if msg != want {
			t.Errorf("V3=%v: success.message = %v, want %q", v3, msg, want)
		}
	}
}

func TestUniqueNamesAndDateFolders(t *testing.T) {
	s := NewTB(t, Options{Key: testKey, Now: fixedNow, Dir: t.TempDir()})
	var names []string
	for range 3 {
		if code, _, b := do(t, s, withKey(pngPart(t), nil)); code != 200 {
			t.Fatalf("status %d: %s", code, b)
		}
	}
	ids := map[string]bool{}
	for _, u := range s.Uploads() {
		names = append(names, u.Name)
		ids[u.ID] = true
		if !strings.Contains(u.Path, "images/2026/11/23/") {
			t.Errorf("stored at %s, want a images/2026/11/23 date folder", u.Path)
		}
	}
	if want := []string{"small.png", "small-2.png", "small-3.png"}; !slices.Equal(names, want) || len(ids) != 3 {
		t.Errorf("names %v ids %v, want %v and 3 distinct ids", names, ids, want)
	}
}
