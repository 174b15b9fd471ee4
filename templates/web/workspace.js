// Progressive: live sums and autosave on the expert's sheet. The page works without it.
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  if (!form || form.getAttribute("data-autosave") !== "true") { return; }
  var status = document.getElementById("autosave");
  var timer = null, stopped = false, busy = false, again = false;

  function hundredths(text) {
    var t = text.trim();
    if (!/^\d+(\.\d{1,2})?$/.test(t)) { return null; }
    var parts = t.split(".");
    var frac = (parts[1] || "").concat("00").slice(0, 2);
    return parseInt(parts[0], 10) * 100 + parseInt(frac, 10);
  }
  function show(h) {
    var s = String(Math.floor(h / 100));
    var f = h % 100;
    if (f === 0) { return s; }
    return s + "." + (f < 10 ? "0" + f : String(f)).replace(/0$/, "");
  }
  function sums() {
    var total = 0;
    var items = form.querySelectorAll("[data-item]");
    for (var i = 0; i < items.length; i++) {
      var inputs = items[i].querySelectorAll("input.score");
      var sum = 0, complete = inputs.length > 0;
      for (var j = 0; j < inputs.length; j++) {
        var h = hundredths(inputs[j].value);
        var max = hundredths(inputs[j].getAttribute("data-max"));
        var bad = inputs[j].value.trim() !== "" && (h === null || h > max);
        inputs[j].setAttribute("aria-invalid", bad ? "true" : "false");
        if (h === null || bad) { complete = false; } else { sum += h; }
      }
      var out = items[i].querySelector(".sum");
      if (complete) { out.textContent = show(sum); total += sum; }
      else if (inputs.length && Array.prototype.every.call(inputs, function (x) { return x.value.trim() === ""; })) {
        if (out.textContent !== "—") { var kept = hundredths(out.textContent); if (kept !== null) { total += kept; } }
      } else { out.textContent = "—"; }
    }
    document.getElementById("total").textContent = show(total);
  }
  // The validator's problems from the autosave's answer, where a form post's page puts them:
  // each item's next to it, the others above the table, the count in the summary. Text only.
  function fill(list, messages) {
    var now = [];
    for (var i = 0; i < list.children.length; i++) { now.push(list.children[i].textContent); }
    if (now.join("\n") === messages.join("\n") && now.length === messages.length) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    for (var j = 0; j < messages.length; j++) {
      var li = document.createElement("li");
      li.textContent = String(messages[j]);
      list.appendChild(li);
    }
  }
  function problems(body) {
    if (!body.items || typeof body.items !== "object") { return; }
    var lists = form.querySelectorAll("ul[data-problems]");
    for (var i = 0; i < lists.length; i++) {
      var n = lists[i].getAttribute("data-problems");
      var messages = Object.prototype.hasOwnProperty.call(body.items, n) && Array.isArray(body.items[n]) ? body.items[n] : [];
      fill(lists[i], messages);
      lists[i].hidden = messages.length === 0;
      var item = lists[i].closest("[data-item]");
      if (item) { item.classList.toggle("bad", messages.length > 0); }
    }
    var general = document.getElementById("problems");
    if (general) {
      var others = Array.isArray(body.general) ? body.general : [];
      fill(general.querySelector("ul"), others);
      general.hidden = others.length === 0;
    }
    var validity = document.getElementById("validity");
    if (validity) {
      validity.textContent = body.valid ? "评分表完整" : "尚有 " + body.count + " 处待完成或改正";
      validity.className = body.valid ? "good" : "muted";
    }
  }
  // What is typed and not yet saved, kept in the browser (localStorage) with the version it was
  // typed on: a reload, a closed tab or a dropped connection loses nothing. On load a draft typed
  // on the version the page shows is put back and saved; a draft of an older version (the sheet
  // was saved since, in another tab) is dropped, as the server's version check would refuse it.
  var draftKey = form.getAttribute("data-draft"), edits = 0, failed = false;
  var store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  function version() { return form.querySelector("input[name=version]").value; }
  function entries() {
    var out = [];
    var fd = new FormData(form);
    fd.forEach(function (value, name) { if (name !== "csrf" && name !== "version") { out.push([name, String(value)]); } });
    return out;
  }
  function keep() {
    if (!store || !draftKey) { return; }
    try { store.setItem(draftKey, JSON.stringify({ version: version(), entries: entries() })); } catch (e) { /* full or denied */ }
  }
  function drop() { if (store && draftKey) { try { store.removeItem(draftKey); } catch (e) { /* denied */ } } }
  function restore() {
    if (!store || !draftKey) { return false; }
    var draft = null;
    try { draft = JSON.parse(store.getItem(draftKey) || "null"); } catch (e) { draft = null; }
    if (!draft || !Array.isArray(draft.entries)) { return false; }
    if (String(draft.version) !== version()) { drop(); return false; }
    if (JSON.stringify(draft.entries) === JSON.stringify(entries())) { drop(); return false; }
    var byName = {};
    draft.entries.forEach(function (e) { if (Array.isArray(e) && e.length === 2) { (byName[e[0]] = byName[e[0]] || []).push(String(e[1])); } });
    var fields = form.elements;
    var seen = {};
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if (!f.name || f.name === "csrf" || f.name === "version" || f.type === "submit" || f.type === "button") { continue; }
      var values = byName[f.name] || [];
      if (f.type === "checkbox" || f.type === "radio") { f.checked = values.indexOf(f.value) >= 0; continue; }
      var k = seen[f.name] || 0;
      seen[f.name] = k + 1;
      f.value = k < values.length ? values[k] : "";
    }
    return true;
  }
  window.addEventListener("beforeunload", function (e) {
    // Only while a save has failed: the draft is kept, but say so before the page goes.
    if (failed) { e.preventDefault(); e.returnValue = ""; }
  });
  function save() {
    if (stopped) { return; }
    if (busy) { again = true; return; }
    busy = true;
    var typed = edits;
    var data = new URLSearchParams(new FormData(form));
    data.set("autosave", "1");
    status.textContent = "正在保存…";
    fetch("/sheet/save", { method: "POST", body: data, credentials: "same-origin",
                           headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (r) {
        if (r.body.status === "saved") {
          failed = false;
          form.querySelector("input[name=version]").value = r.body.version;
          // Nothing typed since this save began: the draft is saved. Otherwise it is kept under
          // the new version, and the next save takes it.
          if (typed === edits) { drop(); } else { keep(); }
          status.textContent = r.body.message + (r.body.count ? "（尚有 " + r.body.count + " 处待完成）" : "");
          problems(r.body);
        } else {
          stopped = true;
          status.textContent = r.body.message || "保存失败";
          status.className = "warn";
        }
      })
      .catch(function () { failed = true; status.textContent = "网络中断，未保存：修改已保留在本机浏览器中，恢复连接后将继续保存。"; again = true; })
      .then(function () { busy = false; if (again && !stopped) { again = false; schedule(); } });
  }
  function schedule() { if (timer) { clearTimeout(timer); } timer = setTimeout(save, 800); }
  function edited() { edits++; keep(); sums(); schedule(); }
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  if (restore()) {
    status.textContent = "已恢复上次未保存的修改，正在保存…";
    edits++;
    schedule();
  }
  sums();
})();
