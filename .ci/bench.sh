#!/usr/bin/env bash
# `make bench`: Upshot against curl on loopback, side by side, in one run.
# Prints a table of medians and writes it to .cache/bench.md (see README).
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
xargs4() { ls "$work"/files/*.png | xargs -P4 -n1 bash -c 'curl_one "$0"'; }

t_upshot=$(repeat "$BIN" upload --host "$endpoint" --jobs 4 "$work/files")
t_loop=$(repeat seq_loop)
t_xargs=$(repeat xargs4)

rss() { /usr/bin/time -f %M "$BIN" upload --host "$endpoint" --max-size 0 "$1" 2>&1 >/dev/null | tail -1; }
head -c 24 /dev/zero >/dev/null
for n in 1 300; do
  f="$work/big/$n.mp4"
  printf '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom' >"$f"
  truncate -s "${n}M" "$f"
done
rss1=$(for _ in 1 2 3; do rss "$work/big/1.mp4"; done | median)
rss300=$(for _ in 1 2 3; do rss "$work/big/300.mp4"; done | median)

t_version=$(repeat "$BIN" --version)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mkdir -p .cache
{
  echo "| benchmark | Upshot | baseline | ratio | target |"
  echo "|---|---|---|---|---|"
  echo "| 200 × 256 KB, \`upload --jobs 4\` vs sequential curl loop | ${t_upshot} ms | ${t_loop} ms | $(ratio "$t_upshot" "$t_loop")× | ≤ 0.3× |"
  echo "| 200 × 256 KB, \`upload --jobs 4\` vs \`xargs -P4 curl\` | ${t_upshot} ms | ${t_xargs} ms | $(ratio "$t_upshot" "$t_xargs")× | ≤ 0.4× |"
  echo "| peak RSS, 300 MB file vs 1 MB file | $((rss300 / 1024)) MB | $((rss1 / 1024)) MB | $(ratio "$rss300" "$rss1")× | ≤ 1.3×, ≤ 60 MB |"
  echo "| \`upshot --version\` start-up | ${t_version} ms | | | |"
  echo
  echo "Medians of $RUNS runs (memory: 3) on $(nproc) cores, $(go version | cut -d' ' -f3), loopback, \`upshot testhost\`."
} | tee .cache/bench.md
