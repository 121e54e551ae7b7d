package dev.coclone.context.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sliding windows of lines over every file, each a set of identifiers, with an inverted index
 * from identifier to windows, for Jaccard similarity with the code before the cursor (the way
 * Cody and RepoCoder find similar code). A changed file's old windows are marked dead, not
 * removed (the arrays keep them until the next full index). Not thread-safe: the owner
 * guards it.
 */
public final class WindowIndex {
  /** Lines per window. */
  public static final int SIZE = 20;
  /** Lines between window starts. */
  public static final int STEP = 10;

  private final Map<String, Integer> ids = new HashMap<>();
  private int[][] postings = new int[1024][];
  private int[] postingSizes = new int[1024];
  private int windows;
  private int[] fileOf = new int[1024];
  private int[] startLine = new int[1024];
  private int[] sizeOf = new int[1024];
  private final BitSet dead = new BitSet();
  private final List<String> files = new ArrayList<>();
  private final Map<String, Integer> fileIndex = new HashMap<>();
  private final Map<Integer, int[]> windowsOfFile = new HashMap<>();

  /** A window that matched. */
  public record Hit(String path, int startLine, int endLine, double jaccard) {}

  /**
   * Indexes (or re-indexes) a file.
   *
   * @param path  the file
   * @param lines its lines
   * @param identifiers per line, the identifiers on it
   */
  public void put(String path, int lineCount, List<List<String>> identifiers) {
    remove(path);
    int f = fileIndex.computeIfAbsent(path, p -> {
      files.add(p);
      return files.size() - 1;
    });
    List<Integer> mine = new ArrayList<>();
    for (int start = 0; start < Math.max(1, lineCount); start += STEP) {
      int end = Math.min(lineCount, start + SIZE);
      java.util.HashSet<Integer> set = new java.util.HashSet<>();
      for (int l = start; l < end && l < identifiers.size(); l++) {
        for (String id : identifiers.get(l)) {
          set.add(ids.computeIfAbsent(id, k -> ids.size()));
        }
      }
      if (set.size() >= 2) {
        int w = addWindow(f, start, set.size());
        mine.add(w);
        for (int id : set) {
          post(id, w);
        }
      }
      if (end >= lineCount) {
        break;
      }
    }
    windowsOfFile.put(f, mine.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Forgets a file's windows. */
  public void remove(String path) {
    Integer f = fileIndex.get(path);
    if (f != null) {
      for (int w : windowsOfFile.getOrDefault(f, new int[0])) {
        dead.set(w);
      }
      windowsOfFile.remove(f);
    }
  }

  private int addWindow(int file, int start, int size) {
    if (windows == fileOf.length) {
      fileOf = Arrays.copyOf(fileOf, windows * 2);
      startLine = Arrays.copyOf(startLine, windows * 2);
      sizeOf = Arrays.copyOf(sizeOf, windows * 2);
    }
    fileOf[windows] = file;
    startLine[windows] = start;
    sizeOf[windows] = size;
    return windows++;
  }

  private void post(int id, int w) {
    if (id >= postings.length) {
      postings = Arrays.copyOf(postings, Math.max(id + 1, postings.length * 2));
      postingSizes = Arrays.copyOf(postingSizes, postings.length);
    }
    int[] p = postings[id];
    if (p == null) {
      p = new int[4];
      postings[id] = p;
    } else if (postingSizes[id] == p.length) {
      p = Arrays.copyOf(p, p.length * 2);
      postings[id] = p;
    }
    p[postingSizes[id]++] = w;
  }

  /**
   * The windows most similar to a set of identifiers.
   *
   * @param query       identifiers near the cursor
   * @param excludePath a file to leave out (the one being edited), or null
   * @param k           how many
   * @return the best windows, best first
   */
  public List<Hit> similar(java.util.Collection<String> query, String excludePath, int k) {
    int[] q = query.stream().map(ids::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue)
        .distinct().toArray();
    List<Hit> out = new ArrayList<>();
    if (q.length == 0 || windows == 0) {
      return out;
    }
    Integer excluded = excludePath == null ? null : fileIndex.get(excludePath);
    int maxDf = Math.max(50, windows / 20);
    int[] counts = new int[windows];
    int[] touched = new int[Math.min(windows, 200_000)];
    int nt = 0;
    for (int id : q) {
      int n = postingSizes[id];
      if (n > maxDf) {
        continue; // as common as a keyword: says nothing about similarity
      }
      int[] p = postings[id];
      for (int i = 0; i < n; i++) {
        int w = p[i];
        if (counts[w]++ == 0 && nt < touched.length) {
          touched[nt++] = w;
        }
      }
    }
    int[] best = new int[k];
    double[] bestScore = new double[k];
    int nb = 0;
    for (int i = 0; i < nt; i++) {
      int w = touched[i];
      if (dead.get(w) || (excluded != null && fileOf[w] == excluded)) {
        continue;
      }
      double j = (double) counts[w] / (q.length + sizeOf[w] - counts[w]);
      int pos = nb < k ? nb++ : k - 1;
      if (pos == k - 1 && nb == k && j <= bestScore[k - 1]) {
        continue;
      }
      while (pos > 0 && bestScore[pos - 1] < j) {
        best[pos] = best[pos - 1];
        bestScore[pos] = bestScore[pos - 1];
        pos--;
      }
      best[pos] = w;
      bestScore[pos] = j;
    }
    for (int i = 0; i < nb; i++) {
      int w = best[i];
      out.add(new Hit(files.get(fileOf[w]), startLine[w] + 1, startLine[w] + SIZE, bestScore[i]));
    }
    return out;
  }

  /** Live windows. */
  public int size() {
    return windows - dead.cardinality();
  }
}
