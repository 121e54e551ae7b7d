package dev.coclone.wire;

/**
 * Writes the answer to one completion in one protocol: streamed (pieces, then an end or an error)
 * or whole (one body, or an error body). Each protocol's codec makes these: {@link CoCloneWire#replies},
 * {@link OllamaWire#replies}, {@link OpenAiWire#replies}, {@link TabbyWire#replies},
 * {@link LlamaCppWire#replies}; the servers and the test harness's model
 * servers write every answer through one.
 *
 * @param <E> what the end of an answer is made from ({@link Ending}, or our own {@link CoCloneWire.Result})
 */
public interface ReplyEncoder<E> extends ErrorShape {
  /** The content type of a streamed answer. */
  String streamContentType();

  /**
   * A streamed piece of text.
   *
   * @param text the piece
   * @return the framed piece
   */
  String piece(String text);

  /**
   * What ends a streamed answer that succeeded.
   *
   * @param end the end
   * @return the framed end
   */
  String streamEnd(E end);

  /**
   * The whole answer, not streamed.
   *
   * @param end the end (with the whole text)
   * @return the JSON body
   */
  String whole(E end);

  /**
   * What ends a streamed answer that failed; a failure before streaming is an {@link #errorBody}.
   *
   * @param error the error
   * @return the framed error
   */
  String streamError(WireError error);
}
