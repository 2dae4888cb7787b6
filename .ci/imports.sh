#!/usr/bin/env bash
# Checks the import rules of STYLE.md with `go list -deps`:
#   uploader/...     no fyne.io, no ui/app, no cgo library
#   ui               no fyne.io/fyne/v2/app, no golang.design/x/*, no resty, no app/...
#   app/internal/... no ui, no fyne.io/fyne/v2/app
#   app (the product) no uploader/chevtest (the fake host is for tests; the
#                    built-in host is uploader/localhost), nothing that imports
#                    testing (but xgb, see below)
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
check "$mod/app" "^$mod/uploader/chevtest$" "the fake host is for tests; the product runs uploader/localhost"
# Nothing the product links may import "testing", except github.com/jezek/xgb
# v1.1.1 (the newest there is), whose testingTools.go is not a _test file.
testers=$(go list -tags migrated_fynedo -deps -f '{{.ImportPath}}{{range .Imports}}{{if eq . "testing"}} imports-testing{{end}}{{end}}' "$mod/app" |
  awk '/ imports-testing$/ {print $1}' | grep -vx 'github.com/jezek/xgb' || true)
if [ -n "$testers" ]; then
  echo "import rule broken: the app links packages that import testing: $(echo $testers)" >&2; fail=1
fi
[ $fail -eq 0 ] && echo "import rules: ok"
exit $fail
