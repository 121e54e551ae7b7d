package dev.coclone.netty.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.completion.Completion;
import dev.coclone.completion.CompletionCall;
import dev.coclone.completion.CompletionEngine;
import dev.coclone.completion.CompletionListener;
import dev.coclone.completion.CompletionRequest;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.ModelException;
import dev.coclone.netty.Exchange;
import dev.coclone.netty.HttpError;
import dev.coclone.netty.Routes;
import dev.coclone.netty.metrics.Metrics;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The completion service's own API: {@code POST /v1/complete} (JSON, SSE or NDJSON),
 * {@code POST /v1/cancel}, {@code GET /v1/info}, {@code GET /healthz}, {@code GET /metrics}. A
 * client that resets its stream or closes its connection cancels the call underneath.
 */
public final class CompletionService {
  private final CompletionEngine engine;
  private final Metrics metrics;
  private final CompletionJson codec;
  private final Supplier<BackendStatus> status;
  private final String region;
  private final Map<String, CompletionCall> active = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /**
   * Creates the service.
   *
   * @param engine  the completion engine
   * @param metrics shared metrics
   * @param json    the JSON mapper
   * @param status  the backend's current status (probed lazily by the caller)
   * @param region  the region name shown to clients, or null
   */
  public CompletionService(CompletionEngine engine, Metrics metrics, com.fasterxml.jackson.databind.ObjectMapper json,
      Supplier<BackendStatus> status, String region) {
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
    n.put("active_calls", active.size());
    ex.json(200, n);
  }

  private void cancel(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    String id = CompletionJson.text(body, "id", null);
    boolean canceled = false;
    if (id != null) {
      CompletionCall call = active.get(id);
      if (call != null) {
        call.cancel(CancelReason.CLIENT);
        canceled = true;
      }
    } else {
      String session = CompletionJson.text(body, "session_id", null);
      if (session == null) {
        throw new HttpError(400, "missing_field", "send 'id' (from the completion) or 'session_id' to cancel");
      }
      for (CompletionCall call : active.values()) {
        if (session.equals(call.request().sessionId())) {
          call.cancel(CancelReason.CLIENT);
          canceled = true;
        }
      }
    }
    ex.json(200, codec.mapper().createObjectNode().put("canceled", canceled));
  }

  private void complete(Exchange ex) throws HttpError {
    JsonNode body = codec.object(ex.bodyText());
    CompletionRequest request = codec.request(body);
    String id = body.hasNonNull("request_id") ? body.get("request_id").asText() : "cmpl-" + ids.incrementAndGet();
    StreamFormat format = streamFormat(body.get("stream"));
    run(ex, request, id, new ResultWriter() {
      private Exchange.Stream stream;

      @Override
      public void start() {
        if (format != null) {
          stream = ex.stream(format.contentType());
        }
      }

      @Override
      public void token(String text) {
        if (stream != null) {
          stream.write(format.token(codec.mapper().createObjectNode().put("text", text)));
        }
      }

      @Override
      public void done(Completion c) {
        ObjectNode result = codec.result(id, c);
        if (stream != null) {
          stream.write(format.done(result));
          stream.end();
        } else {
          ex.json(200, result);
        }
      }

      @Override
      public void failed(int status, String code, String message) {
        if (stream != null) {
          stream.write(format.error(codec.error(code, message)));
          stream.end();
        } else {
          ex.error(status, code, message);
        }
      }
    });
  }

  private static StreamFormat streamFormat(JsonNode stream) throws HttpError {
    if (stream == null || stream.isNull() || (stream.isBoolean() && !stream.asBoolean())) {
      return null;
    }
    if (stream.isBoolean()) {
      return StreamFormat.SSE;
    }
    switch (stream.asText().toLowerCase(Locale.ROOT)) {
      case "sse":
        return StreamFormat.SSE;
      case "ndjson":
        return StreamFormat.NDJSON;
      default:
        throw new HttpError(400, "invalid_field", "'stream' must be \"sse\", \"ndjson\", true or false");
    }
  }

  /** Receives the stages of one call in the protocol's own shape. */
  interface ResultWriter {
    void start();

    void token(String text);

    void done(Completion c);

    void failed(int status, String code, String message);
  }

  /**
   * Runs a request through the engine, writing through the writer, and cancels the call when the
   * client goes away. Used by the compatible endpoints too.
   */
  void run(Exchange ex, CompletionRequest request, String id, ResultWriter writer) {
    CompletionCall call = engine.newCall(request);
    active.put(id, call);
    metrics.streams(1);
    ex.onClientGone(() -> call.cancel(CancelReason.DISCONNECTED));
    writer.start();
    call.enqueue(new CompletionListener() {
      @Override
      public void onToken(CompletionCall c, String text) {
        writer.token(text);
      }

      @Override
      public void onComplete(CompletionCall c, Completion completion) {
        finish();
        metrics.latency(completion.timeToFirstToken().toNanos() / 1e6, completion.total().toNanos() / 1e6);
        writer.done(completion);
      }

      @Override
      public void onFailure(CompletionCall c, IOException error) {
        finish();
        if (error instanceof CanceledException ce) {
          metrics.canceled(ce.reason().name().toLowerCase(Locale.ROOT));
          writer.failed(499, "canceled", "the completion was canceled (" + ce.reason().name().toLowerCase(Locale.ROOT)
              + ")");
        } else if (error instanceof ModelException me) {
          metrics.upstreamError(me.kind().name().toLowerCase(Locale.ROOT));
          writer.failed(statusFor(me), "model_" + me.kind().name().toLowerCase(Locale.ROOT), me.getMessage());
        } else {
          metrics.upstreamError("io");
          writer.failed(502, "model_error", error.getMessage());
        }
      }

      private void finish() {
        active.remove(id);
        metrics.streams(-1);
      }
    });
  }

  private static int statusFor(ModelException e) {
    switch (e.kind()) {
      case UNREACHABLE:
        return 503;
      case TIMEOUT:
        return 504;
      case MODEL_NOT_FOUND:
      case UNSUPPORTED:
      case BAD_REQUEST:
        return 400;
      default:
        return 502;
    }
  }

  /** Calls in flight now. */
  public int activeCalls() {
    return active.size();
  }

  CompletionEngine engine() {
    return engine;
  }

  CompletionJson codec() {
    return codec;
  }
}
