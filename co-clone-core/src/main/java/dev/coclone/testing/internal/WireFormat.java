package dev.coclone.testing.internal;

import dev.coclone.wire.OllamaWire;
import dev.coclone.wire.OpenAiWire;
import dev.coclone.wire.WireError;
import java.util.List;

/**
 * The bytes of a scripted reply in one protocol, written by the same codecs the servers use:
 * Ollama NDJSON ({@link OllamaWire}) or OpenAI server-sent events ({@link OpenAiWire}).
 */
public interface WireFormat {
  /** Content type of a streamed reply. */
  String streamContentType();

  /** The framed text carrying one piece. */
  String piece(String text);

  /** The framed text(s) ending the stream normally. */
  String done(String doneReason, int promptTokens, int completionTokens);

  /** A framed error in mid-stream. */
  String errorLine(String message);

  /** The whole reply when not streamed. */
  String whole(String text, String doneReason, int promptTokens, int completionTokens);

  /** The error body for an HTTP error status. */
  String errorBody(int status, String message);

  /** Ollama's NDJSON: one JSON object per line, the last with {@code done: true}. */
  final class Ollama implements WireFormat {
    private final OllamaWire wire = new OllamaWire();
    private final String model;
    private final boolean raw;

    /**
     * Formats replies for a model.
     *
     * @param model the model name echoed in each line
     * @param raw   whether the request was raw (no {@code context} field then)
     */
    public Ollama(String model, boolean raw) {
      this.model = model;
      this.raw = raw;
    }

    private OllamaWire.Chunk last(String text, String doneReason, int promptTokens, int completionTokens) {
      return wire.last(model, text, doneReason, new OllamaWire.Stats(5_000_000L, 1_000_000L, promptTokens,
          1_000_000L, completionTokens, 3_000_000L), raw ? null : List.of(1, 2, 3));
    }

    @Override
    public String streamContentType() {
      return OllamaWire.CONTENT_TYPE;
    }

    @Override
    public String piece(String text) {
      return wire.line(wire.piece(model, text));
    }

    @Override
    public String done(String doneReason, int promptTokens, int completionTokens) {
      return wire.line(last("", doneReason, promptTokens, completionTokens));
    }

    @Override
    public String errorLine(String message) {
      return wire.errorLine(new WireError(500, "server_error", message));
    }

    @Override
    public String whole(String text, String doneReason, int promptTokens, int completionTokens) {
      return wire.body(last(text, doneReason, promptTokens, completionTokens));
    }

    @Override
    public String errorBody(int status, String message) {
      return wire.errorBody(new WireError(status, "error", message));
    }
  }

  /** OpenAI's completion events: {@code data: <object>} lines and a final {@code data: [DONE]}. */
  final class OpenAi implements WireFormat {
    private final OpenAiWire wire = new OpenAiWire();
    private final String model;
    private final String id = "cmpl-" + Long.toHexString(System.nanoTime());

    /**
     * Formats replies for a model.
     *
     * @param model the model name echoed in each event
     */
    public OpenAi(String model) {
      this.model = model;
    }

    @Override
    public String streamContentType() {
      return OpenAiWire.CONTENT_TYPE;
    }

    @Override
    public String piece(String text) {
      return wire.event(wire.chunk(id, model, text, null));
    }

    @Override
    public String done(String doneReason, int promptTokens, int completionTokens) {
      return wire.event(wire.chunk(id, model, "", doneReason)) + wire.done();
    }

    @Override
    public String errorLine(String message) {
      return wire.errorEvent(new WireError(500, "server_error", message));
    }

    @Override
    public String whole(String text, String doneReason, int promptTokens, int completionTokens) {
      return wire.body(wire.whole(id, model, text, doneReason, promptTokens, completionTokens));
    }

    @Override
    public String errorBody(int status, String message) {
      String code = switch (status) {
        case 401 -> "invalid_api_key";
        case 404 -> "model_not_found";
        default -> "invalid_request_error";
      };
      return wire.errorBody(new WireError(status, code, message));
    }
  }
}
