#!/usr/bin/env python3
"""Make the no-attribute fixtures (see README.md), and their gold: a county
environmental plan's indicator table with no 属性 column (序号 指标名称 单位
2020年 2025年 年均增长, as many 专项规划 print it), names that wrap, a rate's
unit that wraps (微克/立 over 方米), narrow columns whose words wrap (序 over
号, 年均增 over 长); its cells set at the top (`top`) or centred (`centre`).

usage: make_no_attribute.py top|centre OUT.docx             (python-docx 1.x)
       make_no_attribute.py top|centre --gold DOCX2TXT.txt OUT.gold.json
"""
import sys, json
import docx
from docx.shared import Pt, Cm
from docx.oxml.ns import qn
from docx.enum.table import WD_ALIGN_VERTICAL
TITLE="青禾县“十四五”生态环境保护规划"
CAPTION="表2 青禾县“十四五”生态环境保护主要指标"
HEAD=["序号","指标名称","单位","2020年","2025年","年均增长"]
ROWS=[("1","地级及以上城市细颗粒物（PM2.5）浓度","微克/立方米","35","32","—"),
("2","城市空气质量优良天数比率","%","86.3","88","〔1.7〕"),
("3","地表水达到或好于Ⅲ类水体比例","%","80","85","〔5〕"),
("4","单位地区生产总值二氧化碳排放降低","%","—","—","〔18〕"),
("5","森林覆盖率","%","45.2","46","〔0.8〕"),
("6","受污染耕地安全利用率","%","90","93","〔3〕"),
("7","一般工业固体废物综合利用率","%","70","75","1.4"),
("8","农村生活污水治理率","%","30","45","8.4")]
HEADINGS=[("第一章 发展基础",1),("第二章 主要目标",1),("第三章 重点任务",1)]
def make(v,out):
    d=docx.Document(); st=d.styles['Normal']; st.font.name='Noto Serif CJK SC'; st.element.rPr.rFonts.set(qn('w:eastAsia'),'Noto Serif CJK SC'); st.font.size=Pt(12)
    def P(t,b=False,sz=None):
        p=d.add_paragraph(t)
        if b: p.runs[0].bold=True
        if sz: p.runs[0].font.size=Pt(sz)
    P(TITLE,True,18); P("第一章 发展基础",True); P("“十三五”时期，全县生态环境质量持续改善。"); P("第二章 主要目标",True); P("到2025年，生态环境质量进一步改善。"); P(CAPTION,True)
    t=d.add_table(rows=len(ROWS)+1,cols=len(HEAD)); t.style='Table Grid'
    for j,h in enumerate(HEAD): t.cell(0,j).text=h
    for i,r in enumerate(ROWS):
        for j,c in enumerate(r): t.cell(i+1,j).text=c
    W=[Cm(1.2),Cm(5.2),Cm(2.2),Cm(1.8),Cm(1.8),Cm(2.0)]
    t.autofit=False
    for row in t.rows:
        for j,c in enumerate(row.cells):
            c.width=W[j]
            if v=="centre": c.vertical_alignment=WD_ALIGN_VERTICAL.CENTER
    for j,g in enumerate(t._tbl.tblGrid.findall(qn('w:gridCol'))): g.set(qn('w:w'),str(int(W[j].twips)))
    P("第三章 重点任务",True); P("坚持精准治污、科学治污、依法治污。")
    d.save(out)
def gold(v,text,out):
    lines=open(text,encoding='utf-8').read().split("\n")
    at=lambda s,frm=0: next(i+1 for i in range(frm,len(lines)) if lines[i].strip()==s)
    heads,k=[],0
    for h,l in HEADINGS:
        k=at(h,k); heads.append({"line":k,"level":l,"text":h,"runin":False})
    cap=at(CAPTION)
    ind={"line_start":at("序号",cap),"line_end":at(ROWS[-1][-1],at(ROWS[-1][1],cap)),"caption":CAPTION.split(" ",1)[-1],"columns":HEAD,
         "rows":[{"seq":r[0],"name":r[1],"unit":r[2],"baseline":r[3],"target":r[4],"attribute":None,"other":{"年均增长":r[5]}} for r in ROWS]}
    g={"doc":v,"meta":{"title":TITLE,"region":"青禾县","doc_number":None,"issuer":None,"issued":None,"period":[2021,2025]},"headings":heads,"boxes":[],"indicator_tables":[ind],"project_tables":[]}
    json.dump(g,open(out,"w"),ensure_ascii=False,indent=1)
if sys.argv[2]=="--gold": gold(sys.argv[1],sys.argv[3],sys.argv[4])
else: make(sys.argv[1],sys.argv[2])
