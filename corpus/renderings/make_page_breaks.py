#!/usr/bin/env python3
"""Make the page-breaks fixtures (see README.md), and their gold: a provincial
outline's indicator table of 21 rows that runs over three pages — a 类别
column merged down each group's rows, a 年均增长〔累计〕 column with values
in words (高于地区生产总值增长), a unit that wraps (万吨 over 标准煤), a row cut
by the first page break (预期 over the break, 性 overleaf) and one row alone
on the last page. `rep*`: the header row repeated on every page (Word's
"repeat as header row"); `norep*`: the parts overleaf with no header. Cells
set at the top (`*top`) or centred (`*centre`).

usage: make_page_breaks.py VARIANT OUT.docx             (python-docx 1.x)
       make_page_breaks.py VARIANT --gold DOCX2TXT.txt OUT.gold.json
"""
import sys, json
import docx
from docx.shared import Pt, Cm
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from docx.enum.table import WD_ALIGN_VERTICAL
TITLE="青川省国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
CAPTION="表1 “十四五”时期经济社会发展主要指标"
HEAD=["类别","序号","指标","单位","2020年","2025年","年均增长〔累计〕","属性"]
ROWS=[("经济发展","1","地区生产总值增长","%","3.6","—","6左右","预期性"),
("","2","全员劳动生产率增长","%","4.1","—","高于地区生产总值增长","预期性"),
("","3","常住人口城镇化率","%","62.1","67","〔4.9〕","预期性"),
("","4","服务业增加值占地区生产总值比重","%","52.3","55","〔2.7〕","预期性"),
("创新驱动","5","全社会研究与试验发展经费投入增长","%","9.8","—","10以上","预期性"),
("","6","每万人口高价值发明专利拥有量","件","5.2","9","〔3.8〕","预期性"),
("","7","数字经济核心产业增加值占地区生产总值比重","%","6.8","10","〔3.2〕","预期性"),
("民生福祉","8","居民人均可支配收入增长","%","5.8","—","与经济增长基本同步","预期性"),
("","9","城镇调查失业率","%","5.2","—","<5.5","预期性"),
("","10","劳动年龄人口平均受教育年限","年","10.5","11","〔0.5〕","约束性"),
("","11","每千人口拥有执业（助理）医师数","人","2.9","3.4","〔0.5〕","预期性"),
("","12","基本养老保险参保率","%","91","95","〔4〕","预期性"),
("","13","每千人口拥有3岁以下婴幼儿托位数","个","1.2","4.5","〔3.3〕","预期性"),
("","14","人均预期寿命","岁","78.3","79.3","〔1〕","预期性"),
("绿色生态","15","单位地区生产总值能源消耗降低","%","—","—","完成国家下达任务","约束性"),
("","16","单位地区生产总值二氧化碳排放降低","%","—","—","完成国家下达任务","约束性"),
("","17","地级及以上城市空气质量优良天数比率","%","88.4","90","〔1.6〕","约束性"),
("","18","地表水达到或好于Ⅲ类水体比例","%","85.6","88","〔2.4〕","约束性"),
("","19","森林覆盖率","%","41.2","42","〔0.8〕","约束性"),
("安全保障","20","粮食综合生产能力","万吨","3520","3550","—","约束性"),
("","21","能源综合生产能力","万吨标准煤","4200","4600","—","约束性")]
HEADINGS=[("第一章 发展环境",1),("第一节 “十三五”时期发展成就",2),("第二章 主要目标",1),("第一节 “十四五”时期主要目标",2),("第三章 构建现代产业体系",1)]
BODY="“十三五”时期，全省经济社会发展取得新的重大成就，综合实力迈上新台阶，创新能力显著增强，人民生活水平大幅提高，生态环境明显改善，为开启全面建设社会主义现代化新征程奠定了坚实基础。"
def make(v,out):
    d=docx.Document(); st=d.styles['Normal']; st.font.name='Noto Serif CJK SC'; st.element.rPr.rFonts.set(qn('w:eastAsia'),'Noto Serif CJK SC'); st.font.size=Pt(12)
    def P(t,b=False,sz=None):
        p=d.add_paragraph(t)
        if b: p.runs[0].bold=True
        if sz: p.runs[0].font.size=Pt(sz)
    P(TITLE,True,18); P("第一章 发展环境",True); P("第一节 “十三五”时期发展成就",True)
    for _ in range(3): P(BODY)
    P("第二章 主要目标",True); P("第一节 “十四五”时期主要目标",True); P(BODY); P(CAPTION,True)
    t=d.add_table(rows=len(ROWS)+1,cols=len(HEAD)); t.style='Table Grid'
    for j,h in enumerate(HEAD): t.cell(0,j).text=h
    for i,r in enumerate(ROWS):
        for j,c in enumerate(r):
            if j>0 or c: t.cell(i+1,j).text=c
    starts=[i+1 for i,r in enumerate(ROWS) if r[0]]+[len(ROWS)+1]
    for a,b in zip(starts,starts[1:]):
        if b-1>a:
            m=t.cell(a,0).merge(t.cell(b-1,0))
            for p in m.paragraphs[1:]: p._element.getparent().remove(p._element)
    W=[Cm(1.4),Cm(1.1),Cm(5.6),Cm(1.5),Cm(1.6),Cm(1.6),Cm(2.4),Cm(1.4)]
    t.autofit=False
    for row in t.rows:
        for j,c in enumerate(row.cells):
            c.width=W[j]
            if "centre" in v: c.vertical_alignment=WD_ALIGN_VERTICAL.CENTER
    for j,g in enumerate(t._tbl.tblGrid.findall(qn('w:gridCol'))): g.set(qn('w:w'),str(int(W[j].twips)))
    if "rep" in v and "norep" not in v:
        trPr=t.rows[0]._tr.get_or_add_trPr(); h=OxmlElement('w:tblHeader'); h.set(qn('w:val'),'true'); trPr.append(h)
    P("注：〔〕内为五年累计数。")
    P("第三章 构建现代产业体系",True); P(BODY)
    d.save(out)
def gold(v,text,out):
    lines=open(text,encoding='utf-8').read().split("\n")
    at=lambda s,frm=0: next(i+1 for i in range(frm,len(lines)) if lines[i].strip()==s)
    heads,k=[],0
    for h,l in HEADINGS:
        k=at(h,k); heads.append({"line":k,"level":l,"text":h,"runin":False})
    cap=at(CAPTION)
    ind={"line_start":at("类别",cap),"line_end":at(ROWS[-1][-1],at(ROWS[-1][2],cap)),"caption":CAPTION.split(" ",1)[-1],"columns":HEAD,
         "rows":[{"seq":r[1],"name":r[2],"unit":r[3],"baseline":r[4],"target":r[5],"attribute":r[7],"other":{"年均增长〔累计〕":r[6]}} for r in ROWS]}
    g={"doc":v,"meta":{"title":TITLE,"region":"青川省","doc_number":None,"issuer":None,"issued":None,"period":[2021,2025]},"headings":heads,"boxes":[],"indicator_tables":[ind],"project_tables":[]}
    json.dump(g,open(out,"w"),ensure_ascii=False,indent=1)
if sys.argv[2]=="--gold": gold(sys.argv[1],sys.argv[3],sys.argv[4])
else: make(sys.argv[1],sys.argv[2])
