"""Times two commands in alternation (A, B, A, B, ...) and prints their medians as JSON.

On a shared or throttled machine a block of runs of one command can land in a slow
stretch that the other command's block misses; alternating puts both through the same
stretches, so the ratio of the medians is steadier than hyperfine's block-by-block runs.
Usage: interleaved.py ROUNDS OUT.json "COMMAND A" "COMMAND B"
"""
import json
import shlex
import statistics
import subprocess
import sys
import time

rounds, out, a, b = int(sys.argv[1]), sys.argv[2], shlex.split(sys.argv[3]), shlex.split(sys.argv[4])
times = {"a": [], "b": []}
for command in (a, b):  # warm-up: file caches, the venv's imports
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
for _ in range(rounds):
    for key, command in (("a", a), ("b", b)):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times[key].append(time.perf_counter() - start)
json.dump({k: {"median": statistics.median(v), "min": min(v), "max": max(v), "runs": len(v)}
           for k, v in times.items()}, open(out, "w"))
