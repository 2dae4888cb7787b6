// Package assets embeds Upshot's icons and translations so that the binary
// carries everything it shows and `fyne package` finds icon.png beside
// FyneApp.toml.
//
// The icons were drawn once from a 512-unit design grid: an upward arrow over
// a bar on a rounded square in the brand blue (#3B82F6 family). The tray
// variants are 64×64: idle is the plain glyph, busy adds an amber dot and
// error a red badge with an exclamation mark, recording a plain red dot, so the state reads at a glance
// even in a monochrome-hostile panel.
package assets

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var appIcon []byte

//go:embed tray_idle.png
var trayIdle []byte

//go:embed tray_busy.png
var trayBusy []byte

//go:embed tray_error.png
var trayError []byte

//go:embed tray_recording.png
var trayRecording []byte

// Translations holds translations/en.json, zh.json and es.json in the
// go-i18n format that fyne's lang package reads; register them with
// lang.AddTranslationsFS(assets.Translations, "translations").
//
//go:embed translations/*.json
var Translations embed.FS

// The icons as fyne resources. They are package-level values because
// embedded data is fixed at build time; nothing ever reassigns them.
var (
	// AppIcon is the 512×512 application icon (window, launcher, about).
	AppIcon fyne.Resource = fyne.NewStaticResource("icon.png", appIcon)
	// TrayIdle is the 64×64 tray icon when nothing is uploading.
	TrayIdle fyne.Resource = fyne.NewStaticResource("tray_idle.png", trayIdle)
	// TrayBusy is the 64×64 tray icon while uploads are running.
	TrayBusy fyne.Resource = fyne.NewStaticResource("tray_busy.png", trayBusy)
	// TrayError is the 64×64 tray icon after a batch with failures.
	TrayError fyne.Resource = fyne.NewStaticResource("tray_error.png", trayError)
	// TrayRecording is the 64×64 tray icon while the screen is being
	// recorded: the glyph with a red dot.
	TrayRecording fyne.Resource = fyne.NewStaticResource("tray_recording.png", trayRecording)
)
