package dev.coclone.engine;

import dev.coclone.cancel.Cancellation;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.GenerationRequest;
import dev.coclone.model.GenerationResult;
import dev.coclone.model.ModelBackend;
import dev.coclone.model.TokenSink;
import java.io.IOException;
import java.util.Objects;

/**
 * The embedded engine as a {@link ModelBackend}: runs in-process, needs no server, checks the
 * call's cancellation at every token. Context snippets from the request join the cache, so code
 * retrieved from the workspace or pasted by the user shapes the suggestion.
 */
public final class EmbeddedBackend implements ModelBackend {
  private final EmbeddedEngine engine;

  /**
   * Wraps an engine.
   *
   * @param engine the engine (indexed or not; an empty engine suggests nothing)
   */
  public EmbeddedBackend(EmbeddedEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** The engine behind this backend. */
  public EmbeddedEngine engine() {
    return engine;
  }

  @Override
  public String id() {
    return "embedded";
  }

  @Override
  public String model() {
    return "co-clone-ngram";
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancel) throws IOException {
    cancel.throwIfCanceled();
    GenerationRequest r = request;
    StringBuilder context = new StringBuilder();
    request.context().forEach(s -> context.append(s.text()).append('\n'));
    // Context goes before the prefix, as it would for a model: it feeds the cache.
    String prefix = context.length() == 0 ? r.prefix() : context + "\n" + r.prefix();
    int[] count = {0};
    EmbeddedEngine.Generation g = engine.complete(prefix, r.suffix(), r.language(), r.filePath(), request.mode(),
        request.maxTokens(), piece -> {
          count[0]++;
          return sink.accept(piece);
        }, cancel);
    cancel.throwIfCanceled();
    return new GenerationResult(g.hitLimit() ? GenerationResult.Finish.LENGTH : GenerationResult.Finish.STOP,
        0, g.tokens(), g.reason());
  }

  @Override
  public BackendStatus probe() {
    IndexStats s = engine.stats();
    return new BackendStatus(true, id(), model(), "embedded engine: " + s.files() + " files, " + s.tokens()
        + " tokens indexed");
  }
}
