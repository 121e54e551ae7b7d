package dev.coclone.engine.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the corpus's types declare, read from its tokens by shape (no parser, as {@link ScopeReader}):
 * for each type name (class, interface, enum, record, by simple name) its members (fields, methods,
 * enum constants, nested types, record components), the types it extends or implements, and the
 * declared type of each field and the return type of each method where that is a named type, and
 * which members a class name reaches ({@code static} ones, nested types, enum constants, an
 * interface's fields). Types of the same simple name are merged. Built once per corpus; thread-safe
 * to query.
 */
public final class Declarations {
  /** How many supertypes deep members are collected. */
  private static final int DEPTH = 6;

  private final TokenKinds kinds;
  private final Map<Integer, int[]> own;
  private final Map<Integer, int[]> ownStatic;
  private final Map<Integer, int[]> supers;
  private final Map<Long, Integer> memberTypes;
  private final Set<Integer> interfaces;
  private final Map<Integer, int[]> closed = new ConcurrentHashMap<>();
  private final Map<Integer, int[]> closedStatic = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> complete = new ConcurrentHashMap<>();
  private final int object;

  private Declarations(TokenKinds kinds, Map<Integer, int[]> own, Map<Integer, int[]> ownStatic,
      Map<Integer, int[]> supers, Map<Long, Integer> memberTypes, Set<Integer> interfaces) {
    this.interfaces = interfaces;
    this.kinds = kinds;
    this.own = own;
    this.ownStatic = ownStatic;
    this.supers = supers;
    this.memberTypes = memberTypes;
    this.object = kinds.vocab().lookup("Object");
  }

  /** The kinds of the corpus's token ids. */
  public TokenKinds kinds() {
    return kinds;
  }

  /** Number of types declared. */
  public int types() {
    return own.size();
  }

  /** True if the corpus declares an interface of this name (a {@code new} of it needs a body). */
  public boolean isInterface(int id) {
    return interfaces.contains(id);
  }

  /** True if the corpus declares a type of this name. */
  public boolean isType(int id) {
    return own.containsKey(id);
  }

  /**
   * The members of a type and of its supertypes (and {@code Object}'s), sorted; empty for a type the
   * corpus does not declare.
   *
   * @param type the type name's id
   * @return member name ids, sorted
   */
  public int[] members(int type) {
    return closure(own, closed, type, true);
  }

  /**
   * The members a type's name reaches ({@code Foo.x}): its and its supertypes' {@code static} fields
   * and methods, nested types, enum constants and interface fields, sorted; empty for a type the
   * corpus does not declare.
   *
   * @param type the type name's id
   * @return member name ids, sorted
   */
  public int[] staticMembers(int type) {
    return closure(ownStatic, closedStatic, type, false);
  }

  /** The members a type's declarations give it with its supertypes' (and Object's), kept once read. */
  private int[] closure(Map<Integer, int[]> declared, Map<Integer, int[]> kept, int type, boolean withObject) {
    if (!own.containsKey(type)) {
      return new int[0];
    }
    return kept.computeIfAbsent(type, t -> {
      Set<Integer> out = new HashSet<>();
      collect(declared, t, 0, out, new HashSet<>());
      if (withObject && object >= 0 && own.containsKey(object)) {
        for (int m : own.get(object)) {
          out.add(m);
        }
      }
      return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    });
  }

  /**
   * True if the corpus declares a type and every type it extends or implements, all the way up: then
   * its members are all known, and a name that is not one of them is not a member.
   *
   * @param type the type name's id
   * @return true if its members are known completely
   */
  public boolean complete(int type) {
    return complete.computeIfAbsent(type, t -> complete(t, 0));
  }

  private boolean complete(int type, int depth) {
    if (!own.containsKey(type) || depth > DEPTH) {
      return false;
    }
    for (int s : supers.getOrDefault(type, new int[0])) {
      if (!complete(s, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if a value of one type surely is not one of another: the corpus declares the type and its
   * whole hierarchy ({@link #complete}), and neither it nor any of its supertypes is the other
   * (by simple name; {@code Object} takes every type).
   *
   * @param type   the type name's id (what {@code new} makes)
   * @param target the type name's id a value is wanted of (a declared variable's type)
   * @return true only when the hierarchy is known and does not reach target
   */
  public boolean surelyNotA(int type, int target) {
    if (type == target || target == object || !complete(type)) {
      return false;
    }
    return !reaches(type, target, 0);
  }

  /**
   * True if the corpus says a value of one type is one of another: the same type, or one of its
   * known supertypes (a type whose hierarchy is not all known may be one without this saying so).
   *
   * @param type   the type name's id
   * @param target the type name's id a value is wanted of
   * @return true if type is target or reaches it through declared supertypes
   */
  public boolean knownA(int type, int target) {
    return type == target || reaches(type, target, 0);
  }

  private boolean reaches(int type, int target, int depth) {
    for (int s : supers.getOrDefault(type, new int[0])) {
      if (s == target || depth < DEPTH && reaches(s, target, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private void collect(Map<Integer, int[]> declared, int type, int depth, Set<Integer> out, Set<Integer> seen) {
    if (depth > DEPTH || !seen.add(type)) {
      return;
    }
    for (int m : declared.getOrDefault(type, new int[0])) {
      out.add(m);
    }
    for (int s : supers.getOrDefault(type, new int[0])) {
      collect(declared, s, depth + 1, out, seen);
    }
  }

  /**
   * The declared type of a member (a field's type, a method's return type) of a type or its
   * supertypes, or -1 when unknown.
   *
   * @param type   the type name's id
   * @param member the member name's id
   * @return the member's type name id, or -1
   */
  public int memberType(int type, int member) {
    return memberType(type, member, 0);
  }

  private int memberType(int type, int member, int depth) {
    Integer t = memberTypes.get((long) type << 32 | member & 0xffffffffL);
    if (t != null) {
      return t;
    }
    if (depth < DEPTH) {
      for (int s : supers.getOrDefault(type, new int[0])) {
        int found = memberType(s, member, depth + 1);
        if (found >= 0) {
          return found;
        }
      }
    }
    return -1;
  }

  /**
   * Reads the declarations of a corpus's Java files (the shapes read are Java's).
   *
   * @param reversedAsWritten the corpus's ids, reversed, files separated by {@link Vocabulary#BOUNDARY}
   * @param vocab             its vocabulary
   * @param fileStarts        the forward position where each file starts, ascending
   * @param javaFiles         the indexes of the files to read
   * @return the declarations
   */
  public static Declarations read(int[] reversedAsWritten, Vocabulary vocab, int[] fileStarts,
      java.util.BitSet javaFiles) {
    Builder b = new Builder(new TokenKinds(vocab));
    if (javaFiles.isEmpty()) {
      // A corpus without Java (Python, TypeScript, ...) has none to read: no copy of it either.
      return b.build();
    }
    int n = reversedAsWritten.length;
    int[] forward = new int[n];
    for (int i = 0; i < n; i++) {
      forward[i] = reversedAsWritten[n - 1 - i];
    }
    for (int f = javaFiles.nextSetBit(0); f >= 0 && f < fileStarts.length; f = javaFiles.nextSetBit(f + 1)) {
      b.read(forward, fileStarts[f], f + 1 < fileStarts.length ? fileStarts[f + 1] : n);
    }
    return b.build();
  }

  /** The declarations of a corpus's {@code .java} files. */
  public static Declarations read(Corpus corpus) {
    java.util.BitSet java = new java.util.BitSet();
    corpus.fileIndex().forEach((path, i) -> {
      if (path.endsWith(".java")) {
        java.set(i);
      }
    });
    return read(corpus.index().reversedAsWritten(), corpus.vocab(), corpus.fileStarts(), java);
  }

  /** Reads declarations from a token stream (also read incrementally, by {@link FileTypes}). */
  static final class Builder {
    private final TokenKinds k;
    private final Map<Integer, Set<Integer>> members = new HashMap<>();
    private final Map<Integer, Set<Integer>> statics = new HashMap<>();
    private final Set<Integer> interfaces = new HashSet<>();
    private final Set<Integer> enums = new HashSet<>();
    private final Map<Integer, Set<Integer>> supers = new HashMap<>();
    private final int staticId;
    private final int interfaceId;
    private final int enumId;
    private final Map<Long, Integer> memberTypes = new HashMap<>();
    private int[] frameType = new int[64];
    private int[] frameParens = new int[64];
    private int top;

    Builder(TokenKinds kinds) {
      this.k = kinds;
      this.staticId = kinds.vocab().lookup("static");
      this.interfaceId = kinds.vocab().lookup("interface");
      this.enumId = kinds.vocab().lookup("enum");
    }

    /** The kinds of the token ids read. */
    TokenKinds kinds() {
      return k;
    }

    /** The members read of a type (its own, not its supertypes'), or null for a type not read. */
    Set<Integer> own(int type) {
      return members.get(type);
    }

    /** The static members read of a type, or null. */
    Set<Integer> ownStatic(int type) {
      return statics.get(type);
    }

    /** The types read as a type's supertypes, or null. */
    Set<Integer> supers(int type) {
      return supers.get(type);
    }

    /** Forgets every type read. */
    void clear() {
      members.clear();
      statics.clear();
      interfaces.clear();
      enums.clear();
      supers.clear();
      memberTypes.clear();
      reset();
    }

    Declarations build() {
      Map<Integer, int[]> sup = new HashMap<>();
      supers.forEach((t, s) -> sup.put(t, s.stream().mapToInt(Integer::intValue).toArray()));
      return new Declarations(k, sorted(members), sorted(statics), Map.copyOf(sup), Map.copyOf(memberTypes),
          Set.copyOf(interfaces));
    }

    private static Map<Integer, int[]> sorted(Map<Integer, Set<Integer>> byType) {
      Map<Integer, int[]> out = new HashMap<>();
      byType.forEach((t, m) -> out.put(t, m.stream().mapToInt(Integer::intValue).sorted().toArray()));
      return Map.copyOf(out);
    }

    private void addStatic(int type, int member) {
      statics.computeIfAbsent(type, x -> new HashSet<>()).add(member);
    }

    /** True if the declaration that ends at a member's name (from the last ; { or }) says static. */
    private boolean saysStatic(int[] t, int i, int from) {
      for (int j = i - 1; j >= from && j > i - 48; j--) {
        int kind = k.kind(t[j]);
        if (kind == TokenKinds.SEMI || kind == TokenKinds.LBRACE || kind == TokenKinds.RBRACE) {
          return false;
        }
        if (t[j] == staticId) {
          return true;
        }
      }
      return false;
    }

    private void push(int type, int parens) {
      if (top == frameType.length) {
        frameType = Arrays.copyOf(frameType, top * 2);
        frameParens = Arrays.copyOf(frameParens, top * 2);
      }
      frameType[top] = type;
      frameParens[top] = parens;
      top++;
    }

    private int kindAt(int[] t, int i, int to) {
      return i < 0 || i >= to ? TokenKinds.OTHER : k.kind(t[i]);
    }

    /**
     * Also a name the vocabulary does not know as a type's (a spelling new to the corpus, read as
     * a lower-case name) is a type's name after {@code class}: for the file being written.
     */
    boolean anyTypeName;
    /** Grows when a type, member or supertype is read: what was read of a type is unchanged while it stays. */
    int version;
    // The reading's state between tokens, so that a file can be read as it is written (FileTypes).
    private int parens;
    private boolean throwsSeen;
    private int header = -1;
    private boolean record;
    private boolean superList;
    private int angle;
    private int headerParens;

    void read(int[] t, int from, int to) {
      reset();
      advance(t, from, from, to, to);
    }

    /** Forgets what was open: the next token read starts a file. */
    void reset() {
      parens = 0;
      throwsSeen = false;
      header = -1;
      record = false;
      superList = false;
      angle = 0;
      headerParens = 0;
      top = 0;
    }

    /** The innermost type whose body is open after the tokens read, or -1. */
    int openType() {
      for (int f = top - 1; f >= 0; f--) {
        if (frameType[f] >= 0) {
          return frameType[f];
        }
      }
      return -1;
    }

    /** True if the body of the type is open after the tokens read. */
    boolean open(int type) {
      for (int f = top - 1; f >= 0; f--) {
        if (frameType[f] == type) {
          return true;
        }
      }
      return header == type;
    }

    /**
     * Reads the tokens at [start, end) of a file that starts at from, looking ahead up to to.
     *
     * @return the position after the last token read (end, or end + 1 after a type's name)
     */
    int advance(int[] t, int from, int start, int end, int to) {
      int i = start;
      for (; i < end; i++) {
        int id = t[i];
        int kind = k.kind(id);
        if (id == Vocabulary.BOUNDARY) {
          reset();
          continue;
        }
        if (header >= 0) {
          switch (kind) {
            case TokenKinds.LBRACE -> {
              push(header, parens);
              parens = 0;
              header = -1;
            }
            case TokenKinds.SEMI, TokenKinds.RBRACE -> header = -1;
            case TokenKinds.LT -> angle++;
            case TokenKinds.GT, TokenKinds.GT2, TokenKinds.GT3 -> angle = Math.max(0, angle - TokenKinds.closes(kind));
            case TokenKinds.LPAREN -> headerParens++;
            case TokenKinds.RPAREN -> headerParens--;
            case TokenKinds.EXTENDS, TokenKinds.IMPLEMENTS -> superList = true;
            default -> {
              if (TokenKinds.isName(kind) && angle == 0) {
                int next = kindAt(t, i + 1, to);
                version++;
                if (superList && headerParens == 0 && next != TokenKinds.DOT) {
                  supers.computeIfAbsent(header, x -> new HashSet<>()).add(id);
                } else if (record && headerParens == 1 && (next == TokenKinds.COMMA || next == TokenKinds.RPAREN)) {
                  members.computeIfAbsent(header, x -> new HashSet<>()).add(id);
                  typeBefore(t, i, to, header, id);
                }
              }
            }
          }
          continue;
        }
        switch (kind) {
          case TokenKinds.TYPEDECL -> {
            int prev = kindAt(t, i - 1, to);
            int nameKind = i + 1 < to ? k.kind(t[i + 1]) : TokenKinds.OTHER;
            if (prev != TokenKinds.DOT && (nameKind == TokenKinds.NAME_UPPER || anyTypeName && TokenKinds.isName(nameKind))) {
              version++;
              int name = t[i + 1];
              if (top > 0 && frameType[top - 1] >= 0 && parens == 0) {
                members.computeIfAbsent(frameType[top - 1], x -> new HashSet<>()).add(name);
                addStatic(frameType[top - 1], name); // Outer.Inner
              }
              members.computeIfAbsent(name, x -> new HashSet<>());
              if (id == interfaceId) {
                interfaces.add(name);
              } else if (id == enumId) {
                enums.add(name);
              }
              header = name;
              record = k.isRecord(id);
              superList = false;
              angle = 0;
              headerParens = 0;
              i++;
            }
          }
          case TokenKinds.LBRACE -> {
            push(-1, parens);
            parens = 0;
            throwsSeen = false;
          }
          case TokenKinds.RBRACE -> {
            if (top > 0) {
              top--;
              parens = frameParens[top];
            }
            throwsSeen = false;
          }
          case TokenKinds.LPAREN -> parens++;
          case TokenKinds.RPAREN -> parens = Math.max(0, parens - 1);
          case TokenKinds.SEMI -> throwsSeen = false;
          case TokenKinds.THROWS -> throwsSeen = true;
          default -> {
            if (TokenKinds.isName(kind) && top > 0 && frameType[top - 1] >= 0 && parens == 0 && !throwsSeen) {
              member(t, i, from, to, frameType[top - 1]);
            }
          }
        }
      }
      return i;
    }

    /** A name at a type body's level: a member if shaped like a declaration. */
    private void member(int[] t, int i, int from, int to, int type) {
      int prev = kindAt(t, i - 1, to);
      int next = kindAt(t, i + 1, to);
      boolean afterType = TokenKinds.isName(prev) || TokenKinds.closes(prev) > 0 || prev == TokenKinds.RBRACKET
          || prev == TokenKinds.PRIMITIVE;
      boolean listed = prev == TokenKinds.COMMA || prev == TokenKinds.LBRACE || prev == TokenKinds.NEWLINE;
      boolean declares = next == TokenKinds.LPAREN || next == TokenKinds.ASSIGN || next == TokenKinds.SEMI
          || next == TokenKinds.COMMA;
      boolean constant = listed && (next == TokenKinds.LBRACE || next == TokenKinds.RBRACE);
      if ((afterType || listed) && declares || constant) {
        version++;
        members.computeIfAbsent(type, x -> new HashSet<>()).add(t[i]);
        boolean field = next != TokenKinds.LPAREN;
        boolean enumConstant = constant || !afterType && listed && enums.contains(type);
        if (enumConstant || field && interfaces.contains(type) || saysStatic(t, i, from)) {
          addStatic(type, t[i]);
        }
        if (afterType) {
          typeBefore(t, i, to, type, t[i]);
        }
      }
    }

    /** Records the named type written before a declared member, if any. */
    private void typeBefore(int[] t, int i, int to, int type, int member) {
      int named = TokenKinds.typeEndingAt(k, t, i - 1);
      if (named >= 0) {
        memberTypes.putIfAbsent((long) type << 32 | member & 0xffffffffL, named);
      }
    }
  }
}
