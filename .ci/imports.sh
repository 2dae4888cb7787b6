#!/usr/bin/env bash
# Checks the import rules of STYLE.md with `go list -deps`:
#   uploader/...     no fyne.io, no ui/app, no cgo library
#   ui               no fyne.io/fyne/v2/app, no golang.design/x/*, no resty, no app/...
#   app/internal/... no ui, no fyne.io/fyne/v2/app
set -euo pipefail
mod=$(go list -m)
fail=0
check() { # check PKGPATTERN REGEX WHY
  local bad
  bad=$(go list -tags migrated_fynedo -deps "$1" 2>/dev/null | grep -E "$2" || true)
  if [ -n "$bad" ]; then
    echo "import rule broken: $1 must not depend on: $(echo $bad) ($3)" >&2
    fail=1
  fi
}
for p in $(go list ./uploader/...); do
  check "$p" "^(fyne\.io/|$mod/(ui|app)(/|$)|golang\.design/x/)" "the domain core stays free of UI and cgo"
  if [ -n "$(CGO_ENABLED=1 go list -f '{{if .CgoFiles}}{{.ImportPath}}{{end}}' -deps "$p" | grep -v '^runtime/cgo$' | grep -v '^net$' | grep -v '^os/user$' || true)" ]; then
    echo "import rule broken: $p depends on cgo code" >&2; fail=1
  fi
done
check "$mod/ui" "^(fyne\.io/fyne/v2/app|golang\.design/x/|$mod/app(/|$))" "ui gets OS services through interfaces"
# resty reaches ui only through uploader; ui itself must not import it.
if go list -tags migrated_fynedo -f '{{join .Imports "\n"}}' "$mod/ui" | grep -q '^github.com/go-resty/'; then
  echo "import rule broken: ui imports resty directly" >&2; fail=1
fi
for p in $(go list ./app/internal/...); do
  check "$p" "^(fyne\.io/fyne/v2/app$|$mod/ui$)" "OS adapters do not reach the UI"
done
[ $fail -eq 0 ] && echo "import rules: ok"
exit $fail
