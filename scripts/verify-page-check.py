#!/usr/bin/env python3
"""Opens the verification page in Debian's headless Chromium, as a phone's browser would after
scanning a certificate's QR code, and reports what the page concluded and every request it made.

usage: verify-page-check.py ROOT [--screenshots DIR] PATH#FRAGMENT...

ROOT is served on 127.0.0.1 (a random port) by a server that records each request. Each PATH
(e.g. /genuine/verify.html#YRDQ1%7C...) is opened in a fresh browser; for each, one JSON line
on stdout: {"path", "verdict", "title", "detail", "fields", "untrusted", "requests"}, where
requests are the paths the server was asked for while the page was open. A PATH starting with
file:// is opened from the disk instead. With --screenshots, a 390x844 screenshot of each is
written there as NN.png.
"""
import html.parser
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

requests = []
lock = threading.Lock()


class Recorder(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        with lock:
            requests.append(self.path)
        super().do_GET()

    def do_POST(self):
        with lock:
            requests.append("POST " + self.path)
        self.send_error(405)


class Page(html.parser.HTMLParser):
    """The verdict, the detail line and the fields, from the DOM Chromium dumps."""

    def __init__(self):
        super().__init__()
        self.verdict = None
        self.untrusted_hidden = True
        self.stack = []
        self.texts = {}
        self.fields = {}
        self.field = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.verdict = a.get("data-verdict")
        if a.get("id") == "untrusted":
            self.untrusted_hidden = "hidden" in a
        if "data-field" in a:
            self.field = a["data-field"]
        self.stack.append((tag, a.get("id"), self.field if tag == "dd" else None))

    def handle_endtag(self, tag):
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "div" and self.field is not None and not any(s[0] == "div" and s[2] for s in self.stack):
            pass

    def handle_data(self, data):
        for tag, ident, field in reversed(self.stack):
            if ident in ("verdict-title", "verdict-detail"):
                self.texts[ident] = self.texts.get(ident, "") + data
                return
            if tag == "dd" and field:
                self.fields[field] = self.fields.get(field, "") + data
                return


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("chromium not found: bash scripts/install-deps.sh")


def run(browser, url, extra, profile):
    args = ["timeout", "60", browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--virtual-time-budget=8000"] + extra + [url]
    return subprocess.run(args, capture_output=True, text=True)


def main():
    argv = sys.argv[1:]
    if not argv:
        sys.exit(__doc__)
    root = argv.pop(0)
    shots = None
    if argv[:1] == ["--screenshots"]:
        shots = argv[1]
        argv = argv[2:]
    handler = lambda *a, **k: Recorder(*a, directory=root, **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = "http://127.0.0.1:%d" % server.server_address[1]
    browser = chromium()
    for n, path in enumerate(argv):
        url = path if path.startswith("file://") else base + path
        with lock:
            requests.clear()
        with tempfile.TemporaryDirectory() as profile:
            dom = run(browser, url, ["--dump-dom"], profile)
        with lock:
            seen = list(requests)
        page = Page()
        page.feed(dom.stdout)
        if shots:
            with tempfile.TemporaryDirectory() as profile:
                run(browser, url, ["--hide-scrollbars", "--window-size=390,844",
                                   "--screenshot=" + os.path.join(shots, "%02d.png" % n)], profile)
        print(json.dumps({"path": path, "verdict": page.verdict, "title": page.texts.get("verdict-title", "").strip(),
                          "detail": page.texts.get("verdict-detail", "").strip(), "fields": page.fields,
                          "untrusted": not page.untrusted_hidden, "requests": seen,
                          "exit": dom.returncode}, ensure_ascii=False), flush=True)
    server.shutdown()


if __name__ == "__main__":
    main()
