package dev.coclone.engine;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.CodeLexer;
import dev.coclone.engine.internal.Layout;
import dev.coclone.engine.internal.Predictor;
import dev.coclone.engine.internal.Vocabulary;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One completion: greedy decoding over the predictor, laid out as the user writes. */
final class Generator {
  /** Below this the first token is a guess: suggest nothing rather than garbage. */
  static final double MIN_FIRST = 0.08;
  /** Below this a later token ends the suggestion. */
  static final double MIN_NEXT = 0.12;
  private static final int UNKNOWN = -2;
  private static final int CACHE_LIMIT = 60_000;

  private final EmbeddedEngine.State state;
  private final Vocabulary vocab;
  private final CodeLexer lexer;
  private final boolean python;
  private final String filePath;

  Generator(EmbeddedEngine.State state, String language, String filePath) {
    this.state = state;
    this.vocab = state.corpus().vocab();
    this.lexer = new CodeLexer(language);
    this.python = "python".equals(language);
    this.filePath = filePath;
  }

  EmbeddedEngine.Generation run(String prefix, String suffix, CompletionMode mode, int maxTokens,
      Predicate<String> sink, Cancellation cancel) {
    if (state.corpus().tokens() == 0 && state.recent().isEmpty() && prefix.isBlank()) {
      return new EmbeddedEngine.Generation(0, false);
    }
    List<CodeLexer.Tok> toks = lexer.lex(prefix);
    if (!toks.isEmpty() && toks.get(toks.size() - 1).text().equals(CodeLexer.NEWLINE) && !prefix.endsWith("\n")) {
      toks = toks.subList(0, toks.size() - 1);
    }
    String partial = "";
    if (!toks.isEmpty() && !prefix.isEmpty() && Character.isJavaIdentifierPart(prefix.charAt(prefix.length() - 1))) {
      CodeLexer.Tok last = toks.get(toks.size() - 1);
      if (last.start() + last.text().length() == prefix.length()) {
        partial = last.text();
        toks = toks.subList(0, toks.size() - 1);
      }
    }
    IntArray ctx = new IntArray(toks.size() + maxTokens + 2);
    for (CodeLexer.Tok t : toks) {
      ctx.add(id(t.text()));
    }
    if (python && prefix.endsWith(" ") && lastLineBlank(prefix)) {
      pythonIndentMarker(prefix, ctx);
    }
    int[] cache = cacheFor(ctx, suffix);
    String suffixFirst = firstCodeToken(suffix, mode);
    int lastCode = -1;
    String lastText = "";
    for (int i = toks.size() - 1; i >= 0; i--) {
      if (!CodeLexer.isLayout(toks.get(i).text())) {
        lastText = toks.get(i).text();
        lastCode = id(lastText);
        break;
      }
    }
    Layout layout = new Layout(vocab, state.corpus().spacing(), prefix.substring(0, prefix.length() - partial.length()),
        lastCode, lastText);
    Predictor predictor = EmbeddedEngine.predictor(state);
    boolean atBlankLine = lastLineBlank(prefix);
    int produced = 0;
    while (produced < maxTokens) {
      if (cancel.isCanceled()) {
        break;
      }
      Predictor.Ranking r = predictor.predict(ctx.raw(), ctx.size(), cache, cache.length, 16);
      int pick = -1;
      double p = 0;
      for (int i = 0; i < r.size; i++) {
        int c = r.ids[i];
        String text = vocab.text(c);
        if (c == Vocabulary.BOUNDARY) {
          continue;
        }
        if (!partial.isEmpty() && (Vocabulary.isLayoutId(c) || !text.startsWith(partial) || text.equals(partial))) {
          continue;
        }
        if (produced == 0 && atBlankLine && Vocabulary.isLayoutId(c)) {
          continue; // the cursor is on a fresh line already: start with code, not another line break
        }
        pick = c;
        p = r.probs[i];
        break;
      }
      if (pick < 0) {
        break;
      }
      double min = produced == 0 ? MIN_FIRST : MIN_NEXT;
      if (p < min && partial.isEmpty()) {
        break;
      }
      if (mode == CompletionMode.SINGLE_LINE && Vocabulary.isLayoutId(pick)) {
        break;
      }
      String text = vocab.text(pick);
      if (suffixFirst != null && text.equals(suffixFirst) && produced > 0) {
        break; // what follows the cursor continues from here
      }
      String piece;
      if (!partial.isEmpty()) {
        piece = text.substring(partial.length());
        layout.continued(pick);
        partial = "";
      } else {
        piece = layout.render(pick);
      }
      ctx.add(pick);
      produced++;
      if (!piece.isEmpty() && !sink.test(piece)) {
        return new EmbeddedEngine.Generation(produced, false);
      }
    }
    return new EmbeddedEngine.Generation(produced, produced >= maxTokens);
  }

  private int id(String text) {
    int id = vocab.lookup(text);
    return id < 0 ? UNKNOWN : id;
  }

  /** Recently edited files, then the current file around the cursor. */
  private int[] cacheFor(IntArray ctx, String suffix) {
    IntArray cache = new IntArray(ctx.size() + 1024);
    for (Map.Entry<String, int[]> e : state.recent().entrySet()) {
      if (!e.getKey().equals(filePath)) {
        cache.add(Vocabulary.BOUNDARY);
        cache.addAll(e.getValue(), 0, e.getValue().length);
      }
    }
    cache.add(Vocabulary.BOUNDARY);
    for (CodeLexer.Tok t : lexer.lex(suffix)) {
      cache.add(id(t.text()));
    }
    cache.add(Vocabulary.BOUNDARY);
    int from = Math.max(0, ctx.size() - CACHE_LIMIT);
    cache.addAll(ctx.raw(), from, ctx.size());
    int[] all = cache.toArray();
    return all.length > CACHE_LIMIT * 2 ? java.util.Arrays.copyOfRange(all, all.length - CACHE_LIMIT * 2, all.length)
        : all;
  }

  /** The first code token after the cursor on its line (single-line) or next lines (block), if a closer. */
  private String firstCodeToken(String suffix, CompletionMode mode) {
    String scope = mode == CompletionMode.SINGLE_LINE ? suffix.split("\n", 2)[0] : suffix;
    for (CodeLexer.Tok t : lexer.lex(scope)) {
      if (!CodeLexer.isLayout(t.text())) {
        String x = t.text();
        return List.of(")", "]", "}", ";", ",", ":").contains(x) ? x : null;
      }
    }
    return null;
  }

  private static boolean lastLineBlank(String prefix) {
    return prefix.substring(prefix.lastIndexOf('\n') + 1).isBlank();
  }

  /** On a blank Python line, the indentation typed says whether a block opens or closes. */
  private void pythonIndentMarker(String prefix, IntArray ctx) {
    String lastLine = prefix.substring(prefix.lastIndexOf('\n') + 1);
    String before = prefix.substring(0, Math.max(0, prefix.lastIndexOf('\n')));
    String prevLine = null;
    for (String l : before.split("\n")) {
      if (!l.isBlank()) {
        prevLine = l;
      }
    }
    if (prevLine == null) {
      return;
    }
    int now = lastLine.length() - lastLine.stripLeading().length();
    int was = prevLine.length() - prevLine.stripLeading().length();
    if (now > was) {
      ctx.add(Vocabulary.indent());
    } else if (now < was) {
      ctx.add(Vocabulary.dedent());
    }
  }
}
