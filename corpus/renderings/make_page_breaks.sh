#!/usr/bin/env bash
# Regenerate page-breaks/: the Word files (make_page_breaks.py), their PDFs
# by LibreOffice (soffice --convert-to pdf, Noto CJK fonts), the PDFs' text by
# pdfplumber 0.11, pdftotext -layout and -raw (poppler 22.12), the Word
# files' by docx2txt 0.9 and as Docling prints their HTML (render_word.sh);
# then the gold (../../gold-page-breaks) from the generator's table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/page-breaks" "$here/../gold-page-breaks"
cd "$here/page-breaks"
for v in reptop repcentre noreptop norepcentre; do
  python3 ../make_page_breaks.py "$v" "$v-word.docx"
  ../render_word.sh "$v"
  python3 ../make_page_breaks.py "$v" --gold "$v-docx2txt.txt" "../../gold-page-breaks/$v.gold.json"
done
