package dev.coclone.netty.auth;

/** A token was refused; the code is machine-readable, the message says what to do. */
public final class InvalidTokenException extends Exception {
  private final String code;

  /**
   * Creates the exception.
   *
   * @param code    e.g. {@code token_expired}
   * @param message what is wrong and what to do
   */
  public InvalidTokenException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The machine-readable reason. */
  public String code() {
    return code;
  }
}
