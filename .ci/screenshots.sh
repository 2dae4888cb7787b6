#!/usr/bin/env bash
# `make screenshots`: the README's pictures, taken from the real app under
# Xvfb by the end-to-end tests TestScreenshots (and TestScreenshotsTranslated:
# the main window in Chinese and Spanish), TestHotkeyRegionDrag and
# TestPortalShortcutFullScreenToClipboard; the editor on a real capture by
# TestScreenshotEditor.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/assets/screenshots"
mkdir -p "$out"
UPSHOT_SHOTS="$out" E2E_RUN='^(TestScreenshots|TestScreenshotsTranslated|TestHotkeyRegionDrag|TestPortalShortcutFullScreenToClipboard|TestScreenshotEditor)$' .ci/e2e.sh
ls -l "$out"
