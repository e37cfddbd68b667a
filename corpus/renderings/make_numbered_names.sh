#!/usr/bin/env bash
# Regenerate numbered-names/: the Word files (make_numbered_names.py), their
# PDFs by LibreOffice (soffice --convert-to pdf, Noto CJK fonts), and the
# PDFs' text by pdfplumber 0.11, pdftotext -layout and -raw (poppler 22.12),
# and the Word files' by docx2txt 0.9. The narrow variants hold the same
# text as the others: their gold is top's and centre's (gold-numbered).
set -euo pipefail
cd "$(dirname "$0")/numbered-names"
for v in top centre narrowtop narrowcentre; do
  python3 ../make_numbered_names.py "$v" "$v-word.docx"
  ../render_word.sh "$v"
done
