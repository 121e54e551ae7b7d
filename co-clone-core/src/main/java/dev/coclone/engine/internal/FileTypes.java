package dev.coclone.engine.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * The types the file being written declares, read from its tokens before the cursor as it grows (by
 * {@link Declarations}' reader, by shape): each type's fields, methods, nested types and enum
 * constants read so far, its supertypes, and the type whose body the cursor is in. The corpus's
 * {@link Declarations} do not hold them (a held-out or new file is not in the index), so after
 * {@code x.} with x declared as one of them, after {@code this.} or after its name ({@code Foo.}),
 * these are its members. Reads on from where the last call stopped when the same array grew;
 * otherwise reads again, at most the last {@link #SCAN} tokens. Not thread-safe.
 */
final class FileTypes {
  /** How many tokens back a file is read when it is read again. */
  static final int SCAN = 20_000;
  /** How many supertypes deep members are collected. */
  private static final int DEPTH = 6;
  /** How far back {@link #declaredType} looks. */
  static final int LOOK_BACK = 2_000;

  private final Declarations.Builder reader;
  private final int thisId;
  private int[] seen;
  private int from;
  private int read;
  private int lastToken;
  private int cachedType = -1;
  private boolean cachedStatic;
  /** The reader's version when cached was collected. */
  private int cachedRead = -1;
  private int[] cached;

  FileTypes(TokenKinds kinds) {
    this.reader = new Declarations.Builder(kinds);
    reader.anyTypeName = true;
    this.thisId = kinds.vocab().lookup("this");
  }

  /**
   * Reads the context up to its last token but one (a token is read once the one after it is
   * known: a declaration's name is told by what follows it).
   *
   * @param ctx    the context ids (forward)
   * @param ctxLen its length
   */
  void update(int[] ctx, int ctxLen) {
    int end = ctxLen - 1;
    if (ctx != seen || ctxLen < read || read > from && ctx[read - 1] != lastToken) {
      reader.clear();
      reader.version++;
      seen = ctx;
      from = Math.max(0, ctxLen - SCAN);
      read = from;
    }
    if (read < end) {
      read = reader.advance(ctx, from, read, end, ctxLen);
      lastToken = ctx[read - 1];
    }
  }

  /** True if the file declares a type of this name (in what {@link #update} read). */
  boolean declares(int type) {
    return type >= 0 && reader.own(type) != null;
  }

  /** The innermost type whose body the cursor is in, or -1. */
  int enclosing() {
    return reader.openType();
  }

  /**
   * The type of the name that ends at end (before a dot) where the nearest declaration before it
   * gives it a type the file declares ({@code Foo x =}, {@code (Foo x,}), or -1; looked for over
   * the last {@link #LOOK_BACK} tokens. For names of types the corpus never saw, which the
   * vocabulary reads as lower-case names and {@link ReceiverTypes} so does not read as types.
   *
   * @param ctx the context ids (forward)
   * @param end the name's position
   * @return the type's id, or -1
   */
  int declaredType(int[] ctx, int end) {
    TokenKinds k = reader.kinds();
    int name = ctx[end];
    for (int j = end - 1; j > 0 && j > end - LOOK_BACK; j--) {
      if (ctx[j] == Vocabulary.BOUNDARY) {
        return -1;
      }
      if (ctx[j] != name) {
        continue;
      }
      int next = k.kind(ctx[j + 1]);
      if (next == TokenKinds.ASSIGN || next == TokenKinds.SEMI || next == TokenKinds.COMMA
          || next == TokenKinds.RPAREN || next == TokenKinds.COLON) {
        return declares(ctx[j - 1]) ? ctx[j - 1] : -1;
      }
    }
    return -1;
  }

  /** The id of {@code this}, or -1. */
  int thisId() {
    return thisId;
  }

  /**
   * The members of a type the file declares, with those of its supertypes (the file's or the
   * corpus's) and, for instance members, {@code Object}'s; sorted.
   *
   * @param type     the type's name id, one the file declares
   * @param statics  true for what its name reaches ({@code Foo.}), false for an instance's members
   * @param corpus   the corpus's declarations
   * @return member ids, sorted
   */
  int[] members(int type, boolean statics, Declarations corpus) {
    if (type == cachedType && statics == cachedStatic && reader.version == cachedRead) {
      return cached;
    }
    Set<Integer> out = new HashSet<>();
    collect(type, statics, corpus, out, new HashSet<>(), 0);
    if (!statics && corpus.isType(objectId(corpus))) {
      for (int m : corpus.members(objectId(corpus))) {
        out.add(m);
      }
    }
    int[] sorted = out.stream().mapToInt(Integer::intValue).sorted().toArray();
    cachedType = type;
    cachedStatic = statics;
    cachedRead = reader.version;
    cached = sorted;
    return sorted;
  }

  private static int objectId(Declarations corpus) {
    return corpus.kinds().vocab().lookup("Object");
  }

  private void collect(int type, boolean statics, Declarations corpus, Set<Integer> out, Set<Integer> seenTypes,
      int depth) {
    if (depth > DEPTH || !seenTypes.add(type)) {
      return;
    }
    Set<Integer> own = statics ? reader.ownStatic(type) : reader.own(type);
    if (own != null) {
      out.addAll(own);
    }
    if (corpus.isType(type)) {
      for (int m : statics ? corpus.staticMembers(type) : corpus.members(type)) {
        out.add(m);
      }
    }
    Set<Integer> supers = reader.supers(type);
    if (supers != null) {
      for (int s : supers) {
        if (declares(s)) {
          collect(s, statics, corpus, out, seenTypes, depth + 1);
        } else if (corpus.isType(s)) {
          for (int m : statics ? corpus.staticMembers(s) : corpus.members(s)) {
            out.add(m);
          }
        }
      }
    }
  }

  /**
   * True if the type's members are all known: its body closed before the cursor, the corpus does
   * not declare a type of the same name, and each supertype is such a type of the file or one whose
   * whole hierarchy the corpus declares.
   *
   * @param type   the type's name id
   * @param corpus the corpus's declarations
   * @return true if a name that is not one of its members is not a member
   */
  boolean complete(int type, Declarations corpus) {
    return complete(type, corpus, 0);
  }

  private boolean complete(int type, Declarations corpus, int depth) {
    if (depth > DEPTH || reader.open(type) || corpus.isType(type)) {
      return false;
    }
    Set<Integer> supers = reader.supers(type);
    if (supers != null) {
      for (int s : supers) {
        boolean known = declares(s) ? complete(s, corpus, depth + 1) : corpus.complete(s);
        if (!known) {
          return false;
        }
      }
    }
    return true;
  }
}
