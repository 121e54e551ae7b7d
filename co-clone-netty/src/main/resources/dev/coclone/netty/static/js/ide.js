// The editor page: CodeMirror with streaming ghost text. When to ask is learned from the user's
// typing rhythm (the server's pause predictor at /v1/typing); each keystroke aborts the request in
// flight. Keys (also in the status bar's hint): Tab accepts, Ctrl+Right accepts a word, Ctrl+Down a
// line, Alt+] / Alt+[ show the next / previous suggestion, Alt+\ asks now, Esc dismisses, Ctrl+S
// saves, Ctrl+Shift+E focuses the file tree and Ctrl+Shift+K the tabs.
"use strict";

const sessionId = "ide-" + Math.random().toString(36).slice(2);
const COMPLETIONS = "co-clone.editor.completions";

let inFlight = null;        // AbortController of the running request
let timer = null;
let canceled = 0;
let lastKeyAt = 0;
let typing = [];            // { dt_ms, ch } since the last report
let advice = null;          // delays from the server's predictor, per key class
const localGaps = [];       // fallback: learned locally until the server answers
let edits = 0;              // edits so far; a cursor move without a new edit is a move by the user
let movesSeen = 0;
let enabled = localStorage.getItem(COMPLETIONS) !== "off";

const cm = CodeMirror($("editor-host"), { lineNumbers: true, theme: "material-darker", indentUnit: 2, scrollPastEnd: true,
  extraKeys: {
    Tab: () => {
      if (ghost.acceptAll()) return;
      cm.execCommand(cm.somethingSelected() ? "indentMore" : "insertSoftTab");
    },
    "Shift-Tab": "indentLess",
    Esc: () => {
      cancelInFlight();
      if (!ghost.dismiss()) return CodeMirror.Pass;
      return undefined;
    },
    "Ctrl-Right": () => (ghost.acceptWord() ? undefined : CodeMirror.Pass),
    "Ctrl-Down": () => (ghost.acceptLine() ? undefined : CodeMirror.Pass),
    "Alt-]": () => cycle(1),
    "Alt-[": () => cycle(-1),
    "Alt-\\": () => { request(true); },
    "Ctrl-S": () => { saveFile(files[active]); },
    "Cmd-S": () => { saveFile(files[active]); },
  } });
const ghost = Ghost(cm, () => {
  if (ghost.current()) setCopilot("ready");
  else if (copilotState === "ready") setCopilot("idle");
});

// ---- the status bar, in words ----
let copilotState = "";
const WORDS = { idle: "idle", thinking: "thinking…", ready: "suggestion ready", none: "no suggestion",
  off: "completions off", "model-down": "model unavailable", unreachable: "server unreachable",
  "logged-out": "not logged in" };

function setCopilot(state, detail) {
  copilotState = state;
  const position = state === "ready" ? ghost.position() : "";
  $("copilot").textContent = "Copilot: " + WORDS[state] + (position ? " " + position : "") + (detail ? " · " + detail : "");
  $("copilot").dataset.state = state;
  if (state !== "none") $("why").hidden = true;
}

function idleState() {
  const h = Health.state();
  return h === "unreachable" || h === "model-down" || h === "logged-out" ? h : enabled ? "idle" : "off";
}

function showWhy(result) {
  const why = $("why");
  why.textContent = CoClone.noSuggestion(result);
  why.title = CoClone.contextUsed(result);
  const ctx = Signatures.el("span", "meta", CoClone.contextUsed(result));
  ctx.id = "why-context";
  why.append(ctx);
  why.hidden = false;
}

function renderToggle() {
  $("toggle-completions").textContent = "Completions: " + (enabled ? "on" : "off");
  $("toggle-completions").setAttribute("aria-pressed", String(enabled));
}
$("toggle-completions").onclick = () => {
  enabled = !enabled;
  localStorage.setItem(COMPLETIONS, enabled ? "on" : "off");
  renderToggle();
  if (!enabled) {
    cancelInFlight();
    clearTimeout(timer);
    ghost.dismiss();
  }
  setCopilot(idleState());
  cm.focus();
};

let wasDown = false;
Health.onChange((state) => {
  if (state === "ready" && wasDown) {
    // Back: the signature checks that failed meanwhile run again.
    refreshPending();
    files.filter((f) => f.dirty && TRACKED.has(languageOf(f.name))).forEach(scheduleDetect);
  }
  wasDown = state === "unreachable";
  if (state === "unreachable") {
    cancelInFlight();
    ghost.dismiss();
    setCopilot("unreachable");
  } else if (["", "idle", "off", "none", "unreachable", "model-down", "logged-out"].includes(copilotState)) {
    setCopilot(idleState());
  }
  if (state === "ready" || state === "model-down") {
    const info = Health.info();
    $("sb-backend").textContent = `backend: ${info.backend} · ${info.model}`;
    if (state === "model-down") showError("The model server is down: " + info.status.message);
    else if (/model server is down|unreachable|^Not logged in/.test($("error").textContent)) showError("");
  }
});

// ---- hooks the file model calls ----
function onLeavingFile() {
  ghost.dismiss();
  cancelInFlight();
  clearTimeout(timer);
}

function onClosed(f) {
  if (live.delete(f.name)) renderBanner();
}

function onSaved(f) {
  if (TRACKED.has(languageOf(f.name))) {
    live.delete(f.name);   // the server has this text now: its pending changes say the rest
    schedulePendingCheck();
  }
}

// Ctrl+S anywhere on the page saves the open file (never the browser's "Save page as");
// Ctrl+Shift+E focuses the file tree, Ctrl+Shift+K the tabs.
document.addEventListener("keydown", (e) => {
  const ctrl = e.ctrlKey || e.metaKey;
  if (ctrl && !e.shiftKey && e.key.toLowerCase() === "s" && !cm.hasFocus()) {
    e.preventDefault();   // in the editor, its own Ctrl-S saves
    saveFile(files[active]);
  } else if (ctrl && e.shiftKey && e.key.toLowerCase() === "e") {
    // Kept from CodeMirror too: its key handling would take the focus back at the end of its operation.
    e.preventDefault();
    e.stopPropagation();
    const item = $("tree").querySelector("[tabindex='0']") || $("tree").querySelector("[role=treeitem]");
    if (item) item.focus();
  } else if (ctrl && e.shiftKey && e.key.toLowerCase() === "k") {
    e.preventDefault();
    e.stopPropagation();
    const tab = $("tabs").querySelector(".filetab.active");
    if (tab) tab.focus();
  }
}, true);

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
    // Not logged in, unreachable: the header and the status bar already say so (and what to do).
    if (CoClone.unreachable(e)) Health.lost();
    else if (e.status !== 404 && !CoClone.loggedOut(e)) showError("signature check failed: " + e.message);
  }
}

/** Whether an edit may have changed a signature: lines joined or split, or a declaration-like line. */
function touchesDeclaration(doc, change) {
  if (change.removed.length > 1 || change.text.length > 1) return true;
  return DECLARATION.test(doc.getLine(change.from.line) || "");
}

const MAX_FILE_BYTES = 1024 * 1024;

/** Whether a text's UTF-8 form is longer than max bytes (counted only when it could be). */
function utf8Over(text, max) {
  return text.length * 3 > max && (text.length > max || new TextEncoder().encode(text).length > max);
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
  // Over 1 MiB the server neither keeps the file nor takes the request; a file never saved (the
  // scratch tab, a New file) is not on the server: nothing to compare either (asked, it was a 404 that
  // the browser's console logged as an error at each pause in typing).
  if (f.isNew || text === f.saved || !TRACKED.has(languageOf(f.name)) || utf8Over(text, MAX_FILE_BYTES)) {
    if (live.delete(f.name)) renderBanner();
    return;
  }
  const controller = new AbortController();
  detecting.set(f.name, controller);
  try {
    const d = await Signatures.detect(f.name, text, controller.signal);
    if (f.doc.getValue() === f.saved || !files.includes(f)) {
      live.delete(f.name);
    } else if (!d.problem || d.reports.length) {
      // A buffer that does not parse (mid-edit) keeps what the last one showed, unless the changes
      // were read around the error (JavaScript and TypeScript): then those are shown.
      live.set(f.name, { text, reports: d.reports });
    }
    renderBanner();
  } catch (e) {
    // 404: the file is not on the server (never saved), so there is nothing to compare it with.
    // Unreachable: said by the header and the status bar; the check runs again once the server is back.
    if (CoClone.unreachable(e)) Health.lost();
    else if (e.name !== "AbortError" && e.status !== 404 && !CoClone.loggedOut(e)) {
      showError("signature check failed: " + e.message);
    }
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

/** Edits a document at the edits' lines and columns, last first, after checking each one's old text. */
function editDoc(doc, path, edits) {
  const ranges = edits.map((e) => ({ e, from: { line: e.start_line - 1, ch: e.start_column - 1 },
    to: { line: e.end_line - 1, ch: e.end_column - 1 } }));
  for (const r of ranges) {
    if (doc.getRange(r.from, r.to) !== r.e.old_text) {
      throw new Error(`${path}:${r.e.start_line} changed since the check; the banner was refreshed, apply again`);
    }
  }
  ranges.sort((a, b) => b.e.start - a.e.start);
  for (const r of ranges) doc.replaceRange(r.e.new_text, r.from, r.to, "signature");
}

/**
 * Applies edits where they belong and records how to undo them: the unsaved buffer a report came
 * from is edited in place; any other file is edited from its saved text and saved (to disk unless
 * the server is read-only), refused when its tab has unsaved changes or the file changed since the check.
 */
async function applyTo(source, path, baseSha256, edits, changed) {
  const lines = [...new Set(edits.map((e) => e.start_line))].sort((a, b) => a - b);
  const open = files.find((x) => x.name === path);
  if (path === source) {
    if (!open) throw new Error(`${path} is not open any more`);
    const before = open.doc.getValue();
    editDoc(open.doc, path, edits);
    markDirty(open);
    changed.push({ path, lines, undo: async () => { open.doc.setValue(before); markDirty(open); } });
    return;
  }
  if (open && open.dirty) throw new Error(`${path} has unsaved changes; save it (Ctrl-S) first, then apply`);
  const disk = open ? { text: open.saved, sha256: open.sha } : await CoClone.json(filePath(path));
  if (baseSha256 && disk.sha256 && baseSha256 !== disk.sha256) {
    throw new Error(`${path} changed since the check; the banner was refreshed, apply again`);
  }
  const scratch = CodeMirror.Doc(disk.text);
  editDoc(scratch, path, edits);
  const target = open || { name: path, doc: scratch, saved: disk.text, sha: disk.sha256, isNew: false };
  if (!(await saveFile(target, false, scratch.getValue()))) throw new Error(`${path} was not changed`);
  if (open) setText(open, scratch.getValue());
  changed.push({ path, lines, undo: async () => {
    if (!(await saveFile(target, false, disk.text))) throw new Error(`${path} could not be restored`);
    if (open) setText(open, disk.text);
  } });
}

/** Puts saved text into a tab, keeping its cursor. */
function setText(f, text) {
  const cursor = f.doc.getCursor();
  f.doc.setValue(text);
  f.doc.setCursor(cursor);
  markDirty(f);
}

/** Says which files and lines an Apply changed, with Undo; or any other short note. */
function showApplied(message, undo) {
  const box = $("applied");
  box.textContent = message;
  box.hidden = !message;
  if (undo) {
    const b = Signatures.el("button", "secondary small", "Undo");
    b.id = "undo-apply";
    b.onclick = () => act(async () => {
      for (const u of undo.reverse()) await u.undo();
      showApplied("Undone: " + message.replace(/^Changed /, ""));
    });
    box.append(" ", b);
  }
  const close = Signatures.el("button", "secondary small", "×");
  close.title = "Hide";
  close.onclick = () => { box.hidden = true; cm.focus(); };
  box.append(" ", close);
}

/** Runs an Apply (or Undo, Dismiss): reports what changed, then gives the keyboard back to the editor. */
async function act(work) {
  const changed = [];
  try {
    await work(changed);
    showError("");
  } catch (e) {
    if (CoClone.unreachable(e)) Health.lost();
    showError(CoClone.unreachable(e) ? "The server is unreachable: " + (changed.length ? "only part of it was done"
      : "nothing was changed") : e.message);
  }
  if (changed.length) {
    showApplied("Changed " + changed.map((c) => `${c.path} line${c.lines.length === 1 ? "" : "s"} ` +
      c.lines.join(", ")).join("; "), changed);
  }
  refreshSignatures();
  cm.focus();
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
    apply.onclick = () => act((changed) => applyTo(entry.source, s.path, s.base_sha256, [s.edit], changed));
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
    all.onclick = () => act(async (changed) => {
      for (const f of r.file_edits) await applyTo(entry.source, f.path, f.base_sha256, f.edits, changed);
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
        b.onclick = () => act((changed) => applyTo(entry.source, d.path, fileEdit.base_sha256, [d.edit], changed));
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
    if (copilotState === "thinking") setCopilot(idleState());
  }
}

const samePos = (a, b) => a.line === b.line && a.ch === b.ch;

/**
 * Asks for a suggestion at the cursor. Typing asks only while completions are on; Alt+\ asks anyway.
 * `more` asks for alternatives to the suggestion shown (Alt+] with none yet): the API's `n`, whose
 * answer carries `alternatives`, a list of other suggestions.
 */
async function request(manual = false, more = null) {
  if (!manual && !enabled) return;
  if (Health.state() === "unreachable") {
    setCopilot("unreachable");
    return;
  }
  cancelInFlight();
  clearTimeout(timer);
  const controller = new AbortController();
  inFlight = controller;
  const doc = cm.getDoc();
  const cursor = doc.getCursor();
  const mark = edits;
  const current = () => inFlight === controller && cm.getDoc() === doc && edits === mark
    && samePos(cm.getCursor(), cursor);
  const prefix = windowBefore(doc.getRange({ line: 0, ch: 0 }, cursor));
  const suffix = windowAfter(doc.getRange(cursor, { line: doc.lastLine() + 1, ch: 0 }));
  const file = files[active];
  const started = performance.now();
  let streamed = "";
  let first = 0;
  setCopilot("thinking");
  const body = { prefix, suffix, language: languageOf(file.name), file_path: file.name, session_id: sessionId,
    max_tokens: 96 };
  if (more) body.n = 3;
  try {
    const result = await CoClone.complete(body, controller.signal, (t) => {
      if (!t) return;
      if (!first) first = performance.now() - started;
      streamed += t;
      if (!more && current()) ghost.show([streamed]);
    });
    if (!current()) return;
    const options = (more ? [more] : []).concat([result.text], result.alternatives || []);
    ghost.show(options, more ? Math.min(1, options.length - 1) : 0, { context: result.context });
    const total = Math.round(performance.now() - started);
    $("sb-latency").textContent = first ? `latency: first token ${Math.round(first)} ms, total ${total} ms`
      : `latency: no token, total ${total} ms`;
    if (!ghost.current()) {
      setCopilot("none");
      showWhy(result);
    } else if (more && ghost.current().options.length < 2) {
      setCopilot("ready", "no other suggestions here");
    }
    if (/model server is down/.test($("error").textContent)) showError("");
  } catch (e) {
    if (e.name === "AbortError") return;
    if (CoClone.unreachable(e)) {
      Health.lost();
      setCopilot("unreachable");
    } else if (CoClone.loggedOut(e)) {
      setCopilot("logged-out");
      showError(e.message);
    } else {
      const modelFault = typeof e.code === "string" && e.code.startsWith("model_");
      setCopilot(!modelFault && e.status >= 400 && e.status < 500 && e.status !== 404 ? "none" : "model-down");
      showError(e.message);
    }
  } finally {
    if (inFlight === controller) inFlight = null;
  }
}

// What a completion request carries of a large file: whole lines, at most 96,000 characters before the
// cursor and 32,000 after. The embedded engine reads 64,000 around the cursor and model prompts far
// less, so suggestions are the same; a 2 MB file's requests stay small and under the server's 1 MiB
// limit on a request's body (which refused them all before).
const BEFORE_CHARS = 96000;
const AFTER_CHARS = 32000;

function windowBefore(text) {
  if (text.length <= BEFORE_CHARS) return text;
  const cut = text.slice(text.indexOf("\n", text.length - BEFORE_CHARS) + 1);
  return cut.length <= BEFORE_CHARS ? cut : cut.slice(-BEFORE_CHARS);
}

function windowAfter(text) {
  if (text.length <= AFTER_CHARS) return text;
  const end = text.lastIndexOf("\n", AFTER_CHARS);
  return text.slice(0, end < 0 ? AFTER_CHARS : end + 1);
}

/** Alt+] / Alt+[: the next or previous alternative; with none yet, asks the server for some. */
function cycle(step) {
  if (ghost.cycle(step)) return;
  const g = ghost.live() ? ghost.current() : null;
  request(true, g ? g.text : null);
}

cm.on("beforeChange", (_, change) => {
  const g = ghost.current();
  if (!g || change.origin === "accept" || change.origin === "setValue") return;
  const typed = change.text.join("\n");
  if (ghost.live() && change.origin === "+input" && typed.length === 1 && g.text.startsWith(typed)
      && g.text.length > 1) {
    g.keep = g.text.slice(1);   // typing through: keep the rest after the change
  } else {
    g.keep = null;
  }
});

cm.on("change", (_, change) => {
  edits++;
  ghost.noteEdit(change);
  const f = files[active];
  if (f) {
    markDirty(f);
    if (TRACKED.has(languageOf(f.name)) && change.origin !== "setValue" && (live.has(f.name)
        || touchesDeclaration(cm.getDoc(), change))) {
      scheduleDetect(f);
    }
  }
  if (change.origin === "accept") return;
  const g = ghost.current();
  const keep = g && g.keep;
  const context = g && g.context;
  ghost.dismiss();
  cancelInFlight();
  clearTimeout(timer);
  if (change.origin === "setValue" || change.origin === "signature") return;
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
  if (keep) {
    ghost.show([keep], 0, { context });
    return;
  }
  if (enabled) timer = setTimeout(request, delayFor(ch));
});

// A move that no edit caused (arrows, a click, a selection) leaves the suggestion behind: it is
// dismissed, and its request (or the pending one) canceled.
cm.on("cursorActivity", () => {
  if (edits !== movesSeen) {
    movesSeen = edits;
    return;
  }
  if (ghost.current() && !ghost.live()) ghost.dismiss();
  if (!ghost.current()) {
    cancelInFlight();
    clearTimeout(timer);
  }
  if (copilotState === "none") setCopilot(idleState());   // the "why" belonged to the old cursor
});

// The notices' strip above the editor (errors, a refused save) comes and goes: once the user has
// typed or clicked in the editor, it is scrolled by as much as the strip moved it, so the text they
// are working on stays where it was on the screen and no line is ever under a notice. Before that (a
// notice as the page loads), the text just starts below the strip, from its first line. The scroll
// is made as the strip changes (files.js calls stripChanged), in the same script: waiting for the
// ResizeObserver left the text 76 px off for the ~20 ms until it ran, which anything reading the
// layout meanwhile saw (a browser test did). The observer still follows the strip when its text
// wraps anew (the window resized).
let noticesHeight = $("notices").getBoundingClientRect().height;
let used = false;
cm.on("keydown", () => { used = true; });
cm.on("mousedown", () => { used = true; });
function followStrip() {
  const height = $("notices").getBoundingClientRect().height;
  const moved = height - noticesHeight;
  noticesHeight = height;
  if (!moved || !used) return;
  const scrolled = cm.getScrollInfo().top;
  cm.refresh();
  cm.scrollTo(null, Math.max(0, scrolled + moved));
}
stripChanged = followStrip;
new ResizeObserver(followStrip).observe($("notices"));

// Scrolled out of view: dismissed.
cm.on("scroll", () => {
  const g = ghost.current();
  if (!g) return;
  const s = cm.getScrollInfo();
  const c = cm.charCoords(g.pos, "local");
  if (c.bottom < s.top || c.top > s.top + s.clientHeight) ghost.dismiss();
});

// ---- background indexing and what it learned (GET /v1/index) ----
async function pollIndex() {
  try {
    const s = await CoClone.json("/v1/index");
    const el = $("sb-index");
    const learned = CoClone.learnedSummary(s);
    el.title = learned.detail;
    if (s.ready) {
      // What the background corpora gave stays in the status bar; the tooltip names each, skipped ones with why.
      el.hidden = !learned.text;
      el.textContent = learned.text;
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
/** `?location=` picks a region in multi-region mode; anything it cannot use is said, not ignored. */
async function routeFor(info) {
  const loc = new URLSearchParams(location.search).get("location");
  if (!info.region) {
    $("sb-region").textContent = "region: local (standard mode)";
    if (loc) {
      showError(`Location "${loc}" is unknown here: this server runs in standard mode, with no regions to route ` +
        "to, so completions come from this server.");
    }
    return;
  }
  try {
    const route = await CoClone.json("/v1/route" + (loc ? "?location=" + encodeURIComponent(loc) : ""));
    CoClone.useRegion(route, { origin: location.origin, label: loc || "" });
    $("sb-region").textContent = `region: ${route.region} (~${route.expected_latency_ms} ms expected)`;
  } catch (e) {
    $("sb-region").textContent = "region: " + info.region;
    if (loc) showError(`Location "${loc}" is unknown: ${e.message}. Completions go to ${info.region}.`);
  }
}

// The scratch tab a first visit opens. Its cursor stands where the embedded engine, with nothing
// learned but this text, suggests the next call (add_argument(") at Alt+\ or on typing, so the first
// thing a newcomer tries gets a suggestion; a body under a bare def header needs a model.
const STARTER = "# A scratch file (Ctrl+S saves it as example.py). Type, or press Alt+\\ to ask at the cursor:\n" +
  "# the suggestion shows in grey; Tab accepts it, Alt+] shows another, Esc dismisses it.\n" +
  "import argparse\nfrom collections import Counter\n\n\ndef count_words(text):\n" +
  "    \"\"\"Return a Counter of the lower-cased words in text.\"\"\"\n" +
  "    return Counter(word.lower() for word in text.split())\n\n\n" +
  "parser = argparse.ArgumentParser(description=\"Count the words of a file.\")\n" +
  "parser.add_argument(\"path\", help=\"the file to read\")\n" +
  "parser.add_argument(\"--top\", type=int, default=10, help=\"how many words to show\")\nparser.";

(async () => {
  renderToggle();
  setCopilot(enabled ? "idle" : "off");
  // The files first, then the health check: "ready" in the header means the page is ready to type in.
  await refreshTree();
  let restored = false;
  try {
    restored = await restoreTabs();
  } catch (e) {
    // unreachable: the health check below says so and retries; the scratch file keeps the page usable
  }
  if (!restored) {
    addTab("example.py", STARTER, null, true);
    switchTo(0);
    cm.setCursor(cm.lastLine(), cm.getLine(cm.lastLine()).length);
  }
  movesSeen = edits;
  cm.focus();
  let info = null;
  try {
    info = await Health.check();
  } catch (e) {
    if (!CoClone.unreachable(e)) showError(e.message);
  }
  if (info) await routeFor(info);
  pollIndex();
  refreshPending();
})();
