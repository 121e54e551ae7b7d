package dev.coclone.source;

import java.util.Objects;

/**
 * One source file's text at a moment.
 *
 * @param path     workspace-relative path with forward slashes
 * @param language language id (see {@link Languages})
 * @param text     the file's content
 */
public record SourceFile(String path, String language, String text) {
  /** Validates the components. */
  public SourceFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(text, "text");
  }

  /**
   * A file whose language follows from its extension.
   *
   * @param path workspace-relative path
   * @param text content
   * @return the file
   */
  public static SourceFile of(String path, String text) {
    return new SourceFile(path, Languages.fromPath(path), text);
  }
}
