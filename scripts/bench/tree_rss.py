#!/usr/bin/env python3
"""Peak memory of a command and every process it starts (a batch and its workers).

Runs the command and samples /proc every 10 ms: each time it sums the resident set (VmRSS)
of the command and all its descendants; the largest sum is the tree's peak. It also keeps each
process's own peak (VmHWM, last seen) and prints their sum, an upper bound that no sampling
can miss (the processes' peaks need not fall at one moment). RSS counts pages shared between
processes (the executable, libraries) once per process, so both figures overstate rather
than understate. Prints one JSON object: {"tree_peak_kib", "sum_of_peaks_kib", "processes", "status"}.

usage: tree_rss.py COMMAND [ARG...]
"""
import json, os, subprocess, sys, time

def status(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
    except OSError:
        return None
    return fields

def kib(fields, key):
    v = fields.get(key, "0 kB").split()
    return int(v[0]) if v else 0

def tree(root):
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                text = f.read()
        except OSError:
            continue
        ppid = int(text.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found

proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak, hwm = 0, {}
while proc.poll() is None:
    total = 0
    for pid in tree(proc.pid):
        fields = status(pid)
        if fields is None or fields.get("State", "").startswith("Z"):
            continue
        total += kib(fields, "VmRSS")
        # A pid reused by another process would be a new one: key by pid and start name.
        hwm[(pid, fields.get("Name"))] = max(hwm.get((pid, fields.get("Name")), 0), kib(fields, "VmHWM"))
    peak = max(peak, total)
    time.sleep(0.01)
print(json.dumps({"tree_peak_kib": peak, "sum_of_peaks_kib": sum(hwm.values()),
                  "processes": len(hwm), "status": proc.returncode}))
