#!/usr/bin/env bash
# `make windows`: dist/upshot-VERSION-windows-amd64.zip, one folder
# upshot-VERSION/ with upshot.exe (the app), upshot.com (its console
# launcher), README.txt and LICENSE.txt: the project's licence when the
# repository has one, then the licences of everything linked into the
# programs (Go and every module), which their binary forms must carry.
#
# Environment (all optional):
#   VERSION  zip version                       (default: git describe --tags --always --dirty)
#   BIN_DIR  holds upshot.exe and upshot.com   (default: bin/windows)
#   OUT_DIR  where the zip goes                (default: dist)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "package-windows: $*" >&2; exit 1; }

bin_dir=$(cd "${BIN_DIR:-$repo/bin/windows}" 2>/dev/null && pwd) || die "${BIN_DIR:-bin/windows}: no such directory: run make windows-build first"
mkdir -p "${OUT_DIR:-$repo/dist}"
out_dir=$(cd "${OUT_DIR:-$repo/dist}" && pwd)
cd "$repo"
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
for b in upshot.exe upshot.com; do
  [ -f "$bin_dir/$b" ] || die "$bin_dir/$b is missing: run make windows-build first"
done
command -v zip >/dev/null || die "zip is missing: run .ci/deps.sh windows"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir="$work/upshot-$version"
mkdir -p "$dir"
cp "$bin_dir/upshot.exe" "$bin_dir/upshot.com" "$dir/"
sed 's/$/\r/' assets/windows/README.txt >"$dir/README.txt" # CRLF: Notepad of old shows LF files on one line

# LICENSE.txt: ours, then Go's and each linked module's.
{
  for f in LICENSE LICENSE.md LICENSE.txt COPYING; do
    [ -f "$f" ] && { echo "Upshot"; echo "======"; echo; cat "$f"; echo; break; }
  done
  echo "Third-party software in upshot.exe and upshot.com"
  echo "================================================="
  echo
  echo "Go $(go env GOVERSION | sed 's/^go//') (the Go runtime and standard library)"
  echo "--------"
  cat "$(go env GOROOT)/LICENSE"
  echo
  GOOS=windows GOARCH=amd64 CGO_ENABLED=1 go list -tags migrated_fynedo -deps \
    -f '{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}|{{.Dir}}{{end}}{{end}}' ./app ./app/internal/winlauncher |
    sort -u | while IFS='|' read -r mod mdir; do
      [ -n "$mod" ] || continue
      lic=$(find "$mdir" -maxdepth 1 -type f \( -iname 'LICENSE*' -o -iname 'LICENCE*' -o -iname 'COPYING*' \) | sort | head -1)
      [ -n "$lic" ] || die "$mod has no licence file in $mdir: check its terms before shipping it"
      echo "$mod"
      echo "$mod" | sed 's/./-/g'
      cat "$lic"
      echo
    done
} | sed 's/$/\r/' >"$dir/LICENSE.txt"

# Same inputs, same bytes: fixed times and order, no extra attributes.
mtime=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
find "$dir" -exec touch -h -d "@$mtime" {} +
zipfile="$out_dir/upshot-$version-windows-amd64.zip"
rm -f "$zipfile"
(cd "$work" && TZ=UTC find "upshot-$version" | LC_ALL=C sort | zip -q -X -D "$zipfile" -@)
echo "$zipfile"
