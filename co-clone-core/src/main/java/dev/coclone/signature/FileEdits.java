package dev.coclone.signature;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** Building, showing and applying {@link FileEdit}s. */
public final class FileEdits {
  private FileEdits() {}

  /**
   * Hex SHA-256 of a text's UTF-8 bytes.
   *
   * @param text the text
   * @return 64 hex digits
   */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /**
   * The edits for one file with their unified diff. Edits are sorted; one that overlaps an earlier
   * one is left out (see {@link #overlapping}).
   *
   * @param path  the file
   * @param text  the text the edits were made for
   * @param edits the edits
   * @return the file edit
   */
  public static FileEdit of(String path, String text, List<TextEdit> edits) {
    List<TextEdit> kept = withoutOverlaps(edits);
    String after = applyUnchecked(text, kept);
    return new FileEdit(path, sha256(text), kept, diff(path, text, after));
  }

  /**
   * The edits that overlap an earlier one (by start offset) and so cannot be applied with it.
   *
   * @param edits the edits
   * @return those left out by {@link #of}
   */
  public static List<TextEdit> overlapping(List<TextEdit> edits) {
    List<TextEdit> kept = withoutOverlaps(edits);
    List<TextEdit> out = new ArrayList<>(edits);
    out.removeAll(kept);
    return out;
  }

  private static List<TextEdit> withoutOverlaps(List<TextEdit> edits) {
    List<TextEdit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(TextEdit::start).thenComparingInt(TextEdit::end));
    List<TextEdit> kept = new ArrayList<>();
    int lastEnd = -1;
    TextEdit last = null;
    for (TextEdit e : sorted) {
      if (e.equals(last)) {
        continue;
      }
      if (e.start() >= lastEnd || lastEnd < 0) {
        if (last != null && e.start() == lastEnd && e.start() == e.end() && last.start() == last.end()) {
          continue; // two insertions at one point: their order would be a guess
        }
        kept.add(e);
        lastEnd = e.end();
        last = e;
      }
    }
    return kept;
  }

  /**
   * Applies a file edit to the file's current text.
   *
   * @param current the file's text now
   * @param edit    the edit
   * @return the new text
   * @throws StaleEditException if the file changed since the edit was made
   */
  public static String apply(String current, FileEdit edit) throws StaleEditException {
    if (!sha256(current).equals(edit.baseSha256())) {
      throw new StaleEditException(edit.path() + " changed since these edits were suggested; "
          + "run detection again to get edits for its current text");
    }
    for (TextEdit e : edit.edits()) {
      if (e.end() > current.length() || !current.substring(e.start(), e.end()).equals(e.oldText())) {
        throw new StaleEditException(edit.path() + ":" + e.startLine() + ":" + e.startColumn()
            + ": the text there is not what the edit expects; run detection again");
      }
    }
    List<TextEdit> sorted = new ArrayList<>(edit.edits());
    sorted.sort(Comparator.comparingInt(TextEdit::start));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).start() < sorted.get(i - 1).end()) {
        throw new IllegalArgumentException("edits overlap at " + edit.path() + ":" + sorted.get(i).startLine());
      }
    }
    return applyUnchecked(current, sorted);
  }

  private static String applyUnchecked(String text, List<TextEdit> sortedEdits) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    int at = 0;
    for (TextEdit e : sortedEdits) {
      out.append(text, at, e.start()).append(e.newText());
      at = e.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  /**
   * A unified diff with three lines of context, {@code a/} and {@code b/} prefixes as git writes.
   *
   * @param path   the file
   * @param before the old text
   * @param after  the new text
   * @return the diff, or "" when the texts are equal
   */
  public static String diff(String path, String before, String after) {
    if (before.equals(after)) {
      return "";
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    Patch<String> patch = DiffUtils.diff(a, b);
    return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("a/" + path, "b/" + path, a, patch, 3)) + "\n";
  }

  /**
   * Where each line of {@code before} is in {@code after} (0-based), or -1 for a changed line.
   *
   * @param before the old text
   * @param after  the new text
   * @return one entry per line of {@code before}
   */
  public static int[] lineMap(String before, String after) {
    List<String> a = lines(before);
    Patch<String> patch = DiffUtils.diff(a, lines(after));
    int[] map = new int[a.size()];
    Arrays.fill(map, Integer.MIN_VALUE);
    int shift = 0;
    int next = 0;
    for (AbstractDelta<String> d : patch.getDeltas()) {
      for (; next < d.getSource().getPosition(); next++) {
        map[next] = next + shift;
      }
      for (int i = 0; i < d.getSource().size(); i++) {
        map[next++] = -1;
      }
      shift += d.getTarget().size() - d.getSource().size();
    }
    for (; next < a.size(); next++) {
      map[next] = next + shift;
    }
    return map;
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }
}
