package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/upshot-app/upshot/app/internal/cli"
	"github.com/upshot-app/upshot/app/internal/clipboard"
	"github.com/upshot-app/upshot/app/internal/hotkeys"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/assets"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/chevtest"
	"github.com/upshot-app/upshot/uploader/profile"
)

// AppID is the application ID (also in FyneApp.toml).
const AppID = "app.upshot.Upshot"

// testHostBanner is shown while uploads go to the built-in local host.
const testHostBanner = "Local test host — uploads stay on this computer. Add your host in Settings."

// gui holds what the desktop app wires together.
type gui struct {
	session  platform.Session // X11 or Wayland, decided once
	app      fyne.App
	win      fyne.Window
	main     *ui.MainWindow
	queue    *uploader.Queue
	targets  *cli.Targets
	testHost *cli.TestHost
	paths    cli.Paths // where this user's files live; fixed for the run
	warnings []string  // from start-up: language, resume
	// configWarning says why the configuration cannot be used, while
	// uploads go to the local test host; Settings' first save mends it.
	configWarning string
	hostWarnings  []string // about the current targets (plain http …)
	onTestHost    bool     // uploads go to the built-in local host
	hotkeys       hotkeys.Backend
	ipc           *ipc.Server
	paused        bool // hotkeys paused from the tray
	picking       bool // the region overlay is open
	trayIcon      fyne.Resource

	recent    []*fyne.MenuItem // the tray's "Recent uploads", loaded off the UI thread
	recentSeq int              // the newest reload of recent; older ones are dropped

	settingsWin, historyWin fyne.Window
	history                 *ui.History
	mu                      sync.Mutex // guards targets, which settings replace
}

func runGUI(session platform.Session) int {
	// One instance: a second start brings the first one's window up.
	if _, err := ipc.Send(context.Background(), ipc.Request{Command: ipc.CmdShow}); err == nil {
		fmt.Fprintln(os.Stderr, "upshot: already running — showing its window")
		return 0
	}
	if err := checkDisplay(session); err != nil {
		return fatal(err)
	}
	ensureCacheDir()
	g := &gui{session: session, app: fyneapp.NewWithID(AppID), paths: cli.PathsFor(os.Getenv)}
	g.app.SetIcon(assets.AppIcon)
	if err := g.loadTargets(); err != nil {
		return fatal(err)
	}
	defer g.close()
	cfg := g.targets.Config()
	lang := os.Getenv("UPSHOT_LANG")
	if lang == "" {
		lang = cfg.Settings.Language
	}
	if err := ui.SetLanguage(lang); err != nil {
		g.warnings = append(g.warnings, fmt.Sprintf("language %q: %v", lang, err))
	}
	if err := g.openQueue(cfg.Settings.Jobs); err != nil {
		return fatal(err)
	}
	g.buildWindow()
	g.setupTray()
	g.serveIPC()
	g.startHotkeys()
	startStallProbe()
	if ids, err := g.queue.Resume(); err != nil {
		g.warnings = append(g.warnings, fmt.Sprintf("could not resume unfinished uploads: %v — they stay in the journal; run upshot resume", err))
		g.main.SettingsChanged(g.notices())
	} else if len(ids) > 0 {
		fmt.Fprintf(os.Stderr, "upshot: resuming %d unfinished upload(s)\n", len(ids))
	}
	g.win.ShowAndRun()
	return 0
}

// loadTargets reads the configuration and chooses where uploads go:
// UPSHOT_HOST, else the default profile, else — on first run — the
// built-in local test host. A configuration that cannot be used must not
// leave a menu launch with nothing on screen: the window says what is
// wrong and uploads go to the local host. It runs at start-up and after
// Settings saved.
func (g *gui) loadTargets() error {
	cfg, err := profile.Load(g.paths.Config)
	if err == nil {
		g.configWarning = ""
		if err = g.useConfig(cfg, os.Getenv("UPSHOT_HOST")); err == nil {
			return nil
		}
	}
	g.configWarning = err.Error() + " — uploads go to the local test host until this is fixed (Settings saves a new file and keeps this one)"
	return g.useConfig(profile.New(), "")
}

// useConfig opens the targets of cfg for host ("" = its default profile,
// or the local test host when it has none) and keeps what they warn about.
func (g *gui) useConfig(cfg *profile.Config, host string) error {
	if host == "" && cfg.Default == "" {
		if g.testHost == nil {
			if err := g.startTestHost(); err != nil {
				return err
			}
		}
		host = g.testHost.URL
	}
	var warnings []string
	t, err := cli.NewTargets(cfg, g.paths, host, os.Getenv("UPSHOT_API_KEY"), cliEnv(g.session), func(s string) { warnings = append(warnings, s) })
	if err != nil {
		return err
	}
	g.setTargets(t)
	g.hostWarnings, g.onTestHost = warnings, g.testHost != nil && host == g.testHost.URL
	if g.main != nil {
		banner, warnings := g.notices()
		fyne.Do(func() { g.main.SettingsChanged(banner, warnings) })
	}
	return nil
}

// startTestHost runs the built-in local host (first run, or a broken
// configuration) with its files under the data dir.
func (g *gui) startTestHost() error {
	dir := filepath.Join(g.paths.Data, "testhost")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	th, err := cli.StartTestHost("127.0.0.1:0", chevtest.Options{Guest: true, Dir: dir})
	if err != nil {
		return err
	}
	g.testHost = th
	return nil
}

// notices are the banner and warnings across the top of the window.
func (g *gui) notices() (banner string, warnings []string) {
	if g.onTestHost {
		banner = testHostBanner
	}
	warnings = append(warnings, g.warnings...)
	if g.configWarning != "" {
		warnings = append(warnings, g.configWarning)
	}
	return banner, append(warnings, g.hostWarnings...)
}

// config is the current configuration.
func (g *gui) config() *profile.Config {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.targets.Config()
}

func (g *gui) setTargets(t *cli.Targets) {
	g.mu.Lock()
	g.targets = t
	g.mu.Unlock()
}

// resolve is the queue's view of the current targets.
func (g *gui) resolve(name string) (uploader.Target, error) {
	g.mu.Lock()
	t := g.targets
	g.mu.Unlock()
	return t.Resolve(name)
}

func (g *gui) openQueue(jobs int) error {
	p := g.paths
	if err := os.MkdirAll(p.Spool, 0o700); err != nil {
		return err
	}
	q, err := uploader.NewQueue(uploader.QueueConfig{
		Jobs:       jobs,
		Resolve:    g.resolve,
		Record:     cli.Recorder(p.History, func(s string) { fmt.Fprintln(os.Stderr, "upshot:", s) }),
		JournalDir: p.Journal,
		SpoolDir:   p.Spool,
	})
	g.queue = q
	return err
}

func (g *gui) buildWindow() {
	g.win = g.app.NewWindow("Upshot")
	g.win.SetIcon(assets.AppIcon)
	g.win.Resize(fyne.NewSize(820, 640))
	banner, warnings := g.notices()
	g.main = ui.NewMainWindow(g.win, ui.Deps{
		App:        g.app,
		Queue:      g.queue,
		Profile:    func() string { return "" },
		Profiles:   func() []string { return profileNames(g.config()) },
		Defaults:   func(name string) uploader.Options { return profileDefaults(g.config(), name) },
		LinkFormat: func() string { return linkFormat(g.config()) },
		Clipboard:  clipboard.System{Session: g.session},
		Notify:     g.notify,
		OpenURL:    g.app.OpenURL,
		Banner:     banner,
		Warnings:   warnings,
		SpoolDir:   g.paths.Spool,
		OnActivity: g.onActivity,
		OnSettings: g.showSettings,
		OnHistory:  g.showHistory,
		PickFiles:  g.pickFiles,
	})
	g.win.SetOnDropped(g.onDropped)
	ui.RepaintAfterResize(g.win)
	go g.main.Run(g.queue.Events())
}

// notify sends a desktop notification unless Settings turned them off.
func (g *gui) notify(title, body string) {
	if !g.targets.Config().Settings.Notifications {
		return
	}
	g.app.SendNotification(fyne.NewNotification(title, body))
}

func (g *gui) close() {
	if g.hotkeys != nil {
		g.hotkeys.Close()
	}
	if g.ipc != nil {
		_ = g.ipc.Close()
	}
	if g.queue != nil {
		g.queue.Close()
	}
	if g.testHost != nil {
		_ = g.testHost.Close()
	}
}

func profileNames(cfg *profile.Config) []string {
	names := make([]string, 0, len(cfg.Profiles))
	for _, p := range cfg.Profiles {
		names = append(names, p.Name)
	}
	return names
}

func profileDefaults(cfg *profile.Config, name string) uploader.Options {
	if name == "" {
		name = cfg.Default
	}
	if p, ok := cfg.Get(name); ok {
		return p.Defaults
	}
	return uploader.Options{}
}

func linkFormat(cfg *profile.Config) string {
	if p, ok := cfg.Active(); ok && p.LinkFormat != "" {
		return p.LinkFormat
	}
	if cfg.Settings.LinkFormat != "" {
		return cfg.Settings.LinkFormat
	}
	return uploader.FormatURL
}
