#!/usr/bin/env bash
# Regenerate pdfium-generated/: PDFium's text (PyPI pypdfium2 5.15, each
# page's get_text_range(), pages joined by a newline, CRLF made LF) of the
# generated sets' LibreOffice PDFs (SET/V-lo.pdf, made by make_SET.sh), as
# Docling and other Python tools' PDF backends read them: SET__V.txt, its
# gold the set's (see tests/renderings.rs).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p pdfium-generated
for set in categories numbered-names projects two-row-headers page-breaks long-projects no-attribute; do
  for f in "$set"/*-lo.pdf; do
    v=$(basename "$f" -lo.pdf)
    python3 -c "import pypdfium2 as pdfium,sys
d=pdfium.PdfDocument(sys.argv[1])
t='\n'.join(d[i].get_textpage().get_text_range() for i in range(len(d)))
open(sys.argv[2],'w').write(t.replace('\r\n','\n'))" "$f" "pdfium-generated/${set}__$v.txt"
  done
done
