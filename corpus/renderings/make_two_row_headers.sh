#!/usr/bin/env bash
# Regenerate two-row-headers/: the Word files (make_two_row_headers.py),
# their PDFs by LibreOffice (soffice --convert-to pdf, Noto CJK fonts), the
# PDFs' text by pdfplumber 0.11, pdftotext -layout and -raw (poppler 22.12),
# the Word files' by docx2txt 0.9 and as Docling prints their HTML
# (render_word.sh); then the gold (../../gold-two-row) from the tables the
# generator put in the documents.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/two-row-headers"
mkdir -p ../../gold-two-row
for v in merged foot; do
  python3 ../make_two_row_headers.py "$v" "$v-word.docx"
  ../render_word.sh "$v"
  python3 ../make_two_row_headers.py "$v" --gold "$v-docx2txt.txt" "../../gold-two-row/$v.gold.json"
done
