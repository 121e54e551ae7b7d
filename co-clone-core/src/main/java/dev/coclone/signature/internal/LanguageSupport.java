package dev.coclone.signature.internal;

import dev.coclone.signature.Dependent;
import dev.coclone.signature.SignatureChange;
import dev.coclone.source.SourceFile;
import java.util.List;

/**
 * Signature tracking for some languages: reading declarations, and finding (and editing) the
 * sites that depend on one. Holds the last good version of each of its files. Not thread-safe:
 * the tracker calls it under its lock.
 */
public interface LanguageSupport {
  /** True for the languages it reads (ids as in {@link dev.coclone.source.Languages}). */
  boolean handles(String language);

  /**
   * Reads a file without changing any state.
   *
   * @param file the file
   * @return its declarations, or the problem that stopped the parser
   */
  ParsedFile parse(SourceFile file);

  /**
   * Reads a new version of an accepted file, for comparing signatures only (the result may have
   * no tree). A support may read just the part that changed.
   *
   * @param accepted the file's accepted version
   * @param file     the new version
   * @return its declarations, or the problem that stopped the parser
   */
  default ParsedFile parseChanged(ParsedFile accepted, SourceFile file) {
    return parse(file);
  }

  /**
   * Makes a parsed file (one without a problem) the last good version of its path.
   *
   * @param parsed what {@link #parse} returned
   */
  void accept(ParsedFile parsed);

  /** Forgets a file. */
  void remove(String path);

  /**
   * The sites in the accepted files that depend on {@code change.before()}, which is declared in
   * an accepted file. When the change is mechanical (see {@link SignatureChange#mechanical()}),
   * each site that needs updating carries a {@link dev.coclone.signature.TextEdit} against its
   * file's accepted text.
   *
   * @param change the change
   * @return the dependents, in any order
   */
  List<Dependent> dependents(SignatureChange change);

  /**
   * A dependent in the declaring file, found in its accepted text, given that file's newer text (the
   * caller's, with the change): the support may give the changed declaration's own site an edit of
   * the new declaration there. Called after {@link #dependents} for the same change.
   *
   * @return the dependent as it is, or with an edit of {@code text}
   */
  default Dependent atNewDeclaration(Dependent d, SignatureChange change, String text) {
    return d;
  }

  /** Releases what the support holds (trees, solver caches); it is not used afterwards. */
  default void close() {
  }
}
