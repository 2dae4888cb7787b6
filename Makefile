# Upshot — build, run and test. On a fresh Debian 12 machine with Go and gcc,
# `make run` starts the app and `make test` passes; `make deps` installs the rest.

GO       ?= go
TAGS     := migrated_fynedo
BIN      := bin
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
GOFLAGS_ := -tags $(TAGS) -ldflags '$(LDFLAGS)'
# Packages whose unit tests need no display (run with the race detector).
PURE     := ./uploader/... ./app/internal/cli/... ./app/internal/service/... ./app/internal/platform/... ./app/internal/ipc/... ./app/internal/keyring/... ./app/internal/hotkeys/... ./app/internal/capture/... ./app/internal/xdnd/... ./app/internal/clipboard/... ./app/internal/xconn/... ./app/internal/portal/... ./app/internal/record/... ./app/internal/sessionbus/...

.PHONY: all deps test-deps modules build run test unit uitest e2e lint bench fuzz screenshots clean package install uninstall windows-build

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

# Unit tests (race detector on), headless UI tests, the Windows
# cross-build, then end-to-end tests under Xvfb started and stopped by
# .ci/e2e.sh.
test: test-deps modules unit uitest windows-build build e2e

# The whole app cross-compiled for Windows with mingw-w64, so that the
# per-OS split of app/internal stays honest (it need not run there yet).
# The first build compiles Fyne's C parts for Windows (minutes); the Go
# build cache keeps them for the next.
windows-build: test-deps modules
	@mkdir -p $(BIN)
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc $(GO) build $(GOFLAGS_) -o $(BIN)/upshot.exe ./app

unit:
	CGO_ENABLED=1 $(GO) test -race -count=1 $(PURE)

uitest:
	CGO_ENABLED=0 $(GO) test -count=1 -tags $(TAGS) ./ui/...

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
