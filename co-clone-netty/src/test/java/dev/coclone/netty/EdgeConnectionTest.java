package dev.coclone.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The relayed streams of a connection are hidden from visits of its active streams only while
 * the multiplexer handles an event (it expects a child channel on every stream it visits).
 */
class EdgeConnectionTest {
  private static List<Integer> visited(EdgeConnection c) throws Exception {
    List<Integer> ids = new ArrayList<>();
    c.forEachActiveStream(s -> ids.add(s.id()));
    return ids;
  }

  @Test
  void relayedStreamsAreHiddenFromVisitsWhileSetAndSeenOtherwise() throws Exception {
    EdgeConnection c = new EdgeConnection();
    Http2Stream relayed = c.remote().createStream(3, false);
    c.remote().createStream(5, false);
    IntObjectHashMap<Object> taken = new IntObjectHashMap<>();
    taken.put(relayed.id(), relayed);

    assertEquals(List.of(3, 5), visited(c));
    c.hidden = taken;
    assertEquals(List.of(5), visited(c), "the relayed stream 3 is hidden");
    c.hidden = null;
    assertEquals(List.of(3, 5), visited(c), "and seen again once the event is handled");
  }

  @Test
  void aVisitorThatStopsStillStopsWithStreamsHidden() throws Exception {
    EdgeConnection c = new EdgeConnection();
    c.remote().createStream(3, false);
    c.remote().createStream(5, false);
    c.remote().createStream(7, false);
    IntObjectHashMap<Object> taken = new IntObjectHashMap<>();
    taken.put(3, "relayed");
    c.hidden = taken;
    List<Integer> ids = new ArrayList<>();
    Http2Stream stoppedAt = c.forEachActiveStream(s -> {
      ids.add(s.id());
      return false;
    });
    assertEquals(List.of(5), ids);
    assertEquals(5, stoppedAt.id());
  }
}
