package dev.coclone.testing;

/** Chooses the scripted reply for a generation request. */
@FunctionalInterface
public interface Dispatcher {
  /**
   * Returns the reply for a request to {@code /api/generate} or {@code /v1/completions}.
   *
   * @param request what the client sent
   * @return the reply to play
   * @throws InterruptedException if interrupted while waiting for a reply to be scripted
   */
  ScriptedReply dispatch(RecordedRequest request) throws InterruptedException;
}
