#!/usr/bin/env python3
"""Generate N guihua outputs by varying real ones, for timing compare and report.

usage: gen_plans.py SRC_DIR OUT_DIR N

Reads every guihua JSON under SRC_DIR (e.g. a `guihua batch corpus` output)
and writes OUT_DIR/gen/NNNN.json: each a copy of one of them with another
county name (two plans of one county now and then, as real collections have)
and its indicator figures scaled by a random factor, plus OUT_DIR/manifest.jsonl
with a failed and an unsupported entry among the converted ones.
"""
import json, os, random, sys

src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(7)
plans = []
for d, _, files in os.walk(src):
    for f in sorted(files):
        if f.endswith(".json"):
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                p = json.load(fh)
            if p.get("indicators"):
                plans.append(p)
if not plans:
    sys.exit(f"{src}: no guihua outputs with indicators")
syll = "安宁平乐民泰和兴永昌德清阳山河东西南北丰华新顺福寿康定远"
os.makedirs(os.path.join(out, "gen"), exist_ok=True)
manifest = []


def scale(v, f):
    if not v:
        return v
    for k in ("value", "max"):
        if isinstance(v.get(k), (int, float)):
            v[k] = round(v[k] * f, 3)
    nv = v.get("normalized")
    if nv:
        for k in ("value", "max"):
            if isinstance(nv.get(k), (int, float)):
                nv[k] = round(nv[k] * f, 3)
    if isinstance(v.get("value"), (int, float)):
        v["raw"] = f"{v['value']:g}"
    return v


for k in range(n):
    p = json.loads(json.dumps(plans[k % len(plans)]))
    region = rng.choice(syll) + rng.choice(syll) + "县"
    if k % 50 == 1:
        region = "民乐县"
    old = p["meta"].get("region") or ""
    p["meta"]["region"] = region
    if p["meta"].get("title") and old:
        p["meta"]["title"] = p["meta"]["title"].replace(old, region)
    p["source"]["path"] = f"gen/{k:04}.txt"
    for i in p["indicators"]:
        f = rng.uniform(0.6, 1.4)
        i["baseline"] = scale(i.get("baseline"), f)
        i["target"] = scale(i.get("target"), f * rng.uniform(1.0, 1.2))
    name = f"gen/{k:04}.json"
    with open(os.path.join(out, name), "w", encoding="utf-8") as fh:
        json.dump(p, fh, ensure_ascii=False)
    manifest.append({"path": f"gen/{k:04}.txt", "output": name, "sha256": None,
                     "status": "converted", "error": None,
                     "warnings": len(p["warnings"]), "pages": None, "ms": 5})
manifest.append({"path": "gen/broken.pdf", "output": None, "sha256": None, "status": "failed",
                 "error": "gen/broken.pdf: not a PDF (no %PDF header)", "warnings": None,
                 "pages": None, "ms": 1})
manifest.append({"path": "gen/old.doc", "output": None, "sha256": None, "status": "unsupported",
                 "error": "gen/old.doc: a .doc file; convert it to .docx or PDF first",
                 "warnings": None, "pages": None, "ms": 0})
with open(os.path.join(out, "manifest.jsonl"), "w", encoding="utf-8") as fh:
    for e in manifest:
        fh.write(json.dumps(e, ensure_ascii=False) + "\n")
print(f"{n} plans from {len(plans)} sources in {out}")
