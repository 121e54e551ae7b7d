package dev.coclone.completion;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.cancel.Cancellation;
import dev.coclone.model.GenerationRequest;
import dev.coclone.model.GenerationResult;
import dev.coclone.model.ModelBackend;
import dev.coclone.prompt.PromptBuilder;
import dev.coclone.source.CompletionMode;
import dev.coclone.source.ContextSnippet;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine's call: cache, mode, context, backend generation through the stream gate, finish.
 * Registered with the engine's dispatcher while queued or running; reports to its event listener
 * exactly one terminal event.
 */
final class RealCompletionCall implements CompletionCall {
  private final CompletionEngine engine;
  private final CompletionRequest request;
  private final Cancellation cancellation = new Cancellation();
  private final AtomicBoolean executed = new AtomicBoolean();
  private volatile CompletionEventListener events = CompletionEventListener.NONE;

  RealCompletionCall(CompletionEngine engine, CompletionRequest request) {
    this.engine = engine;
    this.request = request;
  }

  @Override
  public CompletionRequest request() {
    return request;
  }

  @Override
  public Completion execute() throws IOException {
    markExecuted();
    try {
      engine.dispatcher().startSync(this);
    } catch (IOException e) {
      throw terminal(e);
    }
    try {
      Completion c = runAndUnregister(new CompletionListener() {});
      events.callEnd(this, c);
      return c;
    } catch (IOException e) {
      throw terminal(e);
    } catch (RuntimeException e) {
      terminal(new IOException("completion failed unexpectedly: " + e, e));
      throw e;
    }
  }

  @Override
  public void enqueue(CompletionListener listener) {
    Objects.requireNonNull(listener, "listener");
    markExecuted();
    TerminalOnce once = new TerminalOnce(listener);
    // A call canceled while it waits for a thread ends at once rather than when a thread frees up.
    cancellation.onCancel(() -> {
      if (engine.dispatcher().dequeue(this)) {
        once.fail(this, terminal(new CanceledException(cancellation.reason())));
      }
    });
    try {
      engine.dispatcher().enqueue(this, () -> {
        try {
          Completion c = runAndUnregister(once);
          events.callEnd(this, c);
          once.complete(this, c);
        } catch (IOException e) {
          once.fail(this, terminal(e));
        } catch (RuntimeException e) {
          once.fail(this, terminal(new IOException("completion failed unexpectedly: " + e, e)));
        }
      });
    } catch (IOException e) {
      once.fail(this, terminal(e));
    }
  }

  @Override
  public void cancel(CancelReason reason) {
    cancellation.cancel(reason);
  }

  /** Cancels; true if this canceled the call, false if it already was. */
  boolean cancelFirst(CancelReason reason) {
    return cancellation.cancel(reason);
  }

  @Override
  public boolean isCanceled() {
    return cancellation.isCanceled();
  }

  @Override
  public boolean isExecuted() {
    return executed.get();
  }

  private void markExecuted() {
    if (!executed.compareAndSet(false, true)) {
      throw new IllegalStateException("a completion call runs once; make a new call with engine.newCall(request)");
    }
    events = engine.events().create(this);
    events.callStart(this);
  }

  /**
   * Reports the terminal event of a failed call and returns the error to hand on: a failure that
   * a cancellation caused (a closed model connection) counts as the cancellation.
   */
  private IOException terminal(IOException e) {
    CancelReason reason = e instanceof CanceledException ce ? ce.reason() : cancellation.reason();
    if (reason != null) {
      CanceledException canceled = e instanceof CanceledException ce ? ce : new CanceledException(reason);
      events.callCanceled(this, reason);
      return canceled;
    }
    events.callFailed(this, e);
    return e;
  }

  private Completion runAndUnregister(CompletionListener listener) throws IOException {
    try {
      return run(listener);
    } finally {
      engine.dispatcher().finished(this);
    }
  }

  private Completion run(CompletionListener listener) throws IOException {
    long start = System.nanoTime();
    cancellation.throwIfCanceled();
    ModelBackend backend = engine.backend();
    CompletionMode mode = PostProcessor.resolveMode(request);
    String scope = backend.id() + "|" + backend.model() + "|" + backend.knowledgeVersion() + "|" + mode;
    CompletionCache cache = engine.cache();
    if (cache != null && request.useCache()) {
      Optional<CompletionCache.Answer> hit = cache.lookup(scope, request);
      if (hit.isPresent() && !hit.get().texts().isEmpty()) {
        CompletionCache.Answer answer = hit.get();
        String text = answer.texts().get(0);
        if (!text.isEmpty()) {
          events.firstToken(this);
          events.token(this, text);
          listener.onToken(this, text);
        }
        Duration d = Duration.ofNanos(System.nanoTime() - start);
        return new Completion(text, FinishReason.CACHED, mode, Duration.ZERO, d, 0, 0, backend.id(),
            backend.model(), answer.context(), answer.texts(), answer.noSuggestionReason());
      }
    }
    List<ContextSnippet> context = gatherContext();
    cancellation.throwIfCanceled();
    List<String> stop = new ArrayList<>(request.stop());
    GenerationRequest generation = GenerationRequest.builder().prefix(request.prefix()).suffix(request.suffix())
        .language(request.language()).filePath(request.filePath()).mode(mode).context(context).stop(stop)
        .maxTokens(request.maxTokens()).temperature(request.temperature()).n(request.n()).build();
    StreamGate gate = PostProcessor.newGate(request, mode);
    long[] firstToken = {0};
    int[] pieces = {0};
    GenerationResult result = backend.generate(generation, piece -> {
      if (cancellation.isCanceled()) {
        return false;
      }
      String pass = gate.offer(piece);
      if (!pass.isEmpty()) {
        if (firstToken[0] == 0) {
          firstToken[0] = System.nanoTime();
          events.firstToken(this);
        }
        pieces[0]++;
        events.token(this, pass);
        listener.onToken(this, pass);
      }
      return !gate.stopped();
    }, cancellation);
    cancellation.throwIfCanceled();
    String text = PostProcessor.finish(gate.accepted(), request, mode);
    FinishReason finish = result.finish() == GenerationResult.Finish.LENGTH && !gate.stopped()
        ? FinishReason.LENGTH : FinishReason.STOP;
    List<String> alternatives = alternatives(backend, generation, text, mode);
    String reason = noSuggestionReason(text, gate.accepted(), result);
    if (cache != null && request.useCache()) {
      cache.remember(scope, request, new CompletionCache.Answer(alternatives, context, reason));
    }
    long now = System.nanoTime();
    Duration ttft = Duration.ofNanos((firstToken[0] == 0 ? now : firstToken[0]) - start);
    int promptTokens = result.promptTokens() > 0 ? result.promptTokens() : estimatePromptTokens(context);
    int completionTokens = result.completionTokens() > 0 ? result.completionTokens() : pieces[0];
    return new Completion(text, finish, mode, ttft, Duration.ofNanos(now - start), promptTokens, completionTokens,
        backend.id(), backend.model(), context, alternatives, reason);
  }

  /**
   * The distinct suggestions, {@code text} first: the backend's other answers when more than one
   * was asked for, each through its own stream gate and the post-processor, empty ones and
   * repeats dropped.
   */
  private List<String> alternatives(ModelBackend backend, GenerationRequest generation, String text,
      CompletionMode mode) throws IOException {
    List<String> all = new ArrayList<>(List.of(text));
    if (request.n() == 1) {
      return all;
    }
    for (String raw : backend.alternatives(generation, text, cancellation)) {
      StreamGate gate = PostProcessor.newGate(request, mode);
      gate.offer(raw);
      String alt = PostProcessor.finish(gate.accepted(), request, mode);
      if (!alt.isEmpty() && !all.contains(alt) && all.size() < request.n()) {
        all.add(alt);
      }
    }
    cancellation.throwIfCanceled();
    return all;
  }

  /** Why an empty suggestion is empty: the backend's word, or what post-processing removed. */
  private static String noSuggestionReason(String text, String generated, GenerationResult result) {
    if (!text.isEmpty()) {
      return "";
    }
    if (!result.silentReason().isEmpty()) {
      return result.silentReason();
    }
    return generated.isBlank() ? "the model suggested nothing here"
        : "the suggestion only repeated the text after the cursor";
  }

  private List<ContextSnippet> gatherContext() {
    List<ContextSnippet> context = new ArrayList<>();
    int budget = engine.contextTokenBudget();
    List<ContextSnippet> supplied = request.extraContext();
    List<ContextSnippet> fromWorkspace = List.of();
    for (ContextSnippet s : supplied) {
      budget -= PromptBuilder.estimateTokens(s.text());
    }
    ContextProvider provider = engine.contextProvider();
    if (provider != null && request.useWorkspaceContext() && budget > 0) {
      fromWorkspace = provider.gather(request, budget);
    }
    // Least relevant first: retrieved context, then what the user supplied nearest the cursor.
    context.addAll(fromWorkspace);
    context.addAll(supplied);
    return context;
  }

  private int estimatePromptTokens(List<ContextSnippet> context) {
    int n = PromptBuilder.estimateTokens(request.prefix()) + PromptBuilder.estimateTokens(request.suffix());
    for (ContextSnippet s : context) {
      n += PromptBuilder.estimateTokens(s.text());
    }
    return n;
  }

  /** Passes tokens on and guarantees exactly one terminal callback, and nothing after it. */
  private static final class TerminalOnce implements CompletionListener {
    private final CompletionListener delegate;
    private final AtomicBoolean done = new AtomicBoolean();

    TerminalOnce(CompletionListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onToken(CompletionCall call, String text) {
      if (!done.get()) {
        delegate.onToken(call, text);
      }
    }

    void complete(CompletionCall call, Completion c) {
      if (done.compareAndSet(false, true)) {
        delegate.onComplete(call, c);
      }
    }

    void fail(CompletionCall call, IOException e) {
      if (done.compareAndSet(false, true)) {
        delegate.onFailure(call, e);
      }
    }
  }
}
