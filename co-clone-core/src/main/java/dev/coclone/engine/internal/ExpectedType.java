package dev.coclone.engine.internal;

import java.util.List;

/**
 * The type a Java expression is wanted of where the code states it: in {@code T x = new ...} (a
 * local variable or a field with an initializer), T's simple name. Read from token texts by shape,
 * as {@link ScopeReader} reads scopes.
 */
public final class ExpectedType {
  private ExpectedType() {}

  /**
   * The declared type of the variable a {@code new} initializes.
   *
   * @param texts  token texts without layout markers
   * @param newAt  the index of the {@code new}
   * @return T's simple name, or null when the {@code new} is not such an initializer (an
   *     assignment, an argument, a {@code var}, a primitive array) or T is {@code Object}, which
   *     any {@code new} fits
   */
  public static String ofNew(List<String> texts, int newAt) {
    if (newAt < 3 || !texts.get(newAt).equals("new") || !texts.get(newAt - 1).equals("=")
        || !ScopeReader.isName(texts.get(newAt - 2))) {
      return null;
    }
    int j = newAt - 3;
    while (j >= 1 && texts.get(j).equals("]") && texts.get(j - 1).equals("[")) {
      j -= 2;
    }
    if (j >= 0 && closesAngles(texts.get(j))) {
      int depth = 0;
      for (; j >= 0; j--) {
        String x = texts.get(j);
        if (closesAngles(x)) {
          depth += x.length();
        } else if (x.equals("<")) {
          depth--;
          if (depth == 0) {
            j--;
            break;
          }
        } else if (!ScopeReader.isName(x) && !x.equals(",") && !x.equals(".") && !x.equals("?")
            && !x.equals("[") && !x.equals("]") && !x.equals("&")) {
          return null; // not type arguments: a comparison or a shift
        }
      }
    }
    if (j < 0 || !ScopeReader.isName(texts.get(j))) {
      return null;
    }
    String name = texts.get(j);
    // var, primitives (which no new makes) and Object (which takes whatever a new makes) say nothing.
    return Keywords.JAVA.contains(name) || name.equals("Object") ? null : name;
  }

  private static boolean closesAngles(String x) {
    return !x.isEmpty() && x.chars().allMatch(c -> c == '>');
  }
}
