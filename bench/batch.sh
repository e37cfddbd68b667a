#!/usr/bin/env bash
# Batch throughput and memory at scale, on documents generated from the corpus
# (examples/generate.rs): documents/s and MB/s at -j 1 and -j 2 on N documents
# (default 1000), the speed-up, and peak memory (max RSS) at N vs N/10
# documents. All runs in this one invocation, same machine state.
#
# usage: bench/batch.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
small=$((n / 10))
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release -q --bin guihua --example generate
work=target/bench-batch
rm -rf "$work"; mkdir -p "$work"
target/release/examples/generate "$n" "$work/in-$n" 2>/dev/null
target/release/examples/generate "$small" "$work/in-$small" 2>/dev/null
mb=$(du -sb "$work/in-$n" | awk '{print $1/1e6}')
mb_small=$(du -sb "$work/in-$small" | awk '{print $1/1e6}')

run() { # dir jobs -> "seconds maxrss_kb"
  local out="$work/out-$RANDOM"
  /usr/bin/time -f "%e %M" -o "$work/time" target/release/guihua batch "$1" -o "$out" -j "$2" --force 2>/dev/null || true
  rm -rf "$out"
  cat "$work/time"
}
# Warm the page cache once.
run "$work/in-$n" 2 >/dev/null
read -r t1 m1 < <(run "$work/in-$n" 1)
read -r t2 m2 < <(run "$work/in-$n" 2)
read -r ts ms < <(run "$work/in-$small" 2)
printf '%d generated documents, %.1f MB (and %d documents, %.1f MB)\n' "$n" "$mb" "$small" "$mb_small"
printf -- '-j 1: %6.2f s  %7.1f docs/s  %6.1f MB/s  peak %6.1f MB\n' "$t1" "$(echo "$n/$t1" | bc -l)" "$(echo "$mb/$t1" | bc -l)" "$(echo "$m1/1024" | bc -l)"
printf -- '-j 2: %6.2f s  %7.1f docs/s  %6.1f MB/s  peak %6.1f MB\n' "$t2" "$(echo "$n/$t2" | bc -l)" "$(echo "$mb/$t2" | bc -l)" "$(echo "$m2/1024" | bc -l)"
printf 'speed-up -j 2 over -j 1: %.2fx\n' "$(echo "$t1/$t2" | bc -l)"
printf 'peak memory, -j 2: %d docs %.1f MB, %d docs %.1f MB (ratio %.2f)\n' "$small" "$(echo "$ms/1024" | bc -l)" "$n" "$(echo "$m2/1024" | bc -l)" "$(echo "$m2/$ms" | bc -l)"
