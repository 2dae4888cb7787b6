package uploader

import (
	"strings"
	"testing"
)

func sampleResult() *Result {
	return &Result{
		URL:    "https://img.example/images/2026/11/23/shot.png",
		Viewer: "https://img.example/image/shot.mq",
		Short:  "https://img.example/image/mq",
		Thumb:  "https://img.example/images/2026/11/23/shot.th.png",
		Delete: "https://img.example/image/mq/delete/f437c3",
		Name:   "shot.png",
		Title:  "shot",
		Size:   160, Width: 64, Height: 48,
	}
}

func TestFormatLinkBuiltins(t *testing.T) {
	r := sampleResult()
	d := LinkData{Result: r, Filename: "shot.png", Title: "My shot"}
	tests := []struct{ format, want string }{
		{FormatURL, r.URL},
		{FormatViewer, r.Viewer},
		{FormatShort, r.Short},
		{FormatThumb, r.Thumb},
		{FormatDelete, r.Delete},
		{FormatMarkdown, "![My shot](" + r.URL + ")"},
		{FormatMarkdownThumb, "[![My shot](" + r.Thumb + ")](" + r.Viewer + ")"},
		{FormatHTML, `<img src="` + r.URL + `" alt="My shot">`},
		{FormatHTMLThumb, `<a href="` + r.Viewer + `"><img src="` + r.Thumb + `" alt="My shot"></a>`},
		{FormatBBCode, "[img]" + r.URL + "[/img]"},
		{FormatBBCodeThumb, "[url=" + r.Viewer + "][img]" + r.Thumb + "[/img][/url]"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			got, err := FormatLink(tt.format, d)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if err := ValidateLinkFormat(tt.format); err != nil {
				t.Errorf("ValidateLinkFormat: %v", err)
			}
		})
	}
}

func TestFormatLinkEscaping(t *testing.T) {
	r := sampleResult()
	r.URL = "https://img.example/images/a b(1).png"
	r.Thumb = "https://img.example/images/a b(1).th.png"
	d := LinkData{Result: r, Title: `a [b] (c) \ <script>"x"</script>`}
	tests := []struct{ format, want string }{
		{FormatMarkdown, `![a \[b\] \(c\) \\ <script>"x"</script>](https://img.example/images/a%20b%281%29.png)`},
		{FormatHTML, `<img src="https://img.example/images/a%20b(1).png" alt="a [b] (c) \ &lt;script&gt;&#34;x&#34;&lt;/script&gt;">`},
		{FormatBBCode, `[img]https://img.example/images/a%20b(1).png[/img]`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			got, err := FormatLink(tt.format, d)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFormatLinkModerated(t *testing.T) {
	viewer := "https://img.example/image/shot.mq"
	r := &Result{URL: viewer, Viewer: viewer, Delete: "https://img.example/del", Moderated: true}
	d := LinkData{Result: r, Filename: "shot.png", Title: "a [b]\nc"}
	tests := []struct{ format, want string }{
		{FormatURL, viewer},
		{FormatThumb, viewer},
		{FormatShort, viewer},
		{FormatMarkdown, `[a \[b\] c](` + viewer + `)`},
		{FormatMarkdownThumb, `[a \[b\] c](` + viewer + `)`},
		{FormatHTML, `<a href="` + viewer + `">a [b] c</a>`},
		{FormatHTMLThumb, `<a href="` + viewer + `">a [b] c</a>`},
		{FormatBBCode, `[url=` + viewer + `]a b c[/url]`},
		{FormatBBCodeThumb, `[url=` + viewer + `]a b c[/url]`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			got, err := FormatLink(tt.format, d)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFormatLinkThumbFallback(t *testing.T) {
	tests := []struct {
		name string
		r    Result
		want string
	}{
		{"no thumb", Result{URL: "https://h/a.png", Viewer: "https://h/v"}, "[![a.png](https://h/a.png)](https://h/v)"},
		{"no viewer", Result{URL: "https://h/a.png", Thumb: "https://h/t.png"}, "[![a.png](https://h/t.png)](https://h/a.png)"},
		{"only url", Result{URL: "https://h/a.png"}, "[![a.png](https://h/a.png)](https://h/a.png)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			got, err := FormatLink(FormatMarkdownThumb, LinkData{Result: &r})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFormatLinkTemplates(t *testing.T) {
	d := LinkData{Result: sampleResult(), Filename: "shot.png", Title: "T"}
	tests := []struct {
		tmpl, want, errPart string
	}{
		{"{url}", d.Result.URL, ""},
		{"{filename} {width}x{height} {size} B — {title}", "shot.png 64x48 160 B — T", ""},
		{`{"link":"{short}","del":"{delete}"}`, `{"link":"https://img.example/image/mq","del":"https://img.example/image/mq/delete/f437c3"}`, ""},
		{"{URL}", d.Result.URL, ""},
		{"{viewer} {thumb}", d.Result.Viewer + " " + d.Result.Thumb, ""},
		{"{nope}", "", "unknown placeholder {nope}"},
		{"{url} {widht}", "", "unknown placeholder {widht}"},
		{"markdwon", "", `unknown link format "markdwon"`},
		{"", "", "unknown link format"},
		{"{", "", "unknown link format"},
	}
	for _, tt := range tests {
		t.Run(tt.tmpl, func(t *testing.T) {
			got, err := FormatLink(tt.tmpl, d)
			verr := ValidateLinkFormat(tt.tmpl)
			if tt.errPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errPart) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.errPart)
				}
				if verr == nil {
					t.Error("ValidateLinkFormat accepted it")
				}
				return
			}
			if err != nil || verr != nil {
				t.Fatalf("err = %v, validate = %v", err, verr)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestFormatLinkErrors(t *testing.T) {
	if _, err := FormatLink(FormatURL, LinkData{}); err == nil {
		t.Error("nil result accepted")
	}
	_, err := FormatLink(FormatDelete, LinkData{Result: &Result{URL: "https://h/a.png"}, Filename: "a.png"})
	if err == nil || !strings.Contains(err.Error(), "a.png") {
		t.Errorf("missing delete link: err = %v, want one naming a.png", err)
	}
}

func TestJoinLinks(t *testing.T) {
	a := LinkData{Result: &Result{URL: "https://h/a.png"}}
	b := LinkData{Result: &Result{URL: "https://h/b.png"}}
	got, err := JoinLinks(FormatMarkdown, []LinkData{a, b})
	if err != nil {
		t.Fatal(err)
	}
	want := "![a.png](https://h/a.png)\n![b.png](https://h/b.png)"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := JoinLinks(FormatDelete, []LinkData{a}); err == nil {
		t.Error("JoinLinks hid a missing delete link")
	}
	if got, _ := JoinLinks(FormatURL, nil); got != "" {
		t.Errorf("no items gave %q", got)
	}
}

func TestLinkFormatsUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range LinkFormats() {
		if seen[f] {
			t.Errorf("%s listed twice", f)
		}
		seen[f] = true
	}
	if len(seen) < 11 {
		t.Errorf("got %d formats, want at least the 11 of the first release", len(seen))
	}
}

// TestEveryLinkFormat holds for each row of the table, present and future:
// a label key, one line, no error, and the delete link only in its own
// format (it is a secret that removes the file).
func TestEveryLinkFormat(t *testing.T) {
	r := sampleResult()
	d := LinkData{Result: r, Filename: "shot.png", Title: "My shot"}
	for _, f := range LinkFormatTable() {
		got, err := f.Render(d)
		switch {
		case err != nil:
			t.Errorf("%s: %v", f.Name, err)
		case got == "" || strings.ContainsAny(got, "\n\r"):
			t.Errorf("%s: %q is not one line", f.Name, got)
		case !strings.HasPrefix(f.Label, "format."):
			t.Errorf("%s: label key %q is not a format.* key", f.Name, f.Label)
		case f.Name != FormatDelete && strings.Contains(got, r.Delete):
			t.Errorf("%s shows the delete link: %q", f.Name, got)
		}
		if via, err := FormatLink(f.Name, d); err != nil || via != got {
			t.Errorf("FormatLink(%s) = %q, %v; the table renders %q", f.Name, via, err, got)
		}
		if err := ValidateLinkFormat(f.Name); err != nil {
			t.Errorf("ValidateLinkFormat(%s): %v", f.Name, err)
		}
	}
	if last := LinkFormats()[len(LinkFormats())-1]; last != FormatDelete {
		t.Errorf("the menu ends with %s; the delete link comes last", last)
	}
}

func TestActiveLinkFormat(t *testing.T) {
	tests := []struct{ profile, app, want string }{
		{"", "", FormatURL},
		{"", FormatMarkdown, FormatMarkdown},
		{FormatBBCode, FormatMarkdown, FormatBBCode},
		{"{url}", "", "{url}"},
	}
	for _, tt := range tests {
		if got := ActiveLinkFormat(tt.profile, tt.app); got != tt.want {
			t.Errorf("ActiveLinkFormat(%q, %q) = %q, want %q", tt.profile, tt.app, got, tt.want)
		}
	}
}

// htmlTags is how many '<' each HTML format writes itself; any more came
// from an unescaped value.
var htmlTags = map[string]int{FormatHTML: 1, FormatHTMLThumb: 3}

func FuzzFormatLink(f *testing.F) {
	f.Add("html", "a <b> [c] (d) \\", "https://h/a b.png", false)
	f.Add("html-thumb", "</a><script>", "javascript:alert(1)", true)
	f.Add("{title}{url}", "\n", "", false)
	f.Add("markdown", "]](x)", "https://h/(x)", false)
	f.Fuzz(func(t *testing.T, format, title, url string, moderated bool) {
		r := &Result{URL: url, Viewer: url + "/v", Thumb: url + ".th", Title: title, Moderated: moderated}
		d := LinkData{Result: r, Title: title, Filename: title}
		out, err := FormatLink(format, d)
		if err != nil {
			return
		}
		if want, ok := htmlTags[format]; ok {
			pic := fullImage
			if format == FormatHTMLThumb {
				pic = thumbLinked
			}
			if !pic(d).shows {
				want = 2 // <a …>title</a>
			}
			if got := strings.Count(out, "<"); got != want {
				t.Fatalf("%s output has %d '<', want %d: %q", format, got, want, out)
			}
		}
		if _, builtin := htmlTags[format]; builtin || format == FormatMarkdown || format == FormatBBCode {
			if strings.ContainsAny(out, "\n\r") {
				t.Fatalf("%s output spans lines: %q", format, out)
			}
		}
	})
}

func TestLinkedFullImage(t *testing.T) {
	r := sampleResult()
	d := LinkData{Result: r, Filename: "shot.png", Title: "My shot"}
	want := map[string]string{
		"markdown-linked": "[![My shot](" + r.URL + ")](" + r.Viewer + ")",
		"html-linked":     `<a href="` + r.Viewer + `"><img src="` + r.URL + `" alt="My shot"></a>`,
		"bbcode-linked":   "[url=" + r.Viewer + "][img]" + r.URL + "[/img][/url]",
	}
	for format, w := range want {
		if got, err := FormatLink(format, d); err != nil || got != w {
			t.Errorf("%s = %q, %v; want %q", format, got, err, w)
		}
	}
	mod := *r
	mod.Moderated = true
	if got, _ := FormatLink("markdown-linked", LinkData{Result: &mod, Title: "My shot"}); got != "[My shot]("+r.Viewer+")" {
		t.Errorf("moderated markdown-linked = %q, want a plain link to the viewer page", got)
	}
}
