package dev.coclone.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.cancel.Cancellation;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.GenerationRequest;
import dev.coclone.model.ModelException;
import dev.coclone.model.PromptStyle;
import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.RecordedRequest;
import dev.coclone.testing.RefusedPort;
import dev.coclone.testing.ScriptedReply;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BalancedBackendTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final GenerationRequest REQUEST = GenerationRequest.builder().prefix("int x = ").maxTokens(64).build();
  private final List<MockModelServer> servers = new ArrayList<>();
  private final List<RefusedPort> refused = new ArrayList<>();
  private BalancedBackend backend;

  @AfterEach
  void stop() throws IOException {
    if (backend != null) {
      backend.close();
    }
    for (MockModelServer s : servers) {
      s.close();
    }
    refused.forEach(RefusedPort::close);
  }

  private MockModelServer server() throws IOException {
    MockModelServer s = MockModelServer.start();
    servers.add(s);
    return s;
  }

  private static OllamaBackend ollama(String url) {
    return OllamaBackend.builder().baseUrl(url).model("deepseek-coder:6.7b-base").promptStyle(PromptStyle.RAW_FIM)
        .connectTimeout(Duration.ofSeconds(2)).firstTokenTimeout(Duration.ofSeconds(5))
        .idleTimeout(Duration.ofSeconds(5)).build();
  }

  private static BalancedBackend balanced(String... urls) {
    BalancedBackend.Builder b = BalancedBackend.builder().healthCheckInterval(Duration.ZERO)
        .remedy("start one or check --ollama-url");
    for (String url : urls) {
      b.add(url, ollama(url));
    }
    return b.build();
  }

  /** A server that is down: its port refuses connections and stays reserved until the test ends. */
  private String closedPortUrl() {
    RefusedPort p = RefusedPort.open();
    refused.add(p);
    return p.url();
  }

  private static String generate(BalancedBackend backend) throws IOException {
    StringBuilder text = new StringBuilder();
    backend.generate(REQUEST, t -> text.append(t) != null, new Cancellation());
    return text.toString();
  }

  @Test
  void requestsGoToTheServerWithFewerInFlightNotInTurn() throws Exception {
    MockModelServer busy = server();
    MockModelServer idle = server();
    busy.setDispatcher(r -> ScriptedReply.tokens("x").tokenDelay(Duration.ofMillis(20)).endless().build());
    idle.setDispatcher(r -> ScriptedReply.tokens("ok").build());
    backend = balanced(busy.url(), idle.url());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Cancellation held = new Cancellation();
    try {
      CountDownLatch streaming = new CountDownLatch(1);
      // A new backend starts its turns at the first server: this request stays there.
      pool.submit(() -> backend.generate(REQUEST, t -> {
        streaming.countDown();
        return true;
      }, held));
      assertTrue(streaming.await(10, TimeUnit.SECONDS), "the held generation never streamed");
      // In turn, one of these two would go to the busy server.
      assertEquals("ok", generate(backend));
      assertEquals("ok", generate(backend));
      assertNotNull(busy.takeRequest(WAIT));
      assertNull(busy.takeRequest(Duration.ofMillis(200)), "a request went to the server with one in flight");
      assertNotNull(idle.takeRequest(WAIT));
      assertNotNull(idle.takeRequest(WAIT));
    } finally {
      held.cancel(CancelReason.CLIENT);
      pool.shutdown();
    }
  }

  @Test
  void aServerThatIsDownIsSkippedAndEveryRequestSucceeds() throws Exception {
    MockModelServer up = server();
    up.setDispatcher(r -> ScriptedReply.tokens("return ", "1;").build());
    backend = balanced(closedPortUrl(), up.url());
    for (int i = 0; i < 4; i++) {
      assertEquals("return 1;", generate(backend));
    }
    assertEquals(1, backend.healthyCount());
  }

  @Test
  void aServerThatFailsBeforeItsFirstTokenHandsTheRequestToTheNext() throws Exception {
    MockModelServer failing = server();
    MockModelServer good = server();
    failing.setDispatcher(r -> ScriptedReply.httpError(500, "CUDA out of memory"));
    good.setDispatcher(r -> ScriptedReply.tokens("ok").build());
    backend = balanced(failing.url(), good.url());
    for (int i = 0; i < 3; i++) {
      assertEquals("ok", generate(backend));
    }
    assertNotNull(failing.takeRequest(WAIT), "the failing server was never tried");
    assertEquals(1, backend.healthyCount());
  }

  @Test
  void aFailureAfterTheFirstTokenIsTheCallersAndNotRetried() throws Exception {
    MockModelServer cut = server();
    MockModelServer other = server();
    cut.setDispatcher(r -> ScriptedReply.tokens("a", "b", "c").failAfter(1, ScriptedReply.Ending.DISCONNECT).build());
    other.setDispatcher(r -> ScriptedReply.tokens("never").build());
    // A new backend starts its turns at the first server.
    backend = balanced(cut.url(), other.url());
    StringBuilder text = new StringBuilder();
    ModelException e = assertThrows(ModelException.class,
        () -> backend.generate(REQUEST, t -> text.append(t) != null, new Cancellation()));
    assertEquals("a", text.toString(), e.getMessage());
    assertNotNull(cut.takeRequest(WAIT));
    assertNull(other.takeRequest(Duration.ofMillis(200)), "a request that had streamed was sent again");
  }

  @Test
  void noServerAnsweringIsOneErrorNamingEachServerAndWhatToDo() throws Exception {
    String a = closedPortUrl();
    String b = closedPortUrl();
    String c = closedPortUrl();
    backend = balanced(a, b, c);
    ModelException e = assertThrows(ModelException.class, () -> generate(backend));
    assertEquals(ModelException.Kind.UNREACHABLE, e.kind());
    String m = e.getMessage();
    assertTrue(m.startsWith("none of the 3 model servers answers: "), m);
    assertTrue(m.contains(a) && m.contains(b) && m.contains(c), m);
    assertTrue(m.endsWith("start one or check --ollama-url"), m);
    BackendStatus s = backend.probe();
    assertFalse(s.available());
    assertTrue(s.message().startsWith("none of the 3 model servers answers"), s.message());
  }

  @Test
  void probeCountsTheReadyServers() throws Exception {
    MockModelServer up = server();
    String down = closedPortUrl();
    backend = balanced(up.url(), down);
    BackendStatus s = backend.probe();
    assertTrue(s.available(), s.message());
    assertTrue(s.message().startsWith("1 of 2 model servers ready"), s.message());
    assertTrue(s.message().contains(down), s.message());
  }

  @Test
  void cancelStopsTheGenerationOnTheServerThatIsStreaming() throws Exception {
    MockModelServer a = server();
    MockModelServer b = server();
    ScriptedReply endless = ScriptedReply.tokens("x").tokenDelay(Duration.ofMillis(5)).endless().build();
    a.setDispatcher(r -> endless);
    b.setDispatcher(r -> endless);
    backend = balanced(a.url(), b.url());
    Cancellation cancel = new Cancellation();
    CountDownLatch streaming = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> call = pool.submit(() -> backend.generate(REQUEST, t -> {
        streaming.countDown();
        return true;
      }, cancel));
      assertTrue(streaming.await(10, TimeUnit.SECONDS));
      MockModelServer streamingServer = a.takeRequest(Duration.ZERO) != null ? a : b;
      cancel.cancel(CancelReason.CLIENT);
      RecordedRequest canceled = streamingServer.awaitCancellation(WAIT);
      assertNotNull(canceled, "the streaming server kept generating after the cancel");
      Exception e = assertThrows(Exception.class, () -> call.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof CanceledException, String.valueOf(e.getCause()));
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void killingOneOfThreeServersMidRunFailsNoRequestThatHadNotStartedStreaming() throws Exception {
    List<MockModelServer> three = List.of(server(), server(), server());
    for (MockModelServer s : three) {
      s.setDispatcher(r -> ScriptedReply.tokens("int ", "x ", "= ", "1;").tokenDelay(Duration.ofMillis(2)).build());
    }
    backend = balanced(three.get(0).url(), three.get(1).url(), three.get(2).url());
    int threads = 6;
    int perThread = 40;
    AtomicInteger done = new AtomicInteger();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger failedAfterStreaming = new AtomicInteger();
    List<String> failedBeforeStreaming = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch halfway = new CountDownLatch(threads * perThread / 3);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.submit(() -> {
        for (int i = 0; i < perThread; i++) {
          StringBuilder text = new StringBuilder();
          try {
            backend.generate(REQUEST, x -> text.append(x) != null, new Cancellation());
            succeeded.incrementAndGet();
          } catch (IOException e) {
            if (text.length() > 0) {
              failedAfterStreaming.incrementAndGet();
            } else {
              failedBeforeStreaming.add(e.getMessage());
            }
          }
          done.incrementAndGet();
          halfway.countDown();
        }
      });
    }
    assertTrue(halfway.await(60, TimeUnit.SECONDS), "the run did not get a third of the way");
    three.get(1).close();
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "the run did not finish");
    assertEquals(threads * perThread, done.get());
    assertEquals(List.of(), failedBeforeStreaming);
    assertEquals(threads * perThread, succeeded.get() + failedAfterStreaming.get());
    assertTrue(succeeded.get() >= threads * perThread - threads, "only " + succeeded.get() + " succeeded");
    assertEquals(2, backend.healthyCount());
  }
}
