package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coclone.source.CodeLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuggestionCheckTest {
  private static SuggestionCheck.Outcome check(String language, String prefix, String suffix, String suggestion) {
    Scope scope = CursorScopes.at(language, prefix, suffix);
    return new SuggestionCheck(language, prefix, suffix, new CodeLexer(language).lex(prefix), scope,
        scope.definitions()).check(suggestion);
  }

  private static final String PY = "def count(text):\n    return len(text)\n\n\ndef sort_by_frequency(arr):\n"
      + "    \"\"\"Return the elements of arr sorted by how often they occur.\"\"\"\n    ";

  @Test
  void aPythonBodyStartingWithACloserWorsensSyntax() {
    assertEquals(SuggestionCheck.Problem.WORSENS_SYNTAX, check("python", PY, "\n", "):").problem());
  }

  @Test
  void reopeningAnExistingFunctionIsHeldBackAndABlockIsCutBeforeIt() {
    SuggestionCheck.Outcome o = check("python", PY, "\n", "counts = {}\ndef sort_by_frequency(items):\n    pass");
    assertEquals("counts = {}", o.text());
    assertEquals(SuggestionCheck.Problem.REDEFINES, o.problem());
  }

  @Test
  void aNameFromAnotherFunctionIsOutOfScope() {
    SuggestionCheck.Outcome o = check("python", PY, "\n", "return sorted(arr, key=text.count)");
    assertEquals(SuggestionCheck.Problem.OUT_OF_SCOPE, o.problem());
    assertEquals("", o.text());
  }

  @Test
  void namesInScopeAndKeywordArgumentsPass() {
    SuggestionCheck.Outcome o = check("python", PY, "\n", "return sorted(arr, key=arr.count, reverse=True)");
    assertNull(o.problem(), o.detail());
    assertEquals("return sorted(arr, key=arr.count, reverse=True)", o.text());
  }

  @Test
  void repeatingTheLineAfterTheCursorIsHeldBack() {
    SuggestionCheck.Outcome o = check("javascript", "function f(a) {\n  ", "\n  return a + 1;\n}\n",
        "return a + 1;");
    assertEquals(SuggestionCheck.Problem.REPEATS, o.problem());
  }

  @Test
  void aWordFinishedAtTheLineEndIsNoCopyOfTheNextLine() {
    String java = "class A {\n  String path;\n  boolean f(A that) {\n    return that.path.length() > this.pa";
    assertNull(check("java", java, "\n        that.path.startsWith(this.path);\n  }\n}\n", "th").problem());
    assertEquals(SuggestionCheck.Problem.REPEATS,
        check("java", java, "th\n  }\n}\n", "th").problem(), "what follows on the cursor's own line");
  }

  @Test
  void aRowOfATableOfLiteralsMayRepeatTheRowBefore() {
    String java = "class A extends B {\n  static final String T =\n    \"\\uFFFD\\uFFFD\" +\n    \"\\uFFFD";
    assertNull(check("java", java, "\n    \"x\";\n}\n", "\\uFFFD\" +").problem());
    String imports = "import java.io.IOException;\nimport java.i";
    assertEquals(SuggestionCheck.Problem.REPEATS, check("java", imports, "\nclass A {}\n", "o.IOException;").problem());
  }

  @Test
  void aStatementEndInsideACallWorsensSyntax() {
    SuggestionCheck.Outcome o = check("javascript", "function f(xs, done) {\n  return xs.filter(",
        "\n}\n", "x => x.done = done;");
    assertEquals(SuggestionCheck.Problem.WORSENS_SYNTAX, o.problem());
  }

  @Test
  void aMemberTheClassDoesNotHaveIsHeldBack() {
    String js = "class T {\n  constructor(id) {\n    this.id = id;\n  }\n  get() {\n    return ";
    assertEquals(SuggestionCheck.Problem.OUT_OF_SCOPE, check("javascript", js, "\n  }\n}\n", "this.name;").problem());
    assertNull(check("javascript", js, "\n  }\n}\n", "this.id;").problem());
  }

  @Test
  void aMethodNamedLikeOneOfAnotherClassIsNoRedefinition() {
    String py = "class Reader:\n    def fileno(self):\n        return 0\n\n\nclass Writer:\n    ";
    assertNull(check("python", py, "\n", "def fileno(self):").problem());
    String same = "class Reader:\n    def fileno(self):\n        return 0\n\n    def size(self):\n        n = 1\n"
        + "        return n\n\n    ";
    assertEquals(SuggestionCheck.Problem.REDEFINES, check("python", same, "\n", "def fileno(self):").problem());
    String java = "class Outer {\n  static class A {\n    int size() {\n      return 0;\n    }\n  }\n\n"
        + "  static class B {\n    ";
    assertNull(check("java", java, "\n  }\n}\n", "int size() {").problem());
    assertEquals(SuggestionCheck.Problem.REDEFINES,
        check("java", "class A {\n  int size() {\n    return 0;\n  }\n\n  ", "\n}\n", "int size() {").problem());
  }

  @Test
  void aHeaderWhoseNameAndParametersTheUserTypedIsTheirsNotARedefinition() {
    String cls = "import java.io.*;\nclass Out extends OutputStream {\n  public void write(byte[] b) throws IOException {\n"
        + "    out.write(b);\n  }\n\n";
    // The user wrote the overload's name and parameters: finishing its header re-opens nothing.
    SuggestionCheck.Outcome typed = check("java", cls + "  public void write(int b) throw", "\n}\n", "s IOException {");
    assertNull(typed.problem());
    assertEquals("s IOException {", typed.text());
    assertNull(check("java", cls + "  public void write(int b) ", "\n}\n", "throws IOException {").problem());
    // Where the suggestion writes the parameters, the clash is the suggestion's own.
    assertEquals(SuggestionCheck.Problem.REDEFINES,
        check("java", cls + "  public void write(", "\n}\n", "int b) throws IOException {").problem());
    assertEquals(SuggestionCheck.Problem.REDEFINES,
        check("java", cls + "  public void wri", "\n}\n", "te(int b) throws IOException {").problem());
  }

  /** The declarations of Java code, as the engine reads them from its corpus. */
  private static Declarations declarations(String java) {
    Vocabulary vocab = new Vocabulary();
    int[] forward = new CodeLexer("java").lex(java).stream().mapToInt(t -> vocab.id(t.text())).toArray();
    int[] reversed = new int[forward.length];
    for (int i = 0; i < forward.length; i++) {
      reversed[i] = forward[forward.length - 1 - i];
    }
    java.util.BitSet files = new java.util.BitSet();
    files.set(0);
    return Declarations.read(reversed, vocab, new int[] {0}, files);
  }

  private static SuggestionCheck.Outcome typed(String prefix, String suggestion, Declarations d) {
    CodeLexer lexer = new CodeLexer("java");
    List<CodeLexer.Tok> prefixToks = lexer.lex(prefix);
    int start = prefix.length();
    while (start > 0 && Character.isJavaIdentifierPart(prefix.charAt(start - 1))) {
      start--;
    }
    String partial = prefix.substring(start);
    List<CodeLexer.Tok> toks = new ArrayList<>(prefixToks);
    Scope scope = ScopeReader.read("java", toks, toks.size(), 4, toks.size(), toks.size());
    return new SuggestionCheck("java", prefix, "\n  }\n}\n", prefixToks, scope, Set.of(), partial, d)
        .check(suggestion);
  }

  private static final String SHOP = """
      class PriceCalculator {
        double total(double net) { return net; }
      }
      class Base {
        int id;
      }
      class Shop extends Base implements Named {
        int size() { return 0; }
      }
      interface Named {
        String name();
      }
      """;

  @Test
  void aNewObjectWhoseKnownHierarchyIsNotTheDeclaredTypeIsHeldBack() {
    Declarations d = declarations(SHOP);
    String method = "class Use {\n  void use() {\n    ";
    SuggestionCheck.Outcome o = typed(method + "List<String> names = new ", "PriceCalculator(0.2);", d);
    assertEquals(SuggestionCheck.Problem.WRONG_TYPE, o.problem());
    assertEquals("", o.text());
    assertEquals("it makes a PriceCalculator, which is no List", o.detail());
    assertEquals(SuggestionCheck.Problem.WRONG_TYPE,
        typed(method + "Map<String, List<Integer>> byName = new ", "Shop();", d).problem());
    assertEquals(SuggestionCheck.Problem.WRONG_TYPE, typed(method + "Named[] all = new ", "Base[0];", d).problem());
    // The name being typed is finished by the suggestion: still checked.
    assertEquals(SuggestionCheck.Problem.WRONG_TYPE,
        typed(method + "List<String> names = new Pri", "ceCalculator(0.2);", d).problem());
  }

  @Test
  void aNewObjectThatFitsOrIsUnknownOrWasTypedPasses() {
    Declarations d = declarations(SHOP);
    String method = "class Use {\n  void use() {\n    ";
    assertNull(typed(method + "PriceCalculator p = new ", "PriceCalculator(0.2);", d).problem());
    assertNull(typed(method + "Base b = new ", "Shop();", d).problem(), "a subclass");
    assertNull(typed(method + "Named n = new ", "Shop();", d).problem(), "an implementation");
    assertNull(typed(method + "Object o = new ", "Shop();", d).problem(), "anything is an Object");
    assertNull(typed(method + "var p = new ", "PriceCalculator(0.2);", d).problem(), "var takes what comes");
    assertNull(typed(method + "List<String> names = new ", "ArrayList<>();", d).problem(),
        "ArrayList's hierarchy is not known here");
    assertNull(typed(method + "List<String> names = new PriceCalculator", "(0.2);", d).problem(),
        "what the user typed is not the suggestion's doing");
    assertNull(typed(method + "boolean less = a < b && c > d; x = new ", "Shop();", d).problem(),
        "no declaration: an assignment");
    assertNull(typed(method + "List<String> names = new ", "PriceCalculator(0.2);", null).problem(),
        "no declarations, no type check");
  }

  private static final String JAVA = "class Reader {\n  private int count;\n\n  int size(List<String> names) {\n"
      + "    int limit = 3;\n    Handle handle = open();\n    return Math.min(count, limit + names.size() + handle.size());\n"
      + "  }\n\n";

  @Test
  void aJavaNameRightAfterATypeIsBeingDeclaredNotUsedOutOfScope() {
    // Each name is declared in size() too, a scope that does not enclose the cursor; the suggestions end
    // before anything that would tell the scope reader that they declare it.
    assertNull(check("java", JAVA + "  public int read(byte[] b, int li", "\n}\n", "mit").problem());
    assertNull(check("java", JAVA + "  int sum(List<String> na", "\n}\n", "mes").problem());
    assertNull(check("java", JAVA + "  int sum(int[] li", "\n}\n", "mit").problem());
    assertNull(check("java", JAVA + "  int total() {\n    Handle ha", "\n  }\n}\n", "ndle").problem());
  }

  @Test
  void aJavaNameUsedOutOfScopeIsStillHeldBack() {
    assertEquals(SuggestionCheck.Problem.OUT_OF_SCOPE,
        check("java", JAVA + "  int total() {\n    return co", "\n  }\n}\n", "unt + limit;").problem());
    assertEquals(SuggestionCheck.Problem.OUT_OF_SCOPE,
        check("java", JAVA + "  boolean full() {\n    return count < ", "\n  }\n}\n", "handle.size();").problem());
  }
}
