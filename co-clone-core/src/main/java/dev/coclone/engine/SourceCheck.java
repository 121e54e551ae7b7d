package dev.coclone.engine;

import dev.coclone.workspace.SourceFile;

/** Why a file should not be learned from, or null if it is fine. */
final class SourceCheck {
  /** Files larger than this are usually generated or data, not code written by people. */
  static final int MAX_CHARS = 2_000_000;

  private SourceCheck() {}

  static String problem(SourceFile f) {
    String t = f.text();
    if (t.isEmpty()) {
      return "empty";
    }
    if (t.length() > MAX_CHARS) {
      return "larger than " + MAX_CHARS + " characters";
    }
    if (t.indexOf('\0') >= 0) {
      return "binary (contains NUL bytes)";
    }
    int bad = 0;
    for (int i = 0; i < Math.min(t.length(), 8192); i++) {
      if (t.charAt(i) == '\uFFFD') {
        bad++;
      }
    }
    if (bad > 8) {
      return "not valid UTF-8 text";
    }
    return null;
  }
}
