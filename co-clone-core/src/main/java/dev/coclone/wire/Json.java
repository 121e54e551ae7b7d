package dev.coclone.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/** Writes the codecs' records as JSON text, and reads request records from parsed JSON. */
final class Json {
  // Thread-safe once configured, and never reconfigured: shared by every codec. A text field takes
  // only a JSON string: Jackson would read 5, 2.5 or true as "5", "2.5", "true" (objects and lists it
  // refuses already).
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .withCoercionConfig(LogicalType.Textual, text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

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
   * @throws IllegalArgumentException naming the field that has the wrong type (for a text field,
   *     {@link FieldErrors#notAString})
   */
  static <T> T read(JsonNode json, Class<T> type) {
    try {
      return MAPPER.treeToValue(json, type);
    } catch (MismatchedInputException e) {
      JsonNode sent = sent(json, e);
      if (e.getTargetType() == String.class && sent != null) {
        throw new IllegalArgumentException(FieldErrors.notAString(path(e), sent), e);
      }
      throw doesNotFit(type, e);
    } catch (JsonProcessingException e) {
      throw doesNotFit(type, e);
    }
  }

  private static IllegalArgumentException doesNotFit(Class<?> type, JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    return new IllegalArgumentException("the body does not fit " + type.getSimpleName() + ": "
        + (cut < 0 ? message : message.substring(0, cut)) + " (at " + path(e) + ")", e);
  }

  /** The value the request holds where the mapping failed, or null where the path leads nowhere. */
  private static JsonNode sent(JsonNode json, JsonMappingException e) {
    JsonNode at = json;
    for (JsonMappingException.Reference r : e.getPath()) {
      at = r.getFieldName() != null ? at.get(r.getFieldName()) : at.get(r.getIndex());
      if (at == null) {
        return null;
      }
    }
    return e.getPath().isEmpty() ? null : at;
  }

  private static String path(JsonProcessingException e) {
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (JsonMappingException.Reference r : m.getPath()) {
        sb.append(r.getFieldName() != null ? (sb.length() == 0 ? "" : ".") + r.getFieldName() : "[" + r.getIndex() + "]");
      }
      return sb.toString();
    }
    return "the top level";
  }
}
