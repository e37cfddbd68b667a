#!/usr/bin/env python3
"""Make the long-projects fixtures (see README.md), and their gold: a city
outline's 重大项目表 of 17 rows in three groups (一、交通基础设施 merged
across the table) that runs over two pages, the columns as wide as city
plans print them: 建设内容及规模 wrapped over lines, amounts of seven digits
that wrap in their narrow column (125000 over 0), “十四五”投资（万元） split
over four lines. `rep*`: the header row repeated on every page; `norep*`:
the part overleaf with no header. Cells set at the top (`*top`) or centred
(`*centre`).

usage: make_long_projects.py VARIANT OUT.docx             (python-docx 1.x)
       make_long_projects.py VARIANT --gold DOCX2TXT.txt OUT.gold.json
"""
import sys, json
TITLE="青川市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"
CAPTION="附表 青川市“十四五”重大项目表"
HEAD=["序号","项目名称","建设内容及规模","建设性质","建设年限","总投资（万元）","“十四五”投资（万元）","责任单位"]
GROUPS=[("一","交通基础设施",[
 ("青川至云溪高速公路","新建高速公路68公里，双向四车道，设互通立交5处","新建","2021-2025","1250000","980000","市交通运输局"),
 ("云溪港区二期码头工程","新建5000吨级泊位4个及配套堆场","新建","2022-2024","186000","186000","云溪港务集团"),
 ("市域铁路S1线","线路全长32.6公里，设站12座","续建","2020-2025","2100000","1650000","市发展改革委"),
 ("国道G318线青川段改建","改建一级公路42公里","改建","2021-2023","168000","168000","市交通运输局"),
 ("青川通用机场","新建800米跑道及航站楼","新建","2022-2025","56000","56000","市交通运输局"),
 ("城市快速路东延工程","新建快速路9.8公里，桥梁3座","新建","2021-2024","231000","231000","市住房城乡建设局")]),
 ("二","生态环保",[
 ("清水河流域综合治理工程","河道整治45公里，新建生态护岸及湿地公园3处","新建","2021-2023","86000","86000","市水务局"),
 ("城市污水处理厂扩建工程","新增日处理能力10万吨","改扩建","2021-2022","42000","42000","市住房城乡建设局"),
 ("生活垃圾焚烧发电项目","日处理生活垃圾1500吨","新建","2022-2024","98000","98000","市城市管理局"),
 ("矿山生态修复工程","修复历史遗留矿山1200公顷","新建","2021-2025","36000","36000","市自然资源局"),
 ("城乡供水一体化工程","新建水厂2座，铺设管网260公里","新建","2021-2024","75000","75000","市水务局")]),
 ("三","社会民生",[
 ("市第一人民医院新院区","新建床位1200张，建筑面积28万平方米","新建","2021-2024","320000","300000","市卫生健康委"),
 ("职业教育园区","新建校舍及实训基地，可容纳学生2万人","新建","2022-2025","150000","150000","市教育局"),
 ("老旧小区改造工程","改造老旧小区320个，惠及居民8.6万户","续建","2020-2025","128000","110000","市住房城乡建设局"),
 ("市体育中心","新建体育场、体育馆及游泳馆","新建","2022-2025","96000","96000","市体育局"),
 ("养老服务综合体","新建养老床位3000张","新建","2021-2025","54000","54000","市民政局"),
 ("保障性租赁住房项目","筹建保障性租赁住房1.2万套","新建","2021-2025","240000","240000","市住房城乡建设局")])]
HEADINGS=[("第一章 发展基础",1),("第二章 扩大有效投资",1),("第一节 实施重大项目带动战略",2),("第三章 推动产业转型升级",1)]
BODY="“十三五”时期，全市经济社会发展取得新的重大成就，综合实力迈上新台阶，创新能力显著增强，人民生活水平大幅提高，生态环境明显改善。"
def make(v,out):
    import docx
    from docx.shared import Pt, Cm
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement
    from docx.enum.table import WD_ALIGN_VERTICAL
    d=docx.Document(); st=d.styles['Normal']; st.font.name='Noto Serif CJK SC'; st.element.rPr.rFonts.set(qn('w:eastAsia'),'Noto Serif CJK SC'); st.font.size=Pt(12)
    def P(t,b=False,sz=None):
        p=d.add_paragraph(t)
        if b: p.runs[0].bold=True
        if sz: p.runs[0].font.size=Pt(sz)
    P(TITLE,True,18); P("第一章 发展基础",True)
    for _ in range(3): P(BODY)
    P("第二章 扩大有效投资",True); P("第一节 实施重大项目带动战略",True); P(BODY); P(CAPTION,True)
    nrows=1+sum(1+len(r) for _,_,r in GROUPS)
    t=d.add_table(rows=nrows,cols=len(HEAD)); t.style='Table Grid'
    for j,h in enumerate(HEAD): t.cell(0,j).text=h
    i=1; n=1; merges=[]
    for gs,gn,rows in GROUPS:
        m=t.cell(i,0).merge(t.cell(i,len(HEAD)-1)); m.text=f"{gs}、{gn}"; merges.append(i); i+=1
        for r in rows:
            cells=[str(n)]+list(r[:2])+list(r[2:])
            for j,c in enumerate(cells): t.cell(i,j).text=c
            i+=1; n+=1
    W=[Cm(1.0),Cm(3.2),Cm(4.6),Cm(1.3),Cm(1.8),Cm(1.8),Cm(1.9),Cm(2.4)]
    t.autofit=False
    for row in t.rows:
        for j,c in enumerate(row.cells):
            c.width=W[j]
            if "centre" in v: c.vertical_alignment=WD_ALIGN_VERTICAL.CENTER
    for j,g in enumerate(t._tbl.tblGrid.findall(qn('w:gridCol'))): g.set(qn('w:w'),str(int(W[j].twips)))
    if v.startswith("rep"):
        trPr=t.rows[0]._tr.get_or_add_trPr(); h=OxmlElement('w:tblHeader'); h.set(qn('w:val'),'true'); trPr.append(h)
    P("第三章 推动产业转型升级",True); P(BODY)
    d.save(out)
def gold(v,text,out):
    lines=open(text,encoding='utf-8').read().split("\n")
    at=lambda s,frm=0: next(i+1 for i in range(frm,len(lines)) if lines[i].strip()==s)
    heads,k=[],0
    for h,l in HEADINGS:
        k=at(h,k); heads.append({"line":k,"level":l,"text":h,"runin":False})
    cap=at(CAPTION); last=GROUPS[-1][2][-1]
    end=at(last[-1],at(last[0],cap))
    rows=[];n=1;groups=[]
    for gs,gn,rs in GROUPS:
        groups.append({"seq":gs,"name":gn,"total_investment":None})
        for r in rs:
            rows.append({"seq":str(n),"group":gn,"name":r[0],"nature":r[2],"years":r[3],"total_investment":r[4],"owner":r[6]}); n+=1
    g={"doc":v,"meta":{"title":TITLE,"region":"青川市","doc_number":None,"issuer":None,"issued":None,"period":[2021,2025]},"headings":heads,"boxes":[],"indicator_tables":[],
       "project_tables":[{"line_start":at("序号",cap),"line_end":end,"caption":CAPTION.split(" ",1)[-1],"unit":"万元","columns":HEAD,"groups":groups,"rows":rows}]}
    json.dump(g,open(out,"w"),ensure_ascii=False,indent=1)
if sys.argv[2]=="--gold": gold(sys.argv[1],sys.argv[3],sys.argv[4])
else: make(sys.argv[1],sys.argv[2])
