package dev.coclone.completion;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers recent completions. The same context answers at once; when the user has typed the
 * first characters of a remembered suggestion, the rest of it answers without a model request
 * (typing-through). Thread-safe; bounded LRU.
 */
public final class CompletionCache {
  /** How much of the prefix and suffix make up the key: the text nearest the cursor. */
  static final int PREFIX_KEY_CHARS = 4000;
  static final int SUFFIX_KEY_CHARS = 1000;
  private static final int TYPING_THROUGH_WINDOW = 64;
  private static final int TYPING_THROUGH_MAX = 256;

  private final int maxEntries;
  private final LinkedHashMap<Key, Entry> entries;
  private final ArrayDeque<Entry> recent = new ArrayDeque<>();
  private long hits;
  private long typingThroughHits;
  private long misses;

  /**
   * Creates a cache.
   *
   * @param maxEntries how many completions to keep
   * @throws IllegalArgumentException if maxEntries is less than 1
   */
  public CompletionCache(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
        return size() > CompletionCache.this.maxEntries;
      }
    };
  }

  /**
   * Looks a request up: an exact match of the context, or a remembered suggestion whose first
   * characters the user has typed since.
   *
   * @param scope   what else must match (backend, model, mode)
   * @param request the request
   * @return the text to suggest, if any
   */
  public synchronized Optional<String> get(String scope, CompletionRequest request) {
    Key key = Key.of(scope, request);
    Entry exact = entries.get(key);
    if (exact != null) {
      hits++;
      return Optional.of(exact.text);
    }
    String prefix = tail(request.prefix(), PREFIX_KEY_CHARS + 256);
    String suffix = head(request.suffix(), SUFFIX_KEY_CHARS);
    for (Iterator<Entry> it = recent.descendingIterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (!e.scope.equals(scope) || !e.suffix.equals(suffix) || !Objects.equals(e.filePath, request.filePath())) {
        continue;
      }
      int typed = typedThrough(e, prefix);
      if (typed > 0) {
        typingThroughHits++;
        return Optional.of(e.text.substring(typed));
      }
    }
    misses++;
    return Optional.empty();
  }

  /**
   * Remembers a completion for a request.
   *
   * @param scope   what else must match (backend, model, mode)
   * @param request the request
   * @param text    the post-processed suggestion
   */
  public synchronized void put(String scope, CompletionRequest request, String text) {
    Objects.requireNonNull(text, "text");
    Entry e = new Entry(scope, tail(request.prefix(), PREFIX_KEY_CHARS + 256), head(request.suffix(), SUFFIX_KEY_CHARS),
        request.filePath(), text);
    entries.put(Key.of(scope, request), e);
    recent.addLast(e);
    while (recent.size() > TYPING_THROUGH_WINDOW) {
      recent.removeFirst();
    }
  }

  /** Removes everything. */
  public synchronized void clear() {
    entries.clear();
    recent.clear();
  }

  /** Counters since creation. */
  public synchronized Stats stats() {
    return new Stats(hits, typingThroughHits, misses, entries.size());
  }

  /**
   * Cache counters.
   *
   * @param hits              exact hits
   * @param typingThroughHits hits served from a suggestion the user is typing through
   * @param misses            lookups that found nothing
   * @param size              entries held
   */
  public record Stats(long hits, long typingThroughHits, long misses, int size) {}

  /**
   * Returns how many characters of the entry's suggestion the user has typed since it was made
   * (the new prefix is the old one plus the suggestion's first n characters), or 0.
   */
  private static int typedThrough(Entry e, String newPrefix) {
    int max = Math.min(e.text.length() - 1, Math.min(TYPING_THROUGH_MAX, newPrefix.length()));
    for (int n = 1; n <= max; n++) {
      int split = newPrefix.length() - n;
      if (newPrefix.regionMatches(split, e.text, 0, n) && e.prefix.endsWith(newPrefix.substring(0, split))) {
        return n;
      }
    }
    return 0;
  }

  private static String tail(String s, int n) {
    return s.length() <= n ? s : s.substring(s.length() - n);
  }

  private static String head(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }

  private record Key(String scope, String prefix, String suffix, String filePath, String language, int contextHash) {
    static Key of(String scope, CompletionRequest r) {
      return new Key(scope, tail(r.prefix(), PREFIX_KEY_CHARS), head(r.suffix(), SUFFIX_KEY_CHARS), r.filePath(),
          r.language(), r.extraContext().hashCode());
    }
  }

  private record Entry(String scope, String prefix, String suffix, String filePath, String text) {}
}
