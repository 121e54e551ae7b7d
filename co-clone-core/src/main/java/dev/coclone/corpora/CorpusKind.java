package dev.coclone.corpora;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** A kind of background corpus, named as the launcher's {@code --learn-from} names it. */
public enum CorpusKind {
  /** The JDK's own sources ({@code lib/src.zip}, {@code java.base}), for Java workspaces. */
  JDK("jdk", Set.of("java")),
  /** The {@code -sources.jar} files of the workspace's Maven dependencies in the local repository. */
  MAVEN("maven", Set.of("java")),
  /** The Python interpreter's standard library and the workspace's virtual environment. */
  PYTHON("python", Set.of("python")),
  /** The packages in the workspace's {@code node_modules} that its code imports. */
  NODE("node", Set.of("javascript", "typescript"));

  private final String id;
  private final Set<String> languages;

  CorpusKind(String id, Set<String> languages) {
    this.id = id;
    this.languages = languages;
  }

  /** The name on the command line and in {@code GET /v1/index}, e.g. {@code maven}. */
  public String id() {
    return id;
  }

  /** The language ids this corpus is for: it is learned only when the workspace has one of them. */
  public Set<String> languages() {
    return languages;
  }

  /**
   * Parses a comma-separated list such as {@code jdk,maven} ({@code all} for every kind,
   * {@code none} for no background corpus).
   *
   * @param list the list
   * @return the kinds
   * @throws IllegalArgumentException for an unknown name, naming the known ones
   */
  public static Set<CorpusKind> parse(String list) {
    Objects.requireNonNull(list, "list");
    String trimmed = list.trim().toLowerCase(Locale.ROOT);
    if (trimmed.equals("none")) {
      return EnumSet.noneOf(CorpusKind.class);
    }
    if (trimmed.equals("all")) {
      return EnumSet.allOf(CorpusKind.class);
    }
    EnumSet<CorpusKind> out = EnumSet.noneOf(CorpusKind.class);
    for (String part : trimmed.split(",")) {
      String name = part.trim();
      CorpusKind found = null;
      for (CorpusKind k : values()) {
        if (k.id.equals(name)) {
          found = k;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException("unknown corpus '" + name + "': use a comma-separated list of jdk, maven, "
            + "python, node, or all, or none");
      }
      out.add(found);
    }
    return out;
  }
}
