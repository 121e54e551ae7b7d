package dev.coclone.cancel;

import java.io.IOException;
import java.util.Objects;

/** Thrown by blocking operations that were stopped by a {@link Cancellation}; carries the reason. */
public final class CanceledException extends IOException {
  private final CancelReason reason;

  /**
   * Creates an exception for a cancellation with the given reason.
   *
   * @param reason why the operation was stopped
   */
  public CanceledException(CancelReason reason) {
    super("Canceled (" + Objects.requireNonNull(reason, "reason").name().toLowerCase(java.util.Locale.ROOT) + ")");
    this.reason = reason;
  }

  /** Returns why the operation was stopped. */
  public CancelReason reason() {
    return reason;
  }
}
