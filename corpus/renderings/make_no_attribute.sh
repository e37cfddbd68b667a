#!/usr/bin/env bash
# Regenerate no-attribute/: the Word files (make_no_attribute.py), their PDFs
# by LibreOffice (soffice --convert-to pdf, Noto CJK fonts), the PDFs' text by
# pdfplumber 0.11, pdftotext -layout and -raw (poppler 22.12), the Word
# files' by docx2txt 0.9 and as Docling prints their HTML (render_word.sh);
# then the gold (../../gold-no-attribute) from the generator's table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/no-attribute" "$here/../gold-no-attribute"
cd "$here/no-attribute"
for v in top centre; do
  python3 ../make_no_attribute.py "$v" "$v-word.docx"
  ../render_word.sh "$v"
  python3 ../make_no_attribute.py "$v" --gold "$v-docx2txt.txt" "../../gold-no-attribute/$v.gold.json"
done
