package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import dev.coclone.source.CodeLexer.Tok;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a suggestion is worth showing: one that repeats the text right before or after
 * the cursor, re-opens a definition the file has, uses a name that is not in scope (or a member the
 * enclosing class does not have), or makes the code parse worse is not shown. A block suggestion
 * is cut before its first such line; what is left must still pass.
 */
public final class SuggestionCheck {
  /** Why a suggestion was held back. */
  public enum Problem {
    /** It repeats the text right before or after the cursor. */
    REPEATS,
    /** It re-opens a definition the file already has. */
    REDEFINES,
    /** It uses a name that is not in scope, or a member the class does not have. */
    OUT_OF_SCOPE,
    /** The file parses worse with it than without it. */
    WORSENS_SYNTAX,
    /** It makes an object of a type that is not the declared type of the variable it goes into. */
    WRONG_TYPE
  }

  /**
   * The outcome.
   *
   * @param text    what may be shown (possibly cut, possibly empty)
   * @param problem why something was held back, or null when the whole suggestion passed
   * @param detail  a short explanation naming what was wrong, or ""
   */
  public record Outcome(String text, Problem problem, String detail) {}

  private final String language;
  private final String prefix;
  private final String suffix;
  private final List<Tok> prefixToks;
  private final Scope scope;
  private final Set<String> fileDefinitions;
  private final String partial;
  private final Declarations types;
  /** The brackets open at the cursor, read at the first check that needs them. */
  private SyntaxGuard.OpenBrackets openBrackets;
  /** The text the syntax is judged on, read at the first check that needs it. */
  private SyntaxGuard.Window syntaxWindow;

  /**
   * Prepares checks at a cursor.
   *
   * @param language   language id
   * @param prefix     text before the cursor
   * @param suffix     text after the cursor
   * @param prefixToks tokens of the prefix
   * @param scope      the scope at the cursor
   * @param fileDefinitions definitions of the file outside the cursor's line
   */
  public SuggestionCheck(String language, String prefix, String suffix, List<Tok> prefixToks, Scope scope,
      Set<String> fileDefinitions) {
    this(language, prefix, suffix, prefixToks, scope, fileDefinitions, identifierAtEnd(prefix));
  }

  /**
   * Prepares checks at a cursor inside a token the suggestion finishes.
   *
   * @param language   language id
   * @param prefix     text before the cursor
   * @param suffix     text after the cursor
   * @param prefixToks tokens of the prefix
   * @param scope      the scope at the cursor
   * @param fileDefinitions definitions of the file outside the cursor's line
   * @param partial    the part of a token typed before the cursor (a name, or a string literal not closed yet)
   */
  public SuggestionCheck(String language, String prefix, String suffix, List<Tok> prefixToks, Scope scope,
      Set<String> fileDefinitions, String partial) {
    this(language, prefix, suffix, prefixToks, scope, fileDefinitions, partial, null);
  }

  /**
   * Prepares checks at a cursor, with the corpus's declared types to check Java's {@code T x = new
   * X} against: a suggested {@code X} whose whole hierarchy is known and is no {@code T} is held back.
   *
   * @param language   language id
   * @param prefix     text before the cursor
   * @param suffix     text after the cursor
   * @param prefixToks tokens of the prefix
   * @param scope      the scope at the cursor
   * @param fileDefinitions definitions of the file outside the cursor's line
   * @param partial    the part of a token typed before the cursor
   * @param types      the corpus's declarations, or null to not check types
   */
  public SuggestionCheck(String language, String prefix, String suffix, List<Tok> prefixToks, Scope scope,
      Set<String> fileDefinitions, String partial, Declarations types) {
    this.language = language;
    this.prefix = prefix;
    this.suffix = suffix;
    this.prefixToks = prefixToks;
    this.scope = scope;
    this.fileDefinitions = fileDefinitions;
    this.partial = partial;
    this.types = types;
  }

  /**
   * Checks a suggestion.
   *
   * @param suggestion the text to insert at the cursor
   * @return what may be shown and why anything was held back
   */
  public Outcome check(String suggestion) {
    if (suggestion.isBlank()) {
      return new Outcome("", null, "");
    }
    String lineBefore = prefix.substring(prefix.lastIndexOf('\n') + 1);
    String[] lines = suggestion.split("\n", -1);
    StringBuilder kept = new StringBuilder();
    Outcome cut = null;
    for (int i = 0; i < lines.length; i++) {
      String head = i == 0 ? lineBefore : "";
      Outcome bad = checkLine(head, lines[i], kept.toString(), i == 0);
      if (bad != null) {
        cut = bad;
        break;
      }
      if (i > 0) {
        kept.append('\n');
      }
      kept.append(lines[i]);
    }
    String text = kept.toString().stripTrailing();
    if (!text.isBlank() && SyntaxGuard.worsens(language, openBrackets(), syntaxWindow(), text)) {
      return new Outcome("", Problem.WORSENS_SYNTAX, "it would make the code around the cursor parse worse");
    }
    if (text.isBlank()) {
      return cut == null ? new Outcome("", null, "") : new Outcome("", cut.problem(), cut.detail());
    }
    return new Outcome(text, cut == null ? null : cut.problem(), cut == null ? "" : cut.detail());
  }

  /** The text parsed around the cursor, with its errors counted at the first check that parses it. */
  private SyntaxGuard.Window syntaxWindow() {
    if (syntaxWindow == null) {
      syntaxWindow = new SyntaxGuard.Window(prefix, suffix);
    }
    return syntaxWindow;
  }

  /** The brackets open at the cursor, read once per cursor. */
  private SyntaxGuard.OpenBrackets openBrackets() {
    if (openBrackets == null) {
      openBrackets = SyntaxGuard.openBrackets(prefixToks);
    }
    return openBrackets;
  }

  /** The problem of one line of the suggestion (with the text before it on the line), or null. */
  private Outcome checkLine(String head, String line, String earlier, boolean first) {
    String whole = (head + line).strip();
    if (line.isBlank()) {
      return null;
    }
    if (repeats(whole, line, first)) {
      // The problem's description says it all; a detail would only say it again.
      return new Outcome("", Problem.REPEATS, "");
    }
    List<Tok> toks = new CodeLexer(language).lex(head + line);
    Set<String> defined = ScopeReader.definitions(language, toks);
    for (String d : defined) {
      if (fileDefinitions.contains(d) && !(first && typedHeader(d, head))) {
        return new Outcome("", Problem.REDEFINES, "it re-opens " + d.replaceAll("/\\d+$", "") + ", which exists");
      }
    }
    // The word typed at the cursor may have begun on an earlier line (a template literal, a string
    // continued with a backslash): then nothing of the cursor's line comes before it.
    String context = first ? head.substring(0, Math.max(0, head.length() - partial.length()))
        : prefix.substring(prefix.lastIndexOf('\n') + 1) + earlier + "\n";
    String name = outOfScope(context, line, first);
    if (name != null) {
      return new Outcome("", Problem.OUT_OF_SCOPE, "it uses " + name + ", which is not in scope here");
    }
    String misfit = types == null || !"java".equals(language) ? null : wrongNew(toks, head.length());
    if (misfit != null) {
      return new Outcome("", Problem.WRONG_TYPE, misfit);
    }
    return null;
  }

  /**
   * True where the user typed the definition's name and its whole parameter list before the cursor
   * ({@code public void write(int b) throw}): the definition is theirs, the suggestion only finishes
   * its header (an overload, or a method the file is being rewritten with), so it re-opens nothing.
   */
  private boolean typedHeader(String definition, String head) {
    String name = definition.replaceAll("/\\d+$", "");
    name = name.substring(name.lastIndexOf(' ') + 1);
    List<Tok> t = new ArrayList<>();
    for (Tok x : new CodeLexer(language).lex(head)) {
      if (!CodeLexer.isLayout(x.text())) {
        t.add(x);
      }
    }
    // The name as the user typed it in full: a partial word at the cursor is no typed name.
    int typedEnd = t.size() - (partial.isEmpty() ? 0 : 1);
    for (int i = 0; i + 1 < typedEnd; i++) {
      if (!t.get(i).text().equals(name) || !t.get(i + 1).text().equals("(")) {
        continue;
      }
      int depth = 0;
      for (int k = i + 1; k < typedEnd; k++) {
        String x = t.get(k).text();
        depth += x.equals("(") ? 1 : x.equals(")") ? -1 : 0;
        if (depth == 0) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * In {@code T x = new X} on a line, where the suggestion writes (or finishes) X: why X does not
   * fit T, or null when it may.
   *
   * @param line the tokens of the line so far with the suggested part
   * @param from where the suggested part starts in the line (a name the user typed in full is theirs)
   */
  private String wrongNew(List<Tok> line, int from) {
    List<Tok> t = new ArrayList<>();
    for (Tok x : line) {
      if (!CodeLexer.isLayout(x.text())) {
        t.add(x);
      }
    }
    List<String> texts = t.stream().map(Tok::text).toList();
    for (int k = 3; k + 1 < t.size(); k++) {
      Tok made = t.get(k + 1);
      if (!t.get(k).text().equals("new") || !ScopeReader.isName(made.text())
          || made.start() + made.text().length() <= from) {
        continue;
      }
      int m = k + 1;
      while (m + 2 < t.size() && t.get(m + 1).text().equals(".") && ScopeReader.isName(t.get(m + 2).text())) {
        m += 2; // a qualified name: its last part is the class
      }
      String declared = ExpectedType.ofNew(texts, k);
      if (declared == null) {
        continue;
      }
      Vocabulary vocab = types.kinds().vocab();
      int madeId = vocab.lookup(t.get(m).text());
      int wanted = vocab.lookup(declared);
      if (madeId >= 0 && types.surelyNotA(madeId, wanted < 0 ? -2 : wanted)) {
        return "it makes a " + t.get(m).text() + ", which is no " + declared;
      }
    }
    return null;
  }

  /** A line that is one string literal and a {@code +} or {@code ,} after it: a row of a table of literals. */
  private static final java.util.regex.Pattern LITERAL_ROW =
      java.util.regex.Pattern.compile("(\"([^\"\\\\]|\\\\.)*\"|'([^'\\\\]|\\\\.)*')\\s*[+,]");

  private boolean repeats(String whole, String line, boolean first) {
    String after = suffix.stripLeading();
    String got = line.strip();
    // A word being finished at the end of its line is no copy of the next line's beginning (this.pa -> th
    // where the next line starts that.path).
    int lineEnd = suffix.indexOf('\n');
    boolean wordAtLineEnd = !partial.isEmpty() && Character.isJavaIdentifierPart(line.charAt(0))
        && (lineEnd < 0 ? suffix : suffix.substring(0, lineEnd)).isBlank();
    if (first && got.length() >= 2 && !after.isEmpty() && after.startsWith(got) && !wordAtLineEnd) {
      return true; // only repeats what follows the cursor
    }
    if (whole.length() < 8 || whole.chars().noneMatch(Character::isLetterOrDigit) || LITERAL_ROW.matcher(whole).matches()) {
      return false; // a table of literals repeats its rows
    }
    for (String near : nearLines()) {
      if (near.equals(whole)) {
        return true;
      }
    }
    // A docstring or long literal copied from elsewhere in the file.
    return whole.length() >= 24 && (whole.startsWith("\"\"\"") || whole.startsWith("'''"))
        && (prefix.contains(whole) || suffix.contains(whole));
  }

  /** The two code lines before the cursor's line and the two after it, stripped. */
  private List<String> nearLines() {
    List<String> out = new ArrayList<>();
    int end = prefix.lastIndexOf('\n');
    for (int n = 0; end > 0 && n < 2; ) {
      int start = prefix.lastIndexOf('\n', end - 1) + 1;
      String line = prefix.substring(start, end);
      if (!line.isBlank()) {
        out.add(line.strip());
        n++;
      }
      end = start - 1;
    }
    int at = suffix.indexOf('\n');
    for (int n = 0; at >= 0 && at < suffix.length() && n < 2; ) {
      int next = suffix.indexOf('\n', at + 1);
      String line = suffix.substring(at + 1, next < 0 ? suffix.length() : next);
      if (!line.isBlank()) {
        out.add(line.strip());
        n++;
      }
      at = next;
    }
    return out;
  }

  /** The first name of the line that is out of scope (or not a member of this/self), or null. */
  private String outOfScope(String context, String line, boolean first) {
    List<Tok> ctx = new CodeLexer(language).lex(context);
    while (!ctx.isEmpty() && CodeLexer.isLayout(ctx.get(ctx.size() - 1).text())) {
      ctx = ctx.subList(0, ctx.size() - 1);
    }
    List<Tok> all = new ArrayList<>(ctx);
    int from = all.size();
    List<Tok> lineToks = new CodeLexer(language).lex((first ? partial : "") + line);
    all.addAll(lineToks);
    Set<String> local = new HashSet<>(ScopeReader.read(language, all, all.size(), 0).declared());
    for (int k = from; k < all.size(); k++) {
      String x = all.get(k).text();
      if (!ScopeReader.isName(x) || Keywords.always(language, x)) {
        continue;
      }
      String prev = k > 0 ? all.get(k - 1).text() : "";
      String next = k + 1 < all.size() ? all.get(k + 1).text() : "";
      if (prev.equals(".")) {
        String receiver = k > 1 ? all.get(k - 2).text() : "";
        boolean self = receiver.equals("this") || receiver.equals("self") && "python".equals(language);
        if (self && !next.equals("=") && scope.notAMember(x) && !local.contains(x)) {
          return receiver + "." + x;
        }
        continue;
      }
      if (next.equals(":") && !"python".equals(language) || next.equals("=") && insideCall(all, k)) {
        continue; // an object key or a keyword argument
      }
      if ("java".equals(language) && declaredHere(all, k)) {
        continue; // Type name, int[] name, List<String> name: the name is being declared
      }
      if (!local.contains(x) && scope.outOfScope(x)) {
        return x;
      }
    }
    return null;
  }

  /**
   * True if the Java name at k follows a type, so that it is being declared (a method, field,
   * parameter or local): a name that is no keyword ({@code Handle handle}), a primitive, {@code ]}
   * ({@code int[] a}) or the {@code >} of type arguments ({@code List<String> names}; not a
   * comparison such as {@code size > limit}, whose left side is no type).
   */
  private static boolean declaredHere(List<Tok> t, int k) {
    return DeclarationSite.javaNameDeclared(k > 1 ? t.get(k - 2).text() : "", k > 0 ? t.get(k - 1).text() : "");
  }

  private static boolean insideCall(List<Tok> t, int k) {
    int depth = 0;
    for (int j = k - 1; j >= 0 && j > k - 200; j--) {
      String x = t.get(j).text();
      if (x.equals(")")) {
        depth++;
      } else if (x.equals("(")) {
        if (depth == 0) {
          return true;
        }
        depth--;
      } else if (x.equals(CodeLexer.NEWLINE) && depth == 0) {
        return false;
      }
    }
    return false;
  }

  /** The identifier characters right before the cursor (a name being typed). */
  private static String identifierAtEnd(String prefix) {
    int i = prefix.length();
    while (i > 0 && Character.isJavaIdentifierPart(prefix.charAt(i - 1))) {
      i--;
    }
    return prefix.substring(i);
  }
}
