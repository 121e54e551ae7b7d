package dev.coclone.testing;

import dev.coclone.testing.internal.ClientWatch;
import dev.coclone.testing.internal.HttpWire;
import dev.coclone.testing.internal.MockRoutes;
import dev.coclone.testing.internal.ReplyPlayer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A scripted model server for tests, in the spirit of OkHttp's MockWebServer. It speaks Ollama's
 * API ({@code /}, {@code /api/version}, {@code /api/tags}, {@code /api/show}, {@code /api/generate}
 * as NDJSON or one object) and OpenAI's ({@code /v1/models}, {@code /v1/completions} as
 * server-sent events or one object) byte for byte, over real HTTP/1.1 on a loopback port with
 * keep-alive and chunked encoding. Script replies with {@link #enqueue(ScriptedReply)}, run the
 * code under test, then verify with {@link #takeRequest(Duration)} and
 * {@link #awaitCancellation(Duration)}: the server notices at once when a client drops its
 * connection mid-stream, which is how model servers learn a request was canceled.
 *
 * <pre>{@code
 * try (MockModelServer server = MockModelServer.start()) {
 *   server.enqueue(ScriptedReply.tokens("return ", "a + b;").build());
 *   OllamaBackend backend = OllamaBackend.builder().baseUrl(server.url()).model("deepseek-coder:6.7b-base").build();
 *   ...
 *   RecordedRequest request = server.takeRequest(Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class MockModelServer implements AutoCloseable {
  private final ServerSocket serverSocket;
  private final List<MockModel> models = new CopyOnWriteArrayList<>();
  private final QueueDispatcher queue = new QueueDispatcher();
  private volatile Dispatcher dispatcher = queue;
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Canceled> cancellations = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger canceledCount = new AtomicInteger();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final MockRoutes routes;
  private volatile boolean closed;

  private MockModelServer(String apiKey, int port) throws IOException {
    this.serverSocket = new ServerSocket();
    this.serverSocket.setReuseAddress(true);
    this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    this.routes = new MockRoutes(models, apiKey);
    models.add(MockModel.instruct("deepseek-coder:6.7b"));
    models.add(MockModel.base("deepseek-coder:6.7b-base"));
    Thread acceptor = new Thread(this::acceptLoop, "mock-model-server-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a server on a free loopback port with the models {@code deepseek-coder:6.7b} (instruct)
   * and {@code deepseek-coder:6.7b-base} (base), and no API key.
   *
   * @return the running server
   * @throws IOException if no port can be bound
   */
  public static MockModelServer start() throws IOException {
    return new MockModelServer(null, 0);
  }

  /**
   * Starts a server on a given loopback port, e.g. the port of one that was closed, to play a
   * model server that comes back after a restart.
   *
   * @param port the port
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  public static MockModelServer startOn(int port) throws IOException {
    return new MockModelServer(null, port);
  }

  /**
   * Starts a server whose OpenAI endpoints require {@code Authorization: Bearer <apiKey>}.
   *
   * @param apiKey the key
   * @return the running server
   * @throws IOException if no port can be bound
   */
  public static MockModelServer startWithApiKey(String apiKey) throws IOException {
    return new MockModelServer(Objects.requireNonNull(apiKey, "apiKey"), 0);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:49152}. */
  public String url() {
    return "http://" + serverSocket.getInetAddress().getHostAddress() + ":" + port();
  }

  /** The bound port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Replaces the models the server says it has. */
  public void setModels(MockModel... list) {
    models.clear();
    models.addAll(List.of(list));
  }

  /** Queues a reply for the next generation request (default dispatcher only). */
  public void enqueue(ScriptedReply reply) {
    queue.enqueue(reply);
  }

  /** Replaces the default queue with a custom dispatcher. */
  public void setDispatcher(Dispatcher dispatcher) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
  }

  /**
   * Takes the next request received, in order, waiting up to the timeout.
   *
   * @param timeout how long to wait
   * @return the request, or null if none arrived in time
   * @throws InterruptedException if interrupted
   */
  public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
    return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits for a client to drop its connection in the middle of a generation.
   *
   * @param timeout how long to wait
   * @return the generation request that was canceled, or null if none was in time
   * @throws InterruptedException if interrupted
   */
  public RecordedRequest awaitCancellation(Duration timeout) throws InterruptedException {
    Canceled c = cancellations.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return c == null ? null : c.request();
  }

  /**
   * Waits for a client to drop its connection in the middle of a generation, like
   * {@link #awaitCancellation(Duration)}, and tells when the server saw it: the
   * {@link System#nanoTime()} at which the read of that connection met its end (the moment the
   * model server learns of the cancel, not the moment this call returns).
   *
   * @param timeout how long to wait
   * @return the time the server saw the connection close, or -1 if no generation was canceled in time
   * @throws InterruptedException if interrupted
   */
  public long awaitCancellationNanos(Duration timeout) throws InterruptedException {
    Canceled c = cancellations.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return c == null ? -1 : c.seenAtNanos();
  }

  /** How many generations clients canceled by closing the connection. */
  public int cancellationCount() {
    return canceledCount.get();
  }

  /** How many TCP connections clients opened (keep-alive reuse keeps this low). */
  public int connectionCount() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = serverSocket.accept();
        connections.incrementAndGet();
        open.add(socket);
        Thread t = new Thread(() -> serve(socket), "mock-model-connection-" + connections.get());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          // A failed accept on an open server socket: keep serving the next client.
          continue;
        }
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      // The generation being played on this connection, if any: the watch records its cancel on
      // its own thread as soon as its read sees the connection end (one thread hop fewer than
      // waiting for the reply's thread to notice).
      AtomicReference<RecordedRequest> playing = new AtomicReference<>();
      ClientWatch watch = new ClientWatch(socket.getInputStream(), at -> {
        if (socket.isClosed()) {
          return; // closed on this side: a scripted disconnect or the server's close, not a cancel
        }
        RecordedRequest canceled = playing.getAndSet(null);
        if (canceled != null) {
          canceledCount.incrementAndGet();
          cancellations.add(new Canceled(canceled, at));
        }
      });
      Thread reader = new Thread(watch, "mock-model-reader");
      reader.setDaemon(true);
      reader.start();
      HttpWire wire = new HttpWire(watch.input(), new BufferedOutputStream(socket.getOutputStream()));
      ReplyPlayer player = new ReplyPlayer(wire, watch, socket);
      int sequence = 0;
      HttpWire.Request parsed;
      while (!closed && (parsed = wire.readRequest()) != null) {
        RecordedRequest request = new RecordedRequest(parsed.method(), parsed.path(), parsed.headers(), parsed.body(),
            sequence++);
        var fixed = routes.answer(request);
        if (fixed.isEmpty()) {
          // Before the request is seen as taken: a client that closes right after it was taken is a cancel.
          playing.set(request);
        }
        requests.add(request);
        if (fixed.isPresent()) {
          wire.writeFixed(fixed.get().status(), fixed.get().contentType(), fixed.get().body());
        } else {
          ScriptedReply reply = dispatcher.dispatch(request);
          ReplyPlayer.Outcome outcome = player.play(reply, routes.formatFor(request), routes.streamed(request),
              routes.promptChars(request));
          if (outcome == ReplyPlayer.Outcome.CLIENT_GONE) {
            // Recorded by the watch, which tells its callback before the player hears of it.
            return;
          }
          playing.set(null);
          if (outcome == ReplyPlayer.Outcome.SERVER_CLOSED) {
            return;
          }
        }
        if (!parsed.keepAlive()) {
          return;
        }
      }
    } catch (IOException e) {
      // The client broke the connection outside a generation: nothing to record.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(socket);
    }
  }

  /** A canceled generation and when the server saw its connection close. */
  private record Canceled(RecordedRequest request, long seenAtNanos) {}

  /** Stops accepting, closes every connection. */
  @Override
  public void close() throws IOException {
    closed = true;
    serverSocket.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
