package dev.coclone.model;

import dev.coclone.cancel.Cancellation;
import java.io.IOException;

/**
 * A source of generated code: a model server (Ollama, any OpenAI-compatible server) or an engine
 * that runs in-process. Implementations are thread-safe; one instance serves many calls at once.
 */
public interface ModelBackend extends AutoCloseable {
  /** Short id: {@code embedded}, {@code ollama} or {@code openai}. */
  String id();

  /** The model name requests are made for. */
  String model();

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
