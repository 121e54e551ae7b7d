package dev.coclone.model;

import dev.coclone.source.CompletionMode;
import dev.coclone.source.ContextSnippet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a backend is asked to generate: the text around the cursor, the resolved mode, the context
 * that fits the prompt budget (nearest to the cursor last), stop sequences and limits. Each backend
 * formats the prompt for its model family itself. Immutable; build one with {@link #builder()}.
 */
public final class GenerationRequest {
  private final String prefix;
  private final String suffix;
  private final String language;
  private final String filePath;
  private final CompletionMode mode;
  private final List<ContextSnippet> context;
  private final List<String> stop;
  private final int maxTokens;
  private final double temperature;
  private final int n;
  private final Long seed;

  private GenerationRequest(Builder b) {
    this.prefix = b.prefix;
    this.suffix = b.suffix;
    this.language = b.language;
    this.filePath = b.filePath;
    this.mode = Objects.requireNonNull(b.mode, "mode");
    if (mode == CompletionMode.AUTO) {
      throw new IllegalArgumentException("mode must be resolved to SINGLE_LINE or MULTI_LINE, not AUTO");
    }
    this.context = List.copyOf(b.context);
    this.stop = List.copyOf(b.stop);
    this.maxTokens = b.maxTokens;
    this.temperature = b.temperature;
    this.n = b.n;
    this.seed = b.seed;
  }

  /** Returns a builder: empty prefix and suffix, language {@code text}, single-line, 128 tokens, temperature 0.2. */
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

  /** Language id ({@code java}, {@code python}, ...), or {@code text}. */
  public String language() {
    return language;
  }

  /** Workspace-relative path of the file, or null. */
  public String filePath() {
    return filePath;
  }

  /** Single- or multi-line (never AUTO). */
  public CompletionMode mode() {
    return mode;
  }

  /** Context snippets, least relevant first. */
  public List<ContextSnippet> context() {
    return context;
  }

  /** Stop sequences the caller asked for (the model family's own are the backend's business). */
  public List<String> stop() {
    return stop;
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
   * How many distinct suggestions the caller wants in all: {@link ModelBackend#generate} gives the
   * first, {@link ModelBackend#alternatives} the others.
   */
  public int n() {
    return n;
  }

  /** The sampling seed to send the model, or empty for the model's own choice. */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  @Override
  public String toString() {
    return "GenerationRequest{language=" + language + ", mode=" + mode + ", prefix=" + prefix.length() + " chars, suffix="
        + suffix.length() + " chars, context=" + context.size() + ", maxTokens=" + maxTokens + ", n=" + n + "}";
  }

  /** Builds {@link GenerationRequest}s. */
  public static final class Builder {
    private String prefix = "";
    private String suffix = "";
    private String language = "text";
    private String filePath;
    private CompletionMode mode = CompletionMode.SINGLE_LINE;
    private List<ContextSnippet> context = List.of();
    private List<String> stop = List.of();
    private int maxTokens = 128;
    private double temperature = 0.2;
    private int n = 1;
    private Long seed;

    private Builder() {}

    private Builder(GenerationRequest r) {
      prefix = r.prefix;
      suffix = r.suffix;
      language = r.language;
      filePath = r.filePath;
      mode = r.mode;
      context = r.context;
      stop = r.stop;
      maxTokens = r.maxTokens;
      temperature = r.temperature;
      n = r.n;
      seed = r.seed;
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

    /** Sets the language id. */
    public Builder language(String language) {
      this.language = Objects.requireNonNull(language, "language");
      return this;
    }

    /** Sets the workspace-relative file path, or null. */
    public Builder filePath(String filePath) {
      this.filePath = filePath;
      return this;
    }

    /** Sets the mode; it must be resolved (not AUTO) by the time {@link #build()} runs. */
    public Builder mode(CompletionMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Sets the context snippets, least relevant first. */
    public Builder context(List<ContextSnippet> context) {
      this.context = List.copyOf(context);
      return this;
    }

    /** Sets the stop sequences. */
    public Builder stop(List<String> stop) {
      this.stop = List.copyOf(stop);
      return this;
    }

    /**
     * Sets the token limit.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens <= 0) {
        throw new IllegalArgumentException("maxTokens must be > 0, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Sets the sampling temperature.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder temperature(double temperature) {
      if (temperature < 0) {
        throw new IllegalArgumentException("temperature must be >= 0, was " + temperature);
      }
      this.temperature = temperature;
      return this;
    }

    /**
     * Sets how many distinct suggestions the caller wants in all (default 1).
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder n(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("n must be >= 1, was " + n);
      }
      this.n = n;
      return this;
    }

    /** Sets the sampling seed to send the model. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Leaves the seed to the model. */
    public Builder noSeed() {
      this.seed = null;
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException if the mode is AUTO
     */
    public GenerationRequest build() {
      return new GenerationRequest(this);
    }
  }
}
