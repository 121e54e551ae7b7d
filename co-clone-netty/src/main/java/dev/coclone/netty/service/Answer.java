package dev.coclone.netty.service;

import dev.coclone.completion.Completion;
import dev.coclone.wire.WireError;

/**
 * How one protocol writes the answer to a completion call, streamed or whole; the encoding
 * itself is the protocol's codec in {@code dev.coclone.wire}. {@link CompletionService#run} drives it.
 */
interface Answer {
  /** Content type of the streamed answer. */
  String streamContentType();

  /** A streamed piece. */
  String token(String text);

  /** What ends a streamed answer that succeeded. */
  String streamEnd(Completion c);

  /** The whole answer when not streamed. */
  String body(Completion c);

  /** What ends a streamed answer that failed (a failure before streaming is an error body). */
  String streamError(WireError error);
}
