#!/usr/bin/env python3
"""Write the gold of a projects fixture (corpus/gold/SPEC.md) from what its
generator put in the document (TABLE.json of make_projects.py), each
heading's and the table's lines found in the Word file's docx2txt text.

usage: make_projects_gold.py TABLE.json DOCX2TXT.txt DOC OUT.gold.json
"""
import json, sys

table, text, doc, out = sys.argv[1:5]
t = json.load(open(table))
lines = open(text, encoding="utf-8").read().split("\n")
at = lambda s, frm=0: next(i + 1 for i in range(frm, len(lines)) if lines[i].strip() == s)
heads = []
k = 0
for h, level in t["headings"]:
    k = at(h, k)
    heads.append({"line": k, "level": level, "text": h, "runin": False})
start = at(t["columns"][0], at(t["caption"]))
if "last" in t:
    # The table ends with its last row's investment (its 备注 empty).
    end = at(t["last"], start)
else:
    # The table ends with its 合计 row's two figures.
    total = max(i for i, l in enumerate(lines) if l.strip() == "合计")
    figures = [i for i in range(total + 1, len(lines)) if lines[i].strip()][:2]
    assert all(lines[i].strip().isdigit() for i in figures)
    end = figures[-1] + 1
gold = {
    "doc": doc,
    "meta": {"title": t["title"], "region": t["region"], "doc_number": None, "issuer": None,
             "issued": None, "period": [2021, 2025]},
    "headings": heads,
    "boxes": [],
    "indicator_tables": [],
    "project_tables": [{
        "line_start": start, "line_end": end,
        "caption": t["caption"].split(" ", 1)[-1], "unit": "万元",
        "columns": t["columns"], "groups": t["groups"], "rows": t["rows"],
    }],
}
json.dump(gold, open(out, "w"), ensure_ascii=False, indent=1)
