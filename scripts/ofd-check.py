#!/usr/bin/env python3
"""An independent check of yrdq's OFD files with two readers from PyPI that share nothing
with the Swift writer: ofdkit parses the package and extracts the text of every page in
reading order; easyofd renders it to PDF and the PDF to PNG pages (through PyMuPDF).

    ofd-check.py FILE.ofd OUTDIR [DPI]

DPI: the PNG pages are rendered from easyofd's PDF at that resolution (as easyofd's own
pdf2img does, at its fixed zoom, when DPI is not given; a long document then takes minutes).

Writes OUTDIR/easyofd.pdf and OUTDIR/page-N.png and prints one JSON object:
{"ofdkit": {"pages": n, "title": ..., "author": ..., "texts": [page text, ...]},
 "easyofd": {"pdf": path, "pages": n, "png": [path, ...], "embedded_fonts": {"registered": [...], "refused": [...]}}}

easyofd (20260427) draws every character with the reportlab font registered as "宋体" and
never with the embedded faces (it registers them, then does not use them); reportlab reads
only TrueType (glyf) outlines, so a CFF-based subset (Noto CJK) is refused at registration.
Debian has no SimSun, so "宋体" is registered here as AR PL UMing (fonts-arphic-uming, TrueType).
"""
import contextlib, io, json, logging, os, sys, warnings


def ofdkit_text(path):
    import ofdkit
    with ofdkit.open(path) as doc:
        info = getattr(doc, "info", None)
        pages = list(doc.pages)
        return {
            "pages": len(pages),
            "title": getattr(info, "title", None),
            "author": getattr(info, "author", None),
            "texts": [p.text() for p in pages],
        }


def easyofd_render(path, out, dpi=None):
    warnings.simplefilter("ignore")
    from loguru import logger
    logger.remove()
    logging.disable(logging.CRITICAL)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    with contextlib.redirect_stdout(io.StringIO()):
        from easyofd.ofd import OFD
        from easyofd.draw import font_tools
    pdfmetrics.registerFont(TTFont("宋体", "/usr/share/fonts/truetype/arphic/uming.ttc", subfontIndex=0))
    # easyofd asks reportlab for each embedded face by name on every character it draws; for a
    # name reportlab does not know it parses every AFM file on its path again (~40 ms a time,
    # minutes for a long document). The answer for a name does not change: remember it.
    search, answers = pdfmetrics.bruteForceSearchForAFM, {}

    def remembered(face_name):
        if face_name not in answers:
            answers[face_name] = search(face_name)
        return answers[face_name]

    pdfmetrics.bruteForceSearchForAFM = remembered

    # Which embedded faces reportlab accepts (easyofd registers them the same way).
    registered, refused = [], []
    original = font_tools.FontTool.register_font

    def watch(self, file_name, font_name, font_b64):
        before = len(self.FONTS)
        original(self, file_name, font_name, font_b64)
        (registered if len(self.FONTS) > before else refused).append(font_name or file_name)

    font_tools.FontTool.register_font = watch
    cwd = os.getcwd()
    os.chdir(out)  # easyofd writes the embedded fonts to the working folder while it registers them
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            ofd = OFD()
            ofd.read(os.path.join(cwd, path) if not os.path.isabs(path) else path, fmt="path")
            pdf = ofd.to_pdf()
            if dpi is None:
                images = ofd.pdf2img(pdf)
            else:
                import fitz
                from PIL import Image
                with fitz.open(stream=pdf, filetype="pdf") as doc:
                    images = []
                    for page in doc:
                        pix = page.get_pixmap(dpi=dpi, alpha=False)
                        images.append(Image.frombytes("RGB", [pix.width, pix.height], pix.samples))
    finally:
        os.chdir(cwd)
    pdf_path = os.path.join(out, "easyofd.pdf")
    with open(pdf_path, "wb") as f:
        f.write(pdf)
    pngs = []
    for n, image in enumerate(images, 1):
        p = os.path.join(out, f"page-{n}.png")
        image.save(p)
        pngs.append(p)
    return {"pdf": pdf_path, "pages": len(images), "png": pngs,
            "embedded_fonts": {"registered": registered, "refused": refused}}


def main():
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and not sys.argv[3].isdigit()):
        print(__doc__, file=sys.stderr)
        return 64
    path, out = sys.argv[1], sys.argv[2]
    dpi = int(sys.argv[3]) if len(sys.argv) == 4 else None
    os.makedirs(out, exist_ok=True)
    print(json.dumps({"ofdkit": ofdkit_text(path), "easyofd": easyofd_render(path, out, dpi)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
