package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The editor's tool icons: small SVGs drawn in black, recoloured by the
// theme (and by a button to its foreground colour).
var (
	iconSelect  = editorIcon("select", `<path d="M6 3l13 10.2-5.6.6 3.3 6.4-2.4 1.2-3.3-6.5L6 19z" fill="#000"/>`)
	iconPen     = editorIcon("pen", `<path d="M3 16c2.5-5 4.5-6 6-3s3 5 5.5 1S18 7 21 8" fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`)
	iconLine    = editorIcon("line", `<path d="M4.5 19.5L19.5 4.5" stroke="#000" stroke-width="2.4" stroke-linecap="round"/>`)
	iconArrow   = editorIcon("arrow", `<path d="M4.5 19.5L16 8" stroke="#000" stroke-width="2.4" stroke-linecap="round"/><path d="M20.5 3.5l-3 9.5-6.5-6.5z" fill="#000"/>`)
	iconRect    = editorIcon("rect", `<rect x="3.5" y="5.5" width="17" height="13" fill="none" stroke="#000" stroke-width="2.2"/>`)
	iconEllipse = editorIcon("ellipse", `<ellipse cx="12" cy="12" rx="8.5" ry="6.5" fill="none" stroke="#000" stroke-width="2.2"/>`)
	iconMarker  = editorIcon("marker", `<path d="M4 15.5h16" stroke="#000" stroke-width="7" stroke-opacity="0.45" stroke-linecap="round"/><path d="M6 9h12" stroke="#000" stroke-width="2" stroke-linecap="round"/>`)
	iconText    = editorIcon("text", `<path d="M5 4.5h14v3.5h-2V6.5h-4v11h2.2v2H8.8v-2H11v-11H7V8H5z" fill="#000"/>`)
	iconStep    = editorIcon("step", `<circle cx="12" cy="12" r="8.8" fill="none" stroke="#000" stroke-width="2.2"/><path d="M10 9.2l2.6-1.7V17" fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`)
	iconRedact  = editorIcon("redact", `<path d="M4 4h5v5H4zM9.5 9.5h5v5h-5zM15 4h5v5h-5zM4 15h5v5H4zM15 15h5v5h-5z" fill="#000"/><path d="M9.5 4h5v5h-5zM4 9.5h5v5H4zM15 9.5h5v5h-5zM9.5 15h5v5h-5z" fill="#000" fill-opacity="0.4"/>`)
	iconCrop    = editorIcon("crop", `<path d="M7 2.5V17h14.5M2.5 7H17v14.5" fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="square"/>`)
)

func editorIcon(name, body string) fyne.Resource {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">` + body + `</svg>`
	return theme.NewThemedResource(fyne.NewStaticResource("editor-"+name+".svg", []byte(svg)))
}
