package dev.coclone.model.internal;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.cancel.Cancellation;
import dev.coclone.model.ModelException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One streaming HTTP exchange with a model server: sends the request, then hands the reply's
 * lines to the caller as they arrive. Closing the body (on cancel, on timeout, or when the caller
 * has what it needs) drops the connection, which is how Ollama and OpenAI-compatible servers learn
 * to stop generating. A watchdog enforces the first-byte and idle timeouts.
 */
public final class StreamingExchange implements AutoCloseable {
  private final InputStream body;
  private final BufferedReader reader;
  private final int status;
  private final Cancellation cancel;
  private final Cancellation.Registration registration;
  private final ScheduledExecutorService timer;
  private final Duration idleTimeout;
  private final String serverName;
  private final AtomicReference<String> timedOut = new AtomicReference<>();
  private ScheduledFuture<?> watchdog;

  private StreamingExchange(HttpResponse<InputStream> response, Cancellation cancel, ScheduledExecutorService timer,
      Duration idleTimeout, String serverName) {
    this.body = response.body();
    this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    this.status = response.statusCode();
    this.cancel = cancel;
    this.timer = timer;
    this.idleTimeout = idleTimeout;
    this.serverName = serverName;
    this.registration = cancel.onCancel(this::closeQuietly);
  }

  /**
   * Sends a request and waits for the response headers, honouring cancellation and the
   * first-byte timeout.
   *
   * @param client           the HTTP client
   * @param request          the request
   * @param cancel           the call's cancellation
   * @param timer            scheduler for the watchdog
   * @param firstByteTimeout how long to wait for the headers (model loading included)
   * @param idleTimeout      longest silence between lines once streaming
   * @param serverName       e.g. "Ollama", used in messages
   * @param startHint        what to tell the user when the server cannot be reached
   * @return the open exchange
   * @throws IOException a {@link ModelException} or {@link CanceledException}
   */
  public static StreamingExchange open(HttpClient client, HttpRequest request, Cancellation cancel,
      ScheduledExecutorService timer, Duration firstByteTimeout, Duration idleTimeout, String serverName,
      String startHint) throws IOException {
    cancel.throwIfCanceled();
    CompletableFuture<HttpResponse<InputStream>> future =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
    Cancellation.Registration reg = cancel.onCancel(() -> future.cancel(true));
    try {
      HttpResponse<InputStream> response = future.get(firstByteTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return new StreamingExchange(response, cancel, timer, idleTimeout, serverName);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ModelException(ModelException.Kind.TIMEOUT, serverName + " at " + origin(request.uri())
          + " did not answer within " + firstByteTimeout.toMillis() + " ms; it may still be loading the model. "
          + "Try again, or raise the first-token timeout.", -1, e);
    } catch (CancellationException e) {
      throw new CanceledException(reasonOr(cancel));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new CanceledException(CancelReason.SHUTDOWN);
    } catch (ExecutionException e) {
      if (cancel.isCanceled()) {
        throw new CanceledException(cancel.reason());
      }
      throw connectFailure(e.getCause(), request.uri(), serverName, startHint);
    } finally {
      reg.close();
    }
  }

  /** The HTTP status of the reply. */
  public int status() {
    return status;
  }

  /**
   * Reads the next line of the body.
   *
   * @return the line, or null at the end of the body
   * @throws IOException {@link CanceledException} if canceled, {@link ModelException} of kind
   *     TIMEOUT if the server went silent, PROTOCOL if the connection broke
   */
  public String readLine() throws IOException {
    armWatchdog();
    try {
      String line = reader.readLine();
      checkStopped();
      return line;
    } catch (IOException e) {
      checkStopped();
      throw new ModelException(ModelException.Kind.PROTOCOL, serverName + " closed the connection mid-reply ("
          + e.getMessage() + "). Check the server's log; try again.", -1, e);
    } finally {
      disarmWatchdog();
    }
  }

  /**
   * Called when the server's final message has arrived: reads what is left of the body (the
   * chunked encoding's end, a trailing newline) so that the connection goes back to the client's
   * pool instead of being dropped by {@link #close()}. Gives up quietly after {@code maxChars}, on
   * cancel or on silence; the connection is then simply closed.
   *
   * @param maxChars most characters to read past the final message
   */
  public void drainRest(int maxChars) {
    int read = 0;
    try {
      String line;
      while (read <= maxChars && (line = readLine()) != null) {
        read += line.length() + 1;
      }
    } catch (IOException ignored) {
      // The reply was already complete; a connection that breaks now is only not reused.
    }
  }

  /** Reads the rest of the body as text, up to a limit (for error replies). */
  public String readAll(int maxChars) throws IOException {
    StringBuilder sb = new StringBuilder();
    String line;
    while (sb.length() < maxChars && (line = readLine()) != null) {
      sb.append(line).append('\n');
    }
    return sb.length() > maxChars ? sb.substring(0, maxChars) : sb.toString().trim();
  }

  private void checkStopped() throws IOException {
    if (cancel.isCanceled()) {
      throw new CanceledException(cancel.reason());
    }
    String t = timedOut.get();
    if (t != null) {
      throw new ModelException(ModelException.Kind.TIMEOUT, t);
    }
  }

  private void armWatchdog() {
    watchdog = timer.schedule(() -> {
      timedOut.compareAndSet(null, serverName + " sent nothing for " + idleTimeout.toMillis()
          + " ms in the middle of a reply; the request was dropped. Check that the server is not overloaded.");
      closeQuietly();
    }, idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void disarmWatchdog() {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
  }

  /** Drops the connection (the server stops generating) and unregisters from the cancellation. */
  @Override
  public void close() {
    registration.close();
    disarmWatchdog();
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      body.close();
    } catch (IOException ignored) {
      // Closing a response stream that already failed: nothing more to release.
    }
  }

  private static CancelReason reasonOr(Cancellation c) {
    return c.reason() != null ? c.reason() : CancelReason.CLIENT;
  }

  static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static ModelException connectFailure(Throwable cause, URI uri, String serverName, String startHint) {
    if (cause instanceof HttpConnectTimeoutException) {
      return new ModelException(ModelException.Kind.UNREACHABLE, "Connecting to " + serverName + " at " + origin(uri)
          + " timed out. " + startHint, -1, cause);
    }
    if (cause instanceof ConnectException || (cause != null && cause.getCause() instanceof ConnectException)) {
      return new ModelException(ModelException.Kind.UNREACHABLE, "Cannot reach " + serverName + " at " + origin(uri)
          + " (connection refused). " + startHint, -1, cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return new ModelException(ModelException.Kind.TIMEOUT, serverName + " at " + origin(uri) + " timed out: "
          + cause.getMessage(), -1, cause);
    }
    return new ModelException(ModelException.Kind.UNREACHABLE, "Request to " + serverName + " at " + origin(uri)
        + " failed: " + cause + ". " + startHint, -1, cause);
  }
}
