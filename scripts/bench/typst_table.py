#!/usr/bin/env python3
"""Writes the guide's appendix score table as a Typst document, the peer that the
benchmark compares yrdq with: same rubric, same columns and spans, same fonts,
A4 with the official margins, header row repeated on every page."""
import sys
import yaml

rubric = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
out = open(sys.argv[2], "w", encoding="utf-8")

def esc(s):
    return "".join("\\" + c if c in "\\#[]*_`$<>@~" else c for c in str(s))

w = out.write
w('#set page(paper: "a4", margin: (top: 37mm, left: 28mm, right: 26mm, bottom: 35mm), '
  'footer: context align(if calc.odd(counter(page).get().first()) { right } else { left }, '
  '[— #counter(page).display() —]))\n')
w('#set text(font: ("AR PL UMing CN", "Noto Serif CJK SC"), size: 12pt, lang: "zh", region: "cn")\n')
w('#align(center, text(size: 22pt, font: ("AR PL UMing CN",))[长三角质量提升示范试点建设评分表])\n')
w('#table(columns: (1.6fr, 1.6fr, 7.2fr, 1.2fr), align: (center + horizon, center + horizon, left, center + horizon),\n')
w('  table.header([一级指标], [二级指标], [三级指标], [得分]),\n')
for cat in rubric["categories"]:
    for ind in cat["indicators"]:
        rows = sum(len(g["items"]) + (1 if g.get("preamble") else 0) for g in ind["groups"])
        w(f'  table.cell(rowspan: {rows})[{esc(ind["number"])}、{esc(ind["name"])}（{ind["points"]}分）],\n')
        for g in ind["groups"]:
            grows = len(g["items"]) + (1 if g.get("preamble") else 0)
            w(f'  table.cell(rowspan: {grows})[{esc(g["name"])}（{g["points"]}分）],\n')
            if g.get("preamble"):
                w(f'  table.cell(colspan: 2)[{esc(g["preamble"])}],\n')
            for it in g["items"]:
                w(f'  [{it["number"]}．{esc(it["text"])}], [],\n')
for c in rubric["bonus"]["categories"]:
    w(f'  table.cell(rowspan: {len(c["levels"]) + 1})[{esc(c["number"])}、{esc(c["name"])}（{c["points"]}分）],\n')
    w(f'  table.cell(colspan: 3)[{esc(c["preamble"])}],\n')
    for lv in c["levels"]:
        w(f'  table.cell(colspan: 2)[{esc(lv["text"])}], [],\n')
d = rubric["deductions"]
w(f'  table.cell(rowspan: {len(d["conditions"]) + 1})[{esc(d["number"])}、{esc(d["name"])}],\n')
w(f'  table.cell(colspan: 3)[{esc(d["preamble"])}],\n')
for cond in d["conditions"]:
    w(f'  table.cell(colspan: 2)[{esc(cond["text"])}], [],\n')
w('  table.cell(colspan: 3)[总　分], [],\n)\n')
out.close()
