#!/usr/bin/env python3
"""Markdown whose tables stay HTML, as MinerU writes its .md (each table one
line, `<html><body><table><tr><td rowspan="2">…</td>…</table></body></html>`,
every title a level-1 `#` heading, paragraphs parted by blank lines), made
from the seeds' and variants' web pages (`web/`). The titles are the
paragraphs that open with 第…章/节/篇 and the page's own <h1>–<h6>; the site's
chrome stays as paragraphs, as a converter of the saved page would keep it.

usage: make_md_html_tables.py WEB_DIR OUT_DIR   (BeautifulSoup 4 + lxml)
"""
import os
import re
import sys

from bs4 import BeautifulSoup

TITLE = re.compile(r'^第[一二三四五六七八九十百]+[章节篇]')


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
                parts.append('# ' + el.get_text(' ', strip=True))
            elif el.name == 'table':
                rows = []
                for tr in el.find_all('tr'):
                    cells = ''
                    for td in tr.find_all(['td', 'th']):
                        attrs = ''.join(f' {a}="{td[a]}"' for a in ('rowspan', 'colspan')
                                        if td.has_attr(a) and td[a] != '1')
                        cells += f'<td{attrs}>' + td.get_text(' ', strip=True) + '</td>'
                    rows.append('<tr>' + cells + '</tr>')
                parts.append('<html><body><table>' + ''.join(rows) + '</table></body></html>')
            elif el.name in ('p', 'li'):
                t = el.get_text('', strip=True)
                if t:
                    parts.append(('# ' if TITLE.match(t) else '') + t)
            else:
                walk(el)

    walk(soup.body)
    return '\n\n'.join(parts) + '\n'


if __name__ == '__main__':
    web, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(web)):
        if name.endswith('.html'):
            with open(os.path.join(out, name[:-5] + '.md'), 'w', encoding='utf-8') as f:
                f.write(convert(os.path.join(web, name)))
