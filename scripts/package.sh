#!/usr/bin/env bash
# Builds the Debian package of yrdq with dpkg-deb:
#   bash scripts/package.sh [OUT-DIR]        → OUT-DIR/yrdq_VERSION_ARCH.deb (default output/)
# It holds the release binary (Swift runtime and Foundation linked in statically), the rubric,
# templates and font configuration under /usr/share/yrdq/, bash/zsh/fish completions and the
# manual page (both generated from the binary's own help), and /usr/share/doc/yrdq/.
# Depends: the Debian libraries the binary links (dpkg-shlibdeps) and the five font packages.
#
#   YRDQ_BINARY=PATH   package an already built release binary instead of building one
#                      (it must be built with --disable-local-rpath, as below)
#   YRDQ_VERSION=V     the package version (default from the last commit: 0.1.0~gitDATE.HASH-1)
#   SOURCE_DATE_EPOCH  timestamps (default: the last commit's), so the same commit gives the same bytes
#   DEBFULLNAME, DEBEMAIL  the Maintainer (default: the project's maintainers' address)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
out=${1:-output}
flags=(-c release --static-swift-stdlib --disable-local-rpath)

if [ -n "${YRDQ_BINARY:-}" ]; then
  binary=$YRDQ_BINARY
else
  bash scripts/install-deps.sh
  swift build "${flags[@]}" --product yrdq
  binary="$(swift build "${flags[@]}" --show-bin-path)/yrdq"
fi
[ -x "$binary" ] || { echo "package.sh: no executable $binary" >&2; exit 1; }
if readelf -d "$binary" | grep -E 'R(UN)?PATH' >/dev/null; then
  echo "package.sh: $binary carries an RPATH/RUNPATH; build it with: swift build ${flags[*]} --product yrdq" >&2
  exit 1
fi
for tool in dpkg-deb dpkg-shlibdeps python3 strip gzip; do
  command -v "$tool" >/dev/null || { echo "package.sh: $tool is missing (bash scripts/install-deps.sh)" >&2; exit 1; }
done

# Outside a git checkout (a source tarball): the newest source file's time, and no commit.
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null) || SOURCE_DATE_EPOCH=""
  [ -n "$SOURCE_DATE_EPOCH" ] || SOURCE_DATE_EPOCH=$(find Package.swift Sources rubric templates fonts scripts -type f -printf '%T@\n' | sort -n | tail -n 1 | cut -d. -f1)
fi
export SOURCE_DATE_EPOCH
commit=$(git rev-parse --short=8 HEAD 2>/dev/null) || commit=source
day=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d)
version=${YRDQ_VERSION:-0.1.0~git$day.$commit-1}
arch=$(dpkg --print-architecture)
maintainer="${DEBFULLNAME:-yrdq maintainers} <${DEBEMAIL:-maintainers@users.noreply.r-seed-38c1aea9.example}>"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
share="$root/usr/share"
umask 022
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$share/yrdq" "$share/doc/yrdq" "$share/man/man1" \
         "$share/bash-completion/completions" "$share/zsh/vendor-completions" "$share/fish/vendor_completions.d"

# The program, stripped as dh_strip does.
install -m 0755 "$binary" "$root/usr/bin/yrdq"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/yrdq"

# Resources: /usr/bin/yrdq finds them in ../share/yrdq/.
mkdir -p "$share/yrdq/rubric" "$share/yrdq/templates" "$share/yrdq/fonts"
install -m 0644 rubric/*.yaml "$share/yrdq/rubric/"
install -m 0644 templates/*.mustache templates/README.md "$share/yrdq/templates/"
install -m 0644 fonts/font-roles.conf "$share/yrdq/fonts/"

# Completions and the manual, from the packaged binary's own help.
yrdq="$root/usr/bin/yrdq"
# (bash's without the #! line: the file is sourced, not run)
"$yrdq" --generate-completion-script bash | sed '1{/^#!/d}' > "$share/bash-completion/completions/yrdq"
"$yrdq" --generate-completion-script zsh > "$share/zsh/vendor-completions/_yrdq"
"$yrdq" --generate-completion-script fish > "$share/fish/vendor_completions.d/yrdq.fish"
"$yrdq" --experimental-dump-help \
  | python3 scripts/manpage.py "$version" "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)" \
  | gzip -9n > "$share/man/man1/yrdq.1.gz"

# /usr/share/doc/yrdq: copyright (machine-readable) and the Debian changelog.
cat > "$share/doc/yrdq/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: yrdq
Comment: No licence has been chosen for yrdq itself yet: until one is, all rights are
 reserved by its authors. The binary links the Swift runtime, Foundation and the
 Swift packages below statically; their licences follow.

Files: *
Copyright: 2026 $maintainer
License: other
 All rights reserved.

Files: swift-runtime/* swift-foundation/*
Copyright: 2014-2026 Apple Inc. and the Swift project authors
License: Apache-2.0 with Runtime Library Exception

Files: swift-argument-parser/* swift-crypto/* swift-asn1/* swift-mustache/*
Copyright: 2019-2026 Apple Inc. and the Swift project authors
 2021-2026 Adam Fowler and the Hummingbird authors
License: Apache-2.0

Files: swift-crypto/Sources/CCryptoBoringSSL/*
Copyright: 1998-2026 The OpenSSL Project, Eric Young, Google Inc.
License: OpenSSL and ISC

Files: GRDB.swift/*
Copyright: 2015-2025 Gwendal Roué
License: Expat

Files: Yams/*
Copyright: 2016 JP Simard
License: Expat

Files: SwiftCSV/*
Copyright: 2014 Naoto Kaneko
License: Expat

License: Apache-2.0
 On Debian systems, the full text of the Apache License, Version 2.0 can be
 found in /usr/share/common-licenses/Apache-2.0.

License: Apache-2.0 with Runtime Library Exception
 On Debian systems, the full text of the Apache License, Version 2.0 can be
 found in /usr/share/common-licenses/Apache-2.0. As an exception, if you use
 this Software to compile your source code and portions of this Software are
 embedded into the binary product as a result, you may redistribute such
 product without providing attribution as would otherwise be required by
 Sections 4(a), 4(b) and 4(d) of the License.

License: OpenSSL and ISC
 BoringSSL, inside swift-crypto, is under the OpenSSL and SSLeay licences and
 the ISC licence; their texts are in swift-crypto's LICENSE.txt and in
 https://boringssl.googlesource.com/boringssl/+/HEAD/LICENSE.

License: Expat
 Permission is hereby granted, free of charge, to any person obtaining a copy
 of this software and associated documentation files (the "Software"), to deal
 in the Software without restriction, including without limitation the rights
 to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 copies of the Software, and to permit persons to whom the Software is
 furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in
 all copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 SOFTWARE.
EOF
subject=$(git log -1 --format=%s 2>/dev/null || echo "build")
{
  echo "yrdq ($version) unstable; urgency=medium"
  echo
  echo "  * Built from commit $commit:"
  echo "$subject" | fold -s -w 70 | sed -e 's/^/    /' -e 's/ *$//'
  echo
  echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$share/doc/yrdq/changelog.Debian.gz"

# Yams (the YAML reader) compiles in its own copy of libyaml, as every Swift program using
# it does; Debian has no Swift Yams built on the system libyaml to depend on instead.
mkdir -p "$share/lintian/overrides"
cat > "$share/lintian/overrides/yrdq" <<EOF
# Yams, the Swift YAML package yrdq reads its inputs with, embeds libyaml's C sources.
yrdq: embedded-library libyaml [usr/bin/yrdq]
EOF

# Depends: the libraries the binary needs (dpkg-shlibdeps reads a debian/control of its own).
mkdir -p "$stage/src/debian"
printf 'Source: yrdq\n\nPackage: yrdq\nArchitecture: any\n' > "$stage/src/debian/control"
shlibs=$(cd "$stage/src" && dpkg-shlibdeps -O -e"$root/usr/bin/yrdq" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "package.sh: dpkg-shlibdeps found no libraries" >&2; exit 1; }
fonts="fonts-arphic-uming, fonts-wqy-zenhei, fonts-lxgw-wenkai, fonts-noto-cjk, fonts-liberation2"

# Modes 0755/0644, one timestamp, then the control files.
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -exec chmod 0644 {} +
chmod 0755 "$root/usr/bin/yrdq"
size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: yrdq
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $shlibs, $fonts
Section: utils
Priority: optional
Description: Yangtze River Delta quality pilot evaluation: scores, reports, certificates
 yrdq scores Yangtze River Delta quality-improvement demonstration pilots as
 the 2021 evaluation guide (沪市监质发〔2021〕356号) sets out, and renders their
 documents: the appendix score table, the expert panel's summary sheet, the
 self-assessment and the provincial evaluation report, as PDF in the GB/T 9704
 official layout, HTML and Markdown. It also issues Ed25519-signed designation
 certificates kept in a SQLite register, which anyone can verify offline.
 .
 Templates and font settings copied into ~/.config/yrdq/ override the
 installed ones file by file; the command "yrdq paths" shows which file
 serves each.
EOF
(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out"
deb="$out/yrdq_${version}_${arch}.deb"
tmp="$out/.yrdq_${version}_${arch}.deb.tmp"
dpkg-deb --root-owner-group -Zxz --build "$root" "$tmp" >/dev/null
mv -f "$tmp" "$deb"
echo "$deb"
