package dev.coclone.netty.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy's health checks of its services, as they look from the wire and the logs. */
@Timeout(60)
class ProxyHealthCheckTest {
  /** Held so that the logger, and the handler on it, stay while the test runs. */
  private final Logger netty = Logger.getLogger("io.netty.handler.codec.http2");

  @Test
  void aHealthCheckReadsItsAnswerToTheEndSoNoFrameArrivesOnAStreamItReset() throws Exception {
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r.getLevel() + " " + r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = netty.getLevel();
    netty.setLevel(Level.ALL);
    netty.addHandler(handler);
    try (ServiceFleet fleet = new ServiceFleet(1, RegionalProxy.builder()
        .healthChecks(Duration.ofMillis(20), Duration.ofSeconds(10)))) {
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      var service = fleet.services.get(0).server().metrics();
      while (service.requests("/healthz") < 30 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertTrue(service.requests("/healthz") >= 30, "30 checks within 30 s: " + service.requests("/healthz"));
      assertEquals(200, fleet.get("/healthz").statusCode(), "the service is up for the proxy");
    } finally {
      netty.removeHandler(handler);
      netty.setLevel(before);
    }
    assertEquals(List.of(), logged.stream().filter(l -> l.contains("ignoring")).toList(),
        "a check that resets its stream at the answer's headers gets the answer's DATA on a reset stream");
  }
}
