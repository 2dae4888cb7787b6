#!/usr/bin/env bash
# `make package`: dist/upshot-VERSION-linux-ARCH.tar.gz, one directory
# upshot-VERSION/ with upshot, upshot-hotkeyd, the menu entry, hicolor icons,
# AppStream metainfo, README.txt and install.sh (for the current user).
#
# Environment (all optional):
#   VERSION     tarball version          (default: git describe --tags --always --dirty)
#   BIN_DIR     holds the built binaries (default: bin)
#   OUT_DIR     where the tarball goes   (default: dist)
#   ARCH        tarball architecture     (default: go env GOARCH)
#   STAGE_ONLY  when 1: only lay out OUT_DIR/upshot-VERSION/ and print its path
#               (`make install` runs the install.sh in there)
#
# It writes the files itself rather than running `fyne package`: that bumps
# Build in FyneApp.toml on every run (a dirty tree from a read-only step),
# needs the fyne CLI fetched from the network at build time, rebuilds the
# binary its own way and knows nothing of upshot-hotkeyd or desktop actions.
set -euo pipefail

id=app.upshot.Upshot
sizes=(512 256 128 64 48)
repo=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "package: $*" >&2; exit 1; }

# Relative BIN_DIR and OUT_DIR are taken from the caller's directory.
bin_dir=$(cd "${BIN_DIR:-$repo/bin}" 2>/dev/null && pwd) || die "${BIN_DIR:-bin}: no such directory: run make build first"
mkdir -p "${OUT_DIR:-$repo/dist}"
out_dir=$(cd "${OUT_DIR:-$repo/dist}" && pwd)
cd "$repo"
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
arch=${ARCH:-$(go env GOARCH)}

for b in upshot upshot-hotkeyd; do
  [ -x "$bin_dir/$b" ] || die "$bin_dir/$b is missing or not executable: run make build first"
done

# The metainfo's newest release must be the version FyneApp.toml gives the app.
app_version=$(sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\(.*\)"/\1/p' FyneApp.toml | head -1)
release=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "assets/linux/$id.metainfo.xml" | head -1)
[ -n "$app_version" ] || die "FyneApp.toml has no Version"
[ "$release" = "$app_version" ] || die "assets/linux/$id.metainfo.xml: the newest <release> is \"$release\" but FyneApp.toml says Version \"$app_version\": add <release version=\"$app_version\" date=\"YYYY-MM-DD\"> at the top of <releases>"

# stage lays out upshot-VERSION/ inside $1.
stage() {
  local dir="$1/upshot-$version"
  rm -rf "$dir"
  mkdir -p "$dir"
  install -m755 "$bin_dir/upshot" "$bin_dir/upshot-hotkeyd" "$dir/"
  install -m644 "assets/linux/$id.desktop" "assets/linux/$id.metainfo.xml" assets/linux/README.txt "$dir/"
  install -m755 .ci/install.sh "$dir/install.sh"
  go run .ci/icons.go -src assets/icon.png -out "$dir/icons" -name "$id" "${sizes[@]}"
  validate "$dir"
}

# validate runs the freedesktop validators when they are installed (they are
# not needed to build; `apt-get install desktop-file-utils appstream`).
validate() {
  if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate --no-hints "$1/$id.desktop" || die "$id.desktop does not validate"
  fi
  if command -v appstreamcli >/dev/null 2>&1; then
    appstreamcli validate --no-net --explain "$1/$id.metainfo.xml" >/dev/null ||
      { appstreamcli validate --no-net --explain "$1/$id.metainfo.xml" >&2 || true; die "$id.metainfo.xml does not validate"; }
  fi
}

if [ "${STAGE_ONLY:-}" = 1 ]; then
  stage "$out_dir"
  echo "$out_dir/upshot-$version"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage "$work"
# Same inputs, same bytes: fixed owner, order, modes and times.
mtime=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
tarball="$out_dir/upshot-$version-linux-$arch.tar.gz"
tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
  --mode='u+rwX,go+rX,go-w' -cf - "upshot-$version" | gzip -n >"$tarball.tmp"
mv -f "$tarball.tmp" "$tarball"
echo "$tarball ($(du -h "$tarball" | cut -f1))"
