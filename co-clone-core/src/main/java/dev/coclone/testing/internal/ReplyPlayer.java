package dev.coclone.testing.internal;

import dev.coclone.testing.ScriptedReply;
import dev.coclone.wire.Ending;
import dev.coclone.wire.ReplyEncoder;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/** Writes a scripted reply with a protocol's encoder, watching for the client going away. */
public final class ReplyPlayer {
  /** What became of a played reply. */
  public enum Outcome {
    /** Sent in full. */
    COMPLETED,
    /** The client closed the connection before the end. */
    CLIENT_GONE,
    /** The script closed the connection (a scripted disconnect). */
    SERVER_CLOSED
  }

  private static final long STALL_LIMIT_MILLIS = 120_000;
  private static final int ENDLESS_LIMIT = 1_000_000;

  private final HttpWire wire;
  private final ClientWatch watch;
  private final Socket socket;

  /**
   * Plays replies on one connection.
   *
   * @param wire   the connection's HTTP writer
   * @param watch  the connection's client watch
   * @param socket the socket, for scripted disconnects
   */
  public ReplyPlayer(HttpWire wire, ClientWatch watch, Socket socket) {
    this.wire = wire;
    this.watch = watch;
    this.socket = socket;
  }

  /**
   * Plays a reply.
   *
   * @param reply       the script
   * @param format      the protocol's encoder
   * @param stream      whether the client asked for a stream
   * @param promptChars length of the prompt, for the token counts
   * @return what happened
   * @throws IOException if writing fails for another reason
   * @throws InterruptedException if interrupted
   */
  public Outcome play(ScriptedReply reply, ReplyEncoder<Ending> format, boolean stream, int promptChars)
      throws IOException, InterruptedException {
    if (pause(reply.headerDelay().toMillis())) {
      return Outcome.CLIENT_GONE;
    }
    if (reply.status() != 200) {
      wire.writeFixed(reply.status(), "application/json",
          format.errorBody(MockRoutes.error(reply.status(), reply.errorMessage())));
      return Outcome.COMPLETED;
    }
    int promptTokens = Math.max(1, promptChars / 4);
    if (!stream) {
      for (int i = 0; i < reply.tokens().size(); i++) {
        if (pause(reply.tokenDelay().toMillis())) {
          return Outcome.CLIENT_GONE;
        }
      }
      wire.writeFixed(200, "application/json", format.whole(new Ending(String.join("", reply.tokens()),
          reply.doneReason(), promptTokens, reply.tokens().size(), Duration.ofMillis(1), Duration.ofMillis(5),
          reply.moreChoices())));
      return Outcome.COMPLETED;
    }
    try {
      wire.startChunked(200, format.streamContentType());
      int sent = 0;
      int limit = reply.ending() == ScriptedReply.Ending.ENDLESS ? ENDLESS_LIMIT
          : Math.min(reply.tokens().size(), reply.failAfter());
      for (int i = 0; i < limit; i++) {
        if (pause(reply.tokenDelay().toMillis())) {
          return Outcome.CLIENT_GONE;
        }
        wire.chunk(format.piece(reply.tokens().get(i % reply.tokens().size())));
        sent++;
      }
      switch (reply.ending()) {
        case ERROR_LINE -> {
          wire.chunk(format.streamError(MockRoutes.error(500, reply.errorMessage())));
          wire.endChunked();
        }
        case MALFORMED_LINE -> {
          wire.chunk("this is not json {\n\n");
          wire.endChunked();
        }
        case DISCONNECT -> {
          socket.close();
          return Outcome.SERVER_CLOSED;
        }
        case STALL -> {
          return watch.awaitGone(STALL_LIMIT_MILLIS) ? Outcome.CLIENT_GONE : Outcome.COMPLETED;
        }
        default -> {
          wire.chunk(format.streamEnd(ending("", reply.doneReason(), promptTokens, sent)));
          wire.endChunked();
        }
      }
      return Outcome.COMPLETED;
    } catch (IOException e) {
      if (watch.awaitGone(1000)) {
        return Outcome.CLIENT_GONE;
      }
      throw e;
    }
  }

  /** A scripted ending: 1 ms to the first token, 5 ms in all. */
  private static Ending ending(String text, String doneReason, int promptTokens, int completionTokens) {
    return new Ending(text, doneReason, promptTokens, completionTokens, Duration.ofMillis(1), Duration.ofMillis(5));
  }

  /** Waits, waking at once if the client goes away; returns true if it did. */
  private boolean pause(long millis) throws InterruptedException {
    if (millis <= 0) {
      return watch.clientGone();
    }
    return watch.awaitGone(millis);
  }
}
