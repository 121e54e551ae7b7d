package dev.coclone.netty;

/** A request that gets an HTTP error: status, machine-readable code, and what to do. */
public final class HttpError extends Exception {
  private final int status;
  private final String code;

  /**
   * Creates an error.
   *
   * @param status  HTTP status
   * @param code    e.g. {@code invalid_json}
   * @param message what is wrong and what to do
   */
  public HttpError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The machine-readable code. */
  public String code() {
    return code;
  }
}
