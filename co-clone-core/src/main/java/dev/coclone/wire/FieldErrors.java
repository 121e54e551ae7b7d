package dev.coclone.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The messages of a request field of the wrong type, worded alike on every protocol. */
public final class FieldErrors {
  private FieldErrors() {}

  /**
   * Why a field that holds text cannot take what was sent, and what to send: a number, a boolean,
   * an object or a list is never read as text.
   *
   * @param field the field as the protocol names it ({@code input_prefix}, {@code segments.prefix})
   * @param sent  what the request holds there
   * @return e.g. {@code 'input_prefix' must be a string, not the number 5: send the text in double quotes}
   */
  public static String notAString(String field, JsonNode sent) {
    Objects.requireNonNull(field, "field");
    return "'" + field + "' must be a string, not " + describe(Objects.requireNonNull(sent, "sent"))
        + ": send the text in double quotes";
  }

  private static String describe(JsonNode sent) {
    if (sent.isNumber()) {
      return "the number " + sent;
    }
    if (sent.isBoolean()) {
      return "the boolean " + sent;
    }
    if (sent.isObject()) {
      return "an object";
    }
    if (sent.isArray()) {
      return "a list";
    }
    return sent.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
