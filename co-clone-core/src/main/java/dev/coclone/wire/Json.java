package dev.coclone.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes the codecs' records as JSON text. */
final class Json {
  // Thread-safe once configured, and never reconfigured: shared by every codec.
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
          + e.getOriginalMessage(), e);
    }
  }
}
