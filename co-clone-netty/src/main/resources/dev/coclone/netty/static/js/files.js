// The editor's files: the workspace's file tree (the server's --workspace folder), tabs (restored
// after a reload), saving to disk with conflict detection (If-Match: the version the tab was opened
// from; 409 changed_on_disk offers reload or overwrite), uploads that keep their relative paths,
// new / rename / delete on real files, unsaved marks and a prompt before leaving with unsaved edits.
// Closing a tab only closes the view. With a read-only server, saves stay in its memory.
"use strict";

const modes = { javascript: "javascript", typescript: "text/typescript", python: "python", java: "text/x-java" };
const languageOf = (name) => ({ js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript",
  ts: "typescript", tsx: "typescript", py: "python", java: "java" })[name.split(".").pop()] || "text";
const filePath = (name) => "/v1/files/" + name.split("/").map(encodeURIComponent).join("/");
const SKIP_UPLOAD = /(^|\/)(node_modules|\.git|target|build|dist|__pycache__|\.venv)\//;
const STORE = "co-clone.editor.tabs";

const files = [];
let active = -1;
let treePaths = [];
let savesToDisk = false;
let skippedFiles = new Map();   // path -> why the server did not read it (too large, binary, a link out)
const collapsed = new Set();

/** What went wrong, in words: an unreachable server is said as such (and the health check told). */
function problem(e, what) {
  if (!CoClone.unreachable(e)) return e.message;
  Health.lost();
  return what + ": the server is unreachable";
}

/**
 * Called right after the strip above the editor changed (a message shown or hidden): ide.js scrolls the
 * editor by as much as the strip moved it, there and then, so no layout ever has the text moved.
 */
let stripChanged = () => {};

/** Shows a message in the strip above the editor (ide.js keeps the text in place), with × to hide it; "" hides it. */
function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  if (message) {
    const close = document.createElement("button");
    close.className = "secondary small close-banner";
    close.textContent = "×";
    close.title = "Hide";
    close.onclick = () => {
      box.classList.remove("show");
      stripChanged();
      cm.focus();
    };
    box.append(" ", close);
  }
  box.classList.toggle("show", Boolean(message));
  stripChanged();
}

/** The indentation unit a text uses: the most common step between consecutive indented lines. */
function indentOf(text, language) {
  const counts = {};
  let prev = 0;
  let tabs = 0;
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    if (line.startsWith("\t")) tabs++;
    const n = line.length - line.trimStart().length;
    if (n > prev && n - prev <= 8 && !line.startsWith("\t")) counts[n - prev] = (counts[n - prev] || 0) + 1;
    prev = n;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return { unit: best ? Number(best[0]) : (language === "python" || language === "java" ? 4 : 2), tabs: tabs > 5 };
}

function applyIndent(f) {
  const i = indentOf(f.doc.getValue(), languageOf(f.name));
  cm.setOption("indentUnit", i.unit);
  cm.setOption("tabSize", i.tabs ? 4 : i.unit);
  cm.setOption("indentWithTabs", i.tabs);
}

function persistTabs() {
  try {
    // Each tab's cursor and scroll too, so a reload puts the user back where they were.
    const places = {};
    for (const f of files.filter((x) => !x.isNew)) {
      const c = f.doc.getCursor();
      places[f.name] = { line: c.line, ch: c.ch, top: Math.round(f.doc.scrollTop || 0) };
    }
    localStorage.setItem(STORE, JSON.stringify({ open: files.filter((f) => !f.isNew).map((f) => f.name),
      active: files[active] ? files[active].name : null, places }));
  } catch (e) {
    // Storage off (private mode): tabs are not restored, nothing else changes.
  }
}

function savedTabs() {
  try {
    return JSON.parse(localStorage.getItem(STORE)) || { open: [], active: null };
  } catch (e) {
    return { open: [], active: null };
  }
}

function addTab(name, text, sha, isNew = false) {
  const doc = CodeMirror.Doc(text, modes[languageOf(name)] || "text/plain");
  const f = { name, doc, saved: text, sha, isNew, dirty: false };
  files.push(f);
  return f;
}

/** Opens a workspace file (or switches to its tab). */
async function openPath(name, focus = true) {
  const existing = files.findIndex((f) => f.name === name);
  if (existing >= 0) return switchTo(existing, focus);
  const r = await CoClone.json(filePath(name));
  if (files.some((f) => f.name === name)) return switchTo(files.findIndex((f) => f.name === name), focus);
  addTab(r.path, r.text, r.sha256);
  switchTo(files.length - 1, focus);
}

function switchTo(i, focus = true) {
  onLeavingFile();
  active = i;
  cm.swapDoc(files[i].doc);
  applyIndent(files[i]);
  renderTabs();
  renderTree();
  persistTabs();
  if (focus) cm.focus();
}

function closeFile(i) {
  const f = files[i];
  if (f.dirty && !confirm(f.name + " has unsaved changes. Close it and lose them?")) return;
  files.splice(i, 1);
  onClosed(f);
  if (!files.length) {
    addTab("untitled.py", "", null, true);
    switchTo(0);
  } else {
    switchTo(Math.min(i, files.length - 1));
  }
}

function markDirty(f) {
  const dirty = f.doc.getValue() !== f.saved;
  if (dirty !== f.dirty) {
    f.dirty = dirty;
    renderTabs();
    renderTree();
  }
}

// ---- saving ----
let conflictFile = null;

function showConflict(f, message, deleted = false) {
  conflictFile = f;
  $("conflict-text").textContent = message;
  $("conflict-reload").hidden = deleted;   // nothing on disk to reload
  $("conflict-overwrite").textContent = deleted ? "Overwrite: write it back" : "Overwrite the disk's version";
  $("conflict").hidden = false;
  stripChanged();
}

function hideConflict() {
  conflictFile = null;
  $("conflict").hidden = true;
  stripChanged();
}

/**
 * Saves a file's text: to disk (atomically) unless the server is read-only. Sends the version the tab
 * started from, so a change made on disk meanwhile is not overwritten silently. Saves of one file go
 * one at a time: a second Ctrl+S waits for the first and sends the version the first one wrote (sent
 * together, the second would be refused as "changed on disk" by the first).
 */
function saveFile(f, overwrite = false, text = f ? f.doc.getValue() : "") {
  if (!f) return Promise.resolve(false);
  const done = (f.saving || Promise.resolve()).then(() => writeFile(f, overwrite, text));
  f.saving = done.catch(() => false);
  return done;
}

async function writeFile(f, overwrite, text) {
  const headers = { "Content-Type": "text/plain; charset=utf-8" };
  if (!overwrite) {
    if (f.isNew) headers["If-None-Match"] = "*";
    else if (f.sha) headers["If-Match"] = `"${f.sha}"`;
  }
  try {
    const r = await CoClone.call(filePath(f.name), { method: "PUT", headers, body: text });
    const j = await r.json();
    if (r.status === 409 && f.isNew) {
      // Never "overwrite" here: the new tab goes away, and the file on disk is one the tree does not show.
      const why = skippedFiles.get(f.name);
      showError(`${f.name} exists already in the workspace folder` + (why ? ` (not shown in the tree: ${why})` : "") +
        "; nothing was written. Pick another name" + (why ? "." : ", or open it from the tree."));
      return false;
    }
    if (r.status === 409) {
      const deleted = j.error && j.error.current_sha256 === null;
      showConflict(f, deleted ? `${f.name} was deleted on disk since you opened it: write your version back ` +
        "(Overwrite), or close the tab." : `${f.name} changed on disk since you opened it: ` +
        "reload it (your edits are lost) or overwrite the disk's version with yours.", deleted);
      return false;
    }
    if (!r.ok) {
      showError(j.error ? j.error.message : "could not save " + f.name);
      return false;
    }
    f.saved = text;
    f.sha = j.sha256;
    f.isNew = false;
    if (conflictFile === f) hideConflict();
    markDirty(f);
    renderTabs();
    persistTabs();
    if (!treePaths.includes(f.name)) refreshTree();
    onSaved(f);
    showError("");
    return true;
  } catch (e) {
    if (CoClone.unreachable(e)) Health.lost();
    showError(CoClone.unreachable(e) ? `${f.name} was not saved: the server is unreachable` : e.message);
    return false;
  }
}

$("conflict-reload").onclick = async () => {
  const f = conflictFile;
  let r;
  try {
    r = await CoClone.json(filePath(f.name));
  } catch (e) {
    showError(problem(e, "could not reload " + f.name));
    return;
  }
  f.saved = r.text;
  f.sha = r.sha256;
  f.isNew = false;
  const cursor = f.doc.getCursor();
  f.doc.setValue(r.text);
  f.doc.setCursor(cursor);
  markDirty(f);
  hideConflict();
  cm.focus();
};
$("conflict-overwrite").onclick = async () => {
  await saveFile(conflictFile, true);
  cm.focus();
};

// ---- the tree ----
async function refreshTree() {
  try {
    const j = await CoClone.json("/v1/files");
    treePaths = j.files.map((f) => f.path);
    savesToDisk = j.saves_to_disk;
    $("tree-root").textContent = j.root || "workspace";
    $("tree-mode").textContent = j.saves_to_disk ? "" : j.read_only ? "read-only: saves stay in the server's memory"
      : "in memory (no --workspace folder)";
    renderSkipped(j.skipped || []);
    renderTree();
  } catch (e) {
    if (CoClone.unreachable(e)) Health.lost();
  }
}

/** "3 files not shown", opening to each one with why: the files of the folder the server did not read. */
function renderSkipped(list) {
  skippedFiles = new Map(list.map((s) => [s.path, s.reason]));
  const box = $("tree-skipped");
  box.hidden = !list.length;
  box.querySelector("summary").textContent = `${list.length} file${list.length === 1 ? "" : "s"} not shown`;
  const ul = box.querySelector("ul");
  ul.textContent = "";
  for (const s of list) {
    const li = document.createElement("li");
    li.dataset.path = s.path;
    li.textContent = `${s.path}: ${s.reason}`;
    ul.append(li);
  }
}

/** Folders first, then files, each sorted; a folder's children are nested. */
function treeOf(paths) {
  const root = { dirs: new Map(), files: [] };
  for (const p of paths) {
    const parts = p.split("/");
    let node = root;
    parts.slice(0, -1).forEach((part, i) => {
      if (!node.dirs.has(part)) node.dirs.set(part, { dirs: new Map(), files: [], path: parts.slice(0, i + 1).join("/") });
      node = node.dirs.get(part);
    });
    node.files.push(p);
  }
  return root;
}

function renderTree() {
  const ul = $("tree");
  const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("#tree")
    ? document.activeElement.dataset.path || document.activeElement.dataset.folder : null;
  ul.textContent = "";
  const current = files[active] ? files[active].name : null;
  const paths = [...new Set(treePaths.concat(files.filter((f) => !f.isNew).map((f) => f.name)))].sort();
  const add = (node, parent, depth) => {
    for (const [name, dir] of [...node.dirs.entries()].sort()) {
      const li = document.createElement("li");
      li.setAttribute("role", "treeitem");
      li.dataset.folder = dir.path;
      li.setAttribute("aria-expanded", String(!collapsed.has(dir.path)));
      li.tabIndex = -1;
      li.className = "tree-folder";
      li.style.paddingLeft = 6 + depth * 12 + "px";
      li.textContent = (collapsed.has(dir.path) ? "▸ " : "▾ ") + name;
      li.onclick = () => toggleFolder(dir.path);
      parent.append(li);
      if (!collapsed.has(dir.path)) add(dir, parent, depth + 1);
    }
    for (const p of node.files.sort()) {
      const li = document.createElement("li");
      li.setAttribute("role", "treeitem");
      li.dataset.path = p;
      li.tabIndex = -1;
      li.className = "tree-file" + (p === current ? " active" : "");
      li.style.paddingLeft = 6 + depth * 12 + "px";
      const f = files.find((x) => x.name === p);
      li.textContent = p.split("/").pop() + (f && f.dirty ? " ●" : "");
      li.title = p;
      li.onclick = () => openPath(p).catch((e) => showError(problem(e, "could not open " + p)));
      parent.append(li);
    }
  };
  add(treeOf(paths), ul, 0);
  const items = [...ul.querySelectorAll("[role=treeitem]")];
  const keep = items.find((li) => (li.dataset.path || li.dataset.folder) === focused)
    || items.find((li) => li.dataset.path === current) || items[0];
  if (keep) {
    keep.tabIndex = 0;
    if (focused) keep.focus();
  }
}

function toggleFolder(path) {
  if (collapsed.has(path)) collapsed.delete(path);
  else collapsed.add(path);
  renderTree();
  const li = $("tree").querySelector(`[data-folder="${CSS.escape(path)}"]`);
  if (li) li.focus();
}

/** Up/Down move, Right/Left open/close a folder, Enter opens, F2 renames, Delete deletes, Esc goes back to the editor. */
$("tree").addEventListener("keydown", (e) => {
  const items = [...$("tree").querySelectorAll("[role=treeitem]")];
  const i = items.indexOf(document.activeElement);
  const item = items[i];
  const move = (j) => {
    if (j < 0 || j >= items.length) return;
    items.forEach((x) => { x.tabIndex = -1; });
    items[j].tabIndex = 0;
    items[j].focus();
  };
  if (e.key === "ArrowDown") move(i + 1);
  else if (e.key === "ArrowUp") move(i - 1);
  else if (e.key === "Home") move(0);
  else if (e.key === "End") move(items.length - 1);
  else if (item && item.dataset.folder && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
    if ((e.key === "ArrowRight") === collapsed.has(item.dataset.folder)) toggleFolder(item.dataset.folder);
  } else if (item && e.key === "Enter") {
    if (item.dataset.folder) toggleFolder(item.dataset.folder);
    else openPath(item.dataset.path).catch((err) => showError(problem(err, "could not open " + item.dataset.path)));
  } else if (item && item.dataset.path && e.key === "F2") renamePath(item.dataset.path);
  else if (item && item.dataset.path && e.key === "Delete") deletePath(item.dataset.path);
  else if (e.key === "Escape") cm.focus();
  else return;
  e.preventDefault();
});

// ---- tabs ----
function renderTabs() {
  const tabs = $("tabs");
  const hadFocus = tabs.contains(document.activeElement);
  tabs.textContent = "";
  files.forEach((f, i) => {
    const t = document.createElement("div");
    t.className = "filetab" + (i === active ? " active" : "");
    t.dataset.name = f.name;
    t.setAttribute("role", "tab");
    t.setAttribute("aria-selected", String(i === active));
    t.tabIndex = i === active ? 0 : -1;
    t.title = f.name + (f.dirty ? " (unsaved)" : "");
    t.innerHTML = "<span></span><span class='dirty'></span><span class='close' title='Close (the file stays)'>×</span>";
    t.children[0].textContent = f.name.split("/").pop();
    t.children[1].textContent = f.dirty ? "●" : "";
    t.onclick = (e) => (e.target.classList.contains("close") ? closeFile(i) : switchTo(i));
    t.ondblclick = () => renamePath(f.name);
    tabs.append(t);
  });
  const current = tabs.querySelector(".filetab.active");
  if (current) {
    current.scrollIntoView({ block: "nearest", inline: "nearest" });
    if (hadFocus) current.focus();
  }
}

/** Left/Right move between tabs, Enter opens, Delete closes, Esc goes back to the editor. */
$("tabs").addEventListener("keydown", (e) => {
  const tabs = [...$("tabs").querySelectorAll("[role=tab]")];
  const i = tabs.indexOf(document.activeElement);
  if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
    const j = (i + (e.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length;
    tabs.forEach((t) => { t.tabIndex = -1; });
    tabs[j].tabIndex = 0;
    tabs[j].focus();
    tabs[j].scrollIntoView({ block: "nearest", inline: "nearest" });
  } else if (e.key === "Enter" && i >= 0) switchTo(i);
  else if (e.key === "Delete" && i >= 0) {
    closeFile(i);
    const t = $("tabs").querySelector(".filetab.active");
    if (t) t.focus();
  } else if (e.key === "Escape") cm.focus();
  else return;
  e.preventDefault();
});

// ---- new, rename, delete ----
$("new-file").onclick = async () => {
  const name = prompt("New file: its path inside the workspace", "untitled-" + (files.length + 1) + ".py");
  if (!name) return;
  const f = addTab(name, "", null, true);
  switchTo(files.length - 1);
  if (!(await saveFile(f))) {
    files.splice(files.indexOf(f), 1);
    switchTo(Math.max(0, Math.min(active, files.length - 1)));
  }
};
$("rename-file").onclick = () => files[active] && renamePath(files[active].name);
$("delete-file").onclick = () => files[active] && deletePath(files[active].name);

async function renamePath(from) {
  const to = prompt("Rename " + from + " to", from);
  if (!to || to === from) return;
  const f = files.find((x) => x.name === from);
  try {
    if (f && f.isNew) {
      f.name = to;
    } else {
      await CoClone.json("/v1/files/rename", { from, to });
      if (f) f.name = to;
    }
    if (f) cm.setOption("mode", modes[languageOf(to)] || "text/plain");
    renderTabs();
    persistTabs();
    await refreshTree();
    showError("");
  } catch (e) {
    showError(problem(e, "could not rename " + from));
  }
}

async function deletePath(path) {
  if (!confirm(`Delete ${path}${savesToDisk ? " from the disk" : ""}? This cannot be undone.`)) return;
  try {
    const f = files.find((x) => x.name === path);
    if (!f || !f.isNew) {
      const r = await CoClone.call(filePath(path), { method: "DELETE" });
      if (!r.ok) throw new Error(await CoClone.errorText(r));
    }
    if (f) {
      f.dirty = false;
      closeFile(files.indexOf(f));
    }
    await refreshTree();
    showError("");
  } catch (e) {
    showError(problem(e, "could not delete " + path));
  }
}

// ---- uploads ----
/** Uploads files at their relative paths (a folder's files keep its structure); opens them if asked. */
async function upload(entries, open) {
  let done = 0;
  let first = null;
  for (const { file, path } of entries) {
    if (SKIP_UPLOAD.test(path)) continue;
    if (file.size > 1024 * 1024) {
      showError(`${path} is larger than 1 MiB and was not uploaded`);
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.includes(0)) {
      showError(`${path} looks binary and was not uploaded`);
      continue;
    }
    const text = new TextDecoder().decode(bytes);
    const known = files.find((f) => f.name === path);
    const exists = known || treePaths.includes(path);
    if (exists && !confirm(`${path} exists in the workspace. Replace it with the uploaded file?`)) continue;
    const f = known || { name: path, doc: CodeMirror.Doc(text, modes[languageOf(path)] || "text/plain"), saved: text,
      sha: null, isNew: !exists, dirty: false };
    if (known) known.doc.setValue(text);
    // The server decides what is acceptable (path, size, binary) and says why it refuses.
    if (await saveFile(f, Boolean(exists), text)) {
      done++;
      if (!known && open) files.push(f);
      first = first || f;
    }
  }
  if (open && first) switchTo(files.indexOf(first));
  await refreshTree();
  return done;
}

$("upload").onchange = (e) => {
  upload([...e.target.files].map((file) => ({ file, path: file.webkitRelativePath || file.name })), true);
  e.target.value = "";
};
$("upload-folder").onchange = async (e) => {
  const list = [...e.target.files].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
  e.target.value = "";
  const n = await upload(list, false);
  if (n) showApplied(`Uploaded ${n} file${n === 1 ? "" : "s"} into ${list[0].path.split("/")[0]}/`);
};

/** Files dropped on the editor, folders walked with their relative paths. */
async function droppedEntries(items) {
  const out = [];
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      out.push({ file: await new Promise((ok, fail) => entry.file(ok, fail)), path: prefix + entry.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        for (const child of batch) await walk(child, prefix + entry.name + "/");
      }
    }
  };
  for (const entry of [...items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean)) {
    await walk(entry, "");
  }
  return out;
}

const host = $("editor-host");
host.addEventListener("dragover", (e) => { e.preventDefault(); host.classList.add("drop"); });
host.addEventListener("dragleave", () => host.classList.remove("drop"));
host.addEventListener("drop", async (e) => {
  e.preventDefault();
  host.classList.remove("drop");
  const entries = await droppedEntries(e.dataTransfer.items);
  upload(entries, entries.length <= 5);
});

window.addEventListener("pagehide", () => persistTabs());
window.addEventListener("beforeunload", (e) => {
  persistTabs();
  if (files.some((f) => f.dirty)) {
    e.preventDefault();
    e.returnValue = "";
  }
});
window.addEventListener("focus", () => refreshTree());

/** Opens the tabs of the last visit (those whose files still exist); true if any came back. */
async function restoreTabs() {
  const saved = savedTabs();
  for (const name of saved.open || []) {
    try {
      const r = await CoClone.json(filePath(name));
      if (files.some((f) => f.name === r.path)) continue;
      const f = addTab(r.path, r.text, r.sha256);
      const place = (saved.places || {})[name];
      if (place) {
        f.doc.setCursor({ line: place.line, ch: place.ch });   // clipped to the text if it got shorter on disk
        f.doc.scrollTop = place.top;   // CodeMirror scrolls there when the tab is shown
      }
    } catch (e) {
      if (CoClone.unreachable(e)) throw e;
    }
  }
  if (!files.length) return false;
  const i = files.findIndex((f) => f.name === saved.active);
  switchTo(i >= 0 ? i : 0);
  return true;
}
