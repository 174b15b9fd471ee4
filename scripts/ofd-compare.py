#!/usr/bin/env python3
"""Compares the lines of a PDF and an OFD of the same document, each read independently of yrdq:
the PDF with PyMuPDF (every character's origin and its line's direction), the OFD by parsing its
package with the standard library (Document.xml's pages, each Content.xml's TextObjects: the
TextCode's X/Y and DeltaX/DeltaY, through the object's CTM and Boundary, the g-shorthand
expanded).

    ofd-compare.py FILE.pdf FILE.ofd

Characters are grouped into lines by baseline in the text's own direction (a turned page's
text runs upwards or downwards: its baseline is a vertical line), whitespace is dropped, and a
line is its characters in order along the baseline. Pages agree when they hold the same multiset
of line texts. Prints one JSON object:
{"pdf": {"pages": n, "lines": [[line, ...], ...]}, "ofd": {...}, "differences": [...]}
and exits 0 when the page counts and every page's lines agree, 1 when they do not.
"""
import json, math, posixpath, sys, warnings, zipfile
import xml.etree.ElementTree as ET

OFD_NS = "{http://www.ofdspec.org/2016}"
PT_PER_MM = 72 / 25.4
# Baselines closer than this (points) are one line. Glyph positions in both files come from the
# same frames, so they differ by rounding only (OFD writes micrometres, 0.003 pt); two cells of
# a table row may have baselines 0.6 pt apart, and are two lines in both files.
TOLERANCE = 0.05


def lines_of(chars):
    """chars: (text, x, y, dx, dy) with (dx, dy) the unit direction of the baseline, y down.
    Returns the line texts, ordered by position across then along the baseline."""
    groups = {}
    for text, x, y, dx, dy in chars:
        if not text.strip():
            continue
        # Snap the direction to a quarter turn (the documents have no other angles).
        angle = round(math.degrees(math.atan2(dy, dx)) / 90) % 4
        ux, uy = [(1, 0), (0, 1), (-1, 0), (0, -1)][angle]
        along = x * ux + y * uy
        across = -x * uy + y * ux  # distance from the baseline through the origin
        groups.setdefault(angle, []).append((across, along, text))
    result = []
    for angle in sorted(groups):
        items = sorted(groups[angle])
        line, last = [], None
        for across, along, text in items:
            if last is not None and across - last > TOLERANCE:
                result.append((line[0][0], line))
                line = []
            line.append((across, along, text))
            last = across
        if line:
            result.append((line[0][0], line))
    out = []
    for across, line in result:
        line.sort(key=lambda c: c[1])
        out.append("".join(c[2] for c in line).replace(" ", ""))
    return out


def pdf_pages(path):
    warnings.simplefilter("ignore")
    import fitz
    pages = []
    with fitz.open(path) as doc:
        for page in doc:
            chars = []
            raw = page.get_text("rawdict", flags=0)
            for block in raw["blocks"]:
                for line in block.get("lines", []):
                    dx, dy = line["dir"]
                    for span in line["spans"]:
                        for c in span["chars"]:
                            ox, oy = c["origin"]
                            chars.append((c["c"], ox, oy, dx, dy))
            pages.append(lines_of(chars))
    return pages


def numbers(text):
    """An OFD Delta list with the g-shorthand ("g count value") expanded."""
    tokens = (text or "").split()
    out, i = [], 0
    while i < len(tokens):
        if tokens[i] == "g":
            out += [float(tokens[i + 2])] * int(tokens[i + 1])
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def ofd_pages(path):
    pages = []
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("OFD.xml"))
        doc_root = root.find(f"{OFD_NS}DocBody/{OFD_NS}DocRoot").text.strip().lstrip("/")
        document = ET.fromstring(z.read(doc_root))
        base = posixpath.dirname(doc_root)
        for page in document.find(f"{OFD_NS}Pages").findall(f"{OFD_NS}Page"):
            content = ET.fromstring(z.read(posixpath.join(base, page.get("BaseLoc"))))
            chars = []
            for obj in content.iter(f"{OFD_NS}TextObject"):
                bx, by, _, _ = (float(v) for v in obj.get("Boundary").split())
                a, b, c, d, e, f = (float(v) for v in (obj.get("CTM") or "1 0 0 1 0 0").split())
                # The baseline's direction on the page: the CTM's image of (1, 0).
                norm = math.hypot(a, b) or 1
                for code in obj.findall(f"{OFD_NS}TextCode"):
                    x, y = float(code.get("X")), float(code.get("Y"))
                    dxs, dys = numbers(code.get("DeltaX")), numbers(code.get("DeltaY"))
                    for i, ch in enumerate(code.text or ""):
                        if i > 0:
                            x += dxs[i - 1] if i - 1 < len(dxs) else (dxs[-1] if dxs else 0)
                            y += dys[i - 1] if i - 1 < len(dys) else 0
                        px, py = a * x + c * y + e + bx, b * x + d * y + f + by
                        chars.append((ch, px * PT_PER_MM, py * PT_PER_MM, a / norm, b / norm))
            pages.append(lines_of(chars))
    return pages


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 64
    pdf, ofd = pdf_pages(sys.argv[1]), ofd_pages(sys.argv[2])
    differences = []
    if len(pdf) != len(ofd):
        differences.append(f"pages: PDF {len(pdf)}, OFD {len(ofd)}")
    for n, (p, o) in enumerate(zip(pdf, ofd), 1):
        if sorted(p) != sorted(o):
            only_pdf = [l for l in p if l not in o]
            only_ofd = [l for l in o if l not in p]
            differences.append({"page": n, "only_pdf": only_pdf, "only_ofd": only_ofd,
                                "pdf_lines": len(p), "ofd_lines": len(o)})
    print(json.dumps({"pdf": {"pages": len(pdf), "lines": pdf}, "ofd": {"pages": len(ofd), "lines": ofd},
                      "differences": differences}, ensure_ascii=False))
    return 0 if not differences else 1


if __name__ == "__main__":
    sys.exit(main())
