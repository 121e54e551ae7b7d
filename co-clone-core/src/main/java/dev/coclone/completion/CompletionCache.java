package dev.coclone.completion;

import dev.coclone.source.ContextSnippet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers recent completions. The same context answers at once; when the user has typed the
 * first characters of a remembered suggestion, the rest of it answers without a model request
 * (typing-through). Thread-safe; bounded LRU.
 *
 * <p>An answer is reused only for a request that would have been answered the same way: the key
 * holds, besides the text around the cursor, the file, the language and the supplied context,
 * everything else that changes the answer: the scope (backend, model, resolved mode), the
 * requested mode, {@code maxTokens}, the stop sequences, the temperature and {@code n}. So a
 * remembered answer never exceeds the limits of the request it answers: a 3-token answer is not
 * given to a 1000-token request, nor a 1000-token one to a 3-token request.
 *
 * <p>Besides the texts, an entry keeps what the answer said about itself ({@link Answer}): the
 * context snippets it was made with and, for an empty answer, why it is empty; a cached answer
 * says the same as the fresh one did.
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
  public Optional<String> get(String scope, CompletionRequest request) {
    return getAll(scope, request).map(texts -> texts.get(0));
  }

  /**
   * Looks a request up like {@link #get}, giving all the remembered suggestions (the main one
   * first; when typing through, those that start with what the user typed, minus that).
   *
   * @param scope   what else must match (backend, model, mode)
   * @param request the request
   * @return the suggestions, if any
   */
  public Optional<List<String>> getAll(String scope, CompletionRequest request) {
    return lookup(scope, request).map(Answer::texts);
  }

  /**
   * Looks a request up like {@link #getAll}, giving the whole remembered answer: its texts, the
   * context it was made with and, for an empty one, why it is empty. When typing through, the
   * texts are cut as {@link #getAll} cuts them and the reason is empty (what is left is shown).
   *
   * @param scope   what else must match (backend, model, mode)
   * @param request the request
   * @return the answer, if any
   */
  public synchronized Optional<Answer> lookup(String scope, CompletionRequest request) {
    Key key = Key.of(scope, request);
    Entry exact = entries.get(key);
    if (exact != null) {
      hits++;
      return Optional.of(exact.answer);
    }
    String prefix = tail(request.prefix(), PREFIX_KEY_CHARS + 256);
    String suffix = head(request.suffix(), SUFFIX_KEY_CHARS);
    String params = params(request);
    for (Iterator<Entry> it = recent.descendingIterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (!e.scope.equals(scope) || !e.params.equals(params) || !e.suffix.equals(suffix)
          || !Objects.equals(e.filePath, request.filePath())) {
        continue;
      }
      int typed = typedThrough(e, prefix);
      if (typed > 0) {
        typingThroughHits++;
        String typedText = e.text().substring(0, typed);
        List<String> rest = new ArrayList<>();
        for (String t : e.texts()) {
          if (t.length() > typed && t.startsWith(typedText) && !rest.contains(t.substring(typed))) {
            rest.add(t.substring(typed));
          }
        }
        return Optional.of(new Answer(rest, e.answer.context(), ""));
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
  public void put(String scope, CompletionRequest request, String text) {
    putAll(scope, request, List.of(Objects.requireNonNull(text, "text")));
  }

  /**
   * Remembers all the suggestions for a request, the main one first.
   *
   * @param scope   what else must match (backend, model, mode)
   * @param request the request
   * @param texts   the post-processed suggestions, at least one
   * @throws IllegalArgumentException if {@code texts} is empty
   */
  public void putAll(String scope, CompletionRequest request, List<String> texts) {
    remember(scope, request, new Answer(texts, List.of(), ""));
  }

  /**
   * Remembers a whole answer for a request: its suggestions, the context used and why an empty
   * one is empty.
   *
   * @param scope   what else must match (backend, model, mode)
   * @param request the request
   * @param answer  the answer
   */
  public synchronized void remember(String scope, CompletionRequest request, Answer answer) {
    Objects.requireNonNull(answer, "answer");
    Entry e = new Entry(scope, params(request), tail(request.prefix(), PREFIX_KEY_CHARS + 256),
        head(request.suffix(), SUFFIX_KEY_CHARS), request.filePath(), answer);
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
    String text = e.text();
    int max = Math.min(text.length() - 1, Math.min(TYPING_THROUGH_MAX, newPrefix.length()));
    for (int n = 1; n <= max; n++) {
      int split = newPrefix.length() - n;
      if (newPrefix.regionMatches(split, text, 0, n) && e.prefix.endsWith(newPrefix.substring(0, split))) {
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

  /** What, besides the text and the scope, changes the answer: the limits, sampling and count. */
  private static String params(CompletionRequest r) {
    return r.mode() + "|" + r.maxTokens() + "|" + r.temperature() + "|" + r.n() + "|" + r.stop();
  }

  private record Key(String scope, String params, String prefix, String suffix, String filePath, String language,
      int contextHash) {
    static Key of(String scope, CompletionRequest r) {
      return new Key(scope, CompletionCache.params(r), tail(r.prefix(), PREFIX_KEY_CHARS), head(r.suffix(), SUFFIX_KEY_CHARS),
          r.filePath(), r.language(), r.extraContext().hashCode());
    }
  }

  /**
   * A remembered answer.
   *
   * @param texts              the post-processed suggestions, the main one first (at least one;
   *     after typing through, possibly none)
   * @param context            the context snippets the answer was made with
   * @param noSuggestionReason why the main suggestion is empty, or {@code ""}
   */
  public record Answer(List<String> texts, List<ContextSnippet> context, String noSuggestionReason) {
    /** Validates and copies the components. */
    public Answer {
      texts = List.copyOf(texts);
      context = List.copyOf(context);
      Objects.requireNonNull(noSuggestionReason, "noSuggestionReason");
    }
  }

  private record Entry(String scope, String params, String prefix, String suffix, String filePath, Answer answer) {
    Entry {
      if (answer.texts().isEmpty()) {
        throw new IllegalArgumentException("texts must hold at least the main suggestion");
      }
    }

    List<String> texts() {
      return answer.texts();
    }

    String text() {
      return answer.texts().get(0);
    }
  }
}
