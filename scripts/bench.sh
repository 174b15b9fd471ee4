#!/usr/bin/env bash
# Benchmark (release build; not a test). Times, in fresh processes with hyperfine:
# scoring one sheet, each document in each format, the complete set for the sample
# pilot, a batch of 100 generated pilots on all cores, and the peer (Typst's Python
# package from PyPI, in a throw-away virtual environment) rendering the equivalent
# score table, also in alternation with yrdq (scripts/bench/interleaved.py); then peak
# memory (/usr/bin/time -v; for the batch, its whole process tree) and PDF sizes. Writes a Markdown
# report to output/benchmark.md and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
for p in hyperfine time python3-venv; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || { apt-get install -y -qq "$p" >/dev/null; }
done
export PATH=/opt/swift/usr/bin:$PATH
W=$(mktemp -d /tmp/yrdq-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
if ! swift build -c release --static-swift-stdlib --disable-local-rpath --product yrdq > "$W/build.log" 2>&1; then
  cat "$W/build.log" >&2; echo "bench: the release build failed" >&2; exit 1
fi
Y=$PWD/.build/release/yrdq
S=$PWD/samples/jiahe-auto-parts
RUNS=${RUNS:-10}

# The peer: typst from PyPI, in a throw-away venv.
python3 -m venv "$W/venv" >/dev/null
"$W/venv/bin/pip" install -q typst pyyaml >/dev/null
"$W/venv/bin/python" scripts/bench/typst_table.py rubric/yrd-2021.yaml "$W/table.typ"
FONTDIRS="/usr/share/fonts/truetype/arphic /usr/share/fonts/opentype/noto"
TYPST_VERSION=$("$W/venv/bin/pip" show typst | awk '/^Version/{print $2}')

# 100 generated pilots: the sample with its name changed and its scores shifted.
mkdir -p "$W/province"
for i in $(seq -w 1 100); do
  d="$W/province/pilot-$i"; cp -r "$S" "$d"
  sed -i "s/^name: .*/name: 第${i}号试点质量提升示范试点/" "$d/pilot.yaml"
done

H="hyperfine --style none --warmup 2 --runs $RUNS --export-json"
$H "$W/score.json" -n score "$Y score $S/self-assessment.yaml --json" >/dev/null
docs=(); for f in html md pdf; do
  docs+=(-n "blank table · $f" "$Y render table --blank --format $f --out $W/o")
  docs+=(-n "score table · $f" "$Y render table $S/self-assessment.yaml --format $f --out $W/o")
  docs+=(-n "self-assessment · $f" "$Y render self-assessment $S/self-assessment.yaml --format $f --out $W/o")
  docs+=(-n "summary · $f" "$Y render summary $S/panel.yaml --format $f --out $W/o")
  docs+=(-n "provincial · $f" "$Y render provincial $S/panel.yaml --format $f --out $W/o")
done
$H "$W/docs.json" "${docs[@]}" >/dev/null
$H "$W/peer.json" -n "yrdq: blank score table (PDF)" "$Y render table --blank --format pdf --out $W/o" \
   -n "typst $TYPST_VERSION (PyPI): the same table (PDF)" "$W/venv/bin/python scripts/bench/typst_compile.py $W/table.typ $W/typst.pdf $FONTDIRS" >/dev/null
python3 scripts/bench/interleaved.py "${ROUNDS:-30}" "$W/alternate.json" \
   "$Y render table --blank --format pdf --out $W/o" \
   "$W/venv/bin/python scripts/bench/typst_compile.py $W/table.typ $W/typst.pdf $FONTDIRS"
$H "$W/set.json" -n "complete set (5 documents × PDF, HTML, Markdown)" "$Y render set $S --format pdf,html,md --out $W/set" >/dev/null
hyperfine --style none --warmup 0 --runs 2 --export-json "$W/batch.json" -n "batch: 100 pilots, $(nproc) cores, PDF+HTML+MD" \
   --prepare "rm -rf $W/batch" "$Y batch $W/province --out $W/batch --format pdf,html,md" >/dev/null

/usr/bin/time -v "$Y" render set "$S" --format pdf,html,md --out "$W/mem" 2> "$W/mem-set.txt" >/dev/null
# The batch's memory is its workers' too: the whole process tree, sampled (scripts/bench/tree_rss.py).
python3 scripts/bench/tree_rss.py "$Y" batch "$W/province" --out "$W/mem-batch" --format pdf,html,md > "$W/mem-batch.json"

# Instructions (callgrind counts them the same on a busy machine): valgrind 3.19 needs the
# binary's DWARF 5 debug info stripped.
: > "$W/instructions.txt"
if command -v valgrind >/dev/null; then
  objcopy --strip-debug "$Y" "$W/yrdq-stripped"
  for what in "blank table (PDF)|render table --blank --format pdf --out $W/cg" \
              "complete set (PDF, HTML, Markdown)|render set $S --format pdf,html,md --out $W/cg"; do
    valgrind --tool=callgrind --callgrind-out-file="$W/cg.out" "$W/yrdq-stripped" ${what#*|} >/dev/null 2>"$W/cg.log" || true
    echo "${what%%|*}|$(sed -n 's/.*Collected : //p' "$W/cg.log")" >> "$W/instructions.txt"
  done
fi

python3 - "$W" "$TYPST_VERSION" <<'PY' | tee output/benchmark.md
import json, os, re, subprocess, sys, platform
w, typst_version = sys.argv[1], sys.argv[2]
def rows(name):
    for r in json.load(open(f"{w}/{name}.json"))["results"]:
        t = sorted(r["times"])
        yield r["command"], r["median"], r["stddev"] or 0.0, t[0], t[-1]
def fmt(s): return f"{s*1000:.0f} ms" if s < 10 else f"{s:.2f} s"
cpu = next((l.split(":",1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
print(f"Measured on {cpu}, {os.cpu_count()} cores, release build, fresh process per run (hyperfine).\n")
print("| what | median | σ | min | max |\n|---|---:|---:|---:|---:|")
for f in ["score", "docs", "set", "batch", "peer"]:
    for c, m, s, lo, hi in rows(f): print(f"| {c} | {fmt(m)} | {fmt(s)} | {fmt(lo)} | {fmt(hi)} |")
peer = list(rows("peer"))
print(f"\nyrdq renders the blank score table {peer[1][1]/peer[0][1]:.1f}× as fast as typst {typst_version} (median against median).")
alt = json.load(open(f"{w}/alternate.json"))
print(f"Run in alternation ({alt['a']['runs']} rounds, yrdq then typst, so both meet the same load): "
      f"yrdq {fmt(alt['a']['median'])} (min {fmt(alt['a']['min'])}), typst {fmt(alt['b']['median'])} "
      f"(min {fmt(alt['b']['min'])}): {alt['b']['median']/alt['a']['median']:.1f}× as fast.")
def rss(f): return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{w}/{f}").read()).group(1)) / 1024
tree = json.load(open(f"{w}/mem-batch.json"))
print(f"\nPeak memory: complete set {rss('mem-set.txt'):.0f} MB; batch of 100, the batch and all its workers together "
      f"(sum of their resident sets, sampled every 10 ms) {tree['tree_peak_kib']/1024:.0f} MB, "
      f"the sum of each process's own peak {tree['sum_of_peaks_kib']/1024:.0f} MB ({tree['processes']} processes).\n")
# User CPU (hyperfine's mean, the workers' included for the batch): on a shared machine
# less noisy than wall-clock time, which waits for other processes too.
def user(name): return json.load(open(f"{w}/{name}.json"))["results"][0]["user"]
set_run, batch_run = list(rows("set"))[0], list(rows("batch"))[0]
print(f"User CPU: complete set {fmt(user('set'))}; batch of 100 {fmt(user('batch'))} (all processes).\n")
# Issue 12 §3's targets, each against this run's median (wall-clock) and peak.
def verdict(ok): return "met" if ok else "missed"
targets = [
    ("blank table ≤ 1/4 of Typst's time", peer[0][1] / peer[1][1], 0.25, f"{peer[0][1]/peer[1][1]:.2f} of Typst's"),
    ("complete set ≤ 0.20 s", set_run[1], 0.20, fmt(set_run[1])),
    ("complete set's peak ≤ 80 MiB", rss('mem-set.txt'), 80, f"{rss('mem-set.txt'):.0f} MiB"),
    ("batch of 100 ≤ 10 s on 2 cores", batch_run[1], 10, fmt(batch_run[1])),
    ("batch's peak (whole tree) ≤ 300 MiB", tree['tree_peak_kib'] / 1024, 300, f"{tree['tree_peak_kib']/1024:.0f} MiB"),
]
for line in open(f"{w}/instructions.txt"):
    what, count = line.rstrip("\n").split("|")
    if count: print(f"Instructions (callgrind, the same on a busy machine): {what} {int(count)/1e9:.3f} G.")
print()
print("| target (issue 12 §3) | this run | |\n|---|---:|---|")
for what, value, limit, shown in targets:
    print(f"| {what} | {shown} | {verdict(value <= limit)}{'' if value <= limit else f' by {value/limit:.1f}×'} |")
print()
print("| PDF | pages | size |\n|---|---:|---:|")
pdfs = sorted(p for p in os.listdir(f"{w}/set") if p.endswith(".pdf")) + ["../typst.pdf"]
for p in pdfs:
    path = f"{w}/set/{p}"
    pages = re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout).group(1)
    name = f"typst {typst_version}: the same blank table" if p.startswith("..") else p
    print(f"| {name} | {pages} | {os.path.getsize(path)/1024:.0f} KB |")
PY
echo "Report written to output/benchmark.md"
