package dev.coclone.engine;

import dev.coclone.engine.internal.Layout;
import dev.coclone.engine.internal.LineHabits;
import dev.coclone.engine.internal.Scope;
import dev.coclone.engine.internal.ScopeReader;
import dev.coclone.engine.internal.ScopeWeights;
import dev.coclone.engine.internal.Spellings;
import dev.coclone.engine.internal.SuggestionCheck;
import dev.coclone.engine.internal.Vocabulary;
import dev.coclone.source.CodeLexer;
import dev.coclone.source.CodeText;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.Indentation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything about a cursor that every decoding from it shares: the context's ids, the cache (recent
 * files, the text after the cursor, the file before it), the token being typed (a name, or a string
 * literal not closed yet), the scope, the checks and the line habits.
 */
final class Cursor {
  private static final int CACHE_LIMIT = 60_000;

  private final EmbeddedEngine.State state;
  private final Spellings spellings;
  final String prefix;
  final String suffix;
  final CompletionMode mode;
  final List<CodeLexer.Tok> prefixToks;
  final String partial;
  final IntArray ctx;
  final int[] cache;
  final String suffixFirst;
  final int lastCode;
  final String lastText;
  final boolean atBlankLine;
  final ScopeWeights weights;
  final SuggestionCheck check;
  final LineHabits habits;
  final Set<String> lineNames = new HashSet<>();
  /** The cursor is inside a string literal whose closing quote is already after it (the editor closed it). */
  final boolean closingQuote;

  Cursor(EmbeddedEngine.State state, Spellings spellings, String language, String filePath, String prefix,
      String suffix, CompletionMode mode, int maxTokens) {
    this.state = state;
    this.spellings = spellings;
    CodeLexer lexer = new CodeLexer(language);
    boolean python = "python".equals(language);
    this.prefix = prefix;
    this.suffix = suffix;
    this.mode = mode;
    List<CodeLexer.Tok> all = lexer.lex(prefix);
    List<CodeLexer.Tok> toks = all;
    if (!toks.isEmpty() && toks.get(toks.size() - 1).text().equals(CodeLexer.NEWLINE) && !prefix.endsWith("\n")) {
      toks = toks.subList(0, toks.size() - 1);
    }
    this.prefixToks = toks;
    String part = "";
    if (!toks.isEmpty() && !prefix.isEmpty() && Character.isJavaIdentifierPart(prefix.charAt(prefix.length() - 1))) {
      CodeLexer.Tok last = toks.get(toks.size() - 1);
      if (last.start() + last.text().length() == prefix.length()) {
        part = last.text();
        toks = toks.subList(0, toks.size() - 1);
      }
    }
    if (part.isEmpty() && !toks.isEmpty() && openString(toks.get(toks.size() - 1), prefix)) {
      // The cursor is inside a string literal: the literal so far is what the suggestion must extend.
      part = toks.get(toks.size() - 1).text();
      toks = toks.subList(0, toks.size() - 1);
    }
    this.partial = part;
    this.closingQuote = !part.isEmpty() && isQuote(part.charAt(0)) && suffix.startsWith(part.substring(0, 1));
    this.habits = new LineHabits(language, prefix, suffix);
    ctx = new IntArray(toks.size() + maxTokens + 2);
    for (CodeLexer.Tok t : toks) {
      ctx.add(spellings.id(t.text()));
    }
    if (python && prefix.endsWith(" ") && lastLineBlank(prefix)) {
      pythonIndentMarker(prefix, ctx);
    }
    List<CodeLexer.Tok> suffixToks = lexer.lex(suffix);
    cache = cacheFor(state, spellings, filePath, ctx, suffixToks);
    suffixFirst = firstCodeToken(mode == CompletionMode.SINGLE_LINE ? lexer.lex(suffix.split("\n", 2)[0])
        : suffixToks);
    int lc = -1;
    String lt = "";
    for (int i = toks.size() - 1; i >= 0; i--) {
      if (!CodeLexer.isLayout(toks.get(i).text())) {
        lt = toks.get(i).text();
        lc = spellings.id(lt);
        break;
      }
    }
    lastCode = lc;
    lastText = lt;
    atBlankLine = lastLineBlank(prefix);
    // The cursor's line: the last token's, plus the line breaks after it (not a count over the whole file).
    int cursorLine = 0;
    int counted = 0;
    if (!all.isEmpty()) {
      CodeLexer.Tok lastTok = all.get(all.size() - 1);
      cursorLine = lastTok.line();
      counted = Math.min(prefix.length(), lastTok.start());
      char before = counted > 0 ? prefix.charAt(counted - 1) : ' ';
      if (lastTok.text().equals(CodeLexer.NEWLINE) && (before == '\n' || before == '\r')) {
        cursorLine++; // the marker sits after its line's break (not the one lexing adds at the end)
      }
    }
    for (int i = counted; i < prefix.length(); i++) {
      if (prefix.charAt(i) == '\n') {
        cursorLine++;
      }
    }
    for (int i = 0; i < toks.size(); i++) {
      if (toks.get(i).line() == cursorLine && (i == 0 || !toks.get(i - 1).text().equals("."))) {
        lineNames.add(toks.get(i).text());
      }
    }
    List<CodeLexer.Tok> file = new ArrayList<>(toks);
    file.addAll(suffixToks);
    String lineBefore = prefix.substring(prefix.lastIndexOf('\n') + 1);
    int indent = Indentation.of(lineBefore);
    int skipFrom = toks.size();
    while (skipFrom > 0 && toks.get(skipFrom - 1).line() == cursorLine) {
      skipFrom--;
    }
    int skipTo = toks.size();
    while (skipTo < file.size() && file.get(skipTo).line() == 0) {
      skipTo++;
    }
    // Definitions on the cursor's line are left out: the line being written may define a new name.
    Scope scope = ScopeReader.read(language, file, toks.size(), indent, skipFrom, skipTo);
    weights = new ScopeWeights(language, scope);
    check = new SuggestionCheck(language, prefix, suffix, prefixToks, scope, scope.definitions(), partial,
        "java".equals(language) ? state.declared().get() : null);
  }

  Layout layout() {
    return new Layout(spellings::text, state.corpus().spacing(),
        prefix.substring(0, prefix.length() - partial.length()), lastCode, lastText);
  }

  /** Recently edited files, then the current file around the cursor. */
  private static int[] cacheFor(EmbeddedEngine.State state, Spellings spellings, String filePath, IntArray ctx,
      List<CodeLexer.Tok> suffixToks) {
    IntArray cache = new IntArray(ctx.size() + 1024);
    for (Map.Entry<String, int[]> e : state.recent().entrySet()) {
      if (!e.getKey().equals(filePath)) {
        cache.add(Vocabulary.BOUNDARY);
        cache.addAll(e.getValue(), 0, e.getValue().length);
      }
    }
    cache.add(Vocabulary.BOUNDARY);
    for (CodeLexer.Tok t : suffixToks) {
      cache.add(spellings.id(t.text()));
    }
    cache.add(Vocabulary.BOUNDARY);
    int from = Math.max(0, ctx.size() - CACHE_LIMIT);
    cache.addAll(ctx.raw(), from, ctx.size());
    int[] all = cache.toArray();
    return all.length > CACHE_LIMIT * 2 ? java.util.Arrays.copyOfRange(all, all.length - CACHE_LIMIT * 2, all.length)
        : all;
  }

  /**
   * The first code token after the cursor, if a closer.
   *
   * @param toks the tokens of the cursor's line after it (single-line) or of the whole suffix (block)
   */
  private static String firstCodeToken(List<CodeLexer.Tok> toks) {
    for (CodeLexer.Tok t : toks) {
      if (!CodeLexer.isLayout(t.text())) {
        String x = t.text();
        return List.of(")", "]", "}", ";", ",", ":").contains(x) ? x : null;
      }
    }
    return null;
  }

  /** True if a token is a string literal that starts on the cursor's line, ends at the cursor and is not closed. */
  private static boolean openString(CodeLexer.Tok t, String prefix) {
    String x = t.text();
    if (x.isEmpty() || !isQuote(x.charAt(0)) || t.start() + x.length() != prefix.length()
        || x.startsWith("\"\"\"") || x.startsWith("'''") || x.indexOf('\n') >= 0) {
      return false;
    }
    if (x.length() == 1 || x.charAt(x.length() - 1) != x.charAt(0)) {
      return true;
    }
    int slashes = 0;
    for (int i = x.length() - 2; i > 0 && x.charAt(i) == '\\'; i--) {
      slashes++;
    }
    return slashes % 2 == 1; // the last quote is escaped
  }

  /** True for the characters that open a string literal. */
  static boolean isQuote(char ch) {
    return ch == '"' || ch == '\'' || ch == '`';
  }

  private static boolean lastLineBlank(String prefix) {
    return prefix.substring(prefix.lastIndexOf('\n') + 1).isBlank();
  }

  /** On a blank Python line, the indentation typed says whether a block opens or closes. */
  private static void pythonIndentMarker(String prefix, IntArray ctx) {
    String lastLine = prefix.substring(prefix.lastIndexOf('\n') + 1);
    String prevLine = CodeText.previousCodeLine(prefix);
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
