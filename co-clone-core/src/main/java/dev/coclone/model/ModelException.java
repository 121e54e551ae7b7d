package dev.coclone.model;

import java.io.IOException;
import java.util.Objects;

/** A model backend failed. The message says what happened and what the user can do about it. */
public final class ModelException extends IOException {
  private final Kind kind;
  private final int httpStatus;

  /**
   * Creates an exception.
   *
   * @param kind    the category
   * @param message what happened and what to do
   */
  public ModelException(Kind kind, String message) {
    this(kind, message, -1, null);
  }

  /**
   * Creates an exception with an HTTP status and a cause.
   *
   * @param kind       the category
   * @param message    what happened and what to do
   * @param httpStatus the model server's status code, or -1
   * @param cause      the underlying failure, or null
   */
  public ModelException(Kind kind, String message, int httpStatus, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.httpStatus = httpStatus;
  }

  /** The category of the failure. */
  public Kind kind() {
    return kind;
  }

  /** The model server's HTTP status, or -1 if there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Categories of backend failures. */
  public enum Kind {
    /** The server could not be reached (connection refused, DNS, TLS). */
    UNREACHABLE,
    /** The server does not have the model. */
    MODEL_NOT_FOUND,
    /** The model cannot do what was asked (e.g. no fill-in-the-middle). */
    UNSUPPORTED,
    /** The server rejected the credentials. */
    UNAUTHORIZED,
    /** The server rejected the request (HTTP 4xx). */
    BAD_REQUEST,
    /** The server failed (HTTP 5xx or an error line mid-stream). */
    SERVER_ERROR,
    /** The reply broke the protocol (malformed NDJSON or SSE, connection cut mid-stream). */
    PROTOCOL,
    /** Connect, first-token or idle timeout. */
    TIMEOUT
  }
}
