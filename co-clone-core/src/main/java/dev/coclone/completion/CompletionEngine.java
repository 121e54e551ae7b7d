package dev.coclone.completion;

import dev.coclone.cancel.CancelReason;
import dev.coclone.model.ModelBackend;
import java.util.List;
import java.util.Objects;

/**
 * Makes completion calls against one backend, with context, post-processing, caching and
 * supersession. It is the one pipeline every model call goes through: it owns the registry of
 * calls in flight (by request id and by session), runs enqueued calls on a bounded executor, and
 * reports every call to its {@link CompletionEventListener}s. Thread-safe; build one per
 * application and {@link #close()} it on shutdown.
 *
 * <pre>{@code
 * CompletionEngine engine = CompletionEngine.builder().backend(backend).build();
 * Completion c = engine.newCall(CompletionRequest.builder().prefix("def add(a, b):\n    ").build()).execute();
 * }</pre>
 */
public final class CompletionEngine implements AutoCloseable {
  /** Default for {@link Builder#maxRequests(int)}. */
  public static final int DEFAULT_MAX_REQUESTS = 64;
  /** Default for {@link Builder#maxQueuedRequests(int)}. */
  public static final int DEFAULT_MAX_QUEUED_REQUESTS = 256;

  private final ModelBackend backend;
  private final ContextProvider contextProvider;
  private final CompletionCache cache;
  private final int contextTokenBudget;
  private final CallDispatcher dispatcher;
  private final CompletionEventListener.Factory events;
  private final boolean owner;

  private CompletionEngine(Builder b) {
    this.backend = Objects.requireNonNull(b.backend, "backend");
    this.contextProvider = b.contextProvider;
    this.cache = b.cache;
    this.contextTokenBudget = b.contextTokenBudget;
    this.dispatcher = new CallDispatcher(b.maxRequests, b.maxQueuedRequests);
    this.events = b.events;
    this.owner = true;
  }

  private CompletionEngine(CompletionEngine origin, CompletionEventListener.Factory events) {
    this.backend = origin.backend;
    this.contextProvider = origin.contextProvider;
    this.cache = origin.cache;
    this.contextTokenBudget = origin.contextTokenBudget;
    this.dispatcher = origin.dispatcher;
    this.events = events;
    this.owner = false;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns an engine that shares everything with this one (registry of calls, executor and its
   * limits, backend, cache, context) and also reports its own calls to the given listeners, besides
   * this engine's. A server uses it to observe the calls it makes through an engine built
   * elsewhere. Closing the returned engine does nothing: close this one.
   *
   * @param extra the additional listener factory
   * @return the observed engine
   */
  public CompletionEngine withEventListener(CompletionEventListener.Factory extra) {
    Objects.requireNonNull(extra, "extra");
    return new CompletionEngine(this, CompletionEventListener.Factory.all(events, extra));
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
    if (dispatcher.closed()) {
      throw new IllegalStateException("the completion engine is closed; build a new one");
    }
    return new RealCompletionCall(this, request);
  }

  /**
   * Cancels the call in flight (running or queued) whose request carries this request id.
   *
   * @param requestId the id given with {@link CompletionRequest.Builder#requestId(String)}
   * @param reason    why it is stopped
   * @return true if a call was canceled by this, false if none was in flight or it was already canceled
   */
  public boolean cancel(String requestId, CancelReason reason) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(reason, "reason");
    return dispatcher.cancel(requestId, reason);
  }

  /**
   * Cancels the call in flight of an editor session (there is at most one: a newer call supersedes
   * the older).
   *
   * @param sessionId the id given with {@link CompletionRequest.Builder#sessionId(String)}
   * @param reason    why it is stopped
   * @return true if a call was canceled by this
   */
  public boolean cancelSession(String sessionId, CancelReason reason) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(reason, "reason");
    return dispatcher.cancelSession(sessionId, reason);
  }

  /** The calls running now (on the executor or a caller's thread), a snapshot. */
  public List<CompletionCall> runningCalls() {
    return dispatcher.runningCalls();
  }

  /** The number of enqueued calls waiting for a thread now. */
  public int queuedCallsCount() {
    return dispatcher.queuedCount();
  }

  /** The backend this engine calls. */
  public ModelBackend backend() {
    return backend;
  }

  /** The cache, or null when caching is off. */
  public CompletionCache cache() {
    return cache;
  }

  ContextProvider contextProvider() {
    return contextProvider;
  }

  int contextTokenBudget() {
    return contextTokenBudget;
  }

  CallDispatcher dispatcher() {
    return dispatcher;
  }

  CompletionEventListener.Factory events() {
    return events;
  }

  /**
   * Cancels calls in flight with reason SHUTDOWN, stops the executor and closes the backend. On an
   * engine made by {@link #withEventListener}, does nothing: the engine it came from owns these.
   */
  @Override
  public void close() {
    if (owner) {
      dispatcher.close();
      backend.close();
    }
  }

  /** Builds {@link CompletionEngine}s. */
  public static final class Builder {
    private ModelBackend backend;
    private ContextProvider contextProvider;
    private CompletionCache cache = new CompletionCache(512);
    private int contextTokenBudget = 1024;
    private int maxRequests = DEFAULT_MAX_REQUESTS;
    private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
    private CompletionEventListener.Factory events = CompletionEventListener.Factory.NONE;

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

    /**
     * Sets how many calls may run at once, counting {@code execute()} on callers' threads and
     * enqueued calls on the engine's threads (default 64). More enqueued calls wait in the queue;
     * more executed calls fail with {@link CompletionEngineBusyException}.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxRequests(int maxRequests) {
      if (maxRequests < 1) {
        throw new IllegalArgumentException("maxRequests must be >= 1, was " + maxRequests);
      }
      this.maxRequests = maxRequests;
      return this;
    }

    /**
     * Sets how many enqueued calls may wait for a thread (default 256); past that, enqueue fails
     * the call at once with {@link CompletionEngineBusyException}.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder maxQueuedRequests(int maxQueued) {
      if (maxQueued < 0) {
        throw new IllegalArgumentException("maxQueuedRequests must be >= 0, was " + maxQueued);
      }
      this.maxQueuedRequests = maxQueued;
      return this;
    }

    /** Sets the factory of the listeners that observe every call (metrics, logs); none by default. */
    public Builder eventListenerFactory(CompletionEventListener.Factory factory) {
      this.events = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** Builds the engine. */
    public CompletionEngine build() {
      return new CompletionEngine(this);
    }
  }
}
