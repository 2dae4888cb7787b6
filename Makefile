# Upshot — build, run and test. On a fresh Debian 12 machine with Go and gcc,
# `make run` starts the app and `make test` passes; `make deps` installs the rest.

GO       ?= go
TAGS     := migrated_fynedo
BIN      := bin
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
GOFLAGS_ := -tags $(TAGS) -ldflags '$(LDFLAGS)'
# Packages whose unit tests need no display (run with the race detector).
PURE     := ./uploader/... ./app/internal/cli/... ./app/internal/service/... ./app/internal/platform/... ./app/internal/ipc/... ./app/internal/keyring/... ./app/internal/hotkeys/... ./app/internal/capture/... ./app/internal/xdnd/... ./app/internal/clipboard/... ./app/internal/xconn/... ./app/internal/portal/... ./app/internal/record/... ./app/internal/sessionbus/... ./app/internal/e2e/netlink/...

.PHONY: all deps test-deps modules build run test unit uitest e2e lint bench fuzz screenshots clean package install uninstall windows-build windows wine-test

all: build

deps:
	@.ci/deps.sh build

test-deps:
	@.ci/deps.sh test

# Every module go.mod lists, the tests' ones (testify, go-spew, …)
# included, fetched once up front so that no test fetches at run time.
modules:
	@$(GO) mod download

build: deps modules
	@mkdir -p $(BIN)
	CGO_ENABLED=1 $(GO) build $(GOFLAGS_) -o $(BIN)/upshot ./app
	CGO_ENABLED=1 $(GO) build $(GOFLAGS_) -o $(BIN)/upshot-hotkeyd ./app/internal/hotkeyd

run: build
	./$(BIN)/upshot

# Unit tests (race detector on), headless UI tests, end-to-end tests under
# Xvfb started and stopped by .ci/e2e.sh. The Windows build's tests under
# Wine are `make wine-test` (.ci/run runs both).
#
# Two at a time, each one's output printed as a block when it ends: the
# build beside the unit tests (the build's long C compiles of GLFW and GL
# leave a core idle), then the end-to-end tests, which mostly wait on
# windows, hosts and encoders, beside the UI tests (after the build, so
# that they reuse its Fyne). On 2 cores this takes a cold machine's
# `make test` from ~12 minutes (one after another) to ~8.
test: test-deps modules
	@$(MAKE) --no-print-directory -j2 --output-sync=target build unit
	@$(MAKE) --no-print-directory -j2 --output-sync=target e2e uitest

# The Windows build, cross-compiled with mingw-w64: bin/windows/upshot.exe
# (a GUI-subsystem program: no console window; its command line attaches to
# the terminal that started it) and upshot.com, the console launcher that
# terminals find first and that waits for upshot.exe and returns its exit
# status. The first build compiles Fyne's C parts for Windows (minutes);
# the Go build cache keeps them for the next.
WIN_ENV := GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc

windows-build: modules
	@.ci/deps.sh windows
	@mkdir -p $(BIN)/windows
	$(WIN_ENV) CGO_ENABLED=1 $(GO) build -tags $(TAGS) -ldflags '$(LDFLAGS) -H=windowsgui' -o $(BIN)/windows/upshot.exe ./app
	$(WIN_ENV) CGO_ENABLED=0 $(GO) build -ldflags '$(LDFLAGS)' -o $(BIN)/windows/upshot.com ./app/internal/winlauncher

# dist/upshot-$(VERSION)-windows-amd64.zip: upshot.exe, upshot.com,
# README.txt and LICENSE.txt.
windows: windows-build
	VERSION='$(VERSION)' BIN_DIR='$(BIN)/windows' OUT_DIR=dist .ci/package-windows.sh

# The Windows build's unit and end-to-end tests under Wine and Xvfb.
wine-test: test-deps windows-build build
	.ci/wine.sh

unit:
	CGO_ENABLED=1 $(GO) test -race -count=1 $(PURE)

# ui builds without cgo (ui.go: the OS parts come in as functions), which
# the first line checks; its tests run with the build's settings so that
# they reuse the Fyne the build compiled instead of compiling it again.
uitest:
	@cgo=$$($(GO) list -tags $(TAGS) -deps -test -f '{{if and .CgoFiles (not .Standard)}}{{.ImportPath}}{{end}}' ./ui/...); \
	  test -z "$$cgo" || { echo "ui must build without cgo, but it imports: $$cgo" >&2; exit 1; }
	$(GO) test -count=1 -tags $(TAGS) ./ui/...

e2e: build
	.ci/e2e.sh

lint:
	@test -z "$$(gofmt -l app ui uploader assets)" || { gofmt -l app ui uploader assets; exit 1; }
	$(GO) vet -tags $(TAGS) ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags $(TAGS) ./...
	.ci/imports.sh

bench: build
	.ci/bench.sh

fuzz:
	.ci/fuzz.sh

screenshots: build test-deps
	.ci/screenshots.sh

clean:
	rm -rf $(BIN) dist

# Linux tarball dist/upshot-$(VERSION)-linux-ARCH.tar.gz with install.sh inside.
package: build
	VERSION='$(VERSION)' BIN_DIR='$(BIN)' OUT_DIR=dist .ci/package.sh

# Install for the current user (PREFIX=/tmp/x for elsewhere) with the same
# install.sh the tarball carries, run from a tree staged in $(BIN)/stage.
PREFIX ?= $(HOME)/.local

install: build
	@rm -rf '$(BIN)/stage'
	@VERSION='$(VERSION)' BIN_DIR='$(BIN)' OUT_DIR='$(BIN)/stage' STAGE_ONLY=1 .ci/package.sh >/dev/null
	PREFIX='$(PREFIX)' DESTDIR='$(DESTDIR)' '$(BIN)/stage/upshot-$(VERSION)/install.sh'
	@rm -rf '$(BIN)/stage'

uninstall:
	PREFIX='$(PREFIX)' DESTDIR='$(DESTDIR)' .ci/install.sh --uninstall
