// The web form page: three tabs, completions streamed into the output as they arrive.
"use strict";

// Each example stops where the embedded engine, having learned the seed's examples/ (the clone's
// workspace), completes the line: a call shaped like one written above it (counts.get), a line of
// the workspace's Todo app (remove), the README's count_words. A model served by Ollama completes
// them too; under a bare def header or comment only a model writes the body.
const EXAMPLES = {
  python: ["python", "from collections import Counter\n\n\ndef sort_by_frequency(items):\n" +
    "    \"\"\"Return the distinct items sorted by how often they occur, most frequent first.\"\"\"\n" +
    "    counts = Counter(items)\n    return sorted(counts, key=counts.get, reverse=True)\n\n\n" +
    "def least_frequent_first(items):\n" +
    "    \"\"\"Return the distinct items sorted by how often they occur, least frequent first.\"\"\"\n" +
    "    counts = Counter(items)\n    return sorted(counts, key="],
  count: ["python", "from collections import Counter\n\ndef count_words(text):\n" +
    "    \"\"\"Return a Counter of the lower-cased words in text.\"\"\"\n    return "],
  js: ["javascript", "class Todo {\n  constructor(id, title, completed = false) {\n    this.id = id;\n" +
    "    this.title = title;\n    this.completed = completed;\n  }\n}\n\nclass TodoList {\n  constructor() {\n" +
    "    this.todos = [];\n  }\n\n  add(title) {\n    const todo = new Todo(this.todos.length + 1, title);\n" +
    "    this.todos.push(todo);\n    return todo;\n  }\n\n  remove(id) {\n    this.todos = this.todos."],
};

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.classList.toggle("show", Boolean(message));
  placeBanner();
}

/** The part of the field with the keyboard that a box at `top` (viewport pixels) and `height` would hide. */
function hiddenPart(field, top, height) {
  const f = field.getBoundingClientRect();
  const from = Math.max(top, f.top, 0);
  const to = Math.min(top + height, f.bottom, window.innerHeight);
  return Math.max(0, to - from);
}

/**
 * The banner floats at the bottom of the window, or under the header when the field being typed in
 * is down there (whichever hides less of it); the page gets room at its end to scroll from under it.
 */
function placeBanner() {
  const box = $("error");
  const shown = box.classList.contains("show");
  document.querySelector("main").style.paddingBottom = shown ? `${box.offsetHeight + 32}px` : "";
  if (!shown) return;
  const height = box.offsetHeight;
  const bottomTop = window.innerHeight - 14 - height;
  const headerTop = Math.max(8, document.querySelector("header").getBoundingClientRect().bottom + 8);
  const field = document.activeElement;
  const typing = field && field.matches("textarea, input, select");
  const up = typing && hiddenPart(field, bottomTop, height) > hiddenPart(field, headerTop, height);
  box.style.top = up ? `${headerTop}px` : "";
  box.style.bottom = up ? "auto" : "";
}
["focusin", "focusout", "scroll", "resize", "mouseup"].forEach((e) => window.addEventListener(e, placeBanner, true));

document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => {
  document.querySelectorAll(".tabs button").forEach((x) => x.classList.toggle("active", x === b));
  document.querySelectorAll(".panel").forEach((p) => p.classList.toggle("active", p.id === b.dataset.tab));
}));

function load(example, language, textarea) {
  $(language).value = EXAMPLES[example][0];
  $(textarea).value = EXAMPLES[example][1];
}
$("example-python").onclick = () => load("python", "language", "code");
$("example-js").onclick = () => load("js", "language", "code");
$("example-count").onclick = () => load("count", "language", "code");
$("example-context").onclick = () => {
  $("context-language").value = "javascript";
  $("context-code").value = EXAMPLES.js[1].split("class TodoList")[0];
  $("partial").value = "function filterTodos(todos, completed) {\n  // filter todos based on their completed status\n  ";
};

let running = null;

/** Streams a completion into `out`; `meta` says how long it took, or in words why nothing came. */
async function stream(request, out, meta, why) {
  if (running) running.abort();
  const controller = new AbortController();
  running = controller;
  showError("");
  out.textContent = "";
  why.textContent = "";
  const shown = document.createElement("span");
  shown.className = "suggestion";
  out.append(request.prefix, shown);
  meta.textContent = "generating…";
  const started = performance.now();
  let first = 0;
  try {
    const result = await CoClone.complete(request, controller.signal, (t) => {
      if (t && !first) first = performance.now() - started;
      shown.textContent += t;
    });
    shown.textContent = result.text || "";
    const total = `total ${Math.round(performance.now() - started)} ms · ${result.backend} / ${result.model}`;
    meta.textContent = result.text ? `first token ${Math.round(first || result.timings.ttft_ms)} ms · ${total}`
      : `${CoClone.noSuggestion(result)} · ${total}`;
    why.textContent = CoClone.contextUsed(result);
  } catch (e) {
    if (e.name !== "AbortError") {
      if (CoClone.unreachable(e)) Health.lost();
      showError(CoClone.unreachable(e) ? DOWN : e.message);
      // Text that came before the answer broke off is not the whole suggestion: said so under it.
      meta.textContent = shown.textContent ? "partial: the answer broke off (" + (CoClone.unreachable(e)
        ? "the server is unreachable" : e.message) + "); the suggestion above is incomplete" : "";
      shown.classList.toggle("partial", Boolean(shown.textContent));
    }
  } finally {
    if (running === controller) running = null;
  }
}

$("run-complete").onclick = () => stream({ prefix: $("code").value, suffix: "", language: $("language").value,
  max_tokens: 128 }, $("complete-out"), $("complete-meta"), $("complete-context"));

$("run-context").onclick = () => stream({ prefix: $("partial").value, suffix: "", language: $("context-language").value,
  context: [{ path: "context", text: $("context-code").value }], max_tokens: 128 }, $("context-out"), $("context-meta"), $("context-context"));

// ---- function change tracking ----
const SIG_EXAMPLES = {
  python: ["python", "def sort_by_frequency(items, reverse=False):\n" +
    "    \"\"\"Return the distinct items sorted by how often they occur, most frequent first.\"\"\"\n" +
    "    counts = Counter(items)\n    return sorted(counts, key=lambda x: (-counts[x], x), reverse=reverse)\n"],
  js: ["javascript", "add(title, dueDate) {\n  const todo = new Todo(this.nextId++, title);\n  todo.dueDate = dueDate;\n" +
    "  this.todos.push(todo);\n  return todo;\n}\n"],
};
$("example-sig-python").onclick = () => {
  $("updated-language").value = SIG_EXAMPLES.python[0];
  $("updated").value = SIG_EXAMPLES.python[1];
};
$("example-sig-js").onclick = () => {
  $("updated-language").value = SIG_EXAMPLES.js[0];
  $("updated").value = SIG_EXAMPLES.js[1];
};

function notAvailable(e, out) {
  out.textContent = "";
  if (CoClone.unreachable(e)) {
    Health.lost();   // the banner says what to do, and goes once the server is back
    showError(DOWN);
  }
  out.append(Signatures.el("div", "sig-problem", CoClone.unreachable(e) ? "Not done: the server is unreachable."
    : e.status === 404 && /no such endpoint/.test(e.message)
      ? "Function change tracking is not available on this server version." : e.message));
}

$("scan").onclick = async () => {
  const out = $("scan-out");
  $("scan-meta").textContent = "scanning…";
  try {
    const j = await Signatures.scan();
    out.textContent = "";
    for (const f of j.files) {
      const file = Signatures.el("div", "sig-file");
      file.append(Signatures.el("div", "sig-path", `${f.path} (${f.language}, ${f.signatures.length})`));
      if (f.problem) file.append(Signatures.problem(f.problem));
      for (const s of f.signatures) {
        const row = Signatures.el("div", "sig-fn");
        row.append(Signatures.el("span", "sig-line", String(s.line)), Signatures.el("code", "", s.text));
        file.append(row);
      }
      out.append(file);
    }
    if (!j.files.length) out.append(Signatures.el("div", "meta", "No Java, Python, JavaScript or TypeScript files " +
      "in the workspace. Start the server with --workspace, or open files in the editor."));
    $("scan-meta").textContent = `${j.functions} functions in ${j.files.length} files`;
  } catch (e) {
    $("scan-meta").textContent = "";
    notAvailable(e, out);
  }
};

function showReport(r, out) {
  const box = Signatures.el("div", "sig-report");
  box.append(Signatures.el("div", "sig-summary", r.change.summary));
  const c = Signatures.counts(r);
  box.append(Signatures.el("div", "meta", `${r.change.path}:${r.change.line} · ${r.change.kinds.join(", ")} · ` +
    (r.change.breaks_callers ? "breaks callers" : "callers keep working") + ` · ${Signatures.plural(c.sites,
    "dependent site")} in ${Signatures.plural(c.files, "file")} · ${Math.round(r.elapsed_millis)} ms`));
  const list = Signatures.el("ul", "sig-dependents");
  for (const d of r.dependents) {
    const li = Signatures.el("li", d.breaks ? "breaks" : "");
    li.append(Signatures.el("span", "sig-where", Signatures.where(d)), Signatures.el("code", "", d.text),
      Signatures.el("span", "meta", ` ${d.kind} · ${d.reason}` + (d.edit ? "" : " · needs a person or the model")));
    list.append(li);
  }
  box.append(list);
  for (const f of r.file_edits) {
    if (f.diff) box.append(Signatures.diff(f.diff));
  }
  out.append(box);
}

$("detect").onclick = async () => {
  const out = $("detect-out");
  const code = $("updated").value;
  if (!code.trim()) {
    out.textContent = "";
    out.append(Signatures.el("div", "sig-problem", "Paste a whole function or method with its new signature first."));
    return;
  }
  $("detect-meta").textContent = "detecting…";
  try {
    const d = await Signatures.detectFunction($("updated-language").value, code);
    out.textContent = "";
    $("detect-meta").textContent = "";
    if (d.problem) {
      out.append(Signatures.problem(d.problem));
      return;
    }
    if (!d.reports.length) {
      out.append(Signatures.el("div", "meta", "The signature is the same as in the workspace: nothing to update."));
      return;
    }
    d.reports.forEach((r) => showReport(r, out));
    $("detect-meta").textContent = `${d.reports.length} changed`;
  } catch (e) {
    $("detect-meta").textContent = "";
    notAvailable(e, out);
  }
};

// ---- the server's health (the editor's check: /v1/info now, then every 15 s; 1, 2, 4, 8 s while unreachable) ----
const DOWN = "The server is unreachable: it stopped, or is restarting. Start it again (java -jar co-clone-demo.jar, " +
  "with the same --port); this page reconnects by itself and this message goes away, or press Retry now.";
const MODEL_DOWN = "The model server is not available: ";
let learned = "";

const describe = (info) => `${info.backend} · ${info.model}` + (info.region ? ` · ${info.region}` : "") +
  (learned ? " · " + learned : "");
Health.describeReady(describe);
Health.onChange((state, info) => {
  const shown = $("error").textContent;
  if (state === "unreachable") showError(DOWN);
  else if (state === "model-down") showError(MODEL_DOWN + info.status.message);
  else if (shown === DOWN || shown.startsWith(MODEL_DOWN)) showError("");
});

/** Adds what the embedded engine learned in the background to the header's status, once it is done. */
async function showLearned() {
  try {
    const s = await CoClone.json("/v1/index");
    if (!s.ready) {
      setTimeout(showLearned, 2000);
      return;
    }
    const summary = CoClone.learnedSummary(s);
    learned = summary.text;
    Health.describeReady(describe);   // says it now if ready, and at every later check
    $("status").title = summary.detail;
  } catch (e) {
    // a server without /v1/index (a model server's own pages): nothing to add
  }
}

(async () => {
  try {
    await Health.check();
    showLearned();
  } catch (e) {
    if (!CoClone.unreachable(e)) showError(e.message);
  }
})();
