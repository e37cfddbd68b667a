#!/usr/bin/env python3
"""Markdown of a web page as two document parsers write it, made from the
seeds' and variants' web pages (`web/`) or LibreOffice's HTML of a generated
Word file (render_word.sh). Paragraphs are parted by blank lines; the titles
are the paragraphs that open with 第…章/节/篇 and the page's own <h1>–<h6>; the
site's chrome stays as paragraphs, as a converter of the saved page keeps it.

- `mineru`: as MinerU writes its .md — every table one line of HTML
  (`<html><body><table><tr><td rowspan="2">…</td>…</table></body></html>`),
  every title a level-1 `#` heading.
- `docling`: as Docling's `export_to_markdown` (and Unstructured's) — pipe
  tables that print a merged cell in every position it covers (a group's
  label merged across the table in every column, a header merged down both
  header rows in each), titles as level-2 `##` headings, pictures
  `<!-- image -->`.

usage: make_web_markdown.py mineru|docling IN.html OUT.md   (BeautifulSoup 4 + lxml)
"""
import re
import sys

from bs4 import BeautifulSoup

TITLE = re.compile(r'^第[一二三四五六七八九十百]+[章节篇]')


def joined(el):
    # The page source's line breaks are markup, not text.
    return re.sub(r'\s*\n\s*', '', el.get_text('')).strip()


def html_table(table):
    rows = []
    for tr in table.find_all('tr'):
        cells = ''
        for td in tr.find_all(['td', 'th']):
            attrs = ''.join(f' {a}="{td[a]}"' for a in ('rowspan', 'colspan')
                            if td.has_attr(a) and td[a] != '1')
            cells += f'<td{attrs}>' + td.get_text(' ', strip=True) + '</td>'
        rows.append('<tr>' + cells + '</tr>')
    return '<html><body><table>' + ''.join(rows) + '</table></body></html>'


def spread_table(table):
    cells = {}
    for r, tr in enumerate(table.find_all('tr')):
        c = 0
        for td in tr.find_all(['td', 'th']):
            while (r, c) in cells:
                c += 1
            cs, rs = int(td.get('colspan', 1)), int(td.get('rowspan', 1))
            for dr in range(rs):
                for dc in range(cs):
                    cells[(r + dr, c + dc)] = joined(td)
            c += cs
    if not cells:
        return None
    rows = max(k[0] for k in cells) + 1
    cols = max(k[1] for k in cells) + 1
    g = [[cells.get((r, c), '') for c in range(cols)] for r in range(rows)]
    lines = ['| ' + ' | '.join(r) + ' |' for r in g]
    lines.insert(1, '|' + '|'.join(['---'] * cols) + '|')
    return '\n'.join(lines)


# Per style: title mark, a heading's text, a paragraph's text, a table, a picture.
STYLES = {
    'mineru': ('# ', lambda el: el.get_text(' ', strip=True),
               lambda el: el.get_text('', strip=True), html_table, None),
    'docling': ('## ', joined, joined, spread_table, '<!-- image -->'),
}


def convert(style, src):
    mark, heading, para, table, image = STYLES[style]
    soup = BeautifulSoup(open(src, 'rb').read(), 'lxml')
    parts = []

    def walk(node):
        for el in node.children:
            if not getattr(el, 'name', None):
                t = str(el).strip()
                if t:
                    parts.append(t)
                continue
            if el.name in ('script', 'style', 'head'):
                continue
            if el.name in ('h1', 'h2', 'h3', 'h4', 'h5', 'h6'):
                parts.append(mark + heading(el))
            elif el.name == 'table':
                t = table(el)
                if t:
                    parts.append(t)
            elif el.name == 'img' and image:
                parts.append(image)
            elif el.name in ('p', 'li'):
                t = para(el)
                if t:
                    parts.append((mark if TITLE.match(t) else '') + t)
            else:
                walk(el)

    walk(soup.body)
    return '\n\n'.join(parts) + '\n'


if __name__ == '__main__':
    style, src, out = sys.argv[1:4]
    with open(out, 'w', encoding='utf-8') as f:
        f.write(convert(style, src))
