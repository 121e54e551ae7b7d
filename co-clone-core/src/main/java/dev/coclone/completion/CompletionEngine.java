package dev.coclone.completion;

import dev.coclone.cancel.CancelReason;
import dev.coclone.model.ModelBackend;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes completion calls against one backend, with context, post-processing, caching and
 * supersession. Thread-safe; build one per application and {@link #close()} it on shutdown.
 *
 * <pre>{@code
 * CompletionEngine engine = CompletionEngine.builder().backend(backend).build();
 * Completion c = engine.newCall(CompletionRequest.builder().prefix("def add(a, b):\n    ").build()).execute();
 * }</pre>
 */
public final class CompletionEngine implements AutoCloseable {
  private final ModelBackend backend;
  private final ContextProvider contextProvider;
  private final CompletionCache cache;
  private final int contextTokenBudget;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final ConcurrentHashMap<String, RealCompletionCall> sessions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RealCompletionCall, Boolean> running = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private CompletionEngine(Builder b) {
    this.backend = Objects.requireNonNull(b.backend, "backend");
    this.contextProvider = b.contextProvider;
    this.cache = b.cache;
    this.contextTokenBudget = b.contextTokenBudget;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownsExecutor = false;
    } else {
      this.executor = Executors.newCachedThreadPool(daemonThreads());
      this.ownsExecutor = true;
    }
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Prepares a call for the request. Nothing runs until {@link CompletionCall#execute()} or
   * {@link CompletionCall#enqueue(CompletionListener)}.
   *
   * @param request the request
   * @return a call that can run once
   * @throws IllegalStateException if the engine is closed
   */
  public CompletionCall newCall(CompletionRequest request) {
    Objects.requireNonNull(request, "request");
    if (closed) {
      throw new IllegalStateException("the completion engine is closed; build a new one");
    }
    return new RealCompletionCall(this, request);
  }

  /** The backend this engine calls. */
  public ModelBackend backend() {
    return backend;
  }

  /** The cache, or null when caching is off. */
  public CompletionCache cache() {
    return cache;
  }

  /** The number of calls running now. */
  public int runningCalls() {
    return running.size();
  }

  ContextProvider contextProvider() {
    return contextProvider;
  }

  int contextTokenBudget() {
    return contextTokenBudget;
  }

  ExecutorService executor() {
    return executor;
  }

  /** Registers a starting call; cancels the session's previous call (supersession). */
  void started(RealCompletionCall call) {
    if (closed) {
      call.cancel(CancelReason.SHUTDOWN);
    }
    running.put(call, Boolean.TRUE);
    String session = call.request().sessionId();
    if (session != null) {
      RealCompletionCall previous = sessions.put(session, call);
      if (previous != null && previous != call) {
        previous.cancel(CancelReason.SUPERSEDED);
      }
    }
  }

  void finished(RealCompletionCall call) {
    running.remove(call);
    String session = call.request().sessionId();
    if (session != null) {
      sessions.remove(session, call);
    }
  }

  /** Cancels running calls with reason SHUTDOWN, stops the executor if the engine made it, closes the backend. */
  @Override
  public void close() {
    closed = true;
    for (RealCompletionCall call : running.keySet()) {
      call.cancel(CancelReason.SHUTDOWN);
    }
    if (ownsExecutor) {
      executor.shutdown();
    }
    backend.close();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "co-clone-completion-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds {@link CompletionEngine}s. */
  public static final class Builder {
    private ModelBackend backend;
    private ContextProvider contextProvider;
    private CompletionCache cache = new CompletionCache(512);
    private int contextTokenBudget = 1024;
    private ExecutorService executor;

    private Builder() {}

    /** Sets the model backend (required). */
    public Builder backend(ModelBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /** Sets where workspace context comes from; none by default. */
    public Builder contextProvider(ContextProvider provider) {
      this.contextProvider = provider;
      return this;
    }

    /** Sets the cache; null turns caching off. Default: 512 entries. */
    public Builder cache(CompletionCache cache) {
      this.cache = cache;
      return this;
    }

    /**
     * Sets how many prompt tokens context may take (default 1024).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder contextTokenBudget(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("contextTokenBudget must be >= 0, was " + tokens);
      }
      this.contextTokenBudget = tokens;
      return this;
    }

    /** Sets the executor for enqueued calls; by default the engine makes and owns one. */
    public Builder executor(ExecutorService executor) {
      this.executor = executor;
      return this;
    }

    /** Builds the engine. */
    public CompletionEngine build() {
      return new CompletionEngine(this);
    }
  }
}
