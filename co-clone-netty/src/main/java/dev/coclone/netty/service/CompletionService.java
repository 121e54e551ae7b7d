package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.cancel.CancelReason;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionListener;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.model.BackendStatus;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import dev.coclone.netty.metrics.Metrics;
import dev.coclone.wire.CoCloneWire;
import dev.coclone.wire.Framing;
import dev.coclone.wire.ReplyEncoder;
import dev.coclone.wire.WireError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The completion service's own API: {@code POST /v1/complete} (JSON, SSE or NDJSON),
 * {@code POST /v1/cancel}, {@code GET /v1/info}, {@code GET /healthz}, {@code GET /metrics}. A
 * client that resets its stream or closes its connection cancels the call underneath. Calls in
 * flight are the engine's: {@code /v1/cancel} and {@code active_calls} use its registry.
 */
public final class CompletionService {
  private final CompletionEngine engine;
  private final Metrics metrics;
  private final CompletionJson codec;
  private final CoCloneWire wire = new CoCloneWire();
  private final Supplier<BackendStatus> status;
  private final String region;
  private final AtomicLong ids = new AtomicLong();

  /**
   * Creates the service.
   *
   * @param engine  the completion engine (its calls should be observed by the metrics' listener)
   * @param metrics shared metrics
   * @param json    the JSON mapper
   * @param status  the backend's current status (probed lazily by the caller)
   * @param region  the region name shown to clients, or null
   */
  public CompletionService(CompletionEngine engine, Metrics metrics, ObjectMapper json, Supplier<BackendStatus> status,
      String region) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.codec = new CompletionJson(json);
    this.status = Objects.requireNonNull(status, "status");
    this.region = region;
  }

  /** The routes of this service. */
  public Routes routes() {
    return Routes.builder()
        .addPublic("GET", "/healthz", this::health)
        .addPublic("GET", "/metrics", ex -> ex.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render()))
        .add("GET", "/v1/info", this::info)
        .add("POST", "/v1/complete", this::complete)
        .add("POST", "/v1/cancel", this::cancel)
        .build();
  }

  private void health(Exchange ex) {
    ObjectNode n = codec.mapper().createObjectNode();
    n.put("status", "ok");
    n.put("backend", engine.backend().id());
    n.put("model", engine.backend().model());
    ex.json(200, n);
  }

  private void info(Exchange ex) {
    BackendStatus s = status.get();
    ObjectNode n = codec.mapper().createObjectNode();
    n.put("backend", s.backend());
    n.put("model", s.model());
    n.putObject("status").put("available", s.available()).put("message", s.message());
    if (region != null) {
      n.put("region", region);
    }
    n.put("active_calls", activeCalls());
    ex.json(200, n);
  }

  private void cancel(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    String id = CompletionJson.text(body, "id", null);
    boolean canceled;
    if (id != null) {
      canceled = engine.cancel(id, CancelReason.CLIENT);
    } else {
      String session = CompletionJson.text(body, "session_id", null);
      if (session == null) {
        throw new HttpError(400, "missing_field", "send 'id' (from the completion) or 'session_id' to cancel");
      }
      canceled = engine.cancelSession(session, CancelReason.CLIENT);
    }
    ex.json(200, codec.mapper().createObjectNode().put("canceled", canceled));
  }

  private void complete(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    CompletionRequest request = codec.request(body);
    String id = body.hasNonNull("request_id") ? body.get("request_id").asText() : "cmpl-" + ids.incrementAndGet();
    CoCloneWire.Stream format = streamFormat(body.get("stream"));
    CoCloneWire.Stream framing = format != null ? format : CoCloneWire.Stream.SSE;
    boolean several = request.n() > 1;
    run(ex, request, id, format != null, wire.replies(framing), c -> CoCloneWire.Result.of(id, c, several));
  }

  /** Sends a JSON text as the whole answer. */
  private static void send(Exchange ex, int status, String jsonText) {
    ex.send(status, Framing.JSON_CONTENT_TYPE, jsonText.getBytes(StandardCharsets.UTF_8));
  }

  private static CoCloneWire.Stream streamFormat(JsonNode stream) throws HttpError {
    if (stream == null || stream.isNull() || (stream.isBoolean() && !stream.asBoolean())) {
      return null;
    }
    if (stream.isBoolean()) {
      return CoCloneWire.Stream.SSE;
    }
    switch (stream.asText().toLowerCase(Locale.ROOT)) {
      case "sse":
        return CoCloneWire.Stream.SSE;
      case "ndjson":
        return CoCloneWire.Stream.NDJSON;
      default:
        throw new HttpError(400, "invalid_field", "'stream' must be \"sse\", \"ndjson\", true or false");
    }
  }

  /**
   * Runs a request through the engine under the given request id, writing the answer with the
   * protocol's encoder (streamed or whole), and cancels the call when the client goes away. Used
   * by the compatible endpoints too: the one place a call's answer is written.
   */
  <T> void run(Exchange ex, CompletionRequest request, String id, boolean stream, ReplyEncoder<T> answer,
      Function<Completion, T> end) {
    CompletionCall call = engine.newCall(request.newBuilder().requestId(id).build());
    ex.onClientGone(() -> call.cancel(CancelReason.DISCONNECTED));
    call.enqueue(new CompletionListener() {
      /**
       * The streamed answer, started by its first token or its end: a call that fails before
       * either answers with the error's HTTP status, as Ollama and OpenAI do (their clients then
       * throw an error with the status), not 200 and an error event.
       */
      private Exchange.Stream out;

      private synchronized Exchange.Stream out() {
        if (out == null) {
          out = ex.stream(answer.streamContentType());
        }
        return out;
      }

      @Override
      public void onToken(CompletionCall c, String text) {
        if (stream) {
          out().write(answer.piece(text));
        }
      }

      @Override
      public void onComplete(CompletionCall c, Completion completion) {
        if (stream) {
          Exchange.Stream o = out();
          o.write(answer.streamEnd(end.apply(completion)));
          o.end();
        } else {
          send(ex, 200, answer.whole(end.apply(completion)));
        }
      }

      @Override
      public void onFailure(CompletionCall c, IOException error) {
        WireError e = WireError.of(error);
        Exchange.Stream started;
        synchronized (this) {
          started = out;
        }
        if (started != null) {
          started.write(answer.streamError(e));
          started.end();
        } else {
          send(ex, e.status(), answer.errorBody(e));
        }
      }
    });
  }

  /** Calls in flight now in the engine (running or queued). */
  public int activeCalls() {
    return engine.runningCalls().size() + engine.queuedCallsCount();
  }

  CompletionEngine engine() {
    return engine;
  }

  CompletionJson codec() {
    return codec;
  }
}
