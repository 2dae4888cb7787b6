#!/usr/bin/env bash
# The Windows build's tests, on Linux under Wine and Xvfb (make wine-test):
#  1. the unit tests of the packages with Windows code, cross-compiled and
#     run as .exe files (the named pipe, RegisterHotKey, capture, clipboard,
#     the Credential Manager, the Run key, %APPDATA%);
#  2. the end-to-end tests of app/internal/e2e that the Windows build must
#     pass too, against bin/windows/upshot.exe through .ci/wine/upshot.
# Needs bin/windows/upshot.exe and bin/upshot (the test host): make builds
# them first. Everything lives in a fresh Wine prefix and X server of its
# own, removed at the end.
#
# Go ≥ 1.22 calls ProcessPrng in bcryptprimitives.dll, which Wine 8 lacks:
# every Go program dies at start there. The prefix gets a shim of a few
# lines (ProcessPrng over RtlGenRandom) built here with mingw; it is a
# harness part and never goes into the zip.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
for f in bin/windows/upshot.exe bin/upshot; do
  [ -x "$f" ] || { echo "wine: $f is missing: run make windows-build build" >&2; exit 1; }
done

work=$(mktemp -d /tmp/upshot-wine-XXXXXX)
xvfb=""
cleanup() {
  WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true
  [ -n "$xvfb" ] && { kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEARCH=win64
# mscoree/mshtml off: no prompt to fetch Mono or Gecko into the new prefix.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n"

cat >"$work/shim.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len); /* RtlGenRandom */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) { ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE; data += n; len -= n; }
    return TRUE; }
EOF
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" "$work/shim.c" -ladvapi32

# An X server of its own (-displayfd picks a free number), up before the
# prefix so that Wine's first start finds it.
dispfile="$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -ac -noreset 3>"$dispfile" 2>"$work/xvfb.log" &
xvfb=$!
disp=""
for _ in $(seq 1 200); do
  disp=$(tr -dc 0-9 <"$dispfile")
  [ -n "$disp" ] && [ -e "/tmp/.X11-unix/X$disp" ] && break
  sleep 0.05
done
[ -n "$disp" ] || { echo "wine: Xvfb did not start" >&2; cat "$work/xvfb.log" >&2; exit 1; }
export DISPLAY=":$disp"
.ci/wallpaper.sh # captures of an empty screen would be black

start=$(date +%s)
wineboot -i >/dev/null 2>&1
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
echo "wine: prefix ready in $(( $(date +%s) - start ))s ($(wine --version))"

# 1. The tests of the Windows code: those in *_windows_test.go, one .exe
# per package (no cgo: these packages need none). The shared tests run on
# Linux (make unit); many of them cannot run under Wine 8 anyway, whose
# ntdll lacks the FileDispositionInformationEx that Go's os.RemoveAll uses
# (t.TempDir's cleanup fails with "Invalid function"; real Windows 10 has it).
status=0
for p in ./app/internal/*/; do
  files=("$p"*_windows_test.go)
  [ -e "${files[0]}" ] || continue
  names=$(grep -ho '^func Test[A-Za-z0-9_]*' "${files[@]}" | sed 's/^func //' | sort -u | paste -sd'|')
  name=$(basename "$p")
  GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -o "$work/$name.test.exe" "$p"
  if (cd "$work" && timeout 300 wine "$work/$name.test.exe" -test.v -test.count=1 -test.timeout=4m -test.run "^($names)\$" >"$work/$name.log" 2>&1); then
    echo "ok    $p under Wine: $(grep -c -- '^--- PASS' "$work/$name.log" || true) passed ($names)"
  else
    echo "FAIL  $p under Wine:"; cat "$work/$name.log"; status=1
  fi
done

# 2. End-to-end tests against upshot.exe. WINE_E2E_RUN picks others. The
# editor ones drive its window in the app and on its own (Esc, a bad file,
# a drawing shown at 80%); TestEditCommandUploadsTheDrawing passes under
# Wine but for its clipboard check (the harness's xclip sees nothing after
# the command exits, though a Wine session by hand shows the link there).
e2e='^(TestUploadOrderAndFailures|TestUploadHandsOffToTheRunningApp|TestKill9DuringGUIBatch|TestUploadUsageErrorsSendNothing|TestUploadJSONAndStdin|TestProfilesHistoryAndSecrets|TestKill9DuringCLIBatch|TestDropUploadsAndCopiesLinks|TestBrokenConfigStillOpensTheWindow|TestCaptureHandsOffToTheRunningApp|TestHotkeyFullScreenToClipboard|TestMainWindowDrawsItsContent|TestEditHandsOffToTheRunningApp|TestScreenshotEditor|TestEditEscWithoutEditsExits1|TestEditBadFileExits2)$'
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -o "$work/winenv.exe" ./app/internal/e2e/winenv
UPSHOT_WINDOWS=1 UPSHOT_EXE="$repo/bin/windows/upshot.exe" UPSHOT_WINENV="$work/winenv.exe" \
  UPSHOT_BIN="$repo/.ci/wine/upshot" UPSHOT_HOST_BIN="$repo/bin/upshot" \
  go test -p 1 -count=1 -timeout 10m -tags e2e -run "${WINE_E2E_RUN:-$e2e}" ./app/internal/e2e/ "$@" || status=1
echo "wine: done in $(( $(date +%s) - start ))s"
exit $status
