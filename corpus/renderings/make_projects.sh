#!/usr/bin/env bash
# Regenerate projects/: the Word files (make_projects.py), their PDFs by
# LibreOffice (soffice --convert-to pdf, Noto CJK fonts), and the PDFs' text
# by pdfplumber 0.11, pdftotext -layout and -raw (poppler 22.12), and the
# Word files' by docx2txt 0.9; then the gold (../../gold-projects) from what
# the generator put in the documents (make_projects_gold.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/projects"
tmp="$(mktemp -d)"
for k in groups cities county amounts; do
  for a in top centre; do
    v="$k-$a"
    python3 ../make_projects.py "$k" "$a" "$v-word.docx" "$tmp/$v.json"
    ../render_word.sh "$v"
  done
  python3 ../make_projects_gold.py "$tmp/$k-top.json" "$k-top-docx2txt.txt" "$k" "../../gold-projects/$k.gold.json"
done
rm -rf "$tmp"
