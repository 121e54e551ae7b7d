package dev.coclone.signature;

/** An edit was made for a version of a file that is no longer the current one. */
public final class StaleEditException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what changed and what to do
   */
  public StaleEditException(String message) {
    super(message);
  }
}
