#!/usr/bin/env bash
# `make fuzz`: runs every `func Fuzz…` target of the module, one at a time,
# for FUZZTIME each (default 20s), and fails if any of them finds a crasher.
#
# Targets are discovered with grep, so a new Fuzz function is fuzzed without
# editing this script. When a target fails, Go writes the failing input to
# <package>/testdata/fuzz/<FuzzName>/<hash>; from then on a plain `go test`
# (and so `make test`) replays it as a regression case. Commit that file with
# the fix.
#
#   FUZZTIME=3s .ci/fuzz.sh          # quick smoke run
#   FUZZTIME=10m .ci/fuzz.sh         # a long run before a release
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
FUZZTIME=${FUZZTIME:-20s}
TAGS=${TAGS:-migrated_fynedo}
# Fuzzed code is parsers in pure-Go packages; no cgo keeps the builds fast.
export CGO_ENABLED=${CGO_ENABLED:-0}

# "./pkg FuzzName" lines, sorted, from every _test.go outside .git and testdata.
mapfile -t targets < <(
  grep -rE --include='*_test.go' --exclude-dir=.git --exclude-dir=testdata \
       '^func Fuzz[A-Za-z0-9_]*\(' . |
  sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#\1 \2#' |
  sort -u
)
if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz: no Fuzz targets found — is this the module root?" >&2
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
echo "fuzz: ${#targets[@]} targets, $FUZZTIME each"
for t in "${targets[@]}"; do
  pkg=${t% *}
  name=${t#* }
  printf 'fuzz: %-28s %-24s ' "$pkg" "$name"
  if "$GO" test -tags "$TAGS" -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" "$pkg" >"$log" 2>&1; then
    # The last progress line says how many inputs were tried.
    execs=$(grep -oE 'execs: [0-9]+' "$log" | tail -1 || true)
    echo "ok ${execs:+(${execs#execs: } execs)}"
  else
    echo "FAIL"
    cat "$log" >&2
    failed+=("$pkg $name")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: ${#failed[@]} target(s) failed:" >&2
  printf '  %s\n' "${failed[@]}" >&2
  echo "fuzz: the failing inputs are in <package>/testdata/fuzz/<FuzzName>/ and now run with go test" >&2
  exit 1
fi
echo "fuzz: all targets passed"
