package dev.coclone.demo.bench;

import dev.coclone.signature.FunctionSignature;
import dev.coclone.source.LineIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The parameter-list changes of {@code bench signatures-ts}, made on a declaration's text: add a
 * required parameter ({@code coCloneExtra: number}, before the first optional one), remove one,
 * swap two required ones of different declared types (tsc cannot see a swap of equal types), or
 * make an optional one ({@code x?: T}, {@code x: T = d}) required.
 *
 * @param kind      {@code add}, {@code remove}, {@code reorder} or {@code require}
 * @param text      the file's new text
 * @param parameter the parameter added, removed, made required or the first of the two swapped
 */
record TsMutation(String kind, String text, String parameter) {
  static final String EXTRA = "coCloneExtra";
  static final List<String> KINDS = List.of("add", "remove", "reorder", "require");

  /** One parameter as written: its range, name, and what makes it optional. */
  private record Param(int start, int end, String name, String type, boolean rest, boolean question, int eq) {
    boolean required() {
      return !rest && !question && eq < 0;
    }
  }

  /**
   * Tries the kind {@code first} and, when it does not apply, the next ones in {@link #KINDS}.
   *
   * @return the change, or null when the declaration's parameter list cannot be read
   */
  static TsMutation make(String text, FunctionSignature f, String first, Random random, boolean javascript) {
    List<Param> params = new ArrayList<>();
    int[] list = parameters(text, f, params);
    if (list == null || params.size() != f.parameters().size()) {
      return null;
    }
    int jsdoc = javascript ? jsdocEnd(text, LineIndex.of(text).start(f.line())) : -1;
    if (javascript && jsdoc < 0) {
      return null; // checkJs types only documented functions: an undocumented parameter is optional
    }
    // The kind drawn, else another that changes existing parameters, and adding one last (most
    // methods have no parameter, and only adding applies to them).
    List<String> tries = new ArrayList<>(List.of(first));
    KINDS.stream().filter(x -> !x.equals(first) && !x.equals("add")).forEach(tries::add);
    tries.add("add");
    for (String kind : tries) {
      TsMutation m = apply(kind, text, list, params, random, javascript);
      if (m != null && javascript && kind.equals("add")) {
        // the new parameter is documented, so checkJs makes it required as TypeScript would
        return new TsMutation(kind, splice(m.text(), jsdoc, jsdoc, " * @param {number} " + EXTRA + "\n"), EXTRA);
      }
      if (m != null && javascript && kind.equals("remove")) {
        // its @param tag goes with it (tsc reports a tag naming no parameter)
        int open = m.text().lastIndexOf("/**", jsdoc);
        java.util.regex.Matcher tag = java.util.regex.Pattern.compile("(?m)^[ \\t]*\\*[ \\t]*@param[ \\t]+(\\{[^}\\n]*\\}[ \\t]*)?\\[?"
            + java.util.regex.Pattern.quote(m.parameter()) + "\\b.*\\n").matcher(m.text()).region(open, jsdoc);
        return tag.find() ? new TsMutation(kind, splice(m.text(), tag.start(), tag.end(), ""), m.parameter()) : m;
      }
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  private static TsMutation apply(String kind, String text, int[] list, List<Param> ps, Random random,
      boolean javascript) {
    String extra = javascript ? EXTRA : EXTRA + ": number";
    switch (kind) {
      case "add" -> {
        int at = 0;
        while (at < ps.size() && ps.get(at).required()) {
          at++;
        }
        String t = at < ps.size() ? splice(text, ps.get(at).start(), ps.get(at).start(), extra + ", ")
            : ps.isEmpty() ? addToEmpty(text, list, extra)
            : splice(text, ps.get(at - 1).end(), ps.get(at - 1).end(), ", " + extra);
        return new TsMutation(kind, t, EXTRA);
      }
      case "remove" -> {
        if (ps.isEmpty()) {
          return null;
        }
        int i = random.nextInt(ps.size());
        Param p = ps.get(i);
        String t = i + 1 < ps.size() ? splice(text, p.start(), ps.get(i + 1).start(), "")
            : i > 0 ? splice(text, ps.get(i - 1).end(), p.end(), "") : splice(text, p.start(), skipComma(text, p.end()), "");
        return new TsMutation(kind, t, p.name());
      }
      case "reorder" -> {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
          for (int j = i + 1; j < ps.size(); j++) {
            if (ps.get(i).required() && ps.get(j).required()
                && (javascript || !ps.get(i).type().isEmpty() && !ps.get(i).type().equals(ps.get(j).type()))) {
              pairs.add(new int[] {i, j});
            }
          }
        }
        if (pairs.isEmpty()) {
          return null;
        }
        int[] pair = pairs.get(random.nextInt(pairs.size()));
        Param a = ps.get(pair[0]);
        Param b = ps.get(pair[1]);
        String t = text.substring(0, a.start()) + text.substring(b.start(), b.end()) + text.substring(a.end(), b.start())
            + text.substring(a.start(), a.end()) + text.substring(b.end());
        return new TsMutation(kind, t, a.name() + " <-> " + b.name());
      }
      case "require" -> {
        // only a parameter after no "?" one: a required parameter cannot follow an optional one
        List<Param> optional = new ArrayList<>();
        for (Param p : ps) {
          if (p.question() || p.eq() >= 0 && (javascript || !p.type().isEmpty())) {
            optional.add(p);
          }
          if (p.question() || p.rest()) {
            break;
          }
        }
        if (optional.isEmpty()) {
          return null;
        }
        Param p = optional.get(random.nextInt(optional.size()));
        String own = text.substring(p.start(), p.end());
        String changed = p.eq() >= 0 ? own.substring(0, p.eq() - p.start()).stripTrailing() : own;
        changed = p.question() ? changed.replaceFirst("\\?", "") : changed;
        return new TsMutation(kind, splice(text, p.start(), p.end(), changed), p.name());
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Adds the parameter to a list with no parameter but perhaps TypeScript's {@code this:} one
   * ({@code getGAstProductions(this: MixedInParser)}): after it, with a comma.
   */
  private static String addToEmpty(String text, int[] list, String extra) {
    int last = list[1] - 1;
    while (last > list[0] && Character.isWhitespace(text.charAt(last))) {
      last--;
    }
    if (last == list[0]) {
      return splice(text, list[0] + 1, list[0] + 1, extra);
    }
    return text.charAt(last) == ',' ? splice(text, last + 1, last + 1, " " + extra)
        : splice(text, last + 1, last + 1, ", " + extra);
  }

  private static String splice(String text, int from, int to, String with) {
    return text.substring(0, from) + with + text.substring(to);
  }

  /**
   * Finds the declaration's parameter list from its name: {@code name(}, {@code name<T>(},
   * {@code name = (}, {@code name = async <T>(}. Fills {@code out} (without a {@code this}
   * parameter) and returns the offsets of the parentheses, or null.
   */
  private static int[] parameters(String text, FunctionSignature f, List<Param> out) {
    LineIndex lines = LineIndex.of(text);
    int i = lines.start(f.line()) + f.column() - 1;
    if (!text.startsWith(f.kind() == FunctionSignature.Kind.CONSTRUCTOR ? "constructor" : f.name(), i)) {
      return null;
    }
    i += f.kind() == FunctionSignature.Kind.CONSTRUCTOR ? "constructor".length() : f.name().length();
    i = skipSpace(text, i);
    if (i < text.length() && (text.charAt(i) == '?' || text.charAt(i) == '!')) {
      i = skipSpace(text, i + 1);
    }
    if (i < text.length() && text.charAt(i) == '=') {
      i = skipSpace(text, i + 1);
      if (text.startsWith("async", i)) {
        i = skipSpace(text, i + 5);
      }
      if (text.startsWith("function", i)) {
        i = skipSpace(text, i + 8);
      }
    }
    if (i < text.length() && text.charAt(i) == '<') {
      i = skipSpace(text, match(text, i) + 1);
    }
    if (i >= text.length() || text.charAt(i) != '(') {
      return null;
    }
    int close = match(text, i);
    if (close < 0) {
      return null;
    }
    int start = i + 1;
    int depth = 0;
    int angle = 0;
    for (int k = i + 1; k <= close; k++) {
      char c = text.charAt(k);
      if (c == '\'' || c == '"' || c == '`') {
        k = skipString(text, k);
      } else if (c == '/' && text.charAt(k + 1) == '/') {
        k = text.indexOf('\n', k);
      } else if (c == '/' && text.charAt(k + 1) == '*') {
        k = text.indexOf("*/", k) + 1;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == '<' && Character.isJavaIdentifierPart(text.charAt(k - 1))) {
        angle++;
      } else if (c == '>' && angle > 0 && text.charAt(k - 1) != '=') {
        angle--;
      }
      if (k == close || depth == 0 && angle == 0 && c == ',') {
        param(text, start, k, out);
        start = k + 1;
      }
    }
    return new int[] {i, close};
  }

  private static void param(String text, int from, int to, List<Param> out) {
    int s = from;
    while (s < to && Character.isWhitespace(text.charAt(s))) {
      s++;
    }
    int e = to;
    while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
      e--;
    }
    if (s >= e) {
      return;
    }
    String p = text.substring(s, e);
    String plain = p.replaceAll("^(public|private|protected|readonly|override)\\s+", "");
    if (plain.equals("this") || plain.startsWith("this:") || plain.startsWith("this ")) {
      return;
    }
    boolean rest = plain.startsWith("...");
    int depth = 0;
    int colon = -1;
    int eq = -1;
    for (int k = 0; k < p.length(); k++) {
      char c = p.charAt(k);
      if ("([{<".indexOf(c) >= 0) {
        depth++;
      } else if (")]}".indexOf(c) >= 0 || c == '>' && k > 0 && p.charAt(k - 1) != '=') {
        depth--;
      } else if (depth == 0 && c == ':' && colon < 0 && eq < 0) {
        colon = k;
      } else if (depth == 0 && c == '=' && eq < 0 && (k + 1 >= p.length() || p.charAt(k + 1) != '>')) {
        eq = k;
      }
    }
    String head = p.substring(0, colon >= 0 ? colon : eq >= 0 ? eq : p.length()).strip();
    boolean question = head.endsWith("?");
    String name = head.replaceFirst("\\?$", "").replaceFirst("^\\.\\.\\.", "").strip();
    String type = colon < 0 ? "" : p.substring(colon + 1, eq > colon ? eq : p.length()).strip();
    out.add(new Param(s, e, name, type, rest, question, eq < 0 ? -1 : s + eq));
  }

  /**
   * The start of the line holding the closing {@code *}{@code /} of the multi-line JSDoc block
   * right before the line {@code lineStart} (decorators aside), or -1 when there is none.
   */
  private static int jsdocEnd(String text, int lineStart) {
    int i = lineStart - 1;
    while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
      i--;
    }
    if (i < 1 || text.charAt(i) != '/' || text.charAt(i - 1) != '*') {
      return -1;
    }
    int open = text.lastIndexOf("/**", i - 1);
    int close = i - 1;
    int lineOfClose = text.lastIndexOf('\n', close) + 1;
    if (open < 0 || open >= lineOfClose || !text.substring(lineOfClose, close).isBlank()) {
      return -1;
    }
    return lineOfClose;
  }

  /** Past a trailing comma after {@code at} (and the space before it), or {@code at}. */
  private static int skipComma(String text, int at) {
    int i = skipSpace(text, at);
    return i < text.length() && text.charAt(i) == ',' ? i + 1 : at;
  }

  private static int skipSpace(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipString(String text, int i) {
    char q = text.charAt(i);
    for (int k = i + 1; k < text.length(); k++) {
      if (text.charAt(k) == '\\') {
        k++;
      } else if (text.charAt(k) == q) {
        return k;
      }
    }
    return text.length() - 1;
  }

  /** The offset of the bracket closing the one at {@code open} ({@code (} or {@code <}), or -1. */
  static int match(String text, int open) {
    int depth = 0;
    for (int k = open; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '\'' || c == '"' || c == '`') {
        k = skipString(text, k);
      } else if (c == '/' && k + 1 < text.length() && text.charAt(k + 1) == '/') {
        k = text.indexOf('\n', k);
        if (k < 0) {
          return -1;
        }
      } else if (c == '/' && k + 1 < text.length() && text.charAt(k + 1) == '*') {
        k = text.indexOf("*/", k);
        if (k < 0) {
          return -1;
        }
        k++;
      } else if (c == '(' || c == '[' || c == '{' || c == '<' && text.charAt(open) == '<') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}' || c == '>' && text.charAt(open) == '<' && text.charAt(k - 1) != '=') {
        depth--;
        if (depth == 0) {
          return k;
        }
      }
    }
    return -1;
  }
}
