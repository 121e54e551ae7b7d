package dev.coclone.engine;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.CodeLexer;
import dev.coclone.engine.internal.Corpus;
import dev.coclone.engine.internal.CorpusDeclarations;
import dev.coclone.engine.internal.LocalNames;
import dev.coclone.engine.internal.NestedCache;
import dev.coclone.engine.internal.PairSpacing;
import dev.coclone.engine.internal.Predictor;
import dev.coclone.engine.internal.Snapshot;
import dev.coclone.engine.internal.SuccessorMemo;
import dev.coclone.engine.internal.SuffixIndex;
import dev.coclone.engine.internal.Vocabulary;
import dev.coclone.source.SourceFile;
import dev.coclone.source.SourcePolicy;
import java.util.concurrent.atomic.AtomicLong;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * A statistical code-completion engine that runs in-process and learns from the user's code: a
 * cache n-gram model in the line of Hellendoorn and Devanbu's nested cache models, with counts of
 * every context length taken from a suffix array over the corpus read backwards (unbounded-length
 * matching, as in infini-gram), mixed with a cache of the current file and recently edited files.
 *
 * <p>{@link #index} builds the corpus snapshot; {@link #update} and {@link #remove} change it
 * incrementally: the file's old tokens are skipped and its new text joins the cache until the next
 * rebuild. Thread-safe: completions read the current corpus snapshot, whose arrays do not change;
 * the vocabulary it shares grows as new text arrives (its methods are synchronized).
 */
public final class EmbeddedEngine {
  private static final Logger LOG = Logger.getLogger(EmbeddedEngine.class.getName());
  private static final int RECENT_FILES = 12;

  private volatile State state;
  private final AtomicLong version = new AtomicLong();
  private final Object updateLock = new Object();

  /** The immutable part plus the incremental overlay. */
  record State(Corpus corpus, BitSet staleFiles, Map<String, int[]> recent, IndexStats stats,
      Map<String, Long> fingerprints, SuccessorMemo memo, PredictorPool predictors, NestedCache nested,
      CorpusDeclarations declared) {
    State(Corpus corpus, BitSet staleFiles, Map<String, int[]> recent, IndexStats stats,
        Map<String, Long> fingerprints) {
      this(corpus, staleFiles, recent, stats, fingerprints, new SuccessorMemo(), new PredictorPool(),
          new NestedCache(), new CorpusDeclarations(corpus));
    }

    /**
     * The same corpus with other stale files and recent edits; the memo and the idle predictors are
     * kept while the stale files are, the nested levels always (each is rebuilt when one of its files
     * goes stale).
     */
    State edited(BitSet stale, Map<String, int[]> recentFiles) {
      boolean same = stale.equals(staleFiles);
      return new State(corpus, stale, recentFiles, stats, fingerprints, same ? memo : new SuccessorMemo(),
          same ? predictors : new PredictorPool(), nested, declared);
    }

    /** The nested levels of a file's path, innermost first, built now where missing. */
    SuffixIndex[] levels(String path) {
      return nested.levels(corpus, staleFiles, path, true);
    }

    /** The nested levels of a file's path that are built; missing ones are built in the background. */
    SuffixIndex[] readyLevels(String path) {
      return nested.levels(corpus, staleFiles, path, false);
    }
  }

  /**
   * How {@link #restore} ended.
   *
   * @param loaded    true if the saved index was used, false if it was rebuilt
   * @param reason    what happened, e.g. {@code rebuilt: checksum mismatch (the file is corrupt)}
   * @param refreshed files that changed since the index was saved and were learned again
   * @param stats     what the index holds
   */
  public record Restored(boolean loaded, String reason, int refreshed, IndexStats stats) {}

  /** Creates an engine that knows nothing yet: it answers with empty suggestions. */
  public EmbeddedEngine() {
    Vocabulary vocab = new Vocabulary();
    Corpus empty = new Corpus(vocab, SuffixIndex.build(new int[0], vocab.size()), new int[vocab.size()], 0,
        new PairSpacing(), new int[0], Map.of(), 0);
    this.state = new State(empty, new BitSet(), Map.of(), new IndexStats(0, 0, 0, 0, vocab.size(), 0, 0), Map.of());
  }

  /**
   * Builds the index from files, replacing what was learned before.
   *
   * @param files    the files (binary, huge and empty ones are skipped with a logged reason)
   * @param progress receives progress
   * @return what was indexed
   */
  public IndexStats index(Iterable<SourceFile> files, IndexProgress progress) {
    Objects.requireNonNull(files, "files");
    long start = System.nanoTime();
    Vocabulary vocab = new Vocabulary();
    PairSpacing spacing = new PairSpacing();
    IntArray forward = new IntArray(1 << 16);
    List<Integer> starts = new ArrayList<>();
    Map<String, Integer> fileIndex = new HashMap<>();
    Map<String, Long> fingerprints = new HashMap<>();
    int skipped = 0;
    long lines = 0;
    int done = 0;
    int total = files instanceof java.util.Collection<?> c ? c.size() : -1;
    for (SourceFile f : files) {
      String problem = problem(f);
      if (problem != null) {
        skipped++;
        LOG.fine(() -> "skipped " + f.path() + ": " + problem);
        continue;
      }
      fileIndex.put(f.path(), starts.size());
      fingerprints.put(f.path(), Snapshot.fingerprint(f.text()));
      starts.add(forward.size());
      forward.add(Vocabulary.BOUNDARY);
      lines += appendTokens(f, vocab, spacing, forward);
      done++;
      if ((done & 255) == 0) {
        progress.onProgress("reading", done, total, forward.size());
      }
    }
    forward.add(Vocabulary.BOUNDARY);
    progress.onProgress("sorting", done, total, forward.size());
    int[] fwd = forward.toArray();
    // In a large corpus, names of one or two files are matched as one class (their text is kept for predictions).
    int[] sorted = done >= LocalNames.MIN_FILES ? fwd.clone() : fwd;
    if (sorted != fwd) {
      LocalNames.abstractFileLocal(sorted, vocab.size());
    }
    int[] unigram = new int[vocab.size()];
    long tokens = 0;
    for (int id : sorted) {
      unigram[id]++;
      if (!Vocabulary.isLayoutId(id)) {
        tokens++;
      }
    }
    SuffixIndex index = SuffixIndex.build(sorted, fwd, vocab.size());
    int[] startArr = starts.stream().mapToInt(Integer::intValue).toArray();
    Corpus corpus = new Corpus(vocab, index, unigram, fwd.length, spacing, startArr, Map.copyOf(fileIndex), lines);
    long millis = (System.nanoTime() - start) / 1_000_000;
    long bytes = (sorted == fwd ? 8L : 12L) * fwd.length + 4L * unigram.length + 48L * vocab.size() + 12L * spacing.size() * 2;
    IndexStats stats = new IndexStats(done, skipped, lines, tokens, vocab.size(), millis, bytes);
    synchronized (updateLock) {
      state = new State(corpus, new BitSet(), Map.of(), stats, Map.copyOf(fingerprints));
      version.incrementAndGet();
    }
    state.declared().get(); // read now rather than in the first completion
    state.declared().shapes(); // likewise (a suffix sort of the corpus's shapes, a second or two for millions of tokens)
    progress.onProgress("done", done, total, fwd.length);
    return stats;
  }

  /**
   * Saves the index (what {@link #index} built; later edits are not in it and are learned again
   * by {@link #restore}). Written atomically, with a format version and a checksum.
   *
   * @param file where to write
   * @throws IOException if it cannot be written
   */
  public void save(Path file) throws IOException {
    State s = state;
    IndexStats st = s.stats();
    Snapshot.write(file, new Snapshot.Saved(s.corpus(), s.fingerprints(), new long[] {st.files(), st.skipped(),
        st.lines(), st.tokens(), st.vocabulary(), st.buildMillis(), st.bytesEstimate()}));
  }

  /**
   * Loads a saved index for these files, or builds (and saves) one. The saved index is used when it
   * is of this version, intact, and at most a few of the files changed since (those are learned
   * again at once); otherwise the index is rebuilt from the files and saved for the next start.
   *
   * @param file     the saved index
   * @param files    the files the index should hold
   * @param progress receives progress while rebuilding
   * @return how it ended
   */
  public Restored restore(Path file, java.util.Collection<SourceFile> files, IndexProgress progress) {
    Objects.requireNonNull(file, "file");
    String why;
    try {
      Snapshot.Saved saved = Snapshot.read(file);
      List<SourceFile> changed = new ArrayList<>();
      java.util.Set<String> current = new java.util.HashSet<>();
      for (SourceFile f : files) {
        if (problem(f) != null) {
          continue;
        }
        current.add(f.path());
        Long print = saved.fingerprints().get(f.path());
        if (print == null || print != Snapshot.fingerprint(f.text())) {
          changed.add(f);
        }
      }
      List<String> gone = new ArrayList<>();
      for (String p : saved.fingerprints().keySet()) {
        if (!current.contains(p)) {
          gone.add(p);
        }
      }
      if (changed.size() + gone.size() <= RECENT_FILES) {
        long[] c = saved.counters();
        IndexStats stats = new IndexStats((int) c[0], (int) c[1], c[2], c[3], (int) c[4], c[5], c[6]);
        synchronized (updateLock) {
          state = new State(saved.corpus(), new BitSet(), Map.of(), stats, saved.fingerprints());
          version.incrementAndGet();
        }
        state.declared().get();
        state.declared().shapes();
        changed.forEach(this::update);
        gone.forEach(this::remove);
        return new Restored(true, "loaded " + file.getFileName() + (changed.size() + gone.size() == 0 ? ""
            : "; " + (changed.size() + gone.size()) + " changed files learned again"), changed.size() + gone.size(),
            stats);
      }
      why = (changed.size() + gone.size()) + " files changed since it was saved";
    } catch (java.nio.file.NoSuchFileException e) {
      why = "no saved index yet";
    } catch (IOException | RuntimeException e) {
      why = e.getMessage();
    }
    IndexStats stats = index(files, progress);
    try {
      save(file);
    } catch (IOException e) {
      LOG.warning(() -> "could not save the index to " + file + ": " + e.getMessage());
      why += "; could not save it (" + e.getMessage() + ")";
    }
    return new Restored(false, "rebuilt: " + why, 0, stats);
  }

  /** What the current index holds. */
  public IndexStats stats() {
    return state.stats();
  }

  /**
   * Learns a file's new text at once: its old tokens in the index are skipped and the new ones
   * join the cache of recently edited files.
   *
   * @param file the file's new text
   */
  public void update(SourceFile file) {
    Objects.requireNonNull(file, "file");
    if (problem(file) != null) {
      remove(file.path());
      return;
    }
    synchronized (updateLock) {
      State s = state;
      IntArray ids = new IntArray(1024);
      // New spellings get ids in the shared vocabulary; the corpus arrays are untouched.
      appendTokens(file, s.corpus().vocab(), null, ids);
      BitSet stale = (BitSet) s.staleFiles().clone();
      Integer idx = s.corpus().fileIndex().get(file.path());
      if (idx != null) {
        stale.set(idx);
      }
      LinkedHashMap<String, int[]> recent = new LinkedHashMap<>(s.recent());
      recent.remove(file.path());
      recent.put(file.path(), ids.toArray());
      while (recent.size() > RECENT_FILES) {
        recent.remove(recent.keySet().iterator().next());
      }
      state = s.edited(stale, recent);
      version.incrementAndGet();
    }
  }

  /**
   * Forgets a file.
   *
   * @param path the file's workspace path
   */
  public void remove(String path) {
    synchronized (updateLock) {
      State s = state;
      BitSet stale = (BitSet) s.staleFiles().clone();
      Integer idx = s.corpus().fileIndex().get(path);
      if (idx != null) {
        stale.set(idx);
      }
      LinkedHashMap<String, int[]> recent = new LinkedHashMap<>(s.recent());
      recent.remove(path);
      state = s.edited(stale, recent);
      version.incrementAndGet();
    }
  }

  /**
   * Generates a completion at a cursor, streaming text pieces to the sink.
   *
   * @param prefix    text before the cursor
   * @param suffix    text after the cursor
   * @param language  language id
   * @param filePath  path of the file (its indexed copy is left out of the cache), or null
   * @param mode      single- or multi-line
   * @param maxTokens most tokens to generate
   * @param sink      receives text; false stops
   * @param cancel    checked at every token
   * @return how many tokens were generated, and whether the limit was hit
   */
  public Generation complete(String prefix, String suffix, String language, String filePath, CompletionMode mode,
      int maxTokens, java.util.function.Predicate<String> sink, Cancellation cancel) {
    Generator generator = new Generator(state, language, filePath);
    try {
      return generator.run(prefix, suffix, mode, maxTokens, sink, cancel);
    } finally {
      generator.release();
    }
  }

  /**
   * Ranked alternatives at a cursor: suggestions that start with different tokens, each checked
   * like {@link #complete}'s (what would be held back is left out), best first. For an editor's
   * "next suggestion" and an API's {@code n}.
   *
   * @param prefix    text before the cursor
   * @param suffix    text after the cursor
   * @param language  language id
   * @param filePath  path of the file, or null
   * @param mode      single- or multi-line
   * @param maxTokens most tokens per alternative
   * @param n         most alternatives (at least 1)
   * @param cancel    checked at every token
   * @return up to n distinct alternatives, best first; empty when nothing is worth showing
   * @throws IllegalArgumentException if n is below 1
   */
  public List<Alternative> alternatives(String prefix, String suffix, String language, String filePath,
      CompletionMode mode, int maxTokens, int n, Cancellation cancel) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    Objects.requireNonNull(language, "language");
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, was " + n);
    }
    Generator generator = new Generator(state, language, filePath);
    try {
      return generator.alternatives(prefix, suffix, mode, maxTokens, n, cancel);
    } finally {
      generator.release();
    }
  }

  /**
   * One of {@link #alternatives}.
   *
   * @param text  the suggestion
   * @param score the probability of its first token (higher is better)
   */
  public record Alternative(String text, double score) {}

  /**
   * The outcome of {@link #complete}.
   *
   * @param tokens   tokens generated
   * @param hitLimit whether generation stopped at maxTokens
   * @param silence  why nothing was shown, or null when a suggestion was
   * @param detail   what exactly was wrong ("it uses id, which is not in scope here"), or ""
   */
  public record Generation(int tokens, boolean hitLimit, NoSuggestion silence, String detail) {
    /** Validates the components. */
    public Generation {
      Objects.requireNonNull(detail, "detail");
    }

    static Generation silent(NoSuggestion why, String detail) {
      return new Generation(0, false, why, detail);
    }

    /** Why nothing was shown, for people ({@code ""} when a suggestion was). */
    public String reason() {
      if (silence == null) {
        return "";
      }
      return detail.isEmpty() ? silence.description() : silence.description() + ": " + detail;
    }
  }

  /**
   * A next-token predictor over the current snapshot as completions use it (with the nested
   * levels), for evaluation. Not thread-safe.
   */
  public NextTokenModel nextTokenModel() {
    return new NextTokenModel(state, 0, true);
  }

  /**
   * A next-token predictor with or without the nested levels (the file's folder and the folder
   * above it, mixed over the corpus as in SLP-Core's nested model), for evaluation. Not thread-safe.
   *
   * @param nested whether the nested levels are used
   * @return the predictor
   */
  public NextTokenModel nextTokenModel(boolean nested) {
    return new NextTokenModel(state, 0, nested);
  }

  /**
   * A next-token predictor whose cache also holds up to {@code folderTokens} tokens of the other
   * indexed files in the file's folder (0: the file alone), for evaluation. An experiment towards
   * a nested cache: mixed into the one cache it lowered top-1 on java.base (68.4 % to 67.6 % on a
   * 600-file slice), so completions do not use it; a nested model needs a weight per level.
   * Not thread-safe.
   *
   * @param folderTokens most folder tokens in the cache
   * @return the predictor
   */
  public NextTokenModel nextTokenModel(int folderTokens) {
    return new NextTokenModel(state, folderTokens, false);
  }

  /**
   * A number that grows whenever the corpus changes (index, restore, update, remove), for caches
   * of answers computed from an older corpus.
   *
   * @return the corpus's version
   */
  public long version() {
    return version.get();
  }

  State state() {
    return state;
  }

  /** Lexes a file into ids (and spacing, when given); returns its line count. */
  static long appendTokens(SourceFile f, Vocabulary vocab, PairSpacing spacing, IntArray out) {
    List<CodeLexer.Tok> toks = new CodeLexer(f.language()).lex(f.text());
    int prev = -1;
    for (CodeLexer.Tok t : toks) {
      int id = vocab.id(t.text());
      out.add(id);
      if (spacing != null && prev >= 0 && t.sep() != CodeLexer.SEP_NEWLINE && !Vocabulary.isLayoutId(id)
          && !Vocabulary.isLayoutId(prev)) {
        spacing.add(prev, id, t.sep() == CodeLexer.SEP_SPACE);
      }
      prev = id;
    }
    return toks.isEmpty() ? 0 : toks.get(toks.size() - 1).line() + 1;
  }

  /**
   * The indexed tokens of the other files in the same folder as a path (a nested cache over the
   * directory tree, as in SLP-Core's nested model), at most {@code budget} of them, each file
   * preceded by a boundary; empty for a path without a folder or an engine without files there.
   */
  static int[] folderTokens(State s, String path, int budget) {
    if (path == null || budget <= 0) {
      return new int[0];
    }
    int slash = path.lastIndexOf('/');
    String folder = slash < 0 ? "" : path.substring(0, slash + 1);
    Corpus c = s.corpus();
    int[] starts = c.fileStarts();
    int[] rev = c.index().reversedAsWritten();
    int n = rev.length;
    IntArray out = new IntArray(1024);
    List<String> siblings = new ArrayList<>();
    for (String p : c.fileIndex().keySet()) {
      if (p.startsWith(folder) && p.indexOf('/', folder.length()) < 0 && !p.equals(path)) {
        siblings.add(p);
      }
    }
    java.util.Collections.sort(siblings);
    for (String p : siblings) {
      int i = c.fileIndex().get(p);
      if (s.staleFiles().get(i)) {
        continue;
      }
      int from = starts[i] + 1;
      int to = i + 1 < starts.length ? starts[i + 1] : n - 1;
      if (out.size() + (to - from) + 1 > budget) {
        break;
      }
      out.add(Vocabulary.BOUNDARY);
      for (int f = from; f < to; f++) {
        out.add(rev[n - 1 - f]);
      }
    }
    return out.toArray();
  }

  /** Snapshot predictor factory shared by the generator and the evaluator. */
  static Predictor predictor(State s) {
    Predictor p = new Predictor(s.corpus(), s.corpus().staleView(s.staleFiles()), s.memo());
    p.declarations(s.declared().get());
    p.shapes(s.declared().shapesIfBuilt()); // built right after the index is published; never waited for
    return p;
  }

  /** Why a file is not learned from (empty, or not a source file by {@link SourcePolicy}), or null. */
  private static String problem(SourceFile f) {
    return f.text().isEmpty() ? "empty" : SourcePolicy.textProblem(f.text());
  }
}
