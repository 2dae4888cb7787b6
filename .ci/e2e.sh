#!/usr/bin/env bash
# End-to-end tests: the real binary against `upshot testhost`, the GUI in a
# real X server. Starts Xvfb and a private D-Bus session and stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
export UPSHOT_BIN="$PWD/bin/upshot"
export UPSHOT_HOTKEYD="$PWD/bin/upshot-hotkeyd"

disp=""
for d in $(seq 91 140); do
  if [ ! -e "/tmp/.X11-unix/X$d" ] && [ ! -e "/tmp/.X$d-lock" ]; then disp=$d; break; fi
done
[ -n "$disp" ] || { echo "e2e: no free X display number" >&2; exit 1; }

Xvfb ":$disp" -screen 0 1280x800x24 -nolisten tcp -ac >/tmp/upshot-xvfb-$disp.log 2>&1 &
xvfb=$!
cleanup() { kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$disp" ] && break; sleep 0.05; done
[ -e "/tmp/.X11-unix/X$disp" ] || { echo "e2e: Xvfb did not start" >&2; cat /tmp/upshot-xvfb-$disp.log >&2; exit 1; }
export DISPLAY=":$disp"

# A private session bus for the tray menu and the keyring; -count=1: never cached.
dbus-run-session -- go test -p 1 -count=1 -timeout 20m -tags e2e ${E2E_RUN:+-run "$E2E_RUN"} ./app/internal/e2e/ ./app/internal/xdnd/ ./app/internal/hotkeyd/ ./app/internal/capture/ "$@"
