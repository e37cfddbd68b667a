#!/usr/bin/env bash
# Regenerate categories/: the Word files (make_categories.py), their PDFs by
# LibreOffice (soffice --convert-to pdf, Noto CJK fonts), the PDFs' text by
# pdfplumber 0.11, pdftotext -layout and -raw (poppler 22.12), the Word
# files' by docx2txt 0.9 and as Docling prints their HTML (render_word.sh);
# then the gold (../../gold-categories) from the generator's table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/categories"
mkdir -p ../../gold-categories
for v in top centre narrowtop narrowcentre; do
  python3 ../make_categories.py "$v" "$v-word.docx"
  ../render_word.sh "$v"
  python3 ../make_categories.py "$v" --gold "$v-docx2txt.txt" "../../gold-categories/$v.gold.json"
done
