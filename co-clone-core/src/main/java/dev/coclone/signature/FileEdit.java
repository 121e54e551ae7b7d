package dev.coclone.signature;

import java.util.List;
import java.util.Objects;

/**
 * The edits suggested for one file, made against the text whose SHA-256 is {@code baseSha256}.
 * Edits do not overlap and are sorted by offset.
 *
 * @param path       the file
 * @param baseSha256 hex SHA-256 of the UTF-8 text the edits were made for
 * @param edits      the edits
 * @param diff       the same change as a unified diff ({@code --- a/path}, {@code +++ b/path})
 */
public record FileEdit(String path, String baseSha256, List<TextEdit> edits, String diff) {
  /** Validates and copies. */
  public FileEdit {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(baseSha256, "baseSha256");
    edits = List.copyOf(edits);
    Objects.requireNonNull(diff, "diff");
  }
}
