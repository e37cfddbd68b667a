#!/usr/bin/env python3
"""Generate web-page and Word renditions of our text plans (seeds and variants).

usage: python3 corpus/renderings/make_web_and_word.py   (needs python-docx)

Each text plan becomes `web/<stem>.html` — the plan as a county site's article
page, with the site's chrome around it (navigation, breadcrumbs, the 索引号
info table, share links, footer), GBK-encoded for the variants — and
`word/<stem>.docx` (python-docx). Runs of tab-separated lines become real
tables; pipe rows too; every other non-blank line a paragraph, markup (`**`,
`[bookmark: …]`, `#`) dropped. The plans' gold (corpus/gold, corpus/variants)
applies unchanged: the text is the same.
"""
import html
import os
import re
import sys

import docx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "renderings")
MARKUP = re.compile(r"\*\*|\[bookmark:[^\]]*\]")


def blocks(text):
    """Yield ("p", text) and ("table", rows) from a text plan."""
    rows = []
    for raw in text.split("\n"):
        line = MARKUP.sub("", raw.rstrip("\r"))
        if line.startswith("#"):
            line = line.lstrip("#").strip()
        is_tab = line.count("\t") >= 2 and line.strip()
        is_pipe = line.strip().startswith("|") and line.count("|") >= 3
        if is_tab or is_pipe:
            if is_pipe:
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if all(re.fullmatch(r"[-: —]+", c) for c in cells if c):
                    continue
                cells = [c.replace("<br>", "") for c in cells]
            else:
                cells = [c.strip() for c in line.split("\t")]
            rows.append(cells)
            continue
        if not line.strip():
            continue
        if rows:
            yield ("table", rows)
            rows = []
        yield ("p", line.strip())
    if rows:
        yield ("table", rows)


CHROME_TOP = """<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | 无障碍浏览</div>
<ul class="nav"><li><a href="/">首页</a></li><li>走进本县</li><li>政务公开</li><li>政民互动</li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政务公开 &gt; 规划计划</div>
<table class="xxgk_info"><tr><td>索 引 号：</td><td>000000000/2022-00001</td><td>发布机构：</td><td>县人民政府办公室</td></tr>
<tr><td>名　　称：</td><td colspan="3">{title}</td></tr></table>
<div class="article"><h1 class="art-title">{title}</h1><div class="art-info">来源：县人民政府办公室　浏览次数：318</div>
<div class="TRS_Editor">
"""
CHROME_BOTTOM = """</div><div class="share">分享到：微信 微博 QQ空间</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">关于印发某某规划的通知</a></li><li><a href="/b">某某县政府工作报告</a></li></ul></div>
</div><div class="footer">主办单位：县人民政府办公室　备案号：ICP备12345678号-1</div>
"""


def web(stem, text, charset):
    parts = list(blocks(text))
    title = next((t for k, t in parts if k == "p"), stem)
    body = []
    for kind, v in parts:
        if kind == "p":
            body.append(f"<p>{html.escape(v)}</p>")
        else:
            width = max(len(r) for r in v)
            trs = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r + [""] * (width - len(r))) + "</tr>"
                for r in v
            )
            body.append(f'<table border="1">{trs}</table>')
    page = (
        f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{html.escape(title)}_政务公开</title></head><body>\n"
        + CHROME_TOP.format(title=html.escape(title))
        + "\n".join(body)
        + "\n"
        + CHROME_BOTTOM
        + "</body></html>\n"
    )
    with open(os.path.join(OUT, "web", stem + ".html"), "wb") as f:
        f.write(page.encode(charset, errors="xmlcharrefreplace"))


def word(stem, text):
    d = docx.Document()
    for kind, v in blocks(text):
        if kind == "p":
            d.add_paragraph(v)
        else:
            width = max(len(r) for r in v)
            t = d.add_table(rows=len(v), cols=width)
            for i, r in enumerate(v):
                for j, c in enumerate(r):
                    t.cell(i, j).text = c
    d.save(os.path.join(OUT, "word", stem + ".docx"))


def main():
    for sub, charset in (("seeds", "utf-8"), ("variants", "gbk")):
        d = os.path.join(ROOT, sub)
        for name in sorted(os.listdir(d)):
            if not name.endswith(".txt"):
                continue
            stem = name[:-4]
            text = open(os.path.join(d, name), encoding="utf-8-sig").read()
            web(stem, text, charset)
            word(stem, text)
            print(stem, file=sys.stderr)


if __name__ == "__main__":
    main()
