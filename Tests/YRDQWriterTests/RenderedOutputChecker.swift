import Foundation
import Testing

/// Runs the writers' output through real parsers: Markdown through cmark-gfm (CommonMark
/// with the GFM table, autolink, strikethrough and tagfilter extensions, raw HTML passed
/// through as a careless renderer would), then the HTML — cmark-gfm's, or the HTML writer's
/// own — through Python's html.parser. The document with hostile text must give the same
/// elements, attributes and table rows as the reference document that has a placeholder in
/// each place, and the same text with each placeholder replaced by the hostile string
/// (nothing lost, nothing added), whitespace and control characters aside.
enum RenderedOutputChecker {
    enum Format: String { case markdown, html }

    struct Case: Encodable {
        var file: String
        /// The reference document of the same shape, with placeholders.
        var reference: String
        /// What each slot's text must read as, placeholder by placeholder.
        var expected: [String]
    }

    struct Job: Encodable {
        var format: String
        var cmark: String
        var cases: [Case]
    }

    /// A tool the test needs, found on PATH; the test fails (never skips) without it, so a
    /// CI machine without the package reports it. `scripts/install-deps.sh` installs both.
    static func tool(_ name: String, package: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        Issue.record("\(name) is not installed (Debian package \(package)); run bash scripts/install-deps.sh")
        return nil
    }

    /// The problems found, one line each (empty when the output is right).
    static func check(_ job: Job, python: String, in dir: URL) throws -> [String] {
        let jobFile = dir.appendingPathComponent("job.json")
        try JSONEncoder().encode(job).write(to: jobFile)
        let scriptFile = dir.appendingPathComponent("check.py")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scriptFile.path, jobFile.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return ["checker exited with \(process.terminationStatus): " + String(decoding: errors, as: UTF8.self)]
        }
        return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static let script = #"""
import json, re, subprocess, sys, unicodedata
from html.parser import HTMLParser

def norm(s):
    return ''.join(c for c in s if not (c.isspace() or unicodedata.category(c) == 'Cc'))

class Events(HTMLParser):
    """Start and end tags with their attributes, and the text between them, in order."""
    def __init__(self, transparent, comments):
        super().__init__(convert_charrefs=True)
        self.transparent, self.comments = transparent, comments
        self.events, self.problems, self.text = [], [], ''
        self.in_title, self.tables, self.row = False, [], None
        self.spans = []
    def flush(self):
        t = norm(self.text)
        if t: self.events.append(('text', t))
        self.text = ''
    def handle_starttag(self, tag, attrs):
        if self.in_title:
            self.problems.append('<%s> inside <title>' % tag)
        key = (tag, tuple(sorted((k, v or '') for k, v in attrs)))
        if tag == 'span':
            self.spans.append(key in self.transparent)
        if key in self.transparent or tag == 'br':
            return
        self.flush()
        # The certificate's type scales (--s, --f: numbers the writer computes from the texts'
        # lengths, not user text) differ between the reference and the case.
        attrs_seen = tuple((k, re.sub(r'--[a-z]:[0-9]+\.[0-9]+', '--scale', v) if k == 'style' else v) for k, v in key[1])
        self.events.append(('start', tag, tuple((k, norm(v)) for k, v in attrs_seen)))
        if tag == 'title': self.in_title = True
        if tag == 'table': self.tables.append([])
        if tag == 'tr': self.row = 0
        if tag in ('td', 'th') and self.row is not None: self.row += 1
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
    def handle_endtag(self, tag):
        if tag == 'span' and self.spans and self.spans.pop():
            return
        if tag == 'br': return
        self.flush()
        self.events.append(('end', tag))
        if tag == 'title': self.in_title = False
        if tag == 'tr' and self.tables:
            self.tables[-1].append(self.row); self.row = None
    def handle_data(self, data):
        self.text += data
    def handle_comment(self, data):
        if data not in self.comments:
            self.problems.append('comment <!--%s-->' % data)
    def handle_decl(self, decl):
        if decl.lower() != 'doctype html':
            self.problems.append('declaration <!%s>' % decl)
    def handle_pi(self, data):
        self.problems.append('processing instruction <?%s>' % data)
    def unknown_decl(self, data):
        self.problems.append('declaration <![%s]>' % data)

def events(job, path):
    if job['format'] == 'markdown':
        run = subprocess.run([job['cmark'], '--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough',
                              '-e', 'tagfilter', path], capture_output=True)
        if run.returncode != 0:
            raise SystemExit('cmark-gfm failed on %s: %s' % (path, run.stderr.decode('utf-8', 'replace')))
        html = run.stdout.decode('utf-8')
        transparent, comments = set(), {' '}
    else:
        html = open(path, encoding='utf-8').read()
        transparent, comments = {('span', (('class', 'nb'),))}, set()
    parser = Events(transparent, comments)
    parser.feed(html); parser.close(); parser.flush()
    return parser

marker = re.compile(r'QZX(\d+)Q')
job = json.load(open(sys.argv[1], encoding='utf-8'))
references = {}
for case in job['cases']:
    if case['reference'] not in references:
        references[case['reference']] = reference = events(job, case['reference'])
        for p in reference.problems:
            print('%s: %s' % (case['reference'], p))
    reference = references[case['reference']]
    expected_text = [norm(t) for t in case['expected']]
    def fill(s):
        return marker.sub(lambda m: expected_text[int(m.group(1))], s)
    want = []
    for e in reference.events:
        if e[0] == 'text': want.append(('text', fill(e[1])))
        elif e[0] == 'start': want.append(('start', e[1], tuple((k, fill(v)) for k, v in e[2])))
        else: want.append(e)
    got = events(job, case['file'])
    problems = list(got.problems)
    for t, (rows, ref) in enumerate(zip(got.tables, reference.tables)):
        for r, (n, m) in enumerate(zip(rows, ref)):
            if n != m: problems.append('table %d row %d has %d cells, not %d' % (t + 1, r + 1, n, m))
    if got.events != want:
        i = next((i for i, (a, b) in enumerate(zip(got.events, want)) if a != b), min(len(got.events), len(want)))
        def show(es): return ' '.join(repr(e) for e in es[max(0, i - 2):i + 3])
        problems.append('differs at event %d: got %s; want %s' % (i, show(got.events), show(want)))
    for p in problems:
        print('%s: %s' % (case['file'], p))
"""#
}
