package dev.coclone.demo.bench;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.signature.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One change to a Python function's parameter list, made on the file's text the way a person
 * would: add a required parameter, remove one the body does not use, swap two annotated
 * positional parameters of different types, or rename one (in the body too). Every change keeps
 * the file's line count and the lines of everything after the head, so that pyright's errors
 * before and after can be compared by line.
 *
 * @param kind        what was changed
 * @param description the change, for people ({@code add co_clone_extra}, {@code remove b})
 * @param text        the file's new text
 */
record PythonParameterChange(Kind kind, String description, String text) {
  static final String EXTRA = "co_clone_extra";
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The kinds of change, in the order they are offered to the seeded choice. */
  enum Kind {
    ADD, REMOVE, REORDER, RENAME
  }

  /** One entry of the parameter list as written: offsets of its trimmed text, and what it is. */
  private record Entry(int start, int end, String text, String name, boolean plain, boolean hasDefault,
      String annotation) {}

  /**
   * Picks one of the changes that apply to {@code f} with {@code random} and makes it, or returns
   * null when the head cannot be read or no change applies.
   */
  static PythonParameterChange pick(String file, FunctionSignature f, Random random) {
    int nameAt = offset(file, f.line(), f.column());
    int open = file.indexOf('(', nameAt);
    int close = open < 0 ? -1 : matching(file, open);
    if (close < 0) {
      return null;
    }
    List<Entry> entries = entries(file, open, close);
    Set<String> declared = f.parameters().stream().map(Parameter::name).collect(Collectors.toSet());
    int bodyEnd = offset(file, f.endLine() + 1, 1);
    String body = file.substring(close, bodyEnd < 0 ? file.length() : bodyEnd);
    List<Kind> kinds = new ArrayList<>(List.of(Kind.ADD));
    List<Entry> removable = new ArrayList<>();
    List<Entry> renamable = new ArrayList<>();
    List<Integer> swappable = new ArrayList<>();
    boolean positionalOnly = entries.stream().anyMatch(e -> e.text.equals("/"));
    boolean afterSlash = false;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      afterSlash |= e.text.equals("/");
      if (!e.plain || !declared.contains(e.name)) {
        continue;
      }
      if (!uses(body, e.name)) {
        removable.add(e);
      }
      if (!positionalOnly || afterSlash) {
        renamable.add(e);
      }
      Entry next = i + 1 < entries.size() ? entries.get(i + 1) : null;
      if (next != null && next.plain && declared.contains(next.name) && !e.hasDefault && !next.hasDefault
          && e.annotation != null && next.annotation != null && !e.annotation.equals(next.annotation)) {
        swappable.add(i);
      }
    }
    if (!removable.isEmpty()) {
      kinds.add(Kind.REMOVE);
    }
    if (!swappable.isEmpty()) {
      kinds.add(Kind.REORDER);
    }
    if (!renamable.isEmpty()) {
      kinds.add(Kind.RENAME);
    }
    Kind kind = kinds.get(random.nextInt(kinds.size()));
    return switch (kind) {
      case ADD -> add(file, open, close, entries);
      case REMOVE -> remove(file, entries, removable.get(random.nextInt(removable.size())));
      case REORDER -> swap(file, entries, swappable.get(random.nextInt(swappable.size())));
      case RENAME -> rename(file, close, bodyEnd < 0 ? file.length() : bodyEnd,
          renamable.get(random.nextInt(renamable.size())));
    };
  }

  private static PythonParameterChange add(String file, int open, int close, List<Entry> entries) {
    int at = entries.size();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      if (e.hasDefault || e.text.startsWith("*")) {
        at = i;
        break;
      }
    }
    String text;
    if (entries.isEmpty()) {
      text = file.substring(0, open + 1) + EXTRA + file.substring(close);
    } else if (at == entries.size()) {
      int end = entries.get(at - 1).end;
      text = file.substring(0, end) + ", " + EXTRA + file.substring(end);
    } else {
      int start = entries.get(at).start;
      text = file.substring(0, start) + EXTRA + ", " + file.substring(start);
    }
    return new PythonParameterChange(Kind.ADD, "add " + EXTRA + " at " + at, text);
  }

  private static PythonParameterChange remove(String file, List<Entry> entries, Entry e) {
    int i = entries.indexOf(e);
    int from = i + 1 < entries.size() ? e.start : i > 0 ? entries.get(i - 1).end : e.start;
    int to = i + 1 < entries.size() ? entries.get(i + 1).start : e.end;
    String gone = file.substring(from, to);
    String keep = "\n".repeat((int) gone.chars().filter(c -> c == '\n').count());
    return new PythonParameterChange(Kind.REMOVE, "remove " + e.name, file.substring(0, from) + keep
        + file.substring(to));
  }

  private static PythonParameterChange swap(String file, List<Entry> entries, int i) {
    Entry a = entries.get(i);
    Entry b = entries.get(i + 1);
    String text = file.substring(0, a.start) + b.text + file.substring(a.end, b.start) + a.text
        + file.substring(b.end);
    return new PythonParameterChange(Kind.REORDER, "swap " + a.name + " and " + b.name, text);
  }

  private static PythonParameterChange rename(String file, int close, int bodyEnd, Entry e) {
    String to = e.name + "_renamed";
    String head = file.substring(0, e.start) + to + file.substring(e.start + e.name.length(), close);
    // In the body: assignments to it and uses of it, not attributes (x.name) and not keywords of
    // other calls (name=).
    String body = file.substring(close, bodyEnd)
        .replaceAll("(?m)^([ \\t]*)" + e.name + "(?=[ \\t]*(?::[^=\\n]*)?=(?!=))", "$1" + to)
        .replaceAll("(?<![.\\w])" + e.name + "\\b(?!\\s*=(?!=))", to);
    return new PythonParameterChange(Kind.RENAME, "rename " + e.name + " to " + to, head + body
        + file.substring(bodyEnd));
  }

  private static boolean uses(String body, String name) {
    return Pattern.compile("(?<![.\\w])" + name + "\\b").matcher(body).find();
  }

  private static List<Entry> entries(String file, int open, int close) {
    List<Entry> out = new ArrayList<>();
    int depth = 0;
    int start = open + 1;
    for (int i = open + 1; i < close; i++) {
      char c = file.charAt(i);
      if (c == '"' || c == '\'') {
        i = endOfString(file, i);
      } else if (c == '#') {
        i = file.indexOf('\n', i);
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        entry(file, start, i).ifPresent(out::add);
        start = i + 1;
      }
    }
    entry(file, start, close).ifPresent(out::add);
    return out;
  }

  private static java.util.Optional<Entry> entry(String file, int from, int to) {
    String raw = Pattern.compile("#[^\n]*").matcher(file.substring(from, to))
        .replaceAll(m -> " ".repeat(m.group().length()));
    String t = raw.strip();
    if (t.isEmpty()) {
      return java.util.Optional.empty();
    }
    int s = from + raw.length() - raw.stripLeading().length();
    int e = s + t.length();
    Matcher m = NAME.matcher(t);
    boolean plain = !t.startsWith("*") && !t.equals("/") && m.lookingAt();
    String name = plain ? m.group() : t;
    int colon = t.indexOf(':');
    int eq = t.indexOf('=');
    String annotation = colon < 0 || eq >= 0 && eq < colon ? null
        : (eq < 0 ? t.substring(colon + 1) : t.substring(colon + 1, eq)).strip();
    return java.util.Optional.of(new Entry(s, e, file.substring(s, e), name, plain, eq >= 0, annotation));
  }

  private static int endOfString(String file, int i) {
    char q = file.charAt(i);
    for (int k = i + 1; k < file.length(); k++) {
      char c = file.charAt(k);
      if (c == '\\') {
        k++;
      } else if (c == q || c == '\n') {
        return k;
      }
    }
    return file.length() - 1;
  }

  /** The offset of the bracket matching the one at {@code open}, skipping strings; -1 if none. */
  static int matching(String file, int open) {
    int depth = 0;
    for (int i = open; i < file.length(); i++) {
      char c = file.charAt(i);
      if (c == '"' || c == '\'') {
        i = endOfString(file, i);
      } else if (c == '#') {
        int nl = file.indexOf('\n', i);
        i = nl < 0 ? file.length() : nl;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (--depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The offset of a 1-based line and column, or -1 past the end. */
  static int offset(String text, int line, int column) {
    int at = 0;
    for (int l = 1; l < line; l++) {
      at = text.indexOf('\n', at);
      if (at < 0) {
        return -1;
      }
      at++;
    }
    return Math.min(text.length(), at + column - 1);
  }
}
