/// The verification page's script (see `VerificationPage`). It reads the certificate from the
/// page's fragment exactly as `CertificatePayload` reads the QR code's link (the same canonical
/// forms, or nothing), rebuilds the bytes `CertificateData.signedBytes` signs (the canonical
/// JSON of `JSONValue.canonical`: keys in code point order, which is the order of their UTF-8
/// bytes, only `"`, `\` and C0 controls escaped, as `JSONString.quote` does), checks the Ed25519
/// signature with WebCrypto against the keys embedded in the page, then fetches `status.json`
/// beside the page and checks that list's signature and date as `StatusList.read` does.
/// Every value reaches the page through `textContent`; the wording comes from the page's
/// `data-text` elements (the template), so that it can be reworded without touching this.
enum VerificationPageScript {
    static let source = #"""
(function () {
  "use strict";
  var FIELDS = ["serial", "pilot", "region", "title", "bureau", "date", "total", "evaluation", "id", "key"];
  var ENTRY_MEMBERS = ["serial", "id", "status", "since", "reason"];
  var LIST_MEMBERS = ["format", "date", "key", "entries", "signature"];
  var HEX = "0123456789ABCDEF";
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var MAX_FRAGMENT = 3 * 64 * 1024;
  var MAX_LIST = 4 * 1024 * 1024;

  function byId(id) { return document.getElementById(id); }
  function text(name) {
    var e = document.querySelector('[data-text="' + name + '"]');
    return e ? e.textContent.trim() : name;
  }
  function fill(template, values) {
    return template.replace(/\{([a-z]+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function exactMembers(o, names) {
    if (o === null || typeof o !== "object" || Array.isArray(o)) return false;
    var keys = Object.keys(o);
    if (keys.length !== names.length) return false;
    for (var i = 0; i < names.length; i++) if (!own(o, names[i])) return false;
    return true;
  }

  // --- The fragment: unreserved bytes as they are, every other byte %XX (upper case). ---
  function unreserved(b) {
    return (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) ||
      b === 0x2D || b === 0x2E || b === 0x5F || b === 0x7E;
  }
  function encodeFragment(s) {
    var bytes = new TextEncoder().encode(s), out = "";
    for (var i = 0; i < bytes.length; i++) {
      var b = bytes[i];
      out += unreserved(b) ? String.fromCharCode(b) : "%" + HEX[b >> 4] + HEX[b & 15];
    }
    return out;
  }
  function decodeFragment(f) {
    var bytes = [];
    for (var i = 0; i < f.length; i++) {
      var c = f.charCodeAt(i);
      if (c === 0x25 && i + 2 < f.length && HEX.indexOf(f[i + 1]) >= 0 && HEX.indexOf(f[i + 2]) >= 0) {
        bytes.push(HEX.indexOf(f[i + 1]) * 16 + HEX.indexOf(f[i + 2]));
        i += 2;
      } else if (c < 0x80 && unreserved(c)) {
        bytes.push(c);
      } else {
        return null;
      }
    }
    var s;
    try { s = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(new Uint8Array(bytes)); }
    catch (e) { return null; }
    return encodeFragment(s) === f ? s : null;
  }

  // --- base64url, canonical: re-encoding gives the text back. ---
  function b64encode(bytes) {
    var out = "", i;
    for (i = 0; i + 2 < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
    }
    var rest = bytes.length - i;
    if (rest === 1) { var a = bytes[i] << 16; out += B64[(a >> 18) & 63] + B64[(a >> 12) & 63]; }
    if (rest === 2) { var m = (bytes[i] << 16) | (bytes[i + 1] << 8); out += B64[(m >> 18) & 63] + B64[(m >> 12) & 63] + B64[(m >> 6) & 63]; }
    return out;
  }
  function b64decode(s) {
    if (typeof s !== "string" || !/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
    var bytes = [], bits = 0, value = 0;
    for (var i = 0; i < s.length; i++) {
      value = (value << 6) | B64.indexOf(s[i]); bits += 6;
      if (bits >= 8) { bits -= 8; bytes.push((value >> bits) & 255); }
      value &= (1 << bits) - 1;
    }
    var out = new Uint8Array(bytes);
    return b64encode(out) === s ? out : null;
  }

  // --- The canonical JSON that is signed (JSONValue.canonical). ---
  function quote(s) {
    var out = "\"";
    for (var i = 0; i < s.length; i++) {
      var ch = s[i], c = s.charCodeAt(i);
      if (ch === "\"") out += "\\\"";
      else if (ch === "\\") out += "\\\\";
      else if (ch === "\n") out += "\\n";
      else if (ch === "\r") out += "\\r";
      else if (ch === "\t") out += "\\t";
      else if (c === 8) out += "\\b";
      else if (c === 12) out += "\\f";
      else if (c < 0x20) out += "\\u00" + (c < 16 ? "0" : "1") + "0123456789abcdef"[c & 15];
      else out += ch;
    }
    return out + "\"";
  }
  // Keys in code point order: the order of their UTF-8 bytes (not of UTF-16 units, which puts
  // an astral character before U+E000–U+FFFF).
  function compareKeys(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }
  function canonical(v) {
    if (typeof v === "string") return quote(v);
    if (Array.isArray(v)) return "[" + v.map(canonical).join(",") + "]";
    var keys = Object.keys(v).sort(compareKeys);
    return "{" + keys.map(function (k) { return quote(k) + ":" + canonical(v[k]); }).join(",") + "}";
  }
  function signedBytes(tag, value) { return new TextEncoder().encode(tag + "\n" + canonical(value)); }

  // --- The QR text (CertificatePayload.readQR). ---
  function escapeField(s) {
    return s.replace(/[%|\n\r]/g, function (c) { return { "%": "%25", "|": "%7C", "\n": "%0A", "\r": "%0D" }[c]; });
  }
  function unescapeField(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      if (s[i] !== "%") { out += s[i]; continue; }
      var code = s.substr(i + 1, 2);
      var map = { "25": "%", "7C": "|", "0A": "\n", "0D": "\r" };
      if (!own(map, code)) return null;
      out += map[code]; i += 2;
    }
    return out;
  }
  function parseCertificate(t) {
    if (t.indexOf("YRDQ1|") !== 0 || /[\n\r\u2028\u2029]/.test(t)) return null;
    var parts = t.split("|");
    if (parts.length !== FIELDS.length + 2) return null;
    var data = {};
    for (var i = 0; i < FIELDS.length; i++) {
      var v = unescapeField(parts[i + 1]);
      if (v === null) return null;
      data[FIELDS[i]] = v;
    }
    var signature = b64decode(parts[parts.length - 1]);
    if (signature === null) return null;
    var again = ["YRDQ1"].concat(FIELDS.map(function (f) { return escapeField(data[f]); }), [b64encode(signature)]).join("|");
    return again === t ? { data: data, signature: signature } : null;
  }

  // As `TerminalText.value` shows a value: control characters (C0 but the tab, DEL, C1), line
  // and paragraph separators and bidi controls as visible escapes, so that no value can break
  // its line or reorder what stands around it.
  function visible(s) {
    return s.replace(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g, function (c) {
      return "\\u{" + c.charCodeAt(0).toString(16).toUpperCase() + "}";
    });
  }

  function isoDate(s) {
    if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
    var y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8, 10);
    var t = new Date(Date.UTC(y, m - 1, d));
    return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }
  function chineseDate(s) {
    return isoDate(s) ? +s.slice(0, 4) + "年" + +s.slice(5, 7) + "月" + +s.slice(8, 10) + "日" : s;
  }

  // --- The keys embedded in the page. ---
  var keys = [];
  try {
    var embedded = JSON.parse(byId("yrdq-keys").textContent);
    for (var k = 0; k < embedded.length; k++) {
      var raw = b64decode(embedded[k].key);
      if (raw !== null && raw.length === 32 && typeof embedded[k].id === "string") keys.push({ id: embedded[k].id, raw: raw });
    }
  } catch (e) { keys = []; }
  function importKey(raw) { return crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]); }
  function verify(raw, signature, bytes) {
    return importKey(raw).then(function (key) { return crypto.subtle.verify({ name: "Ed25519" }, key, signature, bytes); });
  }

  // CertificateSigner.verify, over every key of the bureau.
  function signatureVerdict(cert) {
    var bytes = signedBytes("YRDQ-certificate-1", cert.data);
    var named = keys.filter(function (k) { return k.id === cert.data.key; });
    if (named.length > 0) {
      return verify(named[0].raw, cert.signature, bytes).then(function (ok) { return ok ? "genuine" : "altered"; });
    }
    return Promise.all(keys.map(function (k) { return verify(k.raw, cert.signature, bytes); })).then(function (results) {
      return results.indexOf(true) >= 0 ? "altered" : "other-key";
    });
  }

  // Whether valid JSON text has an object with the same member twice (also spelt with \u
  // escapes), which StrictJSON refuses and JSON.parse would silently resolve to the last.
  function hasDuplicateMember(body) {
    var stack = [];
    for (var i = 0; i < body.length; i++) {
      var c = body[i];
      if (c === "{") stack.push({ keys: Object.create(null), expectKey: true });
      else if (c === "[") stack.push(null);
      else if (c === "}" || c === "]") stack.pop();
      else if (c === "," && stack.length && stack[stack.length - 1]) stack[stack.length - 1].expectKey = true;
      else if (c === "\"") {
        var j = i + 1;
        while (body[j] !== "\"") j += body[j] === "\\" ? 2 : 1;
        var top = stack[stack.length - 1];
        if (top && top.expectKey) {
          var key = JSON.parse(body.slice(i, j + 1));
          if (top.keys[key] === true) return true;
          top.keys[key] = true;
          top.expectKey = false;
        }
        i = j;
      }
    }
    return false;
  }

  // StatusList.read: exactly the members written, signed by one of the bureau's keys.
  function readStatusList(body) {
    var o;
    try { o = JSON.parse(body); } catch (e) { return Promise.resolve({ problem: "malformed" }); }
    if (hasDuplicateMember(body)) return Promise.resolve({ problem: "malformed" });
    if (!exactMembers(o, LIST_MEMBERS) || o.format !== "yrdq-status-list-1" || !isoDate(o.date) ||
        typeof o.key !== "string" || !Array.isArray(o.entries)) return Promise.resolve({ problem: "malformed" });
    var entries = [], serials = {}, ids = {};
    for (var i = 0; i < o.entries.length; i++) {
      var e = o.entries[i];
      if (!exactMembers(e, ENTRY_MEMBERS)) return Promise.resolve({ problem: "malformed" });
      for (var j = 0; j < ENTRY_MEMBERS.length; j++) if (typeof e[ENTRY_MEMBERS[j]] !== "string") return Promise.resolve({ problem: "malformed" });
      if ((e.status !== "revoked" && e.status !== "suspended") || !isoDate(e.since)) return Promise.resolve({ problem: "malformed" });
      if (own(serials, e.serial) || own(ids, e.id)) return Promise.resolve({ problem: "malformed" });
      serials[e.serial] = true; ids[e.id] = true;
      entries.push({ serial: e.serial, id: e.id, status: e.status, since: e.since, reason: e.reason });
    }
    var signature = b64decode(o.signature);
    if (signature === null) return Promise.resolve({ problem: "malformed" });
    var signer = keys.filter(function (k) { return k.id === o.key; });
    if (signer.length === 0) return Promise.resolve({ problem: "other-key" });
    var list = { format: o.format, date: o.date, key: o.key, entries: entries };
    return verify(signer[0].raw, signature, signedBytes("YRDQ-status-list-1", list)).then(function (ok) {
      return ok ? { list: list } : { problem: "altered" };
    });
  }

  function fetchStatusList() {
    if (location.protocol === "file:") return Promise.resolve({ problem: "unreachable" });
    return fetch("status.json", { cache: "no-store", credentials: "omit", redirect: "error", referrerPolicy: "no-referrer" })
      .then(function (r) {
        if (!r.ok) return { problem: "unreachable" };
        return r.text().then(function (body) {
          return body.length > MAX_LIST ? { problem: "malformed" } : readStatusList(body);
        });
      }, function () { return { problem: "unreachable" }; });
  }

  // --- Showing the verdict. ---
  function show(verdict, detail, cert) {
    document.body.setAttribute("data-verdict", verdict);
    byId("verdict").className = "verdict " + verdict;
    byId("verdict-title").textContent = text("verdict-" + verdict);
    byId("verdict-detail").textContent = detail;
    if (cert) {
      for (var i = 0; i < FIELDS.length; i++) {
        var f = FIELDS[i], cell = document.querySelector('[data-field="' + f + '"] dd');
        if (!cell) continue;
        var v = cert.data[f];
        if (f === "date") v = chineseDate(v);
        if (f === "total") v = fill(text("total-format"), { total: v });
        cell.textContent = visible(v);
      }
      byId("fields").hidden = false;
      byId("untrusted").hidden = verdict !== "altered" && verdict !== "other-key";
    }
  }

  function run() {
    byId("fields").hidden = true;
    byId("untrusted").hidden = true;
    var cells = document.querySelectorAll("[data-field] dd");
    for (var c = 0; c < cells.length; c++) cells[c].textContent = "";
    var fragment = location.hash.slice(1);
    if (fragment === "") { show("none", text("detail-none"), null); return; }
    var t = fragment.length <= MAX_FRAGMENT ? decodeFragment(fragment) : null;
    var cert = t === null ? null : parseCertificate(t);
    if (cert === null) { show("unreadable", text("detail-unreadable"), null); return; }
    if (!window.crypto || !crypto.subtle || keys.length === 0) { show("no-crypto", text("detail-no-crypto"), cert); return; }
    signatureVerdict(cert).then(function (verdict) {
      if (verdict !== "genuine") { show(verdict, text("detail-" + verdict), cert); return; }
      show("checking", text("detail-checking"), cert);
      return fetchStatusList().then(function (r) {
        if (r.problem) { show("status-unknown", text("detail-status-" + r.problem), cert); return; }
        var list = r.list;
        var dated = { date: chineseDate(list.date) };
        if (list.date < cert.data.date) { show("status-unknown", fill(text("detail-status-stale"), dated), cert); return; }
        var entry = list.entries.filter(function (e) { return e.serial === cert.data.serial && e.id === cert.data.id; })[0];
        if (!entry) { show("genuine", fill(text("detail-genuine"), dated), cert); return; }
        var values = { date: dated.date, since: chineseDate(entry.since), reason: entry.reason === "" ? text("no-reason") : visible(entry.reason) };
        show(entry.status, fill(text("detail-" + entry.status), values), cert);
      });
    }).catch(function () { show("no-crypto", text("detail-no-crypto"), cert); });
  }

  window.addEventListener("hashchange", run);
  run();
})();
"""#
}
