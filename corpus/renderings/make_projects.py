#!/usr/bin/env python3
"""Make the project-table fixtures: a city plan's outline and its 重大项目 table
as city and provincial plans print it. `groups`: group rows (一、交通基础设施)
merged across the table, a 小计 row after each group and a 合计 row at the end,
two investment columns (总投资, “十四五”投资) named with their unit (万元), 建设内容
wrapped over lines. `cities`: a 地区 column merged down each city's rows, 小计
per city. `county`: a county plan's 重点项目表 with neither groups nor totals,
a 建设地点 column after the name, 建设规模及内容 and 建设起止年限 (2021—2023),
the unit wrapped under 总投资, and a 备注 column mostly empty. `amounts`: a
city's table whose amounts come before the years (总投资, “十四五”投资, 建设期限,
牵头单位), groups labelled （一）基础设施类 without totals. Cells set at the
top (Word's default) or centred.

usage: make_projects.py groups|cities|county|amounts top|centre OUT.docx [TABLE.json]   (python-docx 1.x)

TABLE.json: what the document holds (its title, headings and table), for
make_projects_gold.py.
"""
import sys, json
import docx
from docx.shared import Pt, Cm
from docx.oxml.ns import qn

GROUPS = [
 ("一、交通基础设施", [
  ("青川至云溪高速公路", "新建高速公路68公里，双向四车道，设互通立交5处", "新建", "2021-2025", "125000", "98000", "市交通运输局"),
  ("云溪港区二期码头工程", "新建5000吨级泊位4个及配套堆场", "新建", "2022-2024", "186000", "186000", "云溪港务集团"),
  ("市域铁路S1线", "线路全长32.6公里，设站12座", "续建", "2020-2025", "210000", "165000", "市发展改革委"),
 ]),
 ("二、生态环保", [
  ("清水河流域综合治理工程", "河道整治45公里，新建生态护岸及湿地公园3处", "新建", "2021-2023", "86000", "86000", "市水务局"),
  ("城市污水处理厂扩建工程", "新增日处理能力10万吨", "改扩建", "2021-2022", "42000", "42000", "市住房城乡建设局"),
 ]),
 ("三、社会民生", [
  ("市第一人民医院新院区", "新建床位1200张，建筑面积28万平方米", "新建", "2021-2024", "320000", "300000", "市卫生健康委"),
  ("职业教育园区", "新建校舍及实训基地，可容纳学生2万人", "新建", "2022-2025", "150000", "150000", "市教育局"),
 ]),
]
CITIES = [
 ("云溪区", [
  ("云溪新城综合管廊", "建设综合管廊18公里", "新建", "2021-2024", "96000", "96000", "云溪区人民政府"),
  ("云溪老旧小区改造工程", "改造老旧小区56个，惠及居民2.1万户", "续建", "2020-2023", "38000", "30000", "云溪区住房城乡建设局"),
 ]),
 ("青川县", [
  ("青川县城供水工程", "新建水厂1座，日供水5万吨，铺设管网36公里", "新建", "2022-2024", "54000", "54000", "青川县水利局"),
  ("青川工业园区标准厂房", "建设标准厂房30万平方米", "新建", "2021-2023", "72000", "72000", "青川县工业园区管委会"),
  ("青川县人民医院迁建", "新建床位800张", "新建", "2021-2025", "110000", "110000", "青川县卫生健康局"),
 ]),
 ("石门县", [
  ("石门至青川快速通道", "新建一级公路42公里", "新建", "2022-2025", "168000", "150000", "石门县交通运输局"),
  ("石门县职业中学扩建", "新建教学楼、实训楼4.5万平方米", "改扩建", "2021-2022", "23000", "23000", "石门县教育局"),
 ]),
]

COUNTY = [
 ("G318线青石段改建工程", "青石镇", "改建二级公路26公里，新建桥梁3座", "2021—2023", "46800", "续建"),
 ("县城第二水厂", "城关镇", "新建日供水3万吨水厂1座及配套管网18公里", "2022—2024", "23500", ""),
 ("5G网络全覆盖工程", "全县", "新建5G基站420个", "2021—2025", "12600", "运营商投资"),
 ("农产品冷链物流园", "石桥乡", "建设冷库2万吨、分拣中心及交易市场", "2022—2025", "31000", ""),
 ("县人民医院综合楼", "城关镇", "新建综合楼4.2万平方米，床位500张", "2021—2023", "28000", ""),
 ("高标准农田建设", "各乡镇", "建设高标准农田8万亩", "2021—2025", "16000", "中央预算内"),
 ("城区污水管网改造", "城关镇", "改造雨污分流管网35公里", "2022—2023", "9800", ""),
 ("工业园区标准化厂房", "工业园区", "新建标准化厂房12万平方米", "2021—2024", "36000", ""),
 ("乡村旅游环线", "北部山区", "建设旅游环线公路48公里及驿站6处", "2023—2025", "27500", ""),
 ("职业技术学校迁建", "城东新区", "新建校舍6万平方米，容纳学生3000人", "2022—2025", "42000", ""),
 ("抽水蓄能电站前期", "龙潭村", "开展抽水蓄能电站前期工作", "2024—2025", "5000", "前期"),
 ("老旧小区改造", "城关镇", "改造老旧小区42个，惠及居民6800户", "2021—2025", "18600", ""),
 ("智慧城市一期", "县城", "建设城市大脑及数据中心", "2022—2024", "15000", ""),
 ("S205线绕城段", "城南", "新建一级公路9.6公里", "2023—2025", "38400", ""),
]
COUNTY_TITLE = "青石县国民经济和社会发展第十四个五年规划纲要"
AMOUNTS = [
 ("（一）基础设施类", [
  ("沿江高铁青州段", "建设高速铁路正线86公里，设站3座", "386500", "210000", "2021-2026", "省铁路投资集团"),
  ("青州机场改扩建工程", "新建航站楼6万平方米及站坪", "42800", "42800", "2022-2025", "市交通运输局"),
  ("国道G205线青州绕城段", "新建一级公路38公里", "28600", "28600", "2021-2024", "市交通运输局"),
 ]),
 ("（二）产业发展类", [
  ("新能源电池产业园", "建设年产20GWh动力电池生产线", "120000", "95500", "2021-2025", "青州经开区管委会"),
  ("绿色建材产业基地", "建设装配式建筑构件生产基地", "18200", "18200", "2022-2024", "市工业和信息化局"),
 ]),
 ("（三）民生保障类", [
  ("市儿童医院", "新建床位800张", "15600", "15600", "2021-2023", "市卫生健康委"),
  ("城市更新行动", "改造老旧小区320个、城中村12个", "65000", "50000", "2021-2025", "市住房城乡建设局"),
 ]),
]
AMOUNTS_TITLE = "青州市“十四五”综合交通和重大项目建设规划"
TITLE = "青川市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
P = ("坚持以人民为中心的发展思想，立足新发展阶段，贯彻新发展理念，构建新发展格局，统筹发展和安全，"
     "着力推动高质量发展，不断增强经济实力、科技实力和综合竞争力，让改革发展成果更多更公平惠及全市人民。")
BODY = [("第一节 发展成就", [P, "综合实力显著增强。" + P, "城乡面貌持续改善。" + P]),
        ("第二节 发展环境", [P, "从国际看，" + P, "从国内看，" + P, "从全市看，" + P])]
TAIL = [("第三章 推动产业转型升级", []),
        ("第一节 壮大先进制造业", [P, "做强电子信息产业。" + P, "提升装备制造水平。" + P]),
        ("第二节 发展现代服务业", [P, "培育现代物流体系。" + P, "提升文化旅游品质。" + P]),
        ("第四章 建设美丽青川", []),
        ("第一节 加强生态保护", [P, "筑牢生态安全屏障。" + P, "推进绿色低碳发展。" + P])]

def new_document():
    d = docx.Document()
    st = d.styles['Normal']; st.font.name = 'Noto Serif CJK SC'
    st.element.rPr.rFonts.set(qn('w:eastAsia'), 'Noto Serif CJK SC'); st.font.size = Pt(12)
    return d

def set_widths(t, widths, align):
    t.autofit = False
    for j, gc in enumerate(t._tbl.tblGrid.findall(qn('w:gridCol'))):
        gc.set(qn('w:w'), str(int(widths[j] * 567)))
    for row in t.rows:
        for j, w in enumerate(widths): row.cells[j].width = Cm(w)
    if align == "centre":
        from docx.enum.table import WD_ALIGN_VERTICAL
        for row in t.rows:
            for c in row.cells: c.vertical_alignment = WD_ALIGN_VERTICAL.CENTER

def titled(title, landscape=False):
    """A new document with its title; the headings added by `h` (bold
    lines; those given a level are the gold's)."""
    d = new_document()
    if landscape:
        from docx.enum.section import WD_ORIENT
        sec = d.sections[0]
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    p = d.add_paragraph(title); p.runs[0].bold = True; p.runs[0].font.size = Pt(18)
    heads = []
    def h(t, level=None):
        d.add_paragraph(t).runs[0].bold = True
        if level: heads.append((t, level))
    return d, heads, h

def add_table(d, head, body):
    """The table: its header, then the body's rows (kind, cells), a group
    row's cells merged across it."""
    t = d.add_table(rows=len(body) + 1, cols=len(head)); t.style = 'Table Grid'
    for j, c in enumerate(head): t.cell(0, j).text = c
    for i, (kind, cells) in enumerate(body):
        for j, c in enumerate(cells):
            if c: t.cell(i + 1, j).text = c
        if kind == "group":
            merge(t.cell(i + 1, 0), t.cell(i + 1, len(head) - 1))
    return t

def merge(a, b):
    m = a.merge(b)
    for p in m.paragraphs[1:]: p._element.getparent().remove(p._element)

def county(align, out, table_json):
    d, heads, h = titled(COUNTY_TITLE)
    text = P.replace("全市", "全县")
    h("一、发展基础", 1)
    for _ in range(4): d.add_paragraph(text)
    h("二、扩大有效投资", 1)
    h("（一）实施重大项目带动", 2)
    for _ in range(3): d.add_paragraph(text)
    cap = "青石县“十四五”重点项目表"
    h(cap)
    head = ["序号", "项目名称", "建设地点", "建设规模及内容", "建设起止年限", "总投资（万元）", "备注"]
    body = [("row", [str(i + 1)] + list(r)) for i, r in enumerate(COUNTY)]
    rows = [{"seq": str(i + 1), "group": None, "name": r[0], "nature": None,
             "years": r[3], "total_investment": r[4], "owner": None} for i, r in enumerate(COUNTY)]
    set_widths(add_table(d, head, body), [1.1, 3.6, 1.8, 4.6, 2.2, 1.9, 1.8], align)
    h("（二）强化要素保障", 2)
    for _ in range(2): d.add_paragraph(text)
    h("三、保障措施", 1)
    d.add_paragraph("加强组织领导，健全重大项目推进机制，强化要素保障，确保规划目标任务落到实处。")
    d.save(out)
    if table_json:
        json.dump({"title": COUNTY_TITLE, "region": "青石县", "headings": heads, "caption": cap,
                   "columns": head, "groups": [], "rows": rows, "last": COUNTY[-1][4]},
                  open(table_json, "w"), ensure_ascii=False, indent=1)

def amounts(align, out, table_json):
    d, heads, h = titled(AMOUNTS_TITLE)
    h("第一章 发展基础", 1)
    for _ in range(3): d.add_paragraph(P)
    h("第二章 重大项目", 1)
    h("第一节 项目布局", 2)
    for _ in range(2): d.add_paragraph(P)
    cap = "表1 青州市“十四五”重大项目表"
    h(cap)
    head = ["序号", "项目名称", "主要建设内容", "总投资（万元）", "“十四五”投资（万元）", "建设期限", "牵头单位"]
    body, rows, groups, n = [], [], [], 0
    for g, rs in AMOUNTS:
        body.append(("group", [g] + [""] * 6))
        groups.append({"seq": g[:3], "name": g[3:], "total_investment": None})
        for r in rs:
            n += 1
            body.append(("row", [str(n)] + list(r)))
            rows.append({"seq": str(n), "group": g[3:], "name": r[0], "nature": None, "years": r[4],
                         "total_investment": r[2], "owner": r[5]})
    set_widths(add_table(d, head, body), [1.1, 3.4, 4.6, 1.8, 2.0, 2.0, 2.6], align)
    h("第二节 保障措施", 2)
    d.add_paragraph(P)
    h("第三章 组织实施", 1)
    d.add_paragraph(P)
    d.save(out)
    if table_json:
        json.dump({"title": AMOUNTS_TITLE, "region": "青州市", "headings": heads, "caption": cap,
                   "columns": head, "groups": groups, "rows": rows, "last": AMOUNTS[-1][1][-1][5]},
                  open(table_json, "w"), ensure_ascii=False, indent=1)

def main():
    kind, align, out = sys.argv[1], sys.argv[2], sys.argv[3]
    if kind == "amounts":
        return amounts(align, out, sys.argv[4] if len(sys.argv) > 4 else None)
    if kind == "county":
        return county(align, out, sys.argv[4] if len(sys.argv) > 4 else None)
    d, heads, h = titled(TITLE, landscape=kind == "cities")
    h("第一章 发展基础", 1)
    d.add_paragraph("“十三五”时期，全市经济社会发展取得显著成就，地区生产总值突破三千亿元，城乡居民收入稳步增长，重大基础设施建设加快推进。")
    for t, ps in BODY:
        h(t, 1 if t.startswith("第") and "章" in t[:4] else 2)
        for x in ps:
            d.add_paragraph(x)
    h("第二章 扩大有效投资", 1)
    h("第一节 实施重大项目带动战略", 2)
    d.add_paragraph("坚持项目为王，聚焦交通、生态、民生等领域，谋划实施一批打基础、利长远、增后劲的重大项目，发挥投资对优化供给结构的关键作用。")
    cap = "表2 青川市“十四五”重大项目表" if kind == "groups" else "附表 青川市“十四五”县区重点项目表"
    h(cap)
    gold_rows, gold_groups = [], []
    if kind == "groups":
        head = ["序号", "项目名称", "建设内容及规模", "建设性质", "建设年限", "总投资（万元）", "“十四五”投资（万元）", "责任单位"]
        body = []
        n = 0; tot = [0, 0]
        for g, rows in GROUPS:
            body.append(("group", [g] + [""] * 7))
            sub = [0, 0]
            for r in rows:
                n += 1
                body.append(("row", [str(n)] + list(r)))
                sub[0] += int(r[4]); sub[1] += int(r[5])
                gold_rows.append({"seq": str(n), "group": g.split("、", 1)[1], "name": r[0], "nature": r[2], "years": r[3], "total_investment": r[4], "owner": r[6]})
            body.append(("sub", ["", "小计", "", "", "", str(sub[0]), str(sub[1]), ""]))
            tot[0] += sub[0]; tot[1] += sub[1]
            gold_groups.append({"seq": g.split("、")[0], "name": g.split("、", 1)[1], "total_investment": str(sub[0])})
        body.append(("sub", ["", "合计", "", "", "", str(tot[0]), str(tot[1]), ""]))
        widths = [1.1, 3.2, 4.0, 1.3, 2.2, 2.0, 2.0, 2.2]
    else:
        head = ["序号", "地区", "项目名称", "建设内容及规模", "建设性质", "建设年限", "总投资（万元）", "“十四五”投资（万元）", "责任单位"]
        body = []; n = 0; tot = [0, 0]
        for c, rows in CITIES:
            sub = [0, 0]; first = True
            for r in rows:
                n += 1
                body.append(("row", [str(n), c if first else ""] + list(r))); first = False
                sub[0] += int(r[4]); sub[1] += int(r[5])
                gold_rows.append({"seq": str(n), "group": None, "name": r[0], "nature": r[2], "years": r[3], "total_investment": r[4], "owner": r[6]})
            body.append(("sub", ["", "", "小计", "", "", "", str(sub[0]), str(sub[1]), ""]))
            tot[0] += sub[0]; tot[1] += sub[1]
        body.append(("sub", ["", "", "合计", "", "", "", str(tot[0]), str(tot[1]), ""]))
        widths = [1.1, 2.0, 4.4, 6.0, 1.5, 2.4, 2.0, 2.0, 3.8]
    t = add_table(d, head, body)
    if kind == "cities":
        i = 1
        for c, rows in CITIES:
            merge(t.cell(i, 1), t.cell(i + len(rows) - 1, 1))
            i += len(rows) + 1
    set_widths(t, widths, align)
    for t, ps in TAIL:
        h(t, 1 if "章" in t[:4] else 2)
        for x in ps:
            d.add_paragraph(x)
    h("第五章 保障措施", 1)
    d.add_paragraph("加强组织领导，健全重大项目推进机制，强化要素保障，确保规划目标任务落到实处。")
    d.save(out)
    if len(sys.argv) > 4:
        json.dump({"title": TITLE, "region": "青川市", "headings": heads, "caption": cap, "columns": head,
                   "groups": gold_groups, "rows": gold_rows},
                  open(sys.argv[4], "w"), ensure_ascii=False, indent=1)

main()
