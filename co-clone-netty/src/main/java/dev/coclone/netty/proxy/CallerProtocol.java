package dev.coclone.netty.proxy;

import dev.coclone.netty.Exchange;
import dev.coclone.wire.CoCloneWire;
import dev.coclone.wire.ErrorShape;
import dev.coclone.wire.Framing;
import dev.coclone.wire.LlamaCppWire;
import dev.coclone.wire.OllamaWire;
import dev.coclone.wire.OpenAiWire;
import dev.coclone.wire.TabbyWire;
import dev.coclone.wire.WireError;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The protocol a caller speaks, told from the path the way the service's route table tells it
 * (Ollama's {@code /api/}, OpenAI's {@code /v1/completions} and {@code /v1/models}, llama.cpp's
 * {@code /infill}, Tabby's {@code /v1/health}, {@code /v1/events}, {@code /v1beta/}, Co-Clone's
 * own otherwise), so that the errors the proxy itself answers read as the caller's client expects:
 * the protocol's error body before an answer started, and its error event in the middle of a
 * stream (Co-Clone's SSE {@code event: error}, an NDJSON error line, OpenAI's and llama.cpp's
 * {@code data:} error event).
 */
enum CallerProtocol {
  /** Co-Clone's own API. */
  COCLONE(new CoCloneWire()),
  /** Ollama's {@code /api/*}. */
  OLLAMA(new OllamaWire()),
  /** OpenAI's completions and models. */
  OPENAI(new OpenAiWire()),
  /** llama.cpp server's {@code /infill}. */
  LLAMA_CPP(new LlamaCppWire()),
  /** Tabby's health and events. */
  TABBY(new TabbyWire());

  private final ErrorShape shape;

  CallerProtocol(ErrorShape shape) {
    this.shape = shape;
  }

  /** The protocol of a request path. */
  static CallerProtocol of(String path) {
    if (path.startsWith("/api/")) {
      return OLLAMA;
    }
    if (path.equals("/v1/completions") || path.equals("/v1/chat/completions") || path.equals("/v1/models")
        || path.startsWith("/v1/models/")) {
      return OPENAI;
    }
    if (path.equals("/infill") || path.equals("/health")) {
      return LLAMA_CPP;
    }
    if (path.equals("/v1/health") || path.equals("/v1/events") || path.startsWith("/v1beta/")) {
      return TABBY;
    }
    return COCLONE;
  }

  /** The JSON error body of this protocol. */
  String errorBody(WireError error) {
    return shape.errorBody(error);
  }

  /**
   * Answers an error in this protocol's shape.
   *
   * @param ex          the exchange, not yet answered
   * @param error       the error
   * @param headerPairs extra headers (e.g. {@code retry-after})
   */
  void send(Exchange ex, WireError error, String... headerPairs) {
    ex.send(error.status(), Framing.JSON_CONTENT_TYPE, errorBody(error).getBytes(StandardCharsets.UTF_8),
        headerPairs);
  }

  /**
   * The event that ends a stream of this protocol with an error, or null when the content type is
   * not a stream this protocol frames (the answer can then only be cut off).
   *
   * @param contentType the answer's content type
   * @param error       the error
   * @return the framed error event, or null
   */
  String streamError(String contentType, WireError error) {
    if (contentType == null) {
      return null;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("text/event-stream")) {
      return this == COCLONE ? Framing.sseEvent("error", errorBody(error)) : Framing.sseData(errorBody(error));
    }
    if (type.startsWith("application/x-ndjson")) {
      return Framing.ndjson(errorBody(error));
    }
    return null;
  }
}
