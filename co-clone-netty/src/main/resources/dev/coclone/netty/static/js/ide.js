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
    if (TRACKED.has(languageOf(f.name))) schedulePendingCheck();
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
// After a tracked file reaches the server, the banner lists the changes whose callers need an
// update: one Apply per site (its edit, against its file's base_sha256), Apply all, Dismiss, and
// "Ask model" for sites no deterministic edit fixes.
const TRACKED = new Set(["java", "python", "javascript", "typescript"]);
let pendingTimer = null;
let asking = [];            // AbortControllers of model suggestions shown in the banner

function schedulePendingCheck() {
  clearTimeout(pendingTimer);
  pendingTimer = setTimeout(refreshPending, 250);
}

async function refreshPending() {
  try {
    renderBanner((await Signatures.pending()).reports);
  } catch (e) {
    if (e.status !== 404) showError("signature check failed: " + e.message);
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

/** Applies edits to one file; refuses when its tab has changes the server has not seen. */
async function applyEdits(path, baseSha256, edits) {
  const open = files.find((x) => x.name === path);
  if (open && open.doc.getValue() !== open.saved) {
    throw new Error(`${path} has unsent changes; save it (Ctrl-S) first, then apply`);
  }
  const r = await Signatures.apply(path, baseSha256, edits);
  refreshTab(r.path, r.text);
  return r;
}

async function act(work) {
  try {
    await work();
    showError("");
  } catch (e) {
    showError(e.message);
  }
  refreshPending();
}

function askModel(report, d, li, button) {
  const controller = new AbortController();
  asking.push(controller);
  button.disabled = true;
  const out = Signatures.el("div", "sig-suggestion");
  const text = Signatures.el("code", "", "");
  out.append(Signatures.el("span", "meta", "model: "), text);
  li.append(out);
  Signatures.suggest({ report_id: report.id, path: d.path, line: d.line, column: d.column }, controller.signal,
    (t) => { text.textContent += t; }).then((s) => {
    text.textContent = s.new_text;
    const apply = Signatures.el("button", "secondary small sig-apply", "Apply");
    apply.onclick = () => act(() => applyEdits(s.path, s.base_sha256, [s.edit]));
    out.append(" ", apply);
  }).catch((e) => {
    if (e.name !== "AbortError") out.append(Signatures.el("span", "sig-problem", " " + e.message));
  }).finally(() => { button.disabled = false; });
}

function renderBanner(reports) {
  asking.forEach((c) => c.abort());
  asking = [];
  const banner = $("sig-banner");
  banner.textContent = "";
  banner.hidden = !reports.length;
  for (const r of reports) {
    const box = Signatures.el("div", "sig-report");
    box.dataset.id = r.id;
    const head = Signatures.el("div", "sig-head");
    const c = Signatures.counts(r);
    head.append(Signatures.el("b", "sig-title", `${r.change.name}(...) changed: ${Signatures.plural(c.sites,
      "dependent site")} in ${Signatures.plural(c.files, "file")}`));
    const all = Signatures.el("button", "secondary small sig-apply-all", "Apply all");
    all.disabled = !r.file_edits.length;
    all.onclick = () => act(async () => {
      for (const f of r.file_edits) await applyEdits(f.path, f.base_sha256, f.edits);
    });
    const dismissButton = Signatures.el("button", "secondary small sig-dismiss", "Dismiss");
    dismissButton.onclick = () => act(() => Signatures.dismiss(r.id));
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
        b.onclick = () => act(() => applyEdits(d.path, fileEdit.base_sha256, [d.edit]));
        li.append(b);
      } else if (d.breaks) {
        const b = Signatures.el("button", "secondary small sig-ask", "Ask model");
        b.onclick = () => askModel(r, d, li, b);
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
  }
  if (change.origin === "accept" || change.origin === "setValue") return;
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
  cm.setCursor(cm.lastLine(), 4);
  cm.focus();
})();
