package dev.coclone.cancel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A one-shot cancellation signal. Anything that blocks or holds a resource for a call (a socket, a
 * generation loop, an upstream HTTP/2 stream) registers a callback with {@link #onCancel(Runnable)}
 * and checks {@link #isCanceled()} in its loop. {@link #cancel(CancelReason)} is idempotent: only the
 * first reason counts and every callback runs exactly once.
 */
public final class Cancellation {
  private final Object lock = new Object();
  private volatile CancelReason reason;
  private List<Runnable> callbacks = new ArrayList<>();

  /** Creates a signal that is not canceled. */
  public Cancellation() {}

  /**
   * Cancels with the given reason. The first call wins; later calls do nothing.
   *
   * @param reason why the work is stopped
   * @return true if this call canceled the signal, false if it was already canceled
   */
  public boolean cancel(CancelReason reason) {
    Objects.requireNonNull(reason, "reason");
    List<Runnable> toRun;
    synchronized (lock) {
      if (this.reason != null) {
        return false;
      }
      this.reason = reason;
      toRun = callbacks;
      callbacks = null;
    }
    RuntimeException first = null;
    for (Runnable r : toRun) {
      try {
        r.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return true;
  }

  /** Returns true once {@link #cancel(CancelReason)} has been called. */
  public boolean isCanceled() {
    return reason != null;
  }

  /** Returns the reason of the cancellation, or null if not canceled. */
  public CancelReason reason() {
    return reason;
  }

  /**
   * Registers a callback that runs once on cancellation; runs it at once if already canceled.
   *
   * @param callback what to do on cancel (close a socket, reset a stream); must not block
   * @return a handle that unregisters the callback when closed
   */
  public Registration onCancel(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (lock) {
      if (reason == null) {
        callbacks.add(callback);
        return () -> {
          synchronized (lock) {
            if (callbacks != null) {
              callbacks.remove(callback);
            }
          }
        };
      }
    }
    callback.run();
    return () -> {};
  }

  /**
   * Throws if canceled.
   *
   * @throws CanceledException with the reason, if canceled
   */
  public void throwIfCanceled() throws CanceledException {
    CancelReason r = reason;
    if (r != null) {
      throw new CanceledException(r);
    }
  }

  /** A registered callback; closing it unregisters the callback. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    /** Unregisters the callback; does nothing if it already ran. */
    @Override
    void close();
  }
}
