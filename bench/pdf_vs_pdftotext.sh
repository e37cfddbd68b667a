#!/usr/bin/env bash
# Speed of `guihua extract` (full structure) against `pdftotext -layout` from
# Debian's poppler-utils (text only), side by side in one run, one process per
# file for both. Prints the median of ROUNDS rounds for each and their ratio.
#
# usage: bench/pdf_vs_pdftotext.sh [PDF_DIR] [ROUNDS]
#   PDF_DIR defaults to ../shared/corpus/pdf (the 15 corpus PDFs), else corpus/pdf.
#   Needs pdftotext: apt-get install poppler-utils
#   BASELINE=path/to/an/older/guihua also times that binary in the same
#   rounds (a regression check: build it from an older commit).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-}
if [ -z "$dir" ]; then
  if [ -d ../shared/corpus/pdf ]; then dir=../shared/corpus/pdf; else dir=corpus/pdf; fi
fi
rounds=${2:-5}
command -v pdftotext >/dev/null || { echo "pdftotext not found: apt-get install poppler-utils" >&2; exit 2; }
cargo build --release -q
bin=target/release/guihua
mapfile -t files < <(find "$dir" -name '*.pdf' | sort)
[ ${#files[@]} -gt 0 ] || { echo "no PDFs under $dir" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bytes=$(cat "${files[@]}" | wc -c)

run() { # tool -> seconds for one round over all files
  local start end
  start=$(date +%s.%N)
  for f in "${files[@]}"; do
    case "$1" in
      guihua) "$bin" extract "$f" > "$tmp/out.json" ;;
      baseline) "$baseline" extract "$f" > "$tmp/out.json" ;;
      *) pdftotext -layout "$f" "$tmp/out.txt" ;;
    esac
  done
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Warm the page cache and the binaries once.
run guihua >/dev/null; run pdftotext >/dev/null
baseline=${BASELINE:-}
if [ -n "$baseline" ]; then run baseline >/dev/null; fi
g=(); p=(); b=()
for _ in $(seq "$rounds"); do
  g+=("$(run guihua)"); p+=("$(run pdftotext)")
  if [ -n "$baseline" ]; then b+=("$(run baseline)"); fi
done
gm=$(printf '%s\n' "${g[@]}" | median)
pm=$(printf '%s\n' "${p[@]}" | median)
printf '%d PDFs, %.1f MB, median of %d rounds, one process per file\n' "${#files[@]}" "$(echo "$bytes/1000000" | bc -l)" "$rounds"
printf 'pdftotext -layout (text only):     %6.3f s\n' "$pm"
printf 'guihua extract (full structure):   %6.3f s\n' "$gm"
printf 'pdftotext time / guihua time:      %6.2fx  (above 1: guihua is faster)\n' "$(echo "$pm/$gm" | bc -l)"
if [ -n "$baseline" ]; then
  bm=$(printf '%s\n' "${b[@]}" | median)
  printf 'baseline %s:   %6.3f s\n' "$baseline" "$bm"
  printf 'this guihua time / baseline time:  %6.2fx  (above 1: slower than the baseline)\n' "$(echo "$gm/$bm" | bc -l)"
fi
