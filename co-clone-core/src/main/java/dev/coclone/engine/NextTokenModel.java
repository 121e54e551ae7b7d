package dev.coclone.engine;

import dev.coclone.source.CodeLexer;
import dev.coclone.engine.internal.Predictor;
import dev.coclone.engine.internal.Spellings;
import dev.coclone.engine.internal.Vocabulary;
import dev.coclone.source.SourceFile;

/**
 * Next-token prediction over the engine's current snapshot, for measuring it: tokenize a held-out
 * file, then ask for the rank of each token given everything before it (the file's earlier tokens
 * serve as the cache, as an editor would see them). Not thread-safe.
 */
public final class NextTokenModel {
  private final EmbeddedEngine.State state;
  private final Predictor predictor;
  private final int folderBudget;
  private final boolean nested;
  /** Per tokenized file: its nested levels. */
  private final java.util.IdentityHashMap<int[], dev.coclone.engine.internal.SuffixIndex[]> levels =
      new java.util.IdentityHashMap<>();
  /** Per tokenized file: the folder's tokens, a boundary, then the file's (the cache). */
  private final java.util.IdentityHashMap<int[], int[]> caches = new java.util.IdentityHashMap<>();

  /** The ranking of the last {@link #rank} call. */
  private Predictor.Ranking last;

  private static final dev.coclone.engine.internal.SuffixIndex[] NONE = new dev.coclone.engine.internal.SuffixIndex[0];

  NextTokenModel(EmbeddedEngine.State state, int folderBudget, boolean nested) {
    this.state = state;
    this.predictor = EmbeddedEngine.predictor(state);
    this.folderBudget = folderBudget;
    this.nested = nested;
  }

  /**
   * Token ids of a file, layout markers included; spellings the index never saw get ids of their
   * own (above every corpus id), which only the file's own earlier tokens (the cache) can predict.
   *
   * @param file the file
   * @return the ids
   */
  public int[] tokenize(SourceFile file) {
    var toks = new CodeLexer(file.language()).lex(file.text());
    int[] ids = new int[toks.size()];
    // Spellings the corpus never saw get ids of their own for this file: the cache can predict
    // them from their second use on, as it would in the editor.
    Spellings spellings = new Spellings(state.corpus().vocab());
    for (int i = 0; i < ids.length; i++) {
      ids[i] = spellings.id(toks.get(i).text());
    }
    if (nested) {
      levels.put(ids, state.levels(file.path()));
    }
    int[] folder = EmbeddedEngine.folderTokens(state, file.path(), folderBudget);
    if (folder.length > 0) {
      int[] cache = java.util.Arrays.copyOf(folder, folder.length + 1 + ids.length);
      cache[folder.length] = Vocabulary.BOUNDARY;
      System.arraycopy(ids, 0, cache, folder.length + 1, ids.length);
      caches.put(ids, cache);
    }
    return ids;
  }

  /** True if the id is of a spelling the index never saw (a new name, predictable only from the cache). */
  public static boolean isNew(int id) {
    return id >= Spellings.LOCAL_BASE;
  }

  /** True if the id is a code token (not a layout marker): the tokens that are scored. */
  public static boolean scored(int id) {
    return !Vocabulary.isLayoutId(id);
  }

  /**
   * The rank (1 = best) of {@code ids[pos]} among the predictions after {@code ids[0..pos)}, or 0
   * if it is not among the first {@code topN}.
   *
   * @param ids  the file's ids
   * @param pos  the position to predict
   * @param topN how many predictions count
   * @return the rank, or 0
   */
  public int rank(int[] ids, int pos, int topN) {
    // The file's own earlier tokens are both the context and the cache.
    int[] cache = caches.get(ids);
    predictor.nest(levels.getOrDefault(ids, NONE));
    Predictor.Ranking r = last = cache == null ? predictor.predict(ids, pos, ids, pos, topN + 4)
        : predictor.predict(ids, pos, cache, cache.length - ids.length + pos, topN + 4);
    int rank = 0;
    for (int i = 0; i < r.size && rank < topN; i++) {
      if (Vocabulary.isLayoutId(r.ids[i])) {
        continue;
      }
      rank++;
      if (r.ids[i] == ids[pos]) {
        return rank;
      }
    }
    return 0;
  }

  /**
   * What the last {@link #rank} call ranked first (layout markers skipped), for reading what was
   * missed: its id, or -1.
   *
   * @return the id ranked first
   */
  public int lastTop() {
    for (int i = 0; last != null && i < last.size; i++) {
      if (!Vocabulary.isLayoutId(last.ids[i])) {
        return last.ids[i];
      }
    }
    return -1;
  }

  /**
   * The longest contexts the corpus and the cache matched at the last {@link #rank} call.
   *
   * @return {corpus order, cache order}
   */
  public int[] lastOrders() {
    return last == null ? new int[2] : new int[] {last.globalOrder, last.cacheOrder};
  }

  /**
   * The spelling of a corpus id, or null for a new one (see {@link #isNew}).
   *
   * @param id the id
   * @return its text, or null
   */
  public String text(int id) {
    return isNew(id) || id < 0 ? null : state.corpus().vocab().text(id);
  }
}
