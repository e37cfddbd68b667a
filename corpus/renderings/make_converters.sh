#!/bin/sh
# Renderings of the seeds' and variants' Word files and web pages by
# common converters (see README.md): pandoc 2.17 (Debian bookworm's),
# w3m 0.5.3 (Debian's), html2text 2025.4.15 (PyPI) and
# markitdown 0.1.9 (PyPI; mammoth + markdownify for .docx, BeautifulSoup +
# markdownify for .html; pdfminer and pdfplumber for .pdf, of the seeds'
# LibreOffice and Chrome PDFs and the real PDFs in ../shared). Run from
# corpus/renderings.
set -e
for d in pandoc-plain pandoc-markdown pandoc-gfm pandoc-web-plain markitdown-docx markitdown-web markitdown-pdf markitdown-pdf-chrome w3m html2text pandoc-commonmark md-html-tables md-spread-cells word-toc pandoc-markdown-toc pandoc-gfm-toc word-doc; do
  rm -rf "$d"; mkdir -p "$d"
done
for f in word/*.docx; do
  b=$(basename "$f" .docx)
  pandoc -t plain "$f" -o "pandoc-plain/$b.txt"
  pandoc -t markdown "$f" -o "pandoc-markdown/$b.md"
  pandoc -t gfm "$f" -o "pandoc-gfm/$b.md"
  markitdown "$f" > "markitdown-docx/$b.md"
done
for f in web/*.html; do
  b=$(basename "$f" .html)
  pandoc -f html -t plain "$f" -o "pandoc-web-plain/$b.txt"
  markitdown "$f" > "markitdown-web/$b.md"
  w3m -dump -cols 200 -O UTF-8 "$f" > "w3m/$b.txt"
  # CommonMark has no tables: pandoc writes them as HTML, a tag a line.
  # (The GBK pages are read as UTF-8 by their charset.)
  iconv -f "$(grep -qi 'charset=gbk' "$f" && echo GBK || echo UTF-8)" -t UTF-8 "$f" |
    pandoc -f html -t commonmark -o "pandoc-commonmark/$b.md"
done
# Word 97–2003 files, as LibreOffice 7 saves them (soffice --convert-to doc).
soffice --headless --convert-to doc --outdir word-doc word/*.docx >/dev/null
for f in word/*.docx; do
  b=$(basename "$f" .docx)
  g=../gold/$b.gold.json; [ -f "../variants/$b.gold.json" ] && g=../variants/$b.gold.json
  python3 make_word_toc.py "$f" "$g" "word-toc/$b.docx"
  pandoc -t markdown "word-toc/$b.docx" -o "pandoc-markdown-toc/$b.md"
  pandoc -t gfm "word-toc/$b.docx" -o "pandoc-gfm-toc/$b.md"
done
for f in web/*.html; do
  b=$(basename "$f" .html)
  python3 make_web_markdown.py mineru "$f" "md-html-tables/$b.md"
  python3 make_web_markdown.py docling "$f" "md-spread-cells/$b.md"
done
# html2text reads the GBK pages (the variants) as UTF-8 and fails on them:
# the seeds' pages only.
for f in web/0*.html; do
  html2text "$f" > "html2text/$(basename "$f" .html).md"
done
for f in ../../../shared/corpus/pdf/lo/*.pdf; do
  markitdown "$f" > "markitdown-pdf/$(basename "$f" .pdf).md"
done
for f in ../../../shared/corpus/real/*.pdf; do
  markitdown "$f" > "markitdown-pdf/$(basename "$f" .pdf).md"
done
for f in ../../../shared/corpus/pdf/chrome-noto/*.pdf; do
  markitdown "$f" > "markitdown-pdf-chrome/$(basename "$f" .pdf).md"
done
