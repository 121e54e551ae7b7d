package dev.coclone.engine.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * How many arguments the file's earlier calls of a name took, to tell {@code ,} from {@code )} inside
 * a call: where every earlier call of {@code foo(..)} (or its declaration's parameter list) in the
 * file had at most as many arguments as the call at the cursor has begun, {@code )} leads; where every
 * one had more, {@code ,} does. Reads the context as it grows (a stack of the open brackets, each
 * with the name before a {@code (} and the commas written in it); reads it again, at most the last
 * {@link #SCAN} tokens, when the array is not the one read last or got shorter. Not thread-safe.
 */
final class CallArity {
  /** How many tokens back a context is read when it is read again. */
  static final int SCAN = 20_000;
  /** The deepest nesting kept. */
  private static final int MAX_DEPTH = 256;

  private final TokenKinds k;
  /** Per name: the fewest arguments of its calls read, times 65,536, plus the most. */
  private final Map<Integer, Integer> arities = new HashMap<>();
  private final int[] callee = new int[MAX_DEPTH];
  private final int[] commas = new int[MAX_DEPTH];
  private final boolean[] empty = new boolean[MAX_DEPTH];
  private int top;
  private int[] seen;
  private int from;
  private int read;
  private int lastToken;

  CallArity(TokenKinds kinds) {
    this.k = kinds;
  }

  /**
   * Which of {@code ,} and {@code )} the earlier calls say comes next after the context: the kind
   * {@link TokenKinds#COMMA} or {@link TokenKinds#RPAREN}, or 0 where they do not tell (not inside a
   * call's parentheses, the callee not called before, its calls of differing counts around this one).
   *
   * @param ctx    the context ids (forward)
   * @param ctxLen its length
   * @return the kind that leads, or 0
   */
  int next(int[] ctx, int ctxLen) {
    update(ctx, ctxLen);
    if (top == 0 || top > MAX_DEPTH || callee[top - 1] < 0 || empty[top - 1]) {
      return 0;
    }
    Integer known = arities.get(callee[top - 1]);
    if (known == null) {
      return 0;
    }
    int sofar = commas[top - 1] + 1;
    int min = known >>> 16;
    int max = known & 0xffff;
    if (max <= sofar) {
      return TokenKinds.RPAREN;
    }
    return min > sofar ? TokenKinds.COMMA : 0;
  }

  private void update(int[] ctx, int ctxLen) {
    if (ctx != seen || ctxLen < read || read > from && ctx[read - 1] != lastToken) {
      arities.clear();
      top = 0;
      seen = ctx;
      from = Math.max(0, ctxLen - SCAN);
      read = from;
    }
    for (; read < ctxLen; read++) {
      step(ctx, read);
    }
    if (read > 0) {
      lastToken = ctx[read - 1];
    }
  }

  private void step(int[] ctx, int i) {
    int id = ctx[i];
    if (id == Vocabulary.BOUNDARY) {
      top = 0;
      arities.clear();
      return;
    }
    int kind = k.kind(id);
    if (top > 0 && top <= MAX_DEPTH && kind != TokenKinds.RPAREN && kind != TokenKinds.NEWLINE) {
      empty[top - 1] = false;
    }
    switch (kind) {
      case TokenKinds.LPAREN, TokenKinds.LBRACE, TokenKinds.LBRACKET -> {
        if (top < MAX_DEPTH) {
          int prev = i > 0 ? k.kind(ctx[i - 1]) : TokenKinds.OTHER;
          callee[top] = kind == TokenKinds.LPAREN && TokenKinds.isName(prev) ? ctx[i - 1] : -1;
          commas[top] = 0;
          empty[top] = true;
        }
        top++;
      }
      case TokenKinds.RPAREN, TokenKinds.RBRACE, TokenKinds.RBRACKET -> {
        if (top == 0) {
          return;
        }
        top--;
        if (kind == TokenKinds.RPAREN && top < MAX_DEPTH && callee[top] >= 0) {
          int n = Math.min(0xffff, empty[top] ? 0 : commas[top] + 1);
          Integer known = arities.get(callee[top]);
          int min = known == null ? n : Math.min(known >>> 16, n);
          int max = known == null ? n : Math.max(known & 0xffff, n);
          arities.put(callee[top], min << 16 | max);
        }
      }
      case TokenKinds.COMMA -> {
        if (top > 0 && top <= MAX_DEPTH) {
          commas[top - 1]++;
        }
      }
      default -> { }
    }
  }
}
