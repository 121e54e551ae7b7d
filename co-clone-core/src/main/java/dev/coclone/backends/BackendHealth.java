package dev.coclone.backends;

import dev.coclone.model.BackendStatus;
import dev.coclone.model.ModelBackend;
import dev.coclone.model.ModelException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What a server reports as its model's availability, kept true while the model server comes and
 * goes. A model server is probed at {@link #start()}, then on a timer, and at once after a
 * generation fails because of it ({@link #generationFailed(IOException)} marks it unavailable
 * first); a probe that does not answer within its timeout (a hung server) counts as unavailable.
 * {@link #status()} never blocks: it returns what the last probe or failure said. A backend that
 * runs in this process is asked directly each time, with no timer.
 *
 * <pre>{@code
 * BackendHealth health = BackendHealth.builder(backend).interval(Duration.ofSeconds(20)).build().start();
 * BackendStatus s = health.status();   // for /v1/info
 * }</pre>
 */
public final class BackendHealth implements AutoCloseable {
  private final ModelBackend backend;
  private final Duration interval;
  private final Duration probeTimeout;
  private final List<Consumer<BackendStatus>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final ScheduledExecutorService timer;
  private final ExecutorService probes;
  private volatile BackendStatus current;

  private BackendHealth(Builder b) {
    this.backend = b.backend;
    this.interval = b.interval;
    this.probeTimeout = b.probeTimeout;
    this.current = new BackendStatus(false, backend.id(), backend.model(), "the " + backend.id()
        + " backend has not been probed yet");
    this.timer = backend.inProcess() ? null : Executors.newSingleThreadScheduledExecutor(daemon("co-clone-backend-health"));
    // Probes run on threads of their own: one that hangs must not hold up the timer or the next probe.
    this.probes = backend.inProcess() ? null : Executors.newCachedThreadPool(daemon("co-clone-backend-probe"));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Returns a builder for a backend's health.
   *
   * @param backend the backend to watch (not closed by this)
   * @return the builder
   */
  public static Builder builder(ModelBackend backend) {
    return new Builder(Objects.requireNonNull(backend, "backend"));
  }

  /**
   * Probes once, waiting at most the probe timeout, then starts the timer.
   *
   * @return this
   */
  public BackendHealth start() {
    if (timer == null) {
      return this;
    }
    try {
      probeNow().get(probeTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      // probeNow() records every outcome itself, a timeout included.
    }
    long every = interval.toMillis();
    timer.scheduleWithFixedDelay(this::probeNow, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The backend's status as last known; asks an in-process backend directly. Never blocks on a server. */
  public BackendStatus status() {
    return timer == null ? backend.probe() : current;
  }

  /**
   * Tells that a generation failed. A failure that says the model server is gone or broken (it is
   * unreachable, timed out, failed, broke the protocol, lost the model or the credentials) marks
   * it unavailable with the failure's message and probes it at once; a rejected request
   * ({@link ModelException.Kind#BAD_REQUEST}, {@link ModelException.Kind#UNSUPPORTED}) says
   * nothing about the server and is ignored.
   *
   * @param error the failure
   */
  public void generationFailed(IOException error) {
    Objects.requireNonNull(error, "error");
    if (timer == null || error instanceof ModelException me && (me.kind() == ModelException.Kind.BAD_REQUEST
        || me.kind() == ModelException.Kind.UNSUPPORTED)) {
      return;
    }
    record(new BackendStatus(false, backend.id(), backend.model(), "a generation failed: " + error.getMessage()
        + " (checking the model server again)"));
    probeNow();
  }

  /**
   * Calls the listener with every status recorded from now on (by a probe or a failure), on the
   * thread that recorded it.
   *
   * @param listener the listener
   */
  public void addListener(Consumer<BackendStatus> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Probes the backend now, unless a probe is under way already.
   *
   * @return completes when the probe is recorded (or at once if one was under way)
   */
  public CompletableFuture<BackendStatus> probeNow() {
    if (timer == null) {
      return CompletableFuture.completedFuture(backend.probe());
    }
    if (!probing.compareAndSet(false, true)) {
      return CompletableFuture.completedFuture(current);
    }
    CompletableFuture<BackendStatus> probe;
    try {
      probe = CompletableFuture.supplyAsync(this::safeProbe, probes);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      probing.set(false);
      return CompletableFuture.completedFuture(current);
    }
    return probe.orTimeout(probeTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> new BackendStatus(false, backend.id(), backend.model(), "the model server did not "
            + "answer a probe within " + probeTimeout.toMillis() + " ms: is it hung? Restart it"))
        .thenApply(s -> {
          try {
            record(s);
          } finally {
            probing.set(false);
          }
          return s;
        });
  }

  private BackendStatus safeProbe() {
    try {
      return backend.probe();
    } catch (RuntimeException e) {
      return new BackendStatus(false, backend.id(), backend.model(), "the probe failed: " + e);
    }
  }

  private void record(BackendStatus s) {
    current = s;
    for (Consumer<BackendStatus> l : listeners) {
      l.accept(s);
    }
  }

  /** Stops the timer (the backend stays open). */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      probes.shutdownNow();
    }
  }

  /** Builds {@link BackendHealth}. */
  public static final class Builder {
    private final ModelBackend backend;
    private Duration interval = Duration.ofSeconds(20);
    private Duration probeTimeout = Duration.ofSeconds(10);

    private Builder(ModelBackend backend) {
      this.backend = backend;
    }

    /**
     * How often the model server is probed (default 20 s).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder interval(Duration interval) {
      this.interval = positive("interval", interval);
      return this;
    }

    /**
     * How long a probe may take before the server counts as unavailable (default 10 s; a
     * backend's own probe gives up sooner on a server that accepts and never answers, Ollama's after
     * its connect timeout plus 2 s).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder probeTimeout(Duration timeout) {
      this.probeTimeout = positive("probeTimeout", timeout);
      return this;
    }

    /** Builds the health watch; {@link BackendHealth#start()} starts it. */
    public BackendHealth build() {
      return new BackendHealth(this);
    }

    private static Duration positive(String name, Duration d) {
      if (Objects.requireNonNull(d, name).isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
