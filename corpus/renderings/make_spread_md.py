#!/usr/bin/env python3
"""Markdown whose tables print a merged cell in every position it covers, as
Docling's `export_to_markdown` (and Unstructured's) do: a group's label merged
across the table is the same text in every column, a header merged down
both header rows is in each. Titles are level-2 `##` headings, paragraphs
parted by blank lines, pictures `<!-- image -->`. Made from web pages: the
seeds' and variants' (`web/`), or LibreOffice's HTML of a generated Word
file (render_word.sh).

usage: make_spread_md.py IN.html OUT.md   (BeautifulSoup 4 + lxml)
"""
import re
import sys

from bs4 import BeautifulSoup

TITLE = re.compile(r'^第[一二三四五六七八九十百]+[章节篇]')


def text(el):
    # The page source's line breaks are markup, not text.
    return re.sub(r'\s*\n\s*', '', el.get_text('')).strip()


def grid(table):
    cells = {}
    for r, tr in enumerate(table.find_all('tr')):
        c = 0
        for td in tr.find_all(['td', 'th']):
            while (r, c) in cells:
                c += 1
            cs, rs = int(td.get('colspan', 1)), int(td.get('rowspan', 1))
            for dr in range(rs):
                for dc in range(cs):
                    cells[(r + dr, c + dc)] = text(td)
            c += cs
    if not cells:
        return []
    rows = max(k[0] for k in cells) + 1
    cols = max(k[1] for k in cells) + 1
    return [[cells.get((r, c), '') for c in range(cols)] for r in range(rows)]


def convert(src):
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
                parts.append('## ' + text(el))
            elif el.name == 'table':
                g = grid(el)
                if g:
                    lines = ['| ' + ' | '.join(r) + ' |' for r in g]
                    lines.insert(1, '|' + '|'.join(['---'] * len(g[0])) + '|')
                    parts.append('\n'.join(lines))
            elif el.name == 'img':
                parts.append('<!-- image -->')
            elif el.name in ('p', 'li'):
                t = text(el)
                if t:
                    parts.append(('## ' if TITLE.match(t) else '') + t)
            else:
                walk(el)

    walk(soup.body)
    return '\n\n'.join(parts) + '\n'


if __name__ == '__main__':
    with open(sys.argv[2], 'w', encoding='utf-8') as f:
        f.write(convert(sys.argv[1]))
