package dev.coclone.signature.internal;

import java.util.ArrayList;
import java.util.List;

/** Reading TypeScript type and argument text as written, for {@link TsTypes} and {@link TsDependents}. */
final class TsTypeText {
  private TsTypeText() {}

  /** A type as written without its whitespace, to compare two. */
  static String normalized(String typeText) {
    return typeText.replaceAll("\\s+", "");
  }

  /** True when a type as written admits {@code undefined}: a union with it, {@code any}, {@code unknown} or not written. */
  static boolean admitsUndefined(String typeText) {
    String t = typeText.strip();
    if (t.isEmpty() || t.equals("any") || t.equals("unknown")) {
      return true;
    }
    List<String> members = unionMembers(t);
    return members.contains("undefined") || members.contains("void");
  }

  /** True when a union type's members, at its top level, include {@code void}. */
  static boolean admitsVoid(String typeText) {
    return unionMembers(typeText).contains("void");
  }

  /** A union type's members at its top level, stripped ({@code A | B<C | D>} has {@code A} and {@code B<C | D>}). */
  static List<String> unionMembers(String typeText) {
    String t = typeText.strip();
    List<String> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i <= t.length(); i++) {
      char ch = i < t.length() ? t.charAt(i) : '|';
      if ("(<[{".indexOf(ch) >= 0) {
        depth++;
      } else if (")>]}".indexOf(ch) >= 0 && !(ch == '>' && i > 0 && t.charAt(i - 1) == '=')) {
        depth--;
      } else if (ch == '|' && depth == 0) {
        out.add(t.substring(from, i).strip());
        from = i + 1;
      }
    }
    return out;
  }

  /** The names of a declaration's type parameters ({@code function f<T, U extends X>(...)} has T and U). */
  static List<String> typeParameters(String head, String name) {
    int at = head.indexOf(name + "<");
    if (at < 0) {
      return List.of();
    }
    int open = at + name.length();
    String list = head.substring(open, closing(head, open) + 1);
    List<String> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      String p = TsTypes.typeArgument(list, i);
      if (p.isEmpty()) {
        return out;
      }
      int end = 0;
      while (end < p.length() && (Character.isJavaIdentifierPart(p.charAt(end)) || p.charAt(end) == '$')) {
        end++;
      }
      out.add(p.substring(0, end));
    }
  }

  /** The offset of the {@code >} that closes the {@code <} at {@code open}, or the text's last offset. */
  private static int closing(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '<') {
        depth++;
      } else if (ch == '>' && s.charAt(i - 1) != '=' && --depth == 0) {
        return i;
      }
    }
    return s.length() - 1;
  }

  /** The arguments of {@code (a, b(c), d)} as written. */
  static List<String> arguments(String parenthesized) {
    String s = parenthesized.strip();
    if (!s.startsWith("(") || !s.endsWith(")")) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    int depth = 0;
    int from = 1;
    for (int i = 1; i < s.length() - 1; i++) {
      char ch = s.charAt(i);
      if ("(<[{".indexOf(ch) >= 0) {
        depth++;
      } else if (")>]}".indexOf(ch) >= 0 && !(ch == '>' && s.charAt(i - 1) == '=')) {
        depth--;
      } else if (ch == ',' && depth == 0) {
        out.add(s.substring(from, i).strip());
        from = i + 1;
      }
    }
    String last = s.substring(from, s.length() - 1).strip();
    if (!last.isEmpty()) {
      out.add(last);
    }
    return out;
  }
}
