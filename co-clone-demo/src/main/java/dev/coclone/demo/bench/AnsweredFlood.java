package dev.coclone.demo.bench;

import dev.coclone.netty.testing.RawH2Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench soak}'s open-answer-reset flood: one connection with a zero window asks for
 * {@code /healthz} on 100 streams at a time, waits until the server has answered them all (headers
 * sent, the body held by the window), resets them, and goes on as fast as the server answers, for
 * at most the given time. Each reset is then of an answered stream: the kind an editor's cancel
 * is, and the server's most generous reset budget. Reports how fast it went and when it was cut.
 */
final class AnsweredFlood {
  private static final int BATCH = 100;
  long resets;
  double seconds;
  long cutMillis = -1;
  int goAwayError = -1;

  /** Floods the server on this port for at most {@code maxSeconds}. */
  AnsweredFlood run(int port, double maxSeconds) throws IOException, InterruptedException {
    byte[] get = RawH2Client.get("/healthz");
    try (RawH2Client c = RawH2Client.connect(port, RawH2Client.INITIAL_WINDOW_SIZE, 0)) {
      long start = System.nanoTime();
      long end = start + (long) (maxSeconds * 1e9);
      int id = 1;
      try {
        while (System.nanoTime() < end && c.goAwayError() < 0 && !c.closed()) {
          int first = id;
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          for (int i = 0; i < BATCH; i++, id += 2) {
            b.writeBytes(RawH2Client.frameBytes(RawH2Client.HEADERS,
                RawH2Client.END_HEADERS | RawH2Client.END_STREAM, id, get));
          }
          c.raw(b.toByteArray());
          long answered = (id - 1) / 2;
          while (c.headersReceived() < answered && c.goAwayError() < 0 && !c.closed() && System.nanoTime() < end) {
            LockSupport.parkNanos(50_000);
          }
          if (c.headersReceived() < answered) {
            break;
          }
          b.reset();
          for (int s = first; s < id; s += 2) {
            b.writeBytes(RawH2Client.frameBytes(RawH2Client.RST_STREAM, 0, s, RawH2Client.rstCancel()));
          }
          c.raw(b.toByteArray());
          resets += BATCH;
        }
      } catch (IOException cut) {
        // the server closed the connection
      }
      c.awaitClosed(java.time.Duration.ofMillis(2000));
      long cut = c.goAwayNanos() > 0 ? c.goAwayNanos() : c.closedNanos();
      seconds = ((cut > 0 ? cut : System.nanoTime()) - start) / 1e9;
      cutMillis = cut > 0 ? (cut - start) / 1_000_000 : -1;
      goAwayError = c.goAwayError();
    }
    return this;
  }
}
