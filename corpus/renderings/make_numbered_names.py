#!/usr/bin/env python3
"""Make the numbered-names fixtures (see README.md): a provincial plan's
outline with a 专栏 holding its indicator table as national and provincial
plans print it — no 序号 column, each name carrying its number
(1.地区生产总值增长（%）), a 类别 column merged down each group, a value
column named without a year (年均/累计), values in words — as a Word file
whose cells are set at the top (`top`) or centred (`centre`); in
`narrowtop` and `narrowcentre` with the columns as wide as provincial plans
print them (the 类别 column two characters wide, its labels wrapped).

usage: make_numbered_names.py top|centre|narrowtop|narrowcentre OUT.docx   (python-docx 1.x)
"""
import sys
import docx
from docx.shared import Pt
from docx.oxml.ns import qn
rows = [
("经济发展","1.地区生产总值增长（%）","3.9","—","6左右","预期性"),
("","2.全员劳动生产率增长（%）","4.2","—","高于地区生产总值增长","预期性"),
("","3.常住人口城镇化率（%）","56.4","62","—","预期性"),
("创新驱动","4.全社会研发经费投入增长（%）","—","—","＞10","预期性"),
("","5.每万人口高价值发明专利拥有量（件）","1.9","4","—","预期性"),
("","6.数字经济核心产业增加值占地区生产总值比重（%）","4.5","8","—","预期性"),
("民生福祉","7.居民人均可支配收入增长（%）","3.6","—","与经济增长基本同步","预期性"),
("","8.城镇调查失业率（%）","5.4","—","＜5.5","预期性"),
("","9.劳动年龄人口平均受教育年限（年）","10.2","10.8","—","约束性"),
("","10.每千人口拥有执业（助理）医师数（人）","2.6","3.1","—","预期性"),
("绿色生态","11.单位地区生产总值能源消耗降低（%）","—","—","〔14〕","约束性"),
("","12.森林覆盖率（%）","32.1","33","—","约束性"),
("安全保障","13.粮食综合生产能力（万吨）","—","＞1200","—","约束性"),
]
head=("类别","指标","2020年","2025年","年均/累计","属性")
d=docx.Document()
st=d.styles['Normal']; st.font.name='Noto Serif CJK SC'; st.element.rPr.rFonts.set(qn('w:eastAsia'),'Noto Serif CJK SC'); st.font.size=Pt(12)
p=d.add_paragraph("云岭省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要")
p.runs[0].bold=True; p.runs[0].font.size=Pt(20)
d.add_paragraph("第一篇 开启全面建设社会主义现代化新征程").runs[0].bold=True
d.add_paragraph("第一章 发展基础和发展环境").runs[0].bold=True
d.add_paragraph("“十三五”时期，全省经济社会发展取得重大成就，综合实力迈上新台阶，人民生活水平显著提高，为开启全面建设社会主义现代化新征程奠定了坚实基础。")
d.add_paragraph("第二章 总体要求和主要目标").runs[0].bold=True
d.add_paragraph("第一节 主要目标").runs[0].bold=True
d.add_paragraph("经济发展取得新成效。在质量效益明显提升的基础上实现经济持续健康发展，增长潜力充分发挥，地区生产总值年均增长6%左右。")
d.add_paragraph("专栏1 “十四五”时期经济社会发展主要指标").runs[0].bold=True
t=d.add_table(rows=len(rows)+1, cols=6); t.style='Table Grid'
for j,h in enumerate(head): t.cell(0,j).text=h
for i,r in enumerate(rows):
    for j,c in enumerate(r):
        if j>0 or c: t.cell(i+1,j).text=c
starts=[i+1 for i,r in enumerate(rows) if r[0]]+[len(rows)+1]
for a,b in zip(starts,starts[1:]):
    if b-1>a:
        m=t.cell(a,0).merge(t.cell(b-1,0))
        for p in m.paragraphs[1:]: p._element.getparent().remove(p._element)
if sys.argv[1].startswith("narrow"):
    # The columns as provincial plans print them: 类别 two characters wide
    # (its labels wrap, 经济 over 发展), the name column wide, 预期 over 性.
    widths=[docx.shared.Cm(x) for x in (1.3,7.0,1.8,1.8,3.0,1.6)]
    t.autofit=False
    for row in t.rows:
        for j,c in enumerate(row.cells): c.width=widths[j]
    # (LibreOffice lays the table out by its grid's widths.)
    for j,g in enumerate(t._tbl.tblGrid.findall(qn('w:gridCol'))): g.set(qn('w:w'),str(int(widths[j].twips)))
else:
    for row in t.rows:
        row.cells[1].width=docx.shared.Cm(6)
d.add_paragraph("注：〔〕内为五年累计数。")
d.add_paragraph("第二篇 坚持创新驱动发展").runs[0].bold=True
d.add_paragraph("第三章 强化战略科技力量").runs[0].bold=True
d.add_paragraph("第一节 建设高水平创新平台").runs[0].bold=True
d.add_paragraph("加快建设省实验室体系，争创国家实验室基地，布局建设一批重大科技基础设施。")
if sys.argv[1].endswith("centre"):
    from docx.enum.table import WD_ALIGN_VERTICAL
    for row in t.rows:
        for c in row.cells: c.vertical_alignment=WD_ALIGN_VERTICAL.CENTER
d.save(sys.argv[2])
