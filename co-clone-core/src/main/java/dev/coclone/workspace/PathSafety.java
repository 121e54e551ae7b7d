package dev.coclone.workspace;

import java.util.regex.Pattern;

/** Checks workspace-relative paths that come from clients (uploads, renames, edits). */
public final class PathSafety {
  /**
   * A file or folder name: any characters but control characters and those Windows reserves
   * ({@code < > : " | ? *}), so that the names web frameworks use ({@code (shop)}, {@code [id]},
   * {@code [...slug]}), {@code %}, {@code +} and non-ASCII letters pass; separators are split on before.
   */
  private static final Pattern SEGMENT = Pattern.compile("[^\\p{Cntrl}<>:\"|?*\\\\/]{1,255}");

  private PathSafety() {}

  /**
   * Validates and normalizes a relative path: forward slashes, no empty, {@code .} or {@code ..}
   * segments, not absolute, no drive letters, no control characters nor {@code < > : " | ? *}, no
   * name that starts or ends with a space.
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
      if (!SEGMENT.matcher(seg).matches() || seg.startsWith(" ") || seg.endsWith(" ")) {
        throw new IllegalArgumentException("'" + seg + "' in '" + path + "' is not a usable file name: it has a "
            + "control character, one of < > : \" | ? *, a space at its start or end, or more than 255 characters");
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(seg);
    }
    return out.toString();
  }
}
