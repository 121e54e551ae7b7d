package dev.coclone.completion;

import dev.coclone.source.ContextSnippet;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.Languages;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable request for a completion at a cursor: the text before it (prefix), the text after
 * it (suffix), and how much to generate. Build one with {@link #builder()}; derive a changed copy
 * with {@link #newBuilder()}.
 */
public final class CompletionRequest {
  /** Default number of tokens to generate. */
  public static final int DEFAULT_MAX_TOKENS = 128;
  /** The most alternatives one request may ask for ({@link Builder#n(int)}). */
  public static final int MAX_ALTERNATIVES = 8;

  private final String prefix;
  private final String suffix;
  private final String language;
  private final String filePath;
  private final int maxTokens;
  private final double temperature;
  private final List<String> stop;
  private final List<ContextSnippet> extraContext;
  private final String sessionId;
  private final String requestId;
  private final CompletionMode mode;
  private final boolean useWorkspaceContext;
  private final boolean useCache;
  private final int n;

  private CompletionRequest(Builder b) {
    this.prefix = b.prefix;
    this.suffix = b.suffix;
    this.language = b.language != null ? b.language : Languages.fromPath(b.filePath);
    this.filePath = b.filePath;
    this.maxTokens = b.maxTokens;
    this.temperature = b.temperature;
    this.stop = List.copyOf(b.stop);
    this.extraContext = List.copyOf(b.extraContext);
    this.sessionId = b.sessionId;
    this.requestId = b.requestId;
    this.mode = b.mode;
    this.useWorkspaceContext = b.useWorkspaceContext;
    this.useCache = b.useCache;
    this.n = b.n;
  }

  /** Returns a builder with defaults: empty prefix and suffix, 128 tokens, temperature 0.2. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder initialised from this request. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Text before the cursor. */
  public String prefix() {
    return prefix;
  }

  /** Text after the cursor. */
  public String suffix() {
    return suffix;
  }

  /** Language id ({@code java}, {@code python}, {@code javascript}, {@code typescript}, ...), or {@code text}. */
  public String language() {
    return language;
  }

  /** Workspace-relative path of the file being edited, or null. */
  public String filePath() {
    return filePath;
  }

  /** Upper bound on generated tokens. */
  public int maxTokens() {
    return maxTokens;
  }

  /** Sampling temperature; 0 is greedy. */
  public double temperature() {
    return temperature;
  }

  /**
   * Extra stop sequences, sent to the model besides its family's own end tokens. Where a line or
   * block ends is decided separately, by the engine's {@link StreamGate}.
   */
  public List<String> stop() {
    return stop;
  }

  /** Context supplied with the request (e.g. the demo page's context area). */
  public List<ContextSnippet> extraContext() {
    return extraContext;
  }

  /** Editor session id: a newer call with the same id cancels the older one. Null for none. */
  public String sessionId() {
    return sessionId;
  }

  /**
   * The client-chosen id of this request, or null. The engine indexes running calls by it, so
   * {@link CompletionEngine#cancel(String, dev.coclone.cancel.CancelReason)} can stop the call.
   */
  public String requestId() {
    return requestId;
  }

  /** Single- or multi-line, or {@link CompletionMode#AUTO} to decide from the cursor. */
  public CompletionMode mode() {
    return mode;
  }

  /** Whether the engine may add context retrieved from the indexed workspace. */
  public boolean useWorkspaceContext() {
    return useWorkspaceContext;
  }

  /** Whether the completion cache may answer this request. */
  public boolean useCache() {
    return useCache;
  }

  /**
   * How many distinct suggestions to ask for, 1 to {@link #MAX_ALTERNATIVES}: the first is
   * {@link Completion#text()}, all of them are {@link Completion#alternatives()}.
   */
  public int n() {
    return n;
  }

  @Override
  public String toString() {
    return "CompletionRequest{language=" + language + ", file=" + filePath + ", prefix=" + prefix.length()
        + " chars, suffix=" + suffix.length() + " chars, maxTokens=" + maxTokens + ", mode=" + mode + ", n=" + n + "}";
  }

  /** Builds {@link CompletionRequest}s. */
  public static final class Builder {
    private String prefix = "";
    private String suffix = "";
    private String language;
    private String filePath;
    private int maxTokens = DEFAULT_MAX_TOKENS;
    private double temperature = 0.2;
    private final List<String> stop = new ArrayList<>();
    private final List<ContextSnippet> extraContext = new ArrayList<>();
    private String sessionId;
    private String requestId;
    private CompletionMode mode = CompletionMode.AUTO;
    private boolean useWorkspaceContext = true;
    private boolean useCache = true;
    private int n = 1;

    private Builder() {}

    private Builder(CompletionRequest r) {
      prefix = r.prefix;
      suffix = r.suffix;
      language = r.language;
      filePath = r.filePath;
      maxTokens = r.maxTokens;
      temperature = r.temperature;
      stop.addAll(r.stop);
      extraContext.addAll(r.extraContext);
      sessionId = r.sessionId;
      requestId = r.requestId;
      mode = r.mode;
      useWorkspaceContext = r.useWorkspaceContext;
      useCache = r.useCache;
      n = r.n;
    }

    /** Sets the text before the cursor. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Sets the text after the cursor. */
    public Builder suffix(String suffix) {
      this.suffix = Objects.requireNonNull(suffix, "suffix");
      return this;
    }

    /** Sets the language id; when unset it is derived from the file path's extension. */
    public Builder language(String language) {
      this.language = language == null ? null : language.toLowerCase(java.util.Locale.ROOT);
      return this;
    }

    /** Sets the workspace-relative path of the edited file. */
    public Builder filePath(String filePath) {
      this.filePath = filePath;
      return this;
    }

    /**
     * Sets the maximum number of tokens to generate.
     *
     * @throws IllegalArgumentException if not between 1 and 4096
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1 || maxTokens > 4096) {
        throw new IllegalArgumentException("maxTokens must be between 1 and 4096, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets the sampling temperature.
     *
     * @throws IllegalArgumentException if not between 0 and 2
     */
    public Builder temperature(double temperature) {
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException("temperature must be between 0 and 2, was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /** Adds a stop sequence. */
    public Builder addStop(String stop) {
      Objects.requireNonNull(stop, "stop");
      if (stop.isEmpty()) {
        throw new IllegalArgumentException("stop sequences must not be empty");
      }
      this.stop.add(stop);
      return this;
    }

    /** Adds context to put into the prompt. */
    public Builder addContext(ContextSnippet snippet) {
      this.extraContext.add(Objects.requireNonNull(snippet, "snippet"));
      return this;
    }

    /** Sets the editor session id used for supersession; null for none. */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** Sets the client-chosen request id the engine indexes the call by; null for none. */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /** Forces single- or multi-line completion, or AUTO. */
    public Builder mode(CompletionMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Allows or forbids workspace context retrieval (default allowed). */
    public Builder useWorkspaceContext(boolean use) {
      this.useWorkspaceContext = use;
      return this;
    }

    /** Allows or forbids answering from the cache (default allowed). */
    public Builder useCache(boolean use) {
      this.useCache = use;
      return this;
    }

    /**
     * Sets how many distinct suggestions to ask for (default 1).
     *
     * @throws IllegalArgumentException if not between 1 and {@link #MAX_ALTERNATIVES}
     */
    public Builder n(int n) {
      if (n < 1 || n > MAX_ALTERNATIVES) {
        throw new IllegalArgumentException("n (the number of alternatives) must be between 1 and " + MAX_ALTERNATIVES
            + ", was " + n + "; ask for at most " + MAX_ALTERNATIVES + " and show them one at a time");
      }
      this.n = n;
      return this;
    }

    /** Builds the request. */
    public CompletionRequest build() {
      return new CompletionRequest(this);
    }
  }
}
