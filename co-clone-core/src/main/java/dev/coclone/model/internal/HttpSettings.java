package dev.coclone.model.internal;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * What a server backend needs to talk HTTP: a keep-alive HTTP/1.1 client, the timeouts, and a
 * daemon timer for the watchdogs (a disarmed watchdog leaves the timer's queue at once). One per
 * backend instance; {@link #close()} stops the timer.
 *
 * @param client           the HTTP client (connections are pooled and reused)
 * @param connectTimeout   TCP connect timeout
 * @param firstByteTimeout wait for the reply's headers (model loading included)
 * @param idleTimeout      longest silence between streamed lines
 * @param timer            watchdog scheduler
 */
public record HttpSettings(HttpClient client, Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout,
    ScheduledExecutorService timer) implements AutoCloseable {

  /** Validates the components. */
  public HttpSettings {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(firstByteTimeout, "firstByteTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(timer, "timer");
  }

  /**
   * Creates settings with a new HTTP/1.1 client (model servers speak HTTP/1.1; Ollama has no h2c).
   *
   * @param client           a client to use, or null to create one
   * @param connectTimeout   TCP connect timeout
   * @param firstByteTimeout wait for the headers
   * @param idleTimeout      longest silence mid-stream
   * @param threadName       name of the watchdog thread
   * @return the settings
   */
  public static HttpSettings create(HttpClient client, Duration connectTimeout, Duration firstByteTimeout,
      Duration idleTimeout, String threadName) {
    HttpClient c = client != null ? client : HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    // A watchdog is armed for every line read and disarmed when the line comes: it leaves the queue
    // then, rather than staying there until its idle timeout would have passed, holding its exchange
    // (and the exchange's buffers) after the reply ended or was canceled.
    timer.setRemoveOnCancelPolicy(true);
    return new HttpSettings(c, connectTimeout, firstByteTimeout, idleTimeout, timer);
  }

  /** Stops the watchdog timer. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /**
   * Checks a timeout argument.
   *
   * @param name  the argument's name
   * @param value the duration
   * @return the value
   * @throws IllegalArgumentException if not positive
   */
  public static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }
}
