package dev.coclone.engine.internal;

import java.util.Set;

/**
 * Reweights next-token candidates by what is in scope at the cursor: names that parameters,
 * locals, fields and imports declare there are raised, names declared only in scopes that do not
 * enclose the cursor are lowered, and after {@code this.} or {@code self.} the class's members are
 * raised and names it does not have are lowered.
 */
public final class ScopeWeights {
  /** How much a name in scope is raised. */
  static final double IN_SCOPE = 2.5;
  /** How much a name in scope is raised in Java (java.base's dev splits; Python's gained nothing from more). */
  static final double JAVA_IN_SCOPE = 3.5;
  /** How much a member of the enclosing class is raised after this./self. */
  static final double MEMBER = 2.0;
  /** How much a name the enclosing function declared but has not used yet is raised. */
  static final double UNUSED = 10;
  /** What an out-of-scope name keeps of its probability. */
  static final double OUT = 0.02;

  private static final Set<String> DECLARING = Set.of("const", "let", "var", "def", "class", "function", "for",
      "as", "lambda", "import", "catch", "interface", "enum", "record", "global", "nonlocal");

  /** Keywords that end a phrase as well as any name does. */
  private static final Set<String> COMPLETE_KEYWORDS = Set.of("this", "super", "null", "true", "false", "True",
      "False", "None", "break", "continue", "pass", "else", "try", "finally", "default", "undefined");
  private static final Set<String> PYTHON_KEYWORDS = Set.of("and", "as", "assert", "async", "await", "class", "def",
      "del", "elif", "except", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
      "raise", "return", "while", "with", "yield");

  private final String language;
  private final Scope scope;

  /**
   * Weights for one cursor.
   *
   * @param language language id
   * @param scope    the scope at the cursor
   */
  public ScopeWeights(String language, Scope scope) {
    this.language = language;
    this.scope = scope;
  }

  /**
   * The factor for a candidate.
   *
   * @param candidate   the candidate's text
   * @param prev        the text of the token before it ("" if none)
   * @param prevPrev    the text of the token before that ("" if none)
   * @param seenOnLine  true if the name already occurs in the statement being written (it may be
   *                    declared there, e.g. a lambda parameter)
   * @param declares    true if the model's next token after it would declare it ({@code =>}, {@code =})
   * @return a factor, 1 for tokens this knows nothing about
   */
  public double factor(String candidate, String prev, String prevPrev, boolean seenOnLine, boolean declares) {
    if (!ScopeReader.isName(candidate) || Keywords.always(language, candidate)) {
      return 1;
    }
    if (prev.equals(".")) {
      boolean self = prevPrev.equals("this") || prevPrev.equals("self") && "python".equals(language);
      if (self) {
        if (scope.members().contains(candidate)) {
          return MEMBER;
        }
        return scope.notAMember(candidate) ? OUT : 1;
      }
      // A parameter often names the property it is compared with (todo.completed === completed).
      if (scope.unused().contains(candidate) && scope.allMembers().contains(candidate)) {
        return UNUSED;
      }
      return scope.inScope().contains(candidate) ? inScope() / 2 : 1;
    }
    if (DECLARING.contains(prev) || declares) {
      return 1;
    }
    if (scope.unused().contains(candidate)) {
      return UNUSED;
    }
    if (scope.inScope().contains(candidate)) {
      // Java's x = x assigns a name to itself (int x = x does not compile): the name is not raised there.
      boolean java = "java".equals(language);
      return java && prev.equals("=") && prevPrev.equals(candidate) ? 1 : java ? JAVA_IN_SCOPE : IN_SCOPE;
    }
    if (!seenOnLine && scope.outOfScope(candidate)) {
      return OUT;
    }
    return 1;
  }

  /** How much a name in scope is raised in this language. */
  private double inScope() {
    return "java".equals(language) ? JAVA_IN_SCOPE : IN_SCOPE;
  }

  /** True if the member candidate names a parameter the function has not used yet (it should lead). */
  public boolean promoted(String candidate, String prev, String prevPrev) {
    return prev.equals(".") && !prevPrev.equals("this") && !prevPrev.equals("self")
        && scope.unused().contains(candidate) && scope.allMembers().contains(candidate);
  }

  /** True for a keyword that cannot end a statement ({@code if}, {@code return}, {@code final}, {@code def}). */
  public boolean keywordNeedingMore(String token) {
    if (COMPLETE_KEYWORDS.contains(token)) {
      return false;
    }
    return switch (language) {
      case "python" -> PYTHON_KEYWORDS.contains(token);
      case "java" -> Keywords.JAVA.contains(token) || Keywords.JAVA_PRIMITIVES.contains(token);
      default -> Keywords.JS.contains(token);
    };
  }

  /** True if the candidate is a name the scope would lower (worth a look at what follows it). */
  public boolean wouldLower(String candidate, String prev) {
    return ScopeReader.isName(candidate) && !prev.equals(".") && !DECLARING.contains(prev)
        && !Keywords.always(language, candidate) && !scope.inScope().contains(candidate)
        && scope.outOfScope(candidate);
  }
}
