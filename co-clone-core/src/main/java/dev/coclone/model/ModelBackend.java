package dev.coclone.model;

import dev.coclone.cancel.Cancellation;
import dev.coclone.source.CompletionMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A source of generated code: a model server (Ollama, any OpenAI-compatible server) or an engine
 * that runs in-process. Implementations are thread-safe; one instance serves many calls at once.
 */
public interface ModelBackend extends AutoCloseable {
  /** Short id: {@code embedded}, {@code ollama} or {@code openai}. */
  String id();

  /** The model name requests are made for. */
  String model();

  /**
   * Changes whenever what this backend knows changes (an in-process engine that learned more
   * files); the completion cache keeps answers per version, so an answer given before, an empty
   * one above all, is not served once the backend would answer otherwise. A model server's
   * weights do not change under us: the default is 0.
   *
   * @return the current version of the backend's knowledge
   */
  default long knowledgeVersion() {
    return 0;
  }

  /** True for a backend that runs in this process and needs no server. */
  default boolean inProcess() {
    return false;
  }

  /**
   * Generates a completion, blocking the calling thread, passing text to the sink as it arrives.
   * Cancellation must stop the work promptly: a server backend closes its connection so the
   * server stops generating, an in-process backend checks the signal at every token.
   *
   * @param request what to generate
   * @param sink    receives the text; returning false stops generation
   * @param cancel  the call's cancellation signal
   * @return how generation ended
   * @throws dev.coclone.cancel.CanceledException if canceled
   * @throws ModelException if the server is down, the model is missing, or the protocol broke
   * @throws IOException for other I/O failures
   */
  GenerationResult generate(GenerationRequest request, TokenSink sink, Cancellation cancel) throws IOException;

  /**
   * The lowest temperature the default {@link #alternatives} samples at: at temperature 0 every
   * seed gives the same text.
   */
  double ALTERNATIVE_TEMPERATURE = 0.6;

  /**
   * Generates the other suggestions a caller asked for ({@code request.n() - 1} of them at most),
   * after {@link #generate} gave the first: raw texts, distinct from each other and from
   * {@code first}; fewer when the model keeps giving the same answer. The caller post-processes
   * and deduplicates them again. Cancellation stops them all.
   *
   * <p>The default asks {@link #generate} once per missing alternative, one after the other (a
   * model server usually runs one generation at a time), each with its own seed (1, 2, ...) and a
   * temperature of at least {@link #ALTERNATIVE_TEMPERATURE}, and drops repeats. A single-line
   * request stops at the end of its first line. A backend with a native way to sample several
   * answers (an OpenAI server's {@code n}, an engine's ranked alternatives) overrides this.
   *
   * @param request what to generate ({@link GenerationRequest#n()} is how many suggestions in all)
   * @param first   the first suggestion, already given
   * @param cancel  the call's cancellation signal
   * @return up to {@code n - 1} distinct texts, none equal to {@code first}
   * @throws dev.coclone.cancel.CanceledException if canceled
   * @throws IOException if the model fails
   */
  default List<String> alternatives(GenerationRequest request, String first, Cancellation cancel) throws IOException {
    Set<String> seen = new LinkedHashSet<>();
    seen.add(first.strip());
    List<String> out = new ArrayList<>();
    GenerationRequest.Builder b = request.newBuilder().n(1)
        .temperature(Math.max(request.temperature(), ALTERNATIVE_TEMPERATURE));
    for (int seed = 1; seed < request.n(); seed++) {
      cancel.throwIfCanceled();
      StringBuilder text = new StringBuilder();
      boolean oneLine = request.mode() == CompletionMode.SINGLE_LINE;
      generate(b.seed(seed).build(), piece -> {
        text.append(piece);
        int nl = text.indexOf("\n");
        return !(oneLine && nl >= 0 && !text.substring(0, nl).isBlank());
      }, cancel);
      cancel.throwIfCanceled();
      String t = text.toString();
      if (!t.isBlank() && seen.add(t.strip())) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Checks whether the backend can serve now (server reachable, model present). Never throws for
   * an unavailable backend: the status says what is wrong and what to do.
   *
   * @return the status
   */
  BackendStatus probe();

  /** Releases connections and threads. */
  @Override
  default void close() {}
}
