package dev.coclone.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.cancel.CancelReason;
import dev.coclone.cancel.CanceledException;
import dev.coclone.cancel.Cancellation;
import dev.coclone.testing.MockModelServer;
import dev.coclone.testing.ScriptedReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class StreamingExchangeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static HttpRequest generate(MockModelServer server) {
    return HttpRequest.newBuilder(URI.create(server.url() + "/api/generate"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"deepseek-coder:6.7b-base\",\"prompt\":\"x\"}")).build();
  }

  @Test
  void theWatchdogsOfLinesReadAndOfACanceledExchangeLeaveTheTimer() throws Exception {
    try (MockModelServer server = MockModelServer.start();
         HttpSettings http = HttpSettings.create(null, Duration.ofSeconds(2), Duration.ofSeconds(5),
             Duration.ofSeconds(60), "test-watchdog")) {
      server.enqueue(ScriptedReply.tokens("a").endless().build());
      ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) http.timer();
      Cancellation cancel = new Cancellation();
      try (StreamingExchange exchange = StreamingExchange.open(http.client(), generate(server), cancel, http.timer(),
          http.firstByteTimeout(), http.idleTimeout(), "Ollama", "")) {
        assertEquals(200, exchange.status());
        for (int i = 0; i < 50; i++) {
          assertNotNull(exchange.readLine());
        }
        // Fifty watchdogs were armed and disarmed; none waits out its 60 s holding the exchange.
        assertEquals(0, timer.getQueue().size(), "disarmed watchdogs must leave the timer's queue");
        cancel.cancel(CancelReason.CLIENT);
        try {
          exchange.readLine();
        } catch (CanceledException expected) {
          // The cancel closed the body under the read.
        }
      }
      assertNotNull(server.awaitCancellation(WAIT), "the cancel must close the model server's connection");
      assertTrue(timer.getQueue().isEmpty(), "nothing of the canceled exchange is left in the timer");
    }
  }
}
