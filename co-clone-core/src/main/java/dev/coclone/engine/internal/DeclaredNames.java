package dev.coclone.engine.internal;

/**
 * The names declared in the blocks that enclose the end of a context, read backwards from it by
 * shape over its last {@link #SCAN} tokens, for ranking the next token: a lower-case name after a
 * type ({@code Foo x}, {@code Map<K, V> m}, {@code int[] a}, {@code int n}) and before {@code =},
 * {@code ;}, {@code ,}, {@code )} or {@code :} is a local, a parameter or a field; one inside a block
 * that closed before the end of the context ({@code { .. }}), or in its header ({@code for (Item item
 * : items) { .. }}), is not in scope and is left out. Each
 * is marked unused when the context has not named it since its declaration: a parameter or local
 * not used yet is likely to be used next. Only where the next token can be a name of an expression
 * (not after a dot, a name, a type or a closing bracket) is anything read. Not thread-safe.
 */
final class DeclaredNames {
  /** How many tokens back declarations are looked for (256 ranked as 128 on a dev split). */
  static final int SCAN = 128;
  /** Most names kept. */
  static final int MAX = 32;

  private final int[] ids = new int[MAX];
  private final boolean[] unused = new boolean[MAX];
  private int size;

  /** Number of names read by the last {@link #read}. */
  int size() {
    return size;
  }

  /** The i-th name's id, nearest declaration first. */
  int id(int i) {
    return ids[i];
  }

  /** True if the i-th name was not named again after its (nearest) declaration. */
  boolean unused(int i) {
    return unused[i];
  }

  /**
   * Reads the names declared in the blocks enclosing the end of the context.
   *
   * @param k      the vocabulary's token kinds (ids it does not hold are lower-case names)
   * @param ctx    the context ids (forward)
   * @param ctxLen its length
   * @return how many were read (0 where the next token is not a name of an expression)
   */
  int read(TokenKinds k, int[] ctx, int ctxLen) {
    size = 0;
    if (ctxLen < 2 || !expressionNext(k.kind(ctx[ctxLen - 1]))) {
      return 0;
    }
    int depth = 0;
    // In the header of a block that closed before the end ({@code for (Item item : items) { .. }}).
    boolean header = false;
    int parens = 0;
    for (int j = ctxLen - 1; j > 0 && j >= ctxLen - SCAN && size < MAX; j--) {
      int id = ctx[j];
      if (id == Vocabulary.BOUNDARY) {
        break;
      }
      int kind = k.kind(id);
      if (kind == TokenKinds.RBRACE) {
        depth++;
        header = false;
      } else if (kind == TokenKinds.LBRACE) {
        header = depth == 1;
        parens = 0;
        depth = Math.max(0, depth - 1);
      } else if (kind == TokenKinds.RPAREN) {
        parens++;
      } else if (kind == TokenKinds.LPAREN) {
        parens--;
      } else if (kind == TokenKinds.SEMI && parens <= 0) {
        header = false;
      } else if (kind == TokenKinds.NAME_LOWER) {
        if (depth == 0 && !header && j + 1 < ctxLen && declares(k, ctx, j)) {
          unused[size] = !namedIn(ctx, j + 2, ctxLen, id);
          ids[size++] = id;
        }
      }
    }
    return size;
  }

  /** True if the id occurs in ctx[from, to). */
  private static boolean namedIn(int[] ctx, int from, int to, int id) {
    for (int j = from; j < to; j++) {
      if (ctx[j] == id) {
        return true;
      }
    }
    return false;
  }

  /** True if the name at j is declared there: a type before it, and after it what ends a declarator. */
  private static boolean declares(TokenKinds k, int[] ctx, int j) {
    int next = k.kind(ctx[j + 1]);
    if (next != TokenKinds.ASSIGN && next != TokenKinds.SEMI && next != TokenKinds.COMMA
        && next != TokenKinds.RPAREN && next != TokenKinds.COLON) {
      return false;
    }
    int before = k.kind(ctx[j - 1]);
    return before == TokenKinds.PRIMITIVE || before == TokenKinds.RBRACKET
        || TokenKinds.typeEndingAt(k, ctx, j - 1) >= 0;
  }

  /** True if a name of an expression may follow a token of this kind. */
  private static boolean expressionNext(int prev) {
    return switch (prev) {
      case TokenKinds.DOT, TokenKinds.NAME_LOWER, TokenKinds.NAME_UPPER, TokenKinds.PRIMITIVE,
          TokenKinds.RBRACKET, TokenKinds.GT, TokenKinds.GT2, TokenKinds.GT3, TokenKinds.RPAREN,
          TokenKinds.TYPEDECL, TokenKinds.LT -> false;
      default -> true;
    };
  }
}
