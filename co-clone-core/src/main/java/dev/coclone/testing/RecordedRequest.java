package dev.coclone.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request the mock model server received.
 *
 * @param method   HTTP method
 * @param path     request target
 * @param headers  headers, names lower-cased
 * @param body     the body as text
 * @param sequence 0 for the first request on its connection, 1 for the next: proves connection reuse
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body, int sequence) {
  /** Validates and copies the components. */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** A header's value by case-insensitive name, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * A top-level field of the JSON body as text ({@code prompt}, {@code model}, {@code suffix}),
   * or null if absent or the body is not JSON. Nested values come back as JSON text.
   *
   * @param name the field
   * @return its text
   */
  public String field(String name) {
    try {
      JsonNode node = new ObjectMapper().readTree(body);
      JsonNode v = node == null ? null : node.get(name);
      if (v == null || v.isNull()) {
        return null;
      }
      return v.isValueNode() ? v.asText() : v.toString();
    } catch (IOException e) {
      return null;
    }
  }
}
