package dev.coclone.wire;

import java.util.function.Function;

/** A {@link ReplyEncoder} made of a codec's functions: each codec's {@code replies} is one of these. */
record Encoder<E>(String streamContentType, Function<String, String> pieces, Function<E, String> ends,
    Function<E, String> wholes, Function<WireError, String> streamErrors, ErrorShape errors)
    implements ReplyEncoder<E> {
  @Override
  public String piece(String text) {
    return pieces.apply(text);
  }

  @Override
  public String streamEnd(E end) {
    return ends.apply(end);
  }

  @Override
  public String whole(E end) {
    return wholes.apply(end);
  }

  @Override
  public String streamError(WireError error) {
    return streamErrors.apply(error);
  }

  @Override
  public String errorBody(WireError error) {
    return errors.errorBody(error);
  }
}
