#!/usr/bin/env bash
# Installs the Debian packages Upshot's build and tests need, when missing.
# Idempotent and quiet when everything is there. Usage: .ci/deps.sh [build|test|windows]
set -euo pipefail

build_pkgs=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev)
# dbus-x11 is left out on purpose: it lets the tray code autolaunch a stray session bus.
# fonts-noto-cjk: Fyne draws Chinese with a system font; without one every
# zh string is drawn as "�" and the zh markup snapshots (made with it) differ.
# ffmpeg: the real Chevereto of shared/realhost needs it for video uploads (its setup.sh installs
# only PHP, Apache and MariaDB), the e2e tests make their MP4 with it, and the screen
# recorder encodes with it (x11grab) and its tests read the files with ffprobe.
# gcc-mingw-w64-x86-64: the C compiler of the Windows cross-build (make windows-build).
# The e2e tests' headless sway session: sway with Xwayland and a wallpaper,
# PipeWire (xdg-desktop-portal-wlr will not start without it), the portal
# with its wlroots and GTK backends, grim and wl-clipboard for the checks.
# wf-recorder: records the sway session's screen (e2e TestSwayRecordFullWithWFRecorder; the
# recorder's wlroots back-end). gstreamer1.0-pipewire is not needed by any test yet: headless
# sway's portal offers no ScreenCast the tests could answer.
# openbox: a real window manager, for what closing and showing the window do (e2e/wm_test.go).
# wine, wine64: the Windows build's tests run under Wine (make wine-test, .ci/wine.sh);
# fonts-wine, libosmesa6: two of Wine's Recommends, which --no-install-recommends leaves out
# (without them GLFW's window creation failed under Wine on a fresh machine).
test_pkgs=(xvfb xauth xdotool xclip imagemagick dbus-daemon libglib2.0-bin gnome-keyring fonts-noto-cjk ffmpeg
  gcc-mingw-w64-x86-64 openbox wine wine64 fonts-wine libosmesa6
  sway swaybg xwayland pipewire xdg-desktop-portal xdg-desktop-portal-wlr xdg-desktop-portal-gtk grim wl-clipboard wf-recorder)
# gcc-mingw-w64-x86-64: the C compiler of the Windows cross-build; zip packs it (make windows).
windows_pkgs=(gcc-mingw-w64-x86-64 zip)

case "${1:-build}" in
  build) want=("${build_pkgs[@]}") ;;
  test) want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  windows) want=("${windows_pkgs[@]}") ;;
  *) echo "usage: .ci/deps.sh [build|test|windows]" >&2; exit 2 ;;
esac

# sway refuses to run as root: as root, the tests run that session as this
# unprivileged user (the harness creates it too when it is missing).
if [ "${1:-build}" = test ] && [ "$(id -u)" -eq 0 ] && ! id upshot-test >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin upshot-test
fi

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "upshot: missing Debian packages: ${missing[*]}" >&2
    echo "upshot: install them as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "Installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
