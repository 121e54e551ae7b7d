package dev.coclone.completion;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one registry of calls in flight and the bounded executor that runs them, after OkHttp's
 * {@code Dispatcher}: at most {@code maxRequests} calls run at once (on the caller's thread or on
 * the executor), at most {@code maxQueued} enqueued calls wait for a thread, and calls are indexed
 * by request id and by session. Entries are removed by value, so the end of a call never
 * unregisters a newer call that reused its id or session. Shared by an engine and the engines
 * derived from it with {@link CompletionEngine#withEventListener}.
 */
final class CallDispatcher {
  private record Queued(RealCompletionCall call, Runnable task) {}

  private final int maxRequests;
  private final int maxQueued;
  private final ThreadPoolExecutor executor;
  private final Object lock = new Object();
  private final ArrayDeque<Queued> ready = new ArrayDeque<>();
  private final Set<RealCompletionCall> running = new LinkedHashSet<>();
  private final Map<String, RealCompletionCall> byId = new HashMap<>();
  private final Map<String, RealCompletionCall> bySession = new HashMap<>();
  private boolean closed;

  CallDispatcher(int maxRequests, int maxQueued) {
    this.maxRequests = maxRequests;
    this.maxQueued = maxQueued;
    // The dispatcher never hands the executor more than maxRequests tasks at once, so neither
    // its threads nor its queue can grow past that.
    this.executor = new ThreadPoolExecutor(maxRequests, maxRequests, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(maxRequests), daemonThreads());
    this.executor.allowCoreThreadTimeOut(true);
  }

  /** Registers a call that runs on the caller's thread, or refuses it when maxRequests run. */
  void startSync(RealCompletionCall call) throws IOException {
    RealCompletionCall superseded;
    synchronized (lock) {
      if (closed) {
        throw new CanceledException(CancelReason.SHUTDOWN);
      }
      if (running.size() >= maxRequests) {
        throw new CompletionEngineBusyException(running.size(), ready.size());
      }
      running.add(call);
      superseded = index(call);
    }
    supersede(superseded);
  }

  /** Queues a call for the executor, or refuses it when the queue is full too. */
  void enqueue(RealCompletionCall call, Runnable task) throws IOException {
    RealCompletionCall superseded;
    synchronized (lock) {
      if (closed) {
        throw new CanceledException(CancelReason.SHUTDOWN);
      }
      if (running.size() >= maxRequests && ready.size() >= maxQueued) {
        throw new CompletionEngineBusyException(running.size(), ready.size());
      }
      ready.add(new Queued(call, task));
      superseded = index(call);
    }
    supersede(superseded);
    promote();
  }

  /** Takes a call that has not started off the queue; true if it was still waiting. */
  boolean dequeue(RealCompletionCall call) {
    synchronized (lock) {
      for (Iterator<Queued> it = ready.iterator(); it.hasNext(); ) {
        if (it.next().call == call) {
          it.remove();
          unindex(call);
          return true;
        }
      }
      return false;
    }
  }

  /** Unregisters a call that ran, and starts queued ones. */
  void finished(RealCompletionCall call) {
    synchronized (lock) {
      running.remove(call);
      unindex(call);
    }
    promote();
  }

  private void promote() {
    List<Queued> start = new ArrayList<>();
    synchronized (lock) {
      while (!ready.isEmpty() && running.size() < maxRequests) {
        Queued q = ready.poll();
        running.add(q.call);
        start.add(q);
      }
    }
    for (Queued q : start) {
      try {
        executor.execute(q.task);
      } catch (RejectedExecutionException e) {
        // Only after close: the call fails at once as canceled, on this thread.
        q.call.cancel(CancelReason.SHUTDOWN);
        q.task.run();
      }
    }
  }

  /** Indexes a call (holding the lock); returns the call of its session it supersedes, or null. */
  private RealCompletionCall index(RealCompletionCall call) {
    String id = call.request().requestId();
    if (id != null) {
      byId.put(id, call);
    }
    String session = call.request().sessionId();
    RealCompletionCall previous = session == null ? null : bySession.put(session, call);
    return previous == call ? null : previous;
  }

  /** Cancels a superseded call, outside the lock: its listeners run now. */
  private static void supersede(RealCompletionCall previous) {
    if (previous != null) {
      previous.cancel(CancelReason.SUPERSEDED);
    }
  }

  /** Removes a call from the indexes (holding the lock), only where it is still the one indexed. */
  private void unindex(RealCompletionCall call) {
    String id = call.request().requestId();
    if (id != null) {
      byId.remove(id, call);
    }
    String session = call.request().sessionId();
    if (session != null) {
      bySession.remove(session, call);
    }
  }

  boolean cancel(String requestId, CancelReason reason) {
    RealCompletionCall call;
    synchronized (lock) {
      call = byId.get(requestId);
    }
    return call != null && call.cancelFirst(reason);
  }

  boolean cancelSession(String sessionId, CancelReason reason) {
    RealCompletionCall call;
    synchronized (lock) {
      call = bySession.get(sessionId);
    }
    return call != null && call.cancelFirst(reason);
  }

  List<CompletionCall> runningCalls() {
    synchronized (lock) {
      return List.copyOf(running);
    }
  }

  int queuedCount() {
    synchronized (lock) {
      return ready.size();
    }
  }

  boolean closed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** Refuses new calls, cancels every call in flight (queued ones fail at once) and stops the threads. */
  void close() {
    List<RealCompletionCall> all = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      all.addAll(running);
      ready.forEach(q -> all.add(q.call));
    }
    for (RealCompletionCall call : all) {
      call.cancel(CancelReason.SHUTDOWN);
    }
    executor.shutdown();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "co-clone-completion-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
