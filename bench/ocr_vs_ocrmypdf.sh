#!/usr/bin/env bash
# Scanned plans: guihua's built-in OCR against `ocrmypdf -l chi_sim` followed
# by `pdftotext`, on the same scans, in one run. Reports seconds per page at
# -j 1 and -j 2 and the character error rate of each against the seed text.
#
#   bench/ocr_vs_ocrmypdf.sh [STEM...]     (default: 003_08fcdae4f348d3f7)
#
# Needs: tesseract-ocr tesseract-ocr-chi-sim poppler-utils img2pdf ocrmypdf
# (Debian) and rapidfuzz (PyPI, for the edit distance); installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${SHARED:-$root/../shared}
stems=("${@:-003_08fcdae4f348d3f7}")

need=()
for c in tesseract pdftoppm img2pdf ocrmypdf; do command -v $c >/dev/null || need+=($c); done
if ((${#need[@]})); then
  apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim poppler-utils img2pdf ocrmypdf >/dev/null
fi
python3 -c 'import rapidfuzz' 2>/dev/null || pip install -q rapidfuzz

cargo build --release --quiet --bin guihua --example pdflines
bin=$root/target/release/guihua
lines=$root/target/release/examples/pdflines

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scans" "$work/text"
pages=0
for s in "${stems[@]}"; do
  mkdir -p "$work/p/$s"
  pdftoppm -r 150 -gray -jpeg "$shared/corpus/pdf/lo/$s.pdf" "$work/p/$s/p"
  img2pdf "$work/p/$s"/p-*.jpg -o "$work/scans/$s.pdf"
  pages=$((pages + $(ls "$work/p/$s" | wc -l)))
done
echo "scans: ${#stems[@]} plan(s), $pages pages at 150 dpi (pdftoppm -gray -jpeg | img2pdf)"

now() { date +%s.%N; }
declare -A secs
for j in 1 2; do
  t0=$(now)
  "$bin" batch "$work/scans" -o "$work/g$j" -j $j --force >/dev/null 2>&1
  secs[guihua$j]=$(echo "$(now) - $t0" | bc)
  t0=$(now)
  for s in "${stems[@]}"; do
    ocrmypdf -q -l chi_sim --jobs $j --force-ocr "$work/scans/$s.pdf" "$work/o$j-$s.pdf"
    pdftotext -layout "$work/o$j-$s.pdf" "$work/text/$s.ocrmypdf.txt"
  done
  secs[ocrmypdf$j]=$(echo "$(now) - $t0" | bc)
done
for s in "${stems[@]}"; do
  "$lines" "$work/scans/$s.pdf" | grep -v '^# ' | cut -f2 | sed 's/ ⇥ / /g' >"$work/text/$s.guihua.txt"
done

python3 - "$work/text" "$root/corpus/seeds" "${stems[@]}" <<'EOF'
import re, sys
from rapidfuzz.distance import Levenshtein
text, seeds, stems = sys.argv[1], sys.argv[2], sys.argv[3:]
def norm(s):
    s = re.sub(r"\$[^$]*\$", "", s)            # the seeds' inline LaTeX
    s = re.sub(r"[#*|>`\-]", "", s)              # Markdown markup
    return re.sub(r"\s+", "", s)
for who in ["guihua", "ocrmypdf"]:
    err = tot = 0
    for s in stems:
        ref = norm(open(f"{seeds}/{s}.txt", encoding="utf-8").read())
        hyp = norm(open(f"{text}/{s}.{who}.txt", encoding="utf-8").read())
        err += Levenshtein.distance(ref, hyp)
        tot += len(ref)
    print(f"CER {who:9s} {err / tot:.3f}  ({err} edits over {tot} characters)")
EOF
for j in 1 2; do
  g=${secs[guihua$j]}; o=${secs[ocrmypdf$j]}
  printf -- "-j %s  guihua %.2f s/page   ocrmypdf+pdftotext %.2f s/page   ratio %.2fx\n" \
    $j "$(echo "$g / $pages" | bc -l)" "$(echo "$o / $pages" | bc -l)" "$(echo "$o / $g" | bc -l)"
done
