#!/usr/bin/env python3
"""A Word file as government offices publish one: a 目录 whose entries link
to bookmarks (`_Toc…`) on the plan's top two heading levels, each entry its
title, a tab and a page number. Made from a generated Word file (`word/`),
the headings read from the plan's gold (`corpus/gold`, `corpus/variants`:
levels 1 and 2 that are not run-in titles). pandoc keeps such bookmarks:
`[]{#_Toc70000037 .anchor}第一章 发展基础` (-t markdown), `<span
id="_Toc70000037" class="anchor"></span>` (-t gfm), the 目录 as links.

usage: make_word_toc.py IN.docx GOLD.json OUT.docx   (python-docx 1.x)
"""
import json
import sys

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def squash(t):
    return ''.join(t.split())


def main(src, gold, out):
    d = docx.Document(src)
    titles = {squash(h['text']) for h in json.load(open(gold, encoding='utf-8'))['headings']
              if h['level'] <= 2 and not h.get('runin')}
    heads = []
    for p in d.paragraphs:
        if squash(p.text) in titles:
            n = len(heads) + 1
            name = f'_Toc{70000000 + n * 37}'
            start = OxmlElement('w:bookmarkStart')
            start.set(qn('w:id'), str(n))
            start.set(qn('w:name'), name)
            end = OxmlElement('w:bookmarkEnd')
            end.set(qn('w:id'), str(n))
            p._p.insert(1 if p._p.pPr is not None else 0, start)
            p._p.append(end)
            heads.append((p.text.strip(), name))
    # The 目录 before the first heading (a plan that prints its own keeps it).
    if any(squash(p.text) == '目录' for p in d.paragraphs):
        d.save(out)
        return
    first = next(p for p in d.paragraphs if squash(p.text) in titles)
    first.insert_paragraph_before('目  录')
    for page, (t, name) in enumerate(heads, start=1):
        p = first.insert_paragraph_before('')
        link = OxmlElement('w:hyperlink')
        link.set(qn('w:anchor'), name)
        link.set(qn('w:history'), '1')
        for part in (t, None, str(page)):
            r = OxmlElement('w:r')
            if part is None:
                r.append(OxmlElement('w:tab'))
            else:
                text = OxmlElement('w:t')
                text.text = part
                r.append(text)
            link.append(r)
        p._p.append(link)
    d.save(out)


if __name__ == '__main__':
    main(*sys.argv[1:4])
