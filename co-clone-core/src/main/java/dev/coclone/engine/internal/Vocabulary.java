package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token text to dense int ids. Id 0 is the file boundary. Thread-safe: lookups do not lock (a
 * suggestion looks up every token of the text it reads, and reads the text of every candidate);
 * adding a spelling does.
 */
public final class Vocabulary {
  /** The boundary between files; never predicted. */
  public static final int BOUNDARY = 0;
  /** The class of file-local names in the corpus index ({@link LocalNames}); never shown as text. */
  public static final int LOCAL = 4;

  private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
  /**
   * The texts by id, [0, size); replaced by a longer copy when full. An id read from {@link #ids}
   * (or from arrays published after it was added) has its text here: it is written before the id
   * is put.
   */
  private volatile String[] texts = new String[1024];
  private volatile int size;

  /** Creates a vocabulary holding the boundary, the layout markers and the file-local class. */
  public Vocabulary() {
    texts[0] = "<boundary>";
    size = 1;
    id(CodeLexer.NEWLINE);
    id(CodeLexer.INDENT);
    id(CodeLexer.DEDENT);
    id("<local>");
  }

  /** The id of a token text, adding it if new. */
  public int id(String text) {
    Integer id = ids.get(text);
    return id != null ? id : add(text);
  }

  private synchronized int add(String text) {
    Integer known = ids.get(text);
    if (known != null) {
      return known;
    }
    int id = size;
    String[] t = texts;
    if (id == t.length) {
      t = Arrays.copyOf(t, t.length * 2);
    }
    t[id] = text;
    texts = t;
    size = id + 1;
    ids.put(text, id);
    return id;
  }

  /** The id of a known token, or -1. */
  public int lookup(String text) {
    Integer id = ids.get(text);
    return id == null ? -1 : id;
  }

  /**
   * The text of an id.
   *
   * @throws IndexOutOfBoundsException if no such id was given out
   */
  public String text(int id) {
    String[] t = texts;
    if (id < 0 || id >= t.length || t[id] == null) {
      throw new IndexOutOfBoundsException("no token has id " + id + " (" + size + " ids)");
    }
    return t[id];
  }

  /** Number of ids. */
  public int size() {
    return size;
  }

  /** All texts in id order (for persistence). */
  public synchronized List<String> texts() {
    return List.of(Arrays.copyOf(texts, size));
  }

  /** True for ids of layout markers and the boundary. */
  public static boolean isLayoutId(int id) {
    return id <= 3;
  }

  /** Id of the NEWLINE marker. */
  public static int newline() {
    return 1;
  }

  /** Id of the INDENT marker. */
  public static int indent() {
    return 2;
  }

  /** Id of the DEDENT marker. */
  public static int dedent() {
    return 3;
  }
}
