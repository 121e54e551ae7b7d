package dev.coclone.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes the codecs' records as JSON text, and reads request records from parsed JSON. */
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

  /**
   * Reads a request record from a parsed JSON object; unknown fields are the record's business
   * (annotate it to ignore them).
   *
   * @throws IllegalArgumentException naming the field that has the wrong type
   */
  static <T> T read(JsonNode json, Class<T> type) {
    try {
      return MAPPER.treeToValue(json, type);
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      int cut = message.indexOf('\n');
      throw new IllegalArgumentException("the body does not fit " + type.getSimpleName() + ": "
          + (cut < 0 ? message : message.substring(0, cut)) + " (at " + path(e) + ")", e);
    }
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
        sb.append(r.getFieldName() != null ? (sb.length() == 0 ? "" : ".") + r.getFieldName() : "[" + r.getIndex() + "]");
      }
      return sb.toString();
    }
    return "the top level";
  }
}
