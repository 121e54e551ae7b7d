package dev.coclone.testing;

import dev.coclone.cancel.CanceledException;
import dev.coclone.cancel.Cancellation;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.GenerationRequest;
import dev.coclone.model.GenerationResult;
import dev.coclone.model.ModelBackend;
import dev.coclone.model.ModelException;
import dev.coclone.model.TokenSink;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process {@link ModelBackend} that plays {@link ScriptedReply}s, for tests of code that
 * uses the completion engine or the servers without any HTTP model server. It records every
 * {@link GenerationRequest}, every cancellation, and how many tokens it handed out, and it waits
 * between tokens on the call's cancellation so a cancel stops it at once.
 */
public final class ScriptedBackend implements ModelBackend {
  private final String model;
  private final QueueDispatcher queue = new QueueDispatcher();
  private final BlockingQueue<GenerationRequest> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<GenerationRequest> cancellations = new LinkedBlockingQueue<>();
  private final AtomicInteger tokensSent = new AtomicInteger();
  private final AtomicInteger active = new AtomicInteger();

  /**
   * Creates a backend that reports the given model name.
   *
   * @param model the model name
   */
  public ScriptedBackend(String model) {
    this.model = java.util.Objects.requireNonNull(model, "model");
  }

  /** Creates a backend for model {@code scripted}. */
  public ScriptedBackend() {
    this("scripted");
  }

  /** Queues a reply for the next generation. */
  public void enqueue(ScriptedReply reply) {
    queue.enqueue(reply);
  }

  /** Sets the reply used when nothing is queued (by default a failure saying to enqueue). */
  public void setFallback(ScriptedReply reply) {
    queue.setFallback(reply);
  }

  @Override
  public String id() {
    return "scripted";
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancel) throws IOException {
    active.incrementAndGet();
    CountDownLatch canceled = new CountDownLatch(1);
    try (Cancellation.Registration ignored = cancel.onCancel(canceled::countDown)) {
      // The reply is taken before the request is seen by takeRequest: a test that saw this request
      // knows it holds the reply enqueued for it, even when a later generation starts at once.
      ScriptedReply reply = queue.dispatch(null);
      requests.add(request);
      pause(reply.headerDelay(), canceled, cancel, request);
      if (reply.status() != 200) {
        throw new ModelException(reply.status() == 404 ? ModelException.Kind.MODEL_NOT_FOUND
            : ModelException.Kind.SERVER_ERROR, reply.errorMessage(), reply.status(), null);
      }
      boolean endless = reply.ending() == ScriptedReply.Ending.ENDLESS;
      int limit = endless ? Integer.MAX_VALUE : Math.min(reply.tokens().size(), reply.failAfter());
      int sent = 0;
      for (int i = 0; i < limit; i++) {
        pause(reply.tokenDelay(), canceled, cancel, request);
        tokensSent.incrementAndGet();
        sent++;
        if (!sink.accept(reply.tokens().get(i % reply.tokens().size()))) {
          return new GenerationResult(GenerationResult.Finish.STOP, 0, sent);
        }
      }
      switch (reply.ending()) {
        case ERROR_LINE, MALFORMED_LINE, DISCONNECT -> throw new ModelException(ModelException.Kind.SERVER_ERROR,
            reply.errorMessage());
        case STALL -> {
          pause(Duration.ofMinutes(2), canceled, cancel, request);
          throw new ModelException(ModelException.Kind.TIMEOUT, "scripted stall ran out");
        }
        default -> {
          return new GenerationResult("length".equals(reply.doneReason()) ? GenerationResult.Finish.LENGTH
              : GenerationResult.Finish.STOP, 0, sent);
        }
      }
    } finally {
      active.decrementAndGet();
    }
  }

  private void pause(Duration d, CountDownLatch canceled, Cancellation cancel, GenerationRequest request)
      throws CanceledException {
    try {
      if (!d.isZero() && canceled.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
        cancellations.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (cancel.isCanceled()) {
      if (d.isZero()) {
        cancellations.add(request);
      }
      throw new CanceledException(cancel.reason());
    }
  }

  /**
   * Takes the next generation request, waiting up to the timeout.
   *
   * @param timeout how long to wait
   * @return the request, or null
   * @throws InterruptedException if interrupted
   */
  public GenerationRequest takeRequest(Duration timeout) throws InterruptedException {
    return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits for a generation to be canceled.
   *
   * @param timeout how long to wait
   * @return the canceled request, or null
   * @throws InterruptedException if interrupted
   */
  public GenerationRequest awaitCancellation(Duration timeout) throws InterruptedException {
    return cancellations.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Tokens handed to sinks so far. */
  public int tokensSent() {
    return tokensSent.get();
  }

  /** Generations running now. */
  public int activeGenerations() {
    return active.get();
  }

  @Override
  public BackendStatus probe() {
    return new BackendStatus(true, id(), model, "scripted backend");
  }
}
