/// The stylesheet every HTML document carries inline.
///
/// Font stacks name the official faces first (a reader who has them installed sees
/// them), then the free faces from Debian packages (Noto CJK, LXGW WenKai).
/// Sizes follow GB/T 9704: 3号 = 16 pt body, 2号 = 22 pt title, 4号 = 14 pt page
/// numbers; 22 lines a page in a 225 mm text block gives a line pitch of 28.95 pt, and a
/// 156 mm line holds 28 characters with letter-spacing trimmed by 0.22 pt.
enum HTMLStyle {
    static let css = #"""
:root {
  --fangsong: "仿宋_GB2312", "FangSong_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", serif;
  --song-title: "方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", STZhongsong, "Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", "宋体", SimSun, serif;
  --hei: "黑体", SimHei, STHeiti, "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Microsoft YaHei", sans-serif;
  --kai: "楷体_GB2312", "KaiTi_GB2312", "楷体", KaiTi, STKaiti, "LXGW WenKai", "AR PL UKai CN", serif;
  --song: "宋体", SimSun, "Noto Serif CJK SC", "Source Han Serif SC", serif;
  --line: 28.95pt;
}
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page landscape { size: A4 landscape; margin: 28mm 37mm 26mm 35mm; }
/* The cover carries no page number and is not counted: the body starts at page 1. */
@page cover { size: A4; margin: 37mm 26mm 35mm 28mm; counter-increment: page 0; }
@page cover-landscape { size: A4 landscape; margin: 28mm 37mm 26mm 35mm; counter-increment: page 0; }
@page :right {
  @bottom-right { content: "— " counter(page) " —"; font-family: var(--song); font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-right: 1em; }
}
@page :left {
  @bottom-left { content: "— " counter(page) " —"; font-family: var(--song); font-size: 14pt; vertical-align: top; padding-top: 7mm; padding-left: 1em; }
}
@page cover:right { @bottom-right { content: none; } }
@page cover:left { @bottom-left { content: none; } }
@page cover-landscape:right { @bottom-right { content: none; } }
@page cover-landscape:left { @bottom-left { content: none; } }

html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: var(--fangsong);
  font-size: 16pt;
  line-height: var(--line);
  color: #000;
  line-break: strict;
  overflow-wrap: break-word;
  font-kerning: none;
}
.sheet { box-sizing: border-box; position: relative; letter-spacing: -0.22pt; }
.sheet.landscape { page: landscape; }
.sheet.cover { page: cover; }
.sheet.landscape.cover { page: cover-landscape; }
/* Pages without numbers (a certificate) reuse the cover's unnumbered pages. */
.sheet.unnumbered { page: cover; }
.sheet.landscape.unnumbered { page: cover-landscape; }
/* A certificate's frame: a double rule around the text area. */
.sheet.framed { outline: 2.5pt double #8c1c13; outline-offset: -14mm; }
@media print { .sheet.framed { outline: none; border: 2.5pt double #8c1c13; padding: 10mm 14mm; min-height: 150mm; } }

@media screen {
  body { background: #8a8d91; padding: 12mm 0; }
  .sheet {
    width: 210mm; min-height: 297mm;
    padding: 37mm 26mm 35mm 28mm;
    margin: 0 auto 10mm;
    background: #fff;
    box-shadow: 0 1mm 4mm rgba(0, 0, 0, 0.35);
  }
  .sheet.landscape { width: 297mm; min-height: 210mm; padding: 28mm 37mm 26mm 35mm; }
  .page-break { border-top: 1px dashed #aaa; margin: 6mm 0; }
}
@media screen and (max-width: 215mm) {
  body { padding: 0; }
  .sheet, .sheet.landscape { width: auto; min-height: 0; padding: 12mm 6mm; margin: 0 0 4mm; }
}
@media print {
  body { background: none; }
  .sheet { width: auto; min-height: 0; padding: 0; margin: 0; box-shadow: none; }
  .sheet + .sheet { break-before: page; }
  .page-break { break-before: page; height: 0; }
}

h1, h2, h3, h4, h5, p, ul, ol { margin: 0; }
h1, h2, h3, h4, h5 { font-size: 16pt; font-weight: normal; line-height: var(--line); break-after: avoid; }

.doc-title {
  font-family: var(--song-title); font-size: 22pt; line-height: 1.5; font-weight: bold; font-synthesis: none;
  text-align: center; letter-spacing: 0; margin-bottom: var(--line);
}
.subtitle { text-align: center; margin-top: calc(-1 * var(--line)); margin-bottom: var(--line); }
.h1 { font-family: var(--hei); text-indent: 2em; }
.h2 { font-family: var(--kai); text-indent: 2em; }
.h3, .h4 { font-family: var(--fangsong); text-indent: 2em; }

p.body, li { text-indent: 2em; text-align: justify; }
p.plain { text-align: left; }
p.centered { text-align: center; }
p.right { text-align: right; }
p.note { font-size: 14pt; line-height: 1.6; text-align: justify; }
ul, ol { padding: 0; list-style-position: inside; }
ul { list-style-type: none; }
ul > li::before { content: "●"; font-size: 0.6em; vertical-align: 0.15em; margin-right: 0.6em; }

.blank {
  display: inline-block; min-width: 1em; height: 1em; vertical-align: -0.12em;
  border-bottom: 1px solid #000;
}
sup.note-mark { font-size: 0.6em; line-height: 0; vertical-align: super; letter-spacing: 0; }

/* Cover */
.sheet.cover { display: flex; flex-direction: column; }
.cover-main { flex: 1; padding-top: 30mm; }
.cover-title {
  font-family: var(--song-title); font-size: 26pt; line-height: 1.6; font-weight: bold; font-synthesis: none;
  text-align: center; letter-spacing: 0.05em; margin-bottom: 10mm;
}
.cover-subtitle { text-align: center; font-family: var(--kai); font-size: 18pt; margin-bottom: 20mm; }
table.cover-fields { margin: 24mm auto 0; border-collapse: collapse; font-size: 16pt; }
table.cover-fields th { font-family: var(--hei); font-weight: normal; text-align: justify; text-align-last: justify; white-space: nowrap; padding: 2mm 0.5em 2mm 0; vertical-align: bottom; }
table.cover-fields td { min-width: 14em; border-bottom: 1px solid #000; padding: 2mm 0.5em; text-align: center; vertical-align: bottom; }
.cover-foot { text-align: center; font-family: var(--song); font-size: 16pt; padding-bottom: 10mm; }
@media print { .sheet.cover { min-height: 222mm; } .sheet.landscape.cover { min-height: 153mm; } }

/* Attachments */
.attachment-label { font-family: var(--hei); text-align: left; text-indent: 0; margin-bottom: var(--line); }
.attachment-title { margin-top: 0; }

/* Tables */
.table-block { margin: 0.5em 0 1em; }
table.grid {
  width: 100%; border-collapse: collapse; table-layout: fixed;
  font-size: 12pt; line-height: 1.5; letter-spacing: 0;
  border: 1.5px solid #000;
}
table.grid caption { font-family: var(--hei); font-size: 14pt; line-height: 1.6; padding-bottom: 2mm; caption-side: top; text-align: center; }
table.grid th, table.grid td {
  border: 0.75px solid #000; padding: 1mm 1.2mm; vertical-align: middle;
  text-indent: 0; overflow-wrap: anywhere;
}
table.grid th { font-family: var(--hei); font-weight: normal; }
table.grid thead { display: table-header-group; }
table.grid thead tr:last-child th { border-bottom-width: 1.5px; }
table.grid td:not([rowspan]), table.grid th:not([rowspan]) { break-inside: avoid; }
table.grid .em { font-family: var(--hei); }
table.grid .nb { white-space: nowrap; }
table.grid .a-left { text-align: left; }
table.grid .a-center { text-align: center; }
table.grid .a-right { text-align: right; }
table.grid.compact { font-size: 10.5pt; line-height: 1.4; }
table.grid.compact th, table.grid.compact td { padding: 0.8mm 1mm; }
.table-notes { break-before: avoid; font-size: 12pt; line-height: 1.6; margin-top: 1.5mm; letter-spacing: 0; }
.table-notes p { text-align: justify; text-indent: 0; }

/* Signature: the date right-aligned with four characters to spare, the signing body
   centred over it, the seal over both. */
.signature { margin-top: calc(2 * var(--line)); break-inside: avoid; break-before: avoid; text-align: right; }
.sign-here { text-align: right; padding-right: 4em; margin-bottom: var(--line); }
.signature-block { position: relative; display: inline-block; text-align: center; margin-right: 4em; max-width: calc(100% - 4em); }
.signature-block p { text-indent: 0; }
.signature-block p.date { white-space: nowrap; }
/* With a seal the block is as tall as the seal (42 mm), so that nothing of it spills
   onto another page; the lines sit a little below the seal's centre. */
.signature-block.sealed { padding: 15mm 0 6mm; min-height: 42mm; box-sizing: border-box; }
.signature.has-seal { margin-top: var(--line); }
.seal {
  position: absolute; left: 50%; bottom: 0; width: 42mm; height: 42mm; object-fit: contain;
  transform: translateX(-50%); mix-blend-mode: multiply; opacity: 0.92; pointer-events: none;
}
/* Certificate: the sheet is the page, laid out as the PDF writer lays it out (mm from the
   page's edges): the frame's rules at 10 and 12.5 mm, the content 28 mm in from the sides,
   24 mm from the top and 22 mm from the bottom; the middle's type scales by --s. */
@page certificate { size: A4 landscape; margin: 0; }
/* Listed with the unnumbered landscape sheet, whose page it would otherwise take. */
.sheet.certificate-sheet, .sheet.landscape.unnumbered.certificate-sheet { page: certificate; padding: 0; letter-spacing: 0; }
@media screen { .sheet.certificate-sheet, .sheet.landscape.certificate-sheet { width: 297mm; min-height: 210mm; padding: 0; } }
@media screen and (max-width: 215mm) { .sheet.certificate-sheet, .sheet.landscape.certificate-sheet { width: 297mm; min-height: 210mm; padding: 0; } }
@media print { .sheet.certificate-sheet { width: 297mm; height: 209.5mm; overflow: hidden; } }
.certificate { --red: #b3140f; position: absolute; inset: 0; color: #000; }
.certificate-frame { position: absolute; inset: calc(10mm - 1.2pt); border: 2.4pt solid var(--red); }
.certificate-frame::before { content: ""; position: absolute; inset: calc(2.5mm - 1.55pt); border: 0.7pt solid var(--red); }
.certificate-frame .corner { position: absolute; width: 3.2mm; height: 3.2mm; box-sizing: border-box; border: 0.7pt solid var(--red); }
.certificate-frame .corner::after { content: ""; position: absolute; inset: 0.76mm; background: var(--red); }
.certificate-frame .corner.tl { left: calc(4.1mm - 1.2pt); top: calc(4.1mm - 1.2pt); }
.certificate-frame .corner.tr { right: calc(4.1mm - 1.2pt); top: calc(4.1mm - 1.2pt); }
.certificate-frame .corner.bl { left: calc(4.1mm - 1.2pt); bottom: calc(4.1mm - 1.2pt); }
.certificate-frame .corner.br { right: calc(4.1mm - 1.2pt); bottom: calc(4.1mm - 1.2pt); }
.certificate-body { position: absolute; left: 28mm; right: 28mm; top: 24mm; bottom: 22mm; display: flex; flex-direction: column; }
.certificate p { text-indent: 0; }
.certificate-heading {
  font-family: var(--song-title); font-size: 44pt; line-height: 1.25; font-weight: bold; font-synthesis: none;
  color: var(--red); text-align: center; letter-spacing: 0.25em; padding-left: 0.25em; margin: 0 0 4mm;
}
.certificate-main { flex: 1; display: flex; flex-direction: column; justify-content: space-evenly; text-align: center; min-height: 0; }
.certificate-holder {
  font-family: var(--song-title); font-size: max(7pt, calc(30pt * var(--s))); line-height: 1.4; font-weight: bold; font-synthesis: none;
  margin: 0 8mm; text-wrap: balance;
}
.certificate-holder-note { font-family: var(--kai); font-size: max(12pt, calc(18pt * var(--s))); line-height: 1.7; margin: 0 8mm; }
.certificate-honour {
  font-family: var(--song-title); font-size: max(24pt, calc(44pt * var(--s))); line-height: 1.3; font-weight: bold; font-synthesis: none;
  color: var(--red); margin: 0 8mm; text-wrap: balance;
}
.certificate-statement {
  font-size: max(12pt, calc(16pt * var(--s))); line-height: 1.8; text-align: justify; text-indent: 2em !important;
  width: 205mm; max-width: 100%; margin: 0 auto; letter-spacing: -0.22pt;
}
.certificate-foot { display: flex; justify-content: space-between; align-items: flex-end; gap: 8mm; min-height: 42mm; margin-top: 4mm; }
.certificate-verify { display: flex; align-items: flex-end; gap: 6mm; min-width: 0; flex: 1; }
.certificate-qr svg { display: block; }
.certificate-serial { --f: 1; font-size: calc(14pt * var(--f)); line-height: 1.6; min-width: 40mm; overflow-wrap: anywhere; }
.certificate-serial .certificate-note { font-size: max(7pt, calc(10.5pt * var(--f))); line-height: 1.55; }
.certificate-issuer {
  --f: 1; position: relative; text-align: center; font-size: calc(18pt * var(--f)); line-height: 1.65; max-width: 40%;
  margin: 0 2em 7mm 0; flex: none; letter-spacing: -0.25pt;
}
.certificate-issuer p.date { white-space: nowrap; }
.certificate-issuer .seal {
  position: absolute; left: 50%; top: 50%; width: 42mm; height: 42mm; object-fit: contain;
  transform: translate(-50%, -50%); mix-blend-mode: multiply; opacity: 0.92; pointer-events: none;
}

/* Official documents (GB/T 9704 §7). 版头: the mark 35 mm under the top of the text block, red,
   in the title face; the number two lines under it (an upward document: left, with 签发人 right);
   the red separator 4 mm under the number; the title two lines under that. */
.masthead { margin-top: 35mm; margin-bottom: calc(2 * var(--line)); border-bottom: 0.8mm solid #db1417; padding-bottom: 4mm; }
.masthead-mark { color: #db1417; font-family: var(--song-title); font-size: 36pt; line-height: 1.1; text-align: center;
  text-indent: 0; letter-spacing: 0; margin: 0 0 calc(2 * var(--line)); white-space: nowrap; }
.masthead-number { text-align: center; text-indent: 0; margin: 0; }
.masthead.upward .masthead-number { display: flex; justify-content: space-between; align-items: flex-end; padding: 0 1em; }
.masthead .signatory .names { font-family: var(--kai); display: inline-block; vertical-align: bottom; }
/* 附件说明: one line under the body, two characters in; several names numbered, a long one aligned with its first character. */
.annex-note { display: flex; margin: var(--line) 0 0 2em; }
.annex-note .label { flex: none; }
.annex-note ol { margin: 0; padding: 0; list-style: none; counter-reset: annex; }
.annex-note ol.numbered li { counter-increment: annex; padding-left: 1.1em; text-indent: -1.1em; }
.annex-note ol.numbered li::before { content: counter(annex) "."; }
/* 版记: 4号, between a thick first and last rule and a thin one between its rows, at the foot of the last page. */
.colophon { margin-top: calc(3 * var(--line)); border-top: 0.35mm solid #000; border-bottom: 0.35mm solid #000; font-size: 14pt;
  break-inside: avoid; break-before: auto; }
.colophon p { text-indent: 0; margin: 0; padding: 0 1em; }
.colophon .copies { border-bottom: 0.25mm solid #000; padding-left: 4em; text-indent: -3em; }
.colophon .printed { display: flex; justify-content: space-between; }
"""#
}
