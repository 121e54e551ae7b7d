package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a name being typed where the model has no candidate for it: the corpus's successors of
 * the context are read from a sample of its matches, so a common name that is rare after this context
 * ({@code nextInt(Intege}, {@code new ByteBuffe}) or any name at the top of a file ({@code pac}) is
 * not among them, and the suggestion was empty. The words of the file around the cursor that extend
 * what is typed are taken first, by how often the file writes them; where the file has none, the
 * corpus's names, by how often the corpus does. The likeliest is suggested only where it holds at
 * least {@link #MIN_SHARE} of those counts (several alike names, none ahead, is a guess).
 */
public final class WordCompletion {
  /** The share of the extending words' counts the one suggested must hold. */
  static final double MIN_SHARE = 0.5;

  private WordCompletion() {}

  /**
   * What completes a name being typed.
   *
   * @param partial  the name typed so far (letters, digits, {@code _}, {@code $}; not a literal)
   * @param fileToks the tokens of the file around the cursor, in pieces; the name being typed itself is
   *                 not counted where a piece ends with it
   * @param names    the corpus's names, for where the file has none ({@link CorpusDeclarations#names()});
   *                 null for none
   * @return the rest of the word (what to add after {@code partial}), or "" where no word extends it
   *         or none leads
   */
  @SafeVarargs
  public static String rest(String partial, CorpusNames names, List<CodeLexer.Tok>... fileToks) {
    if (partial.isEmpty() || !Character.isJavaIdentifierStart(partial.charAt(0))) {
      return "";
    }
    Map<String, Integer> inFile = new HashMap<>();
    for (List<CodeLexer.Tok> piece : fileToks) {
      int n = piece.size();
      if (n > 0 && piece.get(n - 1).text().equals(partial)) {
        n--;
      }
      for (int i = 0; i < n; i++) {
        String t = piece.get(i).text();
        if (t.length() > partial.length() && t.startsWith(partial)) {
          inFile.merge(t, 1, Integer::sum);
        }
      }
    }
    if (!inFile.isEmpty()) {
      return leader(partial, inFile.keySet().toArray(String[]::new),
          inFile.values().stream().mapToInt(Integer::intValue).toArray());
    }
    if (names == null) {
      return "";
    }
    int from = Arrays.binarySearch(names.texts(), partial);
    from = from >= 0 ? from + 1 : -from - 1;
    int to = from;
    while (to < names.texts().length && names.texts()[to].startsWith(partial)) {
      to++;
    }
    return leader(partial, Arrays.copyOfRange(names.texts(), from, to), Arrays.copyOfRange(names.counts(), from, to));
  }

  /** The rest of the word with the most counts where it holds {@link #MIN_SHARE} of them, else "". */
  private static String leader(String partial, String[] words, int[] counts) {
    int best = -1;
    long total = 0;
    for (int i = 0; i < words.length; i++) {
      total += counts[i];
      if (best < 0 || counts[i] > counts[best]) {
        best = i;
      }
    }
    return best < 0 || counts[best] < MIN_SHARE * total ? "" : words[best].substring(partial.length());
  }
}
