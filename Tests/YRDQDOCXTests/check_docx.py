"""Reads a DOCX written by yrdq with python-docx and prints what the Swift tests check, as JSON:
section set-up, the styles' faces, tables' merges and header rows, footers."""
import json
import sys

import docx
from docx.oxml.ns import qn

out = {}
for path in sys.argv[1:]:
    d = docx.Document(path)
    sections = []
    for s in d.sections:
        grid = s._sectPr.find(qn("w:docGrid"))
        # Read before the footers' paragraphs: python-docx adds a footer to a section it reads them from.
        linked = s.footer.is_linked_to_previous
        sections.append({
            "width_mm": round(s.page_width.mm, 1), "height_mm": round(s.page_height.mm, 1),
            "top_mm": round(s.top_margin.mm, 1), "bottom_mm": round(s.bottom_margin.mm, 1),
            "left_mm": round(s.left_margin.mm, 1), "right_mm": round(s.right_margin.mm, 1),
            "orientation": int(s.orientation),
            "grid": None if grid is None else {k.split("}")[1]: v for k, v in grid.attrib.items()},
            "odd_footer": [p.text for p in s.footer.paragraphs],
            "odd_footer_align": [str(p.alignment) for p in s.footer.paragraphs],
            "even_footer": [p.text for p in s.even_page_footer.paragraphs],
            "even_footer_align": [str(p.alignment) for p in s.even_page_footer.paragraphs],
            "footer_linked": linked,
            "page_start": (s._sectPr.find(qn("w:pgNumType")).get(qn("w:start"))
                           if s._sectPr.find(qn("w:pgNumType")) is not None else None),
        })
    styles = {}
    for st in d.styles:
        rpr = st.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        styles[st.name] = {
            "eastAsia": None if fonts is None else fonts.get(qn("w:eastAsia")),
            "ascii": None if fonts is None else fonts.get(qn("w:ascii")),
            "size": None if st.type != 1 or st.font.size is None else st.font.size.pt,
            "bold": None if st.type != 1 else st.font.bold,
        }
    tables = []
    for t in d.tables:
        tbl = t._tbl
        tables.append({
            "grid": [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))],
            "width": int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))),
            "rows": len(t.rows),
            "header_rows": sum(1 for r in tbl.tr_lst if r.trPr is not None and r.trPr.find(qn("w:tblHeader")) is not None),
            "grid_spans": sum(1 for tc in tbl.iter(qn("w:tc")) if tc.tcPr is not None and tc.tcPr.find(qn("w:gridSpan")) is not None),
            "vmerge_restarts": sum(1 for v in tbl.iter(qn("w:vMerge")) if v.get(qn("w:val")) == "restart"),
            "vmerge_continues": sum(1 for v in tbl.iter(qn("w:vMerge")) if v.get(qn("w:val")) in (None, "continue")),
            # Every row covers the whole grid.
            "rows_fill_grid": all(sum(c.grid_span for c in r.tc_lst) == len(tbl.tblGrid.findall(qn("w:gridCol"))) for r in tbl.tr_lst),
            "first_cell": t.cell(0, 0).text,
        })
    out[path] = {
        "sections": sections, "styles": styles, "tables": tables,
        "even_and_odd": d.settings.odd_and_even_pages_header_footer,
        "paragraph_styles": sorted({p.style.name for p in d.paragraphs}),
        "text": "\n".join(p.text for p in d.paragraphs),
        "title": d.core_properties.title,
    }
print(json.dumps(out, ensure_ascii=False))
