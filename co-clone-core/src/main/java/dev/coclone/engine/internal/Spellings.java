package dev.coclone.engine.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpus vocabulary plus the spellings one file or call brings that the corpus never saw.
 * New spellings get ids of their own (above every corpus id), so the cache can predict a name
 * the user just introduced: it is a miss for the corpus but a match in the cache. Not thread-safe.
 */
public final class Spellings {
  /** First id of a new spelling; far above any corpus id. */
  public static final int LOCAL_BASE = 1 << 28;

  private final Vocabulary vocab;
  private final Map<String, Integer> local = new HashMap<>();
  private final List<String> texts = new ArrayList<>();

  /**
   * Wraps a vocabulary.
   *
   * @param vocab the corpus vocabulary
   */
  public Spellings(Vocabulary vocab) {
    this.vocab = vocab;
  }

  /** The id of a spelling: the corpus id, or a new local one. */
  public int id(String text) {
    int id = vocab.lookup(text);
    if (id >= 0) {
      return id;
    }
    Integer l = local.get(text);
    if (l == null) {
      l = LOCAL_BASE + texts.size();
      local.put(text, l);
      texts.add(text);
    }
    return l;
  }

  /** The text of an id from {@link #id}. */
  public String text(int id) {
    return id >= LOCAL_BASE ? texts.get(id - LOCAL_BASE) : vocab.text(id);
  }
}
