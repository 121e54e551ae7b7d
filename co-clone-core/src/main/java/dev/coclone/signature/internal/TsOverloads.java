package dev.coclone.signature.internal;

import dev.coclone.signature.ChangeKind;
import dev.coclone.signature.Parameter;
import dev.coclone.signature.SignatureChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The edit of a TypeScript overload signature whose parameter list differs from its
 * implementation's. tsc holds each overload to the implementation position by position, so an
 * overload's parameters stand for the implementation's first ones: a parameter added to the
 * implementation is added to every overload that reaches its position (and, when it is required,
 * appended to one that ends just before it), a removed one is removed where the overload has it,
 * a moved one moved where the overload has both, and one made required loses its {@code ?} (or is
 * appended to an overload that ends just before it). Anything else (an overload longer than the
 * implementation, a rest parameter against several, a move past the overload's end) is left to the
 * user.
 */
final class TsOverloads {
  private TsOverloads() {}

  /**
   * The overload's new parameter list: per new position, the index of the overload's parameter
   * kept there, or -1 for the implementation's new parameter at that position of
   * {@code change.after()} (see {@link #added}); null when the overload cannot be edited mechanically.
   */
  static List<Integer> order(TsFacts.Overload o, SignatureChange change, String text) {
    if (change.after() == null) {
      return null;
    }
    List<Parameter> before = change.before().parameters();
    List<Parameter> after = change.after().parameters();
    List<Integer> map = change.argumentMap();
    int n = o.params().size();
    boolean variadic = before.stream().anyMatch(Parameter::variadic);
    if (map.size() != after.size() || n > before.size() || variadic && n != before.size()) {
      return null;
    }
    List<Integer> out = new ArrayList<>();
    if (change.is(ChangeKind.PARAMETER_REQUIRED)) {
      out.addAll(identity(n));
      for (int k = n; k < after.size(); k++) {
        if (required(before.get(k), after.get(k))) {
          if (k > n) {
            return null; // the overload lacks optional parameters before it too
          }
          out.add(-1 - k);
        }
      }
      return out;
    }
    if (!change.is(ChangeKind.PARAMETER_ADDED) && !change.is(ChangeKind.PARAMETER_REMOVED)
        && !change.is(ChangeKind.PARAMETERS_REORDERED)) {
      return identity(n);
    }
    boolean ended = false;
    for (int j = 0; j < after.size(); j++) {
      int m = map.get(j);
      if (m >= n) {
        ended = true;
      } else if (m >= 0) {
        if (ended) {
          return null; // a parameter the overload has moves after one it lacks
        }
        out.add(m);
      } else if (!ended) {
        out.add(-1 - j);
      }
    }
    // an optional parameter added after everything the overload passes is not needed there
    while (!out.isEmpty() && out.get(out.size() - 1) < 0 && after.get(-1 - out.get(out.size() - 1)).optional()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  /**
   * The overload's parameter that the order drops and that alone states a type parameter its result
   * names ({@code race<T extends readonly unknown[]>(values: T): Promise<Awaited<T[number]>>} without
   * {@code values}): once dropped, tsc has nothing to infer it from and every call's result becomes
   * {@code unknown}, so the edit would break what the change alone did not. Null when none.
   */
  static String retypesResult(TsFacts.Overload o, List<Integer> order, String text) {
    if (o.params().isEmpty() || o.anchor() <= o.nameStart()) {
      return null;
    }
    Map<String, String> typeParams = TsResultUses.typeParameters(text.substring(o.nameStart(), o.anchor() - 1), o.name());
    int close = text.indexOf(')', o.params().get(o.params().size() - 1)[1]);
    Matcher colon = Pattern.compile("^\\)\\s*:").matcher(text.substring(Math.max(0, close)));
    if (typeParams.isEmpty() || close < 0 || !colon.find()) {
      return null;
    }
    int from = close + colon.end();
    int end = from;
    for (int depth = 0; end < text.length(); end++) {
      char ch = text.charAt(end);
      if (ch == '(' || ch == '[' || ch == '<') {
        depth++;
      } else if (ch == ')' || ch == ']' || ch == '>' && text.charAt(end - 1) != '=') {
        depth--;
      } else if (depth <= 0 && (ch == ';' || ch == '{' || ch == '\n')) {
        break;
      }
    }
    String result = text.substring(from, end);
    for (int k = 0; k < o.params().size(); k++) {
      if (order.contains(k)) {
        continue;
      }
      String dropped = text.substring(o.params().get(k)[0], o.params().get(k)[1]);
      for (String t : typeParams.keySet()) {
        if (!names(dropped, t) || !names(result, t)) {
          continue;
        }
        boolean kept = false;
        for (int e : order) {
          kept |= e >= 0 && names(text.substring(o.params().get(e)[0], o.params().get(e)[1]), t);
        }
        if (!kept) {
          return dropped.strip();
        }
      }
    }
    return null;
  }

  private static boolean names(String type, String t) {
    return Pattern.compile("(?<![\\w$.])" + Pattern.quote(t) + "(?![\\w$])").matcher(type).find();
  }

  /** The identity order of {@code n} parameters. */
  private static List<Integer> identity(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  /** The position in {@code change.after()} of an order entry that is new ({@code < 0}). */
  static int added(int entry) {
    return -1 - entry;
  }

  /**
   * True when the change makes the parameter required as tsc counts arity: a parameter whose type
   * admits {@code void} stays optional for tsc even without {@code ?}.
   */
  static boolean required(Parameter before, Parameter after) {
    return before.optional() && !after.optional() && !TsTypeText.admitsVoid(after.type());
  }

  /** A new parameter as an overload signature declares it (no default: optional instead). */
  static String declaration(Parameter p) {
    String type = p.type().isEmpty() ? "any" : p.type();
    return (p.variadic() ? "..." : "") + p.name() + (p.optional() && !p.variadic() ? "?" : "") + ": " + type;
  }

  /**
   * The offset of the {@code ?} of an overload's optional parameter at {@code param} ({@code x?: T}),
   * or -1.
   */
  static int question(String text, int[] param) {
    int i = param[0];
    while (i < param[1] && (Character.isJavaIdentifierPart(text.charAt(i)) || text.charAt(i) == '$'
        || text.charAt(i) == '.')) {
      i++;
    }
    return i < param[1] && text.charAt(i) == '?' ? i : -1;
  }
}
