#!/usr/bin/env python3
"""Make the two-row-headers fixtures (see README.md), and their gold.

`merged`: a city plan whose indicator table has a two-row header
(规划目标 merged over 2025年 and 2035年, the other header cells merged
down both rows) and whose project table has one too (投资（亿元） over
总投资 and “十四五”投资), with group rows numbered 一/二 that carry their
totals; narrow columns (9 pt), so that names, contents and offices wrap
over several lines together. `foot`: a plan whose indicator table's header
row is the last line of a page, its rows overleaf (LibreOffice lays the
page so with this much text before it), a unit and a name that wrap
(微克/立方 over 米, 细颗粒物 over （PM2.5）).

usage: make_two_row_headers.py merged|foot OUT.docx       (python-docx 1.x)
       make_two_row_headers.py merged|foot --gold DOCX2TXT.txt OUT.gold.json
"""
import json
import sys

IND = {
    "merged": dict(
        title="澄江市“十四五”城乡建设发展规划", region="澄江市",
        caption="表1 澄江市“十四五”城乡建设主要指标",
        columns=["序号", "指标", "单位", "2020年现状值", "规划目标/2025年", "规划目标/2035年", "指标属性"],
        rows=[("1", "常住人口城镇化率", "%", "52.3", "58", "65", "预期性"),
              ("2", "城市建成区绿地率", "%", "36.5", "40", "42", "约束性"),
              ("3", "城市生活垃圾无害化处理率", "%", "95", "100", "100", "约束性"),
              ("4", "新建建筑中绿色建筑占比", "%", "40", "≥70", "100", "预期性"),
              ("5", "城镇新增保障性租赁住房", "套", "—", "〔3000〕", "—", "预期性"),
              ("6", "城市公共供水管网漏损率", "%", "12.6", "<9", "<8", "约束性")],
        headings=[("一、发展基础", 1), ("二、主要目标", 1), ("三、重点任务", 1),
                  ("（一）推进新型城镇化", 2), ("四、重点项目", 1), ("五、保障措施", 1)]),
    "foot": dict(
        title="岭南市“十四五”生态环境保护规划", region="岭南市",
        caption="表1 岭南市“十四五”生态环境保护主要指标",
        columns=["序号", "指标", "单位", "2020年", "2025年", "属性"],
        rows=[("1", "地级及以上城市细颗粒物（PM2.5）浓度", "微克/立方米", "32", "30", "约束性"),
              ("2", "城市空气质量优良天数比率", "%", "90.2", "92", "约束性"),
              ("3", "地表水达到或好于Ⅲ类水体比例", "%", "85", "90", "约束性"),
              ("4", "森林覆盖率", "%", "58.6", "59", "约束性"),
              ("5", "单位地区生产总值二氧化碳排放降低", "%", "—", "〔18〕", "约束性")],
        headings=[("一、发展基础", 1), ("二、主要指标", 1), ("三、主要任务", 1),
                  ("（一）深入打好污染防治攻坚战", 2)]),
}
PROJECTS = dict(
    caption="表2 澄江市“十四五”城乡建设重点项目表",
    columns=["序号", "项目名称", "建设内容及规模", "建设性质", "建设年限",
             "投资（亿元）/总投资", "投资（亿元）/“十四五”投资", "责任单位"],
    rows=[("一", "市政基础设施", "", "", "", "45.6", "30.2", ""),
          ("1", "澄江市城市道路提质改造工程", "改造主次干道12公里", "新建", "2021-2023", "15.6", "12.0", "市住房城乡建设局"),
          ("2", "澄江市污水处理厂扩建工程", "新增处理能力3万吨/日", "改扩建", "2022-2024", "30.0", "18.2", "市水务局"),
          ("二", "公共服务设施", "", "", "", "20.5", "20.5", ""),
          ("3", "澄江市第二人民医院", "新建床位500张", "新建", "2021-2025", "20.5", "20.5", "市卫生健康局")])


def make(v, out):
    import docx
    from docx.shared import Pt
    from docx.oxml.ns import qn
    t_ = IND[v]
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

    def merge(t, a, b):
        m = t.cell(*a).merge(t.cell(*b))
        for p in m.paragraphs[1:]:
            p._element.getparent().remove(p._element)

    heads = dict(t_["headings"])
    P(t_["title"], True, 20)
    if v == "merged":
        P("一、发展基础", True)
        P("“十三五”期间，全市城乡建设取得明显成效，城镇化水平稳步提高，基础设施不断完善。")
        P("二、主要目标", True)
        P("到2025年，城乡建设高质量发展取得新进展，主要指标如下表。")
        P(t_["caption"], True)
        rows = t_["rows"]
        t = d.add_table(rows=len(rows) + 2, cols=7)
        t.style = 'Table Grid'
        for j, h in enumerate(["序号", "指标", "单位", "2020年现状值", "规划目标", "", "指标属性"]):
            t.cell(0, j).text = h
        t.cell(1, 4).text, t.cell(1, 5).text = "2025年", "2035年"
        for j in (0, 1, 2, 3, 6):
            merge(t, (0, j), (1, j))
        merge(t, (0, 4), (0, 5))
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                t.cell(i + 2, j).text = c
        P("三、重点任务", True)
        P("（一）推进新型城镇化", True)
        P("优化城镇空间布局，提升县城承载能力，推动城乡融合发展。")
        d.add_page_break()
        P("四、重点项目", True)
        P(PROJECTS["caption"], True)
        P("单位：亿元")
        pr = PROJECTS["rows"]
        t = d.add_table(rows=len(pr) + 2, cols=8)
        t.style = 'Table Grid'
        for j, h in enumerate(["序号", "项目名称", "建设内容及规模", "建设性质", "建设年限", "投资（亿元）", "", "责任单位"]):
            t.cell(0, j).text = h
        t.cell(1, 5).text, t.cell(1, 6).text = "总投资", "“十四五”投资"
        for j in (0, 1, 2, 3, 4, 7):
            merge(t, (0, j), (1, j))
        merge(t, (0, 5), (0, 6))
        for i, r in enumerate(pr):
            for j, c in enumerate(r):
                if c:
                    t.cell(i + 2, j).text = c
        P("五、保障措施", True)
        P("加强组织领导，强化要素保障，严格考核评估。")
    else:
        P("一、发展基础", True)
        for _ in range(10):
            P("“十三五”期间，全市生态环境质量持续改善，污染防治攻坚战取得阶段性成效，绿色发展水平不断提升。")
        P("二、主要指标", True)
        P(t_["caption"], True)
        rows = t_["rows"]
        t = d.add_table(rows=len(rows) + 1, cols=6)
        t.style = 'Table Grid'
        for j, h in enumerate(t_["columns"]):
            t.cell(0, j).text = h
        for i, r in enumerate(rows):
            for j, c in enumerate(r):
                t.cell(i + 1, j).text = c
        P("三、主要任务", True)
        P("（一）深入打好污染防治攻坚战", True)
        P("坚持精准治污、科学治污、依法治污，持续改善生态环境质量。")
    for tb in d.tables:
        for row in tb.rows:
            for c in row.cells:
                for p in c.paragraphs:
                    for r in p.runs:
                        r.font.size = Pt(9 if v == "merged" else 12)
    d.save(out)


def gold(v, text, out):
    """The gold from the tables above, each line found in the docx2txt text."""
    t_ = IND[v]
    lines = open(text, encoding="utf-8").read().split("\n")
    at = lambda s, frm=0: next(i + 1 for i in range(frm, len(lines)) if lines[i].strip() == s)
    heads, k = [], 0
    for h, level in t_["headings"]:
        k = at(h, k)
        heads.append({"line": k, "level": level, "text": h, "runin": False})
    cap = at(t_["caption"])
    ind_end = at(t_["rows"][-1][-1], at(t_["rows"][-1][0], cap))
    cols = t_["columns"]
    ind = {"line_start": at("序号", cap), "line_end": ind_end,
           "caption": t_["caption"].split(" ", 1)[-1], "columns": cols,
           "rows": [{"seq": r[0], "name": r[1], "unit": r[2], "baseline": r[3], "target": r[4],
                     "attribute": r[-1],
                     "other": {cols[5]: r[5]} if len(r) == 7 else {}} for r in t_["rows"]]}
    prj = []
    if v == "merged":
        pc = at(PROJECTS["caption"])
        rows = PROJECTS["rows"]
        groups, items, group = [], [], None
        for r in rows:
            if not r[0].isdigit():
                group = r[1]
                groups.append({"seq": r[0], "name": r[1], "total_investment": r[5]})
            else:
                items.append({"seq": r[0], "group": group, "name": r[1], "nature": r[3],
                              "years": r[4], "total_investment": r[5], "owner": r[7]})
        prj.append({"line_start": at("序号", pc), "line_end": at(rows[-1][7], pc),
                    "caption": PROJECTS["caption"][2:].strip(), "unit": "亿元",
                    "columns": PROJECTS["columns"], "groups": groups, "rows": items})
    g = {"doc": v,
         "meta": {"title": t_["title"], "region": t_["region"], "doc_number": None, "issuer": None,
                  "issued": None, "period": [2021, 2025]},
         "headings": heads, "boxes": [], "indicator_tables": [ind], "project_tables": prj}
    json.dump(g, open(out, "w"), ensure_ascii=False, indent=1)


if __name__ == "__main__":
    if sys.argv[2] == "--gold":
        gold(sys.argv[1], sys.argv[3], sys.argv[4])
    else:
        make(sys.argv[1], sys.argv[2])
