#!/usr/bin/env bash
# The renderings of a generated Word file V-word.docx (run in its folder):
# V-lo.pdf by LibreOffice (soffice --convert-to pdf, Noto CJK fonts), that
# PDF's text by pdftotext -layout and -raw (poppler 22.12), pdfplumber
# 0.11 and PyMuPDF 2.0 (MuPDF 1.28.5, page.get_text() of every page), the
# Word file's by docx2txt 0.9, and its HTML by LibreOffice as Docling
# prints it (make_web_markdown.py docling: merged cells in every
# position). Used by make_numbered_names.sh and make_projects.sh.
set -euo pipefail
v="$1"
soffice --headless --convert-to pdf "$v-word.docx" >/dev/null
mv "$v-word.pdf" "$v-lo.pdf"
pdftotext -enc UTF-8 -layout "$v-lo.pdf" "$v-layout.txt"
pdftotext -enc UTF-8 -raw "$v-lo.pdf" "$v-raw.txt"
python3 -c "import pdfplumber,sys
with pdfplumber.open(sys.argv[1]) as p: open(sys.argv[2],'w').write('\n'.join(pg.extract_text() or '' for pg in p.pages))" "$v-lo.pdf" "$v-pdfplumber.txt"
python3 -c "import docx2txt,sys; open(sys.argv[2],'w').write(docx2txt.process(sys.argv[1]))" "$v-word.docx" "$v-docx2txt.txt"
python3 -c "import pymupdf,sys
open(sys.argv[2],'w').write(''.join(p.get_text() for p in pymupdf.open(sys.argv[1])))" "$v-lo.pdf" "$v-pymupdf.txt"
tmp="$(mktemp -d)"
soffice --headless --convert-to html --outdir "$tmp" "$v-word.docx" >/dev/null
python3 "$(dirname "$0")/make_web_markdown.py" docling "$tmp/$v-word.html" "$v-spread.md"
rm -rf "$tmp"
