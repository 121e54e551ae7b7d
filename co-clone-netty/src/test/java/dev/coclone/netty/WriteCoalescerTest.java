package dev.coclone.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WriteCoalescerTest {
  private static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  private static String read(ByteBuf b) {
    try {
      return b.toString(StandardCharsets.US_ASCII);
    } finally {
      b.release();
    }
  }

  @Test
  void smallWritesBetweenTwoFlushesGoOutAsOneBufferAndTheirPromisesCompleteWithIt() {
    EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
    ByteBuf head = bytes("HEAD");
    ByteBuf body = bytes("body");
    ChannelFuture first = ch.write(head);
    ChannelFuture second = ch.write(body);
    assertNull(ch.readOutbound(), "nothing goes out before the flush");
    assertFalse(first.isDone());
    assertEquals(0, head.refCnt(), "a gathered buffer is released once copied");
    assertEquals(0, body.refCnt());
    ch.flush();
    assertEquals("HEADbody", read(ch.readOutbound()));
    assertNull(ch.readOutbound());
    assertTrue(first.isSuccess());
    assertTrue(second.isSuccess());
    assertFalse(ch.finish());
  }

  @Test
  void aLargeBufferGoesOutAsItIsAfterWhatWasGathered() {
    EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
    String large = "x".repeat(WriteCoalescer.SMALL + 1);
    ch.write(bytes("frame header"));
    ByteBuf big = bytes(large);
    ch.write(big);
    ch.write(bytes("tail"));
    ch.flush();
    assertEquals("frame header", read(ch.readOutbound()));
    ByteBuf out = ch.readOutbound();
    assertTrue(out == big, "the large buffer itself, not a copy");
    assertEquals(large, read(out));
    assertEquals("tail", read(ch.readOutbound()));
    assertNull(ch.readOutbound());
    assertFalse(ch.finish());
  }

  @Test
  void gatheredBytesAreReleasedAndTheirPromisesFailWhenTheConnectionCloses() {
    EmbeddedChannel ch = new EmbeddedChannel(new WriteCoalescer());
    ChannelFuture pending = ch.write(bytes("never flushed"));
    ch.close();
    assertTrue(pending.isDone());
    assertFalse(pending.isSuccess(), "a write that never went out does not succeed");
    ch.finishAndReleaseAll();
  }
}
