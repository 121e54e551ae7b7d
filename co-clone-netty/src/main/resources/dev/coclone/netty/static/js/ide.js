// The editor page: CodeMirror with streaming ghost text. When to ask is learned from the user's
// typing rhythm (the server's pause predictor at /v1/typing); each keystroke aborts the request
// in flight; Tab accepts, Esc dismisses, typing the suggestion's next characters keeps the rest.
"use strict";

const $ = (id) => document.getElementById(id);
const sessionId = "ide-" + Math.random().toString(36).slice(2);
const modes = { javascript: "javascript", typescript: "text/typescript", python: "python", java: "text/x-java" };
const languageOf = (name) => ({ js: "javascript", mjs: "javascript", ts: "typescript", py: "python", java: "java" })[
  name.split(".").pop()] || "text";

const files = [];
let active = -1;
let ghost = null;           // { text, widget, pos }
let inFlight = null;        // AbortController of the running request
let timer = null;
let canceled = 0;
let lastKeyAt = 0;
let typing = [];            // { dt_ms, ch } since the last report
let advice = null;          // delays from the server's predictor, per key class
const localGaps = [];       // fallback: learned locally until the server answers

const cm = CodeMirror($("editor-host"), { lineNumbers: true, theme: "material-darker", indentUnit: 4,
  extraKeys: { Tab: acceptOrIndent, Esc: dismiss, "Ctrl-S": () => saveToServer(files[active]),
    "Cmd-S": () => saveToServer(files[active]) } });

function showError(message) {
  $("error").textContent = message || "";
  $("error").classList.toggle("show", Boolean(message));
}

// ---- files ----
// Files live in the server's workspace, so completions use them as context.
async function saveToServer(f) {
  try {
    const r = await CoClone.call("/v1/files/" + encodeURIComponent(f.name).replace(/%2F/g, "/"), {
      method: "PUT", headers: { "Content-Type": "text/plain; charset=utf-8" }, body: f.doc.getValue() });
    if (!r.ok) {
      const j = await r.json();
      showError(j.error ? j.error.message : "could not save " + f.name);
      return false;
    }
    f.saved = f.doc.getValue();
    f.dirty = false;
    renderTabs();
    if (TRACKED.has(languageOf(f.name))) {
      live.delete(f.name);   // the server has this text now: its pending changes say the rest
      schedulePendingCheck();
    }
    return true;
  } catch (e) {
    showError(e.message);
    return false;
  }
}

function openFile(name, text, save = true) {
  const existing = files.findIndex((f) => f.name === name);
  if (existing >= 0) {
    files[existing].doc.setValue(text);
    return switchTo(existing);
  }
  const doc = CodeMirror.Doc(text, modes[languageOf(name)] || "text/plain");
  const f = { name, doc, dirty: false, saved: text };
  files.push(f);
  switchTo(files.length - 1);
  if (save) saveToServer(f);
}

function switchTo(i) {
  dismiss();
  active = i;
  cm.swapDoc(files[i].doc);
  renderTabs();
  cm.focus();
}

function closeFile(i) {
  const f = files[i];
  if (f.dirty && !confirm(f.name + " has unsent changes. Close it anyway?")) return;
  CoClone.call("/v1/files/" + encodeURIComponent(f.name).replace(/%2F/g, "/"), { method: "DELETE" }).catch(() => {});
  files.splice(i, 1);
  if (live.delete(f.name)) renderBanner();
  if (!files.length) openFile("untitled.py", "");
  else switchTo(Math.min(i, files.length - 1));
}

function renderTabs() {
  const tabs = $("tabs");
  tabs.textContent = "";
  files.forEach((f, i) => {
    const t = document.createElement("div");
    t.className = "filetab" + (i === active ? " active" : "");
    t.dataset.name = f.name;
    t.innerHTML = "<span></span><span class='dirty'></span><span class='close' title='Close'>×</span>";
    t.children[0].textContent = f.name;
    t.children[1].textContent = f.dirty ? "●" : "";
    t.onclick = (e) => (e.target.classList.contains("close") ? closeFile(i) : switchTo(i));
    t.ondblclick = () => {
      const name = prompt("Rename file", f.name);
      if (!name || name === f.name) return;
      CoClone.json("/v1/files/rename", { from: f.name, to: name }).then(() => {
        f.name = name;
        cm.setOption("mode", modes[languageOf(name)] || "text/plain");
        renderTabs();
      }).catch((e) => showError(e.message));
    };
    tabs.append(t);
  });
}

$("new-file").onclick = () => openFile("untitled-" + (files.length + 1) + ".py", "");

async function readUploads(list) {
  for (const file of list) {
    if (file.size > 1024 * 1024) {
      showError(`${file.name} is larger than 1 MiB and was not opened`);
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.includes(0)) {
      showError(`${file.name} looks binary and was not opened`);
      continue;
    }
    const name = file.name;
    const text = new TextDecoder().decode(bytes);
    const f = { name, doc: CodeMirror.Doc(text, modes[languageOf(name)] || "text/plain"), dirty: false, saved: text };
    // The server decides what is acceptable (path, size, binary) and says why it refuses.
    if (await saveToServer(f)) {
      files.push(f);
      switchTo(files.length - 1);
    }
  }
}
$("upload").onchange = (e) => readUploads(e.target.files);
const host = $("editor-host");
host.addEventListener("dragover", (e) => { e.preventDefault(); host.classList.add("drop"); });
host.addEventListener("dragleave", () => host.classList.remove("drop"));
host.addEventListener("drop", (e) => { e.preventDefault(); host.classList.remove("drop"); readUploads(e.dataTransfer.files); });

// ---- signature changes ----
// The banner lists signature changes whose callers need an update. While a tracked file has edits
// the server has not seen, a pause after touching a line that looks like a declaration sends its
// buffer to POST /v1/signatures/detect, which compares it with the server's accepted version and
// changes nothing; once the file is saved, the server's pending changes take over. Each site has
// an Apply (its edit): a site in another file goes to /v1/signatures/apply against that file's
// base_sha256; a site in the edited, unsaved file is edited in its buffer, since the server's copy
// is older. Also Apply all, Dismiss, and "Ask model" for sites no deterministic edit fixes.
const TRACKED = new Set(["java", "python", "javascript", "typescript"]);
const DETECT_DELAY_MS = 400;
// A line that may declare a function, method or constructor: a keyword that starts one,
// "type name(", "name(...) {" or an arrow. Some calls match too; that only costs a detect request.
const DECLARATION = new RegExp("^\\s*(?:(?:export\\s+)?(?:async\\s+)?(?:def|function)\\b|(?:public|private|" +
  "protected|static|abstract|final|synchronized|constructor)\\b)|^\\s*[\\w$.<>\\[\\], ?]+\\s+[\\w$]+\\s*\\(|" +
  "^\\s*[\\w$]+\\s*\\(.*\\)\\s*(?::[^=]*)?\\{\\s*$|=>");
let pendingTimer = null;
let pendingReports = [];    // the server's pending changes (saved files)
const live = new Map();     // file name -> { text, reports }: detected from its unsaved buffer
const detecting = new Map(); // file name -> AbortController of its detect request in flight
const detectTimers = new Map();
const hidden = new Set();   // ids dismissed here (an unsaved change is not on the server to dismiss)
let shownKey = "";
let asking = [];            // AbortControllers of model suggestions shown in the banner

function schedulePendingCheck() {
  clearTimeout(pendingTimer);
  pendingTimer = setTimeout(refreshPending, 250);
}

async function refreshPending() {
  try {
    pendingReports = (await Signatures.pending()).reports;
    renderBanner();
  } catch (e) {
    if (e.status !== 404) showError("signature check failed: " + e.message);
  }
}

/** Whether an edit may have changed a signature: lines joined or split, or a declaration-like line. */
function touchesDeclaration(doc, change) {
  if (change.removed.length > 1 || change.text.length > 1) return true;
  return DECLARATION.test(doc.getLine(change.from.line) || "");
}

function scheduleDetect(f) {
  clearTimeout(detectTimers.get(f.name));
  detectTimers.set(f.name, setTimeout(() => detectNow(f), DETECT_DELAY_MS));
}

/** Detects the changes in a file's unsaved buffer; a newer request for the file cancels this one. */
async function detectNow(f) {
  clearTimeout(detectTimers.get(f.name));
  if (detecting.has(f.name)) detecting.get(f.name).abort();
  const text = f.doc.getValue();
  if (text === f.saved || !TRACKED.has(languageOf(f.name))) {
    if (live.delete(f.name)) renderBanner();
    return;
  }
  const controller = new AbortController();
  detecting.set(f.name, controller);
  try {
    const d = await Signatures.detect(f.name, text, controller.signal);
    if (f.doc.getValue() === f.saved || !files.includes(f)) {
      live.delete(f.name);
    } else if (!d.problem) {
      // A buffer that does not parse (mid-edit) keeps what the last one that parsed showed.
      live.set(f.name, { text, reports: d.reports });
    }
    renderBanner();
  } catch (e) {
    // 404: the file is not on the server (never saved), so there is nothing to compare it with.
    if (e.name !== "AbortError" && e.status !== 404) showError("signature check failed: " + e.message);
  } finally {
    if (detecting.get(f.name) === controller) detecting.delete(f.name);
  }
}

/** After an Apply or Dismiss: the server's pending changes and every unsaved buffer, again. */
function refreshSignatures() {
  refreshPending();
  for (const name of live.keys()) {
    const f = files.find((x) => x.name === name);
    if (f) detectNow(f);
    else live.delete(name);
  }
}

/** Puts a file's new server text into its open tab, if it is open. */
function refreshTab(path, text) {
  const f = files.find((x) => x.name === path);
  if (!f) return;
  f.saved = text;
  f.dirty = false;
  if (f.doc.getValue() !== text) {
    const cursor = f.doc.getCursor();
    f.doc.setValue(text);
    f.doc.setCursor(cursor);
  }
  renderTabs();
}

/** Applies edits to one file on the server; refuses when its tab has changes the server has not seen. */
async function applyEdits(path, baseSha256, edits) {
  const open = files.find((x) => x.name === path);
  if (open && open.doc.getValue() !== open.saved) {
    throw new Error(`${path} has unsent changes; save it (Ctrl-S) first, then apply`);
  }
  const r = await Signatures.apply(path, baseSha256, edits);
  refreshTab(r.path, r.text);
  return r;
}

/** Applies edits (made against the buffer's detected text) to an open file's buffer, last first. */
function editBuffer(path, edits) {
  const f = files.find((x) => x.name === path);
  if (!f) throw new Error(`${path} is not open any more`);
  const ranges = edits.map((e) => ({ e, from: { line: e.start_line - 1, ch: e.start_column - 1 },
    to: { line: e.end_line - 1, ch: e.end_column - 1 } }));
  for (const r of ranges) {
    if (f.doc.getRange(r.from, r.to) !== r.e.old_text) {
      throw new Error(`${path}:${r.e.start_line} changed since the check; the banner was refreshed, apply again`);
    }
  }
  ranges.sort((a, b) => b.e.start - a.e.start);
  for (const r of ranges) f.doc.replaceRange(r.e.new_text, r.from, r.to, "signature");
  f.dirty = f.doc.getValue() !== f.saved;
  renderTabs();
}

/** Applies edits where they belong: the unsaved buffer a report came from, or the server. */
function applyTo(source, path, baseSha256, edits) {
  return path === source ? editBuffer(path, edits) : applyEdits(path, baseSha256, edits);
}

async function act(work) {
  try {
    await work();
    showError("");
  } catch (e) {
    showError(e.message);
  }
  refreshSignatures();
}

function askModel(entry, d, li, button) {
  const controller = new AbortController();
  asking.push(controller);
  button.disabled = true;
  const out = Signatures.el("div", "sig-suggestion");
  const text = Signatures.el("code", "", "");
  out.append(Signatures.el("span", "meta", "model: "), text);
  li.append(out);
  const where = { path: d.path, line: d.line, column: d.column };
  const body = entry.source ? Object.assign({ change: { path: entry.source, text: live.get(entry.source).text } },
    where) : Object.assign({ report_id: entry.report.id }, where);
  Signatures.suggest(body, controller.signal, (t) => { text.textContent += t; }).then((s) => {
    text.textContent = s.new_text;
    const apply = Signatures.el("button", "secondary small sig-apply", "Apply");
    apply.onclick = () => act(() => applyTo(entry.source, s.path, s.base_sha256, [s.edit]));
    out.append(" ", apply);
  }).catch((e) => {
    if (e.name !== "AbortError") out.append(Signatures.el("span", "sig-problem", " " + e.message));
  }).finally(() => { button.disabled = false; });
}

/**
 * A report without the sites of the unsaved file that were edited since: the server finds sites of
 * the declaring file in its accepted text, so a call fixed in the buffer (by Apply or by hand) comes
 * back with no edit; its old text is no longer in the buffer.
 */
function unfixed(report, name, text) {
  const dependents = report.dependents.filter((d) => d.path !== name || d.edit || text.includes(d.text));
  return dependents.length === report.dependents.length ? report : Object.assign({}, report, { dependents });
}

/** The changes to show: unsaved buffers' first, then the server's pending ones for other files. */
function bannerEntries() {
  const entries = [];
  const ids = new Set();
  const add = (report, source) => {
    // Like the server's pending list: only changes with a site that breaks or has an edit.
    if (hidden.has(report.id) || ids.has(report.id) || !report.dependents.some((d) => d.breaks || d.edit)) return;
    ids.add(report.id);
    entries.push({ report, source });
  };
  for (const [name, l] of live) l.reports.forEach((r) => add(unfixed(r, name, l.text), name));
  pendingReports.filter((r) => !live.has(r.change.path)).forEach((r) => add(r, null));
  return entries;
}

function renderBanner() {
  const entries = bannerEntries();
  const key = JSON.stringify(entries);
  if (key === shownKey) return;   // unchanged: keep the model suggestions being streamed
  shownKey = key;
  asking.forEach((c) => c.abort());
  asking = [];
  const banner = $("sig-banner");
  banner.textContent = "";
  banner.hidden = !entries.length;
  for (const entry of entries) {
    const r = entry.report;
    const box = Signatures.el("div", "sig-report");
    box.dataset.id = r.id;
    if (entry.source) box.dataset.unsaved = entry.source;
    const head = Signatures.el("div", "sig-head");
    const c = Signatures.counts(r);
    head.append(Signatures.el("b", "sig-title", `${r.change.name}(...) changed: ${Signatures.plural(c.sites,
      "dependent site")} in ${Signatures.plural(c.files, "file")}` + (entry.source ? " (unsaved)" : "")));
    const all = Signatures.el("button", "secondary small sig-apply-all", "Apply all");
    all.disabled = !r.file_edits.length;
    all.onclick = () => act(async () => {
      for (const f of r.file_edits) await applyTo(entry.source, f.path, f.base_sha256, f.edits);
    });
    const dismissButton = Signatures.el("button", "secondary small sig-dismiss", "Dismiss");
    dismissButton.onclick = () => act(async () => {
      hidden.add(r.id);
      if (!entry.source) await Signatures.dismiss(r.id);
    });
    head.append(all, dismissButton);
    box.append(head, Signatures.el("div", "meta", r.change.summary));
    const list = Signatures.el("ul", "sig-dependents");
    for (const d of r.dependents) {
      const li = Signatures.el("li", d.breaks ? "breaks" : "");
      li.dataset.path = d.path;
      li.dataset.line = d.line;
      li.append(Signatures.el("span", "sig-where", Signatures.where(d)), Signatures.el("code", "", d.text),
        Signatures.el("span", "meta", " " + d.reason + " "));
      const fileEdit = Signatures.fileEditFor(r, d);
      if (fileEdit) {
        const b = Signatures.el("button", "secondary small sig-apply", "Apply");
        b.onclick = () => act(() => applyTo(entry.source, d.path, fileEdit.base_sha256, [d.edit]));
        li.append(b);
      } else if (d.breaks) {
        const b = Signatures.el("button", "secondary small sig-ask", "Ask model");
        b.onclick = () => askModel(entry, d, li, b);
        li.append(b);
      }
      list.append(li);
    }
    box.append(list);
    banner.append(box);
  }
}

// ---- ghost text ----
function showGhost(text) {
  clearGhostWidget();
  if (!text) return;
  const span = document.createElement("span");
  span.className = "ghost";
  span.textContent = text;
  const pos = cm.getCursor();
  ghost = { text, pos, widget: cm.setBookmark(pos, { widget: span, insertLeft: true }) };
}

function clearGhostWidget() {
  if (ghost && ghost.widget) ghost.widget.clear();
}

function dismiss() {
  clearGhostWidget();
  ghost = null;
}

function acceptOrIndent() {
  if (ghost && ghost.text) {
    const text = ghost.text;
    dismiss();
    cm.replaceRange(text, cm.getCursor(), null, "accept");
    return;
  }
  cm.execCommand("indentMore");
}

// ---- when to ask ----
function keyClass(ch) {
  if (/[\w$]/.test(ch)) return "word";
  if (ch === " " || ch === "\t") return "space";
  if (ch === ".") return "dot";
  if ("([{".includes(ch)) return "open";
  if (")]};,".includes(ch)) return "close";
  if (ch === "\n") return "newline";
  return "other";
}

function delayFor(ch) {
  if (advice && advice[keyClass(ch)] !== undefined) return advice[keyClass(ch)];
  // Until the server's predictor has advice: 2.5 times this user's median gap so far.
  if (localGaps.length < 5) return 300;
  const sorted = [...localGaps].sort((a, b) => a - b);
  return Math.max(60, Math.min(800, sorted[sorted.length >> 1] * 2.5));
}

async function reportTyping() {
  const events = typing;
  typing = [];
  try {
    const j = await CoClone.json("/v1/typing", { session_id: sessionId, events });
    advice = j.delay_ms;
    $("sb-delay").textContent = `ask after: ${advice.word} ms in a word, ${advice.dot} ms after '.'`;
  } catch (e) {
    typing = events.concat(typing);
  }
}

// ---- requests ----
function cancelInFlight() {
  if (inFlight) {
    inFlight.abort();
    inFlight = null;
    canceled++;
    $("cancel-count").textContent = canceled;
  }
}

async function request() {
  cancelInFlight();
  const controller = new AbortController();
  inFlight = controller;
  const doc = cm.getDoc();
  const cursor = doc.getCursor();
  const prefix = doc.getRange({ line: 0, ch: 0 }, cursor);
  const suffix = doc.getRange(cursor, { line: doc.lastLine() + 1, ch: 0 });
  const file = files[active];
  const started = performance.now();
  let streamed = "";
  let first = 0;
  try {
    const result = await CoClone.complete({ prefix, suffix, language: languageOf(file.name), file_path: file.name,
      session_id: sessionId, max_tokens: 96 }, controller.signal, (t) => {
      if (!first) first = performance.now() - started;
      streamed += t;
      showGhost(streamed);
    });
    if (inFlight !== controller) return;
    showGhost(result.text);
    $("sb-latency").textContent = `latency: first token ${Math.round(first || result.timings.ttft_ms)} ms, ` +
      `total ${Math.round(performance.now() - started)} ms`;
    showError("");
  } catch (e) {
    if (e.name !== "AbortError") showError(e.message);
  } finally {
    if (inFlight === controller) inFlight = null;
  }
}

cm.on("beforeChange", (_, change) => {
  if (!ghost || change.origin === "accept" || change.origin === "setValue") return;
  const typed = change.text.join("\n");
  if (change.origin === "+input" && typed.length === 1 && ghost.text.startsWith(typed) && ghost.text.length > 1) {
    ghost.keep = ghost.text.slice(1);   // typing through: keep the rest after the change
  } else {
    ghost.keep = null;
  }
});

cm.on("change", (_, change) => {
  const f = files[active];
  if (f) {
    f.dirty = cm.getValue() !== f.saved;
    renderTabs();
    if (TRACKED.has(languageOf(f.name)) && change.origin !== "setValue" && (live.has(f.name)
        || touchesDeclaration(cm.getDoc(), change))) {
      scheduleDetect(f);
    }
  }
  if (change.origin === "accept" || change.origin === "setValue" || change.origin === "signature") return;
  const now = performance.now();
  const ch = (change.text.join("\n") || " ").slice(-1);
  if (lastKeyAt) {
    const dt = Math.round(now - lastKeyAt);
    typing.push({ dt_ms: dt, ch });
    localGaps.push(dt);
    if (localGaps.length > 200) localGaps.shift();
    if (typing.length >= 20) reportTyping();
  }
  lastKeyAt = now;
  const keep = ghost && ghost.keep;
  dismiss();
  cancelInFlight();
  clearTimeout(timer);
  if (keep) {
    showGhost(keep);
    return;
  }
  timer = setTimeout(request, delayFor(ch));
});

// ---- background indexing (GET /v1/index) ----
async function pollIndex() {
  try {
    const s = await CoClone.json("/v1/index");
    const el = $("sb-index");
    if (s.ready) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    el.textContent = `learning ${s.task}: ${s.stage} ${s.percent} %`;
    setTimeout(pollIndex, 1000);
  } catch (e) {
    // an older server without /v1/index: nothing to show
  }
}

// ---- start ----
(async () => {
  openFile("example.py", "from collections import Counter\n\n\ndef sort_by_frequency(items):\n    ", false);
  try {
    const info = await CoClone.json("/v1/info");
    $("sb-backend").textContent = `backend: ${info.backend} · ${info.model}`;
    $("status").textContent = info.status.available ? "ready" : "model server down";
    if (!info.status.available) showError("The model server is down: " + info.status.message);
    const loc = new URLSearchParams(location.search).get("location");
    try {
      const route = await CoClone.json("/v1/route" + (loc ? "?location=" + encodeURIComponent(loc) : ""));
      CoClone.useRegion(route, { origin: location.origin, label: loc || "" });
      $("sb-region").textContent = `region: ${route.region} (~${route.expected_latency_ms} ms expected)`;
    } catch (e) {
      $("sb-region").textContent = "region: " + (info.region || "local (standard mode)");
    }
  } catch (e) {
    $("status").textContent = "offline";
    showError(e.message);
  }
  pollIndex();
  refreshPending();
  cm.setCursor(cm.lastLine(), 4);
  cm.focus();
})();
