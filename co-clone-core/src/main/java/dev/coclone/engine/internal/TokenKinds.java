package dev.coclone.engine.internal;

/**
 * The shape of each token id of a vocabulary that reading declarations needs: names (capitalised
 * or not), brackets, the punctuation declarations are made of and the keywords that open them.
 * Ids the vocabulary does not hold (spellings new to the corpus) are lower-case names. Immutable.
 */
public final class TokenKinds {
  static final int OTHER = 0;
  static final int NAME_LOWER = 1;
  static final int NAME_UPPER = 2;
  static final int DOT = 3;
  static final int LPAREN = 4;
  static final int RPAREN = 5;
  static final int LBRACE = 6;
  static final int RBRACE = 7;
  static final int LT = 8;
  static final int GT = 9;
  static final int GT2 = 10;
  static final int GT3 = 11;
  static final int COMMA = 12;
  static final int SEMI = 13;
  static final int ASSIGN = 14;
  static final int COLON = 15;
  static final int LBRACKET = 16;
  static final int RBRACKET = 17;
  static final int NEW = 18;
  static final int THIS = 19;
  static final int TYPEDECL = 20;
  static final int EXTENDS = 21;
  static final int IMPLEMENTS = 22;
  static final int THROWS = 23;
  static final int KEYWORD = 24;
  static final int NEWLINE = 25;
  static final int SUPER = 26;
  /** A primitive type or {@code void}. */
  static final int PRIMITIVE = 27;

  private final Vocabulary vocab;
  private final byte[] kinds;
  private final int record;

  /**
   * Reads the kinds of a vocabulary's ids as it is now.
   *
   * @param vocab the vocabulary
   */
  public TokenKinds(Vocabulary vocab) {
    this.vocab = vocab;
    var texts = vocab.texts();
    kinds = new byte[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      kinds[i] = (byte) of(texts.get(i));
    }
    for (int i = 1; i <= 3 && i < kinds.length; i++) {
      kinds[i] = NEWLINE;
    }
    kinds[Vocabulary.BOUNDARY] = OTHER;
    record = vocab.lookup("record");
  }

  Vocabulary vocab() {
    return vocab;
  }

  /** The kind of an id. */
  int kind(int id) {
    return id >= 0 && id < kinds.length ? kinds[id] : NAME_LOWER;
  }

  /** True if the id's kind was read from its text (ids given out later, and new spellings, are not). */
  boolean known(int id) {
    return id >= 0 && id < kinds.length;
  }

  boolean isRecord(int id) {
    return id == record;
  }

  static boolean isName(int kind) {
    return kind == NAME_LOWER || kind == NAME_UPPER;
  }

  /** How many angle brackets a kind closes (0 for other kinds). */
  static int closes(int kind) {
    return switch (kind) {
      case GT -> 1;
      case GT2 -> 2;
      case GT3 -> 3;
      default -> 0;
    };
  }

  private static int of(String s) {
    switch (s) {
      case ".": return DOT;
      case "(": return LPAREN;
      case ")": return RPAREN;
      case "{": return LBRACE;
      case "}": return RBRACE;
      case "<": return LT;
      case ">": return GT;
      case ">>": return GT2;
      case ">>>": return GT3;
      case ",": return COMMA;
      case ";": return SEMI;
      case "=": return ASSIGN;
      case ":": return COLON;
      case "[": return LBRACKET;
      case "]": return RBRACKET;
      case "new": return NEW;
      case "this": return THIS;
      case "super": return SUPER;
      case "class", "interface", "enum", "record": return TYPEDECL;
      case "extends": return EXTENDS;
      case "implements": return IMPLEMENTS;
      case "throws": return THROWS;
      default: break;
    }
    if (Keywords.JAVA_PRIMITIVES.contains(s) || s.equals("void")) {
      return PRIMITIVE;
    }
    if (Keywords.JAVA.contains(s)) {
      return KEYWORD;
    }
    if (!ScopeReader.isName(s)) {
      return OTHER;
    }
    return Character.isUpperCase(s.charAt(0)) ? NAME_UPPER : NAME_LOWER;
  }

  /**
   * The named type whose text ends at position {@code end} ({@code Foo}, {@code Map<K, V>}'s
   * {@code Map}), or -1 if the tokens there are not a capitalised type name (a primitive, an array,
   * a lower-case name).
   *
   * @param kinds the kinds
   * @param t     ids
   * @param end   position of the type's last token
   * @return the type name's id, or -1
   */
  static int typeEndingAt(TokenKinds kinds, int[] t, int end) {
    if (end < 0) {
      return -1;
    }
    int kind = kinds.kind(t[end]);
    if (kind == NAME_UPPER) {
      return t[end];
    }
    int close = closes(kind);
    if (close == 0) {
      return -1;
    }
    int depth = close;
    for (int j = end - 1; j > 0 && j > end - 64; j--) {
      int kj = kinds.kind(t[j]);
      if (kj == LT) {
        depth--;
        if (depth == 0) {
          return kinds.kind(t[j - 1]) == NAME_UPPER ? t[j - 1] : -1;
        }
      } else if (closes(kj) > 0) {
        depth += closes(kj);
      } else if (kj == SEMI || kj == LBRACE || kj == RBRACE || kj == LPAREN || kj == ASSIGN) {
        return -1;
      }
    }
    return -1;
  }
}
