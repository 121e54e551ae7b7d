package dev.coclone.netty.proxy;

import dev.coclone.netty.EdgeStream;
import dev.coclone.netty.StreamRelay;
import dev.coclone.wire.WireError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One request relayed frame by frame between a client's HTTP/2 stream and a stream on a pooled
 * upstream connection, neither with a channel of its own ({@link EdgeStream},
 * {@link UpstreamStream}), and with no frame objects: the headers and DATA one side's HTTP/2 decoder
 * reads are written with the other side's encoder, buffers and all (not copied); each side is
 * flushed once per read. Normally both
 * streams live on one event loop; when the upstream stream had to be opened on another, its
 * events are handed to the client's loop, so all state is touched by one thread.
 * <ul>
 *   <li>The upstream is chosen by the {@link UpstreamSet} (least busy healthy service). When no
 *       connection can be had, or the upstream stream closes before the answer's headers, the
 *       request goes to the next service unless it may not be repeated ({@link UpstreamAttempts},
 *       {@link UpstreamLoss}); until the answer's headers come, the request's frames are kept
 *       for that.</li>
 *   <li>The client resets its stream or goes away: the upstream stream is reset, which cancels
 *       the completion in the service.</li>
 *   <li>The upstream stream ends in the middle of the answer: the client's stream ends with its
 *       protocol's error event and END_STREAM ({@link UpstreamLoss}); an answer that is not a
 *       stream is reset.</li>
 *   <li>The client reads slower than the upstream answers: the upstream stream stops reading (and
 *       so stops granting flow-control window) until the client's stream is writable again.</li>
 * </ul>
 * One per relayed request; not sharable.
 */
final class RelayedStream implements StreamRelay.Relayed, UpstreamLoss.Caller, UpstreamStream.Listener {
  private final FrameRelay relay;
  private final Http2Headers upstreamHeaders;
  private final boolean headersEndRequest;
  private final UpstreamAttempts attempts;
  private final UpstreamLoss loss;
  private final EdgeStream client;
  private UpstreamStream upstream;
  /** Request frames not sent yet (the upstream stream is being opened). */
  private ArrayDeque<Http2StreamFrame> pending;
  /** Request frames sent, kept for another upstream until the answer's headers come. */
  private ArrayDeque<Http2StreamFrame> kept;
  private boolean keep;
  private boolean answered;
  private boolean finished;
  private boolean clientGone;
  private long bodyBytes;

  RelayedStream(FrameRelay relay, Http2Headers upstreamHeaders, boolean headersEndRequest, EdgeStream client) {
    this.relay = relay;
    this.client = client;
    this.upstreamHeaders = upstreamHeaders;
    this.headersEndRequest = headersEndRequest;
    this.attempts = relay.upstreams().attempts();
    CharSequence method = upstreamHeaders.method();
    CharSequence target = upstreamHeaders.path();
    this.loss = new UpstreamLoss(method, target, attempts, relay.metrics(), this::retry);
    this.keep = attempts.several() && UpstreamAttempts.repeatable(method.toString(), UpstreamLoss.path(target));
  }

  @Override
  public void start() {
    open();
  }

  @Override
  public void data(ByteBuf data, boolean endStream) {
    if (finished || clientGone) {
      data.release();
      return;
    }
    bodyBytes += data.readableBytes();
    if (bodyBytes > relay.maxBodyBytes()) {
      data.release();
      fail(new WireError(413, "request_too_large", "the request body exceeds " + relay.maxBodyBytes()
          + " bytes; send a smaller one"));
      return;
    }
    if (upstream != null && !keep) {
      upstream.writeData(data, endStream);
      if (endStream) {
        upstream.flush();
      }
      return;
    }
    request(new DefaultHttp2DataFrame(data, endStream), endStream);
  }

  @Override
  public void trailers(Http2Headers trailers, boolean endStream) {
    if (finished || clientGone) {
      return;
    }
    request(new DefaultHttp2HeadersFrame(trailers, endStream), endStream);
  }

  /** A request frame to send upstream, or to hold until the upstream stream is open. */
  private void request(Http2StreamFrame msg, boolean end) {
    if (upstream != null) {
      send(msg);
      if (end) {
        upstream.flush();
      }
    } else {
      if (pending == null) {
        pending = new ArrayDeque<>(2);
      }
      pending.add(msg);
    }
  }

  /** Writes a request frame upstream, keeping it for another upstream while that may be needed. */
  private void send(Http2StreamFrame frame) {
    if (!keep) {
      upstream.write(frame);
      return;
    }
    if (kept == null) {
      kept = new ArrayDeque<>(2);
    }
    kept.add(frame);
    upstream.write(frame instanceof Http2DataFrame d
        ? new DefaultHttp2DataFrame(d.content().retainedDuplicate(), d.isEndStream()) : frame);
  }

  @Override
  public void readComplete() {
    if (upstream != null) {
      upstream.flush();
    }
  }

  private void open() {
    UpstreamAttempts.Opened here = attempts.openHere(this);
    if (here != null) {
      opened(here);
      return;
    }
    attempts.open(this).whenComplete((opened, err) -> client.executor().execute(() -> {
      if (err != null) {
        relay.metrics().upstreamError("unreachable");
        fail(new WireError(502, "upstream_unreachable", err.getMessage()));
      } else {
        opened(opened);
      }
    }));
  }

  /** The upstream stream closed before any answer and the request may go to the next upstream. */
  private void retry() {
    upstream = null;
    if (kept != null) {
      // The frames sent to the lost upstream go first, then those that came since.
      if (pending != null) {
        kept.addAll(pending);
      }
      pending = kept;
      kept = null;
    }
    open();
  }

  private void opened(UpstreamAttempts.Opened opened) {
    UpstreamStream stream = opened.stream();
    upstream = stream;
    if (clientGone || finished) {
      stream.close();
      releaseRequest();
      return;
    }
    Http2Headers headers = upstreamHeaders;
    if (keep) {
      // Another attempt may send them again, with another authority.
      headers = new DefaultHttp2Headers(false, upstreamHeaders.size()).set(upstreamHeaders);
    }
    headers.authority(opened.upstream().authorityHeader());
    stream.writeHeaders(headers, headersEndRequest);
    if (pending != null) {
      Http2StreamFrame f;
      while ((f = pending.poll()) != null) {
        send(f);
      }
    }
    stream.flush();
    relay.reachedUpstream();
  }

  /** Answers an error of the proxy's own, unless an answer was started; then resets the client's stream. */
  private void fail(WireError error) {
    if (finished || clientGone) {
      return;
    }
    if (upstream != null) {
      upstream.close();
    }
    if (answered) {
      finished = true;
      releaseRequest();
      client.reset();
      return;
    }
    answer(loss.protocol(), error);
  }

  @Override
  public void answer(CallerProtocol protocol, WireError error) {
    finished = true;
    answered = true;
    releaseRequest();
    byte[] body = protocol.errorBody(error).getBytes(StandardCharsets.UTF_8);
    Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(error.status()))
        .set("content-type", "application/json").setInt("content-length", body.length);
    if (error.status() == 502) {
      h.set("retry-after", "1");
    }
    client.writeHeaders(h, false);
    client.writeData(Unpooled.wrappedBuffer(body), true);
    client.flush();
  }

  @Override
  public void end(String lastPiece) {
    finished = true;
    releaseRequest();
    client.writeData(Unpooled.copiedBuffer(lastPiece, StandardCharsets.UTF_8), true);
    client.flush();
  }

  @Override
  public void abort() {
    finished = true;
    releaseRequest();
    client.reset();
  }

  private void releaseRequest() {
    release(pending);
    release(kept);
    keep = false;
  }

  private static void release(ArrayDeque<Http2StreamFrame> frames) {
    if (frames != null) {
      Http2StreamFrame f;
      while ((f = frames.poll()) != null) {
        ReferenceCountUtil.release(f);
      }
    }
  }

  @Override
  public void writabilityChanged(boolean writable) {
    if (upstream != null) {
      upstream.reading(writable);
    }
  }

  @Override
  public void closed() {
    clientGone = true;
    releaseRequest();
    if (upstream != null && !finished) {
      // The client reset its stream or went away: the upstream stream is reset, the completion stops.
      upstream.close();
    }
  }

  private boolean fromUpstream(UpstreamStream from) {
    return from == upstream && !clientGone && !finished;
  }

  private void headersFromUpstream(UpstreamStream from, Http2Headers headers, boolean end) {
    if (!fromUpstream(from)) {
      return;
    }
    if (!answered) {
      answered = true;
      loss.answerHeaders(headers);
      // The answer started: the request will not go to another upstream.
      release(kept);
      keep = false;
    }
    // The upstream stream closes after its last frame without a read-complete event: flush at the end.
    client.writeHeaders(headers, end);
    if (end) {
      finished = true;
      client.flush();
    }
  }

  private void dataFromUpstream(UpstreamStream from, ByteBuf data, boolean end) {
    if (!fromUpstream(from)) {
      data.release();
      return;
    }
    loss.relayed(data);
    client.writeData(data, end);
    if (end) {
      finished = true;
      client.flush();
    }
  }

  private void upstreamClosed(UpstreamStream from) {
    if (from == upstream && !finished && !clientGone) {
      loss.lost(from, answered, this);
    }
  }

  // The upstream stream's side: everything goes to the client's side, on the client's loop.

  @Override
  public void headers(UpstreamStream from, Http2Headers headers, boolean endStream) {
    if (client.executor().inEventLoop()) {
      headersFromUpstream(from, headers, endStream);
    } else {
      client.executor().execute(() -> headersFromUpstream(from, headers, endStream));
    }
  }

  @Override
  public void data(UpstreamStream from, ByteBuf data, boolean endStream) {
    if (client.executor().inEventLoop()) {
      dataFromUpstream(from, data, endStream);
    } else {
      client.executor().execute(() -> dataFromUpstream(from, data, endStream));
    }
  }

  @Override
  public void readComplete(UpstreamStream from) {
    if (client.executor().inEventLoop()) {
      client.flush();
    } else {
      client.executor().execute(client::flush);
    }
  }

  @Override
  public void closed(UpstreamStream from) {
    if (client.executor().inEventLoop()) {
      upstreamClosed(from);
    } else {
      client.executor().execute(() -> upstreamClosed(from));
    }
  }
}
