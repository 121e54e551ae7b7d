package dev.coclone.engine.internal;

/**
 * The type of the expression before a {@code .}, read from the tokens before the cursor by shape:
 * a variable, parameter or field declared with a named type ({@code Foo x =}, {@code Map<K, V> m;},
 * {@code (Foo x,}, {@code var x = new Foo(}), a class name (static members), {@code new Foo(..)},
 * and chains through the corpus's declarations ({@code x.field.}, {@code x.method(..).}).
 */
public final class ReceiverTypes {
  /** How far back a declaration is looked for. */
  private static final int SCAN = 20_000;
  /** How many links of a chain are followed. */
  private static final int CHAIN = 4;

  private ReceiverTypes() {}

  /**
   * The type of the receiver when the context ends with {@code .}, or -1.
   *
   * @param d      the corpus's declarations
   * @param ctx    the context ids (forward)
   * @param ctxLen its length
   * @return the receiver's type name id, or -1
   */
  public static int beforeDot(Declarations d, int[] ctx, int ctxLen) {
    return beforeDot(d, ctx, ctxLen, SCAN);
  }

  /**
   * True when the context ends with a type's name and {@code .} ({@code Foo.}): then the names that
   * can follow are the type's static members, nested types and constants ({@link
   * Declarations#staticMembers}), not its instance members.
   *
   * @param d      the corpus's declarations
   * @param ctx    the context ids (forward)
   * @param ctxLen its length
   * @return true after a declared type's name and a dot
   */
  public static boolean afterTypeName(Declarations d, int[] ctx, int ctxLen) {
    if (ctxLen < 2 || d.kinds().kind(ctx[ctxLen - 1]) != TokenKinds.DOT) {
      return false;
    }
    int name = ctx[ctxLen - 2];
    return d.kinds().kind(name) == TokenKinds.NAME_UPPER && d.isType(name)
        && (ctxLen < 3 || d.kinds().kind(ctx[ctxLen - 3]) != TokenKinds.DOT);
  }

  static int beforeDot(Declarations d, int[] ctx, int ctxLen, int scan) {
    if (ctxLen < 2 || d.kinds().kind(ctx[ctxLen - 1]) != TokenKinds.DOT) {
      return -1;
    }
    return typeAt(d, ctx, ctxLen - 2, 0, scan);
  }

  private static int typeAt(Declarations d, int[] ctx, int end, int depth, int scan) {
    if (end < 0 || depth > CHAIN) {
      return -1;
    }
    TokenKinds k = d.kinds();
    int id = ctx[end];
    int kind = k.kind(id);
    if (TokenKinds.isName(kind)) {
      if (end > 0 && k.kind(ctx[end - 1]) == TokenKinds.DOT) {
        int owner = typeAt(d, ctx, end - 2, depth + 1, scan);
        return owner < 0 ? -1 : d.memberType(owner, id);
      }
      if (kind == TokenKinds.NAME_UPPER && d.isType(id)) {
        return id; // a class name, for its static members (read first: it needs no scan)
      }
      return declaredType(k, ctx, end, scan);
    }
    if (kind == TokenKinds.RPAREN) {
      int open = matchingOpen(k, ctx, end);
      if (open < 1) {
        return -1;
      }
      int before = ctx[open - 1];
      int bk = k.kind(before);
      if (TokenKinds.closes(bk) > 0) {
        return open > 1 ? TokenKinds.typeEndingAt(k, ctx, open - 1) : -1; // new Foo<>(..)
      }
      if (!TokenKinds.isName(bk)) {
        return -1;
      }
      int prev = open >= 2 ? k.kind(ctx[open - 2]) : TokenKinds.OTHER;
      if (prev == TokenKinds.NEW) {
        return before;
      }
      if (prev == TokenKinds.DOT) {
        int owner = typeAt(d, ctx, open - 3, depth + 1, scan);
        return owner < 0 ? -1 : d.memberType(owner, before);
      }
    }
    return -1;
  }

  /** The position of the {@code (} that the {@code )} at end closes, or -1. */
  private static int matchingOpen(TokenKinds k, int[] ctx, int end) {
    int depth = 0;
    for (int j = end; j >= 0 && j > end - 2_000; j--) {
      int kj = k.kind(ctx[j]);
      if (kj == TokenKinds.RPAREN) {
        depth++;
      } else if (kj == TokenKinds.LPAREN && --depth == 0) {
        return j;
      } else if (kj == TokenKinds.SEMI || kj == TokenKinds.LBRACE || kj == TokenKinds.RBRACE) {
        return -1;
      }
    }
    return -1;
  }

  /** The named type the nearest declaration of the name before end gives it, or -1. */
  private static int declaredType(TokenKinds k, int[] ctx, int end, int scan) {
    int name = ctx[end];
    for (int j = end - 1; j > 0 && j > end - scan; j--) {
      if (ctx[j] == Vocabulary.BOUNDARY) {
        return -1;
      }
      if (ctx[j] != name) {
        continue;
      }
      int next = k.kind(ctx[j + 1]);
      if (next != TokenKinds.ASSIGN && next != TokenKinds.SEMI && next != TokenKinds.COMMA
          && next != TokenKinds.RPAREN && next != TokenKinds.COLON) {
        continue;
      }
      int type = TokenKinds.typeEndingAt(k, ctx, j - 1);
      if (type >= 0) {
        return type;
      }
      if (next == TokenKinds.ASSIGN && j + 3 <= end && k.kind(ctx[j + 2]) == TokenKinds.NEW
          && k.kind(ctx[j + 3]) == TokenKinds.NAME_UPPER) {
        return ctx[j + 3]; // var x = new Foo(
      }
      int prev = k.kind(ctx[j - 1]);
      if (prev == TokenKinds.PRIMITIVE || prev == TokenKinds.RBRACKET) {
        return -1; // a primitive or an array
      }
    }
    return -1;
  }
}
