package dev.coclone.corpora.internal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * One place a corpus's files come from.
 *
 * @param path        a folder, a .zip/.jar, or one source file
 * @param under       in a zip, only entries under this folder ("" for all)
 * @param prefix      prepended to each file's relative path, so corpus paths never clash with the workspace's
 * @param languages   language ids to keep
 * @param skippedDirs folder names not walked into (tests, nested dependencies)
 */
public record Root(Path path, String under, String prefix, Set<String> languages, Set<String> skippedDirs) {
  /** Validates the components. */
  public Root {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(under, "under");
    Objects.requireNonNull(prefix, "prefix");
    languages = Set.copyOf(languages);
    skippedDirs = Set.copyOf(skippedDirs);
  }
}
