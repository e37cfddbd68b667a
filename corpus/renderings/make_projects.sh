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
for k in groups cities; do
  for a in top centre; do
    v="$k-$a"
    python3 ../make_projects.py "$k" "$a" "$v-word.docx" "$tmp/$v.json"
    soffice --headless --convert-to pdf "$v-word.docx" >/dev/null
    mv "$v-word.pdf" "$v-lo.pdf"
    pdftotext -enc UTF-8 -layout "$v-lo.pdf" "$v-layout.txt"
    pdftotext -enc UTF-8 -raw "$v-lo.pdf" "$v-raw.txt"
    python3 -c "import pdfplumber,sys
with pdfplumber.open(sys.argv[1]) as p: open(sys.argv[2],'w').write('\n'.join(pg.extract_text() or '' for pg in p.pages))" "$v-lo.pdf" "$v-pdfplumber.txt"
    python3 -c "import docx2txt,sys; open(sys.argv[2],'w').write(docx2txt.process(sys.argv[1]))" "$v-word.docx" "$v-docx2txt.txt"
  done
  python3 ../make_projects_gold.py "$tmp/$k-top.json" "$k-top-docx2txt.txt" "$k" "../../gold-projects/$k.gold.json"
done
rm -rf "$tmp"
