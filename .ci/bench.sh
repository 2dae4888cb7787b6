#!/usr/bin/env bash
# `make bench`: Upshot against curl on loopback, side by side, in one run.
# Prints a table of medians and writes it into README.md (between the
# bench markers) and BENCHMARKS.md, with the machine and the commands to
# reproduce.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="$PWD/bin/upshot"
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'kill $host_pid 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME" "$work/files" "$work/big"

"$BIN" testhost --addr 127.0.0.1:0 --dir "$work/host" >"$work/host.out" &
host_pid=$!
for _ in $(seq 1 100); do grep -q http "$work/host.out" 2>/dev/null && break; sleep 0.05; done
endpoint=$(grep -o 'http://[^ ]*' "$work/host.out")

# 200 distinct files of 256 KB: a valid PNG header, then noise.
python3 - "$work/files" <<'PY'
import os, struct, sys, zlib
d = sys.argv[1]
def chunk(t, b): return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
for i in range(200):
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0))
    head = b"\x89PNG\r\n\x1a\n" + ihdr
    with open(os.path.join(d, "f%03d.png" % i), "wb") as f:
        f.write(head + os.urandom(256 * 1024 - len(head)))
PY

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
repeat() { for _ in $(seq 1 "$RUNS"); do ms "$@"; done | median; }

curl_one() { curl -sf -o /dev/null -F "source=@$1;type=image/png" -F format=json "$endpoint"; }
export -f curl_one; export endpoint
seq_loop() { for f in "$work"/files/*.png; do curl_one "$f"; done; }
xargs4() { ls "$work"/files/*.png | xargs -P4 -I{} curl -sf -o /dev/null -F "source=@{};type=image/png" -F format=json "$endpoint"; }

t_upshot=$(repeat "$BIN" upload --host "$endpoint" --jobs 4 "$work/files")
t_loop=$(repeat seq_loop)
t_xargs=$(repeat xargs4)

rss() { /usr/bin/time -f %M "$BIN" upload --host "$endpoint" --max-size 0 "$1" 2>&1 >/dev/null | tail -1; }
for n in 1 300; do
  f="$work/big/$n.mp4"
  printf '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom' >"$f"
  truncate -s "${n}M" "$f"
done
rss1=$(for _ in 1 2 3; do rss "$work/big/1.mp4"; done | median)
rss300=$(for _ in 1 2 3; do rss "$work/big/300.mp4"; done | median)

t_version=$(repeat "$BIN" --version)

# The GUI figures come from the end-to-end tests (real app, Xvfb, XDND drop,
# xdotool hotkeys); each prints "BENCH name=value".
gui_log="$work/gui-bench.log"
E2E_RUN='^(TestThousandFilesDropped|TestHotkeyLatency)$' .ci/e2e.sh -v >"$gui_log" 2>&1 || { tail -40 "$gui_log"; exit 1; }
fig() { grep -o "BENCH $1=[0-9.]*" "$gui_log" | cut -d= -f2 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
table=$(cat <<TABLE
| benchmark | Upshot | baseline | ratio | target |
|---|---|---|---|---|
| 200 × 256 KB, \`upload --jobs 4\` vs sequential \`curl\` loop | ${t_upshot} ms | ${t_loop} ms | $(ratio "$t_upshot" "$t_loop")× | ≤ 0.3× |
| 200 × 256 KB, \`upload --jobs 4\` vs \`xargs -P4 curl\` | ${t_upshot} ms | ${t_xargs} ms | $(ratio "$t_upshot" "$t_xargs")× | ≤ 0.4× |
| peak RSS uploading 300 MB vs 1 MB | $((rss300 / 1024)) MB | $((rss1 / 1024)) MB | $(ratio "$rss300" "$rss1")× | ≤ 1.3×, ≤ 60 MB |
| hotkey → link on the clipboard (1280×800, median of 10) | $(fig hotkey_to_clipboard_median_ms) ms | | | ≤ 400 ms |
| 1,000 files dropped: longest UI-thread stall | $(fig scale_max_stall_ms) ms | | | ≤ 100 ms |
| 1,000 files dropped: peak RSS of the app | $(fig scale_peak_rss_mb) MB | | | ≤ 300 MB |
| 1,000 files dropped: until all links are on the clipboard | $(fig scale_1000_seconds) s | | | |
| start-up: \`upshot --version\` | ${t_version} ms | | | |
| start-up: GUI window mapped | $(fig gui_window_mapped_ms) ms | | | |

Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(go version | cut -d' ' -f3), Xvfb, loopback against \`upshot testhost\`; CLI rows are medians of $RUNS runs (memory: 3). Reproduce with \`make bench\` (script: \`.ci/bench.sh\`).
TABLE
)
echo "$table"
python3 - "$table" <<'PY'
import re, sys
readme = open("README.md").read()
block = "<!-- bench:start -->\n" + sys.argv[1] + "\n<!-- bench:end -->"
readme = re.sub(r"<!-- bench:start -->.*?<!-- bench:end -->", lambda m: block, readme, flags=re.S)
open("README.md", "w").write(readme)
PY
# The same figures as a file of their own (issue 7's BENCHMARKS.md). It is
# not committed — the repository's top level is fixed — README carries them.
printf '# Upshot benchmarks\n\n%s\n' "$table" >BENCHMARKS.md
echo "wrote README.md (Performance) and BENCHMARKS.md"
