// The suggestion shown as ghost text. A suggestion belongs to one document, one cursor position and
// one version of the text: a cursor move, a click, a selection, scrolling it out of view or an edit
// that does not type through it dismisses it (the page then cancels its request too). Tab accepts it
// all, Ctrl+Right its next word, Ctrl+Down its next line, keeping the rest as ghost text; Alt+] and
// Alt+[ cycle through the alternatives when the server sent some ("1/3").
"use strict";

function Ghost(cm, onChange) {
  let g = null;   // { options, index, text, doc, pos, edits, widget, context, keep }
  let edits = 0;  // edits seen so far (counted by noteEdit)
  let pending = null;  // the rest of a partly accepted suggestion, shown after its edit

  function same(a, b) {
    return a.line === b.line && a.ch === b.ch;
  }

  /** Whether the shown suggestion still belongs where the cursor is. */
  function live() {
    return Boolean(g && g.text && g.doc === cm.getDoc() && g.edits === edits && !cm.somethingSelected()
      && same(g.pos, cm.getCursor()));
  }

  function clearWidget() {
    if (g && g.widget) g.widget.clear();
  }

  function draw() {
    clearWidget();
    const span = document.createElement("span");
    span.className = "ghost";
    span.textContent = g.text;
    g.widget = cm.setBookmark(g.pos, { widget: span, insertLeft: true });
    // Drawn once the editor's operation has ended (key handlers run inside one).
    setTimeout(() => reveal(span), 0);
  }

  /**
   * At the end of a long line the cursor sits at the right edge and the ghost text past it, out of
   * view: scrolls right until the ghost text's first line shows, as far as the cursor stays in view.
   */
  function reveal(span) {
    if (!span.isConnected) return;
    const view = cm.getScrollerElement().getBoundingClientRect();
    const line = span.getClientRects()[0];
    if (!line) return;
    const over = line.right - (view.right - 24);   // room for the vertical scrollbar
    const room = cm.cursorCoords(null, "window").left - (view.left + cm.getGutterElement().offsetWidth + 80);
    const by = Math.min(over, room);
    if (by > 0) cm.scrollTo(cm.getScrollInfo().left + by, null);
  }

  /**
   * Shows text at the cursor.
   *
   * @param options the suggestion and its alternatives (distinct, non-empty)
   * @param index   which one to show
   */
  function show(options, index = 0, extra = {}) {
    clearWidget();
    const list = options.filter((t, i) => t && options.indexOf(t) === i);
    if (!list.length) {
      g = null;
      onChange();
      return;
    }
    g = Object.assign({ options: list, index: Math.min(index, list.length - 1), doc: cm.getDoc(),
      pos: cm.getCursor(), edits }, extra);
    g.text = g.options[g.index];
    draw();
    onChange();
  }

  function dismiss() {
    const had = Boolean(g);
    clearWidget();
    g = null;
    if (had) onChange();
    return had;
  }

  /**
   * Inserts the first `length` characters of the suggestion; the rest is shown again as ghost text
   * once the edit's change event has come (key handlers run inside an operation, whose change
   * events fire only when it ends), at the cursor after the insertion.
   */
  function acceptPart(length) {
    const text = g.text;
    pending = text.length > length ? { rest: text.slice(length), extra: { context: g.context } } : null;
    dismiss();
    cm.replaceRange(text.slice(0, length), cm.getCursor(), null, "accept");
  }

  function acceptAll() {
    if (!live()) return false;
    acceptPart(g.text.length);
    return true;
  }

  /** The next word: leading spaces, a word, and the punctuation after it ("todos.", "push(", "todo);"). */
  function acceptWord() {
    if (!live()) return false;
    const m = /^\s*[\w$]+[^\w$\s]*|^\s*[^\w$\s]+|^\s+/.exec(g.text);
    acceptPart(m ? m[0].length : g.text.length);
    return true;
  }

  /** The rest of the current line; when the suggestion starts a new line, that line. */
  function acceptLine() {
    if (!live()) return false;
    const nl = g.text.indexOf("\n");
    if (nl < 0) acceptPart(g.text.length);
    else if (nl === 0) {
      const next = g.text.indexOf("\n", 1);
      acceptPart(next < 0 ? g.text.length : next);
    } else acceptPart(nl);
    return true;
  }

  /** Shows the next (+1) or previous (-1) alternative; false when there is none to show. */
  function cycle(step) {
    if (!live() || g.options.length < 2) return false;
    const index = (g.index + step + g.options.length) % g.options.length;
    show(g.options, index, { context: g.context });
    return true;
  }

  return {
    live, show, dismiss, acceptAll, acceptWord, acceptLine, cycle,
    /** Counts an edit: a suggestion made before it is stale unless it is shown again. */
    noteEdit: (change) => {
      edits++;
      const p = pending;
      pending = null;
      if (p && change.origin === "accept") show([p.rest], 0, p.extra);
    },
    current: () => g,
    /** "2/3" when there are alternatives, else "". */
    position: () => (g && g.options.length > 1 ? `${g.index + 1}/${g.options.length}` : ""),
  };
}
