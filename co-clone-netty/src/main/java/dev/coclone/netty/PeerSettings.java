package dev.coclone.netty;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2CodecUtil;

/**
 * The SETTINGS a client sent while its connection was idle ({@link IdleHttp2}), merged (the last
 * value of each wins, as it would in the codec), so that the frame codec installed with the first
 * request can be told them as one SETTINGS frame. RFC 7541 4.2 asks the encoder to signal the
 * smallest header table size the peer allowed between two header blocks, so that one is kept too
 * and told first when it is smaller than the last. Only the six settings of RFC 9113 are kept;
 * others change nothing at a server's codec.
 */
final class PeerSettings {
  private static final int IDS = 6;
  /** By setting id - 1; -1 where the client did not send it. */
  private final long[] values = {-1, -1, -1, -1, -1, -1};
  private long smallestTableSize = -1;

  /**
   * Checks a SETTINGS payload against RFC 9113 6.5.2 and, if every value is valid, merges it.
   *
   * @return false, with nothing merged, if a value is one the codec must answer with a connection error
   */
  boolean merge(ByteBuf in, int from, int length) {
    for (int at = from; at < from + length; at += 6) {
      int id = in.getUnsignedShort(at);
      long value = in.getUnsignedInt(at + 2);
      boolean valid = switch (id) {
        case Http2CodecUtil.SETTINGS_ENABLE_PUSH, Http2CodecUtil.SETTINGS_ENABLE_CONNECT_PROTOCOL -> value <= 1;
        case Http2CodecUtil.SETTINGS_INITIAL_WINDOW_SIZE -> value <= Http2CodecUtil.MAX_INITIAL_WINDOW_SIZE;
        case Http2CodecUtil.SETTINGS_MAX_FRAME_SIZE -> value >= Http2CodecUtil.MAX_FRAME_SIZE_LOWER_BOUND
            && value <= Http2CodecUtil.MAX_FRAME_SIZE_UPPER_BOUND;
        default -> true;
      };
      if (!valid) {
        return false;
      }
    }
    for (int at = from; at < from + length; at += 6) {
      int id = in.getUnsignedShort(at);
      if (id >= 1 && id <= IDS) {
        long value = in.getUnsignedInt(at + 2);
        values[id - 1] = value;
        if (id == Http2CodecUtil.SETTINGS_HEADER_TABLE_SIZE && (smallestTableSize < 0 || value < smallestTableSize)) {
          smallestTableSize = value;
        }
      }
    }
    return true;
  }

  /**
   * Writes what the client sent as SETTINGS frames: the smallest header table size first if the
   * last one is larger, then every setting's last value.
   */
  void writeFrames(ByteBuf out) {
    long tableSize = values[Http2CodecUtil.SETTINGS_HEADER_TABLE_SIZE - 1];
    if (smallestTableSize >= 0 && smallestTableSize < tableSize) {
      frameHead(out, 6, 0);
      out.writeShort(Http2CodecUtil.SETTINGS_HEADER_TABLE_SIZE).writeInt((int) smallestTableSize);
    }
    int count = 0;
    for (long v : values) {
      count += v >= 0 ? 1 : 0;
    }
    frameHead(out, 6 * count, 0);
    for (int i = 0; i < IDS; i++) {
      if (values[i] >= 0) {
        out.writeShort(i + 1).writeInt((int) values[i]);
      }
    }
  }

  /** Writes the 9-byte head of a SETTINGS frame on stream 0. */
  static void frameHead(ByteBuf out, int length, int flags) {
    out.writeMedium(length).writeByte(4).writeByte(flags).writeInt(0);
  }
}
