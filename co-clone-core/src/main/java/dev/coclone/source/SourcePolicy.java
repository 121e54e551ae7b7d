package dev.coclone.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * The one rule for what counts as a source file, used by the workspace, corpus loading and the
 * embedded engine alike: a known language, outside dependency and build folders, at most
 * {@link #MAX_BYTES} of UTF-8 text with no NUL byte.
 */
public final class SourcePolicy {
  /** Largest source file, in UTF-8 bytes: larger files are usually generated or data. */
  public static final int MAX_BYTES = 1 << 20;

  /** Folders of dependencies, build output and tool state: not the user's code. */
  public static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "target", "build", "dist", "out", ".git",
      ".hg", ".svn", "venv", ".venv", "__pycache__", ".idea", ".gradle", ".mvn", "vendor", "third_party", ".co-clone",
      ".tox", ".next", "coverage");

  private static final int BINARY_SNIFF_BYTES = 8000;

  private SourcePolicy() {}

  /** True for a folder name that holds dependencies, build output or tool state. */
  public static boolean skippedDir(String name) {
    return SKIPPED_DIRS.contains(name);
  }

  /** True when any folder on the relative path is a {@linkplain #skippedDir skipped} one. */
  public static boolean underSkippedDir(Path relative) {
    for (Path part : relative) {
      if (skippedDir(part.toString())) {
        return true;
      }
    }
    return false;
  }

  /** True for a path whose language is known (not {@code text}). */
  public static boolean sourcePath(String path) {
    return !"text".equals(Languages.fromPath(path));
  }

  /**
   * Why a file of this size is not read, or null when its size is fine.
   *
   * @param bytes the file's size in bytes
   * @return the reason, or null
   */
  public static String sizeProblem(long bytes) {
    return bytes > MAX_BYTES ? "larger than 1 MiB (generated or data?)" : null;
  }

  /**
   * Decodes a file's bytes as source text.
   *
   * @param path  the workspace- or corpus-relative path
   * @param bytes the file's content
   * @return the file, or why it is not a source file
   */
  public static Decoded decode(String path, byte[] bytes) {
    String size = sizeProblem(bytes.length);
    if (size != null) {
      return new Decoded(null, size);
    }
    for (int i = 0; i < Math.min(bytes.length, BINARY_SNIFF_BYTES); i++) {
      if (bytes[i] == 0) {
        return new Decoded(null, "binary");
      }
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      return new Decoded(SourceFile.of(path, text), null);
    } catch (CharacterCodingException e) {
      return new Decoded(null, "not valid UTF-8");
    }
  }

  /**
   * Why text that did not come from disk (an editor, an upload) is not a source file, or null.
   *
   * @param text the text
   * @return the reason, or null
   */
  public static String textProblem(String text) {
    if (text.indexOf('\0') >= 0) {
      return "binary (it has NUL characters); only text files are kept";
    }
    if (utf8Length(text) > MAX_BYTES) {
      return "larger than 1 MiB; Co-Clone keeps source files only";
    }
    return null;
  }

  private static long utf8Length(String s) {
    if (s.length() * 3L <= MAX_BYTES) {
      return s.length();
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * The outcome of {@link #decode}: a file, or why there is none.
   *
   * @param file    the decoded file, or null
   * @param problem why the bytes are not a source file, or null
   */
  public record Decoded(SourceFile file, String problem) {}
}
