#!/usr/bin/env bash
# End-to-end tests: the real binary against `upshot testhost`, the GUI in a
# real X server. Starts Xvfb and a private D-Bus session and stops them.
# The Wayland tests (TestSway…) start a headless sway session of their own,
# once per run, as an unprivileged user (app/internal/e2e/sway_harness_test.go).
set -euo pipefail
cd "$(dirname "$0")/.."
export UPSHOT_BIN="$PWD/bin/upshot"
export UPSHOT_HOTKEYD="$PWD/bin/upshot-hotkeyd"

# Xvfb picks a free display number itself (-displayfd) so that runs side by
# side never share — or kill — each other's server.
dispfile=$(mktemp)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -ac -noreset 3>"$dispfile" 2>/tmp/upshot-xvfb-$$.log &
xvfb=$!
cleanup() { kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; rm -f "$dispfile"; }
trap cleanup EXIT
disp=""
for _ in $(seq 1 200); do
  disp=$(tr -dc 0-9 <"$dispfile")
  [ -n "$disp" ] && [ -e "/tmp/.X11-unix/X$disp" ] && break
  sleep 0.05
done
[ -n "$disp" ] || { echo "e2e: Xvfb did not start" >&2; cat /tmp/upshot-xvfb-$$.log >&2; exit 1; }
export DISPLAY=":$disp"

.ci/wallpaper.sh # captures of an empty screen would be black

# Only the tests the e2e build tag adds: xdnd and capture also have plain
# unit tests, which `make unit` runs already. They are read from the
# //go:build e2e files, so a new e2e test is never left out. E2E_RUN, when
# set, picks tests instead.
pkgs=(./app/internal/e2e/ ./app/internal/xdnd/ ./app/internal/hotkeyd/ ./app/internal/capture/ ./app/internal/clipboard/ ./app/internal/record/)
run=${E2E_RUN:-}
if [ -z "$run" ]; then
  files=()
  for p in "${pkgs[@]}"; do
    for f in "$p"*_test.go; do
      [ "$(head -n 1 "$f")" = "//go:build e2e" ] && files+=("$f")
    done
  done
  names=$(grep -ho '^func \(Test\|Fuzz\)[A-Za-z0-9_]*' "${files[@]}" | sed 's/^func //' | grep -vx TestMain | sort -u | paste -sd'|')
  [ -n "$names" ] || { echo "e2e: found no e2e tests" >&2; exit 1; }
  run="^($names)\$"
fi

# A private session bus for the tray menu and the keyring, which activates
# nothing from the machine's service files (a desktop's real portal would
# otherwise take the fake portal's name); -count=1: never cached.
dbus-run-session --config-file="$PWD/app/internal/portal/portaltest/testbus.conf" -- go test -p 1 -count=1 -timeout 20m -tags e2e -run "$run" "${pkgs[@]}" "$@"
