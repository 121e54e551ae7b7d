package dev.coclone.engine.internal;

/**
 * Ranks the next token: a Witten-Bell interpolation over every order the reversed suffix array
 * matches (unbounded), with the nested levels ({@link NestedCache}: the file's folder) taking a
 * share of it by how long they matched, mixed with the same over a cache (the current file and
 * recently edited files), weighting each by how long a context it matched. File-local names ({@link LocalNames})
 * are one class in the corpus's contexts; the corpus's probability that such a name comes next goes
 * to the file-local names of the cache, by what the cache predicts there and how often the file uses them.
 * After {@code x.} with x's type known ({@link ReceiverTypes}, {@link Declarations}, or a type the file
 * being written declares, {@link FileTypes}), the type's members are raised and other names lowered;
 * elsewhere, where a name of an expression may come next, the names the enclosing blocks declare are raised, the more so when not used since ({@link DeclaredNames}). The best
 * candidates of that interpolation have their probability moved between shapes towards what follows
 * the context's shape in the corpus ({@link Shapes}), are then reranked by a learned mix of the sources' own estimates
 * ({@link Mixer}), and last what the open brackets and the code's shape rule out is ranked after the
 * rest ({@link Brackets}); inside a call, {@code ,} and {@code )} are put in the order the same name's
 * earlier calls in the file give ({@link CallArity}). Not thread-safe: one per thread/call.
 */
public final class Predictor {
  /** Longest context used. */
  public static final int MAX_ORDER = 24;
  private static final int SAMPLE = 768;
  /** How far back the cache is scanned. */
  private static final int CACHE_SCAN = 40_000;

  private final Corpus corpus;
  private final SuffixIndex.StalePositions stale;
  private final SuccessorMemo memo;
  private final IntCounter[] global = new IntCounter[MAX_ORDER + 1];
  private final IntCounter[] cached = new IntCounter[MAX_ORDER + 1];
  private final int[] globalLocal = new int[MAX_ORDER + 1];
  private final IdScores scores = new IdScores(256);
  private final IdScores cacheOnly = new IdScores(64);
  private final double[] weightG = new double[MAX_ORDER + 1];
  private final double[] weightC = new double[MAX_ORDER + 1];
  /**
   * The file-local names of the cache's last {@link #CACHE_SCAN} tokens, counted: over
   * [localFrom, localTo) of the array localOf, which callers do not change between predictions.
   */
  private final IntCounter fileLocal = new IntCounter(256);
  private int[] localOf;
  private int localFrom;
  private int localTo;
  /** Where each token of the cache occurred before. */
  private final CacheChains chains;
  /**
   * How the corpus's probability of a file-local name is shared: this much by what the cache predicts
   * after the same context, the rest by how often the file uses each such name (0.15 to 0.4 did
   * equally well on a dev split, 1 a little worse).
   */
  private static final double BY_CONTEXT = 0.3;
  /** The nested levels (innermost first) and their counts per order. */
  private SuffixIndex[] levels = new SuffixIndex[0];
  private final IntCounter[][] levelCounts = new IntCounter[NestedCache.DEPTH][];
  private final int[] levelOrder = new int[NestedCache.DEPTH];
  private final double[] levelShare = new double[NestedCache.DEPTH];
  private final double[] weightL = new double[MAX_ORDER + 1];
  /** Successors counted per order of a level (96 did as well as 256 on a dev split, for less work). */
  private static final int LEVEL_SAMPLE = 96;
  /**
   * A level's share of the corpus side is this times (its match length + 1) / (the corpus's + 1):
   * 0.3 did better than 0.15 and 0.6 on a dev split, and better than trusting a level only where it
   * matched as long as the corpus.
   */
  private static final double LEVEL_WEIGHT = 0.3;
  private static final double LEVEL_CAP = 0.6;
  /** The corpus's declarations, for the members of a receiver's type; null when not read. */
  private Declarations declarations;
  /**
   * After {@code x.} with x's type known: what a member of it is raised by (x2 to x4 and keeping 0.2
   * to 0.5 for other names ranked alike on a dev split).
   */
  static final double MEMBER = 4;
  /** ... what a name it does not have keeps, when the type's supertypes are not all known. */
  static final double NOT_MEMBER = 0.5;
  /** ... and when the corpus declares the type and all its supertypes (its members are all known). */
  static final double NOT_MEMBER_COMPLETE = 0.05;
  private double notMember;
  /**
   * Members of a type with at most this many are ranked even when nothing in the context led to
   * them (all or none ranked the same on a dev split; adding every member of a large type cost about
   * a tenth of the ranking time).
   */
  static final int ADD_MEMBERS = 64;
  /**
   * Where a name of an expression may come next, a name that the enclosing blocks declare
   * ({@link DeclaredNames}) is raised by this much (2 to 3 ranked alike on a dev split, 1.5 a little less
   * well)...
   */
  static final double IN_SCOPE = 3;
  /** ... and one the context has not used since its declaration by this much (5 to 30 ranked within 0.02 points). */
  static final double UNUSED = 10;
  private final DeclaredNames inScope = new DeclaredNames();
  /**
   * After {@code x.} with x's type one the file declares ({@link FileTypes}): what a name it lacks
   * keeps (0.2 and 1 ranked alike on a dev split)...
   */
  static final double FILE_NOT_MEMBER = 0.5;
  /** ... and when its members are all known (0.01 ranked alike). */
  static final double FILE_NOT_MEMBER_COMPLETE = 0.05;
  private FileTypes fileTypes;
  /** Orders {@code ,} and {@code )} by the file's earlier calls ({@link CallArity}). */
  private CallArity arity;
  /**
   * ... unless the one ranked first is this many times likelier (60 to 200 ranked alike on a dev
   * split, 10 and 1,000 a little less well, deciding always 0.04 points less).
   */
  static final double ARITY_RATIO = 100;
  private int[] fileMembers;
  /** What the open brackets rule out as the next token ({@link Brackets}), lowered last. */
  private final Brackets brackets;
  /** The corpus read by its shape ({@link Shapes}), or null: moves the best candidates' probability between shapes. */
  private Shapes shapes;
  /**
   * How far the candidates' probabilities move towards the shape index's: each is multiplied by (the
   * shape index's probability of its shape / the candidates' share of that shape) to this power (0.1
   * to 0.25 ranked alike on the java.base dev split, 0.5 and 1 much worse: the shape index is the
   * weaker model, good where it is used as a correction only).
   */
  static final double SHAPE_WEIGHT = 0.15;
  /** Successors counted of a range of more than {@link SuccessorMemo#MIN_RANGE} shape matches (kept once counted). */
  private static final int SHAPE_SAMPLE = 512;
  private final IntCounter[] shapeCounts = new IntCounter[MAX_ORDER + 1];
  private final double[] weightS = new double[MAX_ORDER + 1];
  private double uniS;
  /** The shapes following the shape index's matches in [shapeLo, shapeHi), as {@link #readNext} for the corpus. */
  private final int[] shapeNext = new int[SuccessorMemo.MIN_RANGE];
  private final boolean[] shapeLocal = new boolean[SuccessorMemo.MIN_RANGE];
  private Shapes shapesRead;
  private static final long[] NONE_KEPT = new long[0];
  private final int[] shapeRangeLo = new int[MAX_ORDER + 1];
  private final int[] shapeRangeHi = new int[MAX_ORDER + 1];
  /**
   * The shape index's orders are counted from the longest down while the weight Witten-Bell leaves
   * the lower ones is at least this (the rest goes to the uniform; on the java.base dev split 0.001
   * ranked 0.02 points below counting every order at a fifth less CPU per ranked token, 0.01 0.08 points below).
   */
  private static final double SHAPE_REST = 0.001;
  private int shapeLo;
  private int shapeHi;
  private int[] poolShape = new int[Mixer.POOL];
  private double[] shaped = new double[Mixer.POOL];
  private int[] shapeKey = new int[Mixer.POOL];
  private double[] shapeShare = new double[Mixer.POOL];
  /** The learned mix of the sources over the best candidates ({@link Mixer}), or null for the interpolation alone. */
  private Mixer mixer = new Mixer();
  private Ranking pool = new Ranking(Mixer.POOL);
  private double[] mixed = new double[Mixer.POOL];
  /**
   * The unigram weight of the last level's interpolation; with {@link #weightL}, what the mix reads
   * of the level, which is right only where there is one level (both are overwritten per level).
   */
  private double levelUni;
  /**
   * The successors of the corpus's matches in [readLo, readHi), a range of at most
   * {@link SuccessorMemo#MIN_RANGE} read by {@link SuffixIndex#successorsAt}: the ranges of the longer
   * contexts lie within it (the corpus does not change under a predictor).
   */
  private final int[] readNext = new int[SuccessorMemo.MIN_RANGE];
  private final boolean[] readLocal = new boolean[SuccessorMemo.MIN_RANGE];
  private int readLo;
  private int readHi;
  /** Above this many candidates kept, they are chosen by {@link #select} rather than by insertion. */
  private static final int INSERT_MAX = 32;
  private int[] candIds = new int[1024];
  private double[] candProbs = new double[1024];
  private int[] heap = new int[256];
  private final int[] matchSucc = new int[4096];
  private final int[] matchLen = new int[4096];

  /**
   * Creates a predictor over a corpus snapshot.
   *
   * @param corpus the snapshot
   * @param stale  positions to skip, or null
   * @param memo   successor counts of frequent contexts, shared by the predictors of this corpus
   *               and stale set
   */
  public Predictor(Corpus corpus, SuffixIndex.StalePositions stale, SuccessorMemo memo) {
    this.corpus = corpus;
    this.stale = stale;
    this.memo = memo;
    this.chains = new CacheChains(corpus.unigram());
    this.brackets = new Brackets(corpus.vocab());
    for (int i = 0; i <= MAX_ORDER; i++) {
      global[i] = new IntCounter(64);
      cached[i] = new IntCounter(16);
      shapeCounts[i] = new IntCounter(16);
    }
  }

  /**
   * Sets the nested levels of the next predictions ({@link NestedCache}), innermost first; none by
   * default.
   *
   * @param levels the levels' indexes
   */
  public void nest(SuffixIndex[] levels) {
    this.levels = levels;
    for (int i = 0; i < levels.length; i++) {
      if (levelCounts[i] == null) {
        levelCounts[i] = new IntCounter[MAX_ORDER + 1];
        for (int k = 0; k <= MAX_ORDER; k++) {
          levelCounts[i][k] = new IntCounter(32);
        }
      }
    }
  }

  /**
   * Sets the declarations that the members of a receiver's type are read from (after {@code x.}
   * with x's type known, its members are raised and other names lowered); none by default.
   *
   * @param declarations the corpus's declarations, or null
   */
  public void declarations(Declarations declarations) {
    this.declarations = declarations;
    this.fileTypes = declarations == null ? null : new FileTypes(declarations.kinds());
    this.arity = declarations == null ? null : new CallArity(declarations.kinds());
  }

  /**
   * Sets the corpus read by its shape ({@link Shapes}): where the learned mix is used, the best
   * candidates' probability is first moved between shapes towards what follows the context's shape
   * there; none by default.
   *
   * @param shapes the corpus's shape index, or null
   */
  public void shapes(Shapes shapes) {
    this.shapes = shapes;
  }

  /**
   * Sets the mixer that reranks the best candidates ({@link Mixer}): the learned one by default,
   * null for the Witten-Bell interpolation alone.
   *
   * @param mixer the mixer, or null
   */
  public void mixer(Mixer mixer) {
    this.mixer = mixer;
  }

  /** Ranked candidates; ids and probabilities, best first. */
  public static final class Ranking {
    /** Candidate ids, best first. */
    public final int[] ids;
    /** Their probabilities. */
    public final double[] probs;
    /** Number of valid entries. */
    public int size;
    /** Longest context the corpus matched. */
    public int globalOrder;
    /** Longest context the cache matched. */
    public int cacheOrder;

    Ranking(int n) {
      ids = new int[n];
      probs = new double[n];
    }

    /**
     * Puts a candidate at {@code from} or above it: the entries above it with a lower probability
     * move down one place (the one at {@code from} is overwritten), so equal ones keep their order.
     */
    void place(int from, int id, double p) {
      int pos = from;
      while (pos > 0 && probs[pos - 1] < p) {
        ids[pos] = ids[pos - 1];
        probs[pos] = probs[pos - 1];
        pos--;
      }
      ids[pos] = id;
      probs[pos] = p;
    }
  }

  /**
   * Ranks next tokens after a context.
   *
   * @param ctx      context ids (forward order); positions [0, ctxLen)
   * @param ctxLen   context length
   * @param cache    cache ids (forward order, files separated by boundaries); an array passed again must not
   *                 have changed (its counts are kept between calls)
   * @param cacheLen cache length
   * @param topN     how many candidates to return
   * @return the ranking
   */
  public Ranking predict(int[] ctx, int ctxLen, int[] cache, int cacheLen, int topN) {
    int g = globalCounts(ctx, ctxLen);
    int c = cacheCounts(ctx, ctxLen, cache, cacheLen);
    // Trust each source by the length of the context it matched.
    double wc = c == 0 ? 0 : (c + 1.0) / (c + 1.0 + g + 1.0) * 1.3;
    wc = Math.min(0.85, wc);
    double wg = 1 - wc;
    // The nested levels take a share of the corpus side, the inner first, by how long they matched.
    double rest = 1;
    for (int li = 0; li < levels.length; li++) {
      int o = levelCounts(levels[li], ctx, ctxLen, levelCounts[li]);
      levelOrder[li] = o;
      double share = o == 0 ? 0 : Math.min(LEVEL_CAP, LEVEL_WEIGHT * (o + 1.0) / (g + 1.0));
      levelShare[li] = rest * share;
      rest -= levelShare[li];
    }
    double wgGlobal = wg * rest;
    Ranking r = new Ranking(topN);
    r.globalOrder = g;
    r.cacheOrder = c;
    // Witten-Bell unrolled: each order's relative frequencies count with the weight that the
    // recursion from the unigram up gives them, so every successor is visited once per order.
    double uniG = orderWeights(global, g, weightG);
    double uniC = orderWeights(cached, c, weightC);
    scores.clear();
    cacheOnly.clear();
    double pLocal = 0;
    for (int k = 1; k <= g; k++) {
      IntCounter o = global[k];
      if (o.total() == 0) {
        continue;
      }
      double x = wgGlobal * weightG[k] / o.total();
      for (int i = 0; i < o.distinct(); i++) {
        scores.add(o.keyAt(i), x * o.countAt(i));
      }
      pLocal += rest * weightG[k] * globalLocal[k] / o.total();
    }
    double uniL = 0;
    for (int li = 0; li < levels.length; li++) {
      if (levelShare[li] == 0) {
        continue;
      }
      IntCounter[] lc = levelCounts[li];
      levelUni = orderWeights(lc, levelOrder[li], weightL);
      uniL += levelShare[li] * levelUni;
      for (int k = 1; k <= levelOrder[li]; k++) {
        IntCounter o = lc[k];
        if (o.total() == 0) {
          continue;
        }
        double x = wg * levelShare[li] * weightL[k] / o.total();
        for (int i = 0; i < o.distinct(); i++) {
          scores.add(o.keyAt(i), x * o.countAt(i));
        }
      }
    }
    for (int k = 1; k <= c; k++) {
      IntCounter o = cached[k];
      if (o.total() == 0) {
        continue;
      }
      double x = weightC[k] / o.total();
      for (int i = 0; i < o.distinct(); i++) {
        cacheOnly.add(o.keyAt(i), x * o.countAt(i));
        scores.add(o.keyAt(i), wc * x * o.countAt(i));
      }
    }
    // The corpus's probability of a file-local name, shared by the file-local names of the cache.
    int[] unigram = corpus.unigram();
    double localMass = 0;
    if (pLocal > 0) {
      for (int i = 0; i < cacheOnly.size(); i++) {
        if (LocalNames.isLocal(cacheOnly.keyAt(i), unigram)) {
          localMass += cacheOnly.valueAt(i);
        }
      }
    }
    double beta = localMass > 0 ? BY_CONTEXT : 0;
    if (pLocal > 0 && beta < 1) {
      for (int i = 0; i < fileLocal.distinct(); i++) {
        if (fileLocal.countAt(i) > 0) {
          scores.add(fileLocal.keyAt(i), 0);
        }
      }
    }
    int[] members = null;
    fileMembers = null;
    if (declarations != null && declarations.types() > 0) {
      int type = ReceiverTypes.beforeDot(declarations, ctx, ctxLen);
      members = type < 0 ? null
          : ReceiverTypes.afterTypeName(declarations, ctx, ctxLen) ? declarations.staticMembers(type)
          : declarations.members(type);
      notMember = type >= 0 && declarations.complete(type) ? NOT_MEMBER_COMPLETE : NOT_MEMBER;
      if (ctxLen >= 2 && declarations.kinds().kind(ctx[ctxLen - 1]) == TokenKinds.DOT) {
        fileMembers(ctx, ctxLen, type);
        if (fileMembers != null) {
          members = fileMembers;
        }
      }
      if (members != null && members.length == 0) {
        members = null;
      }
      if (members != null && members.length <= ADD_MEMBERS) {
        for (int m : members) {
          scores.add(m, 0);
        }
      }
    }
    // Where a name of an expression may come next, the names the enclosing blocks declare are raised.
    int declared = members == null && declarations != null && declarations.types() > 0
        ? inScope.read(declarations.kinds(), ctx, ctxLen) : 0;
    double localTotal = fileLocal.total();
    double uni = (wg * (rest * uniG + uniL) + wc * uniC) / (corpus.tokens() + (double) corpus.vocab().size());
    double scale = 1;
    if (members != null) {
      // Names keep their mass between them: members take it from the names the type lacks.
      double before = 0;
      double after = 0;
      for (int i = 0; i < scores.size(); i++) {
        int w = scores.keyAt(i);
        if (w != Vocabulary.BOUNDARY && w != Vocabulary.LOCAL && TokenKinds.isName(declarations.kinds().kind(w))) {
          double p = probability(w, scores.valueAt(i), uni, unigram, pLocal, beta, localMass, localTotal, wg);
          before += p;
          after += p * memberFactor(members, w);
        }
      }
      scale = after > 0 ? before / after : 1;
    }
    // The mix's sources do not know the receiver's type, so after x. with x's type known the
    // ranking by its members stands; where the corpus matched nothing there is nothing to mix.
    boolean mixing = mixer != null && g > 0 && members == null;
    int intoN = mixing ? Math.max(topN, Mixer.POOL) : topN;
    if (pool.ids.length < intoN) {
      pool = new Ranking(intoN);
      mixed = new double[intoN];
    }
    Ranking into = mixing ? pool : r;
    pool.size = 0;
    boolean select = intoN > INSERT_MAX;
    if (select && candIds.length < scores.size()) {
      candIds = new int[scores.size() * 2];
      candProbs = new double[scores.size() * 2];
    }
    int m = 0;
    for (int i = 0; i < scores.size(); i++) {
      int w = scores.keyAt(i);
      if (Vocabulary.BOUNDARY == w || Vocabulary.LOCAL == w) {
        continue;
      }
      double p = probability(w, scores.valueAt(i), uni, unigram, pLocal, beta, localMass, localTotal, wg);
      if (members != null && TokenKinds.isName(declarations.kinds().kind(w))) {
        p *= memberFactor(members, w) * scale;
      }
      if (select) {
        candIds[m] = w;
        candProbs[m++] = p;
      } else {
        insert(into, w, p, intoN);
      }
    }
    if (select) {
      select(into, candIds, candProbs, m, intoN);
    }
    if (declared > 0) {
      raiseDeclared(into, intoN, declared, uni, unigram, pLocal, beta, localMass, localTotal, wg);
    }
    if (mixing) {
      if (shapes != null) {
        byShape(ctx, ctxLen);
      }
      mix(r, topN, g, c, uniG, uniC, rest, pLocal, beta, localMass, localTotal);
    }
    brackets.lower(r, ctx, ctxLen, declarations != null && declarations.types() > 0 ? declarations.kinds() : null);
    if (declarations != null && declarations.types() > 0) {
      byArity(r, ctx, ctxLen);
    }
    return r;
  }

  /**
   * Moves the pool's probability between shapes ({@link Shapes}: a lower-case name, a capitalised one,
   * a number, a string, each keyword and punctuation mark) towards what the shape index says follows
   * the context's shape: each candidate's probability is multiplied by (that probability of its shape
   * / the pool's share of its shape) to the power {@link #SHAPE_WEIGHT}, and the pool keeps its mass.
   * Within a shape the candidates keep their proportions. The pool is sorted again.
   */
  private void byShape(int[] ctx, int ctxLen) {
    int o = shapeCounts(ctx, ctxLen);
    int n = pool.size;
    if (o == 0 || n == 0) {
      return;
    }
    if (poolShape.length < n) {
      poolShape = new int[n];
      shaped = new double[n];
      shapeKey = new int[n];
      shapeShare = new double[n];
    }
    double mass = 0;
    for (int i = 0; i < n; i++) {
      poolShape[i] = shapes.shape(pool.ids[i]);
      mass += pool.probs[i];
    }
    if (mass <= 0) {
      return;
    }
    // The pool's share of each shape and the factor it gets, per distinct shape (a few: the names are two).
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      int d = 0;
      while (d < distinct && shapeKey[d] != poolShape[i]) {
        d++;
      }
      if (d == distinct) {
        shapeKey[d] = poolShape[i];
        shapeShare[d] = 0;
        distinct++;
      }
      shapeShare[d] += pool.probs[i];
      poolShape[i] = d;
    }
    for (int d = 0; d < distinct; d++) {
      double ps = uniS / shapes.alphabet();
      for (int k = 1; k <= o; k++) {
        IntCounter counts = shapeCounts[k];
        if (counts.total() > 0) {
          ps += weightS[k] * counts.get(shapeKey[d]) / counts.total();
        }
      }
      shapeShare[d] = Math.pow(Math.max(ps, 1e-6) / Math.max(shapeShare[d] / mass, 1e-9), SHAPE_WEIGHT);
    }
    double after = 0;
    for (int i = 0; i < n; i++) {
      shaped[i] = pool.probs[i] * shapeShare[poolShape[i]];
      after += shaped[i];
    }
    // Sorted again; the mix then caps each candidate at this probability (capping it at the one before
    // the shapes moved it instead took half the gain: dev split 73.99 -> 73.44 %).
    for (int i = 0; i < n; i++) {
      pool.place(i, pool.ids[i], shaped[i] * mass / after);
    }
  }

  /**
   * Fills shapeCounts[1..K] with what follows the context's shape in the shape index and
   * {@link #weightS}, {@link #uniS} with their Witten-Bell weights; returns K, the longest order matched.
   */
  private int shapeCounts(int[] ctx, int ctxLen) {
    SuffixIndex index = shapes.index();
    int lo = 0;
    int hi = index.size();
    int k = 0;
    int limit = Math.min(MAX_ORDER, ctxLen);
    // The ranges of the last Shapes.PREFIX shapes are kept once found (a few thousand such contexts
    // recur), for the binary searches over the whole index that find them.
    long key = 0;
    boolean keyed = limit >= Shapes.PREFIX;
    for (int j = 0; j < Shapes.PREFIX && keyed; j++) {
      int symbol = ctx[ctxLen - 1 - j];
      int shape = shapes.shape(symbol);
      keyed = symbol != Vocabulary.BOUNDARY && shape < 1 << 16;
      key = key << 16 | shape;
    }
    long[] known = keyed ? shapes.prefix(key) : null;
    if (known != null) {
      for (k = 1; k <= Shapes.PREFIX; k++) {
        shapeRangeLo[k] = (int) (known[k - 1] >>> 32);
        shapeRangeHi[k] = (int) known[k - 1];
      }
      k = Shapes.PREFIX;
      lo = shapeRangeLo[k];
      hi = shapeRangeHi[k];
    }
    while (k < limit) {
      if (keyed && known == null && k == Shapes.PREFIX) {
        shapes.keepPrefix(key, shapeRangeLo, shapeRangeHi);
        known = NONE_KEPT;
      }
      int symbol = ctx[ctxLen - 1 - k];
      if (symbol == Vocabulary.BOUNDARY) {
        break;
      }
      long range = index.narrow(lo, hi, k, shapes.shape(symbol));
      int nlo = (int) (range >>> 32);
      int nhi = (int) range;
      if (nlo >= nhi) {
        break;
      }
      k++;
      lo = nlo;
      hi = nhi;
      shapeRangeLo[k] = lo;
      shapeRangeHi[k] = hi;
    }
    // Witten-Bell from the longest order down, counting only the orders whose weight still counts.
    int top = k;
    double rest = 1;
    for (int o = top; o >= 1; o--) {
      if (rest < SHAPE_REST) {
        weightS[o] = 0;
        continue;
      }
      IntCounter out = shapeCounts[o];
      shapeSuccessors(index, shapeRangeLo[o], shapeRangeHi[o], out);
      long t = out.total();
      if (t == 0) {
        weightS[o] = 0;
        if (o == top) {
          top--;
        }
        continue;
      }
      double lambda = (double) t / (t + out.distinct());
      weightS[o] = rest * lambda;
      rest *= 1 - lambda;
    }
    uniS = rest;
    return top;
  }

  private void shapeSuccessors(SuffixIndex index, int lo, int hi, IntCounter out) {
    if (hi - lo > SuccessorMemo.MIN_RANGE) {
      shapes.successors(lo, hi, SHAPE_SAMPLE, out);
      return;
    }
    if (shapesRead != shapes || lo < shapeLo || hi > shapeHi) {
      index.successorsAt(lo, hi, shapeNext, shapeLocal, null);
      shapesRead = shapes;
      shapeLo = lo;
      shapeHi = hi;
    }
    out.clear();
    for (int x = lo - shapeLo; x < hi - shapeLo; x++) {
      if (shapeNext[x] >= 0) {
        out.add(shapeNext[x], 1);
      }
    }
  }

  /** Reranks the pool's candidates by the mixer into r. */
  private void mix(Ranking r, int topN, int g, int c, double uniG, double uniC, double rest, double pLocal,
      double beta, double localMass, double localTotal) {
    int[] unigram = corpus.unigram();
    double norm = corpus.tokens() + (double) corpus.vocab().size();
    // weightL and levelUni hold the last level's interpolation: the one level's (NestedCache.DEPTH is 1).
    boolean level = levels.length == 1 && levelShare[0] > 0;
    mixer.begin();
    double mass = 0;
    for (int i = 0; i < pool.size; i++) {
      int w = pool.ids[i];
      double[] f = mixer.candidate();
      mass += pool.probs[i];
      double u = ((w < unigram.length ? unigram[w] : 0) + 1) / norm;
      double pg = uniG * u;
      for (int k = 1; k <= g; k++) {
        IntCounter o = global[k];
        if (o.total() > 0) {
          pg += weightG[k] * o.get(w) / o.total();
        }
      }
      boolean local = LocalNames.isLocal(w, unigram);
      if (local && pLocal > 0 && rest > 0) {
        pg += pLocal / rest * (probability(w, 0, 0, unigram, 1, beta, localMass, localTotal, 1));
      }
      double pl = pg;
      if (level) {
        pl = levelUni * u;
        IntCounter[] lc = levelCounts[0];
        for (int k = 1; k <= levelOrder[0]; k++) {
          if (lc[k].total() > 0) {
            pl += weightL[k] * lc[k].get(w) / lc[k].total();
          }
        }
      }
      f[Mixer.F_LINEAR] = Mixer.log(pool.probs[i]);
      f[Mixer.F_CORPUS] = Mixer.log(pg);
      f[Mixer.F_CACHE] = Mixer.log(cacheOnly.get(w) + uniC * u);
      f[Mixer.F_LEVEL] = Mixer.log(pl);
      f[Mixer.F_CACHE_TOP] = c > 0 && cached[c].get(w) > 0 ? 1 : 0;
      f[Mixer.F_CORPUS_TOP] = g > 0 && global[g].get(w) > 0 ? 1 : 0;
      f[Mixer.F_LOCAL] = local ? 1 : 0;
    }
    mixer.mix(mass, mixed);
    r.size = 0;
    // A candidate the mix lifts keeps the interpolation's probability: the generator's thresholds
    // were set on it, and with the mix's own a lifted second choice was shown, and wrong, more often.
    if (topN > INSERT_MAX) {
      for (int i = 0; i < pool.size; i++) {
        mixed[i] = Math.min(mixed[i], pool.probs[i]);
      }
      select(r, pool.ids, mixed, pool.size, topN);
      return;
    }
    for (int i = 0; i < pool.size; i++) {
      insert(r, pool.ids[i], Math.min(mixed[i], pool.probs[i]), topN);
    }
  }

  private double probability(int w, double score, double uni, int[] unigram, double pLocal, double beta,
      double localMass, double localTotal, double wg) {
    double p = score + uni * ((w < unigram.length ? unigram[w] : 0) + 1);
    if (pLocal > 0 && LocalNames.isLocal(w, unigram)) {
      double share = (beta > 0 ? beta * cacheOnly.get(w) / localMass : 0)
          + (beta < 1 && localTotal > 0 ? (1 - beta) * fileLocal.get(w) / localTotal : 0);
      p += wg * pLocal * share;
    }
    return p;
  }

  /**
   * Raises the names {@link #inScope} read (each by its nearest declaration) in the ranking: each
   * is ranked again at its probability times its factor; the other candidates keep theirs (taking the
   * extra mass from every candidate lowered the probability of lines where a raised name was not
   * what came, and the generator cut them shorter: dev-split characters saved 31.3 % to 31.1 %).
   * Done on the ranking rather than per candidate, so the candidates not raised cost nothing more.
   */
  private void raiseDeclared(Ranking into, int intoN, int declared, double uni, int[] unigram, double pLocal,
      double beta, double localMass, double localTotal, double wg) {
    for (int i = 0; i < declared; i++) {
      int w = inScope.id(i);
      boolean first = true;
      for (int j = 0; j < i && first; j++) {
        first = inScope.id(j) != w;
      }
      if (first) {
        double p = probability(w, scores.get(w), uni, unigram, pLocal, beta, localMass, localTotal, wg);
        remove(into, w);
        insert(into, w, p * (inScope.unused(i) ? UNUSED : IN_SCOPE), intoN);
      }
    }
  }

  /** Removes an id from a ranking, if it is there. */
  private static void remove(Ranking r, int id) {
    for (int i = 0; i < r.size; i++) {
      if (r.ids[i] == id) {
        System.arraycopy(r.ids, i + 1, r.ids, i, r.size - i - 1);
        System.arraycopy(r.probs, i + 1, r.probs, i, r.size - i - 1);
        r.size--;
        return;
      }
    }
  }

  /**
   * Where both {@code ,} and {@code )} are ranked inside a call, puts first the one the same name's
   * earlier calls in the file say comes next ({@link CallArity}); their probabilities stay in place.
   */
  private void byArity(Ranking r, int[] ctx, int ctxLen) {
    TokenKinds k = declarations.kinds();
    int comma = -1;
    int close = -1;
    for (int i = 0; i < r.size && (comma < 0 || close < 0); i++) {
      int kind = k.kind(r.ids[i]);
      if (kind == TokenKinds.COMMA && comma < 0) {
        comma = i;
      } else if (kind == TokenKinds.RPAREN && close < 0) {
        close = i;
      }
    }
    if (comma < 0 || close < 0) {
      return;
    }
    int lead = arity.next(ctx, ctxLen);
    int first = lead == TokenKinds.COMMA ? comma : lead == TokenKinds.RPAREN ? close : -1;
    int second = first == comma ? close : comma;
    if (first > second && r.probs[second] <= ARITY_RATIO * r.probs[first]) {
      int id = r.ids[first];
      r.ids[first] = r.ids[second];
      r.ids[second] = id;
    }
  }

  /**
   * After {@code this.}, {@code Foo.} or {@code x.} where the type is one the file being written
   * declares ({@link FileTypes}): sets {@link #fileMembers} to its members (null otherwise) and
   * {@link #notMember} by whether they are all known.
   */
  private void fileMembers(int[] ctx, int ctxLen, int type) {
    fileMembers = null;
    fileTypes.update(ctx, ctxLen);
    int recv = ctx[ctxLen - 2];
    boolean qualified = ctxLen >= 3 && declarations.kinds().kind(ctx[ctxLen - 3]) == TokenKinds.DOT;
    boolean statics = false;
    if (recv == fileTypes.thisId() && !qualified) {
      type = fileTypes.enclosing();
    } else if (!qualified && fileTypes.declares(recv)) {
      type = recv;
      statics = true;
    } else if (type < 0 && !qualified && TokenKinds.isName(declarations.kinds().kind(recv))) {
      type = fileTypes.declaredType(ctx, ctxLen - 2);
    }
    if (!fileTypes.declares(type)) {
      return;
    }
    int[] m = fileTypes.members(type, statics, declarations);
    if (m.length == 0) {
      return;
    }
    fileMembers = m;
    notMember = fileTypes.complete(type, declarations) ? FILE_NOT_MEMBER_COMPLETE : FILE_NOT_MEMBER;
  }

  private double memberFactor(int[] members, int w) {
    return java.util.Arrays.binarySearch(members, w) >= 0 ? MEMBER : notMember;
  }

  /**
   * Fills weights[k] with the weight Witten-Bell interpolation gives order k's relative frequencies
   * (its lambda times one minus the lambdas of every higher order) and returns the unigram's.
   */
  private static double orderWeights(IntCounter[] orders, int top, double[] weights) {
    double rest = 1;
    for (int k = top; k >= 1; k--) {
      long t = orders[k].total();
      if (t == 0) {
        weights[k] = 0;
        continue;
      }
      double lambda = (double) t / (t + orders[k].distinct());
      weights[k] = rest * lambda;
      rest *= 1 - lambda;
    }
    return rest;
  }

  /**
   * Puts the best n of m candidates into the empty ranking r, best first, exactly as inserting them
   * one by one with {@link #insert} would (of equal probabilities the earlier candidate comes
   * first, and stays at the cut), with a heap whose root is the worst kept: inserting into a long
   * ranking moves half of it per candidate (the 256 candidates of the word being typed).
   */
  private void select(Ranking r, int[] ids, double[] probs, int m, int n) {
    if (heap.length < n) {
      heap = new int[n];
    }
    int size = 0;
    for (int i = 0; i < m; i++) {
      if (size < n) {
        int pos = size++;
        while (pos > 0) {
          int parent = (pos - 1) >>> 1;
          if (!worse(i, heap[parent], probs)) {
            break;
          }
          heap[pos] = heap[parent];
          pos = parent;
        }
        heap[pos] = i;
      } else if (probs[i] > probs[heap[0]]) {
        siftDown(heap, size, i, probs);
      }
    }
    r.size = size;
    for (int k = size - 1; k >= 0; k--) {
      int worst = heap[0];
      r.ids[k] = ids[worst];
      r.probs[k] = probs[worst];
      size--;
      if (size > 0) {
        siftDown(heap, size, heap[size], probs);
      }
    }
  }

  /** Candidate a ranks below b: a lower probability, or the same one and added later. */
  private static boolean worse(int a, int b, double[] probs) {
    return probs[a] < probs[b] || probs[a] == probs[b] && a > b;
  }

  /** Puts x at the root of the heap [0, size) and moves it down to its place. */
  private static void siftDown(int[] heap, int size, int x, double[] probs) {
    int pos = 0;
    while (true) {
      int child = 2 * pos + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && worse(heap[child + 1], heap[child], probs)) {
        child++;
      }
      if (!worse(heap[child], x, probs)) {
        break;
      }
      heap[pos] = heap[child];
      pos = child;
    }
    heap[pos] = x;
  }

  private static void insert(Ranking r, int id, double p, int topN) {
    int pos = r.size;
    if (pos == topN) {
      if (p <= r.probs[topN - 1]) {
        return;
      }
      pos = topN - 1;
    } else {
      r.size++;
    }
    r.place(pos, id, p);
  }

  /** Fills global[1..K] and returns K, the longest order matched. */
  private int globalCounts(int[] ctx, int ctxLen) {
    SuffixIndex index = corpus.index();
    int lo = 0;
    int hi = index.size();
    int k = 0;
    int limit = Math.min(MAX_ORDER, ctxLen);
    while (k < limit) {
      int symbol = ctx[ctxLen - 1 - k];
      if (LocalNames.isLocal(symbol, corpus.unigram())) {
        symbol = Vocabulary.LOCAL;
      }
      long range = index.narrow(lo, hi, k, symbol);
      int nlo = (int) (range >>> 32);
      int nhi = (int) range;
      if (nlo >= nhi || symbol == Vocabulary.BOUNDARY) {
        break;
      }
      k++;
      lo = nlo;
      hi = nhi;
      globalLocal[k] = successors(index, lo, hi, global[k]);
      if (global[k].total() == 0) {
        k--;
        break;
      }
    }
    return k;
  }

  /** Fills out[1..K] from a nested level's index (names matched as written) and returns K. */
  private static int levelCounts(SuffixIndex index, int[] ctx, int ctxLen, IntCounter[] out) {
    int lo = 0;
    int hi = index.size();
    int k = 0;
    int limit = Math.min(MAX_ORDER, ctxLen);
    while (k < limit) {
      int symbol = ctx[ctxLen - 1 - k];
      long range = index.narrow(lo, hi, k, symbol);
      int nlo = (int) (range >>> 32);
      int nhi = (int) range;
      if (nlo >= nhi || symbol == Vocabulary.BOUNDARY) {
        break;
      }
      k++;
      lo = nlo;
      hi = nhi;
      index.successors(lo, hi, LEVEL_SAMPLE, out[k], null);
      if (out[k].total() == 0) {
        k--;
        break;
      }
    }
    return k;
  }

  private int successors(SuffixIndex index, int lo, int hi, IntCounter out) {
    if (hi - lo <= SuccessorMemo.MIN_RANGE) {
      // Every longer match is in this range: its successors are read once and counted per order.
      if (lo < readLo || hi > readHi) {
        index.successorsAt(lo, hi, readNext, readLocal, stale);
        readLo = lo;
        readHi = hi;
      }
      out.clear();
      int local = 0;
      for (int x = lo - readLo; x < hi - readLo; x++) {
        if (readNext[x] >= 0) {
          out.add(readNext[x], 1);
          if (readLocal[x]) {
            local++;
          }
        }
      }
      return local;
    }
    SuccessorMemo.Entry e = memo.get(lo, hi);
    if (e == null) {
      int local = index.successors(lo, hi, SAMPLE, out, stale);
      memo.put(lo, hi, out, local);
      return local;
    }
    out.clear();
    for (int i = 0; i < e.keys().length; i++) {
      out.add(e.keys()[i], e.counts()[i]);
    }
    return e.local();
  }

  /**
   * Two context tokens match when they are the same, or both spellings the corpus never saw: the
   * context generalises over new names (what follows one new name often follows another), while
   * the prediction keeps each name's identity.
   */
  private boolean same(int a, int b) {
    return a == b || LocalNames.isLocal(a, corpus.unigram()) && LocalNames.isLocal(b, corpus.unigram());
  }

  /**
   * Makes {@link #fileLocal} count the file-local names at cache positions [from, to). The counts
   * of the last window are kept and moved: the next prediction over the same cache array usually
   * only adds the tokens written since (the evaluation's growing file, a completion's steps over one
   * cursor's cache), where counting the whole window again was a quarter of the ranking time.
   */
  private void countFileLocal(int[] cache, int from, int to) {
    int[] unigram = corpus.unigram();
    if (cache != localOf || from < localFrom || to < localTo || from >= localTo) {
      fileLocal.clear();
      localOf = cache;
      localFrom = from;
      localTo = from;
    }
    for (int p = localFrom; p < from; p++) {
      if (LocalNames.isLocal(cache[p], unigram)) {
        fileLocal.add(cache[p], -1);
      }
    }
    for (int p = Math.max(localTo, from); p < to; p++) {
      if (LocalNames.isLocal(cache[p], unigram)) {
        fileLocal.add(cache[p], 1);
      }
    }
    localFrom = from;
    localTo = Math.max(to, from);
  }

  /** Fills cached[1..M] from matches in the cache and returns M. */
  private int cacheCounts(int[] ctx, int ctxLen, int[] cache, int cacheLen) {
    for (int k = 1; k <= MAX_ORDER; k++) {
      cached[k].clear();
    }
    if (ctxLen == 0 || cacheLen < 2) {
      countFileLocal(cache, 0, 0);
      return 0;
    }
    int last = ctx[ctxLen - 1];
    int matches = 0;
    int best = 0;
    int floor = Math.max(0, cacheLen - CACHE_SCAN);
    countFileLocal(cache, floor + 1, cacheLen);
    chains.extend(cache, cacheLen - 1);
    for (int j = chains.last(last); j >= floor && matches < matchSucc.length; j = chains.previous(j)) {
      int succ = cache[j + 1];
      if (succ <= Vocabulary.BOUNDARY) {
        continue;
      }
      int m = 1;
      while (m < MAX_ORDER && j - m >= 0 && ctxLen - 1 - m >= 0 && same(cache[j - m], ctx[ctxLen - 1 - m])
          && cache[j - m] != Vocabulary.BOUNDARY) {
        m++;
      }
      matchSucc[matches] = succ;
      matchLen[matches] = m;
      matches++;
      best = Math.max(best, m);
    }
    for (int i = 0; i < matches; i++) {
      for (int k = 1; k <= matchLen[i]; k++) {
        cached[k].add(matchSucc[i], 1);
      }
    }
    return best;
  }
}
