#!/usr/bin/env bash
# Installs Upshot for the current user, or removes it again.
#
#   ./install.sh               install from the directory this script sits in
#   ./install.sh --uninstall   remove what it installed (settings and history stay)
#
# PREFIX (default ~/.local) is where it goes; DESTDIR stages the files under
# another root without changing the paths written into the menu entry.
# This one script serves both ways in: .ci/package.sh puts a copy at the top of
# the tarball next to the files it installs, and `make install` runs that copy
# from the tree package.sh stages in bin/stage/ (`make uninstall` runs this
# file directly: removing needs no sources).
set -euo pipefail

id=app.upshot.Upshot
prefix=${PREFIX:-$HOME/.local}
prefix=${prefix%/}
root=${DESTDIR:-}$prefix
src=$(cd "$(dirname "$0")" && pwd)

usage() {
  echo "usage: $0 [--uninstall]   (PREFIX=$prefix, DESTDIR=${DESTDIR:-})"
}

# exec_arg prints the installed binary as the program of a .desktop Exec key:
# absolute, because ~/.local/bin is on the PATH of a session only when it
# existed at login. Paths with characters Exec needs escaped twice fall back
# to the bare name.
exec_arg() {
  local p="$prefix/bin/upshot"
  case $p in
    *[\"\`\$\\%]* | *$'\n'*)
      echo "install.sh: the menu entry runs \"upshot\" from PATH: $p has characters a .desktop file cannot quote" >&2
      printf 'upshot' ;;
    *[!A-Za-z0-9._/+@-]*) printf '"%s"' "$p" ;;
    *) printf '%s' "$p" ;;
  esac
}

# desktop_entry copies the menu entry with Exec and TryExec pointing at the
# installed binary.
desktop_entry() {
  local exe try line
  exe=$(exec_arg)
  try="$prefix/bin/upshot"
  [ "$exe" = upshot ] && try=upshot
  while IFS= read -r line; do
    case $line in
      "Exec=upshot" | "Exec=upshot "*) line="Exec=$exe${line#Exec=upshot}" ;;
      "TryExec=upshot") line="TryExec=$try" ;;
    esac
    printf '%s\n' "$line"
  done <"$src/$id.desktop"
}

install_all() {
  local f
  for f in upshot upshot-hotkeyd "$id.desktop" "$id.metainfo.xml" icons/hicolor; do
    [ -e "$src/$f" ] || { echo "install.sh: $src/$f is missing: run install.sh from the unpacked upshot-VERSION directory" >&2; exit 1; }
  done
  install -Dm755 "$src/upshot" "$root/bin/upshot"
  install -Dm755 "$src/upshot-hotkeyd" "$root/bin/upshot-hotkeyd"
  mkdir -p "$root/share/applications"
  desktop_entry >"$root/share/applications/$id.desktop.tmp"
  chmod 644 "$root/share/applications/$id.desktop.tmp"
  mv -f "$root/share/applications/$id.desktop.tmp" "$root/share/applications/$id.desktop"
  install -Dm644 "$src/$id.metainfo.xml" "$root/share/metainfo/$id.metainfo.xml"
  for f in "$src"/icons/hicolor/*/apps/"$id".png; do
    install -Dm644 "$f" "$root/share/icons/hicolor/${f#"$src/icons/hicolor/"}"
  done
  refresh
  echo "Installed Upshot in $root: bin/upshot, bin/upshot-hotkeyd, the menu entry, icons and AppStream data."
  case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "The menu entry works as is; add $prefix/bin to PATH to type upshot in a terminal." ;;
  esac
}

# refresh tells the icon theme about the change (menus watch their
# directory themselves; the entry has no MimeType for update-desktop-database).
# A DESTDIR staging tree needs none of it, and none of it may fail the install.
refresh() {
  [ -z "${DESTDIR:-}" ] || return 0
  local hicolor="$root/share/icons/hicolor"
  [ -d "$hicolor" ] && touch "$hicolor"
  if [ -f "$hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -f -t "$hicolor" || true
  fi
}

uninstall_all() {
  local f removed=0
  for f in "$root/bin/upshot" "$root/bin/upshot-hotkeyd" "$root/share/applications/$id.desktop" \
    "$root/share/metainfo/$id.metainfo.xml" "$root"/share/icons/hicolor/*/apps/"$id".png; do
    if [ -e "$f" ] || [ -L "$f" ]; then
      rm -f "$f"
      removed=$((removed + 1))
    fi
  done
  if [ "$removed" -eq 0 ]; then
    echo "Upshot is not installed in $root: nothing to remove."
    return
  fi
  refresh
  echo "Removed Upshot from $root ($removed files). Settings (~/.config/upshot) and history (~/.local/share/upshot) are kept."
}

case ${1:-} in
  "") install_all ;;
  --uninstall | uninstall) uninstall_all ;;
  -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
