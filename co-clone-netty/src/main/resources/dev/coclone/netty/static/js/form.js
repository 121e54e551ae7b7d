// The web form page: three tabs, completions streamed into the output as they arrive.
"use strict";

const $ = (id) => document.getElementById(id);

const EXAMPLES = {
  python: ["python", "from collections import Counter\n\n\ndef sort_by_frequency(items):\n" +
    "    \"\"\"Return the distinct items sorted by how often they occur, most frequent first.\"\"\"\n    "],
  js: ["javascript", "class Todo {\n  constructor(id, title, completed = false) {\n    this.id = id;\n" +
    "    this.title = title;\n    this.completed = completed;\n  }\n}\n\nclass TodoList {\n  constructor() {\n" +
    "    this.todos = [];\n  }\n\n  add(title) {\n    const todo = new Todo(this.todos.length + 1, title);\n" +
    "    this.todos.push(todo);\n    return todo;\n  }\n\n  // filter todos based on their completed status\n  "],
};

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.classList.toggle("show", Boolean(message));
}

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
$("example-context").onclick = () => {
  $("context-language").value = "javascript";
  $("context-code").value = EXAMPLES.js[1].split("class TodoList")[0];
  $("partial").value = "function filterTodos(todos, completed) {\n  // filter todos based on their completed status\n  ";
};

let running = null;

async function stream(request, out, meta) {
  if (running) running.abort();
  const controller = new AbortController();
  running = controller;
  showError("");
  out.textContent = "";
  const shown = document.createElement("span");
  shown.className = "suggestion";
  out.append(request.prefix, shown);
  meta.textContent = "generating…";
  const started = performance.now();
  let first = 0;
  try {
    const result = await CoClone.complete(request, controller.signal, (t) => {
      if (!first) first = performance.now() - started;
      shown.textContent += t;
    });
    shown.textContent = result.text || "";
    meta.textContent = (result.text ? "" : "no suggestion · ") + `first token ${Math.round(first)} ms · total ` +
      `${Math.round(performance.now() - started)} ms · ${result.backend} / ${result.model}`;
  } catch (e) {
    if (e.name !== "AbortError") {
      showError(e.message);
      meta.textContent = "";
    }
  } finally {
    if (running === controller) running = null;
  }
}

$("run-complete").onclick = () => stream({ prefix: $("code").value, suffix: "", language: $("language").value,
  max_tokens: 128 }, $("complete-out"), $("complete-meta"));

$("run-context").onclick = () => stream({ prefix: $("partial").value, suffix: "", language: $("context-language").value,
  context: [{ path: "context", text: $("context-code").value }], max_tokens: 128 }, $("context-out"), $("context-meta"));

async function signatures(path, body, out) {
  try {
    const j = await CoClone.json(path, body);
    out.textContent = JSON.stringify(j, null, 2);
  } catch (e) {
    out.textContent = e.status === 404
      ? "Function change tracking is not available on this server version yet."
      : e.message;
  }
}
$("scan").onclick = () => signatures("/v1/signatures", undefined, $("scan-out"));
$("detect").onclick = () => signatures("/v1/signatures/changes", { new_text: $("updated").value }, $("detect-out"));

(async () => {
  try {
    const info = await CoClone.json("/v1/info");
    $("status").textContent = `${info.backend} · ${info.model}` + (info.region ? ` · ${info.region}` : "");
    if (!info.status.available) showError("The model server is not available: " + info.status.message);
  } catch (e) {
    $("status").textContent = "offline";
    showError(e.message);
  }
})();
