package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/upshot-app/upshot/app/internal/clipboard"
	"github.com/upshot-app/upshot/app/internal/hotkeys"
	"github.com/upshot-app/upshot/app/internal/ipc"
	"github.com/upshot-app/upshot/app/internal/keyring"
	"github.com/upshot-app/upshot/app/internal/platform"
	"github.com/upshot-app/upshot/app/internal/service"
	"github.com/upshot-app/upshot/assets"
	"github.com/upshot-app/upshot/ui"
	"github.com/upshot-app/upshot/uploader"
	"github.com/upshot-app/upshot/uploader/localhost"
	"github.com/upshot-app/upshot/uploader/profile"
)

// AppID is the application ID (also in FyneApp.toml).
const AppID = "app.upshot.Upshot"

// gui holds what the desktop app wires together.
type gui struct {
	session  platform.Session // X11 or Wayland, decided once
	app      fyne.App
	ctx      context.Context // ends when the app closes
	stop     context.CancelFunc
	win      fyne.Window
	main     *ui.MainWindow
	queue    *uploader.Queue
	targets  *service.Targets
	testHost *localhost.Server // guarded by hostMu: a resumed upload may start it
	hostMu   sync.Mutex
	deps     service.Deps
	paths    service.Paths // where this user's files live; fixed for the run
	warnings []string      // from start-up: language, resume
	// configErr says why the configuration cannot be used, while uploads
	// go to the local test host; Settings' first save mends it. It and
	// hostWarnings are worded when shown, in the language of the moment.
	configErr    error
	hostWarnings []service.Warning // about the current targets (plain http …)
	onTestHost   bool              // uploads go to the built-in local host
	hotkeys      hotkeys.Backend
	ipc          *ipc.Server
	paused       bool               // hotkeys paused from the tray
	tray         trayQueue          // what the tray menu shows of the queue
	picking      bool               // the region overlay is open
	recSlot      service.RecordSlot // the screen recording under way
	trayIcon     fyne.Resource
	trayHost     atomic.Bool // a tray host runs: closing the window hides it
	closeToTray  atomic.Bool // close_to_tray: with a tray host, closing hides (else it quits)
	hidden       bool        // the window was hidden to the tray
	quitting     bool        // Quit was called: the tray is gone

	recent    []*fyne.MenuItem // the tray's "Recent uploads", loaded off the UI thread
	recentSeq int              // the newest reload of recent; older ones are dropped

	settingsWin, historyWin fyne.Window
	history                 *ui.History
	settings                *ui.Settings
	fonts                   platform.FontLookup // is there a font for the language?
	fontKnown               map[string]bool     // language → a font draws it, asked once
	mu                      sync.Mutex          // guards targets and local, which settings replace
	local                   bool                // the targets' default is the local test host
}

func runGUI(session platform.Session) int {
	// One instance: a second start brings the first one's window up.
	if _, err := ipc.Send(context.Background(), ipc.Request{Command: ipc.CmdShow}); err == nil {
		fmt.Fprintln(os.Stderr, "upshot: already running — showing its window")
		return 0
	}
	if err := platform.CheckDisplay(session); err != nil {
		return fatal(err)
	}
	platform.EnsureCacheDir()
	g := &gui{session: session, app: fyneapp.NewWithID(AppID), paths: service.ResolvePaths("", os.Getenv),
		deps: service.Deps{Getenv: os.Getenv, Version: version, Secrets: keyring.New}}
	g.fonts = platform.SystemFonts{}
	g.ctx, g.stop = context.WithCancel(context.Background())
	g.app.SetIcon(assets.AppIcon)
	g.app.Settings().SetTheme(ui.NewTheme()) // text colours that read at 4.5:1
	g.setLanguage()
	if err := g.loadTargets(); err != nil {
		return fatal(err)
	}
	defer g.close()
	if err := g.openQueue(g.targets.Config().Settings.Jobs); err != nil {
		return fatal(err)
	}
	g.buildWindow()
	g.setupTray()
	g.serveIPC()
	// Resume before anything starts a child process: a child forked while
	// the journal is read holds its lock for a moment (until it execs), and
	// the journal would look taken by another run.
	g.resumeJournal()
	g.startHotkeys()
	go g.offerLeftovers()
	g.offerUnfinishedEdits()
	startStallProbe()
	g.win.ShowAndRun()
	return 0
}

// setLanguage applies UPSHOT_LANG, else the configured language, before any
// window is built (widgets take their text when they are made). The
// configuration is read here only for that; an unreadable one is the
// system's language and is reported by loadTargets.
func (g *gui) setLanguage() {
	code := os.Getenv("UPSHOT_LANG")
	if code == "" {
		if cfg, err := profile.Load(g.paths.Config); err == nil {
			code = cfg.Settings.Language
		}
	}
	if err := ui.SetLanguage(code); err != nil {
		g.warnings = append(g.warnings, ui.T("warning.language", "Code", code, "Error", err.Error()))
	}
}

// loadTargets reads the configuration and chooses where uploads go:
// UPSHOT_HOST, else the default profile, else — on first run — the
// built-in local test host. A configuration that cannot be used must not
// leave a menu launch with nothing on screen: the window says what is
// wrong and uploads go to the local host. It runs at start-up and after
// Settings saved.
func (g *gui) loadTargets() error {
	cfg, err := service.LoadConfig(g.paths.Config)
	if err == nil {
		g.configErr = nil
		if err = g.useConfig(cfg, os.Getenv("UPSHOT_HOST")); err == nil {
			return nil
		}
	}
	g.configErr = err
	return g.useConfig(profile.New(), "")
}

// useConfig opens the targets of cfg for host ("" = its default profile,
// or the local test host when it has none) and keeps what they warn about.
func (g *gui) useConfig(cfg *profile.Config, host string) error {
	local := host == "" && cfg.Default == ""
	if local {
		var err error
		if host, err = g.testHostURL(); err != nil {
			return err
		}
	}
	var warnings []service.Warning
	g.sessionTransport(cfg)
	t, err := service.NewTargets(cfg, g.paths, service.TargetSpec{Host: host}, g.deps,
		func(w service.Warning) { warnings = append(warnings, w) })
	if err != nil {
		return err
	}
	g.setTargets(t, local)
	g.closeToTray.Store(cfg.Settings.CloseToTray)
	g.hostWarnings, g.onTestHost = warnings, local
	if g.main != nil {
		fyne.Do(func() {
			// Worded when it runs: a language chosen in the same Settings
			// change applies first.
			banner, warnings := g.notices()
			g.main.SettingsChanged(banner, warnings)
			g.refreshTrayMenu() // "Capture after a delay (N s)" follows capture_delay
		})
	}
	return nil
}

// sessionTransport gives g.deps the GUI's one transport on the first load:
// connections are kept across batches and the Settings saves that rebuild
// the targets, with no more per host than the queue (opened with this
// config's jobs) has workers.
func (g *gui) sessionTransport(cfg *profile.Config) {
	if g.deps.Transport == nil {
		jobs := cfg.Settings.Jobs
		if jobs <= 0 {
			jobs = uploader.DefaultJobs
		}
		g.deps.Transport = uploader.NewTransport(uploader.TransportConfig{MaxConnsPerHost: jobs})
	}
}

// testHostURL is the URL of the built-in local host (first run, a broken
// configuration, or uploads resumed for it), which it starts when it is
// not running yet, with its files under the data dir.
func (g *gui) testHostURL() (string, error) {
	g.hostMu.Lock()
	defer g.hostMu.Unlock()
	if g.testHost != nil {
		return g.testHost.URL(), nil
	}
	dir := filepath.Join(g.paths.Data, "testhost")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	th, err := localhost.Start("127.0.0.1:0", localhost.Options{Guest: true, Dir: dir})
	if err != nil {
		return "", err
	}
	g.testHost = th
	return th.URL(), nil
}

// notices are the banner and warnings across the top of the window.
func (g *gui) notices() (banner string, warnings []string) {
	if g.onTestHost {
		banner = ui.T("banner.test_host")
	}
	if w := g.fontWarning(); w != "" {
		warnings = append(warnings, w)
	}
	warnings = append(warnings, g.warnings...)
	if g.configErr != nil {
		warnings = append(warnings, ui.T("warning.config_unusable", "Error", configText(g.configErr)))
	}
	for _, w := range g.hostWarnings {
		warnings = append(warnings, warningText(w))
	}
	return banner, warnings
}

// config is the current configuration.
func (g *gui) config() *profile.Config {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.targets.Config()
}

func (g *gui) setTargets(t *service.Targets, local bool) {
	g.mu.Lock()
	g.targets, g.local = t, local
	g.mu.Unlock()
}

func (g *gui) openQueue(jobs int) error {
	p := g.paths
	q, err := service.OpenQueue(p, jobs, g.pin, g.resolveDest, nil, func(w service.Warning) { fmt.Fprintln(os.Stderr, "upshot:", w) })
	g.queue = q
	return err
}

func (g *gui) buildWindow() {
	g.win = g.app.NewWindow(ui.T("window.main"))
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
		OpenURL:    platform.OpenURL, // says when no browser opened the link
		Banner:     banner,
		Warnings:   warnings,
		SpoolDir:   g.paths.Spool,
		OnActivity: g.onActivity,
		OnSettings: g.showSettings,
		OnHistory:  g.showHistory,
		PickFiles:  g.pickFiles,
		OnEdit:     g.editPicture,
		PickFolder: g.pickFolder,
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
	g.stop()
	if g.hotkeys != nil {
		g.hotkeys.Close()
	}
	if g.ipc != nil {
		_ = g.ipc.Close()
	}
	if g.queue != nil {
		g.queue.Close()
	}
	g.hostMu.Lock()
	if g.testHost != nil {
		g.testHost.Close()
	}
	g.hostMu.Unlock()
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
	var own string
	if p, ok := cfg.Active(); ok {
		own = p.LinkFormat
	}
	return uploader.ActiveLinkFormat(own, cfg.Settings.LinkFormat)
}
