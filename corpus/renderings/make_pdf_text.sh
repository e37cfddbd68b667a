#!/bin/sh
# Regenerate the PDF text renderings (run from corpus/renderings).
# SEEDS: the LibreOffice PDFs of the seed plans; CHROME: the seeds printed
# by Chrome; REAL: the real plans' PDFs; WEB: the plans' web pages, which
# Chrome prints to PDF (with its header and footer) for pdftotext-web/.
SEEDS=${SEEDS:-../../../shared/corpus/pdf/lo}
CHROME=${CHROME:-../../../shared/corpus/pdf/chrome-noto}
REAL=${REAL:-../../../shared/corpus/real}
WEB=${WEB:-web}
for f in "$SEEDS"/*.pdf "$REAL"/*.pdf; do
  s=$(basename "$f" .pdf)
  pdftotext -enc UTF-8 -raw "$f" "pdftotext-raw/$s.txt"
  python3 -c "import pdfplumber,sys
with pdfplumber.open(sys.argv[1]) as p:
    open(sys.argv[2],'w').write('\n'.join((pg.extract_text() or '') for pg in p.pages)+'\n')" "$f" "pdfplumber/$s.txt"
done
for f in "$REAL"/*.pdf; do
  s=$(basename "$f" .pdf)
  pdftotext -enc UTF-8 -layout "$f" "pdftotext-layout-real/$s.txt"
done
# PyMuPDF (PyPI pymupdf 2.0, MuPDF 1.28.5): page.get_text() of every page;
# PDFium (PyPI pypdfium2 5.15): each page's get_text_range(), pages joined
# by a newline, CRLF made LF.
for f in "$SEEDS"/*.pdf "$REAL"/*.pdf; do
  python3 -c "import pymupdf,sys
open(sys.argv[2],'w').write(''.join(p.get_text() for p in pymupdf.open(sys.argv[1])))" "$f" "pymupdf/$(basename "$f" .pdf).txt"
  python3 -c "import pypdfium2 as pdfium,sys
d=pdfium.PdfDocument(sys.argv[1])
t='\n'.join(d[i].get_textpage().get_text_range() for i in range(len(d)))
open(sys.argv[2],'w').write(t.replace('\r\n','\n'))" "$f" "pdfium/$(basename "$f" .pdf).txt"
done
for f in "$SEEDS"/*.pdf; do
  pdftotext -enc UTF-8 "$f" "pdftotext/$(basename "$f" .pdf).txt"
done
for f in "$CHROME"/*.pdf; do
  s=$(basename "$f" .pdf)
  pdftotext -enc UTF-8 -raw "$f" "pdftotext-raw-chrome/$s.txt"
  pdftotext -enc UTF-8 "$f" "pdftotext-chrome/$s.txt"
  pdftotext -enc UTF-8 -layout "$f" "pdftotext-layout-chrome/$s.txt"
  python3 -c "import pdfplumber,sys
with pdfplumber.open(sys.argv[1]) as p:
    open(sys.argv[2],'w').write('\\n'.join((pg.extract_text() or '') for pg in p.pages)+'\\n')" "$f" "pdfplumber-chrome/$s.txt"
done
for f in "$WEB"/*.html; do
  s=$(basename "$f" .html)
  chromium --headless --no-sandbox --disable-gpu --print-to-pdf="/tmp/$s.pdf" "file://$(realpath "$f")"
  pdftotext -enc UTF-8 "/tmp/$s.pdf" "pdftotext-web/$s.txt"
done
# The seeds' legacy-GBK PDFs (SimSun without widths: every digit an em
# wide, its glyph half that) redrawn by cairo (pdftocairo -pdf, poppler
# 22.12), which keeps each digit in its em cell: pdftotext -layout prints
# the digits apart (2 0 2 2 年, 6 3 . 3), as it does for a page set on
# Word's character grid.
LEGACY=${LEGACY:-../../../shared/corpus/pdf/legacy-gbk}
for f in "$LEGACY"/*.pdf; do
  s=$(basename "$f" .pdf)
  pdftocairo -pdf "$f" "/tmp/$s-cairo.pdf"
  pdftotext -enc UTF-8 -layout "/tmp/$s-cairo.pdf" "pdftotext-layout-grid/$s.txt"
done
