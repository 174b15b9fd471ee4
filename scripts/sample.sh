#!/usr/bin/env bash
# The main job: installs what is missing, builds yrdq, renders the sample pilot's
# complete document set (PDF, OFD, HTML, Markdown, DOCX) into output/, and a blank XLSX score sheet
# (output/xlsx-sheet/self-assessment.xlsx, with the profile scaffold beside it) and the panel kit
# (output/panel-kit/: panel.yaml and one pre-filled XLSX sheet per expert).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export PATH=/opt/swift/usr/bin:$PATH
swift build -c release --static-swift-stdlib --disable-local-rpath --product yrdq
.build/release/yrdq score samples/jiahe-auto-parts/self-assessment.yaml
.build/release/yrdq panel samples/jiahe-auto-parts/panel.yaml
.build/release/yrdq render set samples/jiahe-auto-parts --format pdf,ofd,html,md,docx --out output
# The official documents around the evaluation: the lead bureau's 请示 and the provincial 决定.
.build/release/yrdq render application samples/jiahe-auto-parts/self-assessment.yaml --format pdf,ofd,html,md,docx --out output
.build/release/yrdq render decision samples/jiahe-auto-parts/panel.yaml --format pdf,ofd,html,md,docx --out output
# The score sheet as an Excel/WPS workbook, as `init --xlsx` gives a clerk.
.build/release/yrdq init output/xlsx-sheet --xlsx --force
# The kit a provincial bureau e-mails to its panel: output/panel-kit/panel.yaml and one pre-filled
# XLSX sheet per expert (output/panel-kit/experts/<姓名>.xlsx), from the sample's list of its seven experts.
.build/release/yrdq panel init output/panel-kit --pilot samples/jiahe-auto-parts/pilot.yaml \
    --experts samples/jiahe-auto-parts/experts.csv --force
