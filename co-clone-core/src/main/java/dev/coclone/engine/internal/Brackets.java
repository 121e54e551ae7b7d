package dev.coclone.engine.internal;

/**
 * What the brackets open at the end of a context rule out as the next token: a closing bracket
 * that does not match the innermost open one ({@code )} inside a {@code { .. }} block, {@code ]}
 * inside parentheses), and a {@code ;} inside square brackets or inside parentheses other than a
 * {@code for} or {@code try} header; and, by Java's shapes ({@link #closed}), what cannot follow the
 * {@code )} the context ends with: an operator after a statement's header ({@code if (..)}), a block
 * after a call's arguments, anything but a body, {@code ;} or {@code throws} after a method's
 * parameters; a statement's keyword in a type's body and a member's modifier among statements
 * ({@link #block}); {@code else}, {@code catch} and {@code finally} after a block that was not an
 * {@code if}'s or a {@code try}'s ({@link #closedBlock}). The innermost open bracket is found by
 * reading the context backwards (at most {@link #SCAN} tokens, stopping at a file boundary); where
 * none is found nothing is ruled out (a suggestion's window may start inside a block). Immutable
 * after construction; thread-safe.
 */
final class Brackets {
  /** How many tokens back the innermost open bracket is looked for. */
  static final int SCAN = 2048;
  /** What a ruled-out candidate's probability is multiplied by (it stays ranked, last). */
  static final double RULED_OUT = 0.001;

  private final int lparen;
  private final int rparen;
  private final int lbracket;
  private final int rbracket;
  private final int lbrace;
  private final int rbrace;
  private final int semi;
  private final int forKeyword;
  private final int tryKeyword;
  private final int whileKeyword;
  private final int ifKeyword;
  private final int elseKeyword;
  private final int catchKeyword;
  private final int finallyKeyword;
  private final int doKeyword;
  private final int arrow;
  private final int throwsKeyword;
  private final int defaultKeyword;
  /** Keywords whose parenthesis is a statement's header ({@code if (..)}, {@code catch (..)}). */
  private final java.util.BitSet control = new java.util.BitSet();
  /** Modifiers, before a method's or constructor's name. */
  private final java.util.BitSet modifiers = new java.util.BitSet();
  /** Keywords of statements, which a type's body does not hold. */
  private final java.util.BitSet statementKeywords = new java.util.BitSet();
  /** Modifiers of members, which a block of statements does not hold. */
  private final java.util.BitSet memberKeywords = new java.util.BitSet();
  /**
   * What before a <code>{</code> opens a block of statements (<code>-&gt; {</code>, <code>else {</code>,
   * <code>; {</code>).
   */
  private final java.util.BitSet opensStatements = new java.util.BitSet();
  /** Tokens that cannot start a statement: none of them follows a header's {@code )}. */
  private final java.util.BitSet notStatement = new java.util.BitSet();

  /**
   * Looks up the brackets' ids in a vocabulary.
   *
   * @param vocab the vocabulary
   */
  Brackets(Vocabulary vocab) {
    lparen = vocab.lookup("(");
    rparen = vocab.lookup(")");
    lbracket = vocab.lookup("[");
    rbracket = vocab.lookup("]");
    lbrace = vocab.lookup("{");
    rbrace = vocab.lookup("}");
    semi = vocab.lookup(";");
    forKeyword = vocab.lookup("for");
    tryKeyword = vocab.lookup("try");
    whileKeyword = vocab.lookup("while");
    ifKeyword = vocab.lookup("if");
    elseKeyword = vocab.lookup("else");
    catchKeyword = vocab.lookup("catch");
    finallyKeyword = vocab.lookup("finally");
    doKeyword = vocab.lookup("do");
    arrow = vocab.lookup("->");
    throwsKeyword = vocab.lookup("throws");
    defaultKeyword = vocab.lookup("default");
    set(control, vocab, "if", "for", "while", "switch", "catch", "synchronized");
    set(modifiers, vocab, "public", "private", "protected", "static", "final", "abstract", "native", "synchronized",
        "default", "strictfp");
    set(statementKeywords, vocab, "if", "return", "for", "while", "do", "throw", "break", "continue", "try", "switch",
        "else", "catch", "finally", "case", "assert");
    set(memberKeywords, vocab, "public", "private", "protected", "static", "abstract", "native", "transient",
        "volatile", "@Override");
    set(opensStatements, vocab, "->", "else", "try", "finally", "do", "{", ";", "}", ":", "static");
    set(notStatement, vocab, ";", ".", ",", ")", "]", "[", "=", "}", "==", "!=", "&&", "||", "+", "-", "*", "/", "%",
        "?", ":", "<", ">", "<=", ">=", "+=", "-=", "|", "&", "^", "instanceof", "->", "::");
  }

  private static void set(java.util.BitSet set, Vocabulary vocab, String... texts) {
    for (String t : texts) {
      int id = vocab.lookup(t);
      if (id >= 0) {
        set.set(id);
      }
    }
  }

  /**
   * The innermost bracket open at the end of the context, as the id of its opening token, with
   * one bit more when it is the parenthesis of a {@code for} or {@code try} header; -1 when none
   * was found within {@link #SCAN} tokens.
   *
   * @param ctx    context ids (forward)
   * @param ctxLen its length
   * @return the open bracket's id, times two, plus one for a header's parenthesis; or -1
   */
  int innermost(int[] ctx, int ctxLen) {
    int j = innermostAt(ctx, ctxLen);
    if (j < 0) {
      return -1;
    }
    int id = ctx[j];
    boolean header = id == lparen && j > 0 && (ctx[j - 1] == forKeyword || ctx[j - 1] == tryKeyword);
    return 2 * id + (header ? 1 : 0);
  }

  /** The position of the innermost bracket open at the end of the context, or -1 (see {@link #innermost}). */
  private int innermostAt(int[] ctx, int ctxLen) {
    int parens = 0;
    int brackets = 0;
    int braces = 0;
    for (int j = ctxLen - 1; j >= 0 && j >= ctxLen - SCAN; j--) {
      int id = ctx[j];
      if (id == Vocabulary.BOUNDARY) {
        return -1;
      }
      if (id == rparen) {
        parens++;
      } else if (id == rbracket) {
        brackets++;
      } else if (id == rbrace) {
        braces++;
      } else if (id == lparen) {
        if (parens-- == 0) {
          return j;
        }
      } else if (id == lbracket) {
        if (brackets-- == 0) {
          return j;
        }
      } else if (id == lbrace) {
        if (braces-- == 0) {
          return j;
        }
      }
    }
    return -1;
  }

  /** The block the context ends in: not known. */
  static final int BLOCK_UNKNOWN = 0;
  /** ... a type's body (a class, interface, enum, an anonymous class): members, no statements. */
  static final int CLASS_BODY = 1;
  /** ... a block of statements (a method's body, an {@code if}'s block, a lambda's): no member modifiers. */
  static final int STATEMENTS = 2;

  /**
   * What the innermost open brace at the end of the context opened, read by Java's shapes from
   * what comes before it: a type's header (<code>class A extends B {</code>, <code>new Foo() {</code>) opens a
   * {@link #CLASS_BODY}; a method's or a statement's header, {@code ->}, {@code else}, {@code try},
   * {@code do}, another block or a statement opens {@link #STATEMENTS}. Where the innermost open bracket
   * is not a brace, or the header is none of these (an array's initializer), {@link #BLOCK_UNKNOWN}.
   *
   * @param k      the vocabulary's token kinds
   * @param ctx    context ids (forward)
   * @param ctxLen its length
   * @return {@link #BLOCK_UNKNOWN}, {@link #CLASS_BODY} or {@link #STATEMENTS}
   */
  int block(TokenKinds k, int[] ctx, int ctxLen) {
    int at = innermostAt(ctx, ctxLen);
    if (at < 1 || ctx[at] != lbrace) {
      return BLOCK_UNKNOWN;
    }
    int p = previous(ctx, at);
    if (p < 0) {
      return BLOCK_UNKNOWN;
    }
    int id = ctx[p];
    if (id == rparen) {
      return switch (closed(k, ctx, at)) {
        case HEADER, WHILE_HEADER, DECLARATION -> STATEMENTS;
        case ANONYMOUS -> CLASS_BODY;
        default -> BLOCK_UNKNOWN;
      };
    }
    if (opensStatements.get(id)) {
      return STATEMENTS;
    }
    int kind = k.kind(id);
    if (kind == TokenKinds.ASSIGN || kind == TokenKinds.RBRACKET || kind == TokenKinds.COMMA) {
      return BLOCK_UNKNOWN;
    }
    for (int j = p; j >= 0 && j > p - 64; j--) {
      int kj = k.kind(ctx[j]);
      if (kj == TokenKinds.TYPEDECL) {
        return CLASS_BODY;
      }
      if (kj == TokenKinds.THROWS) {
        return STATEMENTS;
      }
      if (kj == TokenKinds.SEMI || kj == TokenKinds.LBRACE || kj == TokenKinds.RBRACE || kj == TokenKinds.LPAREN
          || kj == TokenKinds.RPAREN || kj == TokenKinds.ASSIGN || ctx[j] == Vocabulary.BOUNDARY) {
        return BLOCK_UNKNOWN;
      }
    }
    return BLOCK_UNKNOWN;
  }

  /** The block a <code>}</code> at the end of the context closed: not known. */
  static final int CLOSED_UNKNOWN = 0;
  /** ... an {@code if}'s: {@code else} may follow. */
  static final int CLOSED_IF = 1;
  /** ... a {@code try}'s or a {@code catch}'s: {@code catch} and {@code finally} may follow. */
  static final int CLOSED_TRY = 2;
  /** ... another block whose header was read (a method's, a loop's, an {@code else}'s): none of them follows. */
  static final int CLOSED_OTHER = 3;

  /**
   * What the block that the <code>}</code> ending the context closed was opened by, read by Java's shapes:
   * for what may follow it ({@code else} after an {@code if}'s block, {@code catch} and {@code finally}
   * after a {@code try}'s or a {@code catch}'s).
   *
   * @param k      the vocabulary's token kinds
   * @param ctx    context ids (forward)
   * @param ctxLen its length
   * @return {@link #CLOSED_UNKNOWN}, {@link #CLOSED_IF}, {@link #CLOSED_TRY} or {@link #CLOSED_OTHER}
   */
  int closedBlock(TokenKinds k, int[] ctx, int ctxLen) {
    int end = previous(ctx, ctxLen);
    if (end < 1 || ctx[end] != rbrace) {
      return CLOSED_UNKNOWN;
    }
    int at = innermostAt(ctx, end);
    if (at < 1 || ctx[at] != lbrace) {
      return CLOSED_UNKNOWN;
    }
    int q = previous(ctx, at);
    if (q < 0) {
      return CLOSED_UNKNOWN;
    }
    int id = ctx[q];
    if (id == tryKeyword) {
      return CLOSED_TRY;
    }
    if (id == elseKeyword || id == finallyKeyword || id == doKeyword || id == arrow) {
      return CLOSED_OTHER;
    }
    if (id != rparen) {
      return CLOSED_UNKNOWN;
    }
    int depth = 0;
    for (int j = q; j >= 0 && j > q - SCAN; j--) {
      if (ctx[j] == Vocabulary.BOUNDARY) {
        return CLOSED_UNKNOWN;
      }
      if (ctx[j] == rparen) {
        depth++;
      } else if (ctx[j] == lparen && --depth == 0) {
        int h = previous(ctx, j);
        if (h < 0) {
          return CLOSED_UNKNOWN;
        }
        int header = ctx[h];
        if (header == ifKeyword) {
          return CLOSED_IF;
        }
        if (header == catchKeyword || header == tryKeyword) {
          return CLOSED_TRY;
        }
        return control.get(header) || closed(k, ctx, q + 1) == DECLARATION ? CLOSED_OTHER : CLOSED_UNKNOWN;
      }
    }
    return CLOSED_UNKNOWN;
  }

  /**
   * True if the token cannot follow a block closed as {@link #closedBlock} said.
   *
   * @param id     the candidate
   * @param closed what {@link #closedBlock} returned
   * @return whether that rules it out
   */
  boolean rulesOutAfterBlock(int id, int closed) {
    if (closed == CLOSED_UNKNOWN) {
      return false;
    }
    if (id == elseKeyword) {
      return closed != CLOSED_IF;
    }
    return (id == catchKeyword || id == finallyKeyword) && closed != CLOSED_TRY;
  }

  /**
   * True if the token cannot come in a block of the kind {@link #block} said: a statement's keyword
   * in a type's body, a member's modifier among statements.
   *
   * @param id    the candidate
   * @param block what {@link #block} returned
   * @return whether that rules it out
   */
  boolean rulesOutIn(int id, int block) {
    return block == CLASS_BODY ? statementKeywords.get(id) : block == STATEMENTS && memberKeywords.get(id);
  }

  /**
   * True if the token cannot come next where {@link #innermost} said {@code open}.
   *
   * @param id   the candidate
   * @param open what {@link #innermost} returned
   * @return whether the brackets rule it out
   */
  boolean rulesOut(int id, int open) {
    if (open < 0 || id < 0) {
      return false;
    }
    int opener = open >> 1;
    if (id == rparen) {
      return opener != lparen;
    }
    if (id == rbracket) {
      return opener != lbracket;
    }
    if (id == rbrace) {
      return opener != lbrace;
    }
    return id == semi && (opener == lparen && (open & 1) == 0 || opener == lbracket);
  }

  /** What a {@code )} at the end of the context closed: nothing known. */
  static final int UNKNOWN = 0;
  /** ... a statement's header ({@code if (..)}): a statement comes next. */
  static final int HEADER = 1;
  /** ... a {@code while (..)} header, which may also end a {@code do} loop. */
  static final int WHILE_HEADER = 2;
  /** ... a method's arguments ({@code x.foo(..)}, {@code = foo(..)}): no block follows. */
  static final int CALL = 3;
  /** ... a method's or constructor's parameters ({@code void foo(..)}): its body, {@code ;} or {@code throws}. */
  static final int DECLARATION = 4;
  /** ... the arguments of {@code new Foo(..)}: an anonymous class's body may follow. */
  static final int ANONYMOUS = 5;

  /**
   * What the parenthesis that ends the context closed, read by Java's shapes: the keyword or name
   * before its {@code (} and, for a name, what comes before the name (a type or modifier for a
   * declaration; a dot, an operator or a keyword for a call). {@code new Foo(..)} (which an anonymous
   * class's body may follow), a name after a lower-case name, a {@code >}, a {@code )} or a <code>{</code>
   * (generic results, annotations, enum constants) are {@link #UNKNOWN}.
   *
   * @param k      the vocabulary's token kinds
   * @param ctx    context ids (forward)
   * @param ctxLen its length
   * @return {@link #UNKNOWN}, {@link #HEADER}, {@link #WHILE_HEADER}, {@link #CALL} or {@link #DECLARATION}
   */
  int closed(TokenKinds k, int[] ctx, int ctxLen) {
    int end = previous(ctx, ctxLen);
    if (end < 2 || ctx[end] != rparen) {
      return UNKNOWN;
    }
    int depth = 0;
    int open = -1;
    for (int j = end; j >= 0 && j >= ctxLen - SCAN; j--) {
      int id = ctx[j];
      if (id == Vocabulary.BOUNDARY) {
        return UNKNOWN;
      }
      if (id == rparen) {
        depth++;
      } else if (id == lparen && --depth == 0) {
        open = j;
        break;
      }
    }
    int name = previous(ctx, open);
    if (name < 1) {
      return UNKNOWN;
    }
    int x = ctx[name];
    if (control.get(x)) {
      return x == whileKeyword ? WHILE_HEADER : HEADER;
    }
    int kx = k.kind(x);
    if (!TokenKinds.isName(kx) || kx == TokenKinds.NAME_UPPER && isConstant(k.vocab().text(x))) {
      // An enum constant (A(1), B(2) { .. }) or not a name at all.
      return UNKNOWN;
    }
    int b = previous(ctx, name);
    boolean dotted = false;
    while (b >= 1 && k.kind(ctx[b]) == TokenKinds.DOT) {
      int n = previous(ctx, b);
      if (n < 1 || !TokenKinds.isName(k.kind(ctx[n]))) {
        break;
      }
      dotted = true;
      b = previous(ctx, n);
    }
    if (b < 0) {
      return UNKNOWN;
    }
    int before = ctx[b];
    int kb = k.kind(before);
    if (before == Vocabulary.BOUNDARY) {
      return UNKNOWN;
    }
    if (kb == TokenKinds.NEW) {
      // new Foo(..) { .. } is an anonymous class.
      return ANONYMOUS;
    }
    if (dotted) {
      return CALL;
    }
    return switch (kb) {
      // A generic result or an annotation before a declaration, a record's header, a name after a
      // lower-case name: not read here.
      case TokenKinds.GT, TokenKinds.GT2, TokenKinds.GT3, TokenKinds.RPAREN, TokenKinds.NAME_LOWER,
          TokenKinds.TYPEDECL, TokenKinds.LT -> UNKNOWN;
      case TokenKinds.PRIMITIVE, TokenKinds.NAME_UPPER, TokenKinds.RBRACKET -> DECLARATION;
      // After a statement or a block's start: a constructor (Foo) or a call (foo); a name the corpus
      // never saw may be either.
      case TokenKinds.SEMI, TokenKinds.RBRACE, TokenKinds.LBRACE ->
          !k.known(x) ? UNKNOWN : kx == TokenKinds.NAME_UPPER ? DECLARATION : CALL;
      default -> modifiers.get(before) ? DECLARATION : CALL;
    };
  }

  /** The last position before {@code end} that is not a layout marker (line break, indent, dedent), or -1. */
  private static int previous(int[] ctx, int end) {
    int j = end - 1;
    while (j >= 0 && ctx[j] != Vocabulary.BOUNDARY && Vocabulary.isLayoutId(ctx[j])) {
      j--;
    }
    return j;
  }

  /** True for a name in capitals (an enum constant's {@code FOO_BAR}). */
  private static boolean isConstant(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (Character.isLowerCase(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if the token cannot come after a {@code )} that closed what {@link #closed} said.
   *
   * @param id     the candidate
   * @param closed what {@link #closed} returned
   * @return whether that rules it out
   */
  boolean rulesOutAfter(int id, int closed) {
    return switch (closed) {
      case HEADER -> notStatement.get(id);
      case WHILE_HEADER -> id != semi && notStatement.get(id);
      case CALL -> id == lbrace;
      case DECLARATION -> id != lbrace && id != semi && id != throwsKeyword && id != defaultKeyword;
      default -> false;
    };
  }

  /**
   * Lowers the candidates of a ranking that the open brackets rule out to {@link #RULED_OUT} of
   * their probability, keeping the others' order (and probabilities).
   *
   * @param r      the ranking
   * @param ctx    context ids (forward)
   * @param ctxLen its length
   * @param kinds  the vocabulary's token kinds, for what a {@code )} closed ({@link #closed}: Java's
   *               shapes), or null to read the brackets alone
   */
  void lower(Predictor.Ranking r, int[] ctx, int ctxLen, TokenKinds kinds) {
    int open = -2;
    int after = kinds == null ? UNKNOWN : closed(kinds, ctx, ctxLen);
    int block = -1;
    int closedBlock = -1;
    boolean lowered = false;
    for (int i = 0; i < r.size; i++) {
      int id = r.ids[i];
      boolean out = after != UNKNOWN && rulesOutAfter(id, after);
      if (!out && kinds != null && id >= 0 && (statementKeywords.get(id) || memberKeywords.get(id))) {
        if (block < 0) {
          block = block(kinds, ctx, ctxLen);
        }
        out = rulesOutIn(id, block);
      }
      if (!out && kinds != null && id >= 0 && (id == elseKeyword || id == catchKeyword || id == finallyKeyword)) {
        if (closedBlock < 0) {
          closedBlock = closedBlock(kinds, ctx, ctxLen);
        }
        out = rulesOutAfterBlock(id, closedBlock);
      }
      if (!out && (id == rparen || id == rbracket || id == rbrace || id == semi)) {
        if (open == -2) {
          open = innermost(ctx, ctxLen);
        }
        out = rulesOut(id, open);
      }
      if (out) {
        r.probs[i] *= RULED_OUT;
        lowered = true;
      }
    }
    if (!lowered) {
      return;
    }
    // A stable insertion sort: the few lowered candidates move down, the others keep their order.
    for (int i = 1; i < r.size; i++) {
      r.place(i, r.ids[i], r.probs[i]);
    }
  }
}
