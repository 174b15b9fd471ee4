#!/usr/bin/env python3
"""Load run (a benchmark, not a test): nine experts autosaving every second on loopback.

Starts `yrdq serve` on a fresh data folder, signs the chair in, creates an evaluation with nine
experts, then each expert's thread saves its whole sheet once a second (as the page's autosave
does) for DURATION seconds. Prints p50/p99 latency, errors, lost writes (each sheet's last
saved note read back) and the database's integrity check.

Usage: workspace-load.py YRDQ_BINARY [DURATION_SECONDS=600]
"""
import json, re, socket, sqlite3, subprocess, sys, tempfile, threading, time, urllib.parse, urllib.request, shutil

yrdq = sys.argv[1]
duration = float(sys.argv[2]) if len(sys.argv) > 2 else 600.0


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


class Browser:
    def __init__(self, base):
        self.base, self.cookie, self.csrf = base, None, None

    def go(self, path, data=None):
        req = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None)
        if self.cookie: req.add_header("Cookie", "yrdq_session=" + self.cookie)
        if data is not None: req.add_header("Origin", self.base)
        if data is not None and "autosave" in data: req.add_header("Accept", "application/json")
        opener = urllib.request.build_opener(NoRedirect)
        try:
            r = opener.open(req, timeout=30)
        except urllib.error.HTTPError as e:
            r = e
        body = r.read().decode()
        c = r.headers.get("Set-Cookie")
        if c: self.cookie = c.split(";")[0].split("=", 1)[1]
        m = re.search(r'name="csrf" value="([^"]+)"', body)
        if m: self.csrf = m.group(1)
        return r.status, r.headers, body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None


def main():
    tmp = tempfile.mkdtemp(prefix="yrdq-load-")
    port = free_port(); base = "http://127.0.0.1:%d" % port
    srv = subprocess.Popen([yrdq, "serve", "--data", tmp + "/data", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        link = re.search(r"/c/(\S{43})", srv.stdout.readline()).group(1); srv.stdout.readline(); time.sleep(1)
        chair = Browser(base)
        chair.go("/c", {"token": link}); chair.go("/chair")
        st, h, _ = chair.go("/chair/evaluations", {"csrf": chair.csrf, "mode": "form", "name": "负载测试试点", "region": "某区", "lead": "某局",
                                                 "participants": "甲单位", "approved": "2023-01-10", "enterprises": "某企业，链主企业"})
        ev = h["Location"]
        chair.go(ev)
        experts = []
        for i in range(9):
            _, _, body = chair.go(ev + "/experts", {"csrf": chair.csrf, "name": "专家%d" % i, "organization": "单位%d" % i, "kind": "技术机构"})
            token = re.search(r"/e/(\S{43})", body).group(1)
            b = Browser(base); b.go("/e/" + token); b.go("/sheet"); experts.append(b)
        latencies, errors, last = [], [], {}
        lock = threading.Lock()

        def run(i, b):
            version, n, end = 1, 0, time.time() + duration
            while time.time() < end:
                n += 1
                note = "专家%d第%d次" % (i, n)
                t0 = time.perf_counter()
                st, _, body = b.go("/sheet/save", {"csrf": b.csrf, "version": str(version), "autosave": "1", "note-1": note, "c-1-0": "0.5"})
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    if st != 200: errors.append((i, st, body[:200])); continue
                version = json.loads(body)["version"]; last[i] = note
                time.sleep(max(0, 1.0 - dt))

        threads = [threading.Thread(target=run, args=(i, b)) for i, b in enumerate(experts)]
        for t in threads: t.start()
        for t in threads: t.join()
        lost = [i for i, b in enumerate(experts) if last.get(i) and last[i] not in b.go("/sheet")[2]]
        latencies.sort()
        q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
        integrity = sqlite3.connect(tmp + "/data/workspace.sqlite").execute("PRAGMA integrity_check").fetchone()[0]
        print("saves %d in %.0f s, p50 %.1f ms, p99 %.1f ms, errors %d, lost writes %d, integrity %s"
              % (len(latencies), duration, q(0.5), q(0.99), len(errors), len(lost), integrity))
        return 0 if not errors and not lost and integrity == "ok" else 1
    finally:
        srv.terminate(); srv.wait(); shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
