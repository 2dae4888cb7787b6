#!/usr/bin/env bash
# Paints a wallpaper on the root window of $DISPLAY, as every desktop has:
# a capture of an empty Xvfb screen reads back all black, which Upshot
# rightly refuses to upload (capture.ErrBlank). ImageMagick's display sets
# the root window's background and exits (with status 1 once it has).
set -euo pipefail
wall=$(mktemp --suffix=.png)
convert -size 1280x800 gradient:'#2b4c7e-#6fa3d8' "$wall"
display -window root "$wall" 2>/dev/null || true
rm -f "$wall"
