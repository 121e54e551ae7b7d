package dev.coclone.backends;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several model servers (Ollama instances, OpenAI-compatible servers) serving the same model as
 * one backend. Each request goes to the healthy server with the fewest requests in flight; a
 * server that is down, or fails before its first token, is marked down and the request goes to
 * the next one, so no request fails that had not started streaming while any server answers.
 * Once text has reached the caller a failure is the caller's (the text cannot be taken back).
 * Servers are probed on a timer and come back when they answer again. Cancellation is passed to
 * the server that is streaming, which stops generating as with a single backend.
 *
 * <pre>{@code
 * ModelBackend fleet = BalancedBackend.builder()
 *     .add("http://gpu1:11434", OllamaBackend.builder().baseUrl("http://gpu1:11434").model(m).build())
 *     .add("http://gpu2:11434", OllamaBackend.builder().baseUrl("http://gpu2:11434").model(m).build())
 *     .build();
 * }</pre>
 */
public final class BalancedBackend implements ModelBackend {
  private final List<Member> members;
  private final String remedy;
  private final String id;
  private final AtomicInteger rotation = new AtomicInteger();
  private final ScheduledExecutorService checker;
  /** Runs the members' probes side by side, so that one hung server does not delay the answer about the others. */
  private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "co-clone-model-probe");
    t.setDaemon(true);
    return t;
  });

  private BalancedBackend(Builder b) {
    this.members = List.copyOf(b.members);
    this.remedy = b.remedy;
    String first = members.get(0).backend.id();
    this.id = members.stream().allMatch(m -> m.backend.id().equals(first)) ? first : "balanced";
    if (b.healthCheckInterval.isZero()) {
      this.checker = null;
    } else {
      this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "co-clone-model-health");
        t.setDaemon(true);
        return t;
      });
      long every = b.healthCheckInterval.toMillis();
      checker.scheduleWithFixedDelay(this::checkAll, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Returns a builder; add at least one backend. */
  public static Builder builder() {
    return new Builder();
  }

  /** The members' common id ({@code ollama}, {@code openai}), or {@code balanced} when they differ. */
  @Override
  public String id() {
    return id;
  }

  @Override
  public String model() {
    return members.get(0).backend.model();
  }

  /** How many model servers are behind this backend. */
  public int size() {
    return members.size();
  }

  /** How many of them are healthy as far as the last request or probe knows. */
  public int healthyCount() {
    return (int) members.stream().filter(Member::healthy).count();
  }

  /**
   * Generates on the least busy healthy server, failing over to the next one while nothing has
   * been streamed. Servers marked down are tried last, oldest failure first, so a fleet that is
   * all down still gets one attempt each before the call fails.
   *
   * @throws ModelException naming every server's problem when none could serve; a failure after
   *     the first token, or a rejected request ({@link ModelException.Kind#BAD_REQUEST}), as is
   */
  @Override
  public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancel) throws IOException {
    Objects.requireNonNull(sink, "sink");
    IOException last = null;
    for (Member m : candidates()) {
      cancel.throwIfCanceled();
      StartedSink watched = new StartedSink(sink);
      m.outstanding.incrementAndGet();
      try {
        GenerationResult result = m.backend.generate(request, watched, cancel);
        m.markUp();
        return result;
      } catch (CanceledException e) {
        throw e;
      } catch (IOException e) {
        if (cancel.isCanceled()) {
          throw e;
        }
        boolean rejected = e instanceof ModelException me && me.kind() == ModelException.Kind.BAD_REQUEST;
        if (!rejected) {
          m.markDown(e.getMessage());
        }
        if (watched.started || rejected || members.size() == 1) {
          throw e;
        }
        last = e;
      } finally {
        m.outstanding.decrementAndGet();
      }
    }
    throw new ModelException(ModelException.Kind.UNREACHABLE, noneAnswers(), -1, last);
  }

  /** Healthy members by requests in flight (ties in turn), then the ones marked down, longest down first. */
  private List<Member> candidates() {
    int n = members.size();
    int start = Math.floorMod(rotation.getAndIncrement(), n);
    List<Member> up = new ArrayList<>(n);
    List<Member> down = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Member m = members.get((start + i) % n);
      (m.healthy() ? up : down).add(m);
    }
    up.sort(Comparator.comparingInt(m -> m.outstanding.get()));
    down.sort(Comparator.comparingLong(Member::downSinceNanos));
    up.addAll(down);
    return up;
  }

  private String noneAnswers() {
    StringBuilder s = new StringBuilder("none of the ").append(members.size()).append(" model servers answers: ");
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      s.append(i == 0 ? "" : "; ").append(m.name).append(": ").append(m.lastProblem());
    }
    return s.append("; ").append(remedy).toString();
  }

  private void checkAll() {
    for (Member m : members) {
      m.probe();
    }
  }

  /**
   * Probes every server now, all at once. Available when at least one is; the message says how
   * many are ready and, when none is, what each one's problem is and what to do.
   */
  @Override
  public BackendStatus probe() {
    List<CompletableFuture<BackendStatus>> all = new ArrayList<>();
    for (Member m : members) {
      all.add(CompletableFuture.supplyAsync(m::probe, probes));
    }
    BackendStatus firstReady = null;
    int ready = 0;
    for (CompletableFuture<BackendStatus> probe : all) {
      BackendStatus s = probe.join();
      if (s.available()) {
        ready++;
        firstReady = firstReady == null ? s : firstReady;
      }
    }
    if (firstReady == null) {
      return new BackendStatus(false, id, model(), noneAnswers());
    }
    String down = ready == members.size() ? "" : " (down: " + String.join(", ", members.stream()
        .filter(m -> !m.healthy()).map(m -> m.name + ": " + m.lastProblem()).toList()) + ")";
    return new BackendStatus(true, id, model(), ready + " of " + members.size() + " model servers ready, e.g. "
        + firstReady.message() + down);
  }

  /** Stops the health checks and closes every member. */
  @Override
  public void close() {
    if (checker != null) {
      checker.shutdownNow();
    }
    probes.shutdownNow();
    for (Member m : members) {
      m.backend.close();
    }
  }

  /** Notes whether any text reached the caller. */
  private static final class StartedSink implements TokenSink {
    private final TokenSink delegate;
    private boolean started;

    StartedSink(TokenSink delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean accept(String text) {
      if (!text.isEmpty()) {
        started = true;
      }
      return delegate.accept(text);
    }
  }

  /** Builds {@link BalancedBackend}s. */
  public static final class Builder {
    private final List<Member> members = new ArrayList<>();
    private Duration healthCheckInterval = Duration.ofSeconds(5);
    private String remedy = "start one or check their URLs";

    private Builder() {}

    /**
     * Adds a model server.
     *
     * @param name    how messages name it, e.g. its base URL
     * @param backend the backend that talks to it; the balanced backend closes it
     */
    public Builder add(String name, ModelBackend backend) {
      members.add(new Member(Objects.requireNonNull(name, "name"), Objects.requireNonNull(backend, "backend")));
      return this;
    }

    /**
     * How often every server is probed, so that one that came back is used again and one that
     * went away is skipped before a request finds out (default 5 s; {@link Duration#ZERO} for never).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder healthCheckInterval(Duration interval) {
      if (Objects.requireNonNull(interval, "interval").isNegative()) {
        throw new IllegalArgumentException("healthCheckInterval must be zero or positive, was " + interval);
      }
      this.healthCheckInterval = interval;
      return this;
    }

    /** What the error says to do when no server answers (default "start one or check their URLs"). */
    public Builder remedy(String remedy) {
      this.remedy = Objects.requireNonNull(remedy, "remedy");
      return this;
    }

    /**
     * Builds the backend and starts its health checks.
     *
     * @throws IllegalStateException if no backend was added
     */
    public BalancedBackend build() {
      if (members.isEmpty()) {
        throw new IllegalStateException("add at least one model server with add(name, backend)");
      }
      return new BalancedBackend(this);
    }
  }
}
