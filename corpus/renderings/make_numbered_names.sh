#!/usr/bin/env bash
# Regenerate numbered-names/: the Word files (make_numbered_names.py), their
# PDFs by LibreOffice (soffice --convert-to pdf, Noto CJK fonts), and the
# PDFs' text by pdfplumber 0.11, pdftotext -layout and -raw (poppler 22.12),
# and the Word files' by docx2txt 0.9.
set -euo pipefail
cd "$(dirname "$0")/numbered-names"
for v in top centre; do
  python3 ../make_numbered_names.py "$v" "$v-word.docx"
  soffice --headless --convert-to pdf "$v-word.docx" >/dev/null
  mv "$v-word.pdf" "$v-lo.pdf"
  pdftotext -enc UTF-8 -layout "$v-lo.pdf" "$v-layout.txt"
  pdftotext -enc UTF-8 -raw "$v-lo.pdf" "$v-raw.txt"
  python3 -c "import pdfplumber,sys
with pdfplumber.open(sys.argv[1]) as p: open(sys.argv[2],'w').write('\n'.join(pg.extract_text() or '' for pg in p.pages))" "$v-lo.pdf" "$v-pdfplumber.txt"
  python3 -c "import docx2txt,sys; open(sys.argv[2],'w').write(docx2txt.process(sys.argv[1]))" "$v-word.docx" "$v-docx2txt.txt"
done
