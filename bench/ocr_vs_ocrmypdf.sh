#!/usr/bin/env bash
# Scanned plans: guihua's built-in OCR against `ocrmypdf -l chi_sim` followed
# by `pdftotext`, on the same scans, in one run. Reports seconds per page at
# -j 1 and -j 2 and the character error rate of each against the seed text.
#
#   bench/ocr_vs_ocrmypdf.sh [STEM...]     (default: 003_08fcdae4f348d3f7)
#
# PAGES=N (default 6) scans the first N pages of each plan (PAGES=all: every
# page); the seed text is then cut where page N ends (where the last 12
# characters of the text PDF's page N are found in it). NICE (default 5) is
# the niceness both tools run at. Both read the same JPEG pages; ocrmypdf is
# run with `--output-type pdf --optimize 0` so that it does OCR and not a
# PDF/A conversion (Ghostscript) or image recompression. BUILD=0 uses the
# binaries already built.
#
# Needs: tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-script-hans poppler-utils
# img2pdf ocrmypdf
# (Debian) and rapidfuzz (PyPI, for the edit distance); installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=${SHARED:-$root/../shared}
stems=("${@:-003_08fcdae4f348d3f7}")
pages_wanted=${PAGES:-6}
nice=${NICE:-5}

need=()
for c in tesseract pdftoppm img2pdf ocrmypdf; do command -v $c >/dev/null || need+=($c); done
tesseract --list-langs 2>&1 | grep -qx HanS || need+=(HanS)
if ((${#need[@]})); then
  apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-script-hans poppler-utils img2pdf ocrmypdf >/dev/null
fi
python3 -c 'import rapidfuzz' 2>/dev/null || pip install -q rapidfuzz

target=${CARGO_TARGET_DIR:-$root/target}
[[ ${BUILD:-1} == 0 ]] || cargo build --release --locked --quiet --bin guihua --example pdflines

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Copies, so that a build during the run does not swap the binaries.
cp "$target/release/guihua" "$target/release/examples/pdflines" "$work/"
bin=$work/guihua
lines=$work/pdflines
mkdir -p "$work/scans" "$work/text" "$work/ref"
pages=0
for s in "${stems[@]}"; do
  src=$shared/corpus/pdf/lo/$s.pdf
  n=$(pdfinfo "$src" | awk '/^Pages:/ {print $2}')
  [[ $pages_wanted != all && $pages_wanted -lt $n ]] && n=$pages_wanted
  mkdir -p "$work/p/$s"
  pdftoppm -r 150 -gray -jpeg -f 1 -l "$n" "$src" "$work/p/$s/p"
  img2pdf "$work/p/$s"/p-*.jpg -o "$work/scans/$s.pdf"
  pdftotext -f "$n" -l "$n" "$src" "$work/ref/$s.last.txt"
  pages=$((pages + n))
done
echo "scans: ${#stems[@]} plan(s), $pages pages at 150 dpi (pdftoppm -gray -jpeg | img2pdf)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

now() { date +%s.%N; }
declare -A secs
for j in 1 2; do
  t0=$(now)
  nice -n "$nice" "$bin" batch "$work/scans" -o "$work/g$j" -j $j --force >/dev/null 2>&1
  secs[guihua$j]=$(echo "$(now) - $t0" | bc)
  t0=$(now)
  for s in "${stems[@]}"; do
    nice -n "$nice" ocrmypdf -q -l chi_sim --jobs $j --output-type pdf --optimize 0 \
      "$work/scans/$s.pdf" "$work/o$j-$s.pdf"
    pdftotext -layout "$work/o$j-$s.pdf" "$work/text/$s.ocrmypdf.txt"
  done
  secs[ocrmypdf$j]=$(echo "$(now) - $t0" | bc)
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${stems[@]}"; do
  nice -n "$nice" "$lines" "$work/scans/$s.pdf" | grep -v '^# ' | cut -f2 | sed 's/ ⇥ / /g' \
    >"$work/text/$s.guihua.txt"
done

python3 - "$work/text" "$root/corpus/seeds" "$work/ref" "${stems[@]}" <<'EOF'
import re, sys
from rapidfuzz.distance import Levenshtein
text, seeds, ref_dir, stems = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def norm(s):
    s = re.sub(r"\$[^$]*\$", "", s)            # the seeds' inline LaTeX
    s = re.sub(r"[#*|>`\-]", "", s)              # Markdown markup
    return re.sub(r"\s+", "", s)
def seed_upto(s):
    """The seed text up to where the scanned pages end."""
    seed = norm(open(f"{seeds}/{s}.txt", encoding="utf-8").read())
    last = norm(open(f"{ref_dir}/{s}.last.txt", encoding="utf-8").read())
    # The page's last characters, less a trailing page number.
    last = re.sub(r"[\d\-—－\s]+$", "", last)
    for k in (12, 8, 5):
        tail = last[-k:]
        at = seed.find(tail) if tail else -1
        if at >= 0:
            return seed[: at + len(tail)]
    return seed
for who in ["guihua", "ocrmypdf"]:
    err = tot = 0
    for s in stems:
        ref = seed_upto(s)
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
