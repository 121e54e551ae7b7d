package dev.coclone.backends;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.Cancellation;
import dev.coclone.model.BackendStatus;
import dev.coclone.model.GenerationRequest;
import dev.coclone.model.PromptStyle;
import dev.coclone.model.ollama.OllamaBackend;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.ScriptedBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a server says about its model server stays true while the model server stops, hangs and comes back. */
@Timeout(60)
class BackendHealthTest {
  private final BlockingQueue<BackendStatus> events = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    open.add(c);
    return c;
  }

  private OllamaBackend ollama(String url) {
    return track(OllamaBackend.builder().baseUrl(url).model("deepseek-coder:6.7b-base")
        .promptStyle(PromptStyle.RAW_FIM).connectTimeout(Duration.ofSeconds(1))
        .firstTokenTimeout(Duration.ofSeconds(2)).idleTimeout(Duration.ofSeconds(2)).build());
  }

  /** Waits for a recorded status that matches; fails after 20 s. */
  private BackendStatus await(Predicate<BackendStatus> wanted, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      BackendStatus s = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (s == null) {
        throw new AssertionError("no status " + what + " within 20 s");
      }
      if (wanted.test(s)) {
        return s;
      }
    }
  }

  /** A socket that accepts connections and never answers: a hung model server. Closing it waits until the port is free. */
  private AutoCloseable hungServerOn(int port) throws IOException {
    ServerSocket hung = new ServerSocket();
    hung.setReuseAddress(true);
    hung.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    List<Socket> accepted = new ArrayList<>();
    Thread t = new Thread(() -> {
      try {
        while (true) {
          accepted.add(hung.accept());
        }
      } catch (IOException closed) {
        accepted.forEach(s -> {
          try {
            s.close();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
      }
    }, "hung-model-server");
    t.setDaemon(true);
    t.start();
    return () -> {
      hung.close();
      t.join(10_000); // the socket is released once the accepting thread has left accept()
    };
  }

  @Test
  void aModelServerThatStopsThenHangsIsReportedUnavailableAndComesBackByItself() throws Exception {
    MockModelServer model = MockModelServer.start();
    int port = model.port();
    BackendHealth health = track(BackendHealth.builder(ollama(model.url())).interval(Duration.ofMillis(200))
        .probeTimeout(Duration.ofMillis(1500)).build());
    health.addListener(events::add);
    health.start();
    assertTrue(health.status().available(), health.status().message());

    model.close();
    BackendStatus down = await(s -> !s.available(), "unavailable after the server stopped");
    assertTrue(down.message().contains("127.0.0.1:" + port), down.message());
    assertFalse(health.status().available());

    AutoCloseable hung = hungServerOn(port);
    BackendStatus hanging = await(s -> s.message().contains("did not answer a probe"), "for a hung server");
    assertFalse(hanging.available());
    hung.close();

    track(MockModelServer.startOn(port));
    await(BackendStatus::available, "available after the server came back");
    assertTrue(health.status().available(), "no request was needed to notice the server is back");
  }

  @Test
  void aFailedGenerationMarksTheModelServerUnavailableAtOnceAndProbesIt() throws Exception {
    MockModelServer model = MockModelServer.start();
    OllamaBackend backend = ollama(model.url());
    BackendHealth health = track(BackendHealth.builder(backend).interval(Duration.ofMinutes(10)).build());
    health.addListener(events::add);
    health.start();
    assertTrue(health.status().available(), health.status().message());
    events.clear();

    model.close();
    GenerationRequest request = GenerationRequest.builder().prefix("int x = ").maxTokens(8).build();
    IOException failure = assertThrows(IOException.class, () -> backend.generate(request, t -> true, new Cancellation()));
    health.generationFailed(failure);
    BackendStatus marked = events.poll(0, TimeUnit.SECONDS);
    assertTrue(marked != null && !marked.available() && marked.message().contains("a generation failed"),
        "the failure itself must mark the model unavailable: " + marked);
    BackendStatus probed = await(s -> !s.message().contains("a generation failed"), "from the probe the failure started");
    assertFalse(probed.available(), probed.message());
  }

  @Test
  void aBackendInThisProcessIsAskedDirectlyWithoutATimer() {
    ScriptedBackend scripted = new ScriptedBackend("m");
    try (BackendHealth health = BackendHealth.builder(scripted).build().start()) {
      assertTrue(health.status().available());
      health.generationFailed(new IOException("boom"));
      assertTrue(health.status().available(), "an in-process backend is not a server that can go away");
    }
  }
}
