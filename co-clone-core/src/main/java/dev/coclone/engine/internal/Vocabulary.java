package dev.coclone.engine.internal;

import dev.coclone.source.CodeLexer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Token text to dense int ids. Id 0 is the file boundary. Thread-safe for concurrent lookups after building. */
public final class Vocabulary {
  /** The boundary between files; never predicted. */
  public static final int BOUNDARY = 0;
  /** The class of file-local names in the corpus index ({@link LocalNames}); never shown as text. */
  public static final int LOCAL = 4;

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> texts = new ArrayList<>();

  /** Creates a vocabulary holding the boundary, the layout markers and the file-local class. */
  public Vocabulary() {
    texts.add("<boundary>");
    id(CodeLexer.NEWLINE);
    id(CodeLexer.INDENT);
    id(CodeLexer.DEDENT);
    id("<local>");
  }

  /** The id of a token text, adding it if new. */
  public synchronized int id(String text) {
    Integer id = ids.get(text);
    if (id == null) {
      id = texts.size();
      ids.put(text, id);
      texts.add(text);
    }
    return id;
  }

  /** The id of a known token, or -1. */
  public synchronized int lookup(String text) {
    Integer id = ids.get(text);
    return id == null ? -1 : id;
  }

  /** The text of an id. */
  public synchronized String text(int id) {
    return texts.get(id);
  }

  /** Number of ids. */
  public synchronized int size() {
    return texts.size();
  }

  /** All texts in id order (for persistence). */
  public synchronized List<String> texts() {
    return List.copyOf(texts);
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
