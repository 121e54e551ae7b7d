package dev.coclone.workspace;

import java.util.regex.Pattern;

/** Checks workspace-relative paths that come from clients (uploads, renames, edits). */
public final class PathSafety {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+@=-][A-Za-z0-9._+@= -]{0,254}");

  private PathSafety() {}

  /**
   * Validates and normalizes a relative path: forward slashes, no empty, {@code .} or {@code ..}
   * segments, not absolute, no drive letters or control characters, segments of ordinary
   * characters only.
   *
   * @param path what the client sent
   * @return the normalized path
   * @throws IllegalArgumentException saying what is wrong
   */
  public static String check(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("the file path is empty");
    }
    String p = path.replace('\\', '/');
    if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
      throw new IllegalArgumentException("'" + path + "' is absolute; use a path inside the workspace");
    }
    if (p.length() > 1024) {
      throw new IllegalArgumentException("the file path is longer than 1024 characters");
    }
    StringBuilder out = new StringBuilder();
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        throw new IllegalArgumentException("'" + path + "' has an empty, '.' or '..' segment; use a plain relative path");
      }
      if (!SEGMENT.matcher(seg).matches() || seg.endsWith(" ")) {
        throw new IllegalArgumentException("'" + seg + "' in '" + path + "' has characters a file name should not "
            + "have; use letters, digits, '.', '_', '-'");
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(seg);
    }
    return out.toString();
  }
}
