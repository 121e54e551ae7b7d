package dev.coclone.signature.internal;

import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.Parameter;
import dev.coclone.signature.SignatureChange;
import dev.coclone.signature.TextEdit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the edits for one file. Calls are planned inside-out (inner calls first); when an outer
 * edit moves or deletes text that holds an inner call's edit, the inner edit is applied to the moved
 * text (or dropped with the deleted text) and marked absorbed, so the file's edits never overlap.
 */
final class ScriptEdits {
  private final String text;
  private final boolean python;
  private final boolean typescript;
  private final List<Entry> done = new ArrayList<>();
  private final Set<Entry> pending = new HashSet<>();

  /** A finished edit, and whether a later (enclosing) edit took it over. */
  static final class Entry {
    final TextEdit edit;
    boolean absorbed;

    Entry(TextEdit edit) {
      this.edit = edit;
    }
  }

  /** One replacement inside a site; a site's subs become one {@link TextEdit}. */
  record Sub(int start, int end, String text) {}

  /** An item of a new argument or parameter list: an old one kept ({@code src >= 0}) or new text. */
  private record Item(int src, String lit, int fragStart, int fragEnd, String rename, int renameStart,
      int renameEnd) {}

  /** What a site needs. */
  static final class Plan {
    final List<Sub> subs = new ArrayList<>();
    boolean manual;
    final Set<String> notes = new LinkedHashSet<>();
  }

  ScriptEdits(String text, boolean python) {
    this(text, python, false);
  }

  /** Edits of a file; in a TypeScript file a placeholder argument fits the parameter's type. */
  ScriptEdits(String text, boolean python, boolean typescript) {
    this.text = text;
    this.python = python;
    this.typescript = typescript;
  }

  /** The placeholder passed for a new parameter without a default. */
  String placeholder(String name) {
    return python ? "None" : "undefined /* TODO: " + name + " */";
  }

  // ---- rendering and committing

  private String render(int a, int b) {
    StringBuilder out = new StringBuilder();
    int at = a;
    List<Entry> inside = new ArrayList<>();
    for (Entry e : done) {
      if (!e.absorbed && !pending.contains(e) && e.edit.start() >= a && e.edit.end() <= b) {
        inside.add(e);
      }
    }
    inside.sort((x, y) -> Integer.compare(x.edit.start(), y.edit.start()));
    for (Entry e : inside) {
      if (e.edit.start() < at) {
        continue;
      }
      out.append(text, at, e.edit.start()).append(e.edit.newText());
      at = e.edit.end();
      pending.add(e);
    }
    return out.append(text, at, b).toString();
  }

  /**
   * Turns a site's subs into one edit and records it; null (and nothing recorded) when there are none.
   */
  Entry commit(List<Sub> subs) {
    if (subs.isEmpty()) {
      pending.clear();
      return null;
    }
    List<Sub> sorted = new ArrayList<>(subs);
    sorted.sort((x, y) -> Integer.compare(x.start(), y.start()));
    StringBuilder newText = new StringBuilder(sorted.get(0).text());
    for (int i = 1; i < sorted.size(); i++) {
      newText.append(render(sorted.get(i - 1).end(), sorted.get(i).start())).append(sorted.get(i).text());
    }
    int start = sorted.get(0).start();
    int end = sorted.get(sorted.size() - 1).end();
    for (Entry e : done) {
      boolean strictlyInside = e.edit.start() >= start && e.edit.end() <= end
          && (end > start) && !(e.edit.start() == e.edit.end() && (e.edit.start() == start || e.edit.start() == end));
      if (strictlyInside) {
        pending.add(e);
      }
    }
    for (Entry e : pending) {
      e.absorbed = true;
    }
    pending.clear();
    Entry entry = new Entry(TextEdit.of(text, start, end, newText.toString()));
    done.add(entry);
    return entry;
  }

  /** Forgets what rendering marked for a plan that is not committed. */
  void abort() {
    pending.clear();
  }

  // ---- calls

  /**
   * Plans the edit of a call's argument list (and its callee name when {@code renameCallee}).
   */
  Plan planCall(ScriptIndex.Call c, SignatureChange ch, boolean renameCallee) {
    Plan plan = new Plan();
    if (ch.is(ChangeKind.RENAMED) && renameCallee && ch.after() != null) {
      plan.subs.add(new Sub(c.nameStart(), c.nameEnd(), ch.after().name()));
      plan.notes.add("renamed to " + ch.after().name());
    }
    if (ch.after() == null) {
      return plan;
    }
    List<Parameter> before = ch.before().parameters();
    List<Parameter> after = ch.after().parameters();
    List<Integer> map = ch.argumentMap();
    boolean positional = ch.is(ChangeKind.PARAMETER_ADDED) || ch.is(ChangeKind.PARAMETER_REMOVED)
        || ch.is(ChangeKind.PARAMETERS_REORDERED) || ch.is(ChangeKind.PARAMETER_REQUIRED);
    List<ScriptIndex.Arg> args = c.args();
    List<int[]> old = new ArrayList<>();
    for (ScriptIndex.Arg a : args) {
      old.add(new int[] {a.start(), a.end()});
    }
    List<Item> items = new ArrayList<>();
    List<Item> extra = new ArrayList<>();
    if (positional && map.size() == after.size()) {
      if (args.stream().anyMatch(ScriptIndex.Arg::spread) && restRemoved(ch, args)) {
        // the rest parameter is gone: what the call spreads into it (and any argument after) goes too
        List<Item> kept = new ArrayList<>();
        for (int i = 0; i < before.size() - 1; i++) {
          kept.add(new Item(i, "", args.get(i).start(), args.get(i).end(), null, -1, -1));
        }
        plan.notes.add("the arguments passed to the removed rest parameter " + before.get(before.size() - 1).name()
            + " are removed");
        plan.subs.addAll(listEdit(old, kept, c.open() + 1, text.charAt(c.open()) != '('));
        return plan;
      }
      if (args.stream().anyMatch(ScriptIndex.Arg::spread)) {
        plan.manual = true;
        plan.notes.add("the call spreads its arguments; update it by hand");
        return plan;
      }
      List<Integer> pos = new ArrayList<>();
      Set<String> keywords = new HashSet<>();
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).positional()) {
          pos.add(i);
        } else if (args.get(i).keyword() != null) {
          keywords.add(args.get(i).keyword());
        }
      }
      int nPos = pos.size();
      for (int m = nPos; m < before.size(); m++) {
        if (!map.contains(m) && keywords.contains(before.get(m).name())) {
          plan.notes.add("argument " + before.get(m).name() + " is removed");
        }
      }
      for (int m = 0; m < Math.min(nPos, before.size()); m++) {
        if (!map.contains(m)) {
          plan.notes.add("argument " + before.get(m).name() + " is removed");
        }
      }
      int lastPos = -1;
      for (int j = 0; j < map.size(); j++) {
        if (map.get(j) >= 0 && map.get(j) < nPos) {
          lastPos = j;
        }
      }
      for (int j = 0; j <= lastPos; j++) {
        int m = map.get(j);
        if (m >= 0 && m < nPos) {
          int src = pos.get(m);
          items.add(new Item(src, "", args.get(src).start(), args.get(src).end(), null, -1, -1));
        } else if (m == -1) {
          items.add(lit(newArgument(after.get(j), plan)));
        } else if (!keywords.contains(before.get(m).name()) && before.get(m).defaultValue() != null) {
          items.add(lit(before.get(m).defaultValue()));
        } else {
          plan.manual = true;
          plan.notes.add("parameter " + before.get(m).name() + " moved before arguments passed by position");
          return plan;
        }
      }
      for (int j = lastPos + 1; j < after.size(); j++) {
        boolean nowRequired = map.get(j) >= 0 && before.get(map.get(j)).optional() && !before.get(map.get(j)).variadic()
            && !keywords.contains(before.get(map.get(j)).name());
        if (map.get(j) != -1 && !nowRequired || after.get(j).optional()) {
          continue;
        }
        if (j == items.size()) {
          items.add(lit(newArgument(after.get(j), plan)));
        } else if (python) {
          extra.add(lit(after.get(j).name() + "=" + newArgument(after.get(j), plan)));
        } else {
          for (int k = items.size(); k < j; k++) {
            int m = map.get(k);
            String d = m == -1 ? after.get(k).defaultValue() : before.get(m).defaultValue();
            if (d == null || after.get(k).variadic()) {
              plan.manual = true;
              plan.notes.add("parameter " + after.get(j).name() + " follows parameters the call leaves out");
              return plan;
            }
            items.add(lit(d));
          }
          items.add(lit(newArgument(after.get(j), plan)));
        }
      }
      for (int i = 0; i < args.size(); i++) {
        if (!args.get(i).positional()) {
          Item it = keywordItem(args.get(i), i, before, after, map, plan);
          if (it != null) {
            items.add(it);
          }
        }
      }
    } else {
      for (int i = 0; i < args.size(); i++) {
        Item it = args.get(i).keyword() != null ? keywordItem(args.get(i), i, before, after, map, plan)
            : new Item(i, "", args.get(i).start(), args.get(i).end(), null, -1, -1);
        if (it != null) {
          items.add(it);
        }
      }
    }
    items.addAll(extra);
    // x.m.call(thisArg, ...): the list starts after thisArg, so an argument added first follows a comma
    plan.subs.addAll(listEdit(old, items, c.open() + 1, text.charAt(c.open()) != '('));
    return plan;
  }

  /**
   * True when the change only removes the last parameter, a rest parameter, and the call passes
   * every parameter before it plainly, so that everything from there on went to the rest parameter.
   */
  private boolean restRemoved(SignatureChange ch, List<ScriptIndex.Arg> args) {
    List<Parameter> before = ch.before().parameters();
    int r = before.size() - 1;
    if (python || r < 0 || !before.get(r).variadic() || !ch.is(ChangeKind.PARAMETER_REMOVED) || args.size() < r
        || ch.argumentMap().size() != r) {
      return false;
    }
    for (int j = 0; j < r; j++) {
      if (ch.argumentMap().get(j) != j || !args.get(j).positional()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Plans the edit of a function passed as a value ({@code p.then(noop)}) after a required parameter
   * was added: an arrow function that takes what the function took and calls it with the new
   * argument list ({@code p.then(() => noop(0 /* TODO: x *}{@code /))}). Empty when the change adds
   * no required parameter or the function takes a rest parameter.
   */
  Plan planValue(int start, int end, SignatureChange ch) {
    Plan plan = new Plan();
    if (ch.after() == null || python || ch.after().minArity() <= ch.before().minArity()
        || ch.before().parameters().stream().anyMatch(Parameter::variadic)
        || ch.argumentMap().size() != ch.after().parameters().size()) {
      return plan;
    }
    List<Parameter> before = ch.before().parameters();
    List<Parameter> after = ch.after().parameters();
    List<Integer> map = ch.argumentMap();
    StringBuilder params = new StringBuilder();
    for (Parameter p : before) {
      params.append(params.length() > 0 ? ", " : "").append(p.name()).append(typescript && p.optional() ? "?" : "");
    }
    int last = after.size() - 1;
    while (last >= 0 && map.get(last) == -1 && after.get(last).optional()) {
      last--;
    }
    StringBuilder args = new StringBuilder();
    for (int j = 0; j <= last; j++) {
      args.append(j > 0 ? ", " : "").append(map.get(j) >= 0 ? before.get(map.get(j)).name()
          : newArgument(after.get(j), plan));
    }
    String callee = text.substring(start, end);
    plan.subs.add(new Sub(start, end, "(" + params + ") => " + callee + "(" + args + ")"));
    plan.notes.add("passes " + callee + " as a value; wrapped so that it gets the new argument");
    return plan;
  }

  private String newArgument(Parameter p, Plan plan) {
    if (p.defaultValue() != null) {
      plan.notes.add("passes the default " + p.defaultValue() + " for new parameter " + p.name());
      return p.defaultValue();
    }
    String value = typescript ? TsPlaceholders.of(p) : placeholder(p.name());
    plan.notes.add("parameter " + p.name() + " was added without a default; placeholder "
        + (python ? "None" : value.substring(0, value.indexOf(" /*"))) + " passed for " + p.name());
    return value;
  }

  private Item keywordItem(ScriptIndex.Arg a, int i, List<Parameter> before, List<Parameter> after,
      List<Integer> map, Plan plan) {
    if (a.keyword() == null) {
      return new Item(i, "", a.start(), a.end(), null, -1, -1);
    }
    int m = -1;
    for (int k = 0; k < before.size(); k++) {
      if (before.get(k).name().equals(a.keyword())) {
        m = k;
      }
    }
    if (m < 0 || map.size() != after.size()) {
      return new Item(i, "", a.start(), a.end(), null, -1, -1);
    }
    int j = map.indexOf(m);
    if (j < 0) {
      plan.notes.add("keyword argument " + a.keyword() + " is removed");
      return null;
    }
    String newName = after.get(j).name();
    if (newName.equals(a.keyword())) {
      return new Item(i, "", a.start(), a.end(), null, -1, -1);
    }
    plan.notes.add("keyword " + a.keyword() + "= becomes " + newName + "=");
    return new Item(i, "", a.start(), a.end(), newName, a.start(), a.keywordEnd());
  }

  private static Item lit(String s) {
    return new Item(-1, s, -1, -1, null, -1, -1);
  }

  private String itemText(Item it) {
    if (it.fragStart() < 0) {
      return it.lit();
    }
    if (it.rename() != null) {
      return it.rename() + render(it.renameEnd(), it.fragEnd());
    }
    return it.lit() + render(it.fragStart(), it.fragEnd());
  }

  /** The smallest edits that turn a list of old items into the new items. */
  private List<Sub> listEdit(List<int[]> old, List<Item> items, int anchor, boolean anchorComma) {
    int n = old.size();
    int m = items.size();
    int p = 0;
    while (p < n && p < m && items.get(p).src() == p) {
      p++;
    }
    int q = 0;
    while (q < n - p && q < m - p && items.get(m - 1 - q).src() == n - 1 - q) {
      q++;
    }
    List<Sub> subs = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      Item it = items.get(i);
      if ((i < p || i >= m - q) && it.rename() != null) {
        subs.add(new Sub(it.renameStart(), it.renameEnd(), it.rename()));
      }
    }
    boolean oldEmpty = p == n - q;
    boolean newEmpty = p == m - q;
    if (oldEmpty && newEmpty) {
      return subs;
    }
    StringBuilder mid = new StringBuilder();
    for (int i = p; i < m - q; i++) {
      mid.append(i > p ? ", " : "").append(itemText(items.get(i)));
    }
    if (!oldEmpty && !newEmpty) {
      subs.add(new Sub(old.get(p)[0], old.get(n - q - 1)[1], mid.toString()));
    } else if (oldEmpty) {
      if (p > 0) {
        subs.add(new Sub(old.get(p - 1)[1], old.get(p - 1)[1], ", " + mid));
      } else if (q > 0) {
        subs.add(new Sub(old.get(0)[0], old.get(0)[0], mid + ", "));
      } else {
        subs.add(new Sub(anchor, anchor, (anchorComma ? ", " : "") + mid));
      }
    } else if (p > 0) {
      subs.add(new Sub(old.get(p - 1)[1], old.get(n - q - 1)[1], ""));
    } else if (q > 0) {
      subs.add(new Sub(old.get(0)[0], old.get(n - q)[0], ""));
    } else {
      // every item goes: a trailing comma after the last one goes too ("(a,)" would become "(,)")
      int end = old.get(n - 1)[1];
      int after = end;
      while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
        after++;
      }
      subs.add(new Sub(anchorComma ? anchor : old.get(0)[0], after < text.length() && text.charAt(after) == ','
          ? after + 1 : end, ""));
    }
    return subs;
  }

  // ---- overrides

  /**
   * Plans the edit of a TypeScript overload signature of the changed function, position by position
   * with the implementation ({@link TsOverloads}); manual when the overload cannot follow the change.
   */
  Plan planOverload(TsFacts.Overload o, SignatureChange ch) {
    Plan plan = new Plan();
    if (ch.after() == null) {
      return plan;
    }
    if (ch.is(ChangeKind.RENAMED)) {
      plan.subs.add(new Sub(o.nameStart(), o.nameStart() + o.name().length(), ch.after().name()));
      plan.notes.add("renamed to " + ch.after().name());
    }
    List<Integer> order = TsOverloads.order(o, ch, text);
    if (order == null) {
      plan.manual = true;
      plan.notes.add("its parameters differ from the implementation's in a way the change cannot follow; update"
          + " it by hand");
      return plan;
    }
    String retyped = TsOverloads.retypesResult(o, order, text);
    if (retyped != null) {
      plan.manual = true;
      plan.notes.add("removing " + retyped + " from it would leave its result's type parameter nothing to be inferred"
          + " from (every call's result would become unknown); tsc still checks calls against it as it is: update"
          + " it by hand");
      return plan;
    }
    List<Parameter> before = ch.before().parameters();
    List<Parameter> after = ch.after().parameters();
    if (ch.is(ChangeKind.PARAMETER_REQUIRED)) {
      for (int k = 0; k < o.params().size() && k < after.size() && k < before.size(); k++) {
        int q = TsOverloads.required(before.get(k), after.get(k)) ? TsOverloads.question(text, o.params().get(k)) : -1;
        if (q >= 0) {
          plan.subs.add(new Sub(q, q + 1, ""));
          plan.notes.add("parameter " + after.get(k).name() + " made required");
        }
      }
    }
    List<Item> items = new ArrayList<>();
    for (int e : order) {
      if (e >= 0) {
        items.add(new Item(e, "", o.params().get(e)[0], o.params().get(e)[1], null, -1, -1));
      } else {
        Parameter p = after.get(TsOverloads.added(e));
        items.add(lit(TsOverloads.declaration(p)));
        plan.notes.add("parameter " + p.name() + " added");
      }
    }
    plan.subs.addAll(listEdit(o.params(), items, o.anchor(), false));
    return plan;
  }

  /** Plans the edit of an overriding declaration's name and parameter list. */
  Plan planOverride(ScriptIndex.Func f, SignatureChange ch) {
    Plan plan = new Plan();
    if (ch.after() == null) {
      return plan;
    }
    if (ch.is(ChangeKind.RENAMED)) {
      plan.subs.add(new Sub(f.nameStart(), f.nameEnd(), ch.after().name()));
      plan.notes.add("renamed to " + ch.after().name());
    }
    if (python && ch.is(ChangeKind.PARAMETER_RENAMED)) {
      renameParameters(f, ch, plan);
    }
    boolean positional = ch.is(ChangeKind.PARAMETER_ADDED) || ch.is(ChangeKind.PARAMETER_REMOVED)
        || ch.is(ChangeKind.PARAMETERS_REORDERED);
    if (!positional) {
      return plan;
    }
    List<Parameter> after = ch.after().parameters();
    List<Integer> map = ch.argumentMap();
    if (f.params().size() != ch.before().parameters().size() || map.size() != after.size()) {
      plan.manual = true;
      plan.notes.add("its parameters differ from the overridden method's; update it by hand");
      return plan;
    }
    List<Integer> order = new ArrayList<>(map);
    for (int m = 0; m < ch.before().parameters().size(); m++) {
      if (map.contains(m)) {
        continue;
      }
      if (keepsRemoved(f, m, ch)) {
        plan.notes.add("parameter " + ch.before().parameters().get(m).name() + " kept: this override uses it and"
            + " gives it a default, which pyright accepts beside the overridden method's parameters");
        order.add(m);
      } else {
        plan.notes.add("parameter " + ch.before().parameters().get(m).name() + " removed");
      }
    }
    if (order.size() > map.size()) {
      if (order.contains(-1)) {
        plan.manual = true;
        return plan;
      }
      order.sort(null);
      if (order.size() == f.params().size()) {
        return plan; // nothing to change: the override keeps the parameter
      }
    }
    List<Item> items = new ArrayList<>();
    for (int j = 0; j < order.size(); j++) {
      int m = order.get(j);
      if (m >= 0) {
        items.add(new Item(m, "", f.params().get(m)[0], f.params().get(m)[1], null, -1, -1));
      } else {
        items.add(lit(declaration(after.get(j))));
        plan.notes.add("parameter " + after.get(j).name() + " added");
      }
    }
    StringBuilder stand = new StringBuilder();
    for (int m = 0; m < ch.before().parameters().size(); m++) {
      if (!map.contains(m)) {
        // its "removed" note was added above
        Parameter own = f.signature() == null ? null : f.signature().parameters().get(m);
        if (!python && own != null && f.bodyOpen() >= 0 && uses(f, own.name())) {
          String local = standIn(own);
          plan.notes.add("its body still uses " + own.name() + ": " + local + " stands in for it; give it its value");
          stand.append('\n').append(indentAfter(f.bodyOpen() + 1)).append(local)
              .append(text.contains(";\n") ? ";" : "");
        }
      }
    }
    plan.subs.addAll(listEdit(f.params(), items, f.anchor(), f.anchorComma()));
    if (stand.length() > 0) {
      plan.subs.add(new Sub(f.bodyOpen() + 1, f.bodyOpen() + 1, stand.toString()));
    }
    return plan;
  }

  /** True when the body of {@code f} uses {@code name} (a word not after a dot). */
  private boolean uses(ScriptIndex.Func f, String name) {
    return Pattern.compile("(?<![\\w$.#])" + Pattern.quote(name) + "(?![\\w$])")
        .matcher(text.substring(f.bodyOpen() + 1, Math.max(f.bodyOpen() + 1, f.bodyEnd() - 1))).find();
  }

  /**
   * A local that stands in for a removed parameter the body still uses: its default when it has one,
   * else a placeholder of its declared type with a TODO ({@code const query: Query = undefined! /* TODO *}{@code /}).
   */
  private String standIn(Parameter p) {
    String type = p.type().isEmpty() ? typescript ? ": any" : "" : ": " + p.type()
        + ("undefined".equals(p.defaultValue()) ? " | undefined" : "");
    String value = p.defaultValue() != null ? p.defaultValue()
        : (typescript ? TsPlaceholders.value(p.type()) : "undefined") + " /* TODO: " + p.name() + " was removed */";
    return "const " + p.name() + type + " = " + value;
  }

  /** The indentation of the first line with code after {@code from}. */
  private String indentAfter(int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    int lineStart = text.lastIndexOf('\n', i - 1) + 1;
    return lineStart > from ? text.substring(lineStart, i) : "";
  }

  /**
   * Whether a Python override keeps parameter {@code m} that the change removes: its body uses it
   * and it has a default (removing it would leave the body's uses unbound; an extra parameter with
   * a default still fits the overridden method).
   */
  private boolean keepsRemoved(ScriptIndex.Func f, int m, SignatureChange ch) {
    if (!python || !ch.is(ChangeKind.PARAMETER_REMOVED) || m >= f.params().size()) {
      return false;
    }
    String decl = text.substring(f.params().get(m)[0], f.params().get(m)[1]);
    int end = 0;
    while (end < decl.length() && Character.isJavaIdentifierPart(decl.charAt(end))) {
      end++;
    }
    if (end == 0 || !decl.substring(end).contains("=")) {
      return false;
    }
    String name = decl.substring(0, end);
    int bodyStart = f.params().get(f.params().size() - 1)[1];
    return !renameUses(bodyStart, lineEnd(f.signature().endLine()), name, name).isEmpty();
  }

  /**
   * Renames, in a Python override (or {@code @overload} signature), each parameter the change
   * renames: in its head and in its body (not attributes {@code x.name}, not keywords of calls
   * {@code f(name=..)}, not in strings or comments). pyright holds an override to its base's
   * parameter names, since a call through the base may pass them by keyword.
   */
  private void renameParameters(ScriptIndex.Func f, SignatureChange ch, Plan plan) {
    List<Parameter> before = ch.before().parameters();
    List<Parameter> after = ch.after().parameters();
    List<Integer> map = ch.argumentMap();
    int bodyStart = f.params().isEmpty() ? f.anchor() : f.params().get(f.params().size() - 1)[1];
    int bodyEnd = lineEnd(f.signature().endLine());
    for (int j = 0; j < Math.min(after.size(), map.size()); j++) {
      int m = map.get(j);
      if (m < 0 || m >= before.size() || before.get(m).name().equals(after.get(j).name())) {
        continue;
      }
      String from = before.get(m).name();
      String to = after.get(j).name();
      boolean declared = false;
      for (int[] r : f.params()) {
        if (text.startsWith(from, r[0]) && (r[0] + from.length() == r[1]
            || !Character.isJavaIdentifierPart(text.charAt(r[0] + from.length())))) {
          plan.subs.add(new Sub(r[0], r[0] + from.length(), to));
          declared = true;
        }
      }
      if (declared) {
        plan.subs.addAll(renameUses(bodyStart, bodyEnd, from, to));
        plan.notes.add("parameter " + from + " renamed to " + to);
      }
    }
  }

  /** Offset of the end of a 1-based line (before its line break). */
  private int lineEnd(int line) {
    int at = 0;
    for (int l = 1; l < line && at >= 0; l++) {
      at = text.indexOf('\n', at);
      at = at < 0 ? -1 : at + 1;
    }
    if (at < 0) {
      return text.length();
    }
    int end = text.indexOf('\n', at);
    return end < 0 ? text.length() : end;
  }

  /**
   * The uses of the Python name {@code from} in [start, end) as subs to {@code to}; {@code start}
   * lies inside the head's parentheses.
   */
  private List<Sub> renameUses(int start, int end, String from, String to) {
    List<Sub> out = new ArrayList<>();
    int depth = 1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '#') {
        int nl = text.indexOf('\n', i);
        i = nl < 0 || nl > end ? end : nl;
      } else if (c == '"' || c == '\'') {
        i = stringEnd(i, end);
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (Character.isJavaIdentifierStart(c)) {
        int k = i;
        while (k < end && Character.isJavaIdentifierPart(text.charAt(k))) {
          k++;
        }
        if (text.substring(i, k).equals(from) && !attribute(i) && !(depth > 0 && keyword(k, end))) {
          out.add(new Sub(i, k, to));
        }
        i = k - 1;
      }
    }
    return out;
  }

  private boolean attribute(int at) {
    int p = at - 1;
    while (p >= 0 && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
      p--;
    }
    return p >= 0 && text.charAt(p) == '.';
  }

  private boolean keyword(int after, int end) {
    int p = after;
    while (p < end && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
      p++;
    }
    return p < end && text.charAt(p) == '=' && (p + 1 >= end || text.charAt(p + 1) != '=');
  }

  /** The offset of the closing quote of the Python string opening at {@code at} (triple quotes too). */
  private int stringEnd(int at, int end) {
    char q = text.charAt(at);
    boolean triple = at + 2 < end && text.charAt(at + 1) == q && text.charAt(at + 2) == q;
    for (int k = at + (triple ? 3 : 1); k < end; k++) {
      char c = text.charAt(k);
      if (c == '\\') {
        k++;
      } else if (c == q && (!triple || k + 2 < end && text.charAt(k + 1) == q && text.charAt(k + 2) == q)) {
        return triple ? k + 2 : k;
      } else if (c == '\n' && !triple) {
        return k;
      }
    }
    return end;
  }

  /** A parameter as it would be written in a declaration. */
  String declaration(Parameter p) {
    String type = p.type();
    String def = p.defaultValue();
    if (python) {
      String s = (p.variadic() ? "*" : "") + p.name() + (type.isEmpty() ? "" : ": " + type);
      return def == null ? s : s + (type.isEmpty() ? "=" : " = ") + def;
    }
    if ("undefined".equals(def) && !type.isEmpty()) {
      return p.name() + "?: " + type;
    }
    String s = (p.variadic() ? "..." : "") + p.name() + (type.isEmpty() ? "" : ": " + type);
    return def == null ? s : s + " = " + def;
  }
}
