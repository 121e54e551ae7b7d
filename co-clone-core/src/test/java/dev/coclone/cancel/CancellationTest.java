package dev.coclone.cancel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {
  @Test
  void firstReasonWinsAndCallbacksRunOnce() {
    Cancellation c = new Cancellation();
    AtomicInteger runs = new AtomicInteger();
    c.onCancel(runs::incrementAndGet);
    assertTrue(c.cancel(CancelReason.SUPERSEDED));
    assertFalse(c.cancel(CancelReason.CLIENT));
    assertEquals(CancelReason.SUPERSEDED, c.reason());
    assertEquals(1, runs.get());
  }

  @Test
  void callbackRegisteredAfterCancelRunsAtOnce() {
    Cancellation c = new Cancellation();
    c.cancel(CancelReason.DISCONNECTED);
    AtomicInteger runs = new AtomicInteger();
    c.onCancel(runs::incrementAndGet);
    assertEquals(1, runs.get());
  }

  @Test
  void closedRegistrationDoesNotRun() {
    Cancellation c = new Cancellation();
    AtomicInteger runs = new AtomicInteger();
    c.onCancel(runs::incrementAndGet).close();
    c.cancel(CancelReason.CLIENT);
    assertEquals(0, runs.get());
  }

  @Test
  void throwIfCanceledCarriesTheReason() {
    Cancellation c = new Cancellation();
    c.cancel(CancelReason.TIMEOUT);
    CanceledException e = assertThrows(CanceledException.class, c::throwIfCanceled);
    assertEquals(CancelReason.TIMEOUT, e.reason());
  }

  @Test
  void aFailingCallbackDoesNotStopTheOthers() {
    Cancellation c = new Cancellation();
    AtomicInteger runs = new AtomicInteger();
    c.onCancel(() -> {
      throw new IllegalStateException("boom");
    });
    c.onCancel(runs::incrementAndGet);
    assertThrows(IllegalStateException.class, () -> c.cancel(CancelReason.CLIENT));
    assertEquals(1, runs.get());
    assertTrue(c.isCanceled());
  }
}
