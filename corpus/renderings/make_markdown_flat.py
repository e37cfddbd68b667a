"""Markdown tables flattened, as converters and copy-paste print them.

From the Word renditions of the seed plans (`word/*.docx`, made by
`make_web_and_word.py`), walk the body in order and print every paragraph
as a line and every table as
- `md-pipes/`: Markdown pipe rows without the `|---|` separator row;
- `md-cells/`: one cell per line, a blank line after each row (a pipe
  table whose pipes and rules were stripped).
Run from corpus/renderings: `python3 make_markdown_flat.py`.
"""
import glob
import os

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


def blocks(d):
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, d)
        elif tag == "tbl":
            yield Table(child, d)


def cell_text(c, sep):
    return sep.join(p.text.strip() for p in c.paragraphs if p.text.strip())


def render(path, mode):
    out = []
    for b in blocks(docx.Document(path)):
        if isinstance(b, Paragraph):
            if b.text.strip():
                out += [b.text, ""]
            continue
        for row in b.rows:
            cells = []
            for c in row.cells:
                # A merged cell repeats in python-docx: print it once.
                if cells and cells[-1][0] is c._tc:
                    continue
                cells.append((c._tc, c))
            if mode == "md-pipes":
                out.append("| " + " | ".join(cell_text(c, " ") for _, c in cells) + " |")
            else:
                for _, c in cells:
                    out.append(cell_text(c, "\n"))
                out.append("")
        out.append("")
    return "\n".join(out) + "\n"


for mode in ("md-pipes", "md-cells"):
    os.makedirs(mode, exist_ok=True)
    for f in sorted(glob.glob("word/*.docx")):
        stem = os.path.splitext(os.path.basename(f))[0]
        if not stem[0].isdigit():
            continue
        with open(os.path.join(mode, stem + ".txt"), "w") as o:
            o.write(render(f, mode))
