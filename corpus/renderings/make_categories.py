#!/usr/bin/env python3
"""Make the categories fixtures (see README.md), and their gold: a county
outline's indicator table as national and provincial outlines print it, a
类别 column merged down each group's rows before the 序号 column, narrow
name cells that wrap, a value in words after a dash; its cells set at the
top (`top`) or centred (`centre`). In `narrowtop` and `narrowcentre` the
columns are as wide as provincial plans print them: the 类别 column two
characters wide (its labels wrap, 经济 over 发展), the name column wide, the
attribute wrapped (预期 over 性).

usage: make_categories.py VARIANT OUT.docx             (python-docx 1.x)
       make_categories.py VARIANT --gold DOCX2TXT.txt OUT.gold.json
"""
import json
import sys

TITLE = "青禾县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
CAPTION = "表1 青禾县“十四五”经济社会发展主要指标"
HEAD = ["类别", "序号", "指标", "单位", "2020年", "2025年", "属性"]
ROWS = [("经济发展", "1", "地区生产总值年均增长", "%", "3.8", "6左右", "预期性"),
        ("", "2", "服务业增加值占地区生产总值比重", "%", "48.5", "52", "预期性"),
        ("", "3", "全社会固定资产投资年均增长", "%", "5.1", "8", "预期性"),
        ("创新驱动", "4", "研究与试验发展经费投入强度", "%", "1.6", "2.2", "预期性"),
        ("", "5", "每万人口高价值发明专利拥有量", "件", "1.2", "3", "预期性"),
        ("民生福祉", "6", "城镇调查失业率", "%", "4.8", "<5.5", "预期性"),
        ("", "7", "人均预期寿命", "岁", "78.2", "79", "预期性"),
        ("绿色生态", "8", "单位地区生产总值能源消耗降低", "%", "—", "完成省下达任务", "约束性"),
        ("", "9", "森林覆盖率", "%", "45.2", "46", "约束性")]
HEADINGS = [("第一章 发展基础", 1), ("第二章 主要目标", 1), ("第一节 “十四五”主要目标", 2),
            ("第三章 推动高质量发展", 1), ("第一节 做强现代产业", 2)]


def make(v, out):
    import docx
    from docx.shared import Pt
    from docx.oxml.ns import qn
    from docx.enum.table import WD_ALIGN_VERTICAL
    d = docx.Document()
    st = d.styles['Normal']
    st.font.name = 'Noto Serif CJK SC'
    st.element.rPr.rFonts.set(qn('w:eastAsia'), 'Noto Serif CJK SC')
    st.font.size = Pt(12)

    def P(t, b=False, sz=None):
        p = d.add_paragraph(t)
        if b:
            p.runs[0].bold = True
        if sz:
            p.runs[0].font.size = Pt(sz)

    P(TITLE, True, 18)
    P("第一章 发展基础", True)
    P("“十三五”时期，全县经济社会发展取得显著成效，综合实力明显增强。")
    P("第二章 主要目标", True)
    P("第一节 “十四五”主要目标", True)
    P("展望“十四五”，全县经济社会发展主要目标如下。")
    P(CAPTION, True)
    t = d.add_table(rows=len(ROWS) + 1, cols=7)
    t.style = 'Table Grid'
    for j, h in enumerate(HEAD):
        t.cell(0, j).text = h
    for i, r in enumerate(ROWS):
        for j, c in enumerate(r):
            if j > 0 or c:
                t.cell(i + 1, j).text = c
    starts = [i + 1 for i, r in enumerate(ROWS) if r[0]] + [len(ROWS) + 1]
    for a, b in zip(starts, starts[1:]):
        if b - 1 > a:
            m = t.cell(a, 0).merge(t.cell(b - 1, 0))
            for p in m.paragraphs[1:]:
                p._element.getparent().remove(p._element)
    if v.startswith("narrow"):
        from docx.shared import Cm
        widths = [Cm(1.4), Cm(1.1), Cm(6.4), Cm(1.5), Cm(1.8), Cm(2.4), Cm(1.6)]
        t.autofit = False
        for row in t.rows:
            for j, c in enumerate(row.cells):
                c.width = widths[j]
        # (LibreOffice lays the table out by its grid's widths.)
        for j, g in enumerate(t._tbl.tblGrid.findall(qn('w:gridCol'))):
            g.set(qn('w:w'), str(int(widths[j].twips)))
    if v.endswith("centre"):
        for row in t.rows:
            for c in row.cells:
                c.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    P("第三章 推动高质量发展", True)
    P("第一节 做强现代产业", True)
    P("坚持把发展经济着力点放在实体经济上，加快建设现代产业体系。")
    d.save(out)


def gold(v, text, out):
    """The gold from the table above, each line found in the docx2txt text."""
    lines = open(text, encoding="utf-8").read().split("\n")
    at = lambda s, frm=0: next(i + 1 for i in range(frm, len(lines)) if lines[i].strip() == s)
    heads, k = [], 0
    for h, level in HEADINGS:
        k = at(h, k)
        heads.append({"line": k, "level": level, "text": h, "runin": False})
    cap = at(CAPTION)
    ind = {"line_start": at("类别", cap), "line_end": at(ROWS[-1][-1], at(ROWS[-1][2], cap)),
           "caption": CAPTION.split(" ", 1)[-1], "columns": HEAD,
           "rows": [{"seq": r[1], "name": r[2], "unit": r[3], "baseline": r[4], "target": r[5],
                     "attribute": r[6], "other": {}} for r in ROWS]}
    g = {"doc": v,
         "meta": {"title": TITLE, "region": "青禾县", "doc_number": None, "issuer": None,
                  "issued": None, "period": [2021, 2025]},
         "headings": heads, "boxes": [], "indicator_tables": [ind], "project_tables": []}
    json.dump(g, open(out, "w"), ensure_ascii=False, indent=1)


if __name__ == "__main__":
    if sys.argv[2] == "--gold":
        gold(sys.argv[1], sys.argv[3], sys.argv[4])
    else:
        make(sys.argv[1], sys.argv[2])
