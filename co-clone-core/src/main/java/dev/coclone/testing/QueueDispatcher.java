package dev.coclone.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The default dispatcher: replies in the order they were enqueued. With nothing enqueued it
 * answers HTTP 500 with a message saying to enqueue a reply, or a fallback set with
 * {@link #setFallback(ScriptedReply)}.
 */
public final class QueueDispatcher implements Dispatcher {
  private final BlockingQueue<ScriptedReply> replies = new LinkedBlockingQueue<>();
  private volatile ScriptedReply fallback =
      ScriptedReply.httpError(500, "the mock model server has no scripted reply: call enqueue() first");

  /** Creates an empty queue. */
  public QueueDispatcher() {}

  /** Adds a reply to the end of the queue. */
  public void enqueue(ScriptedReply reply) {
    replies.add(java.util.Objects.requireNonNull(reply, "reply"));
  }

  /** Sets the reply used when the queue is empty. */
  public void setFallback(ScriptedReply reply) {
    this.fallback = java.util.Objects.requireNonNull(reply, "reply");
  }

  @Override
  public ScriptedReply dispatch(RecordedRequest request) {
    ScriptedReply r = replies.poll();
    return r != null ? r : fallback;
  }
}
