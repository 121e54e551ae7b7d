package dev.coclone.netty;

import java.util.logging.Logger;

/**
 * What a server does when the JVM runs out of memory: it stops the process with a clear message
 * and exit status {@value #EXIT_STATUS}, so that a supervisor (systemd, Docker, a shell loop)
 * starts a fresh one. Continuing would leave a zombie whose event loops keep failing while the
 * port stays taken. Run servers with {@code -XX:+ExitOnOutOfMemoryError} as well: it covers the
 * places no handler sees.
 */
final class FatalErrors {
  static final int EXIT_STATUS = 70;
  private static final Logger LOG = Logger.getLogger(FatalErrors.class.getName());

  private final Runnable halt;

  /** Halts the JVM on an OutOfMemoryError. */
  FatalErrors() {
    this(() -> Runtime.getRuntime().halt(EXIT_STATUS));
  }

  /** Runs {@code halt} on an OutOfMemoryError (tests pass a recorder). */
  FatalErrors(Runnable halt) {
    this.halt = halt;
  }

  /** True if the throwable or one of its causes is an OutOfMemoryError. */
  static boolean isOutOfMemory(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /**
   * Stops the process if {@code t} is or wraps an OutOfMemoryError; otherwise does nothing.
   *
   * @return false (when it returns at all) if {@code t} was not fatal
   */
  boolean check(Throwable t) {
    if (!isOutOfMemory(t)) {
      return false;
    }
    String message = "co-clone: out of memory (" + t + "); stopping the process so that a supervisor can start a "
        + "fresh one. Give it more heap (-Xmx) or lower the connection limits.";
    try {
      System.err.println(message);
      LOG.severe(message);
    } finally {
      halt.run();
    }
    return true;
  }

  /** An uncaught-exception handler for server threads that halts on OutOfMemoryError. */
  Thread.UncaughtExceptionHandler uncaughtHandler() {
    return (thread, e) -> {
      if (!check(e)) {
        LOG.log(java.util.logging.Level.SEVERE, "uncaught in " + thread.getName(), e);
      }
    };
  }
}
