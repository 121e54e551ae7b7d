package dev.coclone.engine;

import dev.coclone.cancel.Cancellation;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.GenerationRequest;
import dev.coclone.model.GenerationResult;
import dev.coclone.model.ModelBackend;
import dev.coclone.model.TokenSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

  /** The engine's corpus version: answers cached before it learned more are not reused. */
  @Override
  public long knowledgeVersion() {
    return engine.version();
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
    String prefix = withContext(r);
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

  /**
   * The engine's own ranked alternatives (suggestions that start with different tokens, each
   * checked like the first), instead of sampling again: the engine is deterministic.
   */
  @Override
  public List<String> alternatives(GenerationRequest request, String first, Cancellation cancel) throws IOException {
    String prefix = withContext(request);
    List<String> out = new ArrayList<>();
    for (EmbeddedEngine.Alternative a : engine.alternatives(prefix, request.suffix(), request.language(),
        request.filePath(), request.mode(), request.maxTokens(), request.n() + 1, cancel)) {
      if (!a.text().equals(first) && !out.contains(a.text()) && out.size() < request.n() - 1) {
        out.add(a.text());
      }
    }
    cancel.throwIfCanceled();
    return out;
  }

  @Override
  public BackendStatus probe() {
    IndexStats s = engine.stats();
    return new BackendStatus(true, id(), model(), "embedded engine: " + s.files() + " files, " + s.tokens()
        + " tokens indexed");
  }

  /**
   * The context snippets before the prefix, as they would be for a model: they feed the cache. A
   * snippet cut inside a block comment (a retrieved window that ends in a Javadoc) is closed, or its
   * comment would run on into the file and the cursor would read as in a comment, silencing the
   * engine ("the cursor is in a comment").
   */
  private static String withContext(GenerationRequest request) {
    if (request.context().isEmpty()) {
      return request.prefix();
    }
    StringBuilder b = new StringBuilder();
    request.context().forEach(s -> {
      String text = s.text();
      b.append(text);
      int open = text.lastIndexOf("/*");
      if (open >= 0 && text.indexOf("*/", open + 2) < 0) {
        b.append(" */");
      }
      b.append('\n');
    });
    return b.append('\n').append(request.prefix()).toString();
  }
}
