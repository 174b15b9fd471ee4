#!/usr/bin/env bash
# Installs the Debian packages yrdq needs, only those missing; safe to run again.
#   build:  libcairo2-dev libpango1.0-dev libfontconfig1-dev libharfbuzz-dev (hb-subset) libqrencode-dev libsqlite3-dev pkg-config
#           libxlsxwriter-dev (writes the XLSX score sheet)
#   fonts:  fonts-noto-cjk (Song, its Bold for titles, Hei), fonts-lxgw-wenkai (Kai), fonts-liberation2 (Latin and
#           figures, Times metrics), fonts-arphic-uming and fonts-wqy-zenhei (characters the others lack)
#   checks: poppler-utils (pdffonts, pdftotext, pdfinfo in tests), zbar-tools (QR decoding in tests),
#           cmark-gfm (renders the Markdown writer's output in tests), python3 (its html.parser reads the HTML;
#           scripts/manpage.py), chromium (prints and screenshots the certificate's HTML in tests; runs the
#           verification page headless through scripts/verify-page-check.py, Ed25519 in WebCrypto since 113),
#           python3-nacl python3-cryptography python3-pip and rfc8785 from PyPI (scripts/vc-check.py,
#           the independent check of the verifiable credentials' eddsa-jcs-2022 proofs; zlib1g-dev builds CZlibGzip)
#           python3-openpyxl and libreoffice-calc-nogui (fill and re-save XLSX sheets as other programs do, in tests)
#           python3-docx (reads the DOCX writer's output in tests), libreoffice-writer-nogui (converts it to PDF in tests)
#           libxml2-utils (xmllint validates the OFD parts against the GB/T 33190 schemas in tests), ofdkit and
#           easyofd from PyPI (scripts/ofd-check.py: the independent OFD readers), libharfbuzz-bin (hb-shape,
#           hb-subset: glyph ids and subsets for the OFD tests' hand-built frames)
#           chromium-driver python3-selenium (scripts/workspace-e2e.py: the workspace in a real browser; the driver's
#           path is given, so Selenium Manager never downloads one)
#   package: dpkg-dev (dpkg-shlibdeps), binutils (strip, readelf), lintian, man-db (the package test)
set -euo pipefail
packages=(pkg-config libcairo2-dev libpango1.0-dev libfontconfig1-dev libharfbuzz-dev libqrencode-dev libsqlite3-dev libxlsxwriter-dev
          fonts-arphic-uming fonts-wqy-zenhei fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 poppler-utils zbar-tools
          cmark-gfm python3 chromium dpkg-dev binutils lintian man-db
          zlib1g-dev python3-nacl python3-cryptography python3-pip python3-openpyxl libreoffice-calc-nogui
          python3-docx libreoffice-writer-nogui libxml2-utils libharfbuzz-bin chromium-driver python3-selenium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The JCS (RFC 8785) canonicaliser the credential check uses: Debian has none; the pure-Python
# `rfc8785` from PyPI, for Debian's own python3 (the one with python3-nacl).
if ! /usr/bin/python3 -c "import rfc8785" 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO /usr/bin/python3 -m pip install --quiet --break-system-packages "rfc8785==0.1.4"
fi
# The independent OFD readers (scripts/ofd-check.py), for Debian's python3: ofdkit parses and
# extracts text, easyofd renders to PDF and PNG (it brings reportlab, PyMuPDF and Pillow).
if ! /usr/bin/python3 -c "import ofdkit, easyofd" 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO /usr/bin/python3 -m pip install --quiet --break-system-packages "ofdkit==0.2.0" "easyofd==20260427"
fi
if ! command -v swift >/dev/null 2>&1; then
  if [ -x /opt/swift/usr/bin/swift ]; then export PATH=/opt/swift/usr/bin:$PATH
  else echo "Swift 6 is needed: install it from swift.org and put it on PATH" >&2; exit 1; fi
fi
