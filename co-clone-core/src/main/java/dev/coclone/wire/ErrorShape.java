package dev.coclone.wire;

/**
 * How a protocol writes an error body: Co-Clone's {@code {"error": {"code", "message"}}},
 * Ollama's {@code {"error": "..."}}, OpenAI's {@code {"error": {"message", "type", "param", "code"}}}.
 */
@FunctionalInterface
public interface ErrorShape {
  /**
   * The JSON body of an error answer.
   *
   * @param error the error
   * @return the JSON text
   */
  String errorBody(WireError error);
}
