package dev.coclone.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scripted model reply, protocol-neutral: the mock server writes it as Ollama NDJSON or OpenAI
 * server-sent events depending on the endpoint, and {@link ScriptedBackend} plays it in-process.
 * Build with {@link #tokens(String...)} or {@link #httpError(int, String)}.
 */
public final class ScriptedReply {
  /** What happens after the scripted tokens (or at {@link Builder#failAfter}). */
  public enum Ending {
    /** The normal final line ({@code done: true}, {@code data: [DONE]}). */
    DONE,
    /** An error line mid-stream ({@code {"error": ...}}). */
    ERROR_LINE,
    /** A line that is not JSON. */
    MALFORMED_LINE,
    /** The connection is closed without a final line. */
    DISCONNECT,
    /** Nothing more is sent; the connection stays open until the client gives up. */
    STALL,
    /** Tokens repeat for ever, until the client closes the connection. */
    ENDLESS
  }

  private final List<String> tokens;
  private final Duration tokenDelay;
  private final Duration headerDelay;
  private final Ending ending;
  private final int failAfter;
  private final String errorMessage;
  private final int status;
  private final String doneReason;
  private final List<String> moreChoices;

  private ScriptedReply(Builder b) {
    this.tokens = List.copyOf(b.tokens);
    this.tokenDelay = b.tokenDelay;
    this.headerDelay = b.headerDelay;
    this.ending = b.ending;
    this.failAfter = b.failAfter;
    this.errorMessage = b.errorMessage;
    this.status = b.status;
    this.doneReason = b.doneReason;
    this.moreChoices = List.copyOf(b.moreChoices);
  }

  /**
   * A reply that streams these pieces and ends normally.
   *
   * @param tokens the pieces, in order
   * @return a builder to add delays or failures
   */
  public static Builder tokens(String... tokens) {
    Builder b = new Builder();
    b.tokens.addAll(List.of(tokens));
    return b;
  }

  /**
   * A reply that fails at once with an HTTP status and the protocol's error body.
   *
   * @param status  e.g. 404, 500
   * @param message the error message
   * @return the reply
   */
  public static ScriptedReply httpError(int status, String message) {
    Builder b = new Builder();
    b.status = status;
    b.errorMessage = Objects.requireNonNull(message, "message");
    return b.build();
  }

  /** The pieces to stream. */
  public List<String> tokens() {
    return tokens;
  }

  /** Delay before each piece. */
  public Duration tokenDelay() {
    return tokenDelay;
  }

  /** Delay before the response headers. */
  public Duration headerDelay() {
    return headerDelay;
  }

  /** How the stream ends. */
  public Ending ending() {
    return ending;
  }

  /** Number of pieces sent before the ending, when it is not DONE. */
  public int failAfter() {
    return failAfter;
  }

  /** Message of an error line or HTTP error. */
  public String errorMessage() {
    return errorMessage;
  }

  /** HTTP status (200 unless an HTTP error). */
  public int status() {
    return status;
  }

  /** {@code stop} or {@code length}. */
  public String doneReason() {
    return doneReason;
  }

  /** Further choices an OpenAI-compatible server gives when asked for several ({@code n}), not streamed. */
  public List<String> moreChoices() {
    return moreChoices;
  }

  /** Builds {@link ScriptedReply}s. */
  public static final class Builder {
    private final List<String> tokens = new ArrayList<>();
    private Duration tokenDelay = Duration.ZERO;
    private Duration headerDelay = Duration.ZERO;
    private Ending ending = Ending.DONE;
    private int failAfter = Integer.MAX_VALUE;
    private String errorMessage = "scripted failure";
    private int status = 200;
    private String doneReason = "stop";
    private final List<String> moreChoices = new ArrayList<>();

    private Builder() {}

    /** Waits this long before each piece (slow tokens). */
    public Builder tokenDelay(Duration d) {
      this.tokenDelay = Objects.requireNonNull(d, "d");
      return this;
    }

    /** Waits this long before sending the headers (slow start, model loading). */
    public Builder headerDelay(Duration d) {
      this.headerDelay = Objects.requireNonNull(d, "d");
      return this;
    }

    /**
     * After {@code pieces} pieces, ends the stream this way instead of normally.
     *
     * @param pieces how many pieces to send first
     * @param ending the failure
     */
    public Builder failAfter(int pieces, Ending ending) {
      if (pieces < 0) {
        throw new IllegalArgumentException("pieces must be >= 0, was " + pieces);
      }
      this.failAfter = pieces;
      this.ending = Objects.requireNonNull(ending, "ending");
      return this;
    }

    /** Streams the pieces round and round until the client closes the connection. */
    public Builder endless() {
      this.ending = Ending.ENDLESS;
      return this;
    }

    /** Sets the message of an error line. */
    public Builder errorMessage(String message) {
      this.errorMessage = Objects.requireNonNull(message, "message");
      return this;
    }

    /** Reports {@code length} instead of {@code stop} at the end. */
    public Builder doneReasonLength() {
      this.doneReason = "length";
      return this;
    }

    /**
     * Adds choices after the first to a whole (not streamed) OpenAI answer: {@code choices[1..]},
     * as a server asked for {@code n} of them gives. The scripted tokens are {@code choices[0]}.
     *
     * @param texts the further choices
     * @return this builder
     */
    public Builder moreChoices(String... texts) {
      this.moreChoices.addAll(List.of(texts));
      return this;
    }

    /** Builds the reply. */
    public ScriptedReply build() {
      if (ending == Ending.ENDLESS && tokens.isEmpty()) {
        throw new IllegalStateException("an endless reply needs at least one token to repeat");
      }
      return new ScriptedReply(this);
    }
  }
}
