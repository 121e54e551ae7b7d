package dev.coclone.engine.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The names a corpus writes (its tokens that begin like a Java identifier), sorted, with how often
 * it writes each: what {@link WordCompletion} looks a typed name's endings up in. Built once per
 * corpus by its {@link CorpusDeclarations}; immutable.
 */
public final class CorpusNames {
  private final String[] texts;
  private final int[] counts;

  private CorpusNames(String[] texts, int[] counts) {
    this.texts = texts;
    this.counts = counts;
  }

  /**
   * Reads the names of a corpus from its vocabulary and unigram counts.
   *
   * @param corpus the corpus
   * @return its names, sorted
   */
  public static CorpusNames of(Corpus corpus) {
    List<String> all = corpus.vocab().texts();
    int[] unigram = corpus.unigram();
    List<Integer> ids = new ArrayList<>();
    for (int id = 0; id < all.size() && id < unigram.length; id++) {
      String t = all.get(id);
      if (unigram[id] > 0 && !t.isEmpty() && Character.isJavaIdentifierStart(t.charAt(0))) {
        ids.add(id);
      }
    }
    ids.sort((a, b) -> all.get(a).compareTo(all.get(b)));
    String[] texts = new String[ids.size()];
    int[] counts = new int[ids.size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = all.get(ids.get(i));
      counts[i] = unigram[ids.get(i)];
    }
    return new CorpusNames(texts, counts);
  }

  /** The names in text order (not to be changed). */
  String[] texts() {
    return texts;
  }

  /** How often the corpus writes each name, in the order of {@link #texts()} (not to be changed). */
  int[] counts() {
    return counts;
  }
}
