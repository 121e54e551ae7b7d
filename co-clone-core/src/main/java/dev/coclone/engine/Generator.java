package dev.coclone.engine;

import dev.coclone.source.CodeText;
import dev.coclone.cancel.Cancellation;
import dev.coclone.engine.internal.DeclarationSite;
import dev.coclone.engine.internal.Declarations;
import dev.coclone.engine.internal.ExpectedType;
import dev.coclone.engine.internal.FileTypeName;
import dev.coclone.engine.internal.ImportLine;
import dev.coclone.engine.internal.Layout;
import dev.coclone.engine.internal.LineCopies;
import dev.coclone.engine.internal.ModulePaths;
import dev.coclone.engine.internal.PackageLine;
import dev.coclone.engine.internal.SuffixIndex;
import dev.coclone.engine.internal.Predictor;
import dev.coclone.engine.internal.Spellings;
import dev.coclone.engine.internal.SuggestionCheck;
import dev.coclone.engine.internal.SureTail;
import dev.coclone.engine.internal.Vocabulary;
import dev.coclone.engine.internal.WordCompletion;
import dev.coclone.source.CodeLexer;
import dev.coclone.source.CompletionMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One completion: greedy decoding over the predictor with candidates reweighted by the scope at
 * the cursor, laid out as the user writes, then checked ({@link SuggestionCheck}) before anything
 * is shown.
 */
final class Generator {
  /** Below this the first token is a guess: suggest nothing rather than garbage. */
  static final double MIN_FIRST = 0.3;
  /**
   * Inside a string literal, the literal chosen must hold this share of the probability of all the
   * literals that extend what is typed (many alike paths or keys, none clearly ahead, is a guess).
   */
  static final double MIN_STRING_SHARE = 0.4;
  /** Below this the probability of the whole run so far ends the suggestion (it is a guess from there). */
  static final double MIN_RUN = 0.5;
  /** Below this a later token ends the suggestion. */
  static final double MIN_NEXT = 0.12;
  /**
   * A picked token the scope's weights lowered below this share of the model's probability is judged
   * by the model's probability (see {@link #judged}).
   */
  static final double LOWERED = 0.1;
  private static final int CANDIDATES = 16;
  /**
   * Where a name is being typed, the share of the choice among the words that extend it that goes by
   * how often the file writes each (the rest by the model's probability): on java.base's dev split
   * (seed 1) 0.15, 0.2, 0.3, 0.4 and 0.6 saved 34.79, 34.75, 34.81, 34.72 and 34.39 % of the characters
   * (34.66 % without).
   */
  static final double FILE_WORDS = 0.3;
  /**
   * Candidates read for the token being typed: the names that extend it are often not among the
   * sixteen likeliest tokens of the context (a rare type after {@code new}), yet they are the only
   * ones that can follow.
   */
  private static final int TYPED_CANDIDATES = 256;
  private static final String LINE_HAS_ITEM = "the lines around hold one item each, and this line has its item";
  private static final Set<String> DECLARES_NEXT = Set.of("=>", "->", "=", "in", ":=");

  /** How much a type known to be the declared one raises its probability right after {@code new}. */
  static final double NEW_FITS = 4;
  /** What a type surely not the declared one keeps of its probability right after {@code new}. */
  static final double NEW_MISFITS = 0.02;

  private final EmbeddedEngine.State state;
  private final Spellings spellings;
  private final String language;
  private final boolean python;
  private final boolean java;
  private final String filePath;
  private final Predictor predictor;
  private final Predictor lookahead;
  private final TextWindow window;
  /** The corpus's Java declarations, for the type a {@code new} should make; null for other languages. */
  private final Declarations types;

  Generator(EmbeddedEngine.State state, String language, String filePath) {
    this(state, language, filePath, TextWindow.DEFAULT);
  }

  Generator(EmbeddedEngine.State state, String language, String filePath, TextWindow window) {
    this.state = state;
    this.window = window;
    this.spellings = new Spellings(state.corpus().vocab());
    this.language = language;
    this.python = "python".equals(language);
    this.java = "java".equals(language);
    this.filePath = filePath;
    this.types = "java".equals(language) ? state.declared().get() : null;
    this.predictor = state.predictors().take(state);
    this.lookahead = state.predictors().take(state);
    SuffixIndex[] levels = state.readyLevels(filePath);
    predictor.nest(levels);
    lookahead.nest(levels);
  }

  /** Gives the predictors back for the next suggestion; this generator is not used after. */
  void release() {
    state.predictors().give(predictor);
    state.predictors().give(lookahead);
  }

  /** Shorter cuts of a suggestion tried, longest first, when the whole of it is held back. */
  static final int SHORTER_TRIES = 3;

  /**
   * A decoded suggestion before it is checked.
   *
   * @param shorter the lengths of its shorter prefixes that close every bracket they open and end on no
   *                joiner, longest first
   */
  private record Decoded(String text, int tokens, boolean hitLimit, double firstProb, int[] shorter) {}

  EmbeddedEngine.Generation run(String wholePrefix, String wholeSuffix, CompletionMode mode, int maxTokens,
      java.util.function.Predicate<String> sink, Cancellation cancel) {
    TextWindow.Read read = window.read(wholePrefix, wholeSuffix, python);
    String prefix = read.prefix();
    String suffix = read.suffix();
    if (state.corpus().tokens() == 0 && state.recent().isEmpty() && prefix.isBlank()) {
      return EmbeddedEngine.Generation.silent(NoSuggestion.NOTHING_LEARNED, "");
    }
    if (inComment(prefix)) {
      return EmbeddedEngine.Generation.silent(NoSuggestion.IN_COMMENT, "");
    }
    Cursor c = new Cursor(state, spellings, language, filePath, prefix, suffix, mode, maxTokens);
    String lineBefore = prefix.substring(prefix.lastIndexOf('\n') + 1);
    // The package line is the file's folder (package java.ni -> o.channels; in java/nio/channels/).
    String pkg = java && suffix.split("\n", 2)[0].isBlank()
        ? PackageLine.rest(language, filePath, lineBefore, firstCodeLine(c, prefix.length() - lineBefore.length()))
        : null;
    if (pkg == null && java && suffix.split("\n", 2)[0].isBlank()) {
      // An import of the one class of the package the file uses and imports nowhere else.
      pkg = ImportLine.rest(language, lineBefore, state.corpus().fileIndex().keySet(), c.prefixToks, c.suffixToks);
    }
    if (pkg != null) {
      sink.test(pkg);
      return new EmbeddedEngine.Generation(1, false, null, "");
    }
    // At a top-level type's name the file's name is the name (public class Arr in ArraysSupport.java).
    String typeName = FileTypeName.at(language, filePath, c.prefixToks, c.partial);
    if (typeName == null) {
      typeName = FileTypeName.constructorAt(language, filePath, c.prefixToks, c.partial); // public UTF_ -> 32
    }
    Decoded d = typeName != null ? decode(c, maxTokens, spellings.id(typeName), true, cancel)
        : decode(c, maxTokens, -1, false, cancel);
    if (cancel.isCanceled()) {
      return EmbeddedEngine.Generation.silent(NoSuggestion.CANCELED, "");
    }
    if (d.tokens() == 0) {
      // No candidate extends the name being typed: the file's words (or the corpus's names) may.
      String word = WordCompletion.rest(c.partial, state.declared().names(), c.prefixToks, c.suffixToks);
      d = word.isEmpty() ? d : new Decoded(word, 1, false, 0, new int[0]);
    }
    Checked decoded = d.text().isEmpty() ? new Checked(null, EmbeddedEngine.Generation.silent(NoSuggestion.UNSURE, ""))
        : checked(c, d, lineBefore);
    // The file's lines that begin like this one may say how it goes on further than the decoding dared.
    String copy = copyPast(c, prefix, suffix, lineBefore, decoded.text(), this::modulePaths);
    if (copy != null) {
      sink.test(copy);
      return new EmbeddedEngine.Generation(d.tokens(), false, null, "");
    }
    if (decoded.text() == null) {
      return decoded.silence();
    }
    sink.test(decoded.text());
    return new EmbeddedEngine.Generation(d.tokens(), d.hitLimit() && decoded.text().equals(d.text()), null, "");
  }

  /** True if no code comes before the cursor's line, which starts at {@code lineStart}. */
  private static boolean firstCodeLine(Cursor c, int lineStart) {
    for (dev.coclone.source.CodeLexer.Tok t : c.prefixToks) {
      if (t.start() < lineStart && !dev.coclone.source.CodeLexer.isLayout(t.text())) {
        return false;
      }
    }
    return true;
  }

  /** What a decoding shows once checked (or null), and otherwise why it shows nothing. */
  private record Checked(String text, EmbeddedEngine.Generation silence) {}

  /**
   * The continuation of the file's lines that begin like the cursor's (see {@link LineCopies}) where
   * it stands alone ({@code best} null) or goes on past {@code best}, and passes the checks and the
   * import-path test ({@code paths}, asked only then); else null. Not inside a token begun on an
   * earlier line (a string continued with a backslash).
   */
  private String copyPast(Cursor c, String prefix, String suffix, String lineBefore, String best,
      java.util.function.Supplier<ModulePaths> paths) {
    if (c.partial.length() > lineBefore.length()) {
      return null;
    }
    String copy = LineCopies.continuation(prefix, suffix);
    if (copy.isEmpty() || best != null && !longerOf(copy, best) || !c.check.check(copy).text().equals(copy)
        || paths.get().missing(lineBefore + copy, lineBefore.length()) != null) {
      return null;
    }
    return copy;
  }

  /** True if a line's continuation goes on past a suggestion of one line that it begins with. */
  private static boolean longerOf(String copy, String shown) {
    return shown.indexOf('\n') < 0 && copy.strip().startsWith(shown.strip())
        && copy.strip().length() > shown.strip().length();
  }

  /** The decoded suggestion, or failing that its shorter cuts, as the checks let it be shown. */
  private Checked checked(Cursor c, Decoded d, String lineBefore) {
    EmbeddedEngine.Generation silence = null;
    // What is held back for a name out of scope or worse syntax may be right up to where it went wrong:
    // its shorter safe cuts are tried. One that repeats or redefines is not cut to fit.
    for (int tryAt = -1; tryAt < Math.min(SHORTER_TRIES, d.shorter().length); tryAt++) {
      String decoded = tryAt < 0 ? d.text() : d.text().substring(0, d.shorter()[tryAt]);
      if (decoded.isBlank()) {
        continue;
      }
      String text = c.habits.apply(decoded, c.partial);
      if (text.isEmpty()) {
        silence = silence != null ? silence : EmbeddedEngine.Generation.silent(NoSuggestion.UNSURE, LINE_HAS_ITEM);
        continue;
      }
      SuggestionCheck.Outcome o = c.check.check(text);
      if (o.text().isEmpty()) {
        silence = silence != null ? silence : EmbeddedEngine.Generation.silent(reason(o.problem()), o.detail());
        if (o.problem() == SuggestionCheck.Problem.REPEATS || o.problem() == SuggestionCheck.Problem.REDEFINES) {
          return new Checked(null, silence);
        }
        continue;
      }
      // The check may cut a block suggestion; keep the text exactly as the pieces had it laid out.
      String shown = text.startsWith(o.text()) ? o.text() : text;
      String missing = modulePaths().missing(lineBefore + shown.split("\n", 2)[0], lineBefore.length());
      if (missing != null) {
        return new Checked(null, silence != null ? silence : EmbeddedEngine.Generation.silent(
            NoSuggestion.OUT_OF_SCOPE, "it imports " + missing + ", which is no file of the workspace"));
      }
      return new Checked(shown, null);
    }
    return new Checked(null, silence != null ? silence : EmbeddedEngine.Generation.silent(NoSuggestion.UNSURE, ""));
  }

  /**
   * Up to n suggestions that start differently (different first tokens), each checked, best first.
   */
  List<EmbeddedEngine.Alternative> alternatives(String wholePrefix, String wholeSuffix, CompletionMode mode,
      int maxTokens, int n, Cancellation cancel) {
    TextWindow.Read read = window.read(wholePrefix, wholeSuffix, python);
    String prefix = read.prefix();
    String suffix = read.suffix();
    List<EmbeddedEngine.Alternative> out = new ArrayList<>();
    if (state.corpus().tokens() == 0 && state.recent().isEmpty() && prefix.isBlank() || inComment(prefix)) {
      return out;
    }
    Cursor c = new Cursor(state, spellings, language, filePath, prefix, suffix, mode, maxTokens);
    Predictor.Ranking r = predictor.predict(c.ctx.raw(), c.ctx.size(), c.cache, c.cache.length, CANDIDATES);
    Set<String> seen = new HashSet<>();
    ModulePaths paths = modulePaths();
    String lineBefore = prefix.substring(prefix.lastIndexOf('\n') + 1);
    for (int rank = 0; rank < r.size && out.size() < n && !cancel.isCanceled(); rank++) {
      if (!usable(c, r.ids[rank], 0)) {
        continue;
      }
      Decoded d = decode(c, maxTokens, r.ids[rank], false, cancel);
      if (d.text().isEmpty() || d.firstProb() < MIN_FIRST && c.partial.isEmpty()) {
        continue;
      }
      String cut = c.habits.apply(d.text(), c.partial);
      SuggestionCheck.Outcome o = c.check.check(cut);
      String text = cut.isEmpty() || o.text().strip().isEmpty() ? "" : o.text();
      if (!text.isEmpty() && paths.missing(lineBefore + text.split("\n", 2)[0], lineBefore.length()) != null) {
        continue;
      }
      if (!text.isEmpty() && seen.add(text.strip())) {
        out.add(new EmbeddedEngine.Alternative(text, d.firstProb()));
      }
    }
    out.sort((a, b) -> Double.compare(b.score(), a.score()));
    // As in run(): the continuation of the file's alike lines goes on past the best one, or stands alone.
    String copy = n < 1 ? null : copyPast(c, prefix, suffix, lineBefore, out.isEmpty() ? null : out.get(0).text(),
        () -> paths);
    if (copy != null) {
      if (out.isEmpty()) {
        out.add(new EmbeddedEngine.Alternative(copy, 1));
      } else {
        out.set(0, new EmbeddedEngine.Alternative(copy, out.get(0).score()));
      }
    }
    return out;
  }

  /** The workspace's files as the engine knows them, for the paths a suggestion imports. */
  private ModulePaths modulePaths() {
    Set<String> files = state.corpus().fileIndex().keySet();
    if (ModulePaths.judges(language) && !state.recent().isEmpty()) {
      files = new HashSet<>(files);
      files.addAll(state.recent().keySet());
    }
    return new ModulePaths(language, filePath, files);
  }

  private boolean usable(Cursor c, int id, int produced) {
    if (id == Vocabulary.BOUNDARY) {
      return false;
    }
    String text = spellings.text(id);
    if (produced == 0 && !c.partial.isEmpty()
        && (Vocabulary.isLayoutId(id) || !text.startsWith(c.partial) || text.equals(c.partial) && !typedWhole(c))) {
      return false;
    }
    return !(produced == 0 && c.atBlankLine && Vocabulary.isLayoutId(id));
  }

  /**
   * How sure the decoding is of a token it picked, for the thresholds: its probability after the
   * scope's weights, except that a token the scope lowered below {@link #LOWERED} of the model's
   * probability and still ahead of every other is judged by the model's (the scope lowers a name it
   * has not seen declared, and the name being declared, {@code int len)} in a parameter list, is one).
   */
  static double judged(double weighted, double model) {
    return weighted < LOWERED * model ? Math.min(1, model) : weighted;
  }

  /** True if the token being typed may already be whole (a name or keyword, not a literal still open). */
  private static boolean typedWhole(Cursor c) {
    return Character.isJavaIdentifierPart(c.partial.charAt(c.partial.length() - 1))
        && !Cursor.isQuote(c.partial.charAt(0));
  }

  /**
   * Greedy decoding from the cursor; the first token is forced when {@code first >= 0}, and taken as
   * certain, whatever the model ranks, when {@code sureFirst}.
   */
  private Decoded decode(Cursor c, int maxTokens, int first, boolean sureFirst, Cancellation cancel) {
    IntArray ctx = new IntArray(c.ctx.size() + maxTokens + 2);
    ctx.addAll(c.ctx.raw(), 0, c.ctx.size());
    Layout layout = c.layout();
    StringBuilder out = new StringBuilder();
    IntArray picked = new IntArray(maxTokens + 1);
    IntArray ends = new IntArray(maxTokens + 1);
    double[] sures = new double[maxTokens + 1];
    String partial = c.partial;
    Set<String> lineNames = new HashSet<>(c.lineNames);
    double firstProb = 0;
    double run = 1;
    boolean unsure = false;
    boolean restarted = false;
    int produced = 0;
    while (produced < maxTokens) {
      if (cancel.isCanceled()) {
        break;
      }
      int wanted = produced == 0 && !partial.isEmpty() ? TYPED_CANDIDATES : CANDIDATES;
      Predictor.Ranking r = predictor.predict(ctx.raw(), ctx.size(), c.cache, c.cache.length, wanted);
      double[] q = reweigh(c, r, ctx, lineNames);
      int pick = -1;
      double p = 0;
      double model = 0;
      double usableMass = 0;
      if (produced == 0 && sureFirst) {
        pick = first;
        p = 1;
        model = 1;
        usableMass = 1;
      }
      for (int i = 0; i < r.size && !(produced == 0 && sureFirst); i++) {
        if (!usable(c, r.ids[i], produced) || produced == 0 && first >= 0 && r.ids[i] != first) {
          continue;
        }
        usableMass += q[i];
        if (pick < 0 || q[i] > p) {
          pick = r.ids[i];
          p = q[i];
          model = r.probs[i];
        }
      }
      if (produced == 0 && first < 0 && !partial.isEmpty() && Character.isJavaIdentifierStart(partial.charAt(0))) {
        // A name being typed: the file's own words that extend it have a say in which it is.
        Picked w = byFileWords(c, r, q, usableMass);
        if (w != null) {
          pick = w.id();
          p = w.weighted();
          model = w.model();
        }
      }
      if (pick < 0) {
        break;
      }
      if (produced == 0 && !partial.isEmpty() && Cursor.isQuote(partial.charAt(0)) && p < usableMass * MIN_STRING_SHARE) {
        unsure = true;
        break;
      }
      double sure = judged(p, model);
      double min = produced == 0 ? MIN_FIRST : MIN_NEXT;
      boolean restart = false;
      if (sure < min && (partial.isEmpty() || produced > 0)) {
        unsure = true;
        break;
      }
      if (produced > 0 && run * sure < MIN_RUN) {
        // A sure word the run's doubt would end at goes on, once, and the run starts again after it.
        restart = !restarted && c.mode == CompletionMode.SINGLE_LINE
            && SureTail.sureWord(spellings.text(pick), sure, language);
        if (!restart) {
          unsure = true;
          break;
        }
        restarted = true;
      }
      boolean whole = produced == 0 && !partial.isEmpty() && spellings.text(pick).equals(partial);
      // A word typed in full goes on only as far as the share of its completions that end it there allows.
      double share = usableMass > 0 ? p / usableMass : 1;
      run = Vocabulary.isLayoutId(pick) || restart ? 1
          : run * (whole ? share : produced == 0 && !partial.isEmpty() ? 1 : sure);
      if (c.mode == CompletionMode.SINGLE_LINE && Vocabulary.isLayoutId(pick)) {
        break;
      }
      String text = spellings.text(pick);
      if (c.suffixFirst != null && text.equals(c.suffixFirst) && produced > 0) {
        break; // what follows the cursor continues from here
      }
      if (produced == 0) {
        firstProb = sure;
      }
      String piece;
      if (!partial.isEmpty()) {
        piece = text.substring(partial.length());
        layout.continued(pick);
        partial = "";
        if (c.closingQuote) {
          // The literal's end is already there: finish its text and leave the rest to what follows.
          out.append(piece, 0, Math.max(0, piece.length() - 1));
          produced++;
          break;
        }
      } else {
        piece = layout.render(pick);
      }
      if (!(ctx.size() > 0 && spellings.text(ctx.get(ctx.size() - 1)).equals("."))) {
        lineNames.add(text); // a name used or declared on this line, not a member
      }
      ctx.add(pick);
      sures[produced] = sure;
      produced++;
      out.append(piece);
      picked.add(pick);
      ends.add(out.length());
      int loop = repeatedTail(picked);
      if (loop > 0) {
        // The model is going round in circles: keep the first round only.
        produced -= loop;
        out.setLength(produced == 0 ? 0 : ends.get(produced - 1));
        break;
      }
    }
    if (unsure && produced > 0) {
      // Cut where the user stopped being helped: back to a cut that leaves no bracket of ours open and
      // ends on no joiner, and in a single line on through the sure tokens after it (x.indexOf( before a
      // doubtful argument).
      int keep = safeEnd(c, picked, produced);
      if (c.mode == CompletionMode.SINGLE_LINE) {
        keep = SureTail.end(keep, produced, sures); // the sure tokens right after the safe cut stay
      }
      produced = keep;
      out.setLength(keep == 0 ? 0 : ends.get(keep - 1));
    }
    IntArray shorter = new IntArray(SHORTER_TRIES);
    boolean[] safe = safeEnds(c, picked, produced);
    for (int k = produced - 1; k >= 1 && shorter.size() < SHORTER_TRIES; k--) {
      if (safe[k] && ends.get(k - 1) < out.length()) {
        shorter.add(ends.get(k - 1));
      }
    }
    return new Decoded(out.toString(), produced, produced >= maxTokens, firstProb, shorter.toArray());
  }

  /** A token picked with its probability after the scope's weights and the model's own. */
  private record Picked(int id, double weighted, double model) {}

  /**
   * The name being typed chosen among the words that extend it by both the model and the file: each
   * scores (1 - {@link #FILE_WORDS}) times its share of the usable candidates' weighted probability plus
   * {@link #FILE_WORDS} times its share of the file's uses of such words (before and after the cursor);
   * a word of the file the model did not rank scores by the file's share alone and keeps that score,
   * over the candidates' mass, as its probability. Null where the file writes no word that extends it.
   */
  private Picked byFileWords(Cursor c, Predictor.Ranking r, double[] q, double usableMass) {
    java.util.Map<String, Integer> words = fileWords(c);
    long total = 0;
    for (int n : words.values()) {
      total += n;
    }
    if (total == 0) {
      return null;
    }
    Picked best = null;
    double bestScore = -1;
    Set<String> ranked = new HashSet<>();
    for (int i = 0; i < r.size; i++) {
      if (!usable(c, r.ids[i], 0)) {
        continue;
      }
      String t = spellings.text(r.ids[i]);
      ranked.add(t);
      double score = (1 - FILE_WORDS) * (usableMass > 0 ? q[i] / usableMass : 0)
          + FILE_WORDS * words.getOrDefault(t, 0) / (double) total;
      if (score > bestScore) {
        bestScore = score;
        best = new Picked(r.ids[i], q[i], r.probs[i]);
      }
    }
    for (java.util.Map.Entry<String, Integer> e : words.entrySet()) {
      double score = FILE_WORDS * e.getValue() / (double) total;
      if (!ranked.contains(e.getKey()) && score > bestScore) {
        bestScore = score;
        double p = score * Math.max(usableMass, 1e-9);
        best = new Picked(spellings.id(e.getKey()), p, p);
      }
    }
    return best;
  }

  /** The file's names that extend the name being typed (or are it), counted; the one being typed is left out. */
  private static java.util.Map<String, Integer> fileWords(Cursor c) {
    java.util.Map<String, Integer> out = new java.util.HashMap<>();
    int n = c.prefixToks.size();
    if (n > 0 && c.prefixToks.get(n - 1).text().equals(c.partial)) {
      n--;
    }
    countWords(c.prefixToks.subList(0, n), c.partial, out);
    countWords(c.suffixToks, c.partial, out);
    return out;
  }

  private static void countWords(List<CodeLexer.Tok> toks, String partial, java.util.Map<String, Integer> out) {
    for (CodeLexer.Tok tok : toks) {
      String t = tok.text();
      if (t.startsWith(partial) && Character.isJavaIdentifierStart(t.charAt(0))) {
        out.merge(t, 1, Integer::sum);
      }
    }
  }

  /** The longest run of the first n picked tokens that closes what it opens and does not end on a joiner. */
  private int safeEnd(Cursor c, IntArray picked, int n) {
    boolean[] safe = safeEnds(c, picked, n);
    for (int k = n; k > 0; k--) {
      if (safe[k]) {
        return k;
      }
    }
    return 0;
  }

  /**
   * In one pass over the first n picked tokens: safe[k] is true where the first k close what they
   * open and do not end on a joiner; a word (or literal) being typed is finished even where what
   * follows it is a guess, so with one there safe[1] is true too.
   */
  private boolean[] safeEnds(Cursor c, IntArray picked, int n) {
    boolean[] safe = new boolean[n + 1];
    int depth = 0;
    for (int i = 0; i < n; i++) {
      String t = spellings.text(picked.get(i));
      if (t.equals("(") || t.equals("[") || t.equals("{")) {
        depth++;
      } else if (t.equals(")") || t.equals("]") || t.equals("}")) {
        depth--;
      }
      boolean joiner = t.equals(",") || t.equals(".") || t.equals("=") || t.equals(":") && !python
          || t.length() <= 3 && !t.isEmpty() && "+-*/%&|^<>!?=".indexOf(t.charAt(t.length() - 1)) >= 0
          || c.weights.keywordNeedingMore(t);
      safe[i + 1] = depth <= 0 && !joiner;
    }
    if (n > 0 && !c.partial.isEmpty()) {
      safe[1] = true;
    }
    return safe;
  }

  /** Length of a run of tokens that repeats the run right before it (3 to 12 tokens), or 0. */
  static int repeatedTail(IntArray ids) {
    int n = ids.size();
    for (int k = 3; k <= 12 && 2 * k <= n; k++) {
      boolean same = true;
      for (int i = 0; i < k && same; i++) {
        same = ids.get(n - 1 - i) == ids.get(n - 1 - k - i);
      }
      if (same) {
        return k;
      }
    }
    return 0;
  }

  /** True if the cursor is in a comment: a line comment before it on its line, or an open block comment. */
  private boolean inComment(String prefix) {
    String line = prefix.substring(prefix.lastIndexOf('\n') + 1);
    if (CodeText.lineCommentStart(line, python) >= 0) {
      return true;
    }
    if (python) {
      return false;
    }
    int open = prefix.lastIndexOf("/*");
    return open >= 0 && prefix.indexOf("*/", open) < 0;
  }

  /** The candidates' probabilities after weighting by scope, renormalised over the ranking's mass. */
  private double[] reweigh(Cursor c, Predictor.Ranking r, IntArray ctx, Set<String> lineNames) {
    double[] q = new double[r.size];
    String prev = "";
    String prevPrev = "";
    int n = ctx.size();
    if (n > 0 && !Vocabulary.isLayoutId(ctx.get(n - 1))) {
      prev = spellings.text(ctx.get(n - 1));
      if (n > 1 && !Vocabulary.isLayoutId(ctx.get(n - 2))) {
        prevPrev = spellings.text(ctx.get(n - 2));
      }
    }
    int wanted = prev.equals("new") ? expectedOfNew(ctx) : -1;
    // A Java name right after a type is being declared (int len, catch (IOException e), String getType):
    // whatever the file's other scopes declare, it is not lowered as out of scope.
    boolean declared = java && DeclarationSite.javaNameDeclared(prevPrev, prev);
    double mass = 0;
    double weighted = 0;
    for (int i = 0; i < r.size; i++) {
      String text = spellings.text(r.ids[i]);
      double f = wanted < 0 ? 1 : newFit(r.ids[i], wanted);
      if (!Vocabulary.isLayoutId(r.ids[i])) {
        boolean declares = declared;
        if (!declares && i == 0 && c.weights.wouldLower(text, prev)) {
          declares = declaresNext(c, ctx, r.ids[i]);
        }
        f *= c.weights.factor(text, prev, prevPrev, lineNames.contains(text), declares);
      }
      q[i] = r.probs[i] * f;
      mass += r.probs[i];
      weighted += q[i];
    }
    // After a name bound on this line (a callback's parameter), a member named like a parameter the
    // function has not used yet leads: todo => todo.completed, inside filterTodos(completed).
    if (prev.equals(".") && r.size > 0) {
      for (int i = 1; i < r.size; i++) {
        if (lineNames.contains(prevPrev) && c.weights.promoted(spellings.text(r.ids[i]), prev, prevPrev)) {
          weighted += Math.max(0, q[0] * 1.01 - q[i]);
          q[i] = Math.max(q[i], q[0] * 1.01);
        }
      }
    }
    // Raised names take mass from the rest; lowered ones give theirs to tokens outside the list.
    double z = Math.max(1, 1 - Math.min(1, mass) + weighted);
    for (int i = 0; i < q.length; i++) {
      q[i] /= z;
    }
    return q;
  }

  /**
   * After {@code T x = new} in Java: T's id (-2 for a T the corpus never saw), or -1 when the
   * context is not such a declaration or there are no declarations to judge by.
   */
  private int expectedOfNew(IntArray ctx) {
    if (types == null || types.types() == 0) {
      return -1;
    }
    List<String> texts = new ArrayList<>();
    for (int i = Math.max(0, ctx.size() - 40); i < ctx.size(); i++) {
      if (!Vocabulary.isLayoutId(ctx.get(i))) {
        texts.add(spellings.text(ctx.get(i)));
      }
    }
    String t = ExpectedType.ofNew(texts, texts.size() - 1);
    if (t == null) {
      return -1;
    }
    int id = state.corpus().vocab().lookup(t);
    return id < 0 ? -2 : id;
  }

  /**
   * What a candidate right after {@code T x = new} keeps of its probability: a type the corpus
   * knows to be a T (T itself unless it is an interface, or a subtype) is raised, one whose whole known
   * hierarchy is no T is lowered as a name out of scope is, others are left alone.
   */
  private double newFit(int id, int wanted) {
    if (id >= Spellings.LOCAL_BASE || !types.isType(id)) {
      return 1;
    }
    if (wanted >= 0 && types.knownA(id, wanted) && !(id == wanted && types.isInterface(id))) {
      return NEW_FITS;
    }
    return types.surelyNotA(id, wanted) ? NEW_MISFITS : 1;
  }

  /** True if the model would follow the name with a token that declares it (x =>, x =, for x in). */
  private boolean declaresNext(Cursor c, IntArray ctx, int id) {
    ctx.add(id);
    Predictor.Ranking r = lookahead.predict(ctx.raw(), ctx.size(), c.cache, c.cache.length, 2);
    ctx.truncate(ctx.size() - 1);
    return r.size > 0 && DECLARES_NEXT.contains(spellings.text(r.ids[0]));
  }

  private static NoSuggestion reason(SuggestionCheck.Problem p) {
    return switch (p) {
      case REPEATS -> NoSuggestion.REPEATS;
      case REDEFINES -> NoSuggestion.REDEFINES;
      case OUT_OF_SCOPE -> NoSuggestion.OUT_OF_SCOPE;
      case WORSENS_SYNTAX -> NoSuggestion.WORSENS_SYNTAX;
      case WRONG_TYPE -> NoSuggestion.WRONG_TYPE;
    };
  }

}
