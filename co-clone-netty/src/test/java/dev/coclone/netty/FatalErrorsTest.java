package dev.coclone.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coclone.netty.metrics.Metrics;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An OutOfMemoryError reaching a connection's handlers stops the process instead of leaving a zombie. */
class FatalErrorsTest {
  private final AtomicInteger halts = new AtomicInteger();
  private final FatalErrors fatal = new FatalErrors(halts::incrementAndGet);

  private EmbeddedChannel connection() {
    ServerLimits limits = ServerLimits.defaults();
    ConnectionGuard guard = new ConnectionGuard(limits, new ConnectionCaps(limits), new Metrics(), new TransportLog(),
        fatal);
    return new EmbeddedChannel(guard, new RequestProgress(guard, fatal));
  }

  @Test
  void outOfMemoryInAConnectionHalts() {
    EmbeddedChannel ch = connection();
    ch.pipeline().fireExceptionCaught(new OutOfMemoryError("Java heap space"));
    assertEquals(1, halts.get());
    ch.finishAndReleaseAll();
  }

  @Test
  void outOfMemoryWrappedByADecoderHalts() {
    EmbeddedChannel ch = connection();
    ch.pipeline().fireExceptionCaught(new DecoderException(new OutOfMemoryError("Direct buffer memory")));
    assertEquals(1, halts.get());
    ch.finishAndReleaseAll();
  }

  @Test
  void otherErrorsPassOnWithoutHalting() {
    EmbeddedChannel ch = connection();
    ch.pipeline().fireExceptionCaught(new IllegalStateException("boom"));
    assertThrows(IllegalStateException.class, ch::checkException);
    assertEquals(0, halts.get());
    assertFalse(FatalErrors.isOutOfMemory(new RuntimeException(new IllegalStateException())));
    assertTrue(FatalErrors.isOutOfMemory(new RuntimeException(new OutOfMemoryError())));
    ch.finishAndReleaseAll();
  }
}
