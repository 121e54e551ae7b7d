package dev.coclone.engine.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The nested levels of SLP-Core's nested model: the indexed files of the current file's folder
 * (and, with a {@link #DEPTH} of 2, of the folder above it, standing in for its module), each as a
 * small suffix index of its own. A level matches its contexts on the names as written: a name only a file or two use is one
 * class in the corpus ({@link LocalNames}), but within a folder it is often the best context there
 * is. Levels are built on first use and kept, least recently used first out, up to {@link
 * #MAX_TOKENS} tokens in all; a level whose files were edited or removed since is built again
 * without them (their new text is in the cache of recently edited files). Thread-safe.
 */
public final class NestedCache {
  /**
   * Most tokens of one level: the files nearest the current one (by path) come first. 30,000 ranked
   * as well as 120,000 on a dev split (top-1 70.03 % against 70.05 %) and builds four times faster.
   */
  static final int LEVEL_TOKENS = 30_000;
  /** Most tokens kept over all levels (8 bytes each: 32 MB; every folder of java.base fits). */
  static final long MAX_TOKENS = 4_000_000;
  private static final Logger LOG = Logger.getLogger(NestedCache.class.getName());
  /**
   * Folder levels above the file: 1 is its folder, 2 its folder's parent as well (standing in for
   * its module). 2 ranked no better than 1 on a dev split (top-1 70.65 % against 70.69 %) for more
   * work, so the folder alone.
   */
  static final int DEPTH = 1;

  private final LinkedHashMap<String, Level> levels = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
  private final long maxTokens;
  private long kept;

  /** A cache of at most {@link #MAX_TOKENS} tokens. */
  public NestedCache() {
    this(MAX_TOKENS);
  }

  /**
   * A cache of at most {@code maxTokens} tokens (the level just built is kept whatever its size).
   *
   * @param maxTokens most tokens kept over all levels
   */
  public NestedCache(long maxTokens) {
    this.maxTokens = maxTokens;
  }

  /** One level: the files it holds (their indexes in the corpus) and their index. */
  record Level(int[] files, SuffixIndex index) {}

  /**
   * The levels of a path, innermost first; empty for a path without a folder or without indexed
   * files near it.
   *
   * @param corpus the corpus
   * @param stale  files edited or removed since the corpus was built
   * @param path   the current file's workspace path, or null
   * @param wait   true to build a missing level now; false to leave it out and build it in the
   *               background (a completion does not wait tens of milliseconds for it)
   * @return the levels' indexes
   */
  public SuffixIndex[] levels(Corpus corpus, BitSet stale, String path, boolean wait) {
    if (path == null) {
      return new SuffixIndex[0];
    }
    List<SuffixIndex> out = new ArrayList<>(DEPTH);
    String folder = path;
    for (int d = 0; d < DEPTH; d++) {
      int slash = folder.lastIndexOf('/', folder.length() - (d == 0 ? 1 : 2));
      if (slash < 0) {
        break;
      }
      folder = folder.substring(0, slash + 1);
      Level l = level(corpus, stale, folder, path, wait);
      if (l != null) {
        out.add(l.index());
      }
    }
    return out.toArray(new SuffixIndex[0]);
  }

  private Level level(Corpus corpus, BitSet stale, String folder, String path, boolean wait) {
    synchronized (this) {
      Level l = levels.get(folder);
      if (l != null && !anyStale(l.files(), stale)) {
        return l.files().length == 0 ? null : l;
      }
    }
    if (!wait) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      if (pending.putIfAbsent(folder, done) == null) {
        CompletableFuture.runAsync(() -> keep(folder, build(corpus, stale, folder, path))).whenComplete((v, e) -> {
          pending.remove(folder, done);
          if (e != null) {
            LOG.warning(() -> "could not build the nested level of " + folder + ": " + e);
          }
          done.complete(null);
        });
      }
      return null;
    }
    Level built = build(corpus, stale, folder, path);
    keep(folder, built);
    return built.files().length == 0 ? null : built;
  }

  /**
   * The background build of a folder's level, or null when none is running.
   *
   * @param folder the folder, with its trailing slash
   * @return the build
   */
  public CompletableFuture<Void> building(String folder) {
    return pending.get(folder);
  }

  private void keep(String folder, Level built) {
    synchronized (this) {
      Level old = levels.put(folder, built);
      kept += built.index().size() - (old == null ? 0 : old.index().size());
      Iterator<Map.Entry<String, Level>> it = levels.entrySet().iterator();
      while (kept > maxTokens && it.hasNext()) {
        Map.Entry<String, Level> e = it.next();
        if (e.getValue() != built) {
          kept -= e.getValue().index().size();
          it.remove();
        }
      }
    }
  }

  private static boolean anyStale(int[] files, BitSet stale) {
    for (int f : files) {
      if (stale.get(f)) {
        return true;
      }
    }
    return false;
  }

  /** The folder's files (all depths below it), nearest the path first, up to the level's budget. */
  private static Level build(Corpus corpus, BitSet stale, String folder, String path) {
    List<String> under = new ArrayList<>();
    for (String p : corpus.fileIndex().keySet()) {
      if (p.startsWith(folder) && !stale.get(corpus.fileIndex().get(p))) {
        under.add(p);
      }
    }
    Collections.sort(under);
    int at = Collections.binarySearch(under, path);
    int center = at >= 0 ? at : -at - 1;
    int left = center - 1;
    int right = at >= 0 ? center + 1 : center; // the file itself is the cache's
    int[] starts = corpus.fileStarts();
    int[] written = corpus.index().reversedAsWritten();
    int n = written.length;
    List<Integer> chosen = new ArrayList<>();
    int budget = LEVEL_TOKENS;
    while (left >= 0 || right < under.size()) {
      boolean takeLeft = right >= under.size() || left >= 0 && center - left <= right - center;
      String p = under.get(takeLeft ? left-- : right++);
      int i = corpus.fileIndex().get(p);
      int len = (i + 1 < starts.length ? starts[i + 1] : n - 1) - starts[i];
      if (len > budget) {
        break;
      }
      budget -= len;
      chosen.add(i);
    }
    Collections.sort(chosen);
    int[] forward = new int[LEVEL_TOKENS - budget + 1];
    int k = 0;
    for (int i : chosen) {
      int to = i + 1 < starts.length ? starts[i + 1] : n - 1;
      for (int f = starts[i]; f < to; f++) {
        forward[k++] = written[n - 1 - f];
      }
    }
    forward[k++] = Vocabulary.BOUNDARY;
    int[] files = chosen.stream().mapToInt(Integer::intValue).toArray();
    return new Level(files, SuffixIndex.build(java.util.Arrays.copyOf(forward, k), corpus.unigram().length));
  }

  /** Tokens kept over all levels. */
  public synchronized long tokens() {
    return kept;
  }
}
