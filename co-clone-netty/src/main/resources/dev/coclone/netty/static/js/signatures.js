// Function change tracking, shared by the web form and the editor: the /v1/signatures calls and
// how a signature, a change report, a dependent site and a unified diff are shown. Everything the
// server sends is set as text, never as HTML.
"use strict";

const Signatures = (() => {
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /** A unified diff with added, removed and hunk lines coloured. */
  function diff(text) {
    const pre = el("pre", "diff");
    for (const line of text.replace(/\n$/, "").split("\n")) {
      const cls = line.startsWith("+++") || line.startsWith("---") ? "file"
        : line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "";
      pre.append(el("span", cls, line + "\n"));
    }
    return pre;
  }

  /** "path:line:column: message", shown as a problem. */
  function problem(p) {
    return el("div", "sig-problem", `${p.path}:${p.line}:${p.column}: ${p.message}`);
  }

  /** "src/Checkout.java:12" */
  function where(d) {
    return `${d.path}:${d.line}`;
  }

  /** Dependent sites and the files they are in. */
  function counts(report) {
    const files = new Set(report.dependents.map((d) => d.path));
    return { sites: report.dependents.length, files: files.size };
  }

  /** "1 file", "2 files" */
  function plural(n, noun) {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
  }

  /** The file edit (with its base_sha256) that holds a site's edit, or null. */
  function fileEditFor(report, dependent) {
    if (!dependent.edit) return null;
    return report.file_edits.find((f) => f.path === dependent.path &&
      f.edits.some((e) => e.start === dependent.edit.start && e.end === dependent.edit.end)) || null;
  }

  const scan = () => CoClone.json("/v1/signatures");
  const detectFunction = (language, code) => CoClone.json("/v1/signatures/function", { language, code });
  /** Compares a file's unsaved text with the server's accepted version; changes nothing there. */
  const detect = (path, text, signal) => CoClone.json("/v1/signatures/detect", { path, text }, signal);
  const pending = () => CoClone.json("/v1/signatures/pending");
  const apply = (path, baseSha256, edits) => CoClone.json("/v1/signatures/apply",
    { path, base_sha256: baseSha256, edits });
  const dismiss = (id) => CoClone.json("/v1/signatures/dismiss", { id });

  /**
   * Streams the model's update of one site: onToken(text) per piece; resolves with the
   * suggestion ({ new_text, edit, base_sha256, ... }); rejects with an AbortError or the server's message.
   */
  async function suggest(body, signal, onToken) {
    const r = await CoClone.call("/v1/signatures/suggest", { method: "POST", signal,
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!r.ok) {
      throw new Error(await CoClone.errorText(r));
    }
    return CoClone.readEvents(r, onToken, "the suggestion stream ended without a result");
  }

  return { el, diff, problem, where, counts, plural, fileEditFor, scan, detect, detectFunction,
    pending, apply, dismiss, suggest };
})();
