#!/usr/bin/env bash
# Time and peak memory of `guihua compare` and `guihua report` on N generated
# plans (bench/gen_plans.py varies the corpus outputs). Usage: bench/compare_report.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
bin=${CARGO_TARGET_DIR:-target}/release/guihua
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" batch corpus -o "$work/corpus" >/dev/null 2>&1 || true
python3 bench/gen_plans.py "$work/corpus" "$work/gen" "$n"
run() {
  local what=$1; shift
  /usr/bin/time -v "$@" 2>"$work/time" >/dev/null || { cat "$work/time"; exit 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$work/time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/time" | awk '{print $NF}')
  echo "$what: wall $wall, peak RSS $((rss / 1024)) MB"
}
run "compare csv  ($n plans)" "$bin" compare "$work/gen" -o "$work/m.csv"
run "compare json ($n plans)" "$bin" compare "$work/gen" --format json -o "$work/m.json"
run "report       ($n plans)" "$bin" report "$work/gen" -o "$work/r.html"
echo "sizes: $(du -h "$work/m.csv" | cut -f1) csv, $(du -h "$work/r.html" | cut -f1) html, inputs $(du -sh "$work/gen" | cut -f1)"
